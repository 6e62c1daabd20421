//! The evaluation plan: what `eval` runs, decided once before any fact exists.
//!
//! Strata come in dependency order. Every rule of a recursive stratum gets one join variant
//! per body atom on a predicate of its own stratum (the semi-naive "delta" variants); every
//! other rule gets one variant that runs once. Each variant fixes a join order (its delta atom
//! first, then greedily the atom with the most bound arguments, ties in body order), which
//! rows of each relation an atom reads ([`Version`]), how it finds them ([`Access`]), and
//! where negations and comparisons are checked (as soon as their variables are bound).
//!
//! The plan holds no interned values: constants live in one table that `eval` interns.

use super::stratify::{components, dependency_edges};
use super::var_name;
use crate::resolve::hir::{Atom, ConstraintId, Literal, PredId, Program, RuleId, Term, VarId};
use crate::syntax::ast::CmpOp;
use crate::value::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// Which rows of a relation an atom reads, in the semi-naive lifecycle of
/// `eval`'s relations (stable rows, then recent rows, then rows added this round).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// Every row: the relation belongs to a lower stratum and is complete.
    All,
    /// Stable and recent rows: everything known before this round.
    Full,
    /// Stable rows only: everything known before the previous round.
    Old,
    /// Recent rows only: what the previous round added.
    Delta,
}

/// How an atom finds its rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    /// No argument is bound: walk the rows.
    Scan,
    /// Some arguments are bound: the relation's hash index with this number (see
    /// [`Plan::indexes`]).
    Index(usize),
    /// Every argument is bound: the relation's own tuple table.
    Primary,
}

/// A value an argument is compared with: a rule variable's slot or a constant of the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operand {
    /// The value bound to this variable slot.
    Slot(u32),
    /// This entry of the plan's constant table.
    Const(u32),
}

/// A negation or comparison checked once its variables are bound.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// Holds when no fact of `pred` matches `key` at the bound positions.
    Neg {
        /// Index of the literal in the body.
        literal: usize,
        /// Predicate.
        pred: PredId,
        /// How the relation is probed.
        access: Access,
        /// Values at the bound positions, in position order.
        key: Vec<Operand>,
        /// The literal as written.
        text: String,
    },
    /// Holds when the comparison does.
    Cmp {
        /// Index of the literal in the body.
        literal: usize,
        /// Left.
        lhs: Operand,
        /// Operator.
        op: CmpOp,
        /// Right.
        rhs: Operand,
        /// The literal as written.
        text: String,
    },
}

/// One positive atom of a join.
#[derive(Clone, Debug, PartialEq)]
pub struct AtomStep {
    /// Index of the literal in the body.
    pub(crate) literal: usize,
    /// Predicate.
    pub(crate) pred: PredId,
    /// Which rows it reads.
    pub(crate) version: Version,
    /// How it finds them.
    pub(crate) access: Access,
    /// Positions that are bound before the atom (constants and bound variables), ascending.
    pub(crate) key_positions: Vec<usize>,
    /// Values at `key_positions`.
    pub(crate) key: Vec<Operand>,
    /// (position, slot) pairs the atom binds.
    pub(crate) bind: Vec<(usize, u32)>,
    /// (position, slot) pairs that must equal a slot the atom itself bound (`p(X, X)`).
    pub(crate) check: Vec<(usize, u32)>,
    /// Index of the matched fact among the body's positive atoms.
    pub(crate) premise: u32,
    /// Negations and comparisons checked right after this atom.
    pub(crate) filters: Vec<Filter>,
    /// The atom as written.
    pub(crate) text: String,
}

/// One way to evaluate a body: a join order with its filters.
#[derive(Clone, Debug, PartialEq)]
pub struct JoinPlan {
    /// The body literal read as a delta, if any.
    pub(crate) delta: Option<usize>,
    /// Filters with no variables, checked before the join.
    pub(crate) pre_filters: Vec<Filter>,
    /// Positive atoms in join order.
    pub(crate) steps: Vec<AtomStep>,
}

