//! The errors of resolving extraction items (lexicons, cues, anaphors, patterns, frames) that
//! the rest of `resolve` has no words for. Unknown predicates, entities and modalities, arity
//! and type errors, and duplicate names reuse [`ResolveError`](crate::resolve::ResolveError).
//! Nothing here looks anything up.

use crate::diagnostic::{Diag, Label};
use crate::source::Span;

/// An extraction item that cannot be used as written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExtractionError {
    /// `cue hedges => hedged` or `@hedges` when only `lexicon hedge` exists.
    #[error("unknown lexicon `{name}`")]
    UnknownLexicon {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
        /// A did-you-mean line.
        help: Option<String>,
    },
    /// `{item: weapn}` when no type `weapn` exists.
    #[error("unknown slot type `{name}`")]
    UnknownSlotType {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
        /// A did-you-mean line.
        help: Option<String>,
    },
    /// `{s: string}` (slots hold entities, numbers or dates), `{n: number+}` (only entity slots
    /// can be lists or pairs).
    #[error("`{name}` cannot be a slot type here: {reason}")]
    InvalidSlotType {
        /// The type as written.
        name: String,
        /// Where.
        span: Span,
        /// Why.
        reason: &'static str,
    },
    /// `anaphor "he": persn` when `persn` is neither a type nor a predicate.
    #[error("unknown anaphor target `{name}`")]
    UnknownAnaphorTarget {
        /// The name as written.
        name: String,
        /// Where.
        span: Span,
        /// A did-you-mean line.
        help: Option<String>,
    },
    /// `anaphor "the deal": agreement` when `agreement` is both a type and a predicate.
    #[error("anaphor target `{name}` is both a type and a predicate")]
    AmbiguousAnaphorTarget {
        /// The name.
        name: String,
        /// Where.
        span: Span,
    },
    /// `anaphor "both deals": agreement pair` (a pair of statements), or
    /// `anaphor "it": number` (a scalar type).
    #[error("invalid anaphor target `{name}`: {reason}")]
    InvalidAnaphorTarget {
        /// The name.
        name: String,
        /// Where.
        span: Span,
        /// Why.
        reason: &'static str,
    },
    /// The same anaphor phrase declared twice: `anaphor "he": person` and
    /// `anaphor "He": actor`.
    #[error("anaphor phrase `{phrase}` is declared more than once")]
    DuplicateAnaphor {
        /// The phrase.
        phrase: String,
        /// The second declaration.
        span: Span,
        /// The first.
        first: Span,
    },
    /// `cue hedge => hedged` written twice.
    #[error("cue `{lexicon} => {effect}` is declared more than once")]
    DuplicateCue {
        /// The lexicon.
        lexicon: String,
        /// The effect.
        effect: String,
        /// The second declaration.
        span: Span,
        /// The first.
        first: Span,
    },
    /// `{a: state} met {a: state}`.
    #[error("slot `{name}` is defined more than once")]
    DuplicateSlot {
        /// The name.
        name: String,
        /// The second definition.
        span: Span,
        /// The first.
        first: Span,
    },
    /// `{buyer: state} buys {item: weapon} => bought(buyer, itm)` when `itm` is neither a slot
    /// nor an entity.
    #[error("`{name}` is neither a slot of this {item} nor an entity")]
    UnknownName {
        /// The name.
        name: String,
        /// "pattern", "frame".
        item: &'static str,
        /// Where.
        span: Span,
        /// A did-you-mean line.
        help: Option<String>,
    },
    /// `{buyer: state} buys {item: weapon} => bought(buyer, _)`: `item` is matched but never
    /// used.
    #[error("slot `{name}` is not used in the head")]
    UnusedSlot {
        /// The slot name.
        name: String,
        /// The slot.
        span: Span,
    },
    /// `=> bought(B, item)`: heads take slots, entities and literals, not variables.
    #[error("variable `{name}` in the head of a pattern")]
    VariableInHead {
        /// The variable.
        name: String,
        /// Where.
        span: Span,
    },
    /// `=> met(a, b, @day)` (only `@date` exists in patterns), `@speaker` outside a frame's
    /// speaker, `@date` as a speaker.
    #[error("unknown context value `@{name}` here")]
    UnknownContext {
        /// The name after `@`.
        name: String,
        /// Where.
        span: Span,
        /// What is allowed here, for the help line.
        allowed: &'static str,
    },
    /// `{n: number} said {claim} => n asserts claim`: a speaker must be one entity.
    #[error("the speaker `{name}` must be one entity, but it is {found}")]
    InvalidSpeaker {
        /// The slot or name.
        name: String,
        /// What it is: "a number slot", "a list slot".
        found: &'static str,
        /// Where.
        span: Span,
    },
}

