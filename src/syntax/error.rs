//! The syntax errors a `.claims` file (or a proposition or time written inside a statement
//! file) can have, each with a stable code, a primary span, a label and, where it helps, a hint.
//! This module only describes errors; turning pest's failures into them is `messages.rs`.

use crate::diagnostic::Diag;
use crate::source::Span;

/// Why a text could not be parsed. Every variant says which input triggers it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxError {
    /// Something other than what the grammar allows here: `rule r: p(a b) :- q(a).` (`b`
    /// where `,` or `)` was expected).
    #[error("expected {expected}, found {found}")]
    UnexpectedToken {
        /// The offending token (empty at the end of the input).
        span: Span,
        /// What would have been accepted, in words: "`,` or `)` after `a`".
        expected: String,
        /// What was there, in words: "`b`", "end of file".
        found: String,
        /// A hint, when one applies.
        help: Option<String>,
    },
    /// A keyword where a name belongs: `entity rule: state`.
    #[error("expected {expected}, found the keyword `{keyword}`")]
    ReservedKeyword {
        /// The keyword.
        span: Span,
        /// The keyword as written.
        keyword: String,
        /// What kind of name was expected: "a name", "a type name".
        expected: String,
    },
    /// A string literal that is not closed on its line: `import "geo.claims`.
    #[error("unterminated string")]
    UnterminatedString {
        /// From the opening quote to the end of its line.
        span: Span,
    },
    /// A backslash escape the language does not know: `aka "a\qb"`, `"\u{110000}"`.
    #[error("invalid escape `{escape}` in string")]
    InvalidEscape {
        /// The escape, backslash included.
        span: Span,
        /// The escape as written.
        escape: String,
    },
    /// A date that is malformed or does not exist: `2023-02-30`, `2023-13`, `23-09-01`, or an
    /// interval that ends before it starts: `2024-01..2023-01`.
    #[error("invalid date `{text}`: {reason}")]
    InvalidDate {
        /// The date or interval.
        span: Span,
        /// The text as written.
        text: String,
        /// What is wrong with it.
        reason: String,
        /// A hint, when one applies.
        help: Option<String>,
    },
    /// A number that is malformed or out of range: `1,00` (groups of three digits), a
    /// 400-digit number, `500..300` (reversed range), `about 5..10` (qualified range).
    #[error("invalid number `{text}`: {reason}")]
    InvalidNumber {
        /// The number.
        span: Span,
        /// The text as written.
        text: String,
        /// What is wrong with it.
        reason: String,
        /// A hint, when one applies.
        help: Option<String>,
    },
    /// A `///` doc comment before an item that cannot carry one: `/// x` then `import "a"`.
    #[error("a doc comment cannot document {what}")]
    MisplacedDocComment {
        /// The doc comment lines.
        span: Span,
        /// The kind of item: "an `import`", "a `document`".
        what: &'static str,
    },
    /// An `exclusive` with a single atom: `exclusive p(X)`.
    #[error("an `exclusive` needs at least two propositions")]
    ExclusiveTooFew {
        /// The item.
        span: Span,
    },
    /// A pattern or frame body the matcher could not use: `pattern p: ... => q(_)` (nothing
    /// but a gap), `pattern p: x {claim} => q(_)` (a claim outside a frame), `a? => …` (nothing
    /// required), `""` (an empty literal), `...?` (an optional gap), `{a, b: state+}` (a list
    /// of pairs), or a frame whose head and body disagree about `{claim}`.
    #[error("invalid {what}: {reason}")]
    InvalidPattern {
        /// The offending element or item.
        span: Span,
        /// "pattern", "frame".
        what: &'static str,
        /// What is wrong.
        reason: String,
        /// A hint, when one applies.
        help: Option<String>,
    },
    /// A gap that is empty or too long: `..0`, `..500`.
    #[error("invalid gap `{text}`: {reason}")]
    InvalidGap {
        /// The gap.
        span: Span,
        /// The gap as written.
        text: String,
        /// What is wrong.
        reason: String,
    },
    /// Groups nested deeper than the builder allows: `((((((((((a))))))))))`.
    #[error("groups nested too deeply: more than {limit} levels")]
    TooDeep {
        /// The group that goes over the limit.
        span: Span,
        /// The limit.
        limit: usize,
    },
    /// Brackets nested deeper than any rule file needs, found before parsing: a rule body or
    /// a pattern written `((((…(a)…))))` with more than [`MAX_NESTING`](super::MAX_NESTING)
    /// levels of `(`, `[` and `{` together.
    #[error("brackets nested too deeply: more than {limit} levels")]
    NestingTooDeep {
        /// The first bracket past the limit.
        span: Span,
        /// The limit.
        limit: usize,
    },
    /// Input over the size cap (16 MiB for a file, 64 KiB for an embedded proposition).
    #[error("input too large: {size} bytes, the limit is {limit}")]
    TooLarge {
        /// The start of the input.
        span: Span,
        /// Size in bytes.
        size: usize,
        /// The cap in bytes.
        limit: usize,
    },
    /// Input the parser gave up on before finishing (its work or stack budget ran out). No
    /// well-formed file of accepted size triggers it; it guards against pathological input.
    #[error("input too complex to parse")]
    TooComplex {
        /// The start of the input.
        span: Span,
    },
    /// The grammar accepted something the tree builder does not understand. No input is known
    /// to trigger it; it is reported instead of a crash should the two ever disagree.
    #[error("internal parser error: {what}")]
    Internal {
        /// Where the builder was.
        span: Span,
        /// What it expected.
        what: &'static str,
    },
}

