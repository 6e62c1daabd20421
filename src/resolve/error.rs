//! The errors of the resolve phase: unknown names, duplicate definitions, wrong arity, wrong
//! types, missing documents and quotes. Each variant carries its spans and the words of its
//! help line; nothing here looks anything up.

use crate::diagnostic::{Diag, Label};
use crate::source::Span;

/// An error found while resolving rule files or propositions.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// `entity kim: persn "Kim"` when no type `persn` is declared.
    #[error("unknown type `{name}`")]
    UnknownType {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
        /// A did-you-mean line, when a close name exists.
        help: Option<String>,
    },
    /// `entity x: string` or `type y: date`: scalar types have no entities and no subtypes.
    #[error("`{name}` is not an entity type")]
    NotEntityType {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
    },
    /// `transfers_arms(north_koreaa, russia, shells)` when no entity `north_koreaa` exists.
    #[error("unknown entity `{name}`")]
    UnknownEntity {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
        /// A did-you-mean line.
        help: Option<String>,
    },
    /// `holds defence_ministr(russia)` when no role `defence_ministr` is declared.
    #[error("unknown role `{name}`")]
    UnknownRole {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
        /// A did-you-mean line.
        help: Option<String>,
    },
    /// `rule r: violates(B, x) :- transfer_arms(north_korea, B, _).` with no predicate
    /// `transfer_arms`.
    #[error("unknown predicate `{name}`")]
    UnknownPredicate {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
        /// A did-you-mean line.
        help: Option<String>,
    },
    /// `claim in sed at "…": …` when no `document sed = "…"` exists.
    #[error("unknown document `{name}`")]
    UnknownDocument {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
        /// A did-you-mean line.
        help: Option<String>,
    },
    /// `claim in seed at "…": putin denies hedge arms_agreement(…)` (the keyword is `hedged`).
    #[error("unknown modality `{name}`")]
    UnknownModality {
        /// The keyword as written.
        name: String,
        /// Where.
        span: Span,
        /// A did-you-mean line.
        help: Option<String>,
    },
    /// `predicate met(a: person, b: person) symetric`.
    #[error("unknown predicate property `{name}`")]
    UnknownProperty {
        /// The property as written.
        name: String,
        /// Where.
        span: Span,
        /// A did-you-mean line.
        help: Option<String>,
    },
    /// `predicate borders(a: state, b: place) symmetric`: the first two parameters differ.
    #[error("predicate `{pred}` cannot be `{property}`: {reason}")]
    InvalidProperty {
        /// The predicate.
        pred: String,
        /// The property.
        property: String,
        /// What the property needs.
        reason: &'static str,
        /// The property as written.
        span: Span,
    },
    /// `entity russia: state "Russia"` written twice, or `predicate located_in(…)`.
    #[error("{kind} `{name}` is defined more than once")]
    DuplicateDefinition {
        /// What kind of name: `type`, `entity`, `predicate`, `parameter`, `rule`,
        /// `constraint`, `document`.
        kind: &'static str,
        /// The name.
        name: String,
        /// The second definition.
        span: Span,
        /// The first definition; `None` for built-ins.
        first: Option<Span>,
    },
    /// `violates(russia)` when `violates` takes two arguments.
    #[error("`{pred}` takes {expected} argument{}, found {found}", plural(*expected))]
    ArityMismatch {
        /// The predicate.
        pred: String,
        /// Number of arguments declared (output not counted).
        expected: usize,
        /// Number written.
        found: usize,
        /// The atom.
        span: Span,
        /// The declared signature, for the help line.
        signature: String,
    },
    /// `summit(kim_jong_un, putin, 2023)` when `summit` is declared `-> place`.
    #[error("`{pred}` is functional: its output must be given with `= …`")]
    MissingOutput {
        /// The predicate.
        pred: String,
        /// The atom.
        span: Span,
        /// The declared signature.
        signature: String,
    },
    /// `violates(russia, un_sanctions) = x` when `violates` has no `-> type`.
    #[error("`{pred}` is not functional and takes no `= …` output")]
    UnexpectedOutput {
        /// The predicate.
        pred: String,
        /// The output term.
        span: Span,
        /// The declared signature.
        signature: String,
    },
    /// `holds defence_minister from 2012-11-06` when the role is declared
    /// `role defence_minister(state)`.
    #[error("role `{role}` is held in an entity of type `{of_type}`, but none is given")]
    MissingRoleHolder {
        /// The role.
        role: String,
        /// The type of entity it is held in.
        of_type: String,
        /// The clause.
        span: Span,
    },
    /// `holds pope(vatican)` when the role is declared `role pope` (no parentheses).
    #[error("role `{role}` is not held in any entity")]
    UnexpectedRoleHolder {
        /// The role.
        role: String,
        /// The entity written in parentheses.
        span: Span,
    },
    /// `holds russia(moscow)`: the named entity is not a role.
    #[error("`{name}` is not a role: it is of type `{found}`")]
    NotARole {
        /// The entity.
        name: String,
        /// Its type.
        found: String,
        /// Where.
        span: Span,
    },
    /// `transfers_arms(kim_jong_un, russia, shells)` when `from` is a `state` and
    /// `kim_jong_un` a `person`; also a variable used at two incompatible types.
    #[error("{position} must be of type `{expected}`, but {what} is of type `{found}`")]
    TypeMismatch {
        /// "argument `from` of `transfers_arms`", "the output of `summit`".
        position: String,
        /// The expected type.
        expected: String,
        /// "`kim_jong_un`", "variable `B`".
        what: String,
        /// Its type.
        found: String,
        /// Where.
        span: Span,
        /// For a variable: where it got its type.
        first_use: Option<Span>,
    },
    /// `rule r: p(X) :- q(X, Y), Y > "many".` when `Y` is a number.
    #[error("cannot compare {lhs} of type `{lhs_type}` with {rhs} of type `{rhs_type}`")]
    Incomparable {
        /// Left side ("variable `Y`", "`2023`").
        lhs: String,
        /// Its type.
        lhs_type: String,
        /// Right side.
        rhs: String,
        /// Its type.
        rhs_type: String,
        /// The comparison.
        span: Span,
    },
    /// `rule r: p(X) :- q(X), X < russia.`: only numbers and dates are ordered.
    #[error("`{op}` needs numbers or dates, but {what} is of type `{found}`")]
    Unordered {
        /// The operator.
        op: &'static str,
        /// The side that is not ordered.
        what: String,
        /// Its type.
        found: String,
        /// The comparison.
        span: Span,
    },
    /// `rule r: p(X) :- q(X, Y), _ > 3.`
    #[error("a wildcard `_` cannot be compared")]
    WildcardComparison {
        /// The wildcard.
        span: Span,
    },
    /// `reference violates(S, un_sanctions) cite "…"` (a variable in a fact).
    #[error("{item} must be ground, but {what} is not")]
    NotGround {
        /// "reference facts", "statements".
        item: &'static str,
        /// "variable `S`", "the wildcard `_`".
        what: String,
        /// Where.
        span: Span,
    },
    /// `type a: b` and `type b: a`.
    #[error("type `{name}` is its own supertype")]
    TypeCycle {
        /// The type reported.
        name: String,
        /// The names around the cycle, starting and ending with `name`.
        cycle: Vec<String>,
        /// Its declaration.
        span: Span,
    },
    /// `document seed = "missing.txt"` when the run has no such file.
    #[error("document file `{path}` was not found")]
    DocumentNotFound {
        /// The path looked for (relative to the rule file, normalised).
        path: String,
        /// The path literal.
        span: Span,
    },
    /// `claim in seed at "Putin admitted the deal": …` when the seed has no such text.
    #[error("the quote was not found in document `{document}`")]
    QuoteNotFound {
        /// The document name.
        document: String,
        /// The quote literal.
        span: Span,
        /// The passage of the document closest to the quote, if any is close.
        nearest: Option<String>,
    },
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl Diag for ResolveError {
    fn code(&self) -> &'static str {
        use ResolveError::*;
        match self {
            UnknownType { .. } => "claimcheck::resolve::unknown_type",
            NotEntityType { .. } => "claimcheck::resolve::not_entity_type",
            UnknownEntity { .. } => "claimcheck::resolve::unknown_entity",
            UnknownRole { .. } => "claimcheck::resolve::unknown_role",
            UnknownPredicate { .. } => "claimcheck::resolve::unknown_predicate",
            UnknownDocument { .. } => "claimcheck::resolve::unknown_document",
            UnknownModality { .. } => "claimcheck::resolve::unknown_modality",
            UnknownProperty { .. } => "claimcheck::resolve::unknown_property",
            InvalidProperty { .. } => "claimcheck::resolve::invalid_property",
            DuplicateDefinition { .. } => "claimcheck::resolve::duplicate_definition",
            ArityMismatch { .. } | MissingOutput { .. } | UnexpectedOutput { .. } => {
                "claimcheck::resolve::arity_mismatch"
            }
            MissingRoleHolder { .. } | UnexpectedRoleHolder { .. } => {
                "claimcheck::resolve::role_holder"
            }
            NotARole { .. } | TypeMismatch { .. } | Incomparable { .. } | Unordered { .. } => {
                "claimcheck::resolve::type_mismatch"
            }
            WildcardComparison { .. } => "claimcheck::resolve::wildcard_comparison",
            NotGround { .. } => "claimcheck::resolve::not_ground",
            TypeCycle { .. } => "claimcheck::resolve::type_cycle",
            DocumentNotFound { .. } => "claimcheck::resolve::document_not_found",
            QuoteNotFound { .. } => "claimcheck::resolve::quote_not_found",
        }
    }

    fn span(&self) -> Span {
        use ResolveError::*;
        match self {
            UnknownType { span, .. }
            | NotEntityType { span, .. }
            | UnknownEntity { span, .. }
            | UnknownRole { span, .. }
            | UnknownPredicate { span, .. }
            | UnknownDocument { span, .. }
            | UnknownModality { span, .. }
            | UnknownProperty { span, .. }
            | InvalidProperty { span, .. }
            | DuplicateDefinition { span, .. }
            | ArityMismatch { span, .. }
            | MissingOutput { span, .. }
            | UnexpectedOutput { span, .. }
            | MissingRoleHolder { span, .. }
            | UnexpectedRoleHolder { span, .. }
            | NotARole { span, .. }
            | TypeMismatch { span, .. }
            | Incomparable { span, .. }
            | Unordered { span, .. }
            | WildcardComparison { span }
            | NotGround { span, .. }
            | TypeCycle { span, .. }
            | DocumentNotFound { span, .. }
            | QuoteNotFound { span, .. } => *span,
        }
    }

    fn label(&self) -> Option<String> {
        use ResolveError::*;
        let text = match self {
            UnknownType { .. } => "not declared",
            NotEntityType { .. } => "a scalar type",
            UnknownEntity { .. } => "not declared",
            UnknownRole { .. } => "not declared",
            UnknownPredicate { .. } => "not declared",
            UnknownDocument { .. } => "not declared",
            UnknownModality { .. } => "not a modality",
            UnknownProperty { .. } => "not a property",
            InvalidProperty { .. } => "cannot apply here",
            DuplicateDefinition { .. } => "defined again here",
            ArityMismatch { .. } => "wrong number of arguments",
            MissingOutput { .. } => "output missing",
            UnexpectedOutput { .. } => "unexpected output",
            MissingRoleHolder { .. } => "holder missing",
            UnexpectedRoleHolder { .. } => "unexpected holder",
            NotARole { .. } => "not a role",
            TypeMismatch { found, .. } => return Some(format!("of type `{found}`")),
            Incomparable { .. } => "incompatible types",
            Unordered { .. } => "not ordered",
            WildcardComparison { .. } => "wildcard",
            NotGround { .. } => "not ground",
            TypeCycle { .. } => "cycle",
            DocumentNotFound { .. } => "no such file",
            QuoteNotFound { .. } => "not in the document",
        };
        Some(text.to_string())
    }

    fn related(&self) -> Vec<Label> {
        match self {
            ResolveError::DuplicateDefinition {
                first: Some(first), ..
            } => vec![Label {
                span: *first,
                message: "first defined here".to_string(),
            }],
            ResolveError::TypeMismatch {
                first_use: Some(first),
                found,
                ..
            } => vec![Label {
                span: *first,
                message: format!("gets type `{found}` here"),
            }],
            _ => Vec::new(),
        }
    }

    fn help(&self) -> Option<String> {
        use ResolveError::*;
        match self {
            UnknownType { help, .. }
            | UnknownEntity { help, .. }
            | UnknownRole { help, .. }
            | UnknownPredicate { help, .. }
            | UnknownDocument { help, .. }
            | UnknownModality { help, .. }
            | UnknownProperty { help, .. } => help.clone(),
            NotEntityType { .. } => Some(
                "entity types are `entity`, `role` and the types declared with `type`".to_string(),
            ),
            DuplicateDefinition {
                name, first: None, ..
            } => Some(format!("`{name}` is built in")),
            DuplicateDefinition { .. } => None,
            ArityMismatch { signature, .. }
            | MissingOutput { signature, .. }
            | UnexpectedOutput { signature, .. } => Some(format!("declared as `{signature}`")),
            InvalidProperty { .. } => None,
            MissingRoleHolder { role, .. } => Some(format!("write `holds {role}(…)`")),
            UnexpectedRoleHolder { role, .. } => Some(format!(
                "remove the parentheses, or declare the role as `role {role}(type)`"
            )),
            NotARole { .. } => Some("roles are declared with `role name(type)`".to_string()),
            TypeMismatch { .. } | Incomparable { .. } | Unordered { .. } => None,
            WildcardComparison { .. } => {
                Some("compare a variable bound in the rule body".to_string())
            }
            NotGround { .. } => Some("write entity names and literals only".to_string()),
            TypeCycle { cycle, .. } => {
                let names: Vec<String> = cycle.iter().map(|n| format!("`{n}`")).collect();
                Some(format!("the cycle: {}", names.join(" → ")))
            }
            DocumentNotFound { .. } => Some(
                "document paths are relative to the rule file that names them; \
                 the file must be part of the run"
                    .to_string(),
            ),
            QuoteNotFound {
                nearest: Some(text),
                ..
            } => Some(format!("nearest: `{text}`")),
            QuoteNotFound { nearest: None, .. } => Some(
                "the quote must occur in the document (curly and straight quotes, dashes and \
                 runs of whitespace match each other)"
                    .to_string(),
            ),
        }
    }
}
