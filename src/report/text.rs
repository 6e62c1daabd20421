//! The text renderer: every input error and every contradiction as a miette diagnostic with
//! labelled spans in the files involved, then a summary.
//!
//! One miette diagnostic has one source, so spans in a second file become `related`
//! diagnostics that carry their own source. This is the only module that builds miette
//! values; the rest of claimcheck hands it plain data.

use super::{ContradictionEntry, Report, StatementEntry};
use crate::diagnostic::{Diagnostic as Diag, Level};
use crate::resolve::hir::{Modality, Stance};
use crate::source::{SourceMap, Span};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, Severity};
use std::collections::BTreeMap;
use std::fmt;

/// How to render.
#[derive(Clone, Copy, Debug)]
pub struct TextOptions {
    /// Use colour (only on a terminal, and never when `NO_COLOR` is set).
    pub color: bool,
    /// Line width.
    pub width: usize,
}

impl Default for TextOptions {
    fn default() -> TextOptions {
        TextOptions {
            color: false,
            width: 100,
        }
    }
}

/// How many characters of a long line are shown on each side of a labelled span.
const CLIP_PAD: usize = 48;

/// A file's text for miette that shows only the part of a long line near the labels. News
/// documents keep whole paragraphs on one line; without clipping, every label would drag a
/// line of a thousand characters into the terminal. Line and column numbers stay true.
#[derive(Debug, Clone)]
struct Clipped {
    name: String,
    text: std::sync::Arc<str>,
}

impl Clipped {
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = self.text.get(..offset).unwrap_or(&self.text);
        let line = before.matches('\n').count();
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
        (line, col)
    }
}

impl miette::SourceCode for Clipped {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let text: &str = &self.text;
        let mut start = span.offset().min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (span.offset() + span.len()).min(text.len()).max(start);
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let mut line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        // A `\r` left at the end of the shown text makes miette number the line one too low.
        if line_end > end && text.as_bytes().get(line_end - 1) == Some(&b'\r') {
            line_end -= 1;
        }
        // Clip at word boundaries CLIP_PAD characters away from the span.
        let mut from = start;
        for (n, (i, _)) in text[line_start..start].char_indices().rev().enumerate() {
            from = line_start + i;
            if n >= CLIP_PAD {
                break;
            }
        }
        if from > line_start {
            from = text[from..start]
                .find(' ')
                .map_or(from, |i| from + i + 1)
                .min(start);
        }
        let mut to = end;
        for (n, (i, c)) in text[end..line_end].char_indices().enumerate() {
            to = end + i + c.len_utf8();
            if n >= CLIP_PAD {
                break;
            }
        }
        if to < line_end {
            to = text[end..to].rfind(' ').map_or(to, |i| end + i).max(end);
        }
        let (line, _) = self.line_col(from);
        let (_, column) = self.line_col(start);
        let line_count = text[from..to].matches('\n').count() + 1;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            text.as_bytes().get(from..to).unwrap_or_default(),
            (from, to - from).into(),
            line,
            column,
            line_count,
        )))
    }
}

/// A diagnostic ready for miette: a message, one source, labels in it, and related
/// diagnostics for other files.
#[derive(Debug)]
struct Rendered {
    message: String,
    code: String,
    severity: Severity,
    help: Option<String>,
    source: Option<Clipped>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

fn named_source(sources: &SourceMap, span: Span) -> Clipped {
    let file = sources.file(span.file);
    Clipped {
        name: file.path.clone(),
        text: file.text.clone(),
    }
}

fn label(span: Span, text: String) -> LabeledSpan {
    let text = (!text.is_empty()).then_some(text);
    LabeledSpan::new_with_span(text, (span.start as usize, span.len()))
}

/// Renders one input diagnostic.
fn render_error(sources: &SourceMap, d: &Diag) -> Rendered {
    // The primary label decides the `file:line:column` miette prints, which must be the
    // position `errors[]` gives, even when a related label starts earlier.
    let primary = label(d.span, d.label.clone().unwrap_or_default());
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        primary.label().map(str::to_string),
        *primary.inner(),
    )];
    let mut related = Vec::new();
    for r in &d.related {
        if r.span.file == d.span.file {
            labels.push(label(r.span, r.message.clone()));
        } else {
            related.push(Rendered {
                message: r.message.clone(),
                code: String::new(),
                severity: Severity::Advice,
                help: None,
                source: Some(named_source(sources, r.span)),
                labels: vec![label(r.span, r.message.clone())],
                related: Vec::new(),
            });
        }
    }
    Rendered {
        message: d.message.clone(),
        code: d.code.to_string(),
        severity: match d.level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
        },
        help: d.help.clone(),
        source: Some(named_source(sources, d.span)),
        labels,
        related,
    }
}

