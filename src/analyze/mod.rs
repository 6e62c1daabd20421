//! Static analysis of a resolved program before anything runs: safety (every variable of a head,
//! a negated atom or a comparison is bound by a positive atom), stratification (no predicate
//! depends on its own negation), and the evaluation [`Plan`]: strata in dependency order, the
//! semi-naive delta variants of each rule with their join orders, and the hash indexes each
//! relation needs.
//!
//! Rules and constraints with errors are reported and left out of the plan, so a plan is
//! always safe to run. This module looks at rules, constraints and predicates only: it never
//! reads statements or axioms, and it evaluates nothing.

mod plan;
mod stratify;

pub use plan::{
    Access, AtomStep, ConstraintPlan, Filter, JoinPlan, Operand, Plan, RelationPlan, RulePlan,
    Stratum, Version,
};

use crate::diagnostic::{Diag, Diagnostic, Label};
use crate::resolve::hir::{Atom, Literal, Program, Term, VarId};
use crate::source::Span;
use std::collections::BTreeSet;

/// An error found while analysing rules and constraints.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AnalyzeError {
    /// A head variable that no positive body atom binds: `p(X) :- q(Y).`
    #[error(
        "variable `{var}` in the head of rule `{rule}` is not bound by a positive atom of its body"
    )]
    UnboundHeadVariable {
        /// Variable name (`_` for a wildcard in a head).
        var: String,
        /// Rule name.
        rule: String,
        /// The variable in the head.
        span: Span,
    },
    /// A variable of a negated atom that no positive atom binds: `p(X) :- q(X), not r(Y).`
    #[error("variable `{var}` in a negated atom is not bound by a positive atom")]
    UnboundNegatedVariable {
        /// Variable name.
        var: String,
        /// The variable in the negated atom.
        span: Span,
    },
    /// A variable of a comparison that no positive atom binds: `p(X) :- q(X), Y > 3.`
    #[error("variable `{var}` in a comparison is not bound by a positive atom")]
    UnboundComparisonVariable {
        /// Variable name (`_` for a wildcard, which never binds).
        var: String,
        /// The comparison.
        span: Span,
    },
    /// A predicate that depends on its own negation:
    /// `p(X) :- s(X), not q(X).` with `q(X) :- p(X).`
    #[error("`{pred}` depends on its own negation through {cycle}")]
    NegationCycle {
        /// Head predicate of the rule holding the negation.
        pred: String,
        /// The negated predicate.
        negated: String,
        /// The cycle as text: `` `p` → not `q` → `p` ``.
        cycle: String,
        /// The negated atom.
        span: Span,
        /// The rules that make up the cycle.
        rules: Vec<Label>,
    },
    /// An atom whose predicate id is not in the program (only hand-built programs; `resolve`
    /// never produces one): `PredId(7)` in a program with three predicates.
    #[error("atom uses predicate #{id}, which the program does not declare")]
    UnknownPredicate {
        /// The predicate id.
        id: u32,
        /// The atom.
        span: Span,
    },
    /// An atom with the wrong number of arguments (only hand-built programs; `resolve` reports
    /// these itself): `edge(a)` for `edge/2`.
    #[error("`{pred}` takes {expected} argument(s) but this atom has {found}")]
    ArityMismatch {
        /// Predicate name.
        pred: String,
        /// Declared arity.
        expected: usize,
        /// Arguments written.
        found: usize,
        /// The atom.
        span: Span,
    },
}

