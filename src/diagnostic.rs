//! The one shape every phase's errors share. Each phase has its own typed error enum (with
//! `thiserror` for the message); each implements [`Diag`] so that the edge of the program can
//! sort them, put them in the report's `errors[]` and render them with miette. Nothing in this
//! module knows about miette: the bridge lives in `report::text`.

use crate::source::{SourceMap, Span};
use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Stops evaluation (exit code 2).
    Error,
    /// Reported, does not stop anything.
    Warning,
}

/// A secondary labelled span, possibly in another file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What the reader should notice there.
    pub message: String,
}

/// What every phase error can tell about itself.
pub trait Diag: std::fmt::Display + std::fmt::Debug + Send + Sync {
    /// A stable code, a path such as `claimcheck::resolve::unknown_predicate`.
    fn code(&self) -> &'static str;
    /// The primary location.
    fn span(&self) -> Span;
    /// The text of the primary label (defaults to nothing).
    fn label(&self) -> Option<String> {
        None
    }
    /// Further labelled locations (same file or others).
    fn related(&self) -> Vec<Label> {
        Vec::new()
    }
    /// A hint on how to fix it.
    fn help(&self) -> Option<String> {
        None
    }
    /// Error (default) or warning.
    fn level(&self) -> Level {
        Level::Error
    }
}

/// A phase error with its payload erased, ready to be sorted and rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code.
    pub code: &'static str,
    /// Error or warning.
    pub level: Level,
    /// One line, lowercase, no full stop; user input in backticks.
    pub message: String,
    /// Primary location.
    pub span: Span,
    /// Primary label text.
    pub label: Option<String>,
    /// Secondary locations.
    pub related: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// Erases a typed phase error.
    pub fn from_diag(d: &dyn Diag) -> Diagnostic {
        Diagnostic {
            code: d.code(),
            level: d.level(),
            message: d.to_string(),
            span: d.span(),
            label: d.label(),
            related: d.related(),
            help: d.help(),
        }
    }

    /// The sort key: file path, position, code, message. Sorting by path (not file id) keeps
    /// output independent of the order files were read in.
    pub fn sort_key<'a>(
        &'a self,
        sources: &'a SourceMap,
    ) -> (&'a str, u32, u32, &'static str, &'a str) {
        (
            sources.file(self.span.file).path.as_str(),
            self.span.start,
            self.span.end,
            self.code,
            self.message.as_str(),
        )
    }
}

impl<T: Diag> From<T> for Diagnostic {
    fn from(d: T) -> Diagnostic {
        Diagnostic::from_diag(&d)
    }
}

/// Sorts diagnostics for output and removes exact duplicates.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>, sources: &SourceMap) {
    diags.sort_by(|a, b| a.sort_key(sources).cmp(&b.sort_key(sources)));
    diags.dedup();
}

/// Whether any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.level == Level::Error)
}

/// "did you mean `x`?" for the candidate closest to `name`, if any is close enough.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(name, c);
        if score >= 0.8 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}