/// Renders the whole report as text: the run's diagnostics first, then one diagnostic per
/// contradiction (built from the report alone, so text and JSON cannot disagree), then the
/// summary.
pub fn render_text(
    report: &Report,
    sources: &SourceMap,
    diagnostics: &[Diag],
    options: TextOptions,
) -> String {
    let mut out = render_diagnostics(sources, diagnostics, options);
    let statements: BTreeMap<&str, &StatementEntry> = report
        .statements
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    for entry in &report.contradictions {
        out.push_str(&render(
            &render_contradiction(entry, sources, &statements),
            options,
        ));
    }
    out.push_str(&summary_text(report));
    out
}

/// Renders input diagnostics only (for `validate`).
pub fn render_diagnostics(
    sources: &SourceMap,
    diagnostics: &[Diag],
    options: TextOptions,
) -> String {
    diagnostics
        .iter()
        .map(|d| render(&render_error(sources, d), options))
        .collect()
}

fn render(r: &Rendered, options: TextOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_context_lines(1)
        .with_show_related_as_nested(true);
    let mut s = String::new();
    if handler.render_report(&mut s, r).is_err() {
        s = format!("{}\n", r.message);
    }
    s.push('\n');
    s
}

/// "Vladimir Putin denies `p(…)`" from a report entry.
fn holds_text(s: &StatementEntry) -> String {
    let verb = match s.stance {
        Stance::Asserts => "asserts",
        Stance::Negates => "asserts not",
        Stance::Denies => "denies",
    };
    let modality = match s.modality {
        Modality::Fact => String::new(),
        m => format!(" ({})", m.keyword()),
    };
    format!("{} {verb}{modality} `{}`", s.speaker_name, s.proposition)
}

fn render_contradiction(
    entry: &ContradictionEntry,
    sources: &SourceMap,
    statements: &BTreeMap<&str, &StatementEntry>,
) -> Rendered {
    // Group the statements' spans by file, in report order.
    let mut by_file: Vec<(&str, Vec<LabeledSpan>)> = Vec::new();
    for sid in &entry.statements {
        let Some(s) = statements.get(sid.as_str()) else {
            continue;
        };
        let l = LabeledSpan::new_with_span(
            Some(format!("{sid}: {}", holds_text(s))),
            (s.span.start, s.span.end.saturating_sub(s.span.start)),
        );
        match by_file.iter_mut().find(|(f, _)| *f == s.document) {
            Some((_, v)) => v.push(l),
            None => by_file.push((&s.document, vec![l])),
        }
    }
    let source_of = |path: &str| Clipped {
        name: path.to_string(),
        text: sources
            .find(path)
            .map(|f| sources.file(f).text.clone())
            .unwrap_or_else(|| "".into()),
    };
    // Documents first: the reader came for the document, the rule file is the backdrop.
    by_file.sort_by_key(|(path, _)| {
        sources
            .find(path)
            .is_some_and(|f| sources.file(f).kind == crate::source::FileKind::Rules)
    });
    let mut files = by_file.into_iter();
    let (first_file, first_labels) = files.next().unwrap_or_default();
    let related = files
        .map(|(file, labels)| Rendered {
            message: format!("the other side, in {file}"),
            code: String::new(),
            severity: Severity::Advice,
            help: None,
            source: Some(source_of(file)),
            labels,
            related: Vec::new(),
        })
        .collect();
    let chain = if entry.rules.is_empty() {
        "no rule: the statements contradict directly".to_string()
    } else {
        format!("rules: {}", entry.rules.join(" → "))
    };
    let mut help = format!(
        "{chain}; speakers: {}\n{}",
        entry.speakers.join(", "),
        entry.explanation
    );
    for line in &entry.derivation {
        help.push('\n');
        help.push_str(line);
    }
    Rendered {
        message: format!(
            "{} {} contradiction ({}): {}",
            entry.id,
            entry.kind,
            entry.relation,
            entry.speakers.join(" vs ")
        ),
        code: format!("claimcheck::contradiction::{}", entry.kind),
        severity: match entry.severity.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => Severity::Advice,
        },
        help: Some(help),
        source: Some(source_of(first_file)),
        labels: first_labels,
        related,
    }
}

/// The summary at the end of a text report.
pub fn summary_text(report: &Report) -> String {
    let s = &report.summary;
    let mut out = format!(
        "summary: {} document{}, {} statement{}, {} contradiction{}\n",
        s.documents,
        plural(s.documents),
        s.statements,
        plural(s.statements),
        s.contradictions,
        plural(s.contradictions)
    );
    let counts = |m: &BTreeMap<String, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if s.contradictions > 0 {
        out.push_str(&format!("  by kind: {}\n", counts(&s.by_kind)));
        out.push_str(&format!("  by severity: {}\n", counts(&s.by_severity)));
        out.push_str(&format!("  by relation: {}\n", counts(&s.by_relation)));
    }
    for l in &s.limits_hit {
        out.push_str(&format!("  limit hit: {l}\n"));
    }
    if !s.failed_files.is_empty() {
        out.push_str(&format!(
            "  {} file{} with errors: {}\n",
            s.failed_files.len(),
            plural(s.failed_files.len()),
            s.failed_files.join(", ")
        ));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
