//! Regression suites: `claimcheck test`. A suite is a folder of cases; a case is a folder of
//! documents, optional rule files and statement files, an optional `expect.yaml` (what must
//! and must not be found, see [`expect`]) and `report.snap`, the case's whole report in YAML
//! in the `insta` snapshot format (see [`snapshot`]).
//!
//! [`run`] checks every case (in parallel; results sorted), compares its verdicts with
//! `expect.yaml` and its report with the snapshot, optionally runs it again with baseline
//! rules and lists the verdicts that changed ([`verdict`]), and adds up rule coverage
//! ([`coverage`]). Renderers for people, JUnit and JSON are in [`render`]; the interactive
//! review is [`review`].
//!
//! Writing is explicit: [`WriteMode::Never`] (what `CI=true` forces) writes and deletes
//! nothing; [`WriteMode::Pending`] writes `report.snap.new` beside a snapshot that changed, as
//! insta does, for `cargo insta review` or `claimcheck test --review`; [`WriteMode::Accept`]
//! writes `report.snap`. A broken case never stops the others. This module does not print:
//! callers render the [`Run`].
//!
//! The same runner serves Rust tests:
//!
//! ```no_run
//! use claimcheck::suite::{RunOptions, WriteMode, is_ci, run};
//! let result = run(&RunOptions {
//!     suites: vec!["tests/suites/contradictions".into()],
//!     write: if is_ci() { WriteMode::Never } else { WriteMode::Pending },
//!     ..RunOptions::default()
//! });
//! assert!(result.exit_code() == 0, "{}", claimcheck::suite::render::render_run(&result, false));
//! ```
//!
//! and a single report can be snapshotted with insta directly, since [`crate::report::Report`]
//! is `Serialize` with a stable order and no machine-specific values:
//!
//! ```no_run
//! use claimcheck::check::{CheckOptions, check};
//! let checked = check(&CheckOptions { paths: vec!["seeds/".into()], ..Default::default() });
//! insta::assert_yaml_snapshot!(checked.report);
//! ```

pub mod case;
pub mod coverage;
pub mod error;
pub mod expect;
pub mod json;
pub mod junit;
pub mod render;
pub mod review;
pub mod snapshot;
pub mod verdict;

use crate::check::{CheckOptions, Checked, check};
use crate::diagnostic::{Diagnostic, sort_diagnostics};
use crate::report::{ErrorEntry, Report, ReportInput};
use crate::source::{FileKind, SourceMap, Span};
use case::{CaseDef, SuiteDef, case_relative, join};
use coverage::{CaseCoverage, Coverage};
use error::SuiteError;
use expect::{EXPECT_FILE, Expect};
use rayon::prelude::*;
use serde::Serialize;
use snapshot::{PENDING_FILE, SNAPSHOT_FILE};
use verdict::{ReportView, Verdict, VerdictDiff, diff_verdicts};

/// Whether the process runs in CI, as insta decides it: `CI` set to anything but `false`, `0`
/// or nothing, or `TF_BUILD` set.
pub fn is_ci() -> bool {
    match std::env::var("CI").ok().as_deref() {
        Some("false" | "0" | "") => false,
        None => std::env::var_os("TF_BUILD").is_some(),
        Some(_) => true,
    }
}

/// What the runner may write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WriteMode {
    /// Nothing, ever (CI).
    #[default]
    Never,
    /// `report.snap.new` beside a snapshot that is missing or changed; stale ones removed.
    Pending,
    /// `report.snap` for every snapshot that is missing, changed or invalid.
    Accept,
}

/// What to run and how.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Suite folders (or single case folders).
    pub suites: Vec<String>,
    /// Keep only cases whose name (`suite/case`) contains one of these.
    pub filters: Vec<String>,
    /// Rule files or folders for every case (`--rules`).
    pub rules: Vec<String>,
    /// Include the embedded default pack (unless a suite's `suite.yaml` turns it off).
    pub default_rules: bool,
    /// Rule folder to compare with: each case also runs with it in place of `rules` (or of
    /// the default pack when `rules` is empty), and the changed verdicts are listed.
    pub baseline: Option<String>,
    /// What may be written.
    pub write: WriteMode,
    /// Fail the run when fewer than this percentage of rules and constraints fired.
    pub coverage_min: Option<f64>,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            suites: Vec::new(),
            filters: Vec::new(),
            rules: Vec::new(),
            default_rules: true,
            baseline: None,
            write: WriteMode::Never,
            coverage_min: None,
        }
    }
}

