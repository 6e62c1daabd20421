//! Finds contradictions: minimal sets of statements that cannot all hold, given the facts the
//! engine derived and the provenance it recorded.
//!
//! Conflicts come from five mechanisms, each found by grouping, never by comparing all pairs:
//! negative statements (negations, denials, `reference not …`) looked up in an index of the
//! derived facts; constraint violations the engine found (`exclusive`, `one_way`, user
//! `constraint`s); functional predicates grouped on their input arguments; role holdings
//! grouped on (role, office); and cumulative totals that shrink over time. Each conflict is
//! then expanded into the sets of base statements that support it (through the derivations),
//! filtered by time (the statements' times must overlap), classified (kind, severity,
//! relation), deduplicated, and cut to the minimal sets.
//!
//! This module reads the program and the evaluation; it renders nothing.

use crate::eval::{Derivation, Evaluation, FactId, ValueId};
use crate::resolve::hir::{
    ConstraintKind, Modality, PredId, Program, RuleId, RuleOrigin, Speaker, Stance, Statement,
    StatementId, Type, builtin,
};
use crate::value::{Date, Interval, Value};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

/// The kinds of contradiction (SPEC section 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A proposition asserted and plainly negated.
    Negation,
    /// A proposition asserted and denied.
    Denial,
    /// Two propositions an `exclusive` group forbids together.
    Exclusive,
    /// A conflict reached through a user rule.
    Derived,
    /// Two values for a functional position (places not contained in each other).
    Functional,
    /// Two numbers for the same quantity beyond tolerance.
    Numeric,
    /// Two dates for the same event.
    Date,
    /// A one-way relation stated both ways.
    Structural,
    /// Two holders of a single-holder role at the same time.
    Role,
    /// The same speaker, later, saying the opposite.
    Reversal,
    /// A statement against a reference fact.
    Reference,
}

impl Kind {
    /// The lowercase name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Negation => "negation",
            Kind::Denial => "denial",
            Kind::Exclusive => "exclusive",
            Kind::Derived => "derived",
            Kind::Functional => "functional",
            Kind::Numeric => "numeric",
            Kind::Date => "date",
            Kind::Structural => "structural",
            Kind::Role => "role",
            Kind::Reversal => "reversal",
            Kind::Reference => "reference",
        }
    }
}

/// How serious a contradiction is, from the statements' modalities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Both sides categorical.
    Error,
    /// A side hedged, intended, expected or feared.
    Warning,
    /// A side only warned of or conditional; or a reversal of warning strength.
    Info,
}

impl Severity {
    /// The lowercase name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    fn weaker(self) -> Severity {
        match self {
            Severity::Error => Severity::Warning,
            _ => Severity::Info,
        }
    }
}

/// Who disagrees with whom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Different speakers.
    Dispute,
    /// One speaker, at one time.
    #[serde(rename = "self")]
    SelfContradiction,
    /// One speaker, at different times.
    Reversal,
    /// Against a reference fact.
    Reference,
}

impl Relation {
    /// The lowercase name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Relation::Dispute => "dispute",
            Relation::SelfContradiction => "self",
            Relation::Reversal => "reversal",
            Relation::Reference => "reference",
        }
    }
}

/// How a fact is supported: a proof tree down to statements and axioms. Subtrees are shared
/// (`Rc`), and each node caches the statements and rules below it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Proof {
    /// The fact proved.
    pub fact: FactId,
    /// The last step.
    pub step: ProofStep,
    /// Every statement below this node, sorted.
    pub statements: Vec<StatementId>,
    /// Every rule used below this node, sorted.
    pub rules: Vec<RuleId>,
    /// The proved fact in the language's syntax.
    pub text: String,
}

/// One step of a proof.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ProofStep {
    /// A statement asserted it.
    Statement(StatementId),
    /// An axiom from an entity declaration.
    Axiom(u32),
    /// A rule derived it from premises.
    Rule(RuleId, Vec<Rc<Proof>>),
}

impl Proof {
    fn new(fact: FactId, text: String, step: ProofStep) -> Proof {
        let (statements, rules) = match &step {
            ProofStep::Statement(s) => (vec![*s], Vec::new()),
            ProofStep::Axiom(_) => (Vec::new(), Vec::new()),
            ProofStep::Rule(r, premises) => {
                let mut st = BTreeSet::new();
                let mut ru = BTreeSet::from([*r]);
                for p in premises {
                    st.extend(p.statements.iter().copied());
                    ru.extend(p.rules.iter().copied());
                }
                (st.into_iter().collect(), ru.into_iter().collect())
            }
        };
        Proof {
            fact,
            step,
            statements,
            rules,
            text,
        }
    }
}

