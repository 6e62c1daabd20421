//! Clauses with variables (rule heads and bodies, constraints, exclusive groups): variables are
//! numbered in order of first appearance and typed by their first positive-atom position;
//! every atom is checked against its predicate's declaration and every comparison for
//! comparable types. Safety (is every variable bound?) is not checked here: that is
//! `analyze`'s job.

use super::error::ResolveError;
use super::hir::{Atom, Literal, Term, Type, VarId};
use super::scope::{Coerce, Scope, term_text};
use crate::source::Span;
use crate::syntax::ast::{self, CmpOp};

/// A resolved clause.
pub(crate) struct Clause {
    /// The head, for rules.
    pub(crate) head: Option<Atom>,
    /// The body literals, in source order.
    pub(crate) body: Vec<Literal>,
    /// Variable names, indexed by `VarId`.
    pub(crate) vars: Vec<String>,
}

struct Var {
    name: String,
    /// The type and the place it was first given.
    ty: Option<(Type, Span)>,
}

struct Builder<'a> {
    scope: Scope<'a>,
    vars: Vec<Var>,
    errors: Vec<ResolveError>,
}

/// Resolves a clause; all errors in it are returned together.
pub(crate) fn resolve_clause(
    scope: Scope<'_>,
    head: Option<&ast::Atom>,
    body: &[ast::Literal],
) -> Result<Clause, Vec<ResolveError>> {
    let mut b = Builder {
        scope,
        vars: Vec::new(),
        errors: Vec::new(),
    };
    b.number_vars(head, body);

    // Positive body atoms give variables their types, so they go first; the source order of
    // the literals is restored when the clause is assembled.
    let mut literals: Vec<Option<Literal>> = body.iter().map(|_| None).collect();
    for (slot, lit) in literals.iter_mut().zip(body) {
        if let ast::Literal::Pos(atom) = lit {
            *slot = b.atom(atom).map(Literal::Pos);
        }
    }
    let head = head.map(|h| b.atom(h));
    for (slot, lit) in literals.iter_mut().zip(body) {
        match lit {
            ast::Literal::Neg(atom, _) => *slot = b.atom(atom).map(Literal::Neg),
            ast::Literal::Cmp(cmp) => *slot = b.comparison(cmp),
            ast::Literal::Pos(_) => {}
        }
    }

    if !b.errors.is_empty() {
        return Err(b.errors);
    }
    Ok(Clause {
        head: head.flatten(),
        body: literals.into_iter().flatten().collect(),
        vars: b.vars.into_iter().map(|v| v.name).collect(),
    })
}

