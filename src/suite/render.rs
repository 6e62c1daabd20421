//! The suite run and verdict diffs for people: one line per case, then for each failure what
//! was expected and what was found, the verdicts that appeared (`+`), vanished (`-`) or
//! changed (`~`), and the report lines that differ; then coverage and a closing count line.
//!
//! Colour is a parameter: the caller decides (only on a terminal, never with `NO_COLOR`).
//! Machine formats are in [`super::junit`] and [`super::json`]; this module writes no files.

use super::verdict::{Verdict, VerdictDiff};
use super::{CaseResult, Failure, Run, Status};
use crate::report::ErrorEntry;
use std::fmt::Write;

/// Longest quote shown, in characters.
const QUOTE_WIDTH: usize = 80;

/// Most report-diff lines shown per case.
const MAX_DIFF_LINES: usize = 200;

#[derive(Clone, Copy)]
enum Style {
    Green,
    Red,
    Yellow,
    Cyan,
    Bold,
    Dim,
}

/// Wraps text in ANSI colour codes when colour is on.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn paint(self, style: Style, text: &str) -> String {
        if !self.0 {
            return text.to_string();
        }
        let code = match style {
            Style::Green => "32",
            Style::Red => "31",
            Style::Yellow => "33",
            Style::Cyan => "36",
            Style::Bold => "1",
            Style::Dim => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

/// The whole run as text.
pub fn render_run(run: &Run, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    for e in &run.problems {
        out.push_str(&error_lines(p, e, ""));
    }
    for case in run.cases() {
        out.push_str(&render_case(case, run.baseline.is_some(), color));
    }
    if run.cases().next().is_some() {
        out.push('\n');
        out.push_str(&render_coverage(run, color));
    }
    let c = run.counts();
    if c.written > 0 {
        let _ = writeln!(out, "{} snapshot{} written", c.written, plural(c.written));
    }
    if c.errors > 0 {
        let _ = writeln!(
            out,
            "{} case{} with input errors",
            c.errors,
            plural(c.errors)
        );
    }
    let failed = c.failed + c.errors;
    let line = format!("result: {} passed, {failed} failed", c.passed);
    let style = if run.exit_code() == 0 {
        Style::Green
    } else {
        Style::Red
    };
    let _ = writeln!(out, "{}", p.paint(style, &line));
    out
}

/// One case: its status line and, if it did not pass, why.
pub fn render_case(case: &CaseResult, baseline: bool, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    let status = match case.status {
        Status::Passed => p.paint(Style::Green, "ok    "),
        Status::Failed => p.paint(Style::Red, "FAILED"),
        Status::Error => p.paint(Style::Yellow, "ERROR "),
    };
    let _ = writeln!(out, "{status} {}", case.name);
    for f in &case.failures {
        out.push_str(&render_failure(f, color));
    }
    if baseline
        && let Some(diff) = &case.baseline
        && !diff.is_empty()
    {
        let _ = writeln!(out, "  against the baseline rules: {}", diff_counts(diff));
        out.push_str(&verdict_diff_lines(diff, p, "    "));
    }
    for n in &case.notes {
        let _ = writeln!(out, "  {}", p.paint(Style::Dim, n));
    }
    out
}

/// One failure, indented under its case.
pub fn render_failure(f: &Failure, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    match f {
        Failure::Input { error } => out.push_str(&error_lines(p, error, "  ")),
        Failure::ReportError { error } => {
            let _ = writeln!(
                out,
                "  {} {}:{}:{}: {} [{}]",
                p.paint(Style::Yellow, "unexpected input error in the case:"),
                error.file,
                error.line,
                error.column,
                error.message,
                error.code
            );
            if let Some(h) = &error.help {
                let _ = writeln!(out, "    help: {h}");
            }
            let _ = writeln!(
                out,
                "    (if the case expects it, list `{}` under `errors:` in expect.yaml)",
                error.code
            );
        }
        Failure::MissingError { at, code } => {
            let _ = writeln!(
                out,
                "  {at}: expected the error `{code}`, which was not reported"
            );
        }
        Failure::Missing {
            at,
            expected,
            found,
        } => {
            let _ = writeln!(
                out,
                "  {at}: expected {expected}; {}",
                p.paint(Style::Red, "not found")
            );
            if found.is_empty() {
                let _ = writeln!(out, "    found: no contradictions");
            } else {
                let _ = writeln!(out, "    found:");
                for v in found {
                    out.push_str(&verdict_lines(v, None, p, "      "));
                }
            }
        }
        Failure::Unexpected { verdict } => {
            let _ = writeln!(
                out,
                "  {} (expect.yaml is exhaustive):",
                p.paint(Style::Red, "unexpected contradiction")
            );
            out.push_str(&verdict_lines(verdict, Some('+'), p, "    "));
        }
        Failure::Together {
            at,
            anchors,
            verdict,
        } => {
            let _ = writeln!(
                out,
                "  {at}: `{}` and `{}` {}:",
                anchors[0],
                anchors[1],
                p.paint(Style::Red, "must not be in one contradiction, but are")
            );
            out.push_str(&verdict_lines(verdict, Some('+'), p, "    "));
        }
        Failure::SnapshotMissing { path } => {
            let _ = writeln!(
                out,
                "  {}: {}",
                path,
                p.paint(Style::Red, "no snapshot yet")
            );
            let _ = writeln!(
                out,
                "    (write it with `claimcheck test --accept`, or look first with `--review`)"
            );
        }
        Failure::SnapshotChanged {
            path,
            verdicts,
            diff,
        } => {
            let _ = writeln!(
                out,
                "  {path}: {}",
                p.paint(Style::Red, "the report differs from the snapshot")
            );
            if verdicts.is_empty() {
                let _ = writeln!(
                    out,
                    "    verdicts: the same ({} unchanged); other parts of the report changed",
                    verdicts.unchanged
                );
            } else {
                let _ = writeln!(out, "    verdicts: {}", diff_counts(verdicts));
                out.push_str(&verdict_diff_lines(verdicts, p, "      "));
            }
            let _ = writeln!(out, "    report:");
            out.push_str(&diff_lines(diff, p, "      "));
        }
    }
    out
}

fn error_lines(p: Paint, e: &ErrorEntry, indent: &str) -> String {
    let mut out = format!(
        "{indent}{} {}:{}:{}: {} [{}]\n",
        p.paint(Style::Yellow, "error:"),
        e.file,
        e.line,
        e.column,
        e.message,
        e.code
    );
    if let Some(h) = &e.help {
        let _ = writeln!(out, "{indent}  help: {h}");
    }
    out
}

/// `1 appeared, 0 vanished, 2 changed, 5 unchanged`.
pub fn diff_counts(d: &VerdictDiff) -> String {
    format!(
        "{} appeared, {} vanished, {} changed, {} unchanged",
        d.appeared.len(),
        d.vanished.len(),
        d.changed.len(),
        d.unchanged
    )
}

fn verdict_diff_lines(d: &VerdictDiff, p: Paint, indent: &str) -> String {
    let mut out = String::new();
    for v in &d.appeared {
        out.push_str(&verdict_lines(v, Some('+'), p, indent));
    }
    for v in &d.vanished {
        out.push_str(&verdict_lines(v, Some('-'), p, indent));
    }
    for c in &d.changed {
        let head = format!("~ {} → {}: {}", c.old.id, c.new.id, c.changes().join("; "));
        let _ = writeln!(out, "{indent}{}", p.paint(Style::Yellow, &head));
        out.push_str(&sides(&c.new, indent));
    }
    out
}

/// A verdict: `+ c2 numeric error dispute [rules]` and one line per side.
fn verdict_lines(v: &Verdict, mark: Option<char>, p: Paint, indent: &str) -> String {
    let rules = if v.rules.is_empty() {
        String::new()
    } else {
        format!(" [{}]", v.rules.join(", "))
    };
    let mark = mark.map(|m| format!("{m} ")).unwrap_or_default();
    let head = format!("{mark}{} {}{rules}", v.id, v.headline());
    let style = match mark.trim() {
        "+" => Style::Green,
        "-" => Style::Red,
        _ => Style::Bold,
    };
    let mut out = format!("{indent}{}\n", p.paint(style, &head));
    out.push_str(&sides(v, indent));
    out
}

fn sides(v: &Verdict, indent: &str) -> String {
    let mut out = String::new();
    for s in &v.sides {
        let speaker = if s.speaker.is_empty() {
            String::new()
        } else {
            format!(" ({})", s.speaker)
        };
        let _ = writeln!(
            out,
            "{indent}    {}:{}:{} \"{}\"{speaker}",
            s.document,
            s.line,
            s.column,
            short(&s.quote)
        );
    }
    out
}

/// A quote on one line, cut to [`QUOTE_WIDTH`] characters.
fn short(quote: &str) -> String {
    let one_line = super::verdict::fold_space(quote);
    if one_line.chars().count() <= QUOTE_WIDTH {
        return one_line;
    }
    let cut: String = one_line.chars().take(QUOTE_WIDTH - 1).collect();
    format!("{}…", cut.trim_end())
}

fn diff_lines(diff: &str, p: Paint, indent: &str) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = diff.lines().collect();
    for line in lines.iter().take(MAX_DIFF_LINES) {
        let styled = if line.starts_with("@@") {
            p.paint(Style::Cyan, line)
        } else if line.starts_with('+') {
            p.paint(Style::Green, line)
        } else if line.starts_with('-') {
            p.paint(Style::Red, line)
        } else {
            line.to_string()
        };
        let _ = writeln!(out, "{indent}{styled}");
    }
    if lines.len() > MAX_DIFF_LINES {
        let _ = writeln!(out, "{indent}… {} more lines", lines.len() - MAX_DIFF_LINES);
    }
    out
}

