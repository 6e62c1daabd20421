//! What can be wrong with a suite itself (as opposed to the documents and rules it checks):
//! missing folders, cases without documents, broken `expect.yaml` or `suite.yaml`, anchors
//! that match nothing, snapshot files that are not snapshots, report files `diff` cannot read.
//!
//! Each variant carries the span it points at, in a [`SourceMap`] the runner keeps for the
//! suite's own files; [`located`] turns one into a plain [`ErrorEntry`] for results and output.
//! Nothing here decides whether a case passes.

use crate::diagnostic::{Diag, Diagnostic, Level};
use crate::report::ErrorEntry;
use crate::source::{SourceMap, Span};

/// A problem with a suite's own input.
#[derive(Debug, thiserror::Error)]
pub enum SuiteError {
    /// `claimcheck test no-such-folder/`, or a case folder that cannot be listed.
    #[error("cannot read `{path}`: {reason}")]
    Unreadable {
        /// Path as given.
        path: String,
        /// The operating system's reason.
        reason: String,
        /// The path itself.
        span: Span,
    },
    /// `claimcheck test empty-folder/`: a suite folder with no case folders in it.
    #[error("suite `{path}` has no cases")]
    NoCases {
        /// Path as given.
        path: String,
        /// The suite folder.
        span: Span,
    },
    /// `claimcheck test suite/ --filter nothing-like-this`.
    #[error("no case matches the filter `{filter}`")]
    NoMatch {
        /// The filters, joined.
        filter: String,
        /// The suite folder.
        span: Span,
    },
    /// A case folder holding only `expect.yaml`, or only rule files.
    #[error("case `{case}` has no documents")]
    NoDocuments {
        /// Case name.
        case: String,
        /// The case folder.
        span: Span,
    },
    /// `expect.yaml` with `kindd: negation`, a list where a map belongs, bad YAML; likewise
    /// `suite.yaml`.
    #[error("{message}")]
    Syntax {
        /// What is wrong, in the YAML library's words.
        message: String,
        /// Where.
        span: Span,
    },
    /// `kind: negaton` or `severity: fatal` in `expect.yaml`.
    #[error("unknown {field} `{value}`")]
    UnknownValue {
        /// `kind`, `severity` or `relation`.
        field: &'static str,
        /// What was written.
        value: String,
        /// The values allowed, for the help line.
        allowed: Vec<&'static str>,
        /// Where.
        span: Span,
    },
    /// `anchors: [""]`.
    #[error("an anchor must not be empty")]
    EmptyAnchor {
        /// Where.
        span: Span,
    },
    /// An anchor whose text is in none of the case's documents or rule files.
    #[error("anchor `{text}` occurs nowhere in the case's documents")]
    AnchorNotFound {
        /// The anchor text.
        text: String,
        /// Where it is written.
        span: Span,
    },
    /// `{text: …, document: other.txt}` where `other.txt` is not part of the case.
    #[error("anchor names document `{document}`, which is not part of the case")]
    AnchorDocument {
        /// The document named.
        document: String,
        /// The case's documents, for the help line.
        known: Vec<String>,
        /// Where.
        span: Span,
    },
    /// An `errors:` entry that is not a diagnostic code path.
    #[error("`{code}` is not a diagnostic code")]
    BadErrorCode {
        /// What was written.
        code: String,
        /// Where.
        span: Span,
    },
    /// A `report.snap` that does not start with an insta header, or whose report is not
    /// YAML of the report schema.
    #[error("invalid snapshot file: {reason}")]
    SnapshotInvalid {
        /// What is wrong.
        reason: String,
        /// Where.
        span: Span,
    },
    /// A snapshot that could not be written (read-only folder, full disk).
    #[error("cannot write `{path}`: {reason}")]
    WriteFailed {
        /// Path.
        path: String,
        /// The operating system's reason.
        reason: String,
        /// The case folder.
        span: Span,
    },
    /// `claimcheck diff a.yaml b.yaml` where `a.yaml` is not a report.
    #[error("`{path}` is not a claimcheck report: {reason}")]
    ReportInvalid {
        /// Path as given.
        path: String,
        /// What is wrong.
        reason: String,
        /// Where.
        span: Span,
    },
}

