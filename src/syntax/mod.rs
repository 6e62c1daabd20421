//! Text → syntax tree. The only module that sees pest types: it runs the grammar in
//! `grammar/claims.pest`, turns pest's errors into [`SyntaxError`]s worded for people, and builds
//! [`ast::RuleFile`]s. It resolves nothing and reads no files.
//!
//! Three entry points: [`parse_rule_file`] for a whole `.claims` file, and [`parse_atom`] and
//! [`parse_time`] for a proposition or a time written inside a statement file. Each stops at
//! the first error. Inputs are capped in size ([`MAX_FILE_BYTES`], [`MAX_EMBEDDED_BYTES`]) and
//! pest's work is capped per parse, so no input can make parsing run away; the grammar recurses
//! only into the groups of pattern bodies, whose depth the tree builder caps.
//!
//! The pieces: `parser` (the generated pest parser), `lex` (string checks and rough tokens for
//! messages), `messages` (pest errors → words), `build` (parse tree → [`ast`], with the checks on
//! dates, numbers and escapes), `error` ([`SyntaxError`]) and [`mod@print`] (tree → canonical source).

pub mod ast;
mod build;
mod error;
mod lex;
mod messages;
mod parser;
pub mod print;

pub use error::SyntaxError;

use crate::source::{FileId, Span};
use messages::InputKind;
use parser::{ClaimsParser, Rule};
use pest::Parser as _;

/// The largest rule file accepted, in bytes (16 MiB).
pub const MAX_FILE_BYTES: usize = 16 << 20;

/// The largest proposition or time accepted inside a statement file, in bytes (64 KiB).
pub const MAX_EMBEDDED_BYTES: usize = 64 << 10;

/// pest's budget of rule calls per parse. The grammar does not recurse and backtracks over at
/// most a few tokens, so a parse costs a small constant number of calls per byte (3 to 15 on
/// the fixtures and on adversarial token runs): this budget lets the largest accepted file
/// through four times over and stops anything pathological. pest's limit is process-wide and
/// read when a parse starts, so it is one fixed number rather than one per input size (which
/// would race between threads parsing files of different sizes).
const CALL_LIMIT: usize = 64 * MAX_FILE_BYTES;

fn init_limits() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| pest::set_call_limit(std::num::NonZeroUsize::new(CALL_LIMIT)));
}

fn check_size(text: &str, file: FileId, offset: usize, limit: usize) -> Result<(), SyntaxError> {
    if text.len() > limit {
        return Err(SyntaxError::TooLarge {
            span: Span::new(file, offset, offset),
            size: text.len(),
            limit,
        });
    }
    Ok(())
}

/// Parses a whole `.claims` file. Spans point into `text` as file `file`.
pub fn parse_rule_file(file: FileId, text: &str) -> Result<ast::RuleFile, SyntaxError> {
    check_size(text, file, 0, MAX_FILE_BYTES)?;
    init_limits();
    lex::check_strings(text, file, 0)?;
    let pairs = ClaimsParser::parse(Rule::file, text)
        .map_err(|e| messages::from_pest(&e, text, file, 0, InputKind::File))?;
    build::Builder { file, base: 0 }.file(pairs)
}

/// Parses one proposition (`arms_agreement(russia, north_korea, arms)`, or with functional
/// output `met_at(kim, putin, 2023) = vladivostok`) written inside another file (a statement
/// YAML/JSON file); `offset` is where `text` starts in that file so spans point into it.
pub fn parse_atom(file: FileId, text: &str, offset: usize) -> Result<ast::Atom, SyntaxError> {
    check_size(text, file, offset, MAX_EMBEDDED_BYTES)?;
    init_limits();
    lex::check_strings(text, file, offset)?;
    let pairs = ClaimsParser::parse(Rule::atom_input, text)
        .map_err(|e| messages::from_pest(&e, text, file, offset, InputKind::Embedded))?;
    build::Builder { file, base: offset }.atom_input(pairs)
}

/// Same for a single date or interval string ("2023-09-13", "2023", "2023-10..2024-03"): a
/// date or a year gives [`ast::TimeLit::Date`], anything with `..` an
/// [`ast::TimeLit::Interval`] (whose ends may be years: "2006..2019", "2006..").
pub fn parse_time(file: FileId, text: &str, offset: usize) -> Result<ast::TimeLit, SyntaxError> {
    check_size(text, file, offset, MAX_EMBEDDED_BYTES)?;
    init_limits();
    let pairs = ClaimsParser::parse(Rule::time_input, text)
        .map_err(|e| messages::from_pest(&e, text, file, offset, InputKind::Embedded))?;
    build::Builder { file, base: offset }.time_input(pairs)
}