/// A rule's plan.
#[derive(Clone, Debug, PartialEq)]
pub struct RulePlan {
    /// The rule.
    pub(crate) rule: RuleId,
    /// Head predicate.
    pub(crate) pred: PredId,
    /// Head arguments.
    pub(crate) head: Vec<Operand>,
    /// Number of variable slots.
    pub(crate) slots: u32,
    /// Number of positive body atoms (the premises of a derivation).
    pub(crate) premises: u32,
    /// Join variants: one that runs once, or one per recursive body atom.
    pub(crate) variants: Vec<JoinPlan>,
    /// Rule name.
    pub(crate) name: String,
    /// The rule as written.
    pub(crate) text: String,
}

/// A constraint's plan: one join over complete relations.
#[derive(Clone, Debug, PartialEq)]
pub struct ConstraintPlan {
    /// The constraint.
    pub(crate) constraint: ConstraintId,
    /// Number of variable slots.
    pub(crate) slots: u32,
    /// Number of positive atoms.
    pub(crate) premises: u32,
    /// The join.
    pub(crate) join: JoinPlan,
    /// Constraint name.
    pub(crate) name: String,
    /// The body as written.
    pub(crate) text: String,
}

/// What a relation needs.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationPlan {
    /// Predicate name.
    pub(crate) name: String,
    /// Arity.
    pub(crate) arity: usize,
    /// The bound positions of each hash index, ascending.
    pub(crate) indexes: Vec<Vec<usize>>,
}

/// A set of mutually recursive predicates and the rules that derive them.
#[derive(Clone, Debug, PartialEq)]
pub struct Stratum {
    /// Predicates, ascending.
    pub(crate) preds: Vec<PredId>,
    /// Whether some rule reads a predicate of this stratum.
    pub(crate) recursive: bool,
    /// Rules whose head is in this stratum, in program order.
    pub(crate) rules: Vec<RulePlan>,
}

impl Stratum {
    /// The predicates it derives.
    pub fn preds(&self) -> &[PredId] {
        &self.preds
    }

    /// Whether it iterates to a fixpoint (some rule reads its own stratum).
    pub fn recursive(&self) -> bool {
        self.recursive
    }

    /// Its rules, in program order.
    pub fn rule_ids(&self) -> impl Iterator<Item = RuleId> + '_ {
        self.rules.iter().map(|r| r.rule)
    }
}

/// The evaluation plan of a program; see the module docs. `Display` prints it as text.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Per predicate, indexed by `PredId`.
    pub(crate) relations: Vec<RelationPlan>,
    /// Strata with rules, in dependency order.
    pub(crate) strata: Vec<Stratum>,
    /// Constraints, in program order.
    pub(crate) constraints: Vec<ConstraintPlan>,
    /// Constants used by the plan.
    pub(crate) consts: Vec<Value>,
    /// Rules left out because of errors.
    pub(crate) skipped_rules: Vec<RuleId>,
    /// Constraints left out because of errors.
    pub(crate) skipped_constraints: Vec<ConstraintId>,
}

impl Plan {
    /// Strata with rules, in evaluation order.
    pub fn strata(&self) -> &[Stratum] {
        &self.strata
    }

    /// The bound positions of each hash index of a predicate's relation.
    pub fn indexes(&self, pred: PredId) -> &[Vec<usize>] {
        self.relations
            .get(pred.0 as usize)
            .map_or(&[][..], |r| r.indexes.as_slice())
    }

    /// Rules left out of the plan because analysis found an error in them.
    pub fn skipped_rules(&self) -> &[RuleId] {
        &self.skipped_rules
    }

    /// Constraints left out of the plan because analysis found an error in them.
    pub fn skipped_constraints(&self) -> &[ConstraintId] {
        &self.skipped_constraints
    }
}

