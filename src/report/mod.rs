//! The consistency report as plain data ([`Report`]), built once from the program, the
//! contradictions and the run's diagnostics, then rendered: `text` (miette diagnostics that
//! point into the documents), `json` and `yaml` (the versioned schema
//! `claimcheck.report/1`, which only ever gains fields).
//!
//! Everything here is sorted and free of machine-specific values: paths are as given, there
//! are no timestamps, and ids are assigned after sorting, so the same input gives the same
//! bytes whatever the thread count.

pub mod text;

use crate::contradiction::{Contradiction, Found, Proof, ProofStep, Side};
use crate::diagnostic::{Diagnostic, Level};
use crate::resolve::hir::{Method, Program, Speaker, Stance, Statement, StatementId};
use crate::source::SourceMap;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The schema name and version written in every machine-readable report.
pub const SCHEMA: &str = "claimcheck.report/1";

/// The whole report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// `claimcheck.report/1`.
    pub schema: String,
    /// Documents read, sorted by path.
    pub documents: Vec<DocumentEntry>,
    /// Statements: every statement from a document or statement file, and the reference
    /// facts that take part in a contradiction; sorted by document, position, proposition.
    pub statements: Vec<StatementEntry>,
    /// Contradictions, sorted by their first statement.
    pub contradictions: Vec<ContradictionEntry>,
    /// Problems with the input, sorted by file and position.
    pub errors: Vec<ErrorEntry>,
    /// Counts.
    pub summary: Summary,
}

/// A document of the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentEntry {
    /// Path as given.
    pub path: String,
    /// Title from front matter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Author from front matter or byline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Outlet from front matter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Date from front matter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// URL from front matter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Number of statements in it.
    pub statements: usize,
}

/// Where a statement is, byte-exact, with the line and column of its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpanEntry {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    #[serde(default)]
    pub line: usize,
    /// 1-based column (in characters) of `start`.
    #[serde(default)]
    pub column: usize,
}

/// An anaphor resolved during extraction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnaphorEntry {
    /// The words ("he", "such agreement").
    pub text: String,
    /// Where they are.
    pub span: SpanEntry,
    /// What they were taken to mean.
    pub resolved_to: String,
}

/// How a statement was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FoundByEntry {
    /// `hand`, `file`, `reference` or `extracted`.
    pub method: String,
    /// The declaration that produced it, `path:line:column`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_at: Option<String>,
    /// Extraction pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Extraction frame.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<String>,
    /// Anaphora resolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anaphora: Vec<AnaphorEntry>,
    /// Citation of a reference fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
}

/// A statement, in the form statement files also use (so extracted statements load back).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatementEntry {
    /// `s1`, `s2`, … in report order.
    pub id: String,
    /// Path of the document (the rule file for reference facts), as given.
    pub document: String,
    /// Where.
    pub span: SpanEntry,
    /// The quoted text.
    pub quote: String,
    /// Entity id of the speaker, `author` or `reference`.
    pub speaker: String,
    /// Display name of the speaker.
    pub speaker_name: String,
    /// Entity id of the reporter, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporter: Option<String>,
    /// `asserts`, `negates` or `denies`.
    pub stance: Stance,
    /// `fact`, `hedged`, …
    pub modality: crate::resolve::hir::Modality,
    /// Text form, in the language's syntax.
    pub proposition: String,
    /// Event time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// When it was said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported: Option<String>,
    /// Provenance.
    pub found_by: FoundByEntry,
}

/// A contradiction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContradictionEntry {
    /// `c1`, `c2`, … in report order.
    pub id: String,
    /// Kind (SPEC section 5).
    pub kind: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// `dispute`, `self`, `reversal` or `reference`.
    pub relation: String,
    /// Ids of the minimal set of statements.
    pub statements: Vec<String>,
    /// Speakers involved (display names), sorted.
    pub speakers: Vec<String>,
    /// Rules and constraints linking them, sorted.
    pub rules: Vec<String>,
    /// One paragraph in words.
    pub explanation: String,
    /// Derivation tree, one line per node, indented (only with `--explain`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub derivation: Vec<String>,
}

