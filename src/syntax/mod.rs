//! Text → syntax tree. The only module that sees pest types: it runs the grammar in
//! `grammar/claims.pest`, turns pest's errors into [`SyntaxError`]s worded for people, and builds
//! [`ast::RuleFile`]s. It resolves nothing and reads no files.

pub mod ast;

use crate::source::{FileId, Span};

/// A syntax error (placeholder until the parser lands).
#[derive(Debug, thiserror::Error)]
pub enum SyntaxError {
    /// Any input, until the parser lands.
    #[error("the parser is not built yet")]
    NotBuilt {
        /// Where.
        span: Span,
    },
}

/// Parses a whole `.claims` file.
pub fn parse_rule_file(file: FileId, _text: &str) -> Result<ast::RuleFile, SyntaxError> {
    Err(SyntaxError::NotBuilt {
        span: Span::new(file, 0, 0),
    })
}
