#!/usr/bin/env bash
# Seeds the corpora, then runs each fuzz target for SECONDS (default 60): `fuzz/run.sh 600`.
# Name targets after the seconds to run only those: `fuzz/run.sh 60 rule_file check`.
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(rule_file statements document lexicon check)
./seed.sh
for t in "${targets[@]}"; do
    echo "== $t for ${seconds}s"
    cargo +nightly fuzz run "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -dict=claims.dict -timeout=10 -max_len=65536 \
        -print_final_stats=1
done