/// An input problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorEntry {
    /// Stable code.
    pub code: String,
    /// `error` or `warning`.
    pub level: Level,
    /// File as given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Message.
    pub message: String,
    /// Help, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// Counts for the end of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Default)]
pub struct Summary {
    /// Documents read.
    pub documents: usize,
    /// Statements in the report.
    pub statements: usize,
    /// Contradictions found.
    pub contradictions: usize,
    /// Contradictions per kind.
    pub by_kind: BTreeMap<String, usize>,
    /// Contradictions per severity.
    pub by_severity: BTreeMap<String, usize>,
    /// Contradictions per relation.
    pub by_relation: BTreeMap<String, usize>,
    /// Limits that stopped the run early, in words.
    pub limits_hit: Vec<String>,
    /// Files that could not be used, sorted.
    pub failed_files: Vec<String>,
}

/// What went into the report besides the program.
pub struct ReportInput<'a> {
    /// All source text.
    pub sources: &'a SourceMap,
    /// The resolved program with its statements (may be empty when resolution failed).
    pub program: &'a Program,
    /// Contradictions found.
    pub found: &'a Found,
    /// Diagnostics of the run.
    pub diagnostics: &'a [Diagnostic],
    /// Limits hit, in words ("facts limit of 10 reached").
    pub limits_hit: Vec<String>,
    /// Whether to include derivation trees.
    pub explain: bool,
}

/// A statement's place in the report.
pub struct Numbering {
    /// Report id (`s3`) per statement, for those in the report.
    pub ids: HashMap<StatementId, String>,
}

