//! Looking names up in a (possibly unfinished) program and giving literals their values:
//! entity names, string, number, date and interval literals, with the type-directed coercions
//! of the language (a date in a `year` position is cut to its year, `2023` is a year where a
//! date is wanted, …). Ground atoms (reference facts, claims, outside propositions) are
//! resolved here too. Variables are not: they live in `body`.

use super::error::ResolveError;
use super::hir::{PredId, Program, Proposition, Type, TypeId};
use crate::diagnostic::did_you_mean;
use crate::source::FileId;
use crate::syntax::ast;
use crate::value::{Date, EntityId, Interval, Qualifier, Quantity, Value};
use std::collections::{HashMap, HashSet};

/// Names of the scalar types, in the order suggestions are listed.
pub(crate) const SCALAR_TYPES: [(&str, Type); 6] = [
    ("string", Type::Str),
    ("number", Type::Number),
    ("date", Type::Date),
    ("month", Type::Month),
    ("year", Type::Year),
    ("interval", Type::Interval),
];

/// Hash indexes over a program under construction, kept in step with it by the resolver.
#[derive(Debug, Default)]
pub(crate) struct Names {
    pub(crate) types: HashMap<String, TypeId>,
    pub(crate) entities: HashMap<String, EntityId>,
    pub(crate) predicates: HashMap<String, PredId>,
}

/// What an error already reported left unknown: entities and types whose declared type or
/// parent was not found (or closed a cycle), and predicate parameters whose type was not
/// found. Each stands in the program as the root type `entity`, so checking its uses against
/// that stand-in would report the one mistake again at every use; checks involving a
/// poisoned name pass instead. A program with poisoned names is never evaluated (they come
/// from errors in rule files, which stop evaluation), so the leniency cannot reach a result.
#[derive(Debug, Default)]
pub(crate) struct Poison {
    entities: HashSet<EntityId>,
    types: HashSet<TypeId>,
    params: HashSet<(PredId, usize)>,
}

impl Poison {
    /// Finds the poisoned names of `program` (as `resolve_program` built it from `files`) by
    /// resolving each declaration's types again: a declaration whose type does not resolve
    /// to what the program holds was reported when the program was built.
    pub(crate) fn of(program: &Program, files: &[(FileId, ast::RuleFile)]) -> Poison {
        let scope = Scope::new(program, None);
        let types: HashMap<&str, TypeId> = program
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), TypeId(i as u32)))
            .collect();
        let entities: HashMap<&str, EntityId> = program
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.as_str(), EntityId(i as u32)))
            .collect();
        let predicates: HashMap<&str, PredId> = program
            .predicates
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.as_str(), PredId(i as u32)))
            .collect();
        let mut poison = Poison::default();
        for item in files.iter().flat_map(|(_, f)| &f.items) {
            match item {
                ast::Item::Type(t) => {
                    let Some(parent) = &t.parent else { continue };
                    let Some(&id) = types.get(t.name.name.as_str()) else {
                        continue;
                    };
                    let Some(info) = program.types.get(id.0 as usize) else {
                        continue;
                    };
                    let wanted = scope.resolve_entity_type(parent).ok();
                    if info.span == t.span && wanted != info.parent {
                        poison.types.insert(id);
                    }
                }
                ast::Item::Entity(e) => {
                    let Some(&id) = entities.get(e.name.name.as_str()) else {
                        continue;
                    };
                    if program.ent(id).span == e.span && scope.resolve_entity_type(&e.ty).is_err() {
                        poison.entities.insert(id);
                    }
                }
                ast::Item::Predicate(p) => {
                    let Some(&id) = predicates.get(p.name.name.as_str()) else {
                        continue;
                    };
                    if program.pred(id).span != p.span {
                        continue;
                    }
                    let types = p.params.iter().map(|q| &q.ty).chain(&p.output);
                    for (i, ty) in types.enumerate() {
                        if scope.resolve_type(ty).is_err() {
                            poison.params.insert((id, i));
                        }
                    }
                }
                _ => {}
            }
        }
        poison
    }
}

/// A program to look names up in, with its indexes when there are any (outside
/// `resolve_program` the program's own linear lookups are used), and the names an earlier
/// error left unknown ([`Poison`]), when known.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub(crate) program: &'a Program,
    names: Option<&'a Names>,
    poison: Option<&'a Poison>,
}

