//! The pest parser generated from `grammar/claims.pest`. Kept in its own module because pest's
//! derive emits a `Rule` enum that must not clash with anything else; nothing outside `syntax`
//! sees it.

/// The generated parser; `Rule` names the grammar's rules.
#[derive(pest_derive::Parser)]
#[grammar = "grammar/claims.pest"]
pub(crate) struct ClaimsParser;