impl Report {
    /// Builds the report.
    pub fn build(input: &ReportInput<'_>) -> Report {
        let ReportInput {
            sources,
            program,
            found,
            diagnostics,
            ..
        } = input;
        // Statements: all non-reference ones, and the reference facts in a contradiction.
        let in_contradiction: BTreeSet<StatementId> = found
            .contradictions
            .iter()
            .flat_map(|c| c.statements.iter().copied())
            .collect();
        let mut chosen: Vec<StatementId> = (0..program.statements.len() as u32)
            .map(StatementId)
            .filter(|id| {
                program.statement(*id).found_by.method != Method::Reference
                    || in_contradiction.contains(id)
            })
            .collect();
        let keys: HashMap<StatementId, (String, u32, u32, String, String)> = chosen
            .iter()
            .map(|id| {
                let s = program.statement(*id);
                (
                    *id,
                    (
                        sources.file(s.source.file).path.clone(),
                        s.source.start,
                        s.source.end,
                        program.prop_text(&s.prop),
                        format!("{:?}{:?}{:?}", s.speaker, s.stance, s.modality),
                    ),
                )
            })
            .collect();
        chosen.sort_by(|a, b| keys.get(a).cmp(&keys.get(b)).then(a.cmp(b)));
        let numbering = Numbering {
            ids: chosen
                .iter()
                .enumerate()
                .map(|(i, id)| (*id, format!("s{}", i + 1)))
                .collect(),
        };
        let statements: Vec<StatementEntry> = chosen
            .iter()
            .map(|id| statement_entry(sources, program, &numbering, *id))
            .collect();

        // Each statement's place in the sorted list, looked up rather than searched for, so
        // reports with many statements and contradictions stay linear.
        let place: HashMap<StatementId, usize> =
            chosen.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut contradictions: Vec<(Vec<usize>, &Contradiction)> = found
            .contradictions
            .iter()
            .map(|c| {
                let mut pos: Vec<usize> = c
                    .statements
                    .iter()
                    .filter_map(|s| place.get(s).copied())
                    .collect();
                pos.sort();
                (pos, c)
            })
            .collect();
        contradictions.sort_by(|a, b| (&a.0, a.1.kind).cmp(&(&b.0, b.1.kind)));
        let contradictions: Vec<ContradictionEntry> = contradictions
            .into_iter()
            .enumerate()
            .map(|(i, (pos, c))| ContradictionEntry {
                id: format!("c{}", i + 1),
                kind: c.kind.name().to_string(),
                severity: c.severity.name().to_string(),
                relation: c.relation.name().to_string(),
                statements: pos.iter().map(|p| format!("s{}", p + 1)).collect(),
                speakers: c
                    .statements
                    .iter()
                    .map(|s| speaker_name(program, sources, program.statement(*s)))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                rules: c.rules.clone(),
                explanation: explanation(program, sources, &numbering, c),
                derivation: if input.explain {
                    derivation_lines(program, &numbering, c)
                } else {
                    Vec::new()
                },
            })
            .collect();

        let errors: Vec<ErrorEntry> = diagnostics
            .iter()
            .map(|d| {
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
            })
            .collect();

        let mut per_doc: HashMap<crate::source::FileId, usize> = HashMap::new();
        for id in &chosen {
            *per_doc
                .entry(program.statement(*id).source.file)
                .or_default() += 1;
        }
        let mut documents: Vec<DocumentEntry> = program
            .documents
            .iter()
            .map(|d| DocumentEntry {
                path: sources.file(d.file).path.clone(),
                title: d.title.clone(),
                author: d.author.clone(),
                outlet: d.outlet.clone(),
                date: d.date.map(|d| d.to_string()),
                url: d.url.clone(),
                statements: per_doc.get(&d.file).copied().unwrap_or(0),
            })
            .collect();
        documents.sort_by(|a, b| a.path.cmp(&b.path));
        documents.dedup_by(|a, b| a.path == b.path);

        let mut summary = Summary {
            documents: documents.len(),
            statements: statements.len(),
            contradictions: contradictions.len(),
            limits_hit: input.limits_hit.clone(),
            ..Summary::default()
        };
        for c in &contradictions {
            *summary.by_kind.entry(c.kind.clone()).or_default() += 1;
            *summary.by_severity.entry(c.severity.clone()).or_default() += 1;
            *summary.by_relation.entry(c.relation.clone()).or_default() += 1;
        }
        summary.failed_files = errors
            .iter()
            .filter(|e| e.level == Level::Error)
            .map(|e| e.file.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();

        Report {
            schema: SCHEMA.to_string(),
            documents,
            statements,
            contradictions,
            errors,
            summary,
        }
    }

    /// The report as pretty JSON, with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }

    /// The report as YAML.
    pub fn to_yaml(&self) -> String {
        crate::yaml::to_string(self).unwrap_or_else(|e| format!("error: {}\n", e.message))
    }
}

/// The schema of `claimcheck extract` output.
pub const STATEMENTS_SCHEMA: &str = "claimcheck.statements/1";

/// `claimcheck extract` output: the report's statements alone, loadable as a statement file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatementsFile<'a> {
    /// `claimcheck.statements/1`.
    pub schema: &'static str,
    /// The statements, as in the report.
    pub statements: &'a [StatementEntry],
}

