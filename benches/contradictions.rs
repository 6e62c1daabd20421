//! Contradiction finding from 10^4 to 10^6 statements, and bytes of memory per base
//! statement.
//!
//! The workload is the default pack's program with synthetic states, people and places added,
//! and statements over them: 99% filler that conflicts with nothing (agreements, arms
//! transfers between states other than North Korea, summits whose place is a function of the
//! meeting) and 1% planted conflicts, each over fresh entities so that it conflicts with
//! nothing else: a denial of an asserted agreement, a plain negation, an arms purchase from
//! North Korea against the buyer's claim to comply with the UN sanctions (derived through the
//! pack's rule and `exclusive`), and one summit in two places. Every run checks that exactly
//! the planted conflicts are found.
//!
//! Timed: `run_to_fixpoint` plus `find_contradictions` (provenance on, as `claimcheck check`
//! runs them); building the program is not timed. Memory, printed before the timings, each
//! divided by the number of statements: the bytes the statements take in the program (each
//! `Statement` plus everything it owns on the heap, counted by the allocator while they are
//! pushed into a list reserved for them), the bytes of the rest of the program (the pack and
//! the synthetic entities), and the peak bytes allocated while evaluating and finding.
//!
//! Run: `cargo bench --bench contradictions`.

#[allow(dead_code)]
mod support;

use claimcheck::analyze::{Plan, analyze_program};
use claimcheck::contradiction::{FindOptions, Severity, find_contradictions};
use claimcheck::eval::{EvalOptions, Limits, run_to_fixpoint};
use claimcheck::load::{LoadOptions, load};
use claimcheck::resolve::hir::{EntityInfo, Modality, PredId, Program, Speaker, Stance, TypeId};
use claimcheck::resolve::resolve_program;
use claimcheck::source::{FileId, Span};
use claimcheck::value::{Date, EntityId, Value};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::time::{Duration, Instant};
use support::{CountingAlloc, Rng, peak_during, statement};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

/// The default pack, resolved.
fn pack() -> Program {
    let loaded = load(&LoadOptions::default());
    let (program, diags) = resolve_program(&loaded.sources, &loaded.rule_files);
    assert!(
        !claimcheck::diagnostic::has_errors(&diags),
        "the default pack must resolve"
    );
    program
}

fn type_id(p: &Program, name: &str) -> TypeId {
    let i = p.types.iter().position(|t| t.name == name);
    TypeId(i.unwrap_or_else(|| panic!("the pack has no type `{name}`")) as u32)
}

fn pred(p: &Program, name: &str) -> PredId {
    p.predicate(name)
        .unwrap_or_else(|| panic!("the pack has no predicate `{name}`"))
}

fn ent(p: &Program, name: &str) -> Value {
    Value::Entity(
        p.entity(name)
            .unwrap_or_else(|| panic!("the pack has no entity `{name}`")),
    )
}

/// Adds `n` entities of a type named `prefix_i`; returns their values.
fn add_entities(p: &mut Program, ty: TypeId, prefix: &str, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let id = EntityId(p.entities.len() as u32);
            p.entities.push(EntityInfo {
                name: format!("{prefix}_{i}"),
                ty,
                display: format!("{prefix} {i}"),
                aliases: Vec::new(),
                demonyms: Vec::new(),
                speaks_for: Vec::new(),
                located_in: Vec::new(),
                role_of: None,
                span: Span::default(),
                doc: None,
            });
            Value::Entity(id)
        })
        .collect()
}

fn year(y: usize) -> Value {
    Value::Date(Date {
        year: 1900 + (y % 200) as i32,
        month: None,
        day: None,
    })
}

