//! The evaluation loop: base facts, strata to their fixpoints, constraints; and the join
//! that runs one [`JoinPlan`].
//!
//! The join is iterative (one cursor per positive atom, no recursion), so a long rule body
//! cannot overflow the stack and a limit can stop it between any two rows. Derived facts are
//! inserted as soon as they are found: they land after the rows the current round reads, so
//! the round never sees them.

use super::provenance::Provenance;
use super::relation::Relation;
use super::{
    EvalOptions, Evaluation, FactId, LimitHit, LimitKind, Limits, ValueId, Values, Violation,
    compare_values,
};
use crate::analyze::{Access, AtomStep, Filter, JoinPlan, Operand, Plan, Stratum};
use crate::resolve::hir::{ConstraintId, Modality, PredId, Program, RuleId, Stance};
use crate::syntax::ast::CmpOp;
use crate::value::Value;
use std::time::Instant;

/// How often (in rows visited) the wall clock is read.
const CLOCK_EVERY: u32 = 4096;

/// Where a join's matches go.
#[derive(Clone, Copy)]
enum Sink<'p> {
    /// Insert the head of this rule.
    Rule {
        rule: RuleId,
        pred: PredId,
        head: &'p [Operand],
    },
    /// Record a violation of this constraint.
    Constraint(ConstraintId),
}

/// Which rows an atom's cursor walks.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// Rows `pos..end` of the relation.
    Rows,
    /// Entries `pos..end` of one bucket of an index.
    Bucket(usize, usize),
    /// One row (a lookup by the whole tuple).
    One(u32),
}

#[derive(Clone, Copy, Debug)]
struct Cursor {
    source: Source,
    pos: usize,
    end: usize,
}

const EMPTY: Cursor = Cursor {
    source: Source::Rows,
    pos: 0,
    end: 0,
};

struct Engine<'a> {
    ev: Evaluation,
    limits: &'a Limits,
    /// The plan's constants, interned.
    consts: Vec<ValueId>,
    start: Instant,
    clock: u32,
    key: Vec<ValueId>,
    tuple: Vec<ValueId>,
}

pub(super) fn run(program: &Program, plan: &Plan, options: &EvalOptions) -> Evaluation {
    let relations = program
        .predicates
        .iter()
        .enumerate()
        .map(|(p, info)| Relation::new(info.arity(), plan.indexes(PredId(p as u32))))
        .collect();
    let provenance = options.provenance.then(|| {
        let mut counts = vec![0u32; program.rules.len()];
        for rule in plan.strata.iter().flat_map(|s| &s.rules) {
            if let Some(c) = counts.get_mut(rule.rule.0 as usize) {
                *c = rule.premises;
            }
        }
        Provenance::new(counts, options.limits.max_derivations)
    });
    let mut values = Values::default();
    let consts = plan.consts.iter().map(|v| values.intern(v)).collect();
    let mut engine = Engine {
        ev: Evaluation {
            relations,
            facts: Vec::new(),
            values,
            provenance,
            violations: Vec::new(),
            limit_hit: None,
            iterations: 0,
        },
        limits: &options.limits,
        consts,
        start: Instant::now(),
        clock: 0,
        key: Vec::new(),
        tuple: Vec::new(),
    };
    if let Err(hit) = engine.run_all(program, plan) {
        engine.ev.limit_hit = Some(hit);
    }
    engine.ev
}