/// Builds the plan for the rules and constraints marked ok.
pub(crate) fn build_plan(program: &Program, rule_ok: &[bool], constraint_ok: &[bool]) -> Plan {
    let mut b = Builder {
        program,
        relations: program
            .predicates
            .iter()
            .map(|p| RelationPlan {
                name: p.name.clone(),
                arity: p.arity(),
                indexes: Vec::new(),
            })
            .collect(),
        consts: Vec::new(),
        const_ids: HashMap::new(),
    };
    let edges = dependency_edges(program, rule_ok);
    let (comp_of, comps) = components(&edges);
    let mut rules_of: Vec<Vec<usize>> = vec![Vec::new(); comps.len()];
    for (r, rule) in program.rules.iter().enumerate() {
        if rule_ok.get(r).copied().unwrap_or(false)
            && let Some(rules) = comp_of
                .get(rule.head.pred.0 as usize)
                .and_then(|&c| rules_of.get_mut(c))
        {
            rules.push(r);
        }
    }
    let mut strata = Vec::new();
    for ((c, preds), rules_of_c) in comps.iter().enumerate().zip(&rules_of) {
        if rules_of_c.is_empty() {
            continue;
        }
        let recursive = preds.len() > 1
            || preds
                .iter()
                .any(|&p| edges.get(p).is_some_and(|es| es.iter().any(|e| e.to == p)));
        let in_stratum = |p: PredId| recursive && comp_of.get(p.0 as usize) == Some(&c);
        let rules = rules_of_c
            .iter()
            .filter_map(|&r| b.plan_rule(r, &in_stratum))
            .collect();
        strata.push(Stratum {
            preds: preds.iter().map(|&p| PredId(p as u32)).collect(),
            recursive,
            rules,
        });
    }
    let mut constraints = Vec::new();
    for (i, constraint) in program.constraints.iter().enumerate() {
        if !constraint_ok.get(i).copied().unwrap_or(false) {
            continue;
        }
        let slots = slot_map(None, &constraint.body);
        let versions = constraint
            .body
            .iter()
            .map(|l| matches!(l, Literal::Pos(_)).then_some(Version::All))
            .collect::<Vec<_>>();
        let join = b.plan_join(&constraint.body, &constraint.vars, &slots, &versions, None);
        constraints.push(ConstraintPlan {
            constraint: ConstraintId(i as u32),
            slots: slots.len() as u32,
            premises: count_positive(&constraint.body),
            join,
            name: constraint.name.clone(),
            text: body_text(program, &constraint.vars, &constraint.body),
        });
    }
    let skipped = |ok: &[bool]| -> Vec<usize> {
        ok.iter()
            .enumerate()
            .filter(|(_, ok)| !**ok)
            .map(|(i, _)| i)
            .collect()
    };
    Plan {
        relations: b.relations,
        strata,
        constraints,
        consts: b.consts,
        skipped_rules: skipped(rule_ok)
            .into_iter()
            .map(|i| RuleId(i as u32))
            .collect(),
        skipped_constraints: skipped(constraint_ok)
            .into_iter()
            .map(|i| ConstraintId(i as u32))
            .collect(),
    }
}

struct Builder<'a> {
    program: &'a Program,
    relations: Vec<RelationPlan>,
    consts: Vec<Value>,
    const_ids: HashMap<Value, u32>,
}

