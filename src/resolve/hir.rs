//! The resolved program: every name replaced by an id, every type checked. Built by
//! `resolve::resolve_program`; read by `analyze`, `eval`, `contradiction` and `report`.
//! Statements (hand-written, reference, loaded from files, extracted) share one shape,
//! [`Statement`], whatever produced them.

use crate::source::Span;
use crate::syntax::ast::CmpOp;
use crate::value::{Date, EntityId, Interval, Value};
use serde::Serialize;
use std::sync::Arc;

/// Index into [`Program::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TypeId(pub u32);
/// Index into [`Program::predicates`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PredId(pub u32);
/// Index into [`Program::rules`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct RuleId(pub u32);
/// Index into [`Program::constraints`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ConstraintId(pub u32);
/// Index into [`Program::statements`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct StatementId(pub u32);
/// A rule-local variable number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VarId(pub u32);

/// Names of the built-in types; user types are declared below `entity`.
pub mod builtin {
    /// Root of all entity types.
    pub const ENTITY: &str = "entity";
    /// Type of roles declared with `role`.
    pub const ROLE: &str = "role";
    /// Predicate from `located_in` / `part_of` clauses (transitive).
    pub const LOCATED_IN: &str = "located_in";
    /// Predicate from `speaks_for` clauses.
    pub const SPEAKS_FOR: &str = "speaks_for";
    /// Predicate `holds(holder, role, of)` from `holds` clauses.
    pub const HOLDS: &str = "holds";
}

/// A parameter or value type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// An entity of this declared type or a subtype.
    Entity(TypeId),
    /// A string.
    Str,
    /// A number (with optional unit).
    Number,
    /// A date of any precision.
    Date,
    /// A date cut to its month (literals and extracted dates are truncated).
    Month,
    /// A date cut to its year (a bare number like `2023` is accepted).
    Year,
    /// A date interval.
    Interval,
}

/// A declared entity type.
#[derive(Clone, Debug)]
pub struct TypeInfo {
    /// Name.
    pub name: String,
    /// Supertype (`None` only for `entity`).
    pub parent: Option<TypeId>,
    /// Declaration (built-ins point at an empty span in file 0).
    pub span: Span,
    /// Doc comment.
    pub doc: Option<String>,
}

/// A declared entity.
#[derive(Clone, Debug)]
pub struct EntityInfo {
    /// Canonical id, e.g. `north_korea`.
    pub name: String,
    /// Type.
    pub ty: TypeId,
    /// Display name ("North Korea").
    pub display: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Adjectives.
    pub demonyms: Vec<String>,
    /// Entities it speaks for.
    pub speaks_for: Vec<EntityId>,
    /// Entities it lies in or is part of (direct only; the engine closes them).
    pub located_in: Vec<EntityId>,
    /// For roles: the type of entity the role is held in.
    pub role_of: Option<TypeId>,
    /// Declaration.
    pub span: Span,
    /// Doc comment.
    pub doc: Option<String>,
}

/// A declared predicate. When `functional` is set, the last parameter is the output and the
/// others determine it.
#[derive(Clone, Debug)]
pub struct PredicateInfo {
    /// Name.
    pub name: String,
    /// Parameters, output last when functional.
    pub params: Vec<(String, Type)>,
    /// Declared with `-> type`.
    pub functional: bool,
    /// Swapping the first two arguments gives the same fact.
    pub symmetric: bool,
    /// `p(a, b), p(b, c) ⟹ p(a, c)` on the first two arguments, the rest equal.
    pub transitive: bool,
    /// `p(a, b, …)` and `p(b, a, …)` exclude each other (structural contradictions).
    pub one_way: bool,
    /// The output is a running total: it may grow over time, never shrink.
    pub cumulative: bool,
    /// Declaration (built-ins point at an empty span in file 0).
    pub span: Span,
    /// Doc comment.
    pub doc: Option<String>,
}

impl PredicateInfo {
    /// Number of arguments (output included).
    pub fn arity(&self) -> usize {
        self.params.len()
    }
}

/// A term in a rule.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Term {
    /// A variable.
    Var(VarId),
    /// A constant.
    Const(Value),
    /// `_`: matches anything, binds nothing.
    Wildcard,
}

/// A resolved atom; `args` includes the functional output as the last element.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Atom {
    /// Predicate.
    pub pred: PredId,
    /// Arguments.
    pub args: Vec<Term>,
    /// Where each argument was written (same length as `args`; generated atoms repeat the
    /// declaration's span).
    pub arg_spans: Vec<Span>,
    /// Where it was written.
    pub span: Span,
}

/// A body literal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Literal {
    /// Positive atom.
    Pos(Atom),
    /// Negated atom (stratified).
    Neg(Atom),
    /// Comparison of two bound terms.
    Cmp {
        /// Left.
        lhs: Term,
        /// Operator.
        op: CmpOp,
        /// Right.
        rhs: Term,
        /// Where.
        span: Span,
    },
}

/// Where a rule came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleOrigin {
    /// Written with `rule`.
    User,
    /// Generated from a `symmetric` predicate.
    Symmetric,
    /// Generated from a `transitive` predicate.
    Transitive,
}