/// A place in a suite file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// File as given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Why a case did not pass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Failure {
    /// The suite's own input is broken (no documents, bad `expect.yaml`, invalid snapshot, an
    /// anchor matching nothing, a file that cannot be written).
    Input {
        /// The located problem.
        error: ErrorEntry,
    },
    /// The case's report has an input error that `expect.yaml` does not list.
    ReportError {
        /// The report's entry (paths relative to the case).
        error: ErrorEntry,
    },
    /// `expect.yaml` lists an error code the report does not contain.
    MissingError {
        /// The entry in `expect.yaml`.
        at: Location,
        /// The code.
        code: String,
    },
    /// An expected contradiction was not found.
    Missing {
        /// The entry in `expect.yaml`.
        at: Location,
        /// The expectation in words.
        expected: String,
        /// The contradictions of that kind that were found (all, if none of that kind).
        found: Vec<Verdict>,
    },
    /// A contradiction no entry expects, in an `exhaustive` case.
    Unexpected {
        /// The contradiction.
        verdict: Verdict,
    },
    /// A contradiction holds two anchors that must not be together.
    Together {
        /// The pair in `expect.yaml`.
        at: Location,
        /// The two anchors.
        anchors: [String; 2],
        /// The contradiction.
        verdict: Verdict,
    },
    /// No snapshot yet.
    SnapshotMissing {
        /// Where it belongs.
        path: String,
    },
    /// The report differs from the snapshot.
    SnapshotChanged {
        /// The snapshot file.
        path: String,
        /// Verdicts that appeared, vanished or changed.
        verdicts: VerdictDiff,
        /// Unified diff of the report's lines (old → new), without colour.
        diff: String,
    },
}

impl Failure {
    /// Whether this is bad input (exit code 2) rather than a difference (exit code 1).
    pub fn is_input_error(&self) -> bool {
        matches!(self, Failure::Input { .. } | Failure::ReportError { .. })
    }

    /// Whether accepting the new snapshot would resolve it.
    pub fn is_snapshot(&self) -> bool {
        matches!(
            self,
            Failure::SnapshotMissing { .. } | Failure::SnapshotChanged { .. }
        )
    }
}

/// A case's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Everything as expected.
    Passed,
    /// A difference: an expectation not met or a snapshot that differs.
    Failed,
    /// Bad input.
    Error,
}

/// What happened with a case's snapshot file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SnapshotOutcome {
    /// Same report.
    Matched,
    /// None yet (and none written).
    Missing,
    /// Differs (and was not written).
    Changed,
    /// Not a snapshot file (and not replaced).
    Invalid,
    /// Written (new, changed or replacing an invalid one).
    Written,
    /// Not compared (the case could not run).
    Skipped,
}

/// One case's result.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// Suite name and case name: `contradictions/date`.
    pub name: String,
    /// The case folder as given.
    pub path: String,
    /// Outcome.
    pub status: Status,
    /// Why it did not pass, in order found.
    pub failures: Vec<Failure>,
    /// Snapshot outcome.
    pub snapshot: SnapshotOutcome,
    /// Lines for people about what was written (`wrote …`).
    pub notes: Vec<String>,
    /// The new report's YAML (the snapshot contents), when the case ran.
    pub report_yaml: Option<String>,
    /// Verdicts against the baseline rules, with `--baseline`.
    pub baseline: Option<VerdictDiff>,
    /// What fired.
    pub coverage: CaseCoverage,
}

impl CaseResult {
    fn finish(mut self) -> CaseResult {
        self.status = if self.failures.iter().any(Failure::is_input_error) {
            Status::Error
        } else if self.failures.is_empty() {
            Status::Passed
        } else {
            Status::Failed
        };
        self
    }

    /// Path of the case's snapshot file.
    pub fn snapshot_path(&self) -> String {
        join(&self.path, SNAPSHOT_FILE)
    }
}

