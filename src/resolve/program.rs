//! The passes of `resolve_program`, over all rule files of a run together:
//!
//! 1. types: declare every `type`, then link parents and break cycles;
//! 2. names: roles and entities, predicates (signatures and properties), documents;
//! 3. bodies, in file and item order: entity relations (axioms and role holdings), rules and
//!    constraints generated from predicate properties, exclusive groups, rules, constraints,
//!    reference facts and claims.
//!
//! Every pass goes on after an error with whatever did resolve, so one run reports every
//! problem; an item with an error is left out of the program rather than half-built. A
//! declaration whose type is unknown still declares its name (with the root type `entity` in
//! its place), and its uses are not checked against that stand-in ([`Poison`]), so each
//! mistake is reported once.

use super::body::resolve_clause;
use super::error::ResolveError;
use super::hir::{
    Atom, Axiom, ConstraintInfo, ConstraintKind, DocumentInfo, EntityInfo, FoundBy, Literal,
    Method, Modality, PredId, PredicateInfo, Program, RuleInfo, RuleOrigin, Speaker, Stance,
    Statement, Term, Type, TypeId, TypeInfo, VarId, builtin,
};
use super::path::relative_path;
use super::quote::find_quote;
use super::scope::{ENTITY, Ground, Names, Poison, ROLE, Scope};
use crate::diagnostic::did_you_mean;
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::ast::{self, CmpOp, Item};
use crate::value::{EntityId, Interval, Value};
use std::collections::HashMap;

/// The built-in `located_in` predicate.
const LOCATED_IN: PredId = PredId(0);
/// The built-in `speaks_for` predicate.
const SPEAKS_FOR: PredId = PredId(1);
/// The built-in `holds` predicate.
const HOLDS: PredId = PredId(2);
/// Number of built-in predicates (they come first).
const BUILTIN_PREDICATES: usize = 3;

/// Predicate properties, for suggestions.
const PROPERTIES: [&str; 4] = ["symmetric", "transitive", "one_way", "cumulative"];

struct Resolver<'s> {
    sources: &'s SourceMap,
    program: Program,
    names: Names,
    /// Document name → index in `program.documents` (`None` when its file is missing) and
    /// the declaration.
    documents: HashMap<String, (Option<usize>, Span)>,
    /// User rule names and their declarations.
    rules: HashMap<String, Span>,
    /// User constraint names (and named exclusive groups) and their declarations.
    constraints: HashMap<String, Span>,
    /// What the errors of passes 1 and 2 left unknown, so pass 3 does not report them again.
    poison: Poison,
    errors: Vec<ResolveError>,
}

/// Resolves all rule files of a run together.
pub(crate) fn resolve(
    sources: &SourceMap,
    files: &[(FileId, ast::RuleFile)],
) -> (Program, Vec<ResolveError>) {
    let mut r = Resolver {
        sources,
        program: Program::default(),
        names: Names::default(),
        documents: HashMap::new(),
        rules: HashMap::new(),
        constraints: HashMap::new(),
        poison: Poison::default(),
        errors: Vec::new(),
    };
    r.builtins();
    r.declare_types(files);
    r.link_types(files);
    r.declare_names(files);
    if !r.errors.is_empty() {
        r.poison = Poison::of(&r.program, files);
    }
    r.resolve_bodies(files);
    (r.program, r.errors)
}

fn items(files: &[(FileId, ast::RuleFile)]) -> impl Iterator<Item = (FileId, &Item)> {
    files
        .iter()
        .flat_map(|(id, f)| f.items.iter().map(move |i| (*id, i)))
}

fn time_of(t: &ast::TimeLit) -> Interval {
    match t {
        ast::TimeLit::Date(d) => Interval::at(d.value),
        ast::TimeLit::Interval(i) => i.value,
    }
}

/// An atom over variables only, as the generated rules and constraints use.
fn var_atom(pred: PredId, vars: &[u32], span: Span) -> Atom {
    Atom {
        pred,
        args: vars.iter().map(|v| Term::Var(VarId(*v))).collect(),
        arg_spans: vec![span; vars.len()],
        span,
    }
}