/// One side of a conflict: a proved fact or a negative statement.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// A fact and how it is supported.
    Fact(Rc<Proof>),
    /// A statement that negates or denies.
    Negative(StatementId),
}

/// A minimal set of statements that cannot all hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contradiction {
    /// Kind.
    pub kind: Kind,
    /// Severity.
    pub severity: Severity,
    /// Relation between the speakers.
    pub relation: Relation,
    /// The minimal set of base statements, sorted by id.
    pub statements: Vec<StatementId>,
    /// Names of the rules and constraints linking them, in chain order (premises first, the
    /// violated constraint last).
    pub rules: Vec<String>,
    /// What each side holds, with proofs (for explanations and derivation trees).
    pub sides: Vec<Side>,
    /// The constraint that was violated, by name, if a constraint was involved.
    pub constraint: Option<String>,
    /// What the mechanism found, in words (without speakers; the report adds them).
    pub reason: String,
}

/// Options for the finder.
#[derive(Clone, Debug)]
pub struct FindOptions {
    /// Proofs kept per fact (alternatives beyond this are dropped).
    pub proofs_per_fact: usize,
    /// Stop after this many contradictions.
    pub max_contradictions: usize,
}

impl Default for FindOptions {
    fn default() -> FindOptions {
        FindOptions {
            proofs_per_fact: 4,
            max_contradictions: 10_000,
        }
    }
}

/// The finder's result.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// Contradictions, in a deterministic order (by first statement, then kind).
    pub contradictions: Vec<Contradiction>,
    /// Whether `max_contradictions` cut the list short.
    pub truncated: bool,
}

/// Finds every contradiction in an evaluated program.
pub fn find_contradictions(program: &Program, ev: &Evaluation, options: &FindOptions) -> Found {
    let mut finder = Finder {
        program,
        ev,
        options,
        proofs: HashMap::new(),
        raw: Vec::new(),
        located_in: program.predicate(builtin::LOCATED_IN),
        document_dates: HashMap::new(),
    };
    // The first entry of a document decides, as a scan of the list would.
    for d in program.documents.iter().rev() {
        finder.document_dates.insert(d.file, d.date);
    }
    finder.negative_statements();
    finder.violations();
    finder.functional();
    finder.roles();
    finder.finish()
}

/// A conflict before classification: sides and the mechanism.
struct Raw {
    sides: Vec<Side>,
    mechanism: Kind,
    constraint: Option<(String, ConstraintKind)>,
    reason: String,
}

struct Finder<'a> {
    program: &'a Program,
    ev: &'a Evaluation,
    options: &'a FindOptions,
    proofs: HashMap<FactId, Vec<Rc<Proof>>>,
    raw: Vec<Raw>,
    located_in: Option<PredId>,
    /// Each dated document's date, so a statement's report date is found without a scan.
    document_dates: HashMap<crate::source::FileId, Option<Date>>,
}