/// One suite's results.
#[derive(Clone, Debug)]
pub struct SuiteResult {
    /// Suite name (its folder's name).
    pub name: String,
    /// The suite folder as given.
    pub path: String,
    /// Cases, sorted by name.
    pub cases: Vec<CaseResult>,
}

/// Everything a run found.
#[derive(Clone, Debug)]
pub struct Run {
    /// Suites in the order given (duplicates dropped).
    pub suites: Vec<SuiteResult>,
    /// Problems with the suites themselves (missing folder, bad `suite.yaml`, no cases).
    pub problems: Vec<ErrorEntry>,
    /// Rule coverage over the cases that ran.
    pub coverage: Coverage,
    /// The coverage threshold, if any.
    pub coverage_min: Option<f64>,
    /// What the run was allowed to write.
    pub write: WriteMode,
    /// Whether a baseline was compared.
    pub baseline: Option<String>,
}

/// Counts for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Cases run.
    pub cases: usize,
    /// Passed.
    pub passed: usize,
    /// Failed (differences).
    pub failed: usize,
    /// With bad input.
    pub errors: usize,
    /// Snapshots written.
    pub written: usize,
}

impl Run {
    /// All cases, in output order.
    pub fn cases(&self) -> impl Iterator<Item = &CaseResult> {
        self.suites.iter().flat_map(|s| &s.cases)
    }

    /// Case counts.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for case in self.cases() {
            c.cases += 1;
            match case.status {
                Status::Passed => c.passed += 1,
                Status::Failed => c.failed += 1,
                Status::Error => c.errors += 1,
            }
            if case.snapshot == SnapshotOutcome::Written {
                c.written += 1;
            }
        }
        c
    }

    /// Whether coverage meets `--coverage-min` (always, without one).
    pub fn coverage_ok(&self) -> bool {
        self.coverage_min
            .is_none_or(|min| self.coverage.rules_percent() + 1e-9 >= min)
    }

    /// 0 when everything passed, 2 when any input was bad, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        let c = self.counts();
        if c.errors > 0 || !self.problems.is_empty() {
            2
        } else if c.failed > 0 || !self.coverage_ok() {
            1
        } else {
            0
        }
    }
}

/// Runs suites.
pub fn run(options: &RunOptions) -> Run {
    let mut problems = Vec::new();
    let mut suites: Vec<SuiteDef> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for path in &options.suites {
        let mut sources = SourceMap::new();
        match case::discover(path, &mut sources) {
            Ok(def) => {
                if seen.insert((
                    def.path.clone(),
                    def.cases.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
                )) {
                    suites.push(def);
                }
            }
            Err(errors) => problems.extend(errors.iter().map(|e| error::entry(&sources, e))),
        }
    }
    if !options.filters.is_empty() {
        for s in &mut suites {
            let name = s.name.clone();
            s.cases.retain(|c| {
                options
                    .filters
                    .iter()
                    .any(|f| format!("{name}/{}", c.name).contains(f.as_str()))
            });
        }
        if suites.iter().all(|s| s.cases.is_empty()) && problems.is_empty() {
            let mut sources = SourceMap::new();
            let first = suites
                .first()
                .map_or_else(|| ".".to_string(), |s| s.path.clone());
            let id = sources.add(first, "", FileKind::Other);
            problems.push(error::entry(
                &sources,
                &SuiteError::NoMatch {
                    filter: options.filters.join("`, `"),
                    span: Span::new(id, 0, 0),
                },
            ));
        }
        suites.retain(|s| !s.cases.is_empty());
    }

    let jobs: Vec<(usize, &SuiteDef, &CaseDef)> = suites
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.cases.iter().map(move |c| (i, s, c)))
        .collect();
    let results: Vec<(usize, CaseResult)> = jobs
        .par_iter()
        .map(|(i, s, c)| (*i, run_case(s, c, options)))
        .collect();

    let mut out: Vec<SuiteResult> = suites
        .iter()
        .map(|s| SuiteResult {
            name: s.name.clone(),
            path: s.path.clone(),
            cases: Vec::new(),
        })
        .collect();
    for (i, r) in results {
        if let Some(s) = out.get_mut(i) {
            s.cases.push(r);
        }
    }
    for s in &mut out {
        s.cases.sort_by(|a, b| a.name.cmp(&b.name));
    }
    let coverage = Coverage::merge(out.iter().flat_map(|s| &s.cases).map(|c| &c.coverage));
    Run {
        suites: out,
        problems,
        coverage,
        coverage_min: options.coverage_min,
        write: options.write,
        baseline: options.baseline.clone(),
    }
}