/// A Horn clause.
#[derive(Clone, Debug)]
pub struct RuleInfo {
    /// Name (`arms_trade_breaks_embargo`; generated rules are named `symmetric(p)`,
    /// `transitive(p)`).
    pub name: String,
    /// Where it came from.
    pub origin: RuleOrigin,
    /// Head.
    pub head: Atom,
    /// Body.
    pub body: Vec<Literal>,
    /// Variable names, indexed by `VarId`.
    pub vars: Vec<String>,
    /// Declaration.
    pub span: Span,
    /// Doc comment.
    pub doc: Option<String>,
}

/// What produced a constraint; decides the contradiction kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintKind {
    /// `exclusive a, b`.
    Exclusive,
    /// A `one_way` predicate.
    OneWay,
    /// `constraint name: body.`
    User,
}

/// A body that must never hold.
#[derive(Clone, Debug)]
pub struct ConstraintInfo {
    /// Name.
    pub name: String,
    /// Where it came from.
    pub kind: ConstraintKind,
    /// Body.
    pub body: Vec<Literal>,
    /// Variable names, indexed by `VarId`.
    pub vars: Vec<String>,
    /// Declaration.
    pub span: Span,
    /// Doc comment.
    pub doc: Option<String>,
}

/// A ground fact that is world knowledge but not a statement anyone made (`located_in`,
/// `speaks_for` from entity declarations). Axioms can be premises; they never appear in a
/// contradiction's set of statements.
#[derive(Clone, Debug)]
pub struct Axiom {
    /// Predicate.
    pub pred: PredId,
    /// Arguments.
    pub args: Vec<Value>,
    /// The clause that declared it.
    pub span: Span,
}

/// A predicate applied to values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Proposition {
    /// Predicate.
    pub pred: PredId,
    /// Arguments (output last); `Value::Unknown` where the statement leaves one open.
    pub args: Box<[Value]>,
}

/// Who holds a statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Speaker {
    /// The author of the document.
    Author,
    /// World knowledge from a rule pack.
    Reference,
    /// A named actor.
    Entity(EntityId),
}

/// Whether the speaker holds the proposition true or false.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// Says it is so.
    Asserts,
    /// Says it is not so (a plain negative: "Russia is not buying shells").
    Negates,
    /// Denies it (a speech act: "Putin denied that…").
    Denies,
}

/// How firmly the statement is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Categorical.
    Fact,
    /// may / could / reportedly.
    Hedged,
    /// seeking to / plans to.
    Intended,
    /// is expected to.
    Expected,
    /// fears / is concerned.
    Feared,
    /// warned / threatened / conditional.
    Warned,
    /// dismissed as nonsense (a categorical rejection).
    Dismissed,
    /// declined to comment (holds nothing).
    Declined,
}

impl Modality {
    /// All modalities with their keyword, for parsing and suggestions.
    pub const ALL: [(Modality, &'static str); 8] = [
        (Modality::Fact, "fact"),
        (Modality::Hedged, "hedged"),
        (Modality::Intended, "intended"),
        (Modality::Expected, "expected"),
        (Modality::Feared, "feared"),
        (Modality::Warned, "warned"),
        (Modality::Dismissed, "dismissed"),
        (Modality::Declined, "declined"),
    ];

    /// The keyword.
    pub fn keyword(self) -> &'static str {
        Modality::ALL
            .iter()
            .find(|(m, _)| *m == self)
            .map_or("fact", |(_, k)| k)
    }

    /// Parses a keyword.
    pub fn from_keyword(s: &str) -> Option<Modality> {
        Modality::ALL.iter().find(|(_, k)| *k == s).map(|(m, _)| *m)
    }
}

/// How a statement was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// A `claim` in a rule file.
    Hand,
    /// A YAML or JSON statement file.
    File,
    /// A `reference` fact or an entity's `holds` clause.
    Reference,
    /// Extracted from a document by patterns and frames.
    Extracted,
}

/// An anaphor the extractor resolved.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Anaphor {
    /// The text ("he", "such agreement").
    pub text: String,
    /// Where.
    pub span: Span,
    /// What it was resolved to (entity id or antecedent text).
    pub resolved_to: String,
}

/// Provenance of a statement.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FoundBy {
    /// How.
    pub method: Method,
    /// The declaration that produced it (claim, reference, statement-file entry).
    pub declared_at: Option<Span>,
    /// Extraction pattern name, shared with the compiled pattern.
    pub pattern: Option<Arc<str>>,
    /// Extraction frame name, shared with the compiled frame.
    pub frame: Option<Arc<str>>,
    /// Anaphora resolved on the way (usually none; an empty boxed slice allocates nothing).
    pub anaphora: Box<[Anaphor]>,
    /// Citation of a reference fact.
    pub cite: Option<Box<str>>,
}

