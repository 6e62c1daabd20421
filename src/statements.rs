//! Statement files: YAML or JSON written by other extractors (a person, a script, a language
//! model), in the same shape as the report's `statements[]`, so `claimcheck extract` output
//! loads back unchanged. Every entry is validated like a hand-written `claim`: the speaker and
//! the proposition's names resolve, the quote is in the document, the span fits it.
//!
//! Bad entries are reported and skipped; the good entries of the same file are kept.

use crate::diagnostic::{Diag, Diagnostic};
use crate::load::{self, Loaded};
use crate::report::{FoundByEntry, SpanEntry};
use crate::resolve::hir::{
    Anaphor, FoundBy, Method, Modality, Program, Speaker, Stance, Statement,
};
use crate::source::{FileId, Span};
use crate::syntax::{self, ast};
use crate::value::Interval;
use serde::Deserialize;
use serde::de::IgnoredAny;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The top level of a statement file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementFile {
    /// `claimcheck.statements/1` or `claimcheck.report/1` (a whole report loads too).
    #[serde(default)]
    schema: Option<String>,
    statements: Vec<Record>,
    #[serde(default, rename = "documents")]
    _documents: Option<IgnoredAny>,
    #[serde(default, rename = "contradictions")]
    _contradictions: Option<IgnoredAny>,
    #[serde(default, rename = "errors")]
    _errors: Option<IgnoredAny>,
    #[serde(default, rename = "summary")]
    _summary: Option<IgnoredAny>,
}

/// One statement entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    /// Report ids are reassigned on output.
    #[serde(default, rename = "id")]
    _id: Option<String>,
    document: String,
    #[serde(default)]
    span: Option<SpanEntry>,
    quote: String,
    speaker: String,
    /// Derived from the speaker on output.
    #[serde(default, rename = "speaker_name")]
    _speaker_name: Option<String>,
    #[serde(default)]
    reporter: Option<String>,
    #[serde(default = "default_stance")]
    stance: String,
    #[serde(default)]
    modality: Option<String>,
    proposition: String,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    reported: Option<String>,
    #[serde(default)]
    found_by: Option<FoundByEntry>,
}

fn default_stance() -> String {
    "asserts".to_string()
}

/// Schemas a statement file may declare.
pub const SCHEMAS: [&str; 2] = ["claimcheck.statements/1", crate::report::SCHEMA];

/// A problem in a statement file.
#[derive(Debug, thiserror::Error)]
pub enum StatementError {
    /// `statements: [{document: a.txt}]` (missing `quote`), `stance: 3`, an unknown key,
    /// a duplicate key, an alias bomb, or YAML that does not parse.
    #[error("invalid statement file: {message}")]
    Invalid {
        /// The parser's message.
        message: String,
        /// Where it points.
        span: Span,
    },
    /// `schema: claimcheck.report/9`
    #[error("unknown schema `{schema}`")]
    UnknownSchema {
        /// The schema given.
        schema: String,
        /// Where.
        span: Span,
    },
    /// `stance: believes`
    #[error("unknown stance `{stance}`")]
    UnknownStance {
        /// The stance given.
        stance: String,
        /// Where.
        span: Span,
    },
    /// `modality: probable`
    #[error("unknown modality `{modality}`")]
    UnknownModality {
        /// The modality given.
        modality: String,
        /// Where.
        span: Span,
        /// Suggestion.
        help: Option<String>,
    },
    /// `speaker: reference` in a statement file (reference facts belong in rule files).
    #[error("a statement file cannot hold reference facts")]
    ReferenceSpeaker {
        /// Where.
        span: Span,
    },
    /// `quote: "text that is not in the document"`
    #[error("the quote is not in `{document}`")]
    QuoteNotFound {
        /// The document.
        document: String,
        /// Where the quote is in the statement file.
        span: Span,
        /// The nearest passage of the document.
        nearest: Option<String>,
    },
    /// `span: {start: 10, end: 99999}` past the end of the document.
    #[error("span {start}..{end} is outside `{document}` ({len} bytes)")]
    SpanOutOfRange {
        /// The document.
        document: String,
        /// Given start.
        start: usize,
        /// Given end.
        end: usize,
        /// Document length.
        len: usize,
        /// Where in the statement file.
        span: Span,
    },
    /// `span` covers other text than `quote`.
    #[error("span {start}..{end} of `{document}` does not hold the quote")]
    SpanMismatch {
        /// The document.
        document: String,
        /// Given start.
        start: usize,
        /// Given end.
        end: usize,
        /// What the span covers.
        found: String,
        /// Where in the statement file.
        span: Span,
    },
}