impl Builder<'_> {
    fn plan_rule(&mut self, r: usize, in_stratum: &dyn Fn(PredId) -> bool) -> Option<RulePlan> {
        let rule = self.program.rules.get(r)?;
        let slots = slot_map(Some(&rule.head), &rule.body);
        let recursive_atoms: Vec<usize> = rule
            .body
            .iter()
            .enumerate()
            .filter(|(_, l)| matches!(l, Literal::Pos(a) if in_stratum(a.pred)))
            .map(|(i, _)| i)
            .collect();
        let mut variants = Vec::new();
        if recursive_atoms.is_empty() {
            let versions: Vec<Option<Version>> = rule
                .body
                .iter()
                .map(|l| matches!(l, Literal::Pos(_)).then_some(Version::All))
                .collect();
            variants.push(self.plan_join(&rule.body, &rule.vars, &slots, &versions, None));
        } else {
            // Variant k reads recursive atom k as a delta, the recursive atoms before it as
            // stable only and those after it in full: every combination of facts with at
            // least one recent fact is then enumerated exactly once.
            for (k, &delta) in recursive_atoms.iter().enumerate() {
                let versions: Vec<Option<Version>> = rule
                    .body
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        if !matches!(l, Literal::Pos(_)) {
                            return None;
                        }
                        Some(match recursive_atoms.iter().position(|&j| j == i) {
                            None => Version::All,
                            Some(j) if j < k => Version::Old,
                            Some(j) if j == k => Version::Delta,
                            Some(_) => Version::Full,
                        })
                    })
                    .collect();
                variants.push(self.plan_join(
                    &rule.body,
                    &rule.vars,
                    &slots,
                    &versions,
                    Some(delta),
                ));
            }
        }
        let head = rule
            .head
            .args
            .iter()
            .map(|t| self.operand(t, &slots))
            .collect();
        Some(RulePlan {
            rule: RuleId(r as u32),
            pred: rule.head.pred,
            head,
            slots: slots.len() as u32,
            premises: count_positive(&rule.body),
            variants,
            name: rule.name.clone(),
            text: format!(
                "{} :- {}",
                atom_text(self.program, &rule.vars, &rule.head),
                body_text(self.program, &rule.vars, &rule.body)
            ),
        })
    }

    /// Plans one join: `versions[i]` is the version of positive literal `i` (`None` for the
    /// others), `delta` the literal to start from.
    fn plan_join(
        &mut self,
        body: &[Literal],
        vars: &[String],
        slots: &BTreeMap<VarId, u32>,
        versions: &[Option<Version>],
        delta: Option<usize>,
    ) -> JoinPlan {
        let mut premise_of = vec![0u32; body.len()];
        let mut n = 0u32;
        for (lit, premise) in body.iter().zip(premise_of.iter_mut()) {
            if matches!(lit, Literal::Pos(_)) {
                *premise = n;
                n += 1;
            }
        }
        let mut bound: BTreeSet<VarId> = BTreeSet::new();
        let mut pending: Vec<usize> = body
            .iter()
            .enumerate()
            .filter(|(_, l)| !matches!(l, Literal::Pos(_)))
            .map(|(i, _)| i)
            .collect();
        let mut remaining: Vec<usize> = body
            .iter()
            .enumerate()
            .filter(|(i, l)| matches!(l, Literal::Pos(_)) && Some(*i) != delta)
            .map(|(i, _)| i)
            .collect();
        let pre_filters = self.ready_filters(body, vars, slots, &bound, &mut pending);
        let mut steps = Vec::new();
        let mut next = delta.filter(|&d| matches!(body.get(d), Some(Literal::Pos(_))));
        loop {
            let pick = match next.take() {
                Some(d) => d,
                None => match best_atom(body, &remaining, &bound) {
                    Some(i) => {
                        remaining.retain(|&j| j != i);
                        i
                    }
                    None => break,
                },
            };
            let Some(Literal::Pos(atom)) = body.get(pick) else {
                break;
            };
            let version = versions
                .get(pick)
                .copied()
                .flatten()
                .unwrap_or(Version::All);
            let mut step = self.atom_step(pick, atom, version, vars, slots, &bound);
            step.premise = premise_of.get(pick).copied().unwrap_or(0);
            for t in &atom.args {
                if let Term::Var(v) = t {
                    bound.insert(*v);
                }
            }
            step.filters = self.ready_filters(body, vars, slots, &bound, &mut pending);
            steps.push(step);
        }
        JoinPlan {
            delta,
            pre_filters,
            steps,
        }
    }

    /// Removes from `pending` the filters whose variables are all bound and plans them.
    fn ready_filters(
        &mut self,
        body: &[Literal],
        vars: &[String],
        slots: &BTreeMap<VarId, u32>,
        bound: &BTreeSet<VarId>,
        pending: &mut Vec<usize>,
    ) -> Vec<Filter> {
        let mut ready = Vec::new();
        pending.retain(|&i| {
            let Some(lit) = body.get(i) else { return false };
            let is_ready = literal_vars(lit).iter().all(|v| bound.contains(v));
            if is_ready {
                ready.push(i);
            }
            !is_ready
        });
        ready
            .into_iter()
            .filter_map(|i| self.filter(i, body.get(i)?, vars, slots))
            .collect()
    }

    fn filter(
        &mut self,
        i: usize,
        lit: &Literal,
        vars: &[String],
        slots: &BTreeMap<VarId, u32>,
    ) -> Option<Filter> {
        match lit {
            Literal::Pos(_) => None,
            Literal::Neg(atom) => {
                let mut positions = Vec::new();
                let mut key = Vec::new();
                for (pos, t) in atom.args.iter().enumerate() {
                    match t {
                        Term::Wildcard => {}
                        _ => {
                            positions.push(pos);
                            key.push(self.operand(t, slots));
                        }
                    }
                }
                let access = self.access(atom.pred, positions);
                Some(Filter::Neg {
                    literal: i,
                    pred: atom.pred,
                    access,
                    key,
                    text: format!("not {}", atom_text(self.program, vars, atom)),
                })
            }
            Literal::Cmp { lhs, op, rhs, .. } => Some(Filter::Cmp {
                literal: i,
                lhs: self.operand(lhs, slots),
                op: *op,
                rhs: self.operand(rhs, slots),
                text: literal_text(self.program, vars, lit),
            }),
        }
    }

    fn atom_step(
        &mut self,
        literal: usize,
        atom: &Atom,
        version: Version,
        vars: &[String],
        slots: &BTreeMap<VarId, u32>,
        bound: &BTreeSet<VarId>,
    ) -> AtomStep {
        let mut key_positions = Vec::new();
        let mut key = Vec::new();
        let mut bind = Vec::new();
        let mut check = Vec::new();
        let mut local: BTreeSet<VarId> = BTreeSet::new();
        for (pos, t) in atom.args.iter().enumerate() {
            match t {
                Term::Wildcard => {}
                Term::Const(_) => {
                    key_positions.push(pos);
                    key.push(self.operand(t, slots));
                }
                Term::Var(v) if bound.contains(v) => {
                    key_positions.push(pos);
                    key.push(self.operand(t, slots));
                }
                Term::Var(v) => {
                    let slot = slots.get(v).copied().unwrap_or(0);
                    if local.insert(*v) {
                        bind.push((pos, slot));
                    } else {
                        check.push((pos, slot));
                    }
                }
            }
        }
        let access = self.access(atom.pred, key_positions.clone());
        AtomStep {
            literal,
            pred: atom.pred,
            version,
            access,
            key_positions,
            key,
            bind,
            check,
            premise: 0,
            filters: Vec::new(),
            text: atom_text(self.program, vars, atom),
        }
    }

    /// The access path for probing `pred` on `positions`, registering an index when needed.
    fn access(&mut self, pred: PredId, positions: Vec<usize>) -> Access {
        let Some(rel) = self.relations.get_mut(pred.0 as usize) else {
            return Access::Scan;
        };
        if positions.is_empty() {
            Access::Scan
        } else if positions.len() == rel.arity {
            Access::Primary
        } else if let Some(i) = rel.indexes.iter().position(|ix| *ix == positions) {
            Access::Index(i)
        } else {
            rel.indexes.push(positions);
            Access::Index(rel.indexes.len() - 1)
        }
    }

    /// A term as an operand. Wildcards never reach here: analysis rejects them in heads and
    /// comparisons, and negations and atoms skip them.
    fn operand(&mut self, t: &Term, slots: &BTreeMap<VarId, u32>) -> Operand {
        match t {
            Term::Var(v) => Operand::Slot(slots.get(v).copied().unwrap_or(u32::MAX)),
            Term::Const(value) => {
                let next = self.consts.len() as u32;
                let id = *self.const_ids.entry(value.clone()).or_insert(next);
                if id == next {
                    self.consts.push(value.clone());
                }
                Operand::Const(id)
            }
            Term::Wildcard => Operand::Slot(u32::MAX),
        }
    }
}