impl Diag for AnalyzeError {
    fn code(&self) -> &'static str {
        match self {
            AnalyzeError::UnboundHeadVariable { .. }
            | AnalyzeError::UnboundNegatedVariable { .. }
            | AnalyzeError::UnboundComparisonVariable { .. } => {
                "claimcheck::analyze::unsafe_variable"
            }
            AnalyzeError::NegationCycle { .. } => "claimcheck::analyze::negation_cycle",
            AnalyzeError::UnknownPredicate { .. } => "claimcheck::analyze::unknown_predicate",
            AnalyzeError::ArityMismatch { .. } => "claimcheck::analyze::arity_mismatch",
        }
    }

    fn span(&self) -> Span {
        match self {
            AnalyzeError::UnboundHeadVariable { span, .. }
            | AnalyzeError::UnboundNegatedVariable { span, .. }
            | AnalyzeError::UnboundComparisonVariable { span, .. }
            | AnalyzeError::NegationCycle { span, .. }
            | AnalyzeError::UnknownPredicate { span, .. }
            | AnalyzeError::ArityMismatch { span, .. } => *span,
        }
    }

    fn label(&self) -> Option<String> {
        match self {
            AnalyzeError::UnboundHeadVariable { var, .. }
            | AnalyzeError::UnboundNegatedVariable { var, .. }
            | AnalyzeError::UnboundComparisonVariable { var, .. } => {
                Some(format!("`{var}` is never bound"))
            }
            AnalyzeError::NegationCycle { negated, .. } => {
                Some(format!("`{negated}` is negated inside its own recursion"))
            }
            AnalyzeError::UnknownPredicate { .. } => Some("unknown predicate".to_string()),
            AnalyzeError::ArityMismatch { expected, .. } => {
                Some(format!("expected {expected} argument(s)"))
            }
        }
    }

    fn related(&self) -> Vec<Label> {
        match self {
            AnalyzeError::NegationCycle { rules, .. } => rules.clone(),
            _ => Vec::new(),
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            AnalyzeError::UnboundHeadVariable { var, .. }
            | AnalyzeError::UnboundNegatedVariable { var, .. }
            | AnalyzeError::UnboundComparisonVariable { var, .. } => {
                Some(format!("bind `{var}` in a positive atom of the body"))
            }
            AnalyzeError::NegationCycle { negated, pred, .. } => Some(format!(
                "negate only predicates that do not depend on `{pred}`, or drop the negation of `{negated}`"
            )),
            AnalyzeError::UnknownPredicate { .. } | AnalyzeError::ArityMismatch { .. } => None,
        }
    }
}

/// Checks every rule and constraint and plans the evaluation.
///
/// Returns the plan and the errors found, unsorted. Rules and constraints with an error are
/// left out of the plan (and listed by [`Plan::skipped_rules`] and
/// [`Plan::skipped_constraints`]), so the plan can be run even when there are errors.
pub fn analyze_program(program: &Program) -> (Plan, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut rule_ok = vec![true; program.rules.len()];
    let mut well_formed = vec![true; program.rules.len()];
    for ((rule, rule_ok), well_formed) in program
        .rules
        .iter()
        .zip(rule_ok.iter_mut())
        .zip(well_formed.iter_mut())
    {
        // `&` rather than `&&`: every malformed atom is reported, not only the first.
        let structural = check_atom(program, &rule.head, &mut errors)
            & rule.body.iter().fold(true, |ok, lit| {
                ok & check_literal(program, lit, &mut errors)
            });
        if !structural {
            *rule_ok = false;
            *well_formed = false;
            continue;
        }
        let bound = positive_vars(&rule.body);
        let mut head_unsafe = BTreeSet::new();
        for (k, term) in rule.head.args.iter().enumerate() {
            let var = match term {
                Term::Var(v) if !bound.contains(v) => var_name(&rule.vars, *v),
                Term::Wildcard => "_".to_string(),
                _ => continue,
            };
            if head_unsafe.insert(var.clone()) {
                errors.push(AnalyzeError::UnboundHeadVariable {
                    var,
                    rule: rule.name.clone(),
                    span: arg_span(&rule.head, k),
                });
            }
        }
        let body_ok = check_body_safety(&rule.body, &rule.vars, &bound, &mut errors);
        *rule_ok = head_unsafe.is_empty() && body_ok;
    }
    let mut constraint_ok = vec![true; program.constraints.len()];
    for (constraint, constraint_ok) in program.constraints.iter().zip(constraint_ok.iter_mut()) {
        let structural = constraint.body.iter().fold(true, |ok, lit| {
            ok & check_literal(program, lit, &mut errors)
        });
        *constraint_ok = structural && {
            let bound = positive_vars(&constraint.body);
            check_body_safety(&constraint.body, &constraint.vars, &bound, &mut errors)
        };
    }
    // Negation cycles are looked for among all well-formed rules, unsafe ones included, so
    // that every error is reported at once.
    for (rule, error) in stratify::negation_cycles(program, &well_formed) {
        if let Some(ok) = rule_ok.get_mut(rule) {
            *ok = false;
        }
        errors.push(error);
    }
    let plan = plan::build_plan(program, &rule_ok, &constraint_ok);
    let diagnostics = errors.iter().map(|e| Diagnostic::from_diag(e)).collect();
    (plan, diagnostics)
}