impl Builder<'_> {
    fn number_vars(&mut self, head: Option<&ast::Atom>, body: &[ast::Literal]) {
        let mut terms: Vec<&ast::Term> = Vec::new();
        if let Some(h) = head {
            terms.extend(h.args.iter().chain(h.output.iter()));
        }
        for lit in body {
            match lit {
                ast::Literal::Pos(a) | ast::Literal::Neg(a, _) => {
                    terms.extend(a.args.iter().chain(a.output.iter()))
                }
                ast::Literal::Cmp(c) => terms.extend([&c.lhs, &c.rhs]),
            }
        }
        for term in terms {
            if let ast::Term::Var(v) = term {
                self.var(&v.name);
            }
        }
    }

    fn var(&mut self, name: &str) -> VarId {
        let index = match self.vars.iter().position(|v| v.name == name) {
            Some(i) => i,
            None => {
                self.vars.push(Var {
                    name: name.to_string(),
                    ty: None,
                });
                self.vars.len() - 1
            }
        };
        VarId(index as u32)
    }

    fn var_type(&self, id: VarId) -> Option<Type> {
        self.vars
            .get(id.0 as usize)
            .and_then(|v| v.ty)
            .map(|(t, _)| t)
    }

    fn atom(&mut self, atom: &ast::Atom) -> Option<Atom> {
        let scope = self.scope;
        let pred = match scope.resolve_predicate(&atom.pred) {
            Ok(p) => p,
            Err(e) => {
                self.errors.push(e);
                return None;
            }
        };
        if let Err(e) = scope.check_arity(atom, pred) {
            self.errors.push(e);
            return None;
        }
        let params = &scope.program.pred(pred).params;
        let mut args = Vec::with_capacity(params.len());
        let mut arg_spans = Vec::with_capacity(params.len());
        let mut ok = true;
        for (i, term) in atom.args.iter().chain(atom.output.iter()).enumerate() {
            arg_spans.push(term.span());
            match term {
                ast::Term::Var(v) => {
                    let id = self.var(&v.name);
                    // A parameter whose type is unknown (reported at its declaration) says
                    // nothing about the variable.
                    if let Some((_, ty)) = params.get(i)
                        && !scope.poisoned_param(pred, i)
                    {
                        ok &= self.use_var(id, v, *ty, || scope.position(pred, i));
                    }
                    args.push(Term::Var(id));
                }
                ast::Term::Wildcard(_) => args.push(Term::Wildcard),
                _ => match scope.constant(term, pred, i) {
                    Ok(v) => args.push(Term::Const(v)),
                    Err(e) => {
                        self.errors.push(e);
                        ok = false;
                    }
                },
            }
        }
        ok.then_some(Atom {
            pred,
            args,
            arg_spans,
            span: atom.span,
        })
    }

    /// Gives a variable its type at its first use, or checks a later use against it.
    fn use_var(
        &mut self,
        id: VarId,
        v: &ast::Ident,
        ty: Type,
        position: impl Fn() -> String,
    ) -> bool {
        let scope = self.scope;
        let Some(var) = self.vars.get_mut(id.0 as usize) else {
            return false;
        };
        match var.ty {
            None => {
                var.ty = Some((ty, v.span));
                true
            }
            Some((have, _)) if scope.compatible(have, ty) => true,
            Some((have, first)) => {
                self.errors.push(ResolveError::TypeMismatch {
                    position: position(),
                    expected: scope.type_name(ty),
                    what: format!("variable `{}`", v.name),
                    found: scope.type_name(have),
                    span: v.span,
                    first_use: Some(first),
                });
                false
            }
        }
    }

    fn comparison(&mut self, cmp: &ast::Comparison) -> Option<Literal> {
        let mut failed = false;
        for side in [&cmp.lhs, &cmp.rhs] {
            if let ast::Term::Wildcard(span) = side {
                self.errors
                    .push(ResolveError::WildcardComparison { span: *span });
                failed = true;
            }
        }
        if failed {
            return None;
        }
        let lhs = self.side(cmp, true);
        let rhs = self.side(cmp, false);
        let ((lhs, lhs_ty), (rhs, rhs_ty)) = (lhs?, rhs?);
        let scope = self.scope;
        if let (Some(a), Some(b)) = (lhs_ty, rhs_ty)
            && !scope.compatible(a, b)
        {
            self.errors.push(ResolveError::Incomparable {
                lhs: describe(&cmp.lhs),
                lhs_type: scope.type_name(a),
                rhs: describe(&cmp.rhs),
                rhs_type: scope.type_name(b),
                span: cmp.span,
            });
            return None;
        }
        if let Some(op) = ordering(cmp.op) {
            for (term, ty) in [(&cmp.lhs, lhs_ty), (&cmp.rhs, rhs_ty)] {
                if let Some(ty) = ty
                    .filter(|t| !matches!(t, Type::Number | Type::Date | Type::Month | Type::Year))
                {
                    self.errors.push(ResolveError::Unordered {
                        op,
                        what: describe(term),
                        found: scope.type_name(ty),
                        span: cmp.span,
                    });
                    return None;
                }
            }
        }
        Some(Literal::Cmp {
            lhs,
            op: cmp.op,
            rhs,
            span: cmp.span,
        })
    }

    /// One side of a comparison. A literal takes the type of a typed variable on the other
    /// side (so `Y >= 2020` compares years when `Y` is a year).
    fn side(&mut self, cmp: &ast::Comparison, left: bool) -> Option<(Term, Option<Type>)> {
        let scope = self.scope;
        let (term, other) = if left {
            (&cmp.lhs, &cmp.rhs)
        } else {
            (&cmp.rhs, &cmp.lhs)
        };
        if let ast::Term::Var(v) = term {
            let id = self.var(&v.name);
            return Some((Term::Var(id), self.var_type(id)));
        }
        let other_ty = match other {
            ast::Term::Var(v) => {
                let id = self.var(&v.name);
                self.var_type(id)
            }
            _ => None,
        };
        let result = match other_ty {
            Some(want) => scope
                .coerce(term, want)
                .map(|v| (v, want))
                .map_err(|e| match e {
                    Coerce::Unresolved(e) => *e,
                    Coerce::Mismatch(found) => {
                        let (lhs_type, rhs_type) = if left {
                            (found, scope.type_name(want))
                        } else {
                            (scope.type_name(want), found)
                        };
                        ResolveError::Incomparable {
                            lhs: describe(&cmp.lhs),
                            lhs_type,
                            rhs: describe(&cmp.rhs),
                            rhs_type,
                            span: cmp.span,
                        }
                    }
                }),
            None => match scope.natural(term) {
                Ok(Some(pair)) => Ok(pair),
                Ok(None) => return None,
                Err(e) => Err(e),
            },
        };
        match result {
            Ok((value, ty)) => Some((Term::Const(value), Some(ty))),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }
}

/// The operator's text, for ordering operators only.
fn ordering(op: CmpOp) -> Option<&'static str> {
    match op {
        CmpOp::Lt => Some("<"),
        CmpOp::Le => Some("<="),
        CmpOp::Gt => Some(">"),
        CmpOp::Ge => Some(">="),
        CmpOp::Eq | CmpOp::Ne => None,
    }
}

/// "variable `X`" or "`2023`".
fn describe(term: &ast::Term) -> String {
    match term {
        ast::Term::Var(v) => format!("variable `{}`", v.name),
        other => format!("`{}`", term_text(other)),
    }
}
