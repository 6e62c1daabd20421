#!/usr/bin/env bash
# End-to-end benchmark: `claimcheck check` on generated corpora (benches/corpus/mod.rs), by
# extraction from the documents and from the statement files generated beside them. Each run
# is checked against the corpus's planted contradictions; times are medians of RUNS runs.
#
#   scripts/bench_e2e.sh                  # 1,000, 10,000 and 100,000 documents, 3 runs each
#   SIZES="1000" RUNS=5 scripts/bench_e2e.sh
#
# Corpora are written under ${CORPORA:-/tmp/claimcheck-corpora} and kept for later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-1000 10000 100000}"
RUNS="${RUNS:-3}"
CORPORA="${CORPORA:-/tmp/claimcheck-corpora}"
cargo build --release --quiet --bin claimcheck --example gen_corpus --example check_planted
BIN="$PWD/target/release/claimcheck"
GEN="$PWD/target/release/examples/gen_corpus"
CHECK="$PWD/target/release/examples/check_planted"
TIME=/usr/bin/time

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf '%-8s %-10s %10s %10s %12s %12s %s\n' docs input MB seconds 'MB/s' 'peak MB' planted
for n in $SIZES; do
  dir="$CORPORA/$n"
  if [ ! -f "$dir/planted.json" ]; then
    "$GEN" --docs "$n" --seed 1 --out "$dir" 2>/dev/null
  fi
  mb=$(du -sb "$dir/docs" | awk '{printf "%.1f", $1/1e6}')
  for input in docs statements; do
    times=()
    peaks=()
    for _ in $(seq "$RUNS"); do
      # Exit code 1 means contradictions were found, as they must be here.
      (cd "$dir" && "$TIME" -f '%e %M' -o "$dir/time.txt" "$BIN" check "$input" --format json \
        > "$dir/report-$input.json" 2>/dev/null) || true
      read -r t kb < <(tail -1 "$dir/time.txt")
      times+=("$t")
      peaks+=("$kb")
    done
    t=$(printf '%s\n' "${times[@]}" | median)
    kb=$(printf '%s\n' "${peaks[@]}" | median)
    verdict=$("$CHECK" "$dir/planted.json" "$dir/report-$input.json" | tail -1)
    awk -v n="$n" -v i="$input" -v mb="$mb" -v t="$t" -v kb="$kb" -v v="$verdict" \
      'BEGIN { printf "%-8s %-10s %10s %10s %12.1f %12.0f %s\n", n, i, mb, t, mb / t, kb / 1024, v }'
  done
done