/// A program with `n` statements, of which about 1% form planted conflicts; returns it with
/// the number of planted conflicts and the bytes the statements took (allocated while adding
/// them to a list reserved for them: their own size and their heap parts).
fn workload(base: &Program, n: usize) -> (Program, usize, usize) {
    let mut p = base.clone();
    let mut rng = Rng::new(n as u64);
    let (state, person, place, weapon) = (
        type_id(&p, "state"),
        type_id(&p, "person"),
        type_id(&p, "place"),
        type_id(&p, "weapon"),
    );
    let (agreement, transfers, complies, summit) = (
        pred(&p, "agreement"),
        pred(&p, "transfers_arms"),
        pred(&p, "complies_with"),
        pred(&p, "summit"),
    );
    let (north_korea, sanctions) = (ent(&p, "north_korea"), ent(&p, "un_dprk_sanctions"));
    let topics: Vec<Value> = ["trade", "energy", "arms", "tourism"]
        .iter()
        .map(|t| ent(&p, t))
        .collect();
    let planted_count = n / 200; // two statements each: 1% of the statements
    let fill = n - 2 * planted_count;
    // Filler draws from pools sized with n, so facts stay mostly distinct as n grows.
    let pool = (n / 20).max(100);
    let states = add_entities(&mut p, state, "state", pool);
    let people = add_entities(&mut p, person, "person", pool);
    let places = add_entities(&mut p, place, "place", 64);
    let weapons = add_entities(&mut p, weapon, "weapon", 16);
    let fresh_states = add_entities(&mut p, state, "planted_state", planted_count);
    let fresh_people = add_entities(&mut p, person, "planted_person", 2 * planted_count);
    let before = CountingAlloc::current();
    p.statements.reserve_exact(n);

    let author = |doc: usize| (Speaker::Author, Span::new(FileId(doc as u32), 0, 0));
    let push = |p: &mut Program,
                pred: PredId,
                args: Vec<Value>,
                (speaker, source): (Speaker, Span),
                stance: Stance| {
        let mut s = statement(pred, args, speaker, stance, Modality::Fact);
        s.source = source;
        p.statements.push(s);
    };
    for i in 0..fill {
        let doc = author(i / 10);
        let (a, b) = (rng.below(pool), rng.below(pool));
        match rng.below(3) {
            0 => {
                let t = topics[rng.below(topics.len())].clone();
                let args = vec![states[a].clone(), states[b].clone(), t];
                push(&mut p, agreement, args, doc, Stance::Asserts);
            }
            1 => {
                let w = weapons[rng.below(weapons.len())].clone();
                let args = vec![states[a].clone(), states[b].clone(), w];
                push(&mut p, transfers, args, doc, Stance::Asserts);
            }
            _ => {
                let y = rng.below(200);
                // The place is a function of the meeting (either order), so filler agrees.
                let where_ = places[(a.min(b) * 31 + a.max(b) * 7 + y) % places.len()].clone();
                let args = vec![people[a].clone(), people[b].clone(), year(y), where_];
                push(&mut p, summit, args, doc, Stance::Asserts);
            }
        }
    }
    for k in 0..planted_count {
        let (x, y) = (fresh_states[k].clone(), states[rng.below(pool)].clone());
        let speaker = match &fresh_people[2 * k] {
            Value::Entity(e) => Speaker::Entity(*e),
            _ => Speaker::Author,
        };
        let said = (speaker, Span::new(FileId((fill / 10 + k) as u32), 0, 0));
        let doc = author(k % (fill / 10).max(1));
        match k % 4 {
            0 => {
                let args = vec![x, y, topics[0].clone()];
                push(&mut p, agreement, args.clone(), doc, Stance::Asserts);
                push(&mut p, agreement, args, said, Stance::Denies);
            }
            1 => {
                let args = vec![x, y, weapons[0].clone()];
                push(&mut p, transfers, args.clone(), doc, Stance::Asserts);
                push(&mut p, transfers, args, said, Stance::Negates);
            }
            2 => {
                let w = weapons[0].clone();
                push(
                    &mut p,
                    transfers,
                    vec![north_korea.clone(), x.clone(), w],
                    doc,
                    Stance::Asserts,
                );
                push(
                    &mut p,
                    complies,
                    vec![x, sanctions.clone()],
                    said,
                    Stance::Asserts,
                );
            }
            _ => {
                let (a, b) = (fresh_people[2 * k].clone(), fresh_people[2 * k + 1].clone());
                let args = |place: &Value| vec![a.clone(), b.clone(), year(k), place.clone()];
                push(&mut p, summit, args(&places[0]), doc, Stance::Asserts);
                push(&mut p, summit, args(&places[1]), said, Stance::Asserts);
            }
        }
    }
    let statement_bytes = CountingAlloc::current().saturating_sub(before);
    (p, planted_count, statement_bytes)
}

