#!/usr/bin/env bash
# Seeds the corpora, builds every target once, then runs each for SECONDS (default 60):
#   fuzz/run.sh 600                  every target for ten minutes
#   fuzz/run.sh 60 rule_file check   only these targets
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain. The targets run as
# built binaries, so edits to the crate during a long run do not trigger rebuilds.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(rule_file statements document lexicon check)
./seed.sh
cargo +nightly fuzz build
bin="target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release"
for t in "${targets[@]}"; do
    echo "== $t for ${seconds}s"
    mkdir -p "artifacts/$t"
    "$bin/$t" "corpus/$t" -max_total_time="$seconds" -dict=claims.dict -timeout=10 \
        -max_len=65536 -rss_limit_mb=4096 -artifact_prefix="artifacts/$t/" -print_final_stats=1
done