/// Coverage: rules and constraints, patterns, frames; what never fired; the threshold.
pub fn render_coverage(run: &Run, color: bool) -> String {
    let p = Paint(color);
    let cov = &run.coverage;
    let mut out = String::new();
    for (what, items) in [
        ("rules and constraints", &cov.rules),
        ("patterns", &cov.patterns),
        ("frames", &cov.frames),
    ] {
        let fired = items.iter().filter(|i| i.cases > 0).count();
        if items.is_empty() {
            let _ = writeln!(out, "coverage: no {what}");
            continue;
        }
        let _ = writeln!(
            out,
            "coverage: {fired} of {} {what} fired ({:.1}%)",
            items.len(),
            super::coverage::percent(items)
        );
        let never: Vec<_> = items.iter().filter(|i| i.cases == 0).collect();
        if !never.is_empty() {
            let _ = writeln!(out, "  never fired:");
            for i in never {
                let _ = writeln!(
                    out,
                    "    {} {}",
                    i.name,
                    p.paint(Style::Dim, &format!("({})", i.location))
                );
            }
        }
    }
    if let Some(min) = run.coverage_min {
        let percent = cov.rules_percent();
        if run.coverage_ok() {
            let _ = writeln!(out, "coverage {percent:.1}% meets the minimum of {min}%");
        } else {
            let line = format!("coverage {percent:.1}% is below the minimum of {min}%");
            let _ = writeln!(out, "{}", p.paint(Style::Red, &line));
        }
    }
    out
}

/// `claimcheck diff OLD NEW` for people.
pub fn render_verdict_diff(old: &str, new: &str, diff: &VerdictDiff, color: bool) -> String {
    let p = Paint(color);
    let mut out = format!("--- {old}\n+++ {new}\n");
    out.push_str(&verdict_diff_lines(diff, p, ""));
    let _ = writeln!(out, "verdicts: {}", diff_counts(diff));
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
