//! Verdicts and how they changed between two reports.
//!
//! A verdict is one contradiction seen from outside: its kind, severity, relation and rules,
//! and its sides (each statement's document, quote and speaker). Two reports are compared by
//! matching verdicts on their sides' documents and quotes, never on ids (`c3`, `s7`), which
//! shift whenever anything is added. A verdict with the same sides but another kind, severity,
//! relation or rule list has *changed*; one only in the new report *appeared*; one only in
//! the old report *vanished*.
//!
//! Reports are read leniently ([`ReportView`] ignores fields it does not know), because the
//! report schema only ever gains fields. Nothing here reads files except [`read_report`].

use crate::report::Report;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The parts of a report that verdicts are made of.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReportView {
    /// `claimcheck.report/1`.
    pub schema: String,
    /// Statements.
    #[serde(default)]
    pub statements: Vec<StatementView>,
    /// Contradictions.
    #[serde(default)]
    pub contradictions: Vec<ContradictionView>,
}

/// A statement of a report, as far as verdicts need it.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct StatementView {
    /// `s1`, …
    pub id: String,
    /// Document path as in the report.
    pub document: String,
    /// Quoted text.
    pub quote: String,
    /// Position.
    #[serde(default)]
    pub span: Option<SpanView>,
    /// Who holds it, for people.
    #[serde(default)]
    pub speaker_name: String,
}

/// Line and column of a statement.
#[derive(Clone, Copy, Debug, Default, Deserialize)]
pub struct SpanView {
    /// 1-based line.
    #[serde(default)]
    pub line: usize,
    /// 1-based column.
    #[serde(default)]
    pub column: usize,
}

/// A contradiction of a report, as far as verdicts need it.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ContradictionView {
    /// `c1`, …
    pub id: String,
    /// Kind.
    pub kind: String,
    /// Severity.
    pub severity: String,
    /// Relation.
    pub relation: String,
    /// Statement ids.
    #[serde(default)]
    pub statements: Vec<String>,
    /// Rules and constraints.
    #[serde(default)]
    pub rules: Vec<String>,
}

impl ReportView {
    /// The view of a report built in this process.
    pub fn from_report(report: &Report) -> ReportView {
        ReportView {
            schema: report.schema.clone(),
            statements: report
                .statements
                .iter()
                .map(|s| StatementView {
                    id: s.id.clone(),
                    document: s.document.clone(),
                    quote: s.quote.clone(),
                    span: Some(SpanView {
                        line: s.span.line,
                        column: s.span.column,
                    }),
                    speaker_name: s.speaker_name.clone(),
                })
                .collect(),
            contradictions: report
                .contradictions
                .iter()
                .map(|c| ContradictionView {
                    id: c.id.clone(),
                    kind: c.kind.clone(),
                    severity: c.severity.clone(),
                    relation: c.relation.clone(),
                    statements: c.statements.clone(),
                    rules: c.rules.clone(),
                })
                .collect(),
        }
    }

    /// The report's verdicts, in report order.
    pub fn verdicts(&self) -> Vec<Verdict> {
        let by_id: BTreeMap<&str, &StatementView> =
            self.statements.iter().map(|s| (s.id.as_str(), s)).collect();
        self.contradictions
            .iter()
            .map(|c| {
                let mut sides: Vec<VerdictSide> = c
                    .statements
                    .iter()
                    .filter_map(|id| by_id.get(id.as_str()))
                    .map(|s| VerdictSide {
                        document: s.document.clone(),
                        quote: s.quote.clone(),
                        line: s.span.map_or(0, |p| p.line),
                        column: s.span.map_or(0, |p| p.column),
                        speaker: s.speaker_name.clone(),
                    })
                    .collect();
                sides.sort_by(|a, b| {
                    (&a.document, a.line, a.column, &a.quote).cmp(&(
                        &b.document,
                        b.line,
                        b.column,
                        &b.quote,
                    ))
                });
                let mut rules = c.rules.clone();
                rules.sort();
                Verdict {
                    id: c.id.clone(),
                    kind: c.kind.clone(),
                    severity: c.severity.clone(),
                    relation: c.relation.clone(),
                    rules,
                    sides,
                }
            })
            .collect()
    }
}

/// One contradiction, identified by its sides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Its id in its report (for people; never used to match).
    pub id: String,
    /// Kind.
    pub kind: String,
    /// Severity.
    pub severity: String,
    /// Relation.
    pub relation: String,
    /// Rules and constraints, sorted.
    pub rules: Vec<String>,
    /// The statements, sorted by document and position.
    pub sides: Vec<VerdictSide>,
}