fn eval_options() -> EvalOptions {
    EvalOptions {
        limits: Limits {
            max_facts: usize::MAX,
            max_iterations: usize::MAX,
            max_time: Duration::from_secs(3600),
            max_violations: usize::MAX,
            ..Limits::default()
        },
        provenance: true,
    }
}

fn find_options() -> FindOptions {
    FindOptions {
        max_contradictions: usize::MAX,
        ..FindOptions::default()
    }
}

/// Evaluates and finds; returns the number of error-severity contradictions.
fn run(program: &Program, plan: &Plan) -> usize {
    let ev = run_to_fixpoint(program, plan, &eval_options());
    assert!(ev.limit_hit().is_none());
    let found = find_contradictions(program, &ev, &find_options());
    found
        .contradictions
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .count()
}

fn main() {
    let base = pack();
    // `CLAIMCHECK_BENCH_SIZES=10000,100000` picks sizes (for instruction counts under
    // callgrind, see BENCHMARKS.md).
    let sizes: Vec<usize> = std::env::var("CLAIMCHECK_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| SIZES.to_vec());
    let mut cases = Vec::new();
    println!(
        "memory per base statement (bytes); a Statement is {} bytes and a Value {} bytes before \
         their heap parts",
        std::mem::size_of::<claimcheck::resolve::hir::Statement>(),
        std::mem::size_of::<Value>()
    );
    for n in sizes {
        let before = CountingAlloc::current();
        let (program, planted, statement_bytes) = workload(&base, n);
        let rest_bytes = CountingAlloc::current()
            .saturating_sub(before)
            .saturating_sub(statement_bytes);
        let (plan, diags) = analyze_program(&program);
        assert!(diags.is_empty());
        let start = Instant::now();
        let (found, peak) = peak_during(|| run(&program, &plan));
        let once = start.elapsed();
        assert_eq!(found, planted, "exactly the planted conflicts are found");
        // The two phases apart, once more, for the table.
        let start = Instant::now();
        let (ev, eval_peak) = peak_during(|| run_to_fixpoint(&program, &plan, &eval_options()));
        let eval_time = start.elapsed();
        let start = Instant::now();
        let (_, find_peak) = peak_during(|| find_contradictions(&program, &ev, &find_options()));
        let find_time = start.elapsed();
        let per = |b: usize| b as f64 / n as f64;
        println!(
            "memory statements/{n}: statements {:.0} B/statement (rest of the program {:.0}); evaluation and finding peak {:.0} B/statement (evaluation {:.0}, then finding {:.0} more); {planted} planted, {found} found; one run {:.3} s = {:.0} ns/statement (evaluation {:.0}, finding {:.0})",
            per(statement_bytes),
            per(rest_bytes),
            per(peak),
            per(eval_peak),
            per(find_peak),
            once.as_secs_f64(),
            once.as_nanos() as f64 / n as f64,
            eval_time.as_nanos() as f64 / n as f64,
            find_time.as_nanos() as f64 / n as f64,
        );
        drop(ev);
        cases.push((n, program, plan));
    }

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .configure_from_args();
    let mut group = c.benchmark_group("contradictions");
    group.sampling_mode(SamplingMode::Flat);
    for (n, program, plan) in &cases {
        group.throughput(Throughput::Elements(*n as u64));
        group.bench_with_input(BenchmarkId::new("find", n), program, |b, program| {
            b.iter(|| black_box(run(program, plan)));
        });
    }
    group.finish();
    c.final_summary();
}
