//! Shared by the benchmarks: a counting global allocator (current and peak bytes) over
//! mimalloc, the allocator the `claimcheck` binary ships with, so that both sides of every
//! comparison run on what users run; a small deterministic random number generator, the
//! graphs the reasoning benchmarks run on, and builders for the `hir::Program`s that evaluate
//! them.
//!
//! Nothing here times anything; each benchmark file does its own measuring. Every benchmark
//! binary includes this module whole and uses part of it, hence the `dead_code` allowance at
//! each `mod support;`.

use claimcheck::resolve::hir::{
    Atom, Axiom, FoundBy, Literal, Method, Modality, PredId, PredicateInfo, Program, Proposition,
    RuleInfo, RuleOrigin, Speaker, Stance, Statement, Term, Type, TypeId, TypeInfo, VarId,
};
use claimcheck::source::Span;
use claimcheck::syntax::ast::CmpOp;
use claimcheck::value::{EntityId, Value};
use mimalloc::MiMalloc;
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};

// ---------------------------------------------------------------------------------------------
// Counting allocator
// ---------------------------------------------------------------------------------------------

/// mimalloc (as in `src/main.rs`), counting the bytes currently allocated and the peak since
/// the last [`CountingAlloc::reset_peak`]. Install it with `#[global_allocator]` in a benchmark binary.
pub struct CountingAlloc;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

impl CountingAlloc {
    /// Bytes allocated now.
    pub fn current() -> usize {
        CURRENT.load(Ordering::Relaxed)
    }

    /// Highest [`CountingAlloc::current`] since the last reset.
    pub fn peak() -> usize {
        PEAK.load(Ordering::Relaxed)
    }

    /// Starts a new peak measurement from the current figure.
    pub fn reset_peak() {
        PEAK.store(CURRENT.load(Ordering::Relaxed), Ordering::Relaxed);
    }
}

fn grew(by: usize) {
    let now = CURRENT.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrank(by: usize) {
    CURRENT.fetch_sub(by, Ordering::Relaxed);
}

// SAFETY: every method forwards to `MiMalloc` with the caller's arguments unchanged and only
// updates counters besides.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { MiMalloc.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { MiMalloc.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is.
        unsafe { MiMalloc.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { MiMalloc.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            shrank(layout.size());
            grew(new_size);
        }
        p
    }
}

/// Runs `f` and returns its result with the peak bytes allocated above what was allocated
/// before it started.
pub fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = CountingAlloc::current();
    CountingAlloc::reset_peak();
    let out = f();
    (out, CountingAlloc::peak().saturating_sub(before))
}

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

/// SplitMix64: tiny, fast, and the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Graphs
// ---------------------------------------------------------------------------------------------

/// Nodes per block: graphs are unions of blocks, so closures grow linearly with the node
/// count instead of quadratically.
pub const BLOCK: usize = 64;

