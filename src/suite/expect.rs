//! `expect.yaml`: what a case must (and must not) report, independent of the snapshot, so a
//! re-accepted snapshot cannot quietly bless a wrong verdict.
//!
//! ```yaml
//! contradictions:                  # each must be found (one contradiction per entry)
//!   - kind: derived                # required
//!     severity: error              # optional
//!     relation: dispute            # optional
//!     rules: [arms_trade_breaks_embargo]   # optional: exactly these rules, in any order
//!     anchors:                     # each side's quote must contain one anchor
//!       - Russia bought shells
//!       - {text: complied with UN sanctions, document: doc.txt}
//! not_together:                    # no contradiction may hold both
//!   - [signed agreements on trade, Putin denied]
//! exhaustive: true                 # no contradictions beyond those listed
//! errors: [claimcheck::load::not_utf8]   # input errors the case expects (others fail it)
//! ```
//!
//! Parsing is strict (unknown keys, wrong types, unknown kinds) and every problem is located.
//! The YAML library reports positions only for its own errors, so the positions of values
//! checked afterwards (kinds, anchors) are found by searching the text in document order.
//! This module decides pass or fail for expectations; it knows nothing of snapshots.

use super::error::SuiteError;
use super::verdict::{Verdict, VerdictSide, fold_space};
use super::{Failure, Location};
use crate::contradiction::{Kind, Relation, Severity};
use crate::report::ErrorEntry;
use crate::source::{FileId, Span};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

/// File name of a case's expectations.
pub const EXPECT_FILE: &str = "expect.yaml";

/// A case's expectations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expect {
    /// Contradictions that must be found.
    pub contradictions: Vec<Want>,
    /// Pairs of anchors that no contradiction may hold together.
    pub not_together: Vec<Pair>,
    /// Whether contradictions beyond those listed fail the case.
    pub exhaustive: bool,
    /// Error codes the case's report must contain; any other error fails the case.
    pub errors: Vec<WantError>,
}

/// One contradiction that must be found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Want {
    /// Kind.
    pub kind: String,
    /// Severity, when it matters.
    pub severity: Option<String>,
    /// Relation, when it matters.
    pub relation: Option<String>,
    /// Rules, sorted, when they matter.
    pub rules: Option<Vec<String>>,
    /// Anchors: each matches a different side.
    pub anchors: Vec<Anchor>,
    /// Byte offset of the entry (its `kind` value) in the file.
    pub offset: usize,
}

/// A piece of text a statement's quote must contain, and optionally its document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    /// The text.
    pub text: String,
    /// The document (path relative to the case folder), when it matters.
    pub document: Option<String>,
    /// Byte offset in the file.
    pub offset: usize,
}

/// Two anchors that must not be sides of one contradiction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// The anchors.
    pub anchors: [Anchor; 2],
}

/// An error code the case must report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WantError {
    /// The code.
    pub code: String,
    /// Byte offset in the file.
    pub offset: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    #[serde(default)]
    contradictions: Vec<RawWant>,
    #[serde(default)]
    not_together: Vec<[RawAnchor; 2]>,
    #[serde(default)]
    exhaustive: bool,
    #[serde(default)]
    errors: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWant {
    kind: String,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    relation: Option<String>,
    #[serde(default)]
    rules: Option<Vec<String>>,
    #[serde(default)]
    anchors: Vec<RawAnchor>,
}

/// An anchor as written: a string, or a map with `text` and `document`.
struct RawAnchor {
    text: String,
    document: Option<String>,
}

