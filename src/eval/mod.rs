//! The Datalog engine: runs a program's rules to a fixpoint, stratum by stratum, with
//! semi-naive evaluation over hash-indexed relations, records how each fact was derived, then
//! matches the constraints against the result.
//!
//! Base facts are the axioms and the statements that assert (stance `asserts`, modality other
//! than `declined`, no unknown argument); denials and negations are not facts here (the
//! contradiction finder compares them with facts). Values are interned to [`ValueId`]s, facts
//! numbered by [`FactId`] in the order they are found, so the same program always gives the
//! same ids and the same derivations. Limits on facts, rounds, time and violations stop the
//! run cleanly with what was derived so far.
//!
//! This module plans nothing (see `analyze`), reads no files and never decides what is a
//! contradiction.

mod engine;
mod provenance;
mod relation;

use crate::analyze::Plan;
use crate::resolve::hir::{ConstraintId, PredId, Program, RuleId, StatementId};
use crate::syntax::ast::CmpOp;
use crate::value::Value;
use hashbrown::HashTable;
use provenance::Provenance;
use relation::Relation;
use serde::Serialize;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::time::Duration;

/// Bounds on one evaluation; hitting one stops the run cleanly (see [`LimitHit`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most facts (base and derived) held at once.
    pub max_facts: usize,
    /// Most evaluation rounds over all strata.
    pub max_iterations: usize,
    /// Most wall-clock time.
    pub max_time: Duration,
    /// Most constraint violations recorded.
    pub max_violations: usize,
    /// Most rule derivations kept per fact when provenance is on (the first ones found; 1 to
    /// 254). A contradiction whose smallest set of statements goes through a later one is
    /// reported with a larger set; [`Evaluation::derivations_cut`] counts the facts
    /// concerned.
    pub max_derivations: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_facts: 5_000_000,
            max_iterations: 100_000,
            max_time: Duration::from_secs(60),
            max_violations: 100_000,
            max_derivations: 8,
        }
    }
}

/// How to evaluate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalOptions {
    /// The limits.
    pub limits: Limits,
    /// Whether to record derivations.
    pub provenance: bool,
}

impl Default for EvalOptions {
    fn default() -> EvalOptions {
        EvalOptions {
            limits: Limits::default(),
            provenance: true,
        }
    }
}

/// A fact of one evaluation, numbered from 0 in the order facts were found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactId(pub u32);

/// An interned value of one evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ValueId(pub u32);

/// One way a fact was obtained.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Derivation {
    /// A statement asserts it.
    Statement(StatementId),
    /// An axiom states it (index into `Program::axioms`).
    Axiom(u32),
    /// A rule derived it.
    Rule {
        /// The rule.
        rule: RuleId,
        /// The facts matched by the rule's positive body atoms, in body order.
        premises: Box<[FactId]>,
    },
}

/// A match of a constraint's body: facts that must not hold together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Violation {
    /// The constraint.
    pub constraint: ConstraintId,
    /// The facts matched by its positive atoms, in body order.
    pub premises: Box<[FactId]>,
}

/// Which limit stopped an evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LimitKind {
    /// [`Limits::max_facts`].
    Facts,
    /// [`Limits::max_iterations`].
    Iterations,
    /// [`Limits::max_time`].
    Time,
    /// [`Limits::max_violations`].
    Violations,
}

impl fmt::Display for LimitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LimitKind::Facts => "facts",
            LimitKind::Iterations => "iterations",
            LimitKind::Time => "time",
            LimitKind::Violations => "violations",
        })
    }
}

/// A limit that stopped an evaluation, with its configured value (seconds for time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct LimitHit {
    /// Which limit.
    pub kind: LimitKind,
    /// Its value.
    pub limit: u64,
}

impl fmt::Display for LimitHit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            LimitKind::Time => write!(f, "the time limit of {} s was reached", self.limit),
            kind => write!(f, "the {kind} limit of {} was reached", self.limit),
        }
    }
}

