#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs from the repository: the rule packs, the seed
# article, and the test fixtures. Safe to run again: it only adds files.
set -euo pipefail
cd "$(dirname "$0")"
root=..
for t in rule_file statements document lexicon check; do mkdir -p "corpus/$t"; done

n=0
seed() { # seed TARGET FILE: copy FILE into the target's corpus under a unique name
    n=$((n + 1))
    cp "$2" "corpus/$1/seed-$n-$(basename "$2")"
}

shopt -s nullglob globstar
for f in "$root"/rules/**/*.claims "$root"/seeds/*.claims "$root"/tests/syntax/**/*.claims \
         "$root"/tests/resolve/**/*.claims "$root"/tests/bad_input/**/*.claims \
         "$root"/tests/suites/**/*.claims; do
    seed rule_file "$f"
done
for f in "$root"/tests/cli/**/*.yaml "$root"/tests/bad_input/**/*.yaml \
         "$root"/tests/bad_input/**/*.json; do
    seed statements "$f"
done
for f in "$root"/seeds/*.txt "$root"/tests/extract/**/*.txt "$root"/tests/extract/**/*.md \
         "$root"/tests/bad_input/*.txt "$root"/tests/bad_input/*.md \
         "$root"/tests/suites/**/*.txt; do
    seed document "$f"
done
# Lexicon seeds: every quoted name in the default pack, a blank line, then a document.
names=$(grep -ho '"[^"]*"' "$root"/rules/**/*.claims | tr -d '"' | grep -v '^http' | sort -u)
for f in "$root"/seeds/*.txt "$root"/tests/extract/sentences/*.txt; do
    n=$((n + 1))
    { printf '%s\n\n' "$names"; cat "$f"; } > "corpus/lexicon/seed-$n-$(basename "$f")"
done
# Whole-pipeline seeds: a contradiction case's rules, its document and (for one) statements.
for d in "$root"/tests/suites/contradictions/*/; do
    n=$((n + 1))
    { cat "$d/case.claims"; printf '\n---8<---\n'; cat "$d/doc.txt"; } \
        > "corpus/check/seed-$n-$(basename "$d")"
done
d="$root/tests/cli/statement_file"
{ cat "$d/rules.claims"; printf '\n---8<---\n'; cat "$d/doc.txt"; printf '\n---8<---\n';
  sed 's#tests/cli/statement_file/##' "$d/statements.yaml"; } > "corpus/check/seed-statement-file"
echo "seeded: $(for t in corpus/*; do printf '%s=%s ' "${t#corpus/}" "$(ls "$t" | wc -l)"; done)"
