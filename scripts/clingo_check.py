#!/usr/bin/env python3
"""Differential check of claimcheck's engine and contradiction finder against clingo.

Reads the JSON lines written by `cargo run --example asp_export` (one small random program
per line) and, for each case, asks clingo (the PyPI package `clingo`) for

- the one answer set of `facts_program` (stratified, so it is unique), which must equal the
  facts the engine derived (`facts`);
- the subset-minimal sets of statements that make `sets_program` derive `conflict`, which
  must equal the statement sets of the contradictions the finder reported (`sets`).

Usage:
    cargo run --example asp_export -- --cases 200 --seed 1 > cases.jsonl
    python3 scripts/clingo_check.py cases.jsonl

Exit code 0 when every case agrees, 1 when one does not (each disagreement is printed),
2 on bad input. Without the `clingo` module it says so and exits 0, so CI can run it
wherever Python is.
"""

import json
import sys


def answer_sets(program, project=None):
    """Every answer set of `program`, each a frozenset of shown atoms as strings."""
    import clingo

    args = ["0"]
    if project:
        args.append("--project")
    ctl = clingo.Control(args, logger=lambda _code, _message: None)
    ctl.add("base", [], program)
    ctl.ground([("base", [])])
    models = []
    with ctl.solve(yield_=True) as handle:
        for model in handle:
            models.append(frozenset(str(s) for s in model.symbols(shown=True)))
    return models


def minimal(sets):
    """The subset-minimal sets among `sets`."""
    sets = sorted(set(sets), key=len)
    kept = []
    for s in sets:
        if not any(k <= s for k in kept):
            kept.append(s)
    return kept


def check_case(number, case):
    problems = []
    models = answer_sets(case["facts_program"])
    if len(models) != 1:
        problems.append(f"case {number}: {len(models)} answer sets for a stratified program")
    else:
        want = set(models[0])
        got = set(case["facts"])
        if want != got:
            problems.append(
                f"case {number}: facts differ\n  only clingo: {sorted(want - got)}\n"
                f"  only claimcheck: {sorted(got - want)}\n{case['facts_program']}"
            )
    if not case.get("truncated"):
        uses = []
        for m in answer_sets(case["sets_program"], project=True):
            uses.append(frozenset(int(a[len("use("):-1]) for a in m if a.startswith("use(")))
        want = {tuple(sorted(s)) for s in minimal(uses)}
        got = {tuple(s) for s in case["sets"]}
        if want != got:
            # A reported set that contains no conflicting set is wrong; one that contains a
            # smaller one is not minimal; a minimal set not reported was missed.
            kinds = []
            for g in sorted(got - want):
                if any(set(w) <= set(g) for w in want):
                    kinds.append(f"not minimal {g}")
                else:
                    kinds.append(f"unsound {g}")
            kinds.extend(f"missed {w}" for w in sorted(want - got))
            problems.append(
                f"case {number}: contradiction sets differ ({'; '.join(kinds)})\n"
                f"  clingo: {sorted(want)}\n  claimcheck: {sorted(got)}\n{case['sets_program']}"
            )
    return problems


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: clingo_check.py CASES.jsonl", file=sys.stderr)
        return 2
    try:
        import clingo  # noqa: F401
    except ImportError:
        print("clingo_check: the `clingo` module is not installed (pip install clingo); skipped")
        return 0
    try:
        with open(argv[1], encoding="utf-8") as f:
            cases = [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError) as e:
        print(f"clingo_check: cannot read {argv[1]}: {e}", file=sys.stderr)
        return 2
    problems = []
    sets = 0
    for number, case in enumerate(cases, 1):
        problems.extend(check_case(number, case))
        sets += len(case["sets"])
    for p in problems:
        print(p)
    failed = len({p.split(":")[0] for p in problems})
    print(f"{len(cases)} cases, {sets} contradiction sets compared")
    print(f"clingo_check: {len(cases) - failed} passed, {failed} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