/// The positive literal to join next: the one with the most bound arguments, ties broken by
/// body order.
fn best_atom(body: &[Literal], remaining: &[usize], bound: &BTreeSet<VarId>) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for &i in remaining {
        let Some(Literal::Pos(atom)) = body.get(i) else {
            continue;
        };
        let score = atom
            .args
            .iter()
            .filter(|t| match t {
                Term::Const(_) => true,
                Term::Var(v) => bound.contains(v),
                Term::Wildcard => false,
            })
            .count();
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| i)
}

/// Dense slot numbers for the variables of a rule, in `VarId` order.
fn slot_map(head: Option<&Atom>, body: &[Literal]) -> BTreeMap<VarId, u32> {
    let mut all: BTreeSet<VarId> = BTreeSet::new();
    if let Some(h) = head {
        all.extend(h.args.iter().filter_map(term_var));
    }
    for lit in body {
        all.extend(literal_vars(lit));
    }
    all.into_iter()
        .enumerate()
        .map(|(i, v)| (v, i as u32))
        .collect()
}

fn term_var(t: &Term) -> Option<VarId> {
    match t {
        Term::Var(v) => Some(*v),
        _ => None,
    }
}

fn literal_vars(lit: &Literal) -> Vec<VarId> {
    match lit {
        Literal::Pos(a) | Literal::Neg(a) => a.args.iter().filter_map(term_var).collect(),
        Literal::Cmp { lhs, rhs, .. } => [lhs, rhs].into_iter().filter_map(term_var).collect(),
    }
}