/// One statement of a verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerdictSide {
    /// Document path as in the report.
    pub document: String,
    /// Quoted text.
    pub quote: String,
    /// 1-based line (0 when the report has none).
    pub line: usize,
    /// 1-based column (0 when the report has none).
    pub column: usize,
    /// Who holds it.
    pub speaker: String,
}

impl Verdict {
    /// What identifies a verdict across reports: its sides' documents and quotes
    /// (whitespace runs folded, so re-wrapped text still matches).
    pub fn key(&self) -> Vec<(String, String)> {
        let mut key: Vec<(String, String)> = self
            .sides
            .iter()
            .map(|s| (s.document.clone(), fold_space(&s.quote)))
            .collect();
        key.sort();
        key
    }

    /// Kind, severity, relation and rules: what a change is measured on.
    fn grade(&self) -> (&str, &str, &str, &[String]) {
        (&self.kind, &self.severity, &self.relation, &self.rules)
    }

    /// `derived error dispute`.
    pub fn headline(&self) -> String {
        format!("{} {} {}", self.kind, self.severity, self.relation)
    }
}

/// A verdict whose sides stayed the same while something else changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChangedVerdict {
    /// Before.
    pub old: Verdict,
    /// After.
    pub new: Verdict,
}

impl ChangedVerdict {
    /// What changed, in words: `kind derived → exclusive`, `severity error → warning`, ….
    pub fn changes(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (name, a, b) in [
            ("kind", &self.old.kind, &self.new.kind),
            ("severity", &self.old.severity, &self.new.severity),
            ("relation", &self.old.relation, &self.new.relation),
        ] {
            if a != b {
                out.push(format!("{name} {a} → {b}"));
            }
        }
        if self.old.rules != self.new.rules {
            out.push(format!(
                "rules [{}] → [{}]",
                self.old.rules.join(", "),
                self.new.rules.join(", ")
            ));
        }
        out
    }
}

/// How the verdicts of two reports differ.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct VerdictDiff {
    /// Only in the new report.
    pub appeared: Vec<Verdict>,
    /// Only in the old report.
    pub vanished: Vec<Verdict>,
    /// In both, with another kind, severity, relation or rule list.
    pub changed: Vec<ChangedVerdict>,
    /// In both, the same.
    pub unchanged: usize,
}

impl VerdictDiff {
    /// Whether nothing appeared, vanished or changed.
    pub fn is_empty(&self) -> bool {
        self.appeared.is_empty() && self.vanished.is_empty() && self.changed.is_empty()
    }
}

/// Compares two lists of verdicts (old, then new).
///
/// Verdicts are grouped by [`Verdict::key`]; within a group, identical grades pair first,
/// then the rest pair in order as changes, and what is left appeared or vanished.
pub fn diff_verdicts(old: &[Verdict], new: &[Verdict]) -> VerdictDiff {
    type Groups<'a> = BTreeMap<Vec<(String, String)>, (Vec<&'a Verdict>, Vec<&'a Verdict>)>;
    let mut groups: Groups<'_> = BTreeMap::new();
    for v in old {
        groups.entry(v.key()).or_default().0.push(v);
    }
    for v in new {
        groups.entry(v.key()).or_default().1.push(v);
    }
    let mut diff = VerdictDiff::default();
    for (_, (mut olds, mut news)) in groups {
        olds.sort_by(|a, b| a.grade().cmp(&b.grade()));
        news.sort_by(|a, b| a.grade().cmp(&b.grade()));
        let mut rest_old = Vec::new();
        for o in olds {
            match news.iter().position(|n| n.grade() == o.grade()) {
                Some(i) => {
                    news.remove(i);
                    diff.unchanged += 1;
                }
                None => rest_old.push(o),
            }
        }
        let mut news = news.into_iter();
        for o in rest_old {
            match news.next() {
                Some(n) => diff.changed.push(ChangedVerdict {
                    old: o.clone(),
                    new: n.clone(),
                }),
                None => diff.vanished.push(o.clone()),
            }
        }
        diff.appeared.extend(news.cloned());
    }
    let order = |v: &Verdict| {
        (
            v.sides
                .iter()
                .map(|s| (s.document.clone(), s.line, s.column))
                .collect::<Vec<_>>(),
            v.kind.clone(),
        )
    };
    diff.appeared.sort_by_key(order);
    diff.vanished.sort_by_key(order);
    diff.changed.sort_by_key(|c| order(&c.new));
    diff
}