impl Engine<'_> {
    fn run_all(&mut self, program: &Program, plan: &Plan) -> Result<(), LimitHit> {
        self.load_base_facts(program)?;
        // Relations no rule derives are complete once the base facts are in, and those of a
        // stratum once it is done: their indexes can be packed.
        let mut derived = vec![false; self.ev.relations.len()];
        for p in plan.strata.iter().flat_map(|s| &s.preds) {
            if let Some(d) = derived.get_mut(p.0 as usize) {
                *d = true;
            }
        }
        for (rel, derived) in self.ev.relations.iter_mut().zip(derived) {
            if !derived {
                rel.freeze();
            }
        }
        for stratum in &plan.strata {
            self.run_stratum(stratum)?;
            for p in &stratum.preds {
                if let Some(rel) = self.ev.relations.get_mut(p.0 as usize) {
                    rel.freeze();
                }
            }
        }
        for c in &plan.constraints {
            self.run_join(&c.join, c.slots, c.premises, Sink::Constraint(c.constraint))?;
        }
        Ok(())
    }

    fn hit(&self, kind: LimitKind) -> LimitHit {
        hit(self.limits, kind)
    }

    fn load_base_facts(&mut self, program: &Program) -> Result<(), LimitHit> {
        for (i, axiom) in program.axioms.iter().enumerate() {
            self.insert_base(axiom.pred, &axiom.args, Base::Axiom(i as u32))?;
        }
        for (i, st) in program.statements.iter().enumerate() {
            if st.stance == Stance::Asserts && st.modality != Modality::Declined {
                self.insert_base(st.prop.pred, &st.prop.args, Base::Statement(i as u32))?;
            }
        }
        Ok(())
    }

    /// Inserts a base fact; tuples with an unknown argument, an unknown predicate or the
    /// wrong arity are not facts and are skipped.
    fn insert_base(&mut self, pred: PredId, args: &[Value], base: Base) -> Result<(), LimitHit> {
        let arity_ok = self
            .ev
            .relations
            .get(pred.0 as usize)
            .is_some_and(|r| r.arity() == args.len());
        if !arity_ok || args.contains(&Value::Unknown) {
            return Ok(());
        }
        self.tuple.clear();
        for v in args {
            let id = self.ev.values.intern(v);
            self.tuple.push(id);
        }
        let fact = insert_tuple(&mut self.ev, self.limits, pred, &self.tuple)?;
        if let (Some(prov), Some((fact, _))) = (&mut self.ev.provenance, fact) {
            match base {
                Base::Axiom(i) => prov.add_axiom(fact, i),
                Base::Statement(i) => prov.add_statement(fact, i),
            }
        }
        Ok(())
    }

    /// Starts a round, unless the iterations or time limit forbids it.
    fn round(&mut self) -> Result<(), LimitHit> {
        if self.ev.iterations >= self.limits.max_iterations {
            return Err(self.hit(LimitKind::Iterations));
        }
        if self.start.elapsed() > self.limits.max_time {
            return Err(self.hit(LimitKind::Time));
        }
        self.ev.iterations += 1;
        Ok(())
    }

    fn run_stratum(&mut self, stratum: &Stratum) -> Result<(), LimitHit> {
        if !stratum.recursive {
            self.round()?;
            for rule in &stratum.rules {
                for join in &rule.variants {
                    let sink = Sink::Rule {
                        rule: rule.rule,
                        pred: rule.pred,
                        head: &rule.head,
                    };
                    self.run_join(join, rule.slots, rule.premises, sink)?;
                }
            }
            return Ok(());
        }
        for p in &stratum.preds {
            if let Some(rel) = self.ev.relations.get_mut(p.0 as usize) {
                // Only relations that start empty: one holding base facts keeps its one
                // table (see `Relation::group`).
                if rel.len() == 0 {
                    rel.group();
                }
                rel.stable_end = 0;
                rel.recent_end = rel.len() as u32;
            }
        }
        let mut first = true;
        loop {
            self.round()?;
            for rule in &stratum.rules {
                for join in &rule.variants {
                    let runs = match join.steps.first() {
                        Some(step) if join.delta.is_some() => {
                            // Only variants whose delta relation has recent rows can find
                            // anything new.
                            self.ev
                                .relations
                                .get(step.pred.0 as usize)
                                .is_some_and(|r| r.stable_end < r.recent_end)
                        }
                        _ => first,
                    };
                    if runs {
                        let sink = Sink::Rule {
                            rule: rule.rule,
                            pred: rule.pred,
                            head: &rule.head,
                        };
                        self.run_join(join, rule.slots, rule.premises, sink)?;
                    }
                }
            }
            let mut changed = false;
            for p in &stratum.preds {
                if let Some(rel) = self.ev.relations.get_mut(p.0 as usize) {
                    rel.stable_end = rel.recent_end;
                    rel.recent_end = rel.len() as u32;
                    changed |= rel.stable_end < rel.recent_end;
                }
            }
            if !changed {
                return Ok(());
            }
            first = false;
        }
    }

    fn operand(&self, op: Operand, slots: &[ValueId]) -> ValueId {
        let found = match op {
            Operand::Slot(s) => slots.get(s as usize),
            Operand::Const(c) => self.consts.get(c as usize),
        };
        found.copied().unwrap_or(ValueId(u32::MAX))
    }

    fn fill_key(&mut self, key: &[Operand], slots: &[ValueId]) {
        self.key.clear();
        for &op in key {
            let v = self.operand(op, slots);
            self.key.push(v);
        }
    }

    /// Opens the cursor of an atom for the current bindings.
    fn open(&mut self, step: &AtomStep, slots: &[ValueId]) -> Cursor {
        self.fill_key(&step.key, slots);
        let Some(rel) = self.ev.relations.get(step.pred.0 as usize) else {
            return EMPTY;
        };
        let (lo, hi) = rel.range(step.version);
        match step.access {
            Access::Scan => Cursor {
                source: Source::Rows,
                pos: lo as usize,
                end: hi as usize,
            },
            Access::Primary => match rel.find(&self.key) {
                Some(row) if lo <= row && row < hi => Cursor {
                    source: Source::One(row),
                    pos: 0,
                    end: 1,
                },
                _ => EMPTY,
            },
            Access::Index(i) => match rel.bucket(i, &self.key) {
                Some((b, rows)) => {
                    let pos = if lo == 0 {
                        0
                    } else {
                        rows.partition_point(|&r| r < lo)
                    };
                    let end = if hi as usize >= rel.len() {
                        rows.len()
                    } else {
                        rows.partition_point(|&r| r < hi)
                    };
                    Cursor {
                        source: Source::Bucket(i, b),
                        pos,
                        end,
                    }
                }
                None => EMPTY,
            },
        }
    }

    /// The next row of a cursor.
    fn next_row(&self, pred: PredId, cursor: &mut Cursor) -> Option<u32> {
        if cursor.pos >= cursor.end {
            return None;
        }
        let at = cursor.pos;
        cursor.pos += 1;
        match cursor.source {
            Source::Rows => Some(at as u32),
            Source::One(row) => Some(row),
            Source::Bucket(i, b) => {
                let rel = self.ev.relations.get(pred.0 as usize)?;
                rel.bucket_rows(i, b).get(at).copied()
            }
        }
    }

    /// Binds an atom's variables to a row; false when the row fails the atom's own checks.
    fn bind(
        &self,
        step: &AtomStep,
        row: u32,
        slots: &mut [ValueId],
        premises: &mut [FactId],
    ) -> bool {
        let Some(rel) = self.ev.relations.get(step.pred.0 as usize) else {
            return false;
        };
        let tuple = rel.row(row);
        for &(pos, slot) in &step.bind {
            if let (Some(&v), Some(s)) = (tuple.get(pos), slots.get_mut(slot as usize)) {
                *s = v;
            }
        }
        for &(pos, slot) in &step.check {
            if tuple.get(pos) != slots.get(slot as usize) {
                return false;
            }
        }
        if let Some(p) = premises.get_mut(step.premise as usize) {
            *p = rel.fact(row);
        }
        true
    }

    fn passes(&mut self, filter: &Filter, slots: &[ValueId]) -> bool {
        match filter {
            Filter::Neg {
                pred, access, key, ..
            } => {
                self.fill_key(key, slots);
                let Some(rel) = self.ev.relations.get(pred.0 as usize) else {
                    return true;
                };
                let exists = match access {
                    Access::Scan => rel.len() > 0,
                    Access::Primary => rel.find(&self.key).is_some(),
                    Access::Index(i) => rel.bucket(*i, &self.key).is_some(),
                };
                !exists
            }
            Filter::Cmp { lhs, op, rhs, .. } => {
                let a = self.operand(*lhs, slots);
                let b = self.operand(*rhs, slots);
                match op {
                    CmpOp::Eq => a == b,
                    CmpOp::Ne => a != b,
                    _ => compare_values(*op, self.ev.value(a), self.ev.value(b)),
                }
            }
        }
    }

    /// Whether every filter passes (true at once when there are none, the common case: this
    /// runs for every row a join visits).
    #[inline]
    fn all_pass(&mut self, filters: &[Filter], slots: &[ValueId]) -> bool {
        filters.is_empty() || filters.iter().all(|f| self.passes(f, slots))
    }

    /// Counts a row visited and reads the clock now and then.
    fn tick(&mut self) -> Result<(), LimitHit> {
        self.clock = self.clock.wrapping_add(1);
        if self.clock.is_multiple_of(CLOCK_EVERY) && self.start.elapsed() > self.limits.max_time {
            return Err(self.hit(LimitKind::Time));
        }
        Ok(())
    }

    fn emit(
        &mut self,
        sink: Sink<'_>,
        slots: &[ValueId],
        premises: &[FactId],
    ) -> Result<(), LimitHit> {
        match sink {
            Sink::Rule { rule, pred, head } => {
                self.tuple.clear();
                for &op in head {
                    let v = self.operand(op, slots);
                    self.tuple.push(v);
                }
                if let Some((fact, _)) = insert_tuple(&mut self.ev, self.limits, pred, &self.tuple)?
                    && let Some(prov) = &mut self.ev.provenance
                {
                    prov.add_rule(fact, rule, premises);
                }
            }
            Sink::Constraint(constraint) => {
                if self.ev.violations.len() >= self.limits.max_violations {
                    return Err(self.hit(LimitKind::Violations));
                }
                self.ev.violations.push(Violation {
                    constraint,
                    premises: premises.into(),
                });
            }
        }
        Ok(())
    }

    /// Runs one join and sends every match to `sink`.
    fn run_join(
        &mut self,
        join: &JoinPlan,
        slots: u32,
        premises: u32,
        sink: Sink<'_>,
    ) -> Result<(), LimitHit> {
        let mut slots = vec![ValueId(0); slots as usize];
        let mut premises = vec![FactId(0); premises as usize];
        if !self.all_pass(&join.pre_filters, &slots) {
            return Ok(());
        }
        let Some(first) = join.steps.first() else {
            return self.emit(sink, &slots, &premises);
        };
        let mut cursors = Vec::with_capacity(join.steps.len());
        cursors.push(self.open(first, &slots));
        while let Some(depth) = cursors.len().checked_sub(1) {
            let (Some(step), Some(cursor)) = (join.steps.get(depth), cursors.last_mut()) else {
                break;
            };
            let Some(row) = self.next_row(step.pred, cursor) else {
                cursors.pop();
                continue;
            };
            self.tick()?;
            if !self.bind(step, row, &mut slots, &mut premises)
                || !self.all_pass(&step.filters, &slots)
            {
                continue;
            }
            match join.steps.get(depth + 1) {
                Some(next) => {
                    let cursor = self.open(next, &slots);
                    cursors.push(cursor);
                }
                None => self.emit(sink, &slots, &premises)?,
            }
        }
        Ok(())
    }
}

