//! claimcheck reads rule files (`.claims`), documents and statement files, and reports every
//! set of attributed statements that cannot all be true.
//!
//! The pipeline: `source` owns the text; `syntax` parses rule files; `resolve` turns names
//! into ids and checks types, producing a `resolve::hir::Program` with its statements;
//! `analyze` checks safety and stratification and plans evaluation; `eval` runs the rules to a
//! fixpoint with provenance; `contradiction` finds the minimal conflicting sets; `report`
//! builds the plain-data `Report` and renders it.

// No input may crash the library: no `unwrap`, `expect`, `panic!` or unchecked indexing outside
// tests. The few indexes that cannot fail (dense ids, graph walks over `0..n`, byte tables)
// carry an `#[allow]` with the reason next to them.
#![cfg_attr(
    not(test),
    warn(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod analyze;
pub mod check;
pub mod config;
pub mod contradiction;
pub mod diagnostic;
pub mod eval;
pub mod extract;
pub mod load;
pub mod pack;
pub mod report;
pub mod resolve;
pub mod source;
pub mod statements;
pub mod suite;
pub mod syntax;
pub mod value;
pub mod yaml;
