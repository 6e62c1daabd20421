//! Names → ids, types and arity: turns the parsed rule files of a run into one
//! [`hir::Program`]. Every name (type, entity, role, predicate, document, modality) is looked
//! up, every argument checked against its predicate's declaration (with the language's
//! coercions: `2023` is a year, a date in a `year` position is cut to its year), predicate
//! properties become generated rules and constraints, and reference facts, role holdings and
//! hand-written claims become [`hir::Statement`]s. All errors are collected, never just the
//! first.
//!
//! It does not read files (documents must already be in the [`SourceMap`]), load imports,
//! check rule safety or stratification (that is `analyze`), or extract anything from
//! documents.

mod body;
mod error;
pub mod hir;
mod path;
pub mod patterns;
mod program;
mod quote;
mod scope;

pub use error::ResolveError;
pub use path::relative_path;
pub use quote::find_quote;

use crate::diagnostic::{Diagnostic, sort_diagnostics};
use crate::source::{FileId, SourceMap};
use crate::syntax::ast;
use crate::value::EntityId;
use hir::{Program, Proposition};
use scope::{Ground, Scope};

/// Resolves all rule files of a run together (imports are already loaded by the caller; the
/// order of `files` is the load order: embedded default pack first, then user files). Ids are
/// assigned in file order, then item order.
///
/// Documents named by `document` items must already be in `sources` under the path
/// [`relative_path`]`(rule_file_path, literal)`. The diagnostics come sorted; the program
/// holds everything that resolved (items with errors are left out).
pub fn resolve_program(
    sources: &SourceMap,
    files: &[(FileId, ast::RuleFile)],
) -> (Program, Vec<Diagnostic>) {
    let (program, errors) = program::resolve(sources, files);
    let mut diagnostics: Vec<Diagnostic> =
        errors.iter().map(|e| Diagnostic::from_diag(e)).collect();
    sort_diagnostics(&mut diagnostics, sources);
    (program, diagnostics)
}

/// Resolves a proposition written outside a rule file (statement files, extraction output)
/// against a finished program. Wildcards become `Value::Unknown`; variables are errors.
pub fn resolve_proposition(
    program: &Program,
    atom: &ast::Atom,
) -> Result<Proposition, Vec<Diagnostic>> {
    let ground = Ground {
        wildcards: true,
        item: "statements",
    };
    Scope::new(program, None)
        .ground_atom(atom, ground)
        .map_err(|errors| errors.iter().map(|e| Diagnostic::from_diag(e)).collect())
}

/// Resolves a speaker name: entity names only (`author` and `reference` are not accepted
/// here; callers handle those words themselves).
#[allow(
    clippy::result_large_err,
    reason = "the signature is shared with the other phases"
)]
pub fn resolve_entity(program: &Program, name: &ast::Ident) -> Result<EntityId, Diagnostic> {
    Scope::new(program, None)
        .resolve_entity(name)
        .map_err(|e| Diagnostic::from_diag(&e))
}