impl Diag for StatementError {
    fn code(&self) -> &'static str {
        match self {
            StatementError::Invalid { .. } => "claimcheck::statements::invalid",
            StatementError::UnknownSchema { .. } => "claimcheck::statements::unknown_schema",
            StatementError::UnknownStance { .. } => "claimcheck::statements::unknown_stance",
            StatementError::UnknownModality { .. } => "claimcheck::statements::unknown_modality",
            StatementError::ReferenceSpeaker { .. } => "claimcheck::statements::reference_speaker",
            StatementError::QuoteNotFound { .. } => "claimcheck::statements::quote_not_found",
            StatementError::SpanOutOfRange { .. } => "claimcheck::statements::span_out_of_range",
            StatementError::SpanMismatch { .. } => "claimcheck::statements::span_mismatch",
        }
    }
    fn span(&self) -> Span {
        match self {
            StatementError::Invalid { span, .. }
            | StatementError::UnknownSchema { span, .. }
            | StatementError::UnknownStance { span, .. }
            | StatementError::UnknownModality { span, .. }
            | StatementError::ReferenceSpeaker { span }
            | StatementError::QuoteNotFound { span, .. }
            | StatementError::SpanOutOfRange { span, .. }
            | StatementError::SpanMismatch { span, .. } => *span,
        }
    }
    fn label(&self) -> Option<String> {
        Some(
            match self {
                StatementError::Invalid { .. } => "here",
                StatementError::UnknownSchema { .. } => "unknown schema",
                StatementError::UnknownStance { .. } => "unknown stance",
                StatementError::UnknownModality { .. } => "unknown modality",
                StatementError::ReferenceSpeaker { .. } => "not allowed here",
                StatementError::QuoteNotFound { .. } => "not found in the document",
                StatementError::SpanOutOfRange { .. } => "span outside the document",
                StatementError::SpanMismatch { .. } => "span does not hold this quote",
            }
            .to_string(),
        )
    }
    fn help(&self) -> Option<String> {
        match self {
            StatementError::UnknownSchema { .. } => Some(format!("use `{}`", SCHEMAS[0])),
            StatementError::UnknownStance { .. } => {
                Some("use `asserts`, `negates` or `denies`".into())
            }
            StatementError::UnknownModality { help, .. } => help.clone(),
            StatementError::QuoteNotFound { nearest, .. } => nearest
                .as_ref()
                .map(|n| format!("nearest text in the document: `{n}`")),
            StatementError::SpanMismatch { found, .. } => {
                Some(format!("the span covers `{found}`"))
            }
            StatementError::ReferenceSpeaker { .. } => {
                Some("write reference facts with `reference` in a `.claims` file".into())
            }
            _ => None,
        }
    }
}

/// Finds `needle` in `text` at or after `from`, for locating a record's fields in the file
/// (serde does not report positions). Falls back to `from` when the text is not verbatim in
/// the file (escaped JSON strings).
fn locate(text: &str, needle: &str, from: usize) -> (usize, bool) {
    if needle.is_empty() {
        return (from, false);
    }
    match text.get(from..).and_then(|t| t.find(needle)) {
        Some(i) => (from + i, true),
        None => (from, false),
    }
}

/// Loads every statement of one statement file into the program. Returns the diagnostics.
pub fn load_statement_file(
    loaded: &mut Loaded,
    program: &mut Program,
    file: FileId,
    max_file_size: usize,
) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let text = loaded.sources.file(file).text.clone();
    let parsed: StatementFile = match crate::yaml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            let at = e.offset.unwrap_or(0).min(text.len());
            diags.push(
                StatementError::Invalid {
                    message: e.message,
                    span: Span::new(file, at, at),
                }
                .into(),
            );
            return diags;
        }
    };
    if let Some(schema) = &parsed.schema
        && !SCHEMAS.contains(&schema.as_str())
    {
        {
            let (at, _) = locate(&text, schema, 0);
            diags.push(
                StatementError::UnknownSchema {
                    schema: schema.clone(),
                    span: Span::new(file, at, at + schema.len()),
                }
                .into(),
            );
            return diags;
        }
    }
    let mut cursor = 0;
    let mut shared = Shared {
        max_file_size,
        documents: HashMap::new(),
        names: HashSet::new(),
    };
    for record in parsed.statements {
        // Each record's fields are searched for after the previous record's quote.
        let (quote_at, _) = locate(&text, &record.quote, cursor);
        match statement_of(loaded, program, file, &text, &record, cursor, &mut shared) {
            Ok(s) => program.statements.push(s),
            Err(mut e) => diags.append(&mut e),
        }
        cursor = quote_at.max(cursor) + 1;
    }
    diags
}