fn count_positive(body: &[Literal]) -> u32 {
    body.iter().filter(|l| matches!(l, Literal::Pos(_))).count() as u32
}

/// The symbol of a comparison operator.
pub(crate) fn op_symbol(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "=",
        CmpOp::Ne => "!=",
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
    }
}

fn value_text(program: &Program, v: &Value) -> String {
    match v {
        Value::Entity(e) => program
            .entities
            .get(e.0 as usize)
            .map_or_else(|| format!("#{}", e.0), |info| info.name.clone()),
        Value::Str(s) => format!("{s:?}"),
        Value::Num(q) => q.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Interval(i) => i.to_string(),
        Value::Unknown => "_".to_string(),
    }
}

fn term_text(program: &Program, vars: &[String], t: &Term) -> String {
    match t {
        Term::Var(v) => var_name(vars, *v),
        Term::Const(value) => value_text(program, value),
        Term::Wildcard => "_".to_string(),
    }
}

fn atom_text(program: &Program, vars: &[String], atom: &Atom) -> String {
    let name = program
        .predicates
        .get(atom.pred.0 as usize)
        .map_or_else(|| format!("#{}", atom.pred.0), |p| p.name.clone());
    let args: Vec<String> = atom
        .args
        .iter()
        .map(|t| term_text(program, vars, t))
        .collect();
    format!("{name}({})", args.join(", "))
}

fn literal_text(program: &Program, vars: &[String], lit: &Literal) -> String {
    match lit {
        Literal::Pos(a) => atom_text(program, vars, a),
        Literal::Neg(a) => format!("not {}", atom_text(program, vars, a)),
        Literal::Cmp { lhs, op, rhs, .. } => format!(
            "{} {} {}",
            term_text(program, vars, lhs),
            op_symbol(*op),
            term_text(program, vars, rhs)
        ),
    }
}

fn body_text(program: &Program, vars: &[String], body: &[Literal]) -> String {
    let lits: Vec<String> = body
        .iter()
        .map(|l| literal_text(program, vars, l))
        .collect();
    format!("{}.", lits.join(", "))
}

/// `[bf]`: one letter per argument, `b` when the position is bound.
fn adornment(arity: usize, positions: &[usize]) -> String {
    let letters: String = (0..arity)
        .map(|p| if positions.contains(&p) { 'b' } else { 'f' })
        .collect();
    format!("[{letters}]")
}

impl Plan {
    fn arity(&self, pred: PredId) -> usize {
        self.relations.get(pred.0 as usize).map_or(0, |r| r.arity)
    }