/// Interned values: ids are dense and given in first-seen order.
#[derive(Debug, Default)]
struct Values {
    list: Vec<Value>,
    table: HashTable<u32>,
}

/// A fast hasher with no random keys, for interning: the multiply-rotate scheme of
/// `rustc-hash` with a final mix, so that the high bits (hashbrown's control bytes) and the
/// low bits (its bucket) both vary. SipHash was a tenth of a large run's time.
#[derive(Default)]
struct ValueHasher(u64);

impl ValueHasher {
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for ValueHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (w, b) in word.iter_mut().zip(chunk) {
                *w = *b;
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, x: u8) {
        self.add(u64::from(x));
    }

    fn write_u32(&mut self, x: u32) {
        self.add(u64::from(x));
    }

    fn write_u64(&mut self, x: u64) {
        self.add(x);
    }

    fn write_usize(&mut self, x: usize) {
        self.add(x as u64);
    }

    fn finish(&self) -> u64 {
        let h = (self.0 ^ (self.0 >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^ (h >> 29)
    }
}

fn hash_value(v: &Value) -> u64 {
    // No random keys: hashes are the same on every run (ids are first-seen order anyway).
    let mut h = ValueHasher::default();
    v.hash(&mut h);
    h.finish()
}

impl Values {
    fn intern(&mut self, v: &Value) -> ValueId {
        let hash = hash_value(v);
        let list = &self.list;
        if let Some(&id) = self.table.find(hash, |&i| list.get(i as usize) == Some(v)) {
            return ValueId(id);
        }
        let id = self.list.len() as u32;
        self.list.push(v.clone());
        let list = &self.list;
        self.table
            .insert_unique(hash, id, |&i| list.get(i as usize).map_or(0, hash_value));
        ValueId(id)
    }

    fn get(&self, v: &Value) -> Option<ValueId> {
        let list = &self.list;
        self.table
            .find(hash_value(v), |&i| list.get(i as usize) == Some(v))
            .map(|&i| ValueId(i))
    }
}

static UNKNOWN: Value = Value::Unknown;

/// The result of [`run_to_fixpoint`]: every fact with its derivations, the constraint
/// violations, and the limit that stopped the run, if any.
#[derive(Debug)]
pub struct Evaluation {
    relations: Vec<Relation>,
    /// Per fact: its predicate and its row in that predicate's relation.
    facts: Vec<(PredId, u32)>,
    values: Values,
    provenance: Option<Provenance>,
    violations: Vec<Violation>,
    limit_hit: Option<LimitHit>,
    iterations: usize,
}

impl Evaluation {
    fn relation(&self, f: FactId) -> Option<(PredId, &Relation, u32)> {
        let &(pred, row) = self.facts.get(f.0 as usize)?;
        Some((pred, self.relations.get(pred.0 as usize)?, row))
    }

    /// The predicate of a fact (`PredId(u32::MAX)` for an id of another evaluation).
    pub fn pred(&self, f: FactId) -> PredId {
        self.facts
            .get(f.0 as usize)
            .map_or(PredId(u32::MAX), |&(p, _)| p)
    }

    /// The arguments of a fact.
    pub fn args(&self, f: FactId) -> &[ValueId] {
        self.relation(f).map_or(&[], |(_, rel, row)| rel.row(row))
    }

    /// The value behind an id (`Value::Unknown` for an id of another evaluation).
    pub fn value(&self, v: ValueId) -> &Value {
        self.values.list.get(v.0 as usize).unwrap_or(&UNKNOWN)
    }

    /// The id of a value, if some fact or rule constant of this evaluation holds it.
    pub fn value_id(&self, v: &Value) -> Option<ValueId> {
        self.values.get(v)
    }

    /// The arguments of a fact as values.
    pub fn values(&self, f: FactId) -> Vec<Value> {
        self.args(f)
            .iter()
            .map(|&v| self.value(v).clone())
            .collect()
    }

    /// The fact `pred(args)`, if it holds.
    pub fn lookup(&self, pred: PredId, args: &[Value]) -> Option<FactId> {
        let rel = self.relations.get(pred.0 as usize)?;
        let ids = args
            .iter()
            .map(|v| self.values.get(v))
            .collect::<Option<Vec<ValueId>>>()?;
        rel.find(&ids).map(|row| rel.fact(row))
    }

    /// The facts of a predicate, in the order they were found.
    pub fn facts_of(&self, pred: PredId) -> impl Iterator<Item = FactId> + '_ {
        self.relations
            .get(pred.0 as usize)
            .map_or(&[][..], |rel| rel.facts())
            .iter()
            .copied()
    }

    /// Number of facts.
    pub fn fact_count(&self) -> usize {
        self.facts.len()
    }

    /// How a fact was obtained, oldest first: its statements and axioms, then up to
    /// [`Limits::max_derivations`] rule derivations. Empty when provenance is off.
    pub fn derivations(&self, f: FactId) -> &[Derivation] {
        self.provenance.as_ref().map_or(&[], |p| p.derivations(f))
    }

    /// Number of facts that had more rule derivations than [`Limits::max_derivations`] (the
    /// later ones were not kept). Zero when provenance is off.
    pub fn derivations_cut(&self) -> usize {
        self.provenance.as_ref().map_or(0, |p| p.cut())
    }

    /// Constraint violations, in the order found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The limit that stopped the run, if any. When set, the facts are those derived until
    /// then, and constraints were not checked unless the violations limit is the one hit.
    pub fn limit_hit(&self) -> Option<LimitHit> {
        self.limit_hit
    }

    /// Number of evaluation rounds run (a non-recursive stratum takes one).
    pub fn iterations(&self) -> usize {
        self.iterations
    }
}

/// Whether `a op b` holds, by the engine's comparison rules: `=` and `!=` compare values as
/// values; the order operators compare numbers by [`crate::value::Quantity::bounds`] (`a < b`
/// when a's upper bound is below b's lower bound; never across different units) and dates and
/// intervals by the days they cover; they are false for anything else.
pub fn compare_values(op: CmpOp, a: &Value, b: &Value) -> bool {
    let ((a0, a1), (b0, b1)) = match op {
        CmpOp::Eq => return a == b,
        CmpOp::Ne => return a != b,
        _ => match (a, b) {
            (Value::Num(x), Value::Num(y)) => {
                if let (Some(ux), Some(uy)) = (&x.unit, &y.unit)
                    && ux != uy
                {
                    return false;
                }
                (x.bounds(), y.bounds())
            }
            _ => match (day_extent(a), day_extent(b)) {
                (Some((x0, x1)), Some((y0, y1))) => {
                    ((x0 as f64, x1 as f64), (y0 as f64, y1 as f64))
                }
                _ => return false,
            },
        },
    };
    match op {
        CmpOp::Lt => a1 < b0,
        CmpOp::Le => a1 <= b0,
        CmpOp::Gt => a0 > b1,
        CmpOp::Ge => a0 >= b1,
        CmpOp::Eq | CmpOp::Ne => false,
    }
}

/// The first and last day a date or interval covers.
fn day_extent(v: &Value) -> Option<(i64, i64)> {
    match v {
        Value::Date(d) => Some(d.days()),
        Value::Interval(i) => Some(i.days()),
        _ => None,
    }
}

/// Evaluates a program: loads the base facts, runs each stratum of the plan to its fixpoint,
/// then records the constraint violations. Never fails: a limit that is hit stops the run and
/// is reported by [`Evaluation::limit_hit`].
pub fn run_to_fixpoint(program: &Program, plan: &Plan, options: &EvalOptions) -> Evaluation {
    engine::run(program, plan, options)
}