/// Whitespace runs as single spaces, ends trimmed.
pub fn fold_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a report file: JSON (`.json`, or text starting with `{`), a snapshot (`.snap`), or
/// YAML. Errors come back as a reason and a byte offset into `text`.
pub fn parse_report(path: &str, text: &str) -> Result<ReportView, (String, usize)> {
    let (body, offset) = if path.ends_with(".snap") || path.ends_with(".snap.new") {
        let file = super::snapshot::parse_snapshot(text).map_err(|p| (p.reason, p.offset))?;
        (file.contents, file.contents_offset)
    } else {
        (text.to_string(), 0)
    };
    let view: ReportView = if path.ends_with(".json") || body.trim_start().starts_with('{') {
        serde_json::from_str(&body).map_err(|e| {
            let at = offset_of_line_col(&body, e.line(), e.column());
            (strip_position(&e.to_string()), offset + at)
        })?
    } else {
        crate::yaml::from_str(&body).map_err(|e| (e.message, offset + e.offset.unwrap_or(0)))?
    };
    if !view.schema.starts_with("claimcheck.report/") {
        return Err((
            format!("its schema is `{}`, not `claimcheck.report/1`", view.schema),
            offset,
        ));
    }
    Ok(view)
}

/// Reads and parses a report file (see [`parse_report`]).
pub fn read_report(path: &str) -> Result<(String, ReportView), ReadProblem> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ReadProblem::Unreadable(super::case::io_reason(&e)))?;
    match parse_report(path, &text) {
        Ok(view) => Ok((text, view)),
        Err((reason, offset)) => Err(ReadProblem::Invalid {
            text,
            reason,
            offset,
        }),
    }
}

/// Why a report file could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadProblem {
    /// The file could not be read.
    Unreadable(String),
    /// The file is not a report.
    Invalid {
        /// Its text (for locating the problem).
        text: String,
        /// What is wrong.
        reason: String,
        /// Byte offset.
        offset: usize,
    },
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn offset_of_line_col(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(kind: &str, severity: &str, quotes: &[&str]) -> Verdict {
        Verdict {
            id: String::new(),
            kind: kind.into(),
            severity: severity.into(),
            relation: "dispute".into(),
            rules: Vec::new(),
            sides: quotes
                .iter()
                .enumerate()
                .map(|(i, q)| VerdictSide {
                    document: "doc.txt".into(),
                    quote: (*q).into(),
                    line: 1,
                    column: i + 1,
                    speaker: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn matches_by_quotes_not_ids() {
        let mut a = v("negation", "error", &["x", "y"]);
        a.id = "c1".into();
        let mut b = v("negation", "error", &["y", "x"]);
        b.id = "c7".into();
        let d = diff_verdicts(&[a], &[b]);
        assert!(d.is_empty());
        assert_eq!(d.unchanged, 1);
    }

    #[test]
    fn appeared_vanished_changed() {
        let old = [
            v("negation", "error", &["a", "b"]),
            v("denial", "error", &["c", "d"]),
        ];
        let new = [
            v("negation", "warning", &["a", "b"]),
            v("numeric", "error", &["e", "f"]),
        ];
        let d = diff_verdicts(&old, &new);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(
            d.changed[0].changes(),
            vec!["severity error → warning".to_string()]
        );
        assert_eq!(d.vanished.len(), 1);
        assert_eq!(d.vanished[0].kind, "denial");
        assert_eq!(d.appeared.len(), 1);
        assert_eq!(d.appeared[0].kind, "numeric");
    }

    #[test]
    fn same_sides_two_kinds_pair_exactly_first() {
        let old = [
            v("negation", "error", &["a", "b"]),
            v("derived", "error", &["a", "b"]),
        ];
        let new = [v("derived", "error", &["a", "b"])];
        let d = diff_verdicts(&old, &new);
        assert_eq!(d.unchanged, 1);
        assert_eq!(d.vanished.len(), 1);
        assert_eq!(d.vanished[0].kind, "negation");
    }

    #[test]
    fn reads_json_and_yaml_and_locates_errors() {
        let json = r#"{"schema": "claimcheck.report/1", "statements": [], "contradictions": [], "new_field": 1}"#;
        assert!(parse_report("a.json", json).is_ok());
        assert!(parse_report("a.yaml", "schema: claimcheck.report/1\n").is_ok());
        let (reason, _) = parse_report("a.yaml", "schema: something/2\n").unwrap_err();
        assert!(reason.contains("something/2"));
        let (_, at) = parse_report(
            "a.json",
            "{\"schema\": \"claimcheck.report/1\",\n \"statements\": 3}",
        )
        .unwrap_err();
        assert!(at > 30, "{at}");
    }
}