impl<'a> StatementsFile<'a> {
    /// The statements of a report.
    pub fn of(report: &'a Report) -> StatementsFile<'a> {
        StatementsFile {
            schema: STATEMENTS_SCHEMA,
            statements: &report.statements,
        }
    }

    /// As pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }

    /// As YAML.
    pub fn to_yaml(&self) -> String {
        crate::yaml::to_string(self).unwrap_or_else(|e| format!("error: {}\n", e.message))
    }
}

/// The name of who holds a statement, for people.
pub fn speaker_name(program: &Program, sources: &SourceMap, s: &Statement) -> String {
    match s.speaker {
        Speaker::Author => document_of(program, sources, s.source.file)
            .and_then(|d| d.author.clone())
            .map(|a| format!("{a} (author)"))
            .unwrap_or_else(|| format!("the author of {}", sources.file(s.source.file).path)),
        Speaker::Reference => "reference fact".to_string(),
        Speaker::Entity(e) => program.ent(e).display.clone(),
    }
}

/// The document entry of a file. The check pipeline keeps `program.documents` sorted by path,
/// so a binary search finds it; a list in another order falls back to a scan.
fn document_of<'p>(
    program: &'p Program,
    sources: &SourceMap,
    file: crate::source::FileId,
) -> Option<&'p crate::resolve::hir::DocumentInfo> {
    let path = &sources.file(file).path;
    let docs = &program.documents;
    docs.binary_search_by(|d| sources.file(d.file).path.cmp(path))
        .ok()
        .and_then(|i| docs.get(i))
        .filter(|d| d.file == file)
        .or_else(|| docs.iter().find(|d| d.file == file))
}

fn speaker_id(program: &Program, sp: Speaker) -> String {
    match sp {
        Speaker::Author => "author".to_string(),
        Speaker::Reference => "reference".to_string(),
        Speaker::Entity(e) => program.ent(e).name.clone(),
    }
}

fn location(sources: &SourceMap, span: crate::source::Span) -> String {
    let (line, col) = sources.line_col(span);
    format!("{}:{line}:{col}", sources.file(span.file).path)
}

/// The report entry of one statement.
pub fn statement_entry(
    sources: &SourceMap,
    program: &Program,
    numbering: &Numbering,
    id: StatementId,
) -> StatementEntry {
    let s = program.statement(id);
    let file = sources.file(s.source.file);
    let (line, column) = file.line_col(s.source.start as usize);
    StatementEntry {
        id: numbering.ids.get(&id).cloned().unwrap_or_default(),
        document: file.path.clone(),
        span: SpanEntry {
            start: s.source.start as usize,
            end: s.source.end as usize,
            line,
            column,
        },
        quote: file.slice(s.source).to_string(),
        speaker: speaker_id(program, s.speaker),
        speaker_name: speaker_name(program, sources, s),
        reporter: s.reporter.map(|r| speaker_id(program, r)),
        stance: s.stance,
        modality: s.modality,
        proposition: program.prop_text(&s.prop),
        time: s.time.map(|t| t.to_string()),
        reported: s.reported.map(|d| d.to_string()),
        found_by: FoundByEntry {
            method: match s.found_by.method {
                Method::Hand => "hand",
                Method::File => "file",
                Method::Reference => "reference",
                Method::Extracted => "extracted",
            }
            .to_string(),
            declared_at: s.found_by.declared_at.map(|sp| location(sources, sp)),
            pattern: s.found_by.pattern.as_deref().map(str::to_owned),
            frame: s.found_by.frame.as_deref().map(str::to_owned),
            anaphora: s
                .found_by
                .anaphora
                .iter()
                .map(|a| {
                    let (line, column) = sources.line_col(a.span);
                    AnaphorEntry {
                        text: a.text.clone(),
                        span: SpanEntry {
                            start: a.span.start as usize,
                            end: a.span.end as usize,
                            line,
                            column,
                        },
                        resolved_to: a.resolved_to.clone(),
                    }
                })
                .collect(),
            cite: s.found_by.cite.as_deref().map(str::to_owned),
        },
    }
}

/// What a statement holds, in words: "Vladimir Putin denies `p(…)`".
pub fn holds_text(program: &Program, sources: &SourceMap, s: &Statement) -> String {
    let verb = match s.stance {
        Stance::Asserts => "asserts",
        Stance::Negates => "asserts not",
        Stance::Denies => "denies",
    };
    let modality = match s.modality {
        crate::resolve::hir::Modality::Fact => String::new(),
        m => format!(" ({})", m.keyword()),
    };
    format!(
        "{} {verb}{modality} `{}`",
        speaker_name(program, sources, s),
        program.prop_text(&s.prop)
    )
}

