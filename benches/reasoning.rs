//! Reasoning against `datafrog`: transitive closure and same-generation on graphs of 10^3 to
//! 10^5 nodes, the engine with provenance off (datafrog records none) side by side with a
//! datafrog program of the same rules over the same edges; then provenance on against off
//! (time, and peak memory printed before the timings).
//!
//! Both sides start from the same input: the engine from a `hir::Program` whose base facts are
//! axioms (building it is not timed), datafrog from the `(u32, u32)` pairs. Each run checks
//! that the two derive the same number of facts.
//!
//! Run: `cargo bench --bench reasoning` (add a filter such as `-- tc/` for one group). Set
//! `REASONING_SIZES` (say `100000`, or `1000,10000`) to build and run only those sizes, for
//! profiling one of them.

#[allow(dead_code)]
mod support;

use claimcheck::analyze::{Plan, analyze_program};
use claimcheck::eval::{EvalOptions, Limits, run_to_fixpoint};
use claimcheck::resolve::hir::{PredId, Program};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use datafrog::{Iteration, Relation, RelationLeaper};
use std::hint::black_box;
use std::time::Duration;
use support::{CountingAlloc, peak_during, sg_parents, sg_program, tc_edges, tc_program};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const SEED: u64 = 0x5eed;

fn options(provenance: bool) -> EvalOptions {
    EvalOptions {
        limits: Limits {
            max_facts: usize::MAX,
            max_iterations: usize::MAX,
            max_time: Duration::from_secs(3600),
            max_violations: usize::MAX,
            ..Limits::default()
        },
        provenance,
    }
}

fn planned(program: &Program) -> Plan {
    let (plan, diags) = analyze_program(program);
    assert!(
        diags.is_empty(),
        "the benchmark program must analyze cleanly"
    );
    plan
}

/// Runs the engine; returns the number of facts of predicate 1 (`path` or `sg`).
fn engine(program: &Program, plan: &Plan, provenance: bool) -> usize {
    let ev = run_to_fixpoint(program, plan, &options(provenance));
    assert!(ev.limit_hit().is_none());
    ev.facts_of(PredId(1)).count()
}

/// `path(x, z) :- path(x, y), edge(y, z)` in datafrog; returns the number of paths.
fn datafrog_tc(edges: &[(u32, u32)]) -> usize {
    let mut iteration = Iteration::new();
    let edges_by_src: Relation<(u32, u32)> = edges.iter().copied().collect();
    // path(x, y), keyed by y.
    let path_by_dst = iteration.variable::<(u32, u32)>("path");
    path_by_dst.extend(edges.iter().map(|&(x, y)| (y, x)));
    while iteration.changed() {
        path_by_dst.from_leapjoin(
            &path_by_dst,
            edges_by_src.extend_with(|&(y, _x)| y),
            |&(_y, x), &z| (z, x),
        );
    }
    path_by_dst.complete().len()
}

/// Same-generation in datafrog; returns the number of `sg` pairs.
fn datafrog_sg(parents: &[(u32, u32)]) -> usize {
    let mut iteration = Iteration::new();
    let by_parent: Relation<(u32, u32)> = parents.iter().map(|&(c, p)| (p, c)).collect();
    let sg = iteration.variable::<(u32, u32)>("sg");
    // (b, x): parent(x, a), sg(a, b).
    let half = iteration.variable::<(u32, u32)>("half");
    let siblings = Relation::from_join(&by_parent, &by_parent, |_p, &x, &y| (x, y));
    sg.insert(siblings.iter().filter(|(x, y)| x != y).copied().collect());
    while iteration.changed() {
        half.from_leapjoin(&sg, by_parent.extend_with(|&(a, _b)| a), |&(_a, b), &x| {
            (b, x)
        });
        sg.from_leapjoin(
            &half,
            by_parent.extend_with(|&(b, _x)| b),
            |&(_b, x), &y| (x, y),
        );
    }
    sg.complete().len()
}

struct Case {
    name: &'static str,
    program: Program,
    plan: Plan,
    pairs: Vec<(u32, u32)>,
    derived: usize,
}

fn cases(n: usize) -> [Case; 2] {
    let edges = tc_edges(n, SEED);
    let tc = tc_program(&edges);
    let tc_plan = planned(&tc);
    let tc_derived = datafrog_tc(&edges);
    assert_eq!(engine(&tc, &tc_plan, false), tc_derived);
    let parents = sg_parents(n, SEED);
    let sg = sg_program(&parents);
    let sg_plan = planned(&sg);
    let sg_derived = datafrog_sg(&parents);
    assert_eq!(engine(&sg, &sg_plan, false), sg_derived);
    [
        Case {
            name: "tc",
            program: tc,
            plan: tc_plan,
            pairs: edges,
            derived: tc_derived,
        },
        Case {
            name: "sg",
            program: sg,
            plan: sg_plan,
            pairs: parents,
            derived: sg_derived,
        },
    ]
}

/// Peak memory of the engine with provenance on and off, printed as one line per case.
fn memory(all: &[(usize, [Case; 2])]) {
    println!("memory: peak bytes allocated during run_to_fixpoint (provenance on / off)");
    for (n, cases) in all {
        for case in cases {
            let (_, on) = peak_during(|| engine(&case.program, &case.plan, true));
            let (_, off) = peak_during(|| engine(&case.program, &case.plan, false));
            println!(
                "memory {}/{n}: derived {} facts, on {on} B, off {off} B, ratio {:.2}",
                case.name,
                case.derived,
                on as f64 / off as f64
            );
        }
    }
}

fn main() {
    let sizes: Vec<usize> = match std::env::var("REASONING_SIZES") {
        Ok(list) => list
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect(),
        Err(_) => SIZES.to_vec(),
    };
    let all: Vec<(usize, [Case; 2])> = sizes.iter().map(|&n| (n, cases(n))).collect();
    memory(&all);

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    for which in 0..2 {
        let group_name = all.first().map_or("", |(_, cases)| cases[which].name);
        let mut group = c.benchmark_group(group_name);
        group.sampling_mode(SamplingMode::Flat);
        for (n, cases) in &all {
            let case = &cases[which];
            group.throughput(Throughput::Elements(case.derived as u64));
            group.bench_with_input(BenchmarkId::new("claimcheck", n), case, |b, case| {
                b.iter(|| black_box(engine(&case.program, &case.plan, false)));
            });
            group.bench_with_input(BenchmarkId::new("datafrog", n), case, |b, case| {
                b.iter(|| {
                    black_box(if case.name == "tc" {
                        datafrog_tc(&case.pairs)
                    } else {
                        datafrog_sg(&case.pairs)
                    })
                });
            });
            group.bench_with_input(BenchmarkId::new("provenance", n), case, |b, case| {
                b.iter(|| black_box(engine(&case.program, &case.plan, true)));
            });
        }
        group.finish();
    }
    c.final_summary();
}