/// Why a literal could not be given the expected type.
pub(crate) enum Coerce {
    /// The literal names something that does not exist.
    Unresolved(Box<ResolveError>),
    /// The literal has this other type.
    Mismatch(String),
}

/// What a ground atom may contain besides constants.
#[derive(Clone, Copy)]
pub(crate) struct Ground {
    /// Wildcards become `Value::Unknown` (claims, statements) instead of errors (references).
    pub(crate) wildcards: bool,
    /// How the error names the item ("reference facts").
    pub(crate) item: &'static str,
}

impl<'a> Scope<'a> {
    pub(crate) fn new(program: &'a Program, names: Option<&'a Names>) -> Scope<'a> {
        Scope {
            program,
            names,
            poison: None,
        }
    }

    /// The same scope, lenient about the names `poison` holds.
    pub(crate) fn with_poison(self, poison: &'a Poison) -> Scope<'a> {
        Scope {
            poison: Some(poison),
            ..self
        }
    }

    /// Whether a parameter's declared type was not found (an error already reported).
    pub(crate) fn poisoned_param(&self, pred: PredId, index: usize) -> bool {
        self.poison
            .is_some_and(|p| p.params.contains(&(pred, index)))
    }

    /// Whether an entity's declared type was not found (an error already reported).
    fn poisoned_entity(&self, id: EntityId) -> bool {
        self.poison.is_some_and(|p| p.entities.contains(&id))
    }

    /// Whether a type or one of its ancestors had a parent that was not found.
    fn poisoned_type(&self, mut ty: TypeId) -> bool {
        let Some(poison) = self.poison.filter(|p| !p.types.is_empty()) else {
            return false;
        };
        // Parents were made acyclic by the resolver; the bound guards against anything else.
        for _ in 0..=self.program.types.len() {
            if poison.types.contains(&ty) {
                return true;
            }
            match self.program.types.get(ty.0 as usize).and_then(|t| t.parent) {
                Some(p) => ty = p,
                None => return false,
            }
        }
        false
    }

    /// Whether an entity may stand where type `want` is expected: by its type, or because an
    /// error already reported left its type unknown.
    pub(crate) fn entity_fits(&self, id: EntityId, want: TypeId) -> bool {
        let ty = self.program.ent(id).ty;
        self.program.is_subtype(ty, want)
            || self.poisoned_entity(id)
            || self.poisoned_type(ty)
            || self.poisoned_type(want)
    }

    pub(crate) fn entity(&self, name: &str) -> Option<EntityId> {
        match self.names {
            Some(n) => n.entities.get(name).copied(),
            None => self.program.entity(name),
        }
    }

    pub(crate) fn predicate(&self, name: &str) -> Option<PredId> {
        match self.names {
            Some(n) => n.predicates.get(name).copied(),
            None => self.program.predicate(name),
        }
    }

    fn entity_type(&self, name: &str) -> Option<TypeId> {
        match self.names {
            Some(n) => n.types.get(name).copied(),
            None => self
                .program
                .types
                .iter()
                .position(|t| t.name == name)
                .map(|i| TypeId(i as u32)),
        }
    }

    /// A type name as written in a parameter list: scalar or entity type.
    pub(crate) fn resolve_type(&self, name: &ast::Ident) -> Result<Type, ResolveError> {
        if let Some((_, ty)) = SCALAR_TYPES.iter().find(|(n, _)| *n == name.name) {
            return Ok(*ty);
        }
        self.entity_type(&name.name)
            .map(Type::Entity)
            .ok_or_else(|| self.unknown_type(name))
    }

    /// A type name where only entity types are allowed (an entity's type, a parent type, the
    /// type a role is held in).
    pub(crate) fn resolve_entity_type(&self, name: &ast::Ident) -> Result<TypeId, ResolveError> {
        match self.resolve_type(name)? {
            Type::Entity(t) => Ok(t),
            _ => Err(ResolveError::NotEntityType {
                name: name.name.clone(),
                span: name.span,
            }),
        }
    }

    fn unknown_type(&self, name: &ast::Ident) -> ResolveError {
        let declared = self.program.types.iter().map(|t| t.name.as_str());
        let scalars = SCALAR_TYPES.iter().map(|(n, _)| *n);
        ResolveError::UnknownType {
            name: name.name.clone(),
            span: name.span,
            help: did_you_mean(&name.name, declared.chain(scalars)),
        }
    }

    pub(crate) fn resolve_entity(&self, name: &ast::Ident) -> Result<EntityId, ResolveError> {
        self.entity(&name.name)
            .ok_or_else(|| ResolveError::UnknownEntity {
                name: name.name.clone(),
                span: name.span,
                help: did_you_mean(
                    &name.name,
                    self.program.entities.iter().map(|e| e.name.as_str()),
                ),
            })
    }

    pub(crate) fn resolve_predicate(&self, name: &ast::Ident) -> Result<PredId, ResolveError> {
        self.predicate(&name.name)
            .ok_or_else(|| ResolveError::UnknownPredicate {
                name: name.name.clone(),
                span: name.span,
                help: did_you_mean(
                    &name.name,
                    self.program.predicates.iter().map(|p| p.name.as_str()),
                ),
            })
    }

    /// A role by name: unknown names get suggestions among roles only.
    pub(crate) fn resolve_role(&self, name: &ast::Ident) -> Result<EntityId, ResolveError> {
        let roles = || {
            self.program
                .entities
                .iter()
                .filter(|e| self.program.is_subtype(e.ty, ROLE))
                .map(|e| e.name.as_str())
        };
        let Some(id) = self.entity(&name.name) else {
            return Err(ResolveError::UnknownRole {
                name: name.name.clone(),
                span: name.span,
                help: did_you_mean(&name.name, roles()),
            });
        };
        let ty = self.program.ent(id).ty;
        if self.entity_fits(id, ROLE) {
            Ok(id)
        } else {
            Err(ResolveError::NotARole {
                name: name.name.clone(),
                found: self.type_name(Type::Entity(ty)),
                span: name.span,
            })
        }
    }

    pub(crate) fn type_name(&self, ty: Type) -> String {
        match ty {
            Type::Entity(t) => self
                .program
                .types
                .get(t.0 as usize)
                .map_or_else(|| "entity".to_string(), |i| i.name.clone()),
            other => SCALAR_TYPES
                .iter()
                .find(|(_, t)| *t == other)
                .map_or("entity", |(n, _)| n)
                .to_string(),
        }
    }

    /// Whether a value of type `sub` may stand where `sup` is expected: entity subtypes, and
    /// years and months are dates.
    pub(crate) fn is_subtype(&self, sub: Type, sup: Type) -> bool {
        match (sub, sup) {
            (Type::Entity(a), Type::Entity(b)) => {
                self.program.is_subtype(a, b) || self.poisoned_type(a) || self.poisoned_type(b)
            }
            (Type::Year | Type::Month, Type::Date) => true,
            (a, b) => a == b,
        }
    }

    /// Whether two uses of one variable agree: one type is below the other.
    pub(crate) fn compatible(&self, a: Type, b: Type) -> bool {
        self.is_subtype(a, b) || self.is_subtype(b, a)
    }

    /// `name(p: type, …) -> type`, for help lines.
    pub(crate) fn signature(&self, pred: PredId) -> String {
        let info = self.program.pred(pred);
        let inputs = info
            .params
            .len()
            .saturating_sub(usize::from(info.functional));
        let params: Vec<String> = info
            .params
            .get(..inputs)
            .unwrap_or_default()
            .iter()
            .map(|(n, t)| format!("{n}: {}", self.type_name(*t)))
            .collect();
        let mut text = format!("{}({})", info.name, params.join(", "));
        if info.functional
            && let Some((_, t)) = info.params.last()
        {
            text.push_str(&format!(" -> {}", self.type_name(*t)));
        }
        text
    }

    /// How an error names an argument position.
    pub(crate) fn position(&self, pred: PredId, index: usize) -> String {
        let info = self.program.pred(pred);
        if info.functional && index + 1 == info.params.len() {
            format!("the output of `{}`", info.name)
        } else {
            let param = info.params.get(index).map_or("?", |(n, _)| n.as_str());
            format!("argument `{param}` of `{}`", info.name)
        }
    }

    /// Checks the number of arguments and the presence of the output against the declaration.
    pub(crate) fn check_arity(&self, atom: &ast::Atom, pred: PredId) -> Result<(), ResolveError> {
        let info = self.program.pred(pred);
        let inputs = info.params.len() - usize::from(info.functional);
        if atom.args.len() != inputs {
            return Err(ResolveError::ArityMismatch {
                pred: info.name.clone(),
                expected: inputs,
                found: atom.args.len(),
                span: atom.span,
                signature: self.signature(pred),
            });
        }
        match (&atom.output, info.functional) {
            (None, true) => Err(ResolveError::MissingOutput {
                pred: info.name.clone(),
                span: atom.span,
                signature: self.signature(pred),
            }),
            (Some(out), false) => Err(ResolveError::UnexpectedOutput {
                pred: info.name.clone(),
                span: out.span(),
                signature: self.signature(pred),
            }),
            _ => Ok(()),
        }
    }

    /// A literal's own value and type, for places without an expected type (comparisons of
    /// two literals); `None` for variables and wildcards, which are not literals.
    pub(crate) fn natural(&self, term: &ast::Term) -> Result<Option<(Value, Type)>, ResolveError> {
        let pair = match term {
            ast::Term::Name(n) => {
                let id = self.resolve_entity(n)?;
                (Value::Entity(id), Type::Entity(self.program.ent(id).ty))
            }
            ast::Term::Str(s) => (Value::Str(s.value.as_str().into()), Type::Str),
            ast::Term::Number(n) => (Value::Num(Box::new(n.value.clone())), Type::Number),
            ast::Term::Date(d) => (Value::Date(d.value), Type::Date),
            ast::Term::Interval(i) => (Value::Interval(i.value), Type::Interval),
            ast::Term::Var(_) | ast::Term::Wildcard(_) => return Ok(None),
        };
        Ok(Some(pair))
    }

    /// The name of a literal's own type, for mismatch messages.
    fn found_type(&self, term: &ast::Term) -> Result<String, ResolveError> {
        Ok(self
            .natural(term)?
            .map_or_else(|| "variable".to_string(), |(_, ty)| self.type_name(ty)))
    }

    /// Converts a literal to a value of the expected type, applying the coercions of the
    /// language.
    pub(crate) fn coerce(&self, term: &ast::Term, expected: Type) -> Result<Value, Coerce> {
        let mismatch = || match self.found_type(term) {
            Ok(found) => Coerce::Mismatch(found),
            Err(e) => Coerce::Unresolved(Box::new(e)),
        };
        let value = match (term, expected) {
            (ast::Term::Name(n), Type::Entity(want)) => {
                let id = self
                    .resolve_entity(n)
                    .map_err(|e| Coerce::Unresolved(Box::new(e)))?;
                if !self.entity_fits(id, want) {
                    return Err(mismatch());
                }
                Value::Entity(id)
            }
            (ast::Term::Str(s), Type::Str) => Value::Str(s.value.as_str().into()),
            (ast::Term::Number(n), Type::Number) => Value::Num(Box::new(n.value.clone())),
            (ast::Term::Date(d), Type::Date) => Value::Date(d.value),
            (ast::Term::Date(d), Type::Month) => Value::Date(d.value.to_month()),
            (ast::Term::Date(d), Type::Year) => Value::Date(d.value.to_year()),
            (ast::Term::Date(d), Type::Interval) => Value::Interval(Interval::at(d.value)),
            (ast::Term::Interval(i), Type::Interval) => Value::Interval(i.value),
            (ast::Term::Number(n), Type::Date | Type::Month | Type::Year) => {
                Value::Date(year_of(&n.value).ok_or_else(mismatch)?)
            }
            (ast::Term::Number(n), Type::Interval) => {
                match (year_of(&n.value), year_range(&n.value)) {
                    (Some(y), _) => Value::Interval(Interval::at(y)),
                    (None, Some(i)) => Value::Interval(i),
                    (None, None) => return Err(mismatch()),
                }
            }
            _ => return Err(mismatch()),
        };
        Ok(value)
    }

    /// Converts a literal for an argument position of a predicate: as [`Scope::coerce`], but
    /// at a parameter whose type is unknown (an error already reported) any literal is taken
    /// as it is.
    pub(crate) fn coerce_at(
        &self,
        term: &ast::Term,
        pred: PredId,
        index: usize,
        expected: Type,
    ) -> Result<Value, Coerce> {
        match self.coerce(term, expected) {
            Err(Coerce::Mismatch(found)) if self.poisoned_param(pred, index) => {
                match self.natural(term) {
                    Ok(Some((value, _))) => Ok(value),
                    Ok(None) => Err(Coerce::Mismatch(found)),
                    Err(e) => Err(Coerce::Unresolved(Box::new(e))),
                }
            }
            other => other,
        }
    }

    /// Resolves a literal at an argument position of a predicate; mismatches become errors
    /// naming the position.
    pub(crate) fn constant(
        &self,
        term: &ast::Term,
        pred: PredId,
        index: usize,
    ) -> Result<Value, ResolveError> {
        let ty = self
            .program
            .pred(pred)
            .params
            .get(index)
            .map_or(Type::Entity(ENTITY), |(_, t)| *t);
        self.coerce_at(term, pred, index, ty).map_err(|e| match e {
            Coerce::Unresolved(e) => *e,
            Coerce::Mismatch(found) => ResolveError::TypeMismatch {
                position: self.position(pred, index),
                expected: self.type_name(ty),
                what: format!("`{}`", term_text(term)),
                found,
                span: term.span(),
                first_use: None,
            },
        })
    }

    /// Resolves an atom without variables into a proposition.
    pub(crate) fn ground_atom(
        &self,
        atom: &ast::Atom,
        ground: Ground,
    ) -> Result<Proposition, Vec<ResolveError>> {
        let pred = self.resolve_predicate(&atom.pred).map_err(|e| vec![e])?;
        self.check_arity(atom, pred).map_err(|e| vec![e])?;
        let mut args = Vec::with_capacity(atom.args.len() + 1);
        let mut errors = Vec::new();
        for (i, term) in atom.args.iter().chain(atom.output.iter()).enumerate() {
            let value = match term {
                ast::Term::Var(v) => Err(ResolveError::NotGround {
                    item: ground.item,
                    what: format!("variable `{}`", v.name),
                    span: v.span,
                }),
                ast::Term::Wildcard(_) if ground.wildcards => Ok(Value::Unknown),
                ast::Term::Wildcard(span) => Err(ResolveError::NotGround {
                    item: ground.item,
                    what: "the wildcard `_`".to_string(),
                    span: *span,
                }),
                _ => self.constant(term, pred, i),
            };
            match value {
                Ok(v) => args.push(v),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(Proposition {
                pred,
                args: args.into(),
            })
        } else {
            Err(errors)
        }
    }
}

/// The built-in root type.
pub(crate) const ENTITY: TypeId = TypeId(0);
/// The built-in type of roles.
pub(crate) const ROLE: TypeId = TypeId(1);

/// `2023` as a year: a plain integer 1..=9999, without unit, qualifier or range.
fn year_of(q: &Quantity) -> Option<Date> {
    plain_year(q.value)
        .filter(|_| q.unit.is_none() && q.upper.is_none() && q.qualifier == Qualifier::Exactly)
}

/// `2019..2023` as the interval from the first to the last of those years.
fn year_range(q: &Quantity) -> Option<Interval> {
    let upper = q.upper?;
    if q.unit.is_some() || q.qualifier != Qualifier::Exactly {
        return None;
    }
    Some(Interval {
        from: Some(plain_year(q.value)?),
        until: Some(plain_year(upper)?),
    })
}

fn plain_year(v: f64) -> Option<Date> {
    (v.fract() == 0.0 && (1.0..=9999.0).contains(&v)).then_some(Date {
        year: v as i32,
        month: None,
        day: None,
    })
}

/// A term as it would be written, for messages.
pub(crate) fn term_text(term: &ast::Term) -> String {
    match term {
        ast::Term::Var(i) | ast::Term::Name(i) => i.name.clone(),
        ast::Term::Wildcard(_) => "_".to_string(),
        ast::Term::Str(s) => format!("{:?}", s.value),
        ast::Term::Number(n) => n.value.to_string(),
        ast::Term::Date(d) => d.value.to_string(),
        ast::Term::Interval(i) => i.value.to_string(),
    }
}