fn hit(limits: &Limits, kind: LimitKind) -> LimitHit {
    let limit = match kind {
        LimitKind::Facts => limits.max_facts as u64,
        LimitKind::Iterations => limits.max_iterations as u64,
        LimitKind::Time => limits.max_time.as_secs(),
        LimitKind::Violations => limits.max_violations as u64,
    };
    LimitHit { kind, limit }
}

/// Inserts `tuple` into `pred`'s relation unless
/// present; returns the fact and whether it is new (`None` for an unknown predicate).
fn insert_tuple(
    ev: &mut Evaluation,
    limits: &Limits,
    pred: PredId,
    tuple: &[ValueId],
) -> Result<Option<(FactId, bool)>, LimitHit> {
    let fact_count = ev.facts.len();
    let Some(rel) = ev.relations.get_mut(pred.0 as usize) else {
        return Ok(None);
    };
    let hash = rel.hash(tuple);
    if let Some(row) = rel.find_hashed(hash, tuple) {
        return Ok(Some((rel.fact(row), false)));
    }
    if fact_count >= limits.max_facts || fact_count >= u32::MAX as usize {
        return Err(hit(limits, LimitKind::Facts));
    }
    let fact = FactId(fact_count as u32);
    let row = rel.len() as u32;
    rel.insert_hashed(hash, tuple, fact);
    ev.facts.push((pred, row));
    if let Some(prov) = &mut ev.provenance {
        prov.add_fact();
    }
    Ok(Some((fact, true)))
}

/// Where a base fact comes from.
#[derive(Clone, Copy)]
enum Base {
    Axiom(u32),
    Statement(u32),
}