impl Diag for ExtractionError {
    fn code(&self) -> &'static str {
        use ExtractionError::*;
        match self {
            UnknownLexicon { .. } => "claimcheck::resolve::unknown_lexicon",
            UnknownSlotType { .. } => "claimcheck::resolve::unknown_slot_type",
            InvalidSlotType { .. } => "claimcheck::resolve::invalid_slot_type",
            UnknownAnaphorTarget { .. } => "claimcheck::resolve::unknown_anaphor_target",
            AmbiguousAnaphorTarget { .. } => "claimcheck::resolve::ambiguous_anaphor_target",
            InvalidAnaphorTarget { .. } => "claimcheck::resolve::invalid_anaphor_target",
            DuplicateAnaphor { .. } => "claimcheck::resolve::duplicate_anaphor",
            DuplicateCue { .. } => "claimcheck::resolve::duplicate_cue",
            DuplicateSlot { .. } => "claimcheck::resolve::duplicate_slot",
            UnknownName { .. } => "claimcheck::resolve::unknown_name",
            UnusedSlot { .. } => "claimcheck::resolve::unused_slot",
            VariableInHead { .. } => "claimcheck::resolve::variable_in_head",
            UnknownContext { .. } => "claimcheck::resolve::unknown_context",
            InvalidSpeaker { .. } => "claimcheck::resolve::invalid_speaker",
        }
    }

    fn span(&self) -> Span {
        use ExtractionError::*;
        match self {
            UnknownLexicon { span, .. }
            | UnknownSlotType { span, .. }
            | InvalidSlotType { span, .. }
            | UnknownAnaphorTarget { span, .. }
            | AmbiguousAnaphorTarget { span, .. }
            | InvalidAnaphorTarget { span, .. }
            | DuplicateAnaphor { span, .. }
            | DuplicateCue { span, .. }
            | DuplicateSlot { span, .. }
            | UnknownName { span, .. }
            | UnusedSlot { span, .. }
            | VariableInHead { span, .. }
            | UnknownContext { span, .. }
            | InvalidSpeaker { span, .. } => *span,
        }
    }

    fn label(&self) -> Option<String> {
        use ExtractionError::*;
        let text = match self {
            UnknownLexicon { .. } | UnknownSlotType { .. } | UnknownAnaphorTarget { .. } => {
                "not declared"
            }
            InvalidSlotType { .. } => "not a slot type",
            AmbiguousAnaphorTarget { .. } => "ambiguous",
            InvalidAnaphorTarget { .. } => "cannot be resolved",
            DuplicateAnaphor { .. } | DuplicateCue { .. } | DuplicateSlot { .. } => {
                "defined again here"
            }
            UnknownName { .. } => "not a slot or an entity",
            UnusedSlot { .. } => "never used",
            VariableInHead { .. } => "variable",
            UnknownContext { .. } => "not available here",
            InvalidSpeaker { .. } => "not one entity",
        };
        Some(text.to_string())
    }

    fn related(&self) -> Vec<Label> {
        use ExtractionError::*;
        match self {
            DuplicateAnaphor { first, .. }
            | DuplicateCue { first, .. }
            | DuplicateSlot { first, .. } => vec![Label {
                span: *first,
                message: "first defined here".to_string(),
            }],
            _ => Vec::new(),
        }
    }

    fn help(&self) -> Option<String> {
        use ExtractionError::*;
        match self {
            UnknownLexicon { help, .. } => help
                .clone()
                .or_else(|| Some("declare it with `lexicon name: \"word\", …`".to_string())),
            UnknownSlotType { help, .. } => help
                .clone()
                .or_else(|| Some("slot types are entity types, `number` and `date`".to_string())),
            InvalidSlotType { .. } => Some(
                "write `{name: type}` with an entity type, `{n: number}` or `{d: date}`; \
                 only entity slots take `+` or two names"
                    .to_string(),
            ),
            UnknownAnaphorTarget { help, .. } => help.clone().or_else(|| {
                Some("an anaphor stands for an entity type or a predicate".to_string())
            }),
            AmbiguousAnaphorTarget { .. } => {
                Some("rename the type or the predicate so that the anaphor names one".to_string())
            }
            InvalidAnaphorTarget { .. } => Some(
                "write `anaphor \"he\": person`, `anaphor \"the two\": state pair` or \
                 `anaphor \"the deal\": predicate_name`"
                    .to_string(),
            ),
            DuplicateAnaphor { .. } => {
                Some("phrases are matched without regard to case; keep one".to_string())
            }
            DuplicateCue { .. } => Some("remove one of them".to_string()),
            DuplicateSlot { .. } => Some("give each slot its own name".to_string()),
            UnknownName { help, .. } => help.clone(),
            UnusedSlot { .. } => Some(
                "use the slot in the head, or name it `_` to match without keeping it".to_string(),
            ),
            VariableInHead { .. } => {
                Some("name a slot, an entity, a literal or `_` instead".to_string())
            }
            UnknownContext { allowed, .. } => Some(format!("here you can use {allowed}")),
            InvalidSpeaker { .. } => Some(
                "use a slot of an entity type (`{speaker: actor}`), an entity, `author` or \
                 `@speaker`"
                    .to_string(),
            ),
        }
    }
}