/// What the entries of one statement file share: the documents they name, looked up once
/// each rather than once per entry (a lookup may touch the file system), and the pattern and
/// frame names of their provenance, allocated once each.
struct Shared {
    max_file_size: usize,
    documents: HashMap<String, FileId>,
    names: HashSet<Arc<str>>,
}

impl Shared {
    /// The document an entry names, loading it on first use.
    fn document(
        &mut self,
        loaded: &mut Loaded,
        file: FileId,
        literal: &str,
        span: Span,
    ) -> Option<FileId> {
        if let Some(&id) = self.documents.get(literal) {
            return Some(id);
        }
        let id = load::load_named_document(loaded, file, literal, span, self.max_file_size)?;
        self.documents.insert(literal.to_string(), id);
        Some(id)
    }

    /// A pattern or frame name, shared by every entry that gives it.
    fn name(&mut self, name: &str) -> Arc<str> {
        if let Some(n) = self.names.get(name) {
            return n.clone();
        }
        let n: Arc<str> = Arc::from(name);
        self.names.insert(n.clone());
        n
    }
}

fn statement_of(
    loaded: &mut Loaded,
    program: &mut Program,
    file: FileId,
    text: &str,
    r: &Record,
    cursor: usize,
    shared: &mut Shared,
) -> Result<Statement, Vec<Diagnostic>> {
    let mut errs: Vec<Diagnostic> = Vec::new();
    let at = |needle: &str| -> (Span, bool) {
        let (i, found) = locate(text, needle, cursor);
        (
            Span::new(file, i, if found { i + needle.len() } else { i }),
            found,
        )
    };
    let (doc_span, _) = at(&r.document);
    let doc = shared.document(loaded, file, &r.document, doc_span);
    // Speaker and reporter.
    let speaker = match r.speaker.as_str() {
        "author" => Some(Speaker::Author),
        "reference" => {
            errs.push(
                StatementError::ReferenceSpeaker {
                    span: at(&r.speaker).0,
                }
                .into(),
            );
            None
        }
        name => entity(program, name, at(name).0, &mut errs).map(Speaker::Entity),
    };
    let reporter = match &r.reporter {
        None => Some(None),
        Some(name) if name == "author" => Some(Some(Speaker::Author)),
        Some(name) => {
            entity(program, name, at(name).0, &mut errs).map(|e| Some(Speaker::Entity(e)))
        }
    };
    let stance = match r.stance.as_str() {
        "asserts" => Some(Stance::Asserts),
        "negates" => Some(Stance::Negates),
        "denies" => Some(Stance::Denies),
        other => {
            errs.push(
                StatementError::UnknownStance {
                    stance: other.to_string(),
                    span: at(other).0,
                }
                .into(),
            );
            None
        }
    };
    let modality = match &r.modality {
        None => Some(Modality::Fact),
        Some(m) => match Modality::from_keyword(m) {
            Some(m) => Some(m),
            None => {
                errs.push(
                    StatementError::UnknownModality {
                        modality: m.clone(),
                        span: at(m).0,
                        help: crate::diagnostic::did_you_mean(
                            m,
                            Modality::ALL.iter().map(|(_, k)| *k),
                        ),
                    }
                    .into(),
                );
                None
            }
        },
    };
    // The proposition, parsed where it sits in the file so spans point into it. When it is
    // not there verbatim (escapes in JSON), errors point at its key instead.
    let (mut prop_span, verbatim) = at(&r.proposition);
    if !verbatim {
        let (key, found) = locate(text, "proposition", cursor);
        if found {
            prop_span = Span::new(file, key, key + "proposition".len());
        }
    }
    let prop = match syntax::parse_atom(file, &r.proposition, prop_span.start as usize) {
        Ok(atom) => match crate::resolve::resolve_proposition(program, &atom) {
            Ok(p) => Some(p),
            Err(mut e) => {
                if !verbatim {
                    relocate(&mut e, prop_span);
                }
                errs.append(&mut e);
                None
            }
        },
        Err(e) => {
            let mut e = vec![Diagnostic::from_diag(&e)];
            if !verbatim {
                relocate(&mut e, prop_span);
            }
            errs.append(&mut e);
            None
        }
    };
    let time = r
        .time
        .as_ref()
        .and_then(|t| time_of(file, text, t, cursor, &mut errs));
    let reported = r
        .reported
        .as_ref()
        .and_then(|t| time_of(file, text, t, cursor, &mut errs))
        .and_then(|i| i.from);
    // The quote in the document.
    let source = doc.and_then(|doc| {
        let dtext = loaded.sources.file(doc).text.clone();
        let dpath = loaded.sources.file(doc).path.clone();
        let quote_span = at(&r.quote).0;
        match r.span {
            Some(sp) => {
                if sp.start > sp.end
                    || sp.end > dtext.len()
                    || !dtext.is_char_boundary(sp.start)
                    || !dtext.is_char_boundary(sp.end)
                {
                    errs.push(
                        StatementError::SpanOutOfRange {
                            document: dpath,
                            start: sp.start,
                            end: sp.end,
                            len: dtext.len(),
                            span: quote_span,
                        }
                        .into(),
                    );
                    return None;
                }
                let covered = dtext.get(sp.start..sp.end).unwrap_or("");
                if crate::resolve::find_quote(covered, &r.quote) != Ok(0..covered.len())
                    && covered != r.quote
                {
                    errs.push(
                        StatementError::SpanMismatch {
                            document: dpath,
                            start: sp.start,
                            end: sp.end,
                            found: shorten(covered),
                            span: quote_span,
                        }
                        .into(),
                    );
                    return None;
                }
                Some(Span::new(doc, sp.start, sp.end))
            }
            None => match crate::resolve::find_quote(&dtext, &r.quote) {
                Ok(range) => Some(Span::new(doc, range.start, range.end)),
                Err(nearest) => {
                    errs.push(
                        StatementError::QuoteNotFound {
                            document: dpath,
                            span: quote_span,
                            nearest: nearest.and_then(|n| dtext.get(n).map(shorten)),
                        }
                        .into(),
                    );
                    None
                }
            },
        }
    });
    let (
        Some(speaker),
        Some(reporter),
        Some(stance),
        Some(modality),
        Some(prop),
        Some(source),
        true,
    ) = (
        speaker,
        reporter,
        stance,
        modality,
        prop,
        source,
        errs.is_empty(),
    )
    else {
        return Err(errs);
    };
    let found_by = r.found_by.as_ref();
    // Provenance carried by the file (an extract round trip) is kept; only statements first
    // stated in this file point back at it.
    let method = match found_by.map(|f| f.method.as_str()) {
        Some("hand") => Method::Hand,
        Some("extracted") => Method::Extracted,
        _ => Method::File,
    };
    Ok(Statement {
        source,
        speaker,
        reporter,
        stance,
        modality,
        prop,
        time,
        reported,
        found_by: FoundBy {
            method,
            declared_at: match found_by.and_then(|f| f.declared_at.as_deref()) {
                Some(place) if method != Method::File => span_of_place(&loaded.sources, place),
                _ => Some(at(&r.quote).0),
            },
            pattern: found_by
                .and_then(|f| f.pattern.as_deref())
                .map(|n| shared.name(n)),
            frame: found_by
                .and_then(|f| f.frame.as_deref())
                .map(|n| shared.name(n)),
            anaphora: found_by
                .map(|f| {
                    f.anaphora
                        .iter()
                        .map(|a| Anaphor {
                            text: a.text.clone(),
                            span: Span::new(source.file, a.span.start, a.span.end),
                            resolved_to: a.resolved_to.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            cite: None,
        },
    })
}

/// The span a `path:line:column` place names, when that file is part of the run (the rule
/// file of an extraction pattern, say); `None` otherwise.
fn span_of_place(sources: &crate::source::SourceMap, place: &str) -> Option<Span> {
    let mut parts = place.rsplitn(3, ':');
    let column: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let file = sources.find(parts.next()?)?;
    let text = &sources.file(file).text;
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = text.get(line_start..)?;
    let offset = line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i);
    Some(Span::new(file, offset, offset))
}

fn entity(
    program: &Program,
    name: &str,
    span: Span,
    errs: &mut Vec<Diagnostic>,
) -> Option<crate::value::EntityId> {
    let ident = ast::Ident {
        name: name.to_string(),
        span,
    };
    crate::resolve::resolve_entity(program, &ident)
        .map_err(|e| errs.push(e))
        .ok()
}

fn time_of(
    file: FileId,
    text: &str,
    t: &str,
    cursor: usize,
    errs: &mut Vec<Diagnostic>,
) -> Option<Interval> {
    let (at, _) = locate(text, t, cursor);
    match syntax::parse_time(file, t, at) {
        Ok(ast::TimeLit::Date(d)) => Some(Interval::at(d.value)),
        Ok(ast::TimeLit::Interval(i)) => Some(i.value),
        Err(e) => {
            errs.push(Diagnostic::from_diag(&e));
            None
        }
    }
}

/// Points diagnostics at `span` when the text they were parsed from is not verbatim in the
/// file (escaped JSON), so their own offsets would be wrong.
fn relocate(diags: &mut [Diagnostic], span: Span) {
    for d in diags {
        d.span = span;
        d.related.clear();
    }
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}
