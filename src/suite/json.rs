//! The run as JSON for scripts (schema `claimcheck.test/1`): counts and exit code, each
//! case's status, failures (with verdicts and the report diff), baseline changes and notes,
//! run-level problems, and coverage. Like the report schema, it only ever gains fields.

use super::coverage::Coverage;
use super::verdict::VerdictDiff;
use super::{Counts, Failure, Run, SnapshotOutcome, Status};
use crate::report::ErrorEntry;
use serde::Serialize;

/// Schema name of the JSON summary.
pub const TEST_SCHEMA: &str = "claimcheck.test/1";

/// Schema name of `claimcheck diff --format json`.
pub const DIFF_SCHEMA: &str = "claimcheck.verdict-diff/1";

#[derive(Serialize)]
struct JsonRun<'a> {
    schema: &'static str,
    exit_code: u8,
    summary: Counts,
    problems: &'a [ErrorEntry],
    suites: Vec<JsonSuite<'a>>,
    coverage: JsonCoverage<'a>,
}

#[derive(Serialize)]
struct JsonSuite<'a> {
    name: &'a str,
    path: &'a str,
    cases: Vec<JsonCase<'a>>,
}

#[derive(Serialize)]
struct JsonCase<'a> {
    name: &'a str,
    path: &'a str,
    status: Status,
    snapshot: SnapshotOutcome,
    failures: &'a [Failure],
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a VerdictDiff>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct JsonCoverage<'a> {
    rules_percent: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<f64>,
    ok: bool,
    #[serde(flatten)]
    items: &'a Coverage,
}

/// The run as pretty JSON, with a final newline.
pub fn render_json(run: &Run) -> String {
    let doc = JsonRun {
        schema: TEST_SCHEMA,
        exit_code: run.exit_code(),
        summary: run.counts(),
        problems: &run.problems,
        suites: run
            .suites
            .iter()
            .map(|s| JsonSuite {
                name: &s.name,
                path: &s.path,
                cases: s
                    .cases
                    .iter()
                    .map(|c| JsonCase {
                        name: &c.name,
                        path: &c.path,
                        status: c.status,
                        snapshot: c.snapshot,
                        failures: &c.failures,
                        baseline: c.baseline.as_ref(),
                        notes: &c.notes,
                    })
                    .collect(),
            })
            .collect(),
        coverage: JsonCoverage {
            rules_percent: (run.coverage.rules_percent() * 10.0).round() / 10.0,
            minimum: run.coverage_min,
            ok: run.coverage_ok(),
            items: &run.coverage,
        },
    };
    to_pretty(&doc)
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    schema: &'static str,
    old: &'a str,
    new: &'a str,
    #[serde(flatten)]
    diff: &'a VerdictDiff,
}

/// `claimcheck diff --format json`.
pub fn render_diff_json(old: &str, new: &str, diff: &VerdictDiff) -> String {
    to_pretty(&JsonDiff {
        schema: DIFF_SCHEMA,
        old,
        new,
        diff,
    })
}

fn to_pretty<T: Serialize>(value: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