impl<'de> Deserialize<'de> for RawAnchor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawAnchor, D::Error> {
        struct AnchorVisitor;
        impl<'de> Visitor<'de> for AnchorVisitor {
            type Value = RawAnchor;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "an anchor: a piece of quoted text, or a map with `text` and `document`",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawAnchor, E> {
                Ok(RawAnchor {
                    text: v.to_string(),
                    document: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawAnchor, A::Error> {
                let mut text: Option<String> = None;
                let mut document: Option<String> = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" if text.is_some() => return Err(de::Error::duplicate_field("text")),
                        "text" => text = Some(map.next_value()?),
                        "document" if document.is_some() => {
                            return Err(de::Error::duplicate_field("document"));
                        }
                        "document" => document = Some(map.next_value()?),
                        other => {
                            return Err(de::Error::unknown_field(other, &["text", "document"]));
                        }
                    }
                }
                let text = text.ok_or_else(|| de::Error::missing_field("text"))?;
                Ok(RawAnchor { text, document })
            }
        }
        deserializer.deserialize_any(AnchorVisitor)
    }
}

/// The kinds, severities and relations a report can contain.
fn kinds() -> Vec<&'static str> {
    // The match has no wildcard so that a new kind fails to compile here until it is listed.
    fn listed(k: Kind) -> bool {
        match k {
            Kind::Negation
            | Kind::Denial
            | Kind::Exclusive
            | Kind::Derived
            | Kind::Functional
            | Kind::Numeric
            | Kind::Date
            | Kind::Structural
            | Kind::Role
            | Kind::Reversal
            | Kind::Reference => true,
        }
    }
    [
        Kind::Negation,
        Kind::Denial,
        Kind::Exclusive,
        Kind::Derived,
        Kind::Functional,
        Kind::Numeric,
        Kind::Date,
        Kind::Structural,
        Kind::Role,
        Kind::Reversal,
        Kind::Reference,
    ]
    .into_iter()
    .filter(|k| listed(*k))
    .map(Kind::name)
    .collect()
}

fn severities() -> Vec<&'static str> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(Severity::name)
        .collect()
}

fn relations() -> Vec<&'static str> {
    [
        Relation::Dispute,
        Relation::SelfContradiction,
        Relation::Reversal,
        Relation::Reference,
    ]
    .into_iter()
    .map(Relation::name)
    .collect()
}

/// Parses and checks `expect.yaml` (not yet its anchors against the documents: see
/// [`check_anchors`]). All problems found are returned, located in `file`.
pub fn parse_expect(file: FileId, text: &str) -> Result<Expect, Vec<SuiteError>> {
    if is_blank(text) {
        return Ok(Expect::default());
    }
    let raw: RawExpect = crate::yaml::from_str(text).map_err(|e| {
        let at = e.offset.unwrap_or(0);
        vec![SuiteError::Syntax {
            message: e.message,
            span: Span::new(file, at, at),
        }]
    })?;
    let mut errors = Vec::new();
    let mut finder = Finder::new(text);

    let mut contradictions = Vec::new();
    finder.seek_key("contradictions");
    for w in raw.contradictions {
        let entry_from = finder.cursor;
        let offset = finder.key_value("kind", &w.kind);
        check_value(&mut errors, file, "kind", &w.kind, kinds(), offset);
        for (field, value, allowed) in [
            ("severity", &w.severity, severities()),
            ("relation", &w.relation, relations()),
        ] {
            if let Some(v) = value {
                finder.cursor = entry_from;
                let at = finder.key_value(field, v);
                check_value(&mut errors, file, field, v, allowed, at);
            }
        }
        finder.cursor = entry_from;
        let anchors: Vec<Anchor> = w.anchors.into_iter().map(|a| finder.anchor(a)).collect();
        finder.cursor = finder.cursor.max(offset + 1);
        let rules = w.rules.map(|mut r| {
            r.sort();
            r
        });
        contradictions.push(Want {
            kind: w.kind,
            severity: w.severity,
            relation: w.relation,
            rules,
            anchors,
            offset,
        });
    }

    finder.seek_key("not_together");
    let not_together: Vec<Pair> = raw
        .not_together
        .into_iter()
        .map(|[a, b]| Pair {
            anchors: [finder.anchor(a), finder.anchor(b)],
        })
        .collect();

    finder.seek_key("errors");
    let mut want_errors = Vec::new();
    for code in raw.errors {
        let offset = finder.text_at(&code);
        if !code.starts_with("claimcheck::") || code.contains(char::is_whitespace) {
            errors.push(SuiteError::BadErrorCode {
                code: code.clone(),
                span: Span::new(file, offset, offset + code.len()),
            });
        }
        want_errors.push(WantError { code, offset });
    }

    for a in contradictions
        .iter()
        .flat_map(|w| &w.anchors)
        .chain(not_together.iter().flat_map(|p| &p.anchors))
    {
        if fold_space(&a.text).is_empty() {
            errors.push(SuiteError::EmptyAnchor {
                span: Span::new(file, a.offset, a.offset),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Expect {
        contradictions,
        not_together,
        exhaustive: raw.exhaustive,
        errors: want_errors,
    })
}

fn check_value(
    errors: &mut Vec<SuiteError>,
    file: FileId,
    field: &'static str,
    value: &str,
    allowed: Vec<&'static str>,
    at: usize,
) {
    if !allowed.contains(&value) {
        errors.push(SuiteError::UnknownValue {
            field,
            value: value.to_string(),
            allowed,
            span: Span::new(file, at, at + value.len()),
        });
    }
}

/// Whether a file holds nothing but comments and blank lines.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---"
    })
}