    fn fmt_filter(&self, f: &mut fmt::Formatter<'_>, filter: &Filter) -> fmt::Result {
        match filter {
            Filter::Neg {
                pred, access, text, ..
            } => {
                let arity = self.arity(*pred);
                match access {
                    Access::Scan => write!(f, "{text} (empty)"),
                    Access::Primary => write!(
                        f,
                        "{text} {}",
                        adornment(arity, &(0..arity).collect::<Vec<_>>())
                    ),
                    Access::Index(i) => {
                        let positions = self.indexes(*pred).get(*i).map_or(&[][..], Vec::as_slice);
                        write!(f, "{text} {}", adornment(arity, positions))
                    }
                }
            }
            Filter::Cmp { text, .. } => f.write_str(text),
        }
    }

    fn fmt_join(&self, f: &mut fmt::Formatter<'_>, join: &JoinPlan) -> fmt::Result {
        let mut first = true;
        let mut sep = |f: &mut fmt::Formatter<'_>| {
            if std::mem::take(&mut first) {
                Ok(())
            } else {
                f.write_str(" → ")
            }
        };
        for filter in &join.pre_filters {
            sep(f)?;
            self.fmt_filter(f, filter)?;
        }
        for step in &join.steps {
            sep(f)?;
            f.write_str(&step.text)?;
            match step.version {
                Version::All => {}
                Version::Full => f.write_str(" full")?,
                Version::Old => f.write_str(" old")?,
                Version::Delta => f.write_str(" Δ")?,
            }
            match step.access {
                Access::Scan => f.write_str(" scan")?,
                _ => write!(
                    f,
                    " {}",
                    adornment(self.arity(step.pred), &step.key_positions)
                )?,
            }
            for filter in &step.filters {
                sep(f)?;
                self.fmt_filter(f, filter)?;
            }
        }
        if first {
            f.write_str("(no atoms)")?;
        }
        Ok(())
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (s, stratum) in self.strata.iter().enumerate() {
            let names: Vec<&str> = stratum
                .preds
                .iter()
                .map(|p| {
                    self.relations
                        .get(p.0 as usize)
                        .map_or("?", |r| r.name.as_str())
                })
                .collect();
            let kind = if stratum.recursive {
                " (recursive)"
            } else {
                ""
            };
            writeln!(f, "stratum {s}: {}{kind}", names.join(", "))?;
            for rule in &stratum.rules {
                writeln!(f, "  rule {} `{}`: {}", rule.rule.0, rule.name, rule.text)?;
                for join in &rule.variants {
                    match join.delta {
                        None => f.write_str("    once: ")?,
                        Some(d) => write!(f, "    Δ body {}: ", d + 1)?,
                    }
                    self.fmt_join(f, join)?;
                    writeln!(f)?;
                }
            }
        }
        for c in &self.constraints {
            writeln!(f, "constraint {} `{}`: {}", c.constraint.0, c.name, c.text)?;
            f.write_str("    check: ")?;
            self.fmt_join(f, &c.join)?;
            writeln!(f)?;
        }
        let indexed: Vec<&RelationPlan> = self
            .relations
            .iter()
            .filter(|r| !r.indexes.is_empty())
            .collect();
        if !indexed.is_empty() {
            writeln!(f, "indexes")?;
            for rel in indexed {
                let list: Vec<String> = rel
                    .indexes
                    .iter()
                    .map(|ix| adornment(rel.arity, ix))
                    .collect();
                writeln!(f, "  {}: {}", rel.name, list.join(", "))?;
            }
        }
        if !self.skipped_rules.is_empty() {
            let ids: Vec<String> = self.skipped_rules.iter().map(|r| r.0.to_string()).collect();
            writeln!(f, "skipped rules: {}", ids.join(", "))?;
        }
        if !self.skipped_constraints.is_empty() {
            let ids: Vec<String> = self
                .skipped_constraints
                .iter()
                .map(|c| c.0.to_string())
                .collect();
            writeln!(f, "skipped constraints: {}", ids.join(", "))?;
        }
        Ok(())
    }
}