/// The rules a case runs with: the suite's, then `--rules`; and whether the default pack is in.
fn case_rules(suite: &SuiteDef, rules: &[String], default_rules: bool) -> (Vec<String>, bool) {
    let all = suite.config.rules.iter().chain(rules).cloned().collect();
    (
        all,
        default_rules && suite.config.default_rules.unwrap_or(true),
    )
}

fn run_case(suite: &SuiteDef, case: &CaseDef, options: &RunOptions) -> CaseResult {
    let mut result = CaseResult {
        name: format!("{}/{}", suite.name, case.name),
        path: case.path.clone(),
        status: Status::Passed,
        failures: Vec::new(),
        snapshot: SnapshotOutcome::Skipped,
        notes: Vec::new(),
        report_yaml: None,
        baseline: None,
        coverage: CaseCoverage::default(),
    };
    let mut sources = SourceMap::new();
    let folder = sources.add(case.path.clone(), "", FileKind::Other);
    let input = |sources: &SourceMap, e: &SuiteError| Failure::Input {
        error: error::entry(sources, e),
    };

    let expect_path = join(&case.path, EXPECT_FILE);
    let mut expect_file = None;
    let expect: Option<Expect> = match std::fs::read_to_string(&expect_path) {
        Ok(text) => {
            let id = sources.add(expect_path.clone(), text.clone(), FileKind::Other);
            expect_file = Some(id);
            match expect::parse_expect(id, &text) {
                Ok(e) => Some(e),
                Err(errors) => {
                    for e in &errors {
                        result.failures.push(input(&sources, e));
                    }
                    None
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(Expect::default()),
        Err(e) => {
            let f = input(
                &sources,
                &SuiteError::Unreadable {
                    path: expect_path.clone(),
                    reason: case::io_reason(&e),
                    span: Span::new(folder, 0, 0),
                },
            );
            result.failures.push(f);
            None
        }
    };

    let (rules, default_rules) = case_rules(suite, &options.rules, options.default_rules);
    let checked = check(&CheckOptions {
        paths: vec![case.path.clone()],
        rules: rules.clone(),
        default_rules,
        ..CheckOptions::default()
    });
    let depth = case.name.split('/').count();
    let (report, renamed) = relative_report(&checked, &case.path, &suite.path, depth);
    if report.documents.is_empty() {
        let f = input(
            &sources,
            &SuiteError::NoDocuments {
                case: result.name.clone(),
                span: Span::new(folder, 0, 0),
            },
        );
        result.failures.push(f);
        return result.finish();
    }
    result.coverage = coverage::case_coverage(&checked);
    let view = ReportView::from_report(&report);
    let verdicts = view.verdicts();

    if let Some(expect) = &expect {
        let files: Vec<(String, String)> = renamed
            .files()
            .filter(|(_, f)| f.kind != FileKind::Other)
            .map(|(_, f)| (f.path.clone(), f.text.to_string()))
            .collect();
        let anchor_errors = match expect_file {
            Some(id) => expect::check_anchors(expect, id, &files),
            None => Vec::new(),
        };
        if anchor_errors.is_empty() {
            let locate = |offset: usize| {
                let id = expect_file.unwrap_or(folder);
                let (line, column) = sources.line_col(Span::new(id, offset, offset));
                Location {
                    file: sources.file(id).path.clone(),
                    line,
                    column,
                }
            };
            result
                .failures
                .extend(expect::evaluate(expect, &verdicts, &report.errors, &locate));
        } else {
            for e in &anchor_errors {
                result.failures.push(input(&sources, e));
            }
        }
    }

    let yaml = report.to_yaml();
    compare_snapshot(
        &mut result,
        &mut sources,
        folder,
        &yaml,
        &verdicts,
        options.write,
    );
    result.report_yaml = Some(yaml);

    if let Some(baseline) = &options.baseline {
        let (base_rules, base_default) = if options.rules.is_empty() {
            (
                suite
                    .config
                    .rules
                    .iter()
                    .cloned()
                    .chain([baseline.clone()])
                    .collect(),
                false,
            )
        } else {
            let (r, d) = case_rules(suite, std::slice::from_ref(baseline), options.default_rules);
            (r, d)
        };
        let old = check(&CheckOptions {
            paths: vec![case.path.clone()],
            rules: base_rules,
            default_rules: base_default,
            ..CheckOptions::default()
        });
        let (old_report, _) = relative_report(&old, &case.path, &suite.path, depth);
        result.baseline = Some(diff_verdicts(
            &ReportView::from_report(&old_report).verdicts(),
            &verdicts,
        ));
    }
    result.finish()
}

/// Compares the new report with the snapshot file and writes what the mode allows.
fn compare_snapshot(
    result: &mut CaseResult,
    sources: &mut SourceMap,
    folder: crate::source::FileId,
    yaml: &str,
    verdicts: &[Verdict],
    write: WriteMode,
) {
    let path = join(&result.path, SNAPSHOT_FILE);
    let pending = join(&result.path, PENDING_FILE);
    let mut problem: Option<SuiteError> = None;
    let old: Option<(String, Option<ReportView>)> = match std::fs::read_to_string(&path) {
        Ok(text) => {
            let id = sources.add(path.clone(), text.clone(), FileKind::Other);
            match snapshot::parse_snapshot(&text) {
                Ok(file) => match verdict::parse_report(&path, &text) {
                    Ok(view) => Some((file.contents, Some(view))),
                    Err((reason, offset)) => {
                        problem = Some(SuiteError::SnapshotInvalid {
                            reason,
                            span: Span::new(id, offset, offset),
                        });
                        Some((file.contents, None))
                    }
                },
                Err(p) => {
                    problem = Some(SuiteError::SnapshotInvalid {
                        reason: p.reason,
                        span: Span::new(id, p.offset, p.offset),
                    });
                    None
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            problem = Some(SuiteError::Unreadable {
                path: path.clone(),
                reason: case::io_reason(&e),
                span: Span::new(folder, 0, 0),
            });
            None
        }
    };
    let matched = problem.is_none()
        && old
            .as_ref()
            .is_some_and(|(contents, _)| snapshot::same_contents(contents, yaml));
    if matched {
        result.snapshot = SnapshotOutcome::Matched;
        if write != WriteMode::Never
            && std::path::Path::new(&pending).is_file()
            && std::fs::remove_file(&pending).is_ok()
        {
            result.notes.push(format!("removed the stale `{pending}`"));
        }
        return;
    }
    if write == WriteMode::Accept {
        match std::fs::write(&path, snapshot::render_snapshot(yaml)) {
            Ok(()) => {
                result.snapshot = SnapshotOutcome::Written;
                result.notes.push(format!("wrote `{path}`"));
                let _ = std::fs::remove_file(&pending);
            }
            Err(e) => result.failures.push(Failure::Input {
                error: error::entry(
                    sources,
                    &SuiteError::WriteFailed {
                        path: path.clone(),
                        reason: case::io_reason(&e),
                        span: Span::new(folder, 0, 0),
                    },
                ),
            }),
        }
        return;
    }
    if let Some(p) = problem {
        result.snapshot = SnapshotOutcome::Invalid;
        result.failures.push(Failure::Input {
            error: error::entry(sources, &p),
        });
        return;
    }
    match old {
        None => {
            result.snapshot = SnapshotOutcome::Missing;
            result
                .failures
                .push(Failure::SnapshotMissing { path: path.clone() });
        }
        Some((contents, view)) => {
            result.snapshot = SnapshotOutcome::Changed;
            let old_verdicts = view.map(|v| v.verdicts()).unwrap_or_default();
            result.failures.push(Failure::SnapshotChanged {
                path: path.clone(),
                verdicts: diff_verdicts(&old_verdicts, verdicts),
                diff: line_diff(&snapshot::normalize(&contents), &snapshot::normalize(yaml)),
            });
        }
    }
    if write == WriteMode::Pending {
        match std::fs::write(&pending, snapshot::render_snapshot(yaml)) {
            Ok(()) => result.notes.push(format!("wrote `{pending}` for review")),
            Err(e) => result.notes.push(format!(
                "could not write `{pending}`: {}",
                case::io_reason(&e)
            )),
        }
    }
}

/// Accepts a case's new snapshot (for `--review`): writes `report.snap`, removes the pending
/// file, and drops the snapshot failure from the result.
pub fn accept_snapshot(result: &mut CaseResult) -> Result<(), String> {
    let Some(yaml) = &result.report_yaml else {
        return Err("the case did not run".into());
    };
    let path = result.snapshot_path();
    std::fs::write(&path, snapshot::render_snapshot(yaml))
        .map_err(|e| format!("cannot write `{path}`: {}", case::io_reason(&e)))?;
    let _ = std::fs::remove_file(join(&result.path, PENDING_FILE));
    result.failures.retain(|f| !f.is_snapshot());
    result.snapshot = SnapshotOutcome::Written;
    result.notes.push(format!("wrote `{path}`"));
    let done = std::mem::replace(result, placeholder());
    *result = done.finish();
    Ok(())
}

fn placeholder() -> CaseResult {
    CaseResult {
        name: String::new(),
        path: String::new(),
        status: Status::Passed,
        failures: Vec::new(),
        snapshot: SnapshotOutcome::Skipped,
        notes: Vec::new(),
        report_yaml: None,
        baseline: None,
        coverage: CaseCoverage::default(),
    }
}

/// A unified diff of two texts' lines (old → new), two lines of context, no colour.
pub fn line_diff(old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .missing_newline_hint(false)
        .to_string()
}

/// The case's report with the case's files named relative to the case folder, rebuilt so
/// that order and ids do not depend on where the suite lives. Also returns the renamed
/// source map.
fn relative_report(
    checked: &Checked,
    case_dir: &str,
    suite_dir: &str,
    depth: usize,
) -> (Report, SourceMap) {
    let rename = |p: &str| case_relative(p, case_dir, suite_dir, depth);
    let mut renamed = SourceMap::new();
    for (_, f) in checked.sources.files() {
        renamed.add(rename(&f.path), f.text.clone(), f.kind);
    }
    let rewrite = |text: &str| {
        let mut t = text.replace(&format!("{case_dir}/"), "");
        if suite_dir != "." && suite_dir != ".." {
            t = t.replace(&format!("{suite_dir}/"), &"../".repeat(depth));
        }
        t
    };
    let mut diagnostics: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if case_dir != "." {
                d.message = rewrite(&d.message);
                d.help = d.help.as_deref().map(rewrite);
            }
            d
        })
        .collect();
    sort_diagnostics(&mut diagnostics, &renamed);
    let report = Report::build(&ReportInput {
        sources: &renamed,
        program: &checked.program,
        found: &checked.found,
        diagnostics: &diagnostics,
        limits_hit: checked.report.summary.limits_hit.clone(),
        explain: false,
    });
    (report, renamed)
}

/// Reads a report file for `claimcheck diff` (JSON, YAML or a snapshot), with a located
/// error when it cannot be read or is not a report.
pub fn read_report_file(path: &str) -> Result<ReportView, ErrorEntry> {
    let mut sources = SourceMap::new();
    match verdict::read_report(path) {
        Ok((_, view)) => Ok(view),
        Err(verdict::ReadProblem::Unreadable(reason)) => {
            let id = sources.add(path, "", FileKind::Other);
            Err(error::entry(
                &sources,
                &SuiteError::Unreadable {
                    path: path.to_string(),
                    reason,
                    span: Span::new(id, 0, 0),
                },
            ))
        }
        Err(verdict::ReadProblem::Invalid {
            text,
            reason,
            offset,
        }) => {
            let id = sources.add(path, text, FileKind::Other);
            Err(error::entry(
                &sources,
                &SuiteError::ReportInvalid {
                    path: path.to_string(),
                    reason,
                    span: Span::new(id, offset, offset),
                },
            ))
        }
    }
}
