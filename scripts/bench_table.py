#!/usr/bin/env python3
"""Prints the benchmark tables of BENCHMARKS.md from criterion's results.

Run after `cargo bench` (all benches, in one sitting, so ratios compare figures measured in the
same conditions):

    python3 scripts/bench_table.py [target/criterion]

Reads each benchmark's median (`new/estimates.json`) and throughput (`new/benchmark.json`) and
prints one markdown table per benchmark with our figure, the baseline's, and their ratio.
"""

import json
import os
import sys


def load(root, group, function, param):
    base = os.path.join(root, group, function, str(param), "new")
    try:
        with open(os.path.join(base, "estimates.json"), encoding="utf-8") as f:
            median = json.load(f)["median"]["point_estimate"]
        with open(os.path.join(base, "benchmark.json"), encoding="utf-8") as f:
            throughput = json.load(f).get("throughput") or {}
    except (OSError, ValueError, KeyError):
        return None
    return median, throughput


def ms(ns):
    return f"{ns / 1e6:.2f} ms" if ns < 1e9 else f"{ns / 1e9:.3f} s"


def params(root, group, function):
    try:
        names = os.listdir(os.path.join(root, group, function))
    except OSError:
        return []
    return sorted((n for n in names if n.isdigit()), key=int)


def reasoning(root, group, title, target):
    print(f"\n### {title}\n")
    print("| nodes | derived facts | claimcheck | datafrog | ratio (target {}) |".format(target))
    print("|---:|---:|---:|---:|---:|")
    for n in params(root, group, "claimcheck"):
        ours, df = load(root, group, "claimcheck", n), load(root, group, "datafrog", n)
        if not ours or not df:
            continue
        facts = ours[1].get("Elements", 0)
        print(f"| {int(n):,} | {facts:,} | {ms(ours[0])} | {ms(df[0])} | {ours[0] / df[0]:.2f}× |")


def provenance(root):
    print("\n### Provenance: time, on against off (target ≤ 1.5×)\n")
    print("| program | nodes | off | on | ratio |")
    print("|---|---:|---:|---:|---:|")
    for group in ("tc", "sg"):
        for n in params(root, group, "provenance"):
            on, off = load(root, group, "provenance", n), load(root, group, "claimcheck", n)
            if on and off:
                print(f"| {group} | {int(n):,} | {ms(off[0])} | {ms(on[0])} | {on[0] / off[0]:.2f}× |")


def lexicon(root):
    print("\n### Lexicon against a plain aho-corasick scan (target ≥ 0.9×)\n")
    print("| aliases | claimcheck | MB/s | aho-corasick | MB/s | speed ratio |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in params(root, "lexicon", "claimcheck"):
        ours, ac = load(root, "lexicon", "claimcheck", n), load(root, "lexicon", "aho-corasick", n)
        if not ours or not ac:
            continue
        size = ours[1].get("Bytes", 0)
        print(
            f"| {int(n):,} | {ms(ours[0])} | {size / ours[0] * 1e3:.0f} | {ms(ac[0])} | "
            f"{size / ac[0] * 1e3:.0f} | {ac[0] / ours[0]:.2f}× |"
        )


def extraction(root):
    print("\n### Whole extraction (targets ≥ 100 MB/s per core, 2 threads ≥ 1.7×)\n")
    one, two = load(root, "extraction", "threads", 1), load(root, "extraction", "threads", 2)
    if not one or not two:
        print("(not run)")
        return
    size = one[1].get("Bytes", 0)
    print("| threads | time | MB/s | speed-up |")
    print("|---:|---:|---:|---:|")
    print(f"| 1 | {ms(one[0])} | {size / one[0] * 1e3:.1f} | 1.00× |")
    print(f"| 2 | {ms(two[0])} | {size / two[0] * 1e3:.1f} | {one[0] / two[0]:.2f}× |")


def contradictions(root):
    print("\n### Contradiction finding (linear growth)\n")
    print("| statements | time | ns per statement |")
    print("|---:|---:|---:|")
    for n in params(root, "contradictions", "find"):
        r = load(root, "contradictions", "find", n)
        if r:
            print(f"| {int(n):,} | {ms(r[0])} | {r[0] / int(n):.0f} |")


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join("target", "criterion")
    lexicon(root)
    extraction(root)
    reasoning(root, "tc", "Transitive closure against datafrog (target ≤ 1.5×)", "≤ 1.5×")
    reasoning(root, "sg", "Same-generation against datafrog (target ≤ 2×)", "≤ 2×")
    provenance(root)
    contradictions(root)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