fn explanation(
    program: &Program,
    sources: &SourceMap,
    numbering: &Numbering,
    c: &Contradiction,
) -> String {
    let mut parts = Vec::new();
    for side in &c.sides {
        match side {
            Side::Negative(s) => parts.push(format!(
                "{} [{}]",
                holds_text(program, sources, program.statement(*s)),
                numbering.ids.get(s).cloned().unwrap_or_default()
            )),
            Side::Fact(p) => parts.push(proof_text(program, sources, numbering, p)),
        }
    }
    format!("{}; {}", parts.join("; "), c.reason)
}

/// One side in words: the statements and, for derived facts, the rule chain.
fn proof_text(program: &Program, sources: &SourceMap, numbering: &Numbering, p: &Proof) -> String {
    proof_text_at(program, sources, numbering, p, 0)
}

fn proof_text_at(
    program: &Program,
    sources: &SourceMap,
    numbering: &Numbering,
    p: &Proof,
    depth: usize,
) -> String {
    if depth >= crate::contradiction::MAX_PROOF_DEPTH {
        return format!("… `{}`", p.text);
    }
    match &p.step {
        ProofStep::Statement(s) => format!(
            "{} [{}]",
            holds_text(program, sources, program.statement(*s)),
            numbering.ids.get(s).cloned().unwrap_or_default()
        ),
        ProofStep::Axiom(_) => "it is declared".to_string(),
        ProofStep::Rule(r, premises) => {
            let rule = program
                .rules
                .get(r.0 as usize)
                .map(|r| r.name.as_str())
                .unwrap_or("?");
            let fact = fact_text(program, p);
            let below: Vec<String> = premises
                .iter()
                .filter(|q| !matches!(q.step, ProofStep::Axiom(_)))
                .map(|q| proof_text_at(program, sources, numbering, q, depth + 1))
                .collect();
            format!("{}, so by `{rule}` `{fact}`", below.join(" and "))
        }
    }
}

fn fact_text(_program: &Program, p: &Proof) -> String {
    p.text.clone()
}

fn derivation_lines(program: &Program, numbering: &Numbering, c: &Contradiction) -> Vec<String> {
    let mut out = Vec::new();
    out.push("derivation:".to_string());
    for side in &c.sides {
        match side {
            Side::Negative(s) => {
                let st = program.statement(*s);
                let verb = if st.stance == Stance::Denies {
                    "denied"
                } else {
                    "negated"
                };
                out.push(format!(
                    "  {verb}: {} [{}]",
                    program.prop_text(&st.prop),
                    numbering.ids.get(s).cloned().unwrap_or_default()
                ));
            }
            Side::Fact(p) => tree_lines(program, numbering, p, 1, &mut out),
        }
    }
    out
}

fn tree_lines(
    program: &Program,
    numbering: &Numbering,
    p: &Proof,
    depth: usize,
    out: &mut Vec<String>,
) {
    let indent = "  ".repeat(depth);
    if depth >= crate::contradiction::MAX_PROOF_DEPTH {
        out.push(format!("{indent}… {} (deeper steps left out)", p.text));
        return;
    }
    match &p.step {
        ProofStep::Statement(s) => out.push(format!(
            "{indent}{} [statement {}]",
            fact_text(program, p),
            numbering.ids.get(s).cloned().unwrap_or_default()
        )),
        ProofStep::Axiom(_) => out.push(format!("{indent}{} [declared]", fact_text(program, p))),
        ProofStep::Rule(r, premises) => {
            let rule = program
                .rules
                .get(r.0 as usize)
                .map(|r| r.name.as_str())
                .unwrap_or("?");
            out.push(format!("{indent}{} [by {rule}]", fact_text(program, p)));
            for q in premises {
                tree_lines(program, numbering, q, depth + 1, out);
            }
        }
    }
}