/// Checks one literal's predicate id and arity.
fn check_literal(program: &Program, lit: &Literal, errors: &mut Vec<AnalyzeError>) -> bool {
    match lit {
        Literal::Pos(atom) | Literal::Neg(atom) => check_atom(program, atom, errors),
        Literal::Cmp { .. } => true,
    }
}

/// Checks an atom's predicate id and arity.
fn check_atom(program: &Program, atom: &Atom, errors: &mut Vec<AnalyzeError>) -> bool {
    match program.predicates.get(atom.pred.0 as usize) {
        None => {
            errors.push(AnalyzeError::UnknownPredicate {
                id: atom.pred.0,
                span: atom.span,
            });
            false
        }
        Some(info) if info.arity() != atom.args.len() => {
            errors.push(AnalyzeError::ArityMismatch {
                pred: info.name.clone(),
                expected: info.arity(),
                found: atom.args.len(),
                span: atom.span,
            });
            false
        }
        Some(_) => true,
    }
}

/// Variables bound by the positive atoms of a body.
fn positive_vars(body: &[Literal]) -> BTreeSet<VarId> {
    let mut bound = BTreeSet::new();
    for lit in body {
        if let Literal::Pos(atom) = lit {
            for term in &atom.args {
                if let Term::Var(v) = term {
                    bound.insert(*v);
                }
            }
        }
    }
    bound
}

/// Reports variables of negated atoms and comparisons that `bound` does not contain; returns
/// whether there were none.
fn check_body_safety(
    body: &[Literal],
    vars: &[String],
    bound: &BTreeSet<VarId>,
    errors: &mut Vec<AnalyzeError>,
) -> bool {
    let before = errors.len();
    for lit in body {
        match lit {
            Literal::Pos(_) => {}
            Literal::Neg(atom) => {
                let mut seen = BTreeSet::new();
                for (k, term) in atom.args.iter().enumerate() {
                    if let Term::Var(v) = term
                        && !bound.contains(v)
                        && seen.insert(*v)
                    {
                        errors.push(AnalyzeError::UnboundNegatedVariable {
                            var: var_name(vars, *v),
                            span: arg_span(atom, k),
                        });
                    }
                }
            }
            Literal::Cmp { lhs, rhs, span, .. } => {
                let mut seen = BTreeSet::new();
                for term in [lhs, rhs] {
                    let var = match term {
                        Term::Var(v) if !bound.contains(v) => var_name(vars, *v),
                        Term::Wildcard => "_".to_string(),
                        _ => continue,
                    };
                    if seen.insert(var.clone()) {
                        errors.push(AnalyzeError::UnboundComparisonVariable { var, span: *span });
                    }
                }
            }
        }
    }
    errors.len() == before
}

/// The name of a variable, or `?n` when the rule's table lacks it.
pub(crate) fn var_name(vars: &[String], v: VarId) -> String {
    vars.get(v.0 as usize)
        .cloned()
        .unwrap_or_else(|| format!("?{}", v.0))
}

/// Where argument `k` of an atom was written (the atom's span when unknown).
fn arg_span(atom: &Atom, k: usize) -> Span {
    atom.arg_spans.get(k).copied().unwrap_or(atom.span)
}