/// Checks every anchor against the case's files: its text must occur in one of them (in the
/// document it names, if it names one). `files` are (path relative to the case, text).
pub fn check_anchors(expect: &Expect, file: FileId, files: &[(String, String)]) -> Vec<SuiteError> {
    let folded: Vec<(&str, String)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), fold_space(t)))
        .collect();
    let mut errors = Vec::new();
    let anchors = expect
        .contradictions
        .iter()
        .flat_map(|w| &w.anchors)
        .chain(expect.not_together.iter().flat_map(|p| &p.anchors));
    for a in anchors {
        let text = fold_space(&a.text);
        let span = Span::new(file, a.offset, a.offset + a.text.len());
        match &a.document {
            Some(doc) => match folded.iter().find(|(p, _)| p == doc) {
                None => errors.push(SuiteError::AnchorDocument {
                    document: doc.clone(),
                    known: files.iter().map(|(p, _)| p.clone()).collect(),
                    span,
                }),
                Some((_, t)) if !t.contains(&text) => errors.push(SuiteError::AnchorNotFound {
                    text: a.text.clone(),
                    span,
                }),
                Some(_) => {}
            },
            None if !folded.iter().any(|(_, t)| t.contains(&text)) => {
                errors.push(SuiteError::AnchorNotFound {
                    text: a.text.clone(),
                    span,
                })
            }
            None => {}
        }
    }
    errors
}

/// Whether a side's quote contains the anchor (and it is in the anchor's document).
pub fn anchor_matches(a: &Anchor, side: &VerdictSide) -> bool {
    fold_space(&side.quote).contains(&fold_space(&a.text))
        && a.document.as_ref().is_none_or(|d| *d == side.document)
}

/// Whether each anchor can be given a different side that it matches.
fn anchors_fit(anchors: &[Anchor], sides: &[VerdictSide]) -> bool {
    fn go(anchors: &[Anchor], sides: &[VerdictSide], used: &mut Vec<bool>) -> bool {
        let Some((first, rest)) = anchors.split_first() else {
            return true;
        };
        for (i, side) in sides.iter().enumerate() {
            if !used.get(i).copied().unwrap_or(true) && anchor_matches(first, side) {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                if go(rest, sides, used) {
                    return true;
                }
                if let Some(u) = used.get_mut(i) {
                    *u = false;
                }
            }
        }
        false
    }
    anchors.len() <= sides.len() && go(anchors, sides, &mut vec![false; sides.len()])
}

/// Whether a verdict satisfies an expectation.
pub fn want_matches(w: &Want, v: &Verdict) -> bool {
    v.kind == w.kind
        && w.severity.as_ref().is_none_or(|s| *s == v.severity)
        && w.relation.as_ref().is_none_or(|r| *r == v.relation)
        && w.rules.as_ref().is_none_or(|r| *r == v.rules)
        && anchors_fit(&w.anchors, &v.sides)
}