impl Resolver<'_> {
    fn scope(&self) -> Scope<'_> {
        Scope::new(&self.program, Some(&self.names)).with_poison(&self.poison)
    }

    fn builtins(&mut self) {
        for (name, parent) in [(builtin::ENTITY, None), (builtin::ROLE, Some(ENTITY))] {
            self.names
                .types
                .insert(name.to_string(), TypeId(self.program.types.len() as u32));
            self.program.types.push(TypeInfo {
                name: name.to_string(),
                parent,
                span: Span::default(),
                doc: None,
            });
        }
        let entity = Type::Entity(ENTITY);
        type Builtin<'a> = (&'a str, Vec<(&'a str, Type)>, bool);
        let preds: [Builtin; BUILTIN_PREDICATES] = [
            (
                builtin::LOCATED_IN,
                vec![("a", entity), ("b", entity)],
                true,
            ),
            (
                builtin::SPEAKS_FOR,
                vec![("a", entity), ("b", entity)],
                false,
            ),
            (
                builtin::HOLDS,
                vec![
                    ("holder", entity),
                    ("role", Type::Entity(ROLE)),
                    ("of", entity),
                ],
                false,
            ),
        ];
        for (name, params, transitive) in preds {
            self.names.predicates.insert(
                name.to_string(),
                PredId(self.program.predicates.len() as u32),
            );
            self.program.predicates.push(PredicateInfo {
                name: name.to_string(),
                params: params
                    .into_iter()
                    .map(|(n, t)| (n.to_string(), t))
                    .collect(),
                functional: false,
                symmetric: false,
                transitive,
                one_way: false,
                cumulative: false,
                span: Span::default(),
                doc: None,
            });
        }
    }

    // ---- pass 1: types ------------------------------------------------------------------

    fn declare_types(&mut self, files: &[(FileId, ast::RuleFile)]) {
        for (_, item) in items(files) {
            let Item::Type(t) = item else { continue };
            let name = &t.name.name;
            let scalar = super::scope::SCALAR_TYPES.iter().any(|(n, _)| n == name);
            if let Some(&id) = self.names.types.get(name) {
                let first = self
                    .program
                    .types
                    .get(id.0 as usize)
                    .filter(|_| id.0 >= 2)
                    .map(|t| t.span);
                self.duplicate("type", &t.name, first);
                continue;
            }
            if scalar {
                self.duplicate("type", &t.name, None);
                continue;
            }
            let id = TypeId(self.program.types.len() as u32);
            self.names.types.insert(name.clone(), id);
            self.program.types.push(TypeInfo {
                name: name.clone(),
                parent: Some(ENTITY),
                span: t.span,
                doc: t.doc.clone(),
            });
        }
    }

    fn link_types(&mut self, files: &[(FileId, ast::RuleFile)]) {
        for (_, item) in items(files) {
            let Item::Type(t) = item else { continue };
            let Some(parent) = &t.parent else { continue };
            let Some(id) = self.accepted_type(t) else {
                continue;
            };
            let resolved = self.scope().resolve_entity_type(parent);
            match resolved {
                Ok(p) => {
                    if let Some(info) = self.program.types.get_mut(id.0 as usize) {
                        info.parent = Some(p);
                    }
                }
                Err(e) => self.errors.push(e),
            }
        }
        self.break_type_cycles();
    }

    fn accepted_type(&self, t: &ast::TypeDecl) -> Option<TypeId> {
        let id = *self.names.types.get(&t.name.name)?;
        (self.program.types.get(id.0 as usize)?.span == t.span).then_some(id)
    }

    /// Walks every parent chain once; a chain that comes back to itself is reported at its
    /// first-declared type, whose parent then becomes `entity` so later passes terminate.
    // Every index is a type number below `n`: walks start below it and follow only parents
    // below it.
    #[allow(clippy::indexing_slicing)]
    fn break_type_cycles(&mut self) {
        const UNSEEN: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let n = self.program.types.len();
        let mut state = vec![UNSEEN; n];
        for start in 0..n {
            let mut path: Vec<usize> = Vec::new();
            let mut t = start;
            let mut reached_root = false;
            while state[t] == UNSEEN {
                state[t] = ON_PATH;
                path.push(t);
                match self.program.types[t].parent {
                    Some(p) if (p.0 as usize) < n => t = p.0 as usize,
                    _ => {
                        reached_root = true;
                        break;
                    }
                }
            }
            if !reached_root && state[t] == ON_PATH {
                let pos = path.iter().position(|&x| x == t).unwrap_or(0);
                let members = &path[pos..];
                let first = members.iter().copied().min().unwrap_or(t);
                let at = members.iter().position(|&x| x == first).unwrap_or(0);
                let mut cycle: Vec<String> = members[at..]
                    .iter()
                    .chain(&members[..at])
                    .map(|&i| self.program.types[i].name.clone())
                    .collect();
                let info = &mut self.program.types[first];
                cycle.push(info.name.clone());
                self.errors.push(ResolveError::TypeCycle {
                    name: info.name.clone(),
                    cycle,
                    span: info.span,
                });
                info.parent = Some(ENTITY);
            }
            for p in path {
                state[p] = DONE;
            }
        }
    }

    // ---- pass 2: names ------------------------------------------------------------------

    fn declare_names(&mut self, files: &[(FileId, ast::RuleFile)]) {
        for (file, item) in items(files) {
            match item {
                Item::Role(r) => self.declare_role(r),
                Item::Entity(e) => self.declare_entity(e),
                Item::Predicate(p) => self.declare_predicate(p),
                Item::Document(d) => self.declare_document(file, d),
                _ => {}
            }
        }
    }

    fn duplicate(&mut self, kind: &'static str, name: &ast::Ident, first: Option<Span>) {
        self.errors.push(ResolveError::DuplicateDefinition {
            kind,
            name: name.name.clone(),
            span: name.span,
            first,
        });
    }

    /// Registers an entity name; `false` (with an error) when it is taken.
    fn add_entity(&mut self, info: EntityInfo, name: &ast::Ident) -> bool {
        if let Some(&id) = self.names.entities.get(&name.name) {
            let first = self.program.ent(id).span;
            self.duplicate("entity", name, Some(first));
            return false;
        }
        let id = EntityId(self.program.entities.len() as u32);
        self.names.entities.insert(name.name.clone(), id);
        self.program.entities.push(info);
        true
    }

    fn declare_role(&mut self, r: &ast::RoleDecl) {
        let role_of = match &r.of {
            Some(of) => match self.scope().resolve_entity_type(of) {
                Ok(t) => Some(t),
                Err(e) => {
                    self.errors.push(e);
                    Some(ENTITY)
                }
            },
            None => None,
        };
        let info = EntityInfo {
            name: r.name.name.clone(),
            ty: ROLE,
            display: r.name.name.clone(),
            aliases: Vec::new(),
            demonyms: Vec::new(),
            speaks_for: Vec::new(),
            located_in: Vec::new(),
            role_of,
            span: r.span,
            doc: r.doc.clone(),
        };
        self.add_entity(info, &r.name);
    }

    fn declare_entity(&mut self, e: &ast::EntityDecl) {
        let ty = match self.scope().resolve_entity_type(&e.ty) {
            Ok(t) => t,
            Err(err) => {
                self.errors.push(err);
                ENTITY
            }
        };
        let info = EntityInfo {
            name: e.name.name.clone(),
            ty,
            display: e
                .display
                .as_ref()
                .map_or_else(|| e.name.name.clone(), |d| d.value.clone()),
            aliases: e.aliases.iter().map(|a| a.value.clone()).collect(),
            demonyms: e.demonyms.iter().map(|d| d.value.clone()).collect(),
            speaks_for: Vec::new(),
            located_in: Vec::new(),
            role_of: None,
            span: e.span,
            doc: e.doc.clone(),
        };
        self.add_entity(info, &e.name);
    }

    fn declare_predicate(&mut self, p: &ast::PredicateDecl) {
        if let Some(&id) = self.names.predicates.get(&p.name.name) {
            let first = (id.0 as usize >= BUILTIN_PREDICATES).then(|| self.program.pred(id).span);
            self.duplicate("predicate", &p.name, first);
            return;
        }
        let mut params: Vec<(String, Type)> = Vec::with_capacity(p.params.len() + 1);
        for (i, param) in p.params.iter().enumerate() {
            if let Some(earlier) = p
                .params
                .get(..i)
                .unwrap_or_default()
                .iter()
                .find(|q| q.name.name == param.name.name)
            {
                self.duplicate("parameter", &param.name, Some(earlier.name.span));
            }
            params.push((param.name.name.clone(), self.param_type(&param.ty)));
        }
        if let Some(out) = &p.output {
            params.push(("output".to_string(), self.param_type(out)));
        }
        let mut info = PredicateInfo {
            name: p.name.name.clone(),
            params,
            functional: p.output.is_some(),
            symmetric: false,
            transitive: false,
            one_way: false,
            cumulative: false,
            span: p.span,
            doc: p.doc.clone(),
        };
        for prop in &p.properties {
            self.apply_property(&mut info, prop);
        }
        self.names.predicates.insert(
            info.name.clone(),
            PredId(self.program.predicates.len() as u32),
        );
        self.program.predicates.push(info);
    }

    /// A parameter type; an unknown one is reported and read as `entity` so the predicate
    /// still exists for the rules that use it.
    fn param_type(&mut self, name: &ast::Ident) -> Type {
        match self.scope().resolve_type(name) {
            Ok(t) => t,
            Err(e) => {
                self.errors.push(e);
                Type::Entity(ENTITY)
            }
        }
    }

    fn apply_property(&mut self, info: &mut PredicateInfo, prop: &ast::Ident) {
        let inputs = info
            .params
            .get(
                ..info
                    .params
                    .len()
                    .saturating_sub(usize::from(info.functional)),
            )
            .unwrap_or_default();
        let pair = matches!(inputs, [(_, a), (_, b), ..] if a == b);
        let pair_reason = "its first two parameters must have the same type";
        let (flag, ok, reason) = match prop.name.as_str() {
            "symmetric" => (&mut info.symmetric, pair, pair_reason),
            "transitive" => (&mut info.transitive, pair, pair_reason),
            "one_way" => (&mut info.one_way, pair, pair_reason),
            "cumulative" => (
                &mut info.cumulative,
                info.functional && matches!(info.params.last(), Some((_, Type::Number))),
                "it needs a number output (`-> number`)",
            ),
            _ => {
                self.errors.push(ResolveError::UnknownProperty {
                    name: prop.name.clone(),
                    span: prop.span,
                    help: did_you_mean(&prop.name, PROPERTIES),
                });
                return;
            }
        };
        if ok {
            *flag = true;
        } else {
            self.errors.push(ResolveError::InvalidProperty {
                pred: info.name.clone(),
                property: prop.name.clone(),
                reason,
                span: prop.span,
            });
        }
    }

    fn declare_document(&mut self, file: FileId, d: &ast::DocumentDecl) {
        if let Some((_, first)) = self.documents.get(&d.name.name) {
            let first = *first;
            self.duplicate("document", &d.name, Some(first));
            return;
        }
        let path = relative_path(&self.sources.file(file).path, &d.path.value);
        let index = match self.sources.find(&path) {
            None => {
                self.errors.push(ResolveError::DocumentNotFound {
                    path,
                    span: d.path.span,
                });
                None
            }
            Some(doc_file) => Some(
                match self
                    .program
                    .documents
                    .iter()
                    .position(|x| x.file == doc_file)
                {
                    Some(i) => i,
                    None => {
                        self.program.documents.push(DocumentInfo {
                            file: doc_file,
                            name: Some(d.name.name.clone()),
                            ..DocumentInfo::default()
                        });
                        self.program.documents.len() - 1
                    }
                },
            ),
        };
        self.documents.insert(d.name.name.clone(), (index, d.span));
    }

    // ---- pass 3: bodies -----------------------------------------------------------------

    fn resolve_bodies(&mut self, files: &[(FileId, ast::RuleFile)]) {
        for id in 0..BUILTIN_PREDICATES {
            self.generate(PredId(id as u32));
        }
        for (_, item) in items(files) {
            match item {
                Item::Entity(e) => self.entity_relations(e),
                Item::Predicate(p) => {
                    if let Some(&id) = self.names.predicates.get(&p.name.name)
                        && self.program.pred(id).span == p.span
                    {
                        self.generate(id);
                    }
                }
                Item::Exclusive(x) => self.exclusive(x),
                Item::Rule(r) => self.rule(r),
                Item::Constraint(c) => self.constraint(c),
                Item::Reference(r) => self.reference(r),
                Item::Claim(c) => self.claim(c),
                Item::Import(_) | Item::Type(_) | Item::Role(_) | Item::Document(_) => {}
                // Extraction items are resolved by `resolve::patterns::resolve_extraction`.
                Item::Lexicon(_)
                | Item::Cue(_)
                | Item::Anaphor(_)
                | Item::Pattern(_)
                | Item::Frame(_) => {}
            }
        }
    }

    /// The rules and constraint a predicate's properties stand for; the arguments after the
    /// first two are variables `R1`, `R2`, … carried along unchanged.
    fn generate(&mut self, pred: PredId) {
        let info = self.program.pred(pred);
        let (name, span) = (info.name.clone(), info.span);
        let (symmetric, transitive, one_way) = (info.symmetric, info.transitive, info.one_way);
        let rest_count = info.params.len().saturating_sub(2) as u32;
        // Variable names: the given leading ones, then `R1`… for the rest.
        let names = |lead: &[&str]| -> Vec<String> {
            let mut v: Vec<String> = lead.iter().map(|s| s.to_string()).collect();
            v.extend((1..=rest_count).map(|i| format!("R{i}")));
            v
        };
        // Variable ids: the given leading ones, then the rest, numbered after `after` leads.
        let ids = |lead: &[u32], after: u32| -> Vec<u32> {
            let mut v = lead.to_vec();
            v.extend(after..after + rest_count);
            v
        };
        if symmetric {
            self.program.rules.push(RuleInfo {
                name: format!("symmetric({name})"),
                origin: RuleOrigin::Symmetric,
                head: var_atom(pred, &ids(&[1, 0], 2), span),
                body: vec![Literal::Pos(var_atom(pred, &ids(&[0, 1], 2), span))],
                vars: names(&["A", "B"]),
                span,
                doc: None,
            });
        }
        if transitive {
            self.program.rules.push(RuleInfo {
                name: format!("transitive({name})"),
                origin: RuleOrigin::Transitive,
                head: var_atom(pred, &ids(&[0, 2], 3), span),
                body: vec![
                    Literal::Pos(var_atom(pred, &ids(&[0, 1], 3), span)),
                    Literal::Pos(var_atom(pred, &ids(&[1, 2], 3), span)),
                ],
                vars: names(&["A", "B", "C"]),
                span,
                doc: None,
            });
        }
        if one_way {
            self.program.constraints.push(ConstraintInfo {
                name: format!("one_way({name})"),
                kind: ConstraintKind::OneWay,
                body: vec![
                    Literal::Pos(var_atom(pred, &ids(&[0, 1], 2), span)),
                    Literal::Pos(var_atom(pred, &ids(&[1, 0], 2), span)),
                    Literal::Cmp {
                        lhs: Term::Var(VarId(0)),
                        op: CmpOp::Ne,
                        rhs: Term::Var(VarId(1)),
                        span,
                    },
                ],
                vars: names(&["A", "B"]),
                span,
                doc: None,
            });
        }
    }

    fn entity_relations(&mut self, e: &ast::EntityDecl) {
        let Some(&id) = self.names.entities.get(&e.name.name) else {
            return;
        };
        // A declaration that lost to an earlier one of the same name is skipped: the parser
        // gives every item its own span, so the span tells which declaration won.
        if self.program.ent(id).span != e.span {
            return;
        }
        for rel in &e.relations {
            let (target, pred) = match rel {
                ast::EntityRelation::SpeaksFor(x) => (x, SPEAKS_FOR),
                ast::EntityRelation::PartOf(x) | ast::EntityRelation::LocatedIn(x) => {
                    (x, LOCATED_IN)
                }
                ast::EntityRelation::Holds(h) => {
                    self.holding(id, h);
                    continue;
                }
            };
            let resolved = self.scope().resolve_entity(target);
            let other = match resolved {
                Ok(o) => o,
                Err(err) => {
                    self.errors.push(err);
                    continue;
                }
            };
            let Some(info) = self.program.entities.get_mut(id.0 as usize) else {
                continue;
            };
            if pred == SPEAKS_FOR {
                info.speaks_for.push(other);
            } else {
                info.located_in.push(other);
            }
            self.program.axioms.push(Axiom {
                pred,
                args: vec![Value::Entity(id), Value::Entity(other)],
                span: target.span,
            });
        }
    }

    /// `holds role(of) from A until B` → a reference statement `holds(e, role, of)`. A role
    /// declared without a holder type is held in itself, so that all holdings of it share
    /// the third argument.
    fn holding(&mut self, holder: EntityId, h: &ast::RoleHolding) {
        let scope = self.scope();
        let role = match scope.resolve_role(&h.role) {
            Ok(r) => r,
            Err(e) => {
                self.errors.push(e);
                return;
            }
        };
        let role_info = self.program.ent(role);
        let of = match (&h.of, role_info.role_of) {
            (Some(of), Some(want)) => match scope.resolve_entity(of) {
                Ok(o) if scope.entity_fits(o, want) => Ok(o),
                Ok(o) => Err(ResolveError::TypeMismatch {
                    position: format!("the entity `{}` is held in", role_info.name),
                    expected: scope.type_name(Type::Entity(want)),
                    what: format!("`{}`", of.name),
                    found: scope.type_name(Type::Entity(self.program.ent(o).ty)),
                    span: of.span,
                    first_use: None,
                }),
                Err(e) => Err(e),
            },
            (Some(of), None) => Err(ResolveError::UnexpectedRoleHolder {
                role: role_info.name.clone(),
                span: of.span,
            }),
            (None, Some(want)) => Err(ResolveError::MissingRoleHolder {
                role: role_info.name.clone(),
                of_type: scope.type_name(Type::Entity(want)),
                span: h.span,
            }),
            (None, None) => Ok(role),
        };
        let of = match of {
            Ok(o) => o,
            Err(e) => {
                self.errors.push(e);
                return;
            }
        };
        let time = match (&h.from, &h.until) {
            (None, None) => None,
            (from, until) => Some(Interval {
                from: from.as_ref().map(|d| d.value),
                until: until.as_ref().map(|d| d.value),
            }),
        };
        self.program.statements.push(Statement {
            source: h.span,
            speaker: Speaker::Reference,
            reporter: None,
            stance: Stance::Asserts,
            modality: Modality::Fact,
            prop: super::hir::Proposition {
                pred: HOLDS,
                args: vec![
                    Value::Entity(holder),
                    Value::Entity(role),
                    Value::Entity(of),
                ]
                .into(),
            },
            time,
            reported: None,
            found_by: FoundBy {
                method: Method::Reference,
                declared_at: Some(h.span),
                pattern: None,
                frame: None,
                anaphora: Box::default(),
                cite: None,
            },
        });
    }

    /// Registers a user rule or constraint name; `false` (with an error) when taken.
    fn claim_name(&mut self, constraint: bool, name: &ast::Ident, span: Span) -> bool {
        let (kind, table) = if constraint {
            ("constraint", &mut self.constraints)
        } else {
            ("rule", &mut self.rules)
        };
        if let Some(&first) = table.get(&name.name) {
            self.duplicate(kind, name, Some(first));
            return false;
        }
        table.insert(name.name.clone(), span);
        true
    }

    fn rule(&mut self, r: &ast::RuleDecl) {
        let fresh = self.claim_name(false, &r.name, r.span);
        let clause = resolve_clause(self.scope(), Some(&r.head), &r.body);
        match clause {
            Ok(c) => {
                let Some(head) = c.head else { return };
                if fresh {
                    self.program.rules.push(RuleInfo {
                        name: r.name.name.clone(),
                        origin: RuleOrigin::User,
                        head,
                        body: c.body,
                        vars: c.vars,
                        span: r.span,
                        doc: r.doc.clone(),
                    });
                }
            }
            Err(es) => self.errors.extend(es),
        }
    }

    fn constraint(&mut self, c: &ast::ConstraintDecl) {
        let fresh = self.claim_name(true, &c.name, c.span);
        let clause = resolve_clause(self.scope(), None, &c.body);
        self.push_constraint(
            clause,
            fresh,
            c.name.name.clone(),
            ConstraintKind::User,
            c.span,
            &c.doc,
        );
    }

    fn exclusive(&mut self, x: &ast::ExclusiveDecl) {
        let (name, fresh) = match &x.name {
            Some(n) => (n.name.clone(), self.claim_name(true, n, x.span)),
            None => {
                let preds: Vec<&str> = x.atoms.iter().map(|a| a.pred.name.as_str()).collect();
                (format!("exclusive({})", preds.join(", ")), true)
            }
        };
        let body: Vec<ast::Literal> = x.atoms.iter().cloned().map(ast::Literal::Pos).collect();
        let clause = resolve_clause(self.scope(), None, &body);
        self.push_constraint(
            clause,
            fresh,
            name,
            ConstraintKind::Exclusive,
            x.span,
            &x.doc,
        );
    }

    fn push_constraint(
        &mut self,
        clause: Result<super::body::Clause, Vec<ResolveError>>,
        fresh: bool,
        name: String,
        kind: ConstraintKind,
        span: Span,
        doc: &Option<String>,
    ) {
        match clause {
            Ok(c) if fresh => self.program.constraints.push(ConstraintInfo {
                name,
                kind,
                body: c.body,
                vars: c.vars,
                span,
                doc: doc.clone(),
            }),
            Ok(_) => {}
            Err(es) => self.errors.extend(es),
        }
    }

    fn reference(&mut self, r: &ast::ReferenceDecl) {
        let ground = Ground {
            wildcards: false,
            item: "reference facts",
        };
        let prop = self.scope().ground_atom(&r.atom, ground);
        match prop {
            Ok(prop) => self.program.statements.push(Statement {
                source: r.span,
                speaker: Speaker::Reference,
                reporter: None,
                stance: if r.negated {
                    Stance::Negates
                } else {
                    Stance::Asserts
                },
                modality: Modality::Fact,
                prop,
                time: r.time.as_ref().map(time_of),
                reported: None,
                found_by: FoundBy {
                    method: Method::Reference,
                    declared_at: Some(r.span),
                    pattern: None,
                    frame: None,
                    anaphora: Box::default(),
                    cite: Some(r.cite.value.as_str().into()),
                },
            }),
            Err(es) => self.errors.extend(es),
        }
    }

    fn claim(&mut self, c: &ast::ClaimDecl) {
        let source = self.locate_quote(c);
        let scope = self.scope();
        let mut errors = Vec::new();
        let speaker = match &c.speaker {
            ast::SpeakerLit::Author(_) => Some(Speaker::Author),
            ast::SpeakerLit::Entity(n) => scope
                .resolve_entity(n)
                .map(Speaker::Entity)
                .map_err(|e| errors.push(e))
                .ok(),
        };
        let reporter = match &c.reporter {
            Some(n) => scope
                .resolve_entity(n)
                .map(|e| Some(Speaker::Entity(e)))
                .map_err(|e| errors.push(e))
                .ok(),
            None => Some(None),
        };
        let modality = match &c.modality {
            None => Some(Modality::Fact),
            Some(m) => {
                let found = Modality::from_keyword(&m.name);
                if found.is_none() {
                    errors.push(ResolveError::UnknownModality {
                        name: m.name.clone(),
                        span: m.span,
                        help: did_you_mean(&m.name, Modality::ALL.iter().map(|(_, k)| *k)),
                    });
                }
                found
            }
        };
        let ground = Ground {
            wildcards: true,
            item: "claims",
        };
        let prop = scope
            .ground_atom(&c.atom, ground)
            .map_err(|es| errors.extend(es))
            .ok();
        self.errors.extend(errors);
        let (Some(source), Some(speaker), Some(reporter), Some(modality), Some(prop)) =
            (source, speaker, reporter, modality, prop)
        else {
            return;
        };
        self.program.statements.push(Statement {
            source,
            speaker,
            reporter,
            stance: match c.stance {
                ast::StanceLit::Asserts => Stance::Asserts,
                ast::StanceLit::Negates => Stance::Negates,
                ast::StanceLit::Denies => Stance::Denies,
            },
            modality,
            prop,
            time: c.time.as_ref().map(time_of),
            reported: c.reported.as_ref().map(|d| d.value),
            found_by: FoundBy {
                method: Method::Hand,
                declared_at: Some(c.span),
                pattern: None,
                frame: None,
                anaphora: Box::default(),
                cite: None,
            },
        });
    }

    /// Where a claim's quote is in its document; errors are recorded here.
    fn locate_quote(&mut self, c: &ast::ClaimDecl) -> Option<Span> {
        let Some(&(index, _)) = self.documents.get(&c.document.name) else {
            self.errors.push(ResolveError::UnknownDocument {
                name: c.document.name.clone(),
                span: c.document.span,
                help: did_you_mean(&c.document.name, self.documents.keys().map(String::as_str)),
            });
            return None;
        };
        // A declared document whose file is missing was reported at its declaration.
        let file = self.program.documents.get(index?)?.file;
        let text = &self.sources.file(file).text;
        match find_quote(text, &c.quote.value) {
            Ok(r) => Some(Span::new(file, r.start, r.end)),
            Err(nearest) => {
                let nearest = nearest
                    .and_then(|r| text.get(r))
                    .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
                self.errors.push(ResolveError::QuoteNotFound {
                    document: c.document.name.clone(),
                    span: c.quote.span,
                    nearest,
                });
                None
            }
        }
    }
}
