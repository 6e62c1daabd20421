//! Text → syntax tree. The only module that sees pest types: it runs the grammar in
//! `grammar/claims.pest`, turns pest's errors into [`SyntaxError`]s worded for people, and builds
//! [`ast::RuleFile`]s. It resolves nothing and reads no files.
//!
//! Three entry points: [`parse_rule_file`] for a whole `.claims` file, and [`parse_atom`] and
//! [`parse_time`] for a proposition or a time written inside a statement file. Each stops at
//! the first error. Inputs are capped in size ([`MAX_FILE_BYTES`], [`MAX_EMBEDDED_BYTES`]) and
//! pest's work is capped per parse, so no input can make parsing run away; the grammar recurses
//! only into the groups of pattern bodies: a pre-pass caps bracket nesting ([`MAX_NESTING`])
//! before pest runs, and the tree builder caps the depth of groups.
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

/// The deepest nesting of brackets (`(`, `[` and `{` together, outside strings and comments)
/// accepted in a rule file or an embedded proposition. Real rule files nest three or four
/// levels (pattern groups stop at eight). pest's parser recurses once per level and gives up
/// with a position-less error when the stack runs low; at this depth it needs under 512 KiB
/// even unoptimised, so any thread can parse, and deeper input is refused at the bracket that
/// goes too deep.
pub const MAX_NESTING: usize = 64;

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
    lex::check_nesting(text, file, 0, MAX_NESTING)?;
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
    lex::check_nesting(text, file, offset, MAX_NESTING)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern_nested(depth: usize) -> String {
        format!(
            "type state\npredicate buys(a: state)\npattern deep:\n    {{a: state}} {}buys{} => buys(a)\n",
            "(".repeat(depth),
            ")".repeat(depth)
        )
    }

    #[test]
    fn nesting_at_the_limit_parses_on_a_small_stack() {
        // pest recurses once per level: at the limit it must fit well within a thread's stack
        // (rayon's and the main thread's are 2 MiB or more) with pest's 64 KiB reserve to
        // spare. The builder then refuses groups deeper than its own cap, with its own error.
        let result = std::thread::Builder::new()
            .stack_size(512 << 10)
            .spawn(|| parse_rule_file(FileId(0), &pattern_nested(MAX_NESTING)))
            .expect("thread starts")
            .join()
            .expect("no stack overflow");
        assert!(
            matches!(result, Err(SyntaxError::TooDeep { .. })),
            "{result:?}"
        );
    }

    #[test]
    fn nesting_past_the_limit_points_at_the_first_bracket_too_deep() {
        let text = pattern_nested(100_000);
        let first = text.find("((").expect("the groups");
        // `{a: state}` closes before the groups open, so the groups start at level 1.
        let at = first + MAX_NESTING;
        assert_eq!(
            parse_rule_file(FileId(0), &text),
            Err(SyntaxError::NestingTooDeep {
                span: Span::new(FileId(0), at, at + 1),
                limit: MAX_NESTING
            })
        );
    }
}