impl Diag for SuiteError {
    fn code(&self) -> &'static str {
        match self {
            SuiteError::Unreadable { .. } => "claimcheck::suite::unreadable",
            SuiteError::NoCases { .. } => "claimcheck::suite::no_cases",
            SuiteError::NoMatch { .. } => "claimcheck::suite::no_match",
            SuiteError::NoDocuments { .. } => "claimcheck::suite::no_documents",
            SuiteError::Syntax { .. } => "claimcheck::suite::syntax",
            SuiteError::UnknownValue { .. } => "claimcheck::suite::unknown_value",
            SuiteError::EmptyAnchor { .. } => "claimcheck::suite::empty_anchor",
            SuiteError::AnchorNotFound { .. } => "claimcheck::suite::anchor_not_found",
            SuiteError::AnchorDocument { .. } => "claimcheck::suite::anchor_document",
            SuiteError::BadErrorCode { .. } => "claimcheck::suite::bad_error_code",
            SuiteError::SnapshotInvalid { .. } => "claimcheck::suite::snapshot_invalid",
            SuiteError::WriteFailed { .. } => "claimcheck::suite::write_failed",
            SuiteError::ReportInvalid { .. } => "claimcheck::suite::report_invalid",
        }
    }

    fn span(&self) -> Span {
        match self {
            SuiteError::Unreadable { span, .. }
            | SuiteError::NoCases { span, .. }
            | SuiteError::NoMatch { span, .. }
            | SuiteError::NoDocuments { span, .. }
            | SuiteError::Syntax { span, .. }
            | SuiteError::UnknownValue { span, .. }
            | SuiteError::EmptyAnchor { span }
            | SuiteError::AnchorNotFound { span, .. }
            | SuiteError::AnchorDocument { span, .. }
            | SuiteError::BadErrorCode { span, .. }
            | SuiteError::SnapshotInvalid { span, .. }
            | SuiteError::WriteFailed { span, .. }
            | SuiteError::ReportInvalid { span, .. } => *span,
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            SuiteError::NoCases { .. } => {
                Some("a suite is a folder of case folders; each case holds its documents, rule files and `expect.yaml`".into())
            }
            SuiteError::NoMatch { .. } => Some("a filter keeps the cases whose name (`suite/case`) contains it".into()),
            SuiteError::NoDocuments { .. } => Some("put the `.txt` or `.md` documents the case checks in its folder".into()),
            SuiteError::UnknownValue { value, allowed, .. } => Some(
                crate::diagnostic::did_you_mean(value, allowed.iter().copied())
                    .unwrap_or_else(|| format!("one of {}", allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "))),
            ),
            SuiteError::AnchorNotFound { .. } => {
                Some("an anchor is a piece of a statement's quote, copied exactly from a document of the case".into())
            }
            SuiteError::AnchorDocument { document, known, .. } => Some(
                crate::diagnostic::did_you_mean(document, known.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("the case's documents: {}", known.join(", "))),
            ),
            SuiteError::BadErrorCode { .. } => Some("codes look like `claimcheck::resolve::unknown_predicate`".into()),
            SuiteError::SnapshotInvalid { .. } => {
                Some("delete the file and run `claimcheck test --accept` to write a fresh snapshot".into())
            }
            _ => None,
        }
    }
}

/// A diagnostic as a plain located entry (file as given, 1-based line and column).
pub fn located(sources: &SourceMap, d: &Diagnostic) -> ErrorEntry {
    let file = sources.file(d.span.file);
    let (line, column) = file.line_col(d.span.start as usize);
    ErrorEntry {
        code: d.code.to_string(),
        level: d.level,
        file: file.path.clone(),
        line,
        column,
        message: d.message.clone(),
        help: d.help.clone(),
    }
}

/// A suite error as a plain located entry.
pub fn entry(sources: &SourceMap, e: &SuiteError) -> ErrorEntry {
    located(sources, &Diagnostic::from_diag(e))
}

/// Whether an entry is an error (not a warning).
pub fn is_error(e: &ErrorEntry) -> bool {
    e.level == Level::Error
}