impl<'a> Finder<'a> {
    // Statement ids are positions in `program.statements`, handed out by the program itself.
    #[allow(clippy::indexing_slicing)]
    fn statement(&self, id: StatementId) -> &'a Statement {
        &self.program.statements[id.0 as usize]
    }

    /// Up to `proofs_per_fact` proofs of a fact, memoised: those with the fewest statements,
    /// none of whose statement sets contains another's (a proof that uses more statements
    /// than another of the same fact can never make a contradiction smaller).
    ///
    /// The facts the proof can go through are gathered first, with an explicit worklist so
    /// deep chains cannot overflow the stack; then every one of them is proved again and
    /// again, oldest first, from the proofs its premises have so far, until nothing improves
    /// (or after [`MAX_PROOF_ROUNDS`] rounds). A round only builds on proofs that exist, so
    /// proofs are finite trees even where derivations are cyclic (transitive closures), and
    /// every derivation the engine recorded is followed, whatever the age of its premises.
    /// Each fact's candidates include its previous proofs, so each round can only improve on
    /// the last.
    fn proofs(&mut self, fact: FactId) -> Vec<Rc<Proof>> {
        if let Some(known) = self.proofs.get(&fact) {
            return known.clone();
        }
        let mut needed = Vec::new();
        let mut stack = vec![fact];
        let mut seen = BTreeSet::new();
        while let Some(f) = stack.pop() {
            if self.proofs.contains_key(&f) || !seen.insert(f) {
                continue;
            }
            needed.push(f);
            for d in self.ev.derivations(f) {
                if let Derivation::Rule { premises, .. } = d {
                    stack.extend(premises.iter().copied());
                }
            }
        }
        needed.sort();
        let mut current: HashMap<FactId, Vec<Rc<Proof>>> = HashMap::new();
        for _ in 0..MAX_PROOF_ROUNDS {
            let mut changed = false;
            for &f in &needed {
                let computed = self.prove_one(f, &current);
                let old = current.get(&f).map_or(&[][..], Vec::as_slice);
                if !same_sets(old, &computed) {
                    changed = true;
                }
                current.insert(f, computed);
            }
            if !changed {
                break;
            }
        }
        self.proofs.extend(current);
        self.proofs.get(&fact).cloned().unwrap_or_default()
    }

    /// Proofs of a premise: final ones when known, else this computation's so far.
    fn premise_proofs<'p>(
        &'p self,
        fact: FactId,
        current: &'p HashMap<FactId, Vec<Rc<Proof>>>,
    ) -> &'p [Rc<Proof>] {
        self.proofs
            .get(&fact)
            .or_else(|| current.get(&fact))
            .map_or(&[][..], Vec::as_slice)
    }

    /// The best proofs of one fact from its derivations and its premises' proofs so far.
    fn prove_one(&self, fact: FactId, current: &HashMap<FactId, Vec<Rc<Proof>>>) -> Vec<Rc<Proof>> {
        let limit = self.options.proofs_per_fact;
        let text = self.program.prop_text(&self.fact_prop(fact));
        let mut candidates: Vec<Rc<Proof>> = current.get(&fact).cloned().unwrap_or_default();
        for d in self.ev.derivations(fact) {
            match d {
                Derivation::Statement(s) => candidates.push(Rc::new(Proof::new(
                    fact,
                    text.clone(),
                    ProofStep::Statement(*s),
                ))),
                Derivation::Axiom(a) => candidates.push(Rc::new(Proof::new(
                    fact,
                    text.clone(),
                    ProofStep::Axiom(*a),
                ))),
                Derivation::Rule { rule, premises } => {
                    let alternatives: Vec<Vec<Rc<Proof>>> = premises
                        .iter()
                        .map(|p| self.premise_proofs(*p, current).to_vec())
                        .collect();
                    for premises in best_combos(&alternatives, limit) {
                        let proof =
                            Proof::new(fact, text.clone(), ProofStep::Rule(*rule, premises));
                        if self.common_time(proof.statements.iter().copied()).is_some() {
                            candidates.push(Rc::new(proof));
                        }
                    }
                }
            }
        }
        select(candidates, limit)
    }

    /// The time a proof's statements share: `Some(None)` when none is time-scoped,
    /// `Some(Some(i))` for their common interval, `None` when they do not overlap.
    fn proof_time(&self, proof: &Proof) -> Option<Option<Interval>> {
        self.common_time(proof.statements.iter().copied())
    }

    fn common_time(&self, ids: impl Iterator<Item = StatementId>) -> Option<Option<Interval>> {
        let mut acc: Option<Interval> = None;
        for id in ids {
            let Some(t) = self.statement(id).time else {
                continue;
            };
            acc = Some(match acc {
                None => t,
                Some(a) => intersect(a, t)?,
            });
        }
        Some(acc)
    }

    /// Negations, denials and negative reference facts against the facts they contradict.
    fn negative_statements(&mut self) {
        // Group the negative statements by predicate and by which arguments they leave open,
        // then index each predicate's facts once per such shape.
        let mut shapes: HashMap<(PredId, Vec<bool>), Vec<StatementId>> = HashMap::new();
        for (i, s) in self.program.statements.iter().enumerate() {
            if s.stance == Stance::Asserts || s.modality == Modality::Declined {
                continue;
            }
            let mask: Vec<bool> = s.prop.args.iter().map(|v| *v != Value::Unknown).collect();
            shapes
                .entry((s.prop.pred, mask))
                .or_default()
                .push(StatementId(i as u32));
        }
        let mut shapes: Vec<_> = shapes.into_iter().collect();
        shapes.sort();
        for ((pred, mask), negatives) in shapes {
            // Key each negative by the interned ids of the arguments it gives, then walk the
            // predicate's facts once and look each one up: no key is built per fact, so this
            // stays cheap over millions of facts. A value the engine never interned is in no
            // fact, so such a negative matches nothing.
            let mut wanted: HashMap<Vec<ValueId>, Vec<StatementId>> = HashMap::new();
            for &n in &negatives {
                let key: Option<Vec<ValueId>> = self
                    .statement(n)
                    .prop
                    .args
                    .iter()
                    .filter(|v| **v != Value::Unknown)
                    .map(|v| self.ev.value_id(v))
                    .collect();
                if let Some(key) = key {
                    wanted.entry(key).or_default().push(n);
                }
            }
            if wanted.is_empty() {
                continue;
            }
            let mut hits: Vec<(StatementId, FactId)> = Vec::new();
            let mut key: Vec<ValueId> = Vec::new();
            for fact in self.ev.facts_of(pred) {
                key.clear();
                key.extend(
                    self.ev
                        .args(fact)
                        .iter()
                        .zip(&mask)
                        .filter(|(_, m)| **m)
                        .map(|(v, _)| *v),
                );
                if let Some(ns) = wanted.get(&key) {
                    hits.extend(ns.iter().map(|&n| (n, fact)));
                }
            }
            // Negatives in statement order, each one's facts in fact order.
            hits.sort_by_key(|&(n, _)| n);
            let mut by_negative: Vec<(StatementId, Vec<FactId>)> = Vec::new();
            for (n, fact) in hits {
                match by_negative.last_mut() {
                    Some((last, facts)) if *last == n => facts.push(fact),
                    _ => by_negative.push((n, vec![fact])),
                }
            }
            for (n, facts) in by_negative {
                let mechanism = match self.statement(n).stance {
                    Stance::Denies => Kind::Denial,
                    _ => Kind::Negation,
                };
                for fact in facts {
                    for proof in self.proofs(fact) {
                        // The denial must be about the same time as what it denies.
                        let both = proof.statements.iter().copied().chain([n]);
                        if self.common_time(both).is_none() {
                            continue;
                        }
                        let what = self.program.prop_text(&self.fact_prop(fact));
                        self.raw.push(Raw {
                            sides: vec![Side::Fact(proof), Side::Negative(n)],
                            mechanism,
                            constraint: None,
                            reason: format!("one side holds `{what}`, the other says it is not so"),
                        });
                    }
                }
            }
        }
    }

    fn fact_prop(&self, fact: FactId) -> crate::resolve::hir::Proposition {
        crate::resolve::hir::Proposition {
            pred: self.ev.pred(fact),
            args: self.ev.values(fact).into(),
        }
    }

    /// Constraint violations found by the engine.
    fn violations(&mut self) {
        let violations = self.ev.violations().to_vec();
        for v in violations {
            let Some(c) = self.program.constraints.get(v.constraint.0 as usize) else {
                continue;
            };
            let (name, kind) = (c.name.clone(), c.kind);
            let mechanism = match kind {
                ConstraintKind::Exclusive => Kind::Exclusive,
                ConstraintKind::OneWay => Kind::Structural,
                ConstraintKind::User => Kind::Derived,
            };
            let alternatives: Vec<Vec<Rc<Proof>>> =
                v.premises.iter().map(|p| self.proofs(*p)).collect();
            let combos = best_combos(&alternatives, self.options.proofs_per_fact);
            let facts: Vec<String> = v
                .premises
                .iter()
                .map(|f| format!("`{}`", self.program.prop_text(&self.fact_prop(*f))))
                .collect();
            for combo in combos {
                // Premises from statements about different times do not conflict.
                let all = combo.iter().flat_map(|p| p.statements.iter().copied());
                if self.common_time(all).is_none() {
                    continue;
                }
                self.raw.push(Raw {
                    sides: combo.into_iter().map(Side::Fact).collect(),
                    mechanism,
                    constraint: Some((name.clone(), kind)),
                    reason: format!("`{name}` forbids {} together", join_and(&facts)),
                });
            }
        }
    }

    /// Functional predicates: facts that agree on the inputs and disagree on the output.
    fn functional(&mut self) {
        for (i, info) in self.program.predicates.iter().enumerate() {
            if !info.functional || info.params.is_empty() {
                continue;
            }
            let pred = PredId(i as u32);
            let out_ty = info.params.last().map(|p| p.1);
            let mechanism = match out_ty {
                Some(Type::Number) => Kind::Numeric,
                Some(Type::Date | Type::Month | Type::Year | Type::Interval) => Kind::Date,
                _ => Kind::Functional,
            };
            // Number the groups of facts that agree on the inputs (first seen first), keyed by
            // the interned ids the engine already holds, then gather the groups of two or more.
            let ev = self.ev;
            let mut group_ids: HashMap<&[ValueId], u32> = HashMap::new();
            let mut sizes: Vec<u32> = Vec::new();
            let mut group_of: Vec<(u32, FactId)> = Vec::new();
            for fact in ev.facts_of(pred) {
                let args = ev.args(fact);
                let inputs = args.split_last().map_or(args, |(_, inputs)| inputs);
                let next = sizes.len() as u32;
                let g = *group_ids.entry(inputs).or_insert(next);
                if g == next {
                    sizes.push(0);
                }
                if let Some(size) = sizes.get_mut(g as usize) {
                    *size += 1;
                }
                group_of.push((g, fact));
            }
            drop(group_ids);
            group_of.retain(|&(g, _)| sizes.get(g as usize).is_some_and(|&n| n >= 2));
            // Stable: each group's facts stay in fact order.
            group_of.sort_by_key(|&(g, _)| g);
            let mut groups: Vec<Vec<FactId>> = Vec::new();
            let mut current = None;
            for (g, fact) in group_of {
                if current != Some(g) {
                    groups.push(Vec::new());
                    current = Some(g);
                }
                if let Some(group) = groups.last_mut() {
                    group.push(fact);
                }
            }
            for facts in groups {
                for (a_i, &a) in facts.iter().enumerate() {
                    for &b in facts.get(a_i + 1..).unwrap_or_default() {
                        let (va, vb) = (self.output(a), self.output(b));
                        if self.compatible(&va, &vb) && !info.cumulative {
                            continue;
                        }
                        self.functional_pair(a, b, mechanism, info.cumulative, &va, &vb);
                    }
                }
            }
        }
    }

    fn output(&self, fact: FactId) -> Value {
        self.ev.values(fact).pop().unwrap_or(Value::Unknown)
    }

    fn functional_pair(
        &mut self,
        a: FactId,
        b: FactId,
        mechanism: Kind,
        cumulative: bool,
        va: &Value,
        vb: &Value,
    ) {
        let pa = self.proofs(a);
        let pb = self.proofs(b);
        let prop = self.fact_prop(a);
        let info = self.program.pred(prop.pred);
        let mut inputs = prop.args.to_vec();
        inputs.pop();
        let inputs: Vec<String> = inputs.iter().map(|v| self.program.value_text(v)).collect();
        let subject = format!("{}({})", info.name, inputs.join(", "));
        for x in &pa {
            for y in &pb {
                let (tx, ty) = (self.proof_time(x), self.proof_time(y));
                let (Some(tx), Some(ty)) = (tx, ty) else {
                    continue;
                };
                let reason = if cumulative {
                    // A running total may differ at different times, but never shrink.
                    match (tx, ty) {
                        (Some(ix), Some(iy)) if !ix.overlaps(iy) => {
                            let (early, late, ve, vl) = if ix.days().1 < iy.days().0 {
                                (ix, iy, va, vb)
                            } else {
                                (iy, ix, vb, va)
                            };
                            if !shrinks(ve, vl) {
                                continue;
                            }
                            format!(
                                "`{subject}` is a running total: {} by {early} but {} by {late}",
                                self.program.value_text(ve),
                                self.program.value_text(vl)
                            )
                        }
                        _ => {
                            if self.compatible(va, vb) {
                                continue;
                            }
                            self.differ_reason(&subject, va, vb)
                        }
                    }
                } else {
                    if let (Some(ix), Some(iy)) = (tx, ty)
                        && !ix.overlaps(iy)
                    {
                        continue;
                    }
                    self.differ_reason(&subject, va, vb)
                };
                self.raw.push(Raw {
                    sides: vec![Side::Fact(x.clone()), Side::Fact(y.clone())],
                    mechanism,
                    constraint: None,
                    reason,
                });
            }
        }
    }

    fn differ_reason(&self, subject: &str, va: &Value, vb: &Value) -> String {
        let extra = match (va, vb) {
            (Value::Entity(_), Value::Entity(_)) => ", and neither lies within the other",
            (Value::Num(_), Value::Num(_)) => ", beyond tolerance",
            _ => "",
        };
        format!(
            "`{subject}` has one value, but one side says `{}` and the other `{}`{extra}",
            self.program.value_text(va),
            self.program.value_text(vb)
        )
    }

    /// Whether two outputs of a functional predicate can both be right.
    fn compatible(&self, a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Entity(x), Value::Entity(y)) => {
                x == y
                    || self.located_in.is_some_and(|p| {
                        self.ev.lookup(p, &[a.clone(), b.clone()]).is_some()
                            || self.ev.lookup(p, &[b.clone(), a.clone()]).is_some()
                    })
            }
            (Value::Num(x), Value::Num(y)) => x.compatible(y),
            (Value::Date(x), Value::Date(y)) => x.overlaps(*y),
            (Value::Interval(x), Value::Interval(y)) => x.overlaps(*y),
            (Value::Date(d), Value::Interval(i)) | (Value::Interval(i), Value::Date(d)) => {
                Interval::at(*d).overlaps(*i)
            }
            _ => a == b,
        }
    }

    /// Roles: one holder of a role in one office at a time.
    fn roles(&mut self) {
        let Some(holds) = self.program.predicate(builtin::HOLDS) else {
            return;
        };
        let mut groups: HashMap<(Value, Value), Vec<FactId>> = HashMap::new();
        let mut order = Vec::new();
        for fact in self.ev.facts_of(holds) {
            let v = self.ev.values(fact);
            let [_, role, of] = v.as_slice() else {
                continue;
            };
            let key = (role.clone(), of.clone());
            let entry = groups.entry(key.clone()).or_default();
            if entry.is_empty() {
                order.push(key);
            }
            entry.push(fact);
        }
        for key in order {
            let facts = groups.get(&key).cloned().unwrap_or_default();
            for (i, &a) in facts.iter().enumerate() {
                for &b in facts.get(i + 1..).unwrap_or_default() {
                    let (ha, hb) = (self.ev.values(a), self.ev.values(b));
                    if ha.first() == hb.first() {
                        continue;
                    }
                    for x in self.proofs(a) {
                        for y in self.proofs(b) {
                            let (Some(tx), Some(ty)) = (self.proof_time(&x), self.proof_time(&y))
                            else {
                                continue;
                            };
                            // A holding without any time cannot be placed: no conflict.
                            let (Some(ix), Some(iy)) = (tx, ty) else {
                                continue;
                            };
                            let Some(shared) = intersect(ix, iy) else {
                                continue;
                            };
                            let name = |v: &[Value]| {
                                v.first()
                                    .map(|e| self.program.value_text(e))
                                    .unwrap_or_default()
                            };
                            let reason = format!(
                                "`{}` of `{}` has one holder at a time, but `{}` and `{}` are both said to hold it during {shared}",
                                self.program.value_text(&key.0),
                                self.program.value_text(&key.1),
                                name(&ha),
                                name(&hb),
                            );
                            self.raw.push(Raw {
                                sides: vec![Side::Fact(x.clone()), Side::Fact(y.clone())],
                                mechanism: Kind::Role,
                                constraint: None,
                                reason,
                            });
                        }
                    }
                }
            }
        }
    }

    /// Classifies, deduplicates and minimises.
    fn finish(self) -> Found {
        let mut by_set: HashMap<Vec<StatementId>, Contradiction> = HashMap::new();
        for raw in &self.raw {
            let mut statements = BTreeSet::new();
            let mut rules = BTreeSet::new();
            for side in &raw.sides {
                match side {
                    Side::Fact(p) => {
                        statements.extend(p.statements.iter().copied());
                        rules.extend(p.rules.iter().copied());
                    }
                    Side::Negative(s) => {
                        statements.insert(*s);
                    }
                }
            }
            if statements.is_empty() {
                continue; // axioms alone: a bug in the pack, not a claim anyone made
            }
            let c = self.classify(raw, statements.into_iter().collect(), rules);
            match by_set.get(&c.statements) {
                Some(old) if rank(old) <= rank(&c) => {}
                _ => {
                    by_set.insert(c.statements.clone(), c);
                }
            }
        }
        let mut all: Vec<Contradiction> = by_set.into_values().collect();
        all.sort_by(|a, b| {
            (a.statements.len(), &a.statements).cmp(&(b.statements.len(), &b.statements))
        });
        // Drop every set that contains a smaller contradiction's set.
        let mut kept: Vec<Contradiction> = Vec::new();
        let mut by_member: HashMap<StatementId, Vec<usize>> = HashMap::new();
        for c in all {
            let contains_smaller = c.statements.iter().any(|s| {
                by_member.get(s).is_some_and(|ids| {
                    ids.iter().filter_map(|&k| kept.get(k)).any(|small| {
                        let small = &small.statements;
                        small.len() < c.statements.len()
                            && small.iter().all(|x| c.statements.binary_search(x).is_ok())
                    })
                })
            });
            if contains_smaller {
                continue;
            }
            for s in &c.statements {
                by_member.entry(*s).or_default().push(kept.len());
            }
            kept.push(c);
        }
        kept.sort_by(|a, b| (&a.statements, a.kind).cmp(&(&b.statements, b.kind)));
        let truncated = kept.len() > self.options.max_contradictions;
        kept.truncate(self.options.max_contradictions);
        Found {
            contradictions: kept,
            truncated,
        }
    }

    fn classify(
        &self,
        raw: &Raw,
        statements: Vec<StatementId>,
        rules: BTreeSet<RuleId>,
    ) -> Contradiction {
        let relation = self.relation(&statements);
        let user_rule = rules.iter().any(|r| {
            self.program
                .rules
                .get(r.0 as usize)
                .is_some_and(|r| r.origin == RuleOrigin::User)
        });
        let kind = if relation == Relation::Reference {
            Kind::Reference
        } else if relation == Relation::Reversal {
            Kind::Reversal
        } else if user_rule {
            Kind::Derived
        } else {
            raw.mechanism
        };
        let mut severity = statements
            .iter()
            .map(|s| strength(self.statement(*s).modality))
            .max()
            .unwrap_or(Severity::Error);
        if relation == Relation::Reversal {
            severity = severity.weaker();
        }
        // The chain in the order it runs: premises' rules before the rules they feed, the
        // violated constraint last.
        let mut chain: Vec<RuleId> = Vec::new();
        for side in &raw.sides {
            if let Side::Fact(p) = side {
                rule_chain(p, &mut chain);
            }
        }
        let mut names: Vec<String> = chain
            .iter()
            .filter_map(|r| self.program.rules.get(r.0 as usize))
            .map(|r| r.name.clone())
            .collect();
        if let Some((name, _)) = &raw.constraint {
            names.push(name.clone());
        }
        Contradiction {
            kind,
            severity,
            relation,
            statements,
            rules: names,
            sides: raw.sides.clone(),
            constraint: raw.constraint.as_ref().map(|c| c.0.clone()),
            reason: raw.reason.clone(),
        }
    }

    /// The voice a statement speaks with: an actor stands for what it speaks for, the author
    /// of one document is not the author of another.
    fn voice(&self, s: &Statement) -> (u8, u32) {
        match s.speaker {
            Speaker::Reference => (0, 0),
            Speaker::Author => (1, s.source.file.0),
            Speaker::Entity(e) => {
                let e = self.program.ent(e).speaks_for.first().copied().unwrap_or(e);
                (2, e.0)
            }
        }
    }

    fn relation(&self, statements: &[StatementId]) -> Relation {
        let st: Vec<&Statement> = statements.iter().map(|s| self.statement(*s)).collect();
        if st.iter().any(|s| s.speaker == Speaker::Reference) {
            return Relation::Reference;
        }
        let first = st.first().map(|s| self.voice(s));
        if st.iter().all(|s| Some(self.voice(s)) == first) {
            let times: BTreeSet<Option<Date>> = st.iter().map(|s| self.reported(s)).collect();
            if times.len() > 1 {
                return Relation::Reversal;
            }
            return Relation::SelfContradiction;
        }
        Relation::Dispute
    }

    fn reported(&self, s: &Statement) -> Option<Date> {
        s.reported
            .or_else(|| self.document_dates.get(&s.source.file).copied().flatten())
    }
}