/// One attributed claim.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Statement {
    /// The quoted span: in the document, or in the rule file for reference facts.
    pub source: Span,
    /// Who holds it.
    pub speaker: Speaker,
    /// Who relays it, when that is not the author.
    pub reporter: Option<Speaker>,
    /// Asserts, negates or denies.
    pub stance: Stance,
    /// How firmly.
    pub modality: Modality,
    /// What.
    pub prop: Proposition,
    /// When the event happens or the fact holds.
    pub time: Option<Interval>,
    /// When it was said (defaults to the document date).
    pub reported: Option<Date>,
    /// Provenance.
    pub found_by: FoundBy,
}

/// A document known to the run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentInfo {
    /// Its file.
    pub file: crate::source::FileId,
    /// Name given by a `document` declaration, if any.
    pub name: Option<String>,
    /// Title from front matter.
    pub title: Option<String>,
    /// Author from front matter or byline.
    pub author: Option<String>,
    /// Outlet from front matter.
    pub outlet: Option<String>,
    /// Date from front matter.
    pub date: Option<Date>,
    /// URL from front matter.
    pub url: Option<String>,
}

/// Everything the engine needs, resolved.
#[derive(Clone, Debug, Default)]
pub struct Program {
    /// Types; `TypeId(0)` is `entity`, `TypeId(1)` is `role`.
    pub types: Vec<TypeInfo>,
    /// Entities.
    pub entities: Vec<EntityInfo>,
    /// Predicates; the built-ins `located_in`, `speaks_for`, `holds` come first.
    pub predicates: Vec<PredicateInfo>,
    /// Rules, user-written and generated.
    pub rules: Vec<RuleInfo>,
    /// Constraints (exclusive groups, one-way predicates, user constraints).
    pub constraints: Vec<ConstraintInfo>,
    /// Ground world knowledge that is not a statement.
    pub axioms: Vec<Axiom>,
    /// All statements.
    pub statements: Vec<Statement>,
    /// Documents.
    pub documents: Vec<DocumentInfo>,
}

impl Program {
    /// The predicate with this name.
    pub fn predicate(&self, name: &str) -> Option<PredId> {
        self.predicates
            .iter()
            .position(|p| p.name == name)
            .map(|i| PredId(i as u32))
    }

    /// The entity with this canonical id.
    pub fn entity(&self, name: &str) -> Option<EntityId> {
        self.entities
            .iter()
            .position(|e| e.name == name)
            .map(|i| EntityId(i as u32))
    }

    /// Whether `ty` is `ancestor` or below it.
    pub fn is_subtype(&self, mut ty: TypeId, ancestor: TypeId) -> bool {
        loop {
            if ty == ancestor {
                return true;
            }
            match self.types.get(ty.0 as usize).and_then(|t| t.parent) {
                Some(p) => ty = p,
                None => return false,
            }
        }
    }

    /// Info for a predicate id.
    // Predicate and entity ids are positions in this program's lists, handed out by it.
    #[allow(clippy::indexing_slicing)]
    pub fn pred(&self, id: PredId) -> &PredicateInfo {
        &self.predicates[id.0 as usize]
    }

    /// Info for an entity id.
    #[allow(clippy::indexing_slicing)]
    pub fn ent(&self, id: EntityId) -> &EntityInfo {
        &self.entities[id.0 as usize]
    }

    /// The statement with this id (its position in [`Program::statements`]).
    #[allow(clippy::indexing_slicing)]
    pub fn statement(&self, id: StatementId) -> &Statement {
        &self.statements[id.0 as usize]
    }

    /// Text form of a value: entity ids by name, dates ISO, numbers with qualifier and unit,
    /// strings quoted, unknown as `_`.
    pub fn value_text(&self, v: &Value) -> String {
        match v {
            Value::Entity(e) => self.ent(*e).name.clone(),
            Value::Str(s) => format!("{s:?}"),
            Value::Num(q) => q.to_string(),
            Value::Date(d) => d.to_string(),
            Value::Interval(i) => i.to_string(),
            Value::Unknown => "_".to_string(),
        }
    }

    /// Text form of a proposition, in the language's own syntax, so it parses back:
    /// `met_at(kim_jong_un, putin, 2023) = vostochny_cosmodrome`.
    pub fn prop_text(&self, p: &Proposition) -> String {
        let info = self.pred(p.pred);
        let texts: Vec<String> = p.args.iter().map(|v| self.value_text(v)).collect();
        if info.functional && !texts.is_empty() {
            let (out, ins) = texts
                .split_last()
                .map_or((String::new(), &[][..]), |(o, i)| (o.clone(), i));
            format!("{}({}) = {}", info.name, ins.join(", "), out)
        } else {
            format!("{}({})", info.name, texts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    /// Every statement of a run lives in `Program::statements`, millions of them on a large
    /// archive (SPEC §9: at most 300 bytes per base statement, heap parts included). These are
    /// the sizes reached; a field that makes a statement larger must be boxed or shared.
    #[test]
    fn a_statement_stays_small() {
        assert!(size_of::<Statement>() <= 168, "{}", size_of::<Statement>());
        assert!(size_of::<FoundBy>() <= 88, "{}", size_of::<FoundBy>());
        assert!(
            size_of::<Proposition>() <= 24,
            "{}",
            size_of::<Proposition>()
        );
        assert!(size_of::<Option<Speaker>>() <= 8);
    }
}