impl Diag for SyntaxError {
    fn code(&self) -> &'static str {
        match self {
            SyntaxError::UnexpectedToken { .. } => "claimcheck::syntax::unexpected_token",
            SyntaxError::ReservedKeyword { .. } => "claimcheck::syntax::reserved_keyword",
            SyntaxError::UnterminatedString { .. } => "claimcheck::syntax::unterminated_string",
            SyntaxError::InvalidEscape { .. } => "claimcheck::syntax::invalid_escape",
            SyntaxError::InvalidDate { .. } => "claimcheck::syntax::invalid_date",
            SyntaxError::InvalidNumber { .. } => "claimcheck::syntax::invalid_number",
            SyntaxError::MisplacedDocComment { .. } => "claimcheck::syntax::misplaced_doc_comment",
            SyntaxError::ExclusiveTooFew { .. } => "claimcheck::syntax::exclusive_too_few",
            SyntaxError::InvalidPattern { .. } => "claimcheck::syntax::invalid_pattern",
            SyntaxError::InvalidGap { .. } => "claimcheck::syntax::invalid_gap",
            SyntaxError::TooDeep { .. } => "claimcheck::syntax::too_deep",
            SyntaxError::NestingTooDeep { .. } => "claimcheck::syntax::nesting_too_deep",
            SyntaxError::TooLarge { .. } => "claimcheck::syntax::too_large",
            SyntaxError::TooComplex { .. } => "claimcheck::syntax::too_complex",
            SyntaxError::Internal { .. } => "claimcheck::syntax::internal",
        }
    }

    fn span(&self) -> Span {
        match self {
            SyntaxError::UnexpectedToken { span, .. }
            | SyntaxError::ReservedKeyword { span, .. }
            | SyntaxError::UnterminatedString { span }
            | SyntaxError::InvalidEscape { span, .. }
            | SyntaxError::InvalidDate { span, .. }
            | SyntaxError::InvalidNumber { span, .. }
            | SyntaxError::MisplacedDocComment { span, .. }
            | SyntaxError::ExclusiveTooFew { span }
            | SyntaxError::InvalidPattern { span, .. }
            | SyntaxError::InvalidGap { span, .. }
            | SyntaxError::TooDeep { span, .. }
            | SyntaxError::NestingTooDeep { span, .. }
            | SyntaxError::TooLarge { span, .. }
            | SyntaxError::TooComplex { span }
            | SyntaxError::Internal { span, .. } => *span,
        }
    }

    fn label(&self) -> Option<String> {
        Some(match self {
            SyntaxError::UnexpectedToken { found, .. } => format!("unexpected {found}"),
            SyntaxError::ReservedKeyword { .. } => "keyword used as a name".to_string(),
            SyntaxError::UnterminatedString { .. } => "this string is never closed".to_string(),
            SyntaxError::InvalidEscape { .. } => "unknown escape".to_string(),
            SyntaxError::InvalidDate { .. } => "not a valid date".to_string(),
            SyntaxError::InvalidNumber { .. } => "not a valid number".to_string(),
            SyntaxError::MisplacedDocComment { .. } => "this doc comment".to_string(),
            SyntaxError::ExclusiveTooFew { .. } => "only one proposition".to_string(),
            SyntaxError::InvalidPattern { .. } => "here".to_string(),
            SyntaxError::InvalidGap { .. } => "not a valid gap".to_string(),
            SyntaxError::TooDeep { .. } => "too deep".to_string(),
            SyntaxError::NestingTooDeep { limit, .. } => format!("level {} starts here", limit + 1),
            SyntaxError::TooLarge { .. } => "input starts here".to_string(),
            SyntaxError::TooComplex { .. } => "input starts here".to_string(),
            SyntaxError::Internal { .. } => "here".to_string(),
        })
    }

    fn help(&self) -> Option<String> {
        match self {
            SyntaxError::UnexpectedToken { help, .. } => help.clone(),
            SyntaxError::ReservedKeyword { keyword, .. } => {
                Some(if is_extraction_keyword(keyword) {
                    format!(
                        "`{keyword}` is reserved for extraction rules and cannot be used as a name"
                    )
                } else {
                    format!(
                        "keywords cannot be used as names; choose another name than `{keyword}`"
                    )
                })
            }
            SyntaxError::UnterminatedString { .. } => {
                Some("close it with `\"` on the same line; write a line break as `\\n`".to_string())
            }
            SyntaxError::InvalidEscape { .. } => Some(
                "the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{…}` (1 to 6 hex digits)"
                    .to_string(),
            ),
            SyntaxError::InvalidDate { help, .. } | SyntaxError::InvalidNumber { help, .. } => {
                help.clone()
            }
            SyntaxError::MisplacedDocComment { .. } => Some(
                "use `//!` for a comment about the whole file, or `//` for a plain comment"
                    .to_string(),
            ),
            SyntaxError::ExclusiveTooFew { .. } => Some(
                "list the propositions that cannot hold together: `exclusive p(X), q(X)`; \
                 to forbid one alone write `constraint name: p(X).`"
                    .to_string(),
            ),
            SyntaxError::InvalidPattern { help, .. } => help.clone(),
            SyntaxError::InvalidGap { .. } => Some(format!(
                "write `...` for up to 5 tokens, or `..N` with N from 1 to {}",
                super::build::MAX_GAP
            )),
            SyntaxError::TooDeep { .. } => {
                Some("write the alternatives out, or split the pattern in two".to_string())
            }
            SyntaxError::NestingTooDeep { .. } => Some(
                "no rule needs this many levels: write the expression or pattern out flat"
                    .to_string(),
            ),
            SyntaxError::TooLarge { .. } => Some("split the input into several files".to_string()),
            SyntaxError::TooComplex { .. } => {
                Some("split the input into several files".to_string())
            }
            SyntaxError::Internal { .. } => Some("please report this as a bug".to_string()),
        }
    }
}

/// Whether a word is one of the item keywords of the extraction language.
pub(crate) fn is_extraction_keyword(word: &str) -> bool {
    matches!(word, "pattern" | "frame" | "lexicon" | "cue" | "anaphor")
}