/// Edges of a graph of `n` nodes for transitive closure: within each block of [`BLOCK`]
/// nodes, every node but the last has two edges to random later nodes of its block (a DAG
/// whose closure has about 1,200 pairs per block).
pub fn tc_edges(n: usize, seed: u64) -> Vec<(u32, u32)> {
    let mut rng = Rng::new(seed);
    let mut edges = Vec::new();
    for block in (0..n).step_by(BLOCK) {
        let end = (block + BLOCK).min(n);
        for i in block..end {
            let later = end - i - 1;
            if later == 0 {
                continue;
            }
            for _ in 0..2 {
                let j = i + 1 + rng.below(later);
                edges.push((i as u32, j as u32));
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();
    edges
}

/// `(child, parent)` pairs of a forest for same-generation: each block of [`BLOCK`] nodes is
/// a random recursive tree (every node's parent is a random earlier node of its block).
pub fn sg_parents(n: usize, seed: u64) -> Vec<(u32, u32)> {
    let mut rng = Rng::new(seed);
    let mut parents = Vec::new();
    for block in (0..n).step_by(BLOCK) {
        let end = (block + BLOCK).min(n);
        for i in block + 1..end {
            let p = block + rng.below(i - block);
            parents.push((i as u32, p as u32));
        }
    }
    parents
}

// ---------------------------------------------------------------------------------------------
// Programs
// ---------------------------------------------------------------------------------------------

fn entity_type_program() -> Program {
    let mut p = Program::default();
    p.types.push(TypeInfo {
        name: "entity".into(),
        parent: None,
        span: Span::default(),
        doc: None,
    });
    p
}

fn predicate(name: &str, arity: usize) -> PredicateInfo {
    PredicateInfo {
        name: name.into(),
        params: (0..arity)
            .map(|k| (format!("a{k}"), Type::Entity(TypeId(0))))
            .collect(),
        functional: false,
        symmetric: false,
        transitive: false,
        one_way: false,
        cumulative: false,
        span: Span::default(),
        doc: None,
    }
}

fn var(i: u32) -> Term {
    Term::Var(VarId(i))
}

fn atom(pred: u32, args: Vec<Term>) -> Atom {
    let n = args.len();
    Atom {
        pred: PredId(pred),
        args,
        arg_spans: vec![Span::default(); n],
        span: Span::default(),
    }
}

fn rule(name: &str, head: Atom, body: Vec<Literal>, vars: &[&str]) -> RuleInfo {
    RuleInfo {
        name: name.into(),
        origin: RuleOrigin::User,
        head,
        body,
        vars: vars.iter().map(|v| v.to_string()).collect(),
        span: Span::default(),
        doc: None,
    }
}

fn node(i: u32) -> Value {
    Value::Entity(EntityId(i))
}

/// Base facts as axioms: the lightest base facts the engine takes (no statement metadata).
fn axioms(pred: u32, pairs: &[(u32, u32)]) -> Vec<Axiom> {
    pairs
        .iter()
        .map(|&(a, b)| Axiom {
            pred: PredId(pred),
            args: vec![node(a), node(b)],
            span: Span::default(),
        })
        .collect()
}

/// `path(X, Y) :- edge(X, Y).  path(X, Z) :- path(X, Y), edge(Y, Z).` over `edges`
/// (predicates: `edge` = 0, `path` = 1).
pub fn tc_program(edges: &[(u32, u32)]) -> Program {
    let mut p = entity_type_program();
    p.predicates.push(predicate("edge", 2));
    p.predicates.push(predicate("path", 2));
    p.rules.push(rule(
        "base",
        atom(1, vec![var(0), var(1)]),
        vec![Literal::Pos(atom(0, vec![var(0), var(1)]))],
        &["X", "Y"],
    ));
    p.rules.push(rule(
        "step",
        atom(1, vec![var(0), var(2)]),
        vec![
            Literal::Pos(atom(1, vec![var(0), var(1)])),
            Literal::Pos(atom(0, vec![var(1), var(2)])),
        ],
        &["X", "Y", "Z"],
    ));
    p.axioms = axioms(0, edges);
    p
}

/// `sg(X, Y) :- parent(X, P), parent(Y, P), X != Y.`
/// `sg(X, Y) :- parent(X, A), sg(A, B), parent(Y, B).` over `(child, parent)` pairs
/// (predicates: `parent` = 0, `sg` = 1).
pub fn sg_program(parents: &[(u32, u32)]) -> Program {
    let mut p = entity_type_program();
    p.predicates.push(predicate("parent", 2));
    p.predicates.push(predicate("sg", 2));
    p.rules.push(rule(
        "siblings",
        atom(1, vec![var(0), var(1)]),
        vec![
            Literal::Pos(atom(0, vec![var(0), var(2)])),
            Literal::Pos(atom(0, vec![var(1), var(2)])),
            Literal::Cmp {
                lhs: var(0),
                op: CmpOp::Ne,
                rhs: var(1),
                span: Span::default(),
            },
        ],
        &["X", "Y", "P"],
    ));
    p.rules.push(rule(
        "cousins",
        atom(1, vec![var(0), var(1)]),
        vec![
            Literal::Pos(atom(0, vec![var(0), var(2)])),
            Literal::Pos(atom(1, vec![var(2), var(3)])),
            Literal::Pos(atom(0, vec![var(1), var(3)])),
        ],
        &["X", "Y", "A", "B"],
    ));
    p.axioms = axioms(0, parents);
    p
}

/// A statement with no document behind it, as the benchmarks build them.
pub fn statement(
    pred: PredId,
    args: Vec<Value>,
    speaker: Speaker,
    stance: Stance,
    modality: Modality,
) -> Statement {
    Statement {
        source: Span::default(),
        speaker,
        reporter: None,
        stance,
        modality,
        prop: Proposition {
            pred,
            args: args.into(),
        },
        time: None,
        reported: None,
        found_by: FoundBy {
            method: Method::File,
            declared_at: None,
            pattern: None,
            frame: None,
            anaphora: Box::default(),
            cite: None,
        },
    }
}

/// Median of some measurements (the mean of the middle two for an even count).
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}