impl Want {
    /// The expectation in words: "a `derived` contradiction (error, dispute) with `a` and `b`".
    pub fn describe(&self) -> String {
        let mut out = format!("a `{}` contradiction", self.kind);
        let grades: Vec<&str> = [self.severity.as_deref(), self.relation.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !grades.is_empty() {
            out.push_str(&format!(" ({})", grades.join(", ")));
        }
        if let Some(rules) = &self.rules {
            out.push_str(&format!(" by rules [{}]", rules.join(", ")));
        }
        if !self.anchors.is_empty() {
            let anchors: Vec<String> = self.anchors.iter().map(describe_anchor).collect();
            out.push_str(&format!(" with {}", anchors.join(" and ")));
        }
        out
    }
}

fn describe_anchor(a: &Anchor) -> String {
    match &a.document {
        Some(d) => format!("`{}` (in {d})", a.text),
        None => format!("`{}`", a.text),
    }
}

/// Compares a case's verdicts and report errors with its expectations. `locate` turns a byte
/// offset in `expect.yaml` into a location.
pub fn evaluate(
    expect: &Expect,
    verdicts: &[Verdict],
    report_errors: &[ErrorEntry],
    locate: &dyn Fn(usize) -> Location,
) -> Vec<Failure> {
    let mut failures = Vec::new();

    // Each expectation needs its own contradiction: a bipartite matching (Kuhn's algorithm),
    // so that two entries of the same kind need two contradictions.
    let candidates: Vec<Vec<usize>> = expect
        .contradictions
        .iter()
        .map(|w| {
            (0..verdicts.len())
                .filter(|&j| verdicts.get(j).is_some_and(|v| want_matches(w, v)))
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; verdicts.len()];
    for i in 0..expect.contradictions.len() {
        let mut seen = vec![false; verdicts.len()];
        augment(i, &candidates, &mut owner, &mut seen);
    }
    let matched: Vec<bool> = (0..expect.contradictions.len())
        .map(|i| owner.contains(&Some(i)))
        .collect();
    for (i, w) in expect.contradictions.iter().enumerate() {
        if matched.get(i).copied().unwrap_or(false) {
            continue;
        }
        let same_kind: Vec<Verdict> = verdicts
            .iter()
            .filter(|v| v.kind == w.kind)
            .cloned()
            .collect();
        failures.push(Failure::Missing {
            at: locate(w.offset),
            expected: w.describe(),
            found: if same_kind.is_empty() {
                verdicts.to_vec()
            } else {
                same_kind
            },
        });
    }
    if expect.exhaustive {
        for (j, v) in verdicts.iter().enumerate() {
            if owner.get(j).copied().flatten().is_none() {
                failures.push(Failure::Unexpected { verdict: v.clone() });
            }
        }
    }
    for pair in &expect.not_together {
        let [a, b] = &pair.anchors;
        for v in verdicts {
            let together = v.sides.iter().enumerate().any(|(i, s)| {
                anchor_matches(a, s)
                    && v.sides
                        .iter()
                        .enumerate()
                        .any(|(j, t)| i != j && anchor_matches(b, t))
            });
            if together {
                failures.push(Failure::Together {
                    at: locate(a.offset),
                    anchors: [a.text.clone(), b.text.clone()],
                    verdict: v.clone(),
                });
            }
        }
    }
    for e in report_errors {
        if super::error::is_error(e) && !expect.errors.iter().any(|w| w.code == e.code) {
            failures.push(Failure::ReportError { error: e.clone() });
        }
    }
    for w in &expect.errors {
        if !report_errors.iter().any(|e| e.code == w.code) {
            failures.push(Failure::MissingError {
                at: locate(w.offset),
                code: w.code.clone(),
            });
        }
    }
    failures
}

fn augment(
    i: usize,
    candidates: &[Vec<usize>],
    owner: &mut [Option<usize>],
    seen: &mut [bool],
) -> bool {
    for &j in candidates.get(i).map(Vec::as_slice).unwrap_or(&[]) {
        if seen.get(j).copied().unwrap_or(true) {
            continue;
        }
        if let Some(s) = seen.get_mut(j) {
            *s = true;
        }
        let current = owner.get(j).copied().flatten();
        let free = match current {
            None => true,
            Some(k) => augment(k, candidates, owner, seen),
        };
        if free {
            if let Some(o) = owner.get_mut(j) {
                *o = Some(i);
            }
            return true;
        }
    }
    false
}

/// Finds where values are written, searching forward in document order.
struct Finder<'a> {
    text: &'a str,
    cursor: usize,
}

impl<'a> Finder<'a> {
    fn new(text: &'a str) -> Finder<'a> {
        Finder { text, cursor: 0 }
    }

    /// Moves to a top-level key (`contradictions:`), or to the start when it is not found.
    fn seek_key(&mut self, key: &str) {
        self.cursor = find_key(self.text, 0, key).unwrap_or(0);
    }

    /// The offset of `value` written after `key:`, searching from the cursor.
    fn key_value(&mut self, key: &str, value: &str) -> usize {
        let mut from = self.cursor;
        while let Some(k) = find_key(self.text, from, key) {
            let rest = &self.text[k..];
            let after_key = k + rest.find(':').map_or(0, |i| i + 1);
            let tail = &self.text[after_key..];
            let skipped = tail.len() - tail.trim_start_matches([' ', '\t', '"', '\'']).len();
            if self.text[after_key + skipped..].starts_with(value) {
                return after_key + skipped;
            }
            from = k + 1;
        }
        self.cursor
    }

    /// The offset of `value` after the cursor (the cursor moves past it).
    fn text_at(&mut self, value: &str) -> usize {
        match self.text.get(self.cursor..).and_then(|t| t.find(value)) {
            Some(i) => {
                let at = self.cursor + i;
                self.cursor = at + value.len();
                at
            }
            None => self.cursor,
        }
    }

    fn anchor(&mut self, raw: RawAnchor) -> Anchor {
        let offset = self.text_at(&raw.text);
        Anchor {
            text: raw.text,
            document: raw.document,
            offset,
        }
    }
}

/// The offset of `key` followed by optional spaces and a colon, at or after `from`, where the
/// key starts a word.
fn find_key(text: &str, from: usize, key: &str) -> Option<usize> {
    let mut at = from;
    while let Some(i) = text.get(at..).and_then(|t| t.find(key)) {
        let k = at + i;
        let before_ok = text[..k]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let after = text[k + key.len()..].trim_start_matches([' ', '\t']);
        if before_ok && after.starts_with(':') {
            return Some(k);
        }
        at = k + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> FileId {
        FileId(0)
    }

    #[test]
    fn parses_the_documented_example() {
        let text = "contradictions:\n  - kind: derived\n    severity: error\n    anchors:\n      - Russia bought\n      - {text: complied, document: doc.txt}\nnot_together:\n  - [a, b]\nexhaustive: true\n";
        let e = parse_expect(file(), text).unwrap();
        assert_eq!(e.contradictions.len(), 1);
        let w = &e.contradictions[0];
        assert_eq!(&text[w.offset..w.offset + 7], "derived");
        assert_eq!(&text[w.anchors[0].offset..][..13], "Russia bought");
        assert_eq!(w.anchors[1].document.as_deref(), Some("doc.txt"));
        assert_eq!(&text[e.not_together[0].anchors[1].offset..][..1], "b");
        assert!(e.exhaustive);
    }

    #[test]
    fn blank_files_expect_nothing() {
        assert_eq!(
            parse_expect(file(), "# nothing yet\n").unwrap(),
            Expect::default()
        );
    }

    #[test]
    fn unknown_keys_and_values_are_located() {
        let errs = parse_expect(file(), "contradictions:\n  - kindd: negation\n").unwrap_err();
        assert!(
            errs[0].to_string().contains("unknown field `kindd`"),
            "{}",
            errs[0]
        );
        let text = "contradictions:\n  - kind: negaton\n";
        let errs = parse_expect(file(), text).unwrap_err();
        assert_eq!(errs.len(), 1);
        use crate::diagnostic::Diag;
        assert_eq!(errs[0].span().start as usize, text.find("negaton").unwrap());
        assert_eq!(errs[0].help().as_deref(), Some("did you mean `negation`?"));
        let errs = parse_expect(
            file(),
            "contradictions:\n  - kind: negation\n    anchors: [{txt: a}]\n",
        )
        .unwrap_err();
        assert!(
            errs[0].to_string().contains("unknown field `txt`"),
            "{}",
            errs[0]
        );
        let errs = parse_expect(file(), "exhaustive: true\nexhaustive: false\n").unwrap_err();
        assert!(
            errs[0].to_string().contains("duplicate field `exhaustive`"),
            "{}",
            errs[0]
        );
        let errs = parse_expect(file(), "errors: [unknown_predicate]\n").unwrap_err();
        assert_eq!(
            errs[0].to_string(),
            "`unknown_predicate` is not a diagnostic code"
        );
        let errs = parse_expect(file(), "not_together:\n  - [a, b, c]\n").unwrap_err();
        assert!(errs[0].to_string().contains("length"), "{}", errs[0]);
    }

    #[test]
    fn anchors_must_occur_in_the_case() {
        let e = parse_expect(file(), "contradictions:\n  - kind: negation\n    anchors: [here, nowhere, {text: here, document: other.txt}]\n").unwrap();
        let errs = check_anchors(&e, file(), &[("doc.txt".into(), "it is\n here".into())]);
        let texts: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            vec![
                "anchor `nowhere` occurs nowhere in the case's documents".to_string(),
                "anchor names document `other.txt`, which is not part of the case".to_string()
            ]
        );
    }

    fn side(quote: &str) -> VerdictSide {
        VerdictSide {
            document: "doc.txt".into(),
            quote: quote.into(),
            line: 1,
            column: 1,
            speaker: String::new(),
        }
    }

    fn verdict(kind: &str, quotes: &[&str]) -> Verdict {
        Verdict {
            id: String::new(),
            kind: kind.into(),
            severity: "error".into(),
            relation: "dispute".into(),
            rules: Vec::new(),
            sides: quotes.iter().map(|q| side(q)).collect(),
        }
    }

    fn loc(_: usize) -> Location {
        Location {
            file: "expect.yaml".into(),
            line: 1,
            column: 1,
        }
    }

    #[test]
    fn two_entries_need_two_contradictions_and_anchors_need_two_sides() {
        let e = parse_expect(file(), "contradictions:\n  - {kind: negation, anchors: [x]}\n  - {kind: negation, anchors: [x]}\n").unwrap();
        let one = [verdict("negation", &["x y", "z"])];
        assert_eq!(evaluate(&e, &one, &[], &loc).len(), 1);
        let two = [
            verdict("negation", &["x y", "z"]),
            verdict("negation", &["x", "w"]),
        ];
        assert!(evaluate(&e, &two, &[], &loc).is_empty());
        let same_side = parse_expect(
            file(),
            "contradictions:\n  - {kind: negation, anchors: [x, y]}\n",
        )
        .unwrap();
        assert_eq!(
            evaluate(&same_side, &[verdict("negation", &["x y", "z"])], &[], &loc).len(),
            1
        );
    }

    #[test]
    fn exhaustive_and_not_together() {
        let e = parse_expect(
            file(),
            "exhaustive: true\nnot_together: [[trade, denied]]\n",
        )
        .unwrap();
        let failures = evaluate(
            &e,
            &[verdict("denial", &["trade deal", "Putin denied"])],
            &[],
            &loc,
        );
        assert_eq!(failures.len(), 2);
        assert!(matches!(failures[0], Failure::Unexpected { .. }));
        assert!(matches!(failures[1], Failure::Together { .. }));
    }
}