/// Most proof levels walked recursively; deeper proofs (long transitive chains) are listed
/// from the rule set each node caches, so no input can exhaust the stack.
pub const MAX_PROOF_DEPTH: usize = 64;

/// Rules of a proof in post-order (premises first), each once.
fn rule_chain(p: &Proof, out: &mut Vec<RuleId>) {
    fn walk(p: &Proof, out: &mut Vec<RuleId>, depth: usize) {
        let ProofStep::Rule(r, premises) = &p.step else {
            return;
        };
        if depth >= MAX_PROOF_DEPTH {
            for r in &p.rules {
                if !out.contains(r) {
                    out.push(*r);
                }
            }
            return;
        }
        for q in premises {
            walk(q, out, depth + 1);
        }
        if !out.contains(r) {
            out.push(*r);
        }
    }
    walk(p, out, 0);
}

/// Severity a modality caps a contradiction at.
fn strength(m: Modality) -> Severity {
    match m {
        Modality::Fact | Modality::Dismissed => Severity::Error,
        Modality::Hedged | Modality::Intended | Modality::Expected | Modality::Feared => {
            Severity::Warning
        }
        Modality::Warned | Modality::Declined => Severity::Info,
    }
}

/// Preference among contradictions over the same set: most severe, then most specific kind.
fn rank(c: &Contradiction) -> (Severity, Kind, Vec<String>) {
    (c.severity, c.kind, c.rules.clone())
}

fn intersect(a: Interval, b: Interval) -> Option<Interval> {
    if !a.overlaps(b) {
        return None;
    }
    let from = match (a.from, b.from) {
        (Some(x), Some(y)) => Some(if x.days().0 >= y.days().0 { x } else { y }),
        (x, y) => x.or(y),
    };
    let until = match (a.until, b.until) {
        (Some(x), Some(y)) => Some(if x.days().1 <= y.days().1 { x } else { y }),
        (x, y) => x.or(y),
    };
    Some(Interval { from, until })
}

/// Whether a running total went from `early` down to `late`, beyond tolerance.
fn shrinks(early: &Value, late: &Value) -> bool {
    match (early, late) {
        (Value::Num(e), Value::Num(l)) => {
            if let (Some(a), Some(b)) = (&e.unit, &l.unit)
                && a != b
            {
                return false;
            }
            e.bounds().0 > l.bounds().1
        }
        _ => false,
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Most rounds of proof improvement for one group of facts (see `Finder::proofs`).
const MAX_PROOF_ROUNDS: usize = 16;

/// Up to `limit` combinations picking one alternative per position: of the first
/// `limit * limit` in order, the ones whose statements together are fewest, without two
/// whose statements are the same or contain each other's.
fn best_combos(alternatives: &[Vec<Rc<Proof>>], limit: usize) -> Vec<Vec<Rc<Proof>>> {
    let combos = product(alternatives, limit.saturating_mul(limit).max(limit));
    let mut ranked: Vec<(BTreeSet<StatementId>, Vec<Rc<Proof>>)> = combos
        .into_iter()
        .map(|c| {
            let set = c
                .iter()
                .flat_map(|p| p.statements.iter().copied())
                .collect();
            (set, c)
        })
        .collect();
    // Stable: equal sizes keep their order.
    ranked.sort_by_key(|(set, _)| set.len());
    let mut kept: Vec<(BTreeSet<StatementId>, Vec<Rc<Proof>>)> = Vec::new();
    for (set, combo) in ranked {
        if kept.len() >= limit {
            break;
        }
        if kept.iter().any(|(k, _)| k.is_subset(&set)) {
            continue;
        }
        kept.push((set, combo));
    }
    kept.into_iter().map(|(_, c)| c).collect()
}

/// Up to `limit` of the proofs, fewest statements first (ties in the order given), dropping
/// any whose statements are the same as or contain a kept proof's.
fn select(mut candidates: Vec<Rc<Proof>>, limit: usize) -> Vec<Rc<Proof>> {
    candidates.sort_by_key(|p| p.statements.len());
    let mut kept: Vec<Rc<Proof>> = Vec::new();
    for p in candidates {
        if kept.len() >= limit {
            break;
        }
        let dominated = kept.iter().any(|k| {
            k.statements
                .iter()
                .all(|s| p.statements.binary_search(s).is_ok())
        });
        if !dominated {
            kept.push(p);
        }
    }
    kept
}

/// Whether two lists of proofs have the same statement sets in the same order.
fn same_sets(a: &[Rc<Proof>], b: &[Rc<Proof>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.statements == y.statements)
}

/// Up to `limit` combinations picking one alternative per position.
fn product(alternatives: &[Vec<Rc<Proof>>], limit: usize) -> Vec<Vec<Rc<Proof>>> {
    let mut combos: Vec<Vec<Rc<Proof>>> = vec![Vec::new()];
    for alts in alternatives {
        let mut next = Vec::new();
        'outer: for combo in &combos {
            for alt in alts {
                if next.len() >= limit {
                    break 'outer;
                }
                let mut c = combo.clone();
                c.push(alt.clone());
                next.push(c);
            }
        }
        combos = next;
    }
    combos
}
