//! The run as JUnit XML, the format CI systems read: one `<testsuite>` per suite, one
//! `<testcase>` per case; a difference is a `<failure>`, bad input an `<error>`, each with the
//! same text a person sees (without colour) as its body. Run-level problems and a missed
//! `--coverage-min` get test cases of their own so CI shows them too.
//!
//! Written by hand: the format is small, and escaping is the only subtle part (`&`, `<`, `>`,
//! quotes, line ends in attributes, and characters XML 1.0 does not allow at all). There are
//! no timestamps or durations, so the output is deterministic.

use super::render::render_failure;
use super::{CaseResult, Failure, Run, Status};
use std::fmt::Write;

/// The run as a JUnit XML document.
pub fn render_junit(run: &Run) -> String {
    let c = run.counts();
    let coverage_failed = !run.coverage_ok();
    let tests = c.cases + run.problems.len() + usize::from(run.coverage_min.is_some());
    let failures = c.failed + usize::from(coverage_failed);
    let errors = c.errors + run.problems.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"claimcheck test\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    );
    if !run.problems.is_empty() {
        let _ = writeln!(
            out,
            "  <testsuite name=\"suites\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\">",
            n = run.problems.len()
        );
        for e in &run.problems {
            let _ = writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"suites\">",
                attr(&e.file)
            );
            let message = format!("{}:{}:{}: {}", e.file, e.line, e.column, e.message);
            let _ = writeln!(
                out,
                "      <error message=\"{}\" type=\"{}\">{}</error>",
                attr(&message),
                attr(&e.code),
                text(&format!("{message} [{}]\n", e.code))
            );
            let _ = writeln!(out, "    </testcase>");
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    for suite in &run.suites {
        let failed = suite
            .cases
            .iter()
            .filter(|c| c.status == Status::Failed)
            .count();
        let errored = suite
            .cases
            .iter()
            .filter(|c| c.status == Status::Error)
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"{errored}\" skipped=\"0\">",
            attr(&suite.name),
            suite.cases.len()
        );
        for case in &suite.cases {
            out.push_str(&testcase(case, &suite.name));
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    if let Some(min) = run.coverage_min {
        let percent = run.coverage.rules_percent();
        let _ = writeln!(
            out,
            "  <testsuite name=\"coverage\" tests=\"1\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            usize::from(coverage_failed)
        );
        if coverage_failed {
            let message = format!(
                "{percent:.1}% of rules and constraints fired, below the minimum of {min}%"
            );
            let body = super::render::render_coverage(run, false);
            let _ = writeln!(
                out,
                "    <testcase name=\"rules fired\" classname=\"coverage\">"
            );
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"coverage\">{}</failure>",
                attr(&message),
                text(&body)
            );
            let _ = writeln!(out, "    </testcase>");
        } else {
            let _ = writeln!(
                out,
                "    <testcase name=\"rules fired\" classname=\"coverage\"/>"
            );
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

fn testcase(case: &CaseResult, suite: &str) -> String {
    let short = case
        .name
        .strip_prefix(&format!("{suite}/"))
        .unwrap_or(&case.name);
    let head = format!(
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"",
        attr(short),
        attr(suite),
        attr(&case.path)
    );
    if case.status == Status::Passed {
        return format!("{head}/>\n");
    }
    let (element, kind) = match case.status {
        Status::Error => (
            "error",
            case.failures
                .iter()
                .find_map(|f| match f {
                    Failure::Input { error } | Failure::ReportError { error } => {
                        Some(error.code.clone())
                    }
                    _ => None,
                })
                .unwrap_or_else(|| "input".to_string()),
        ),
        _ if case.failures.iter().all(Failure::is_snapshot) => ("failure", "snapshot".to_string()),
        _ => ("failure", "expectation".to_string()),
    };
    let message: Vec<String> = case.failures.iter().map(summary).collect();
    let body: String = case
        .failures
        .iter()
        .map(|f| render_failure(f, false))
        .collect();
    format!(
        "{head}>\n      <{element} message=\"{}\" type=\"{}\">{}</{element}>\n    </testcase>\n",
        attr(&message.join("; ")),
        attr(&kind),
        text(&body)
    )
}

/// One failure in one line, for the `message` attribute.
pub fn summary(f: &Failure) -> String {
    match f {
        Failure::Input { error } => format!(
            "{}:{}:{}: {}",
            error.file, error.line, error.column, error.message
        ),
        Failure::ReportError { error } => format!("unexpected input error: {}", error.message),
        Failure::MissingError { code, .. } => {
            format!("expected the error `{code}`, which was not reported")
        }
        Failure::Missing { expected, .. } => format!("expected {expected}; not found"),
        Failure::Unexpected { verdict } => {
            format!("unexpected {} contradiction {}", verdict.kind, verdict.id)
        }
        Failure::Together {
            anchors, verdict, ..
        } => {
            format!(
                "`{}` and `{}` are together in {}",
                anchors[0], anchors[1], verdict.id
            )
        }
        Failure::SnapshotMissing { .. } => "no snapshot yet".to_string(),
        Failure::SnapshotChanged { verdicts, .. } => {
            format!(
                "the report differs from the snapshot: {}",
                super::render::diff_counts(verdicts)
            )
        }
    }
}

/// Characters XML 1.0 allows.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Escapes element text; characters XML cannot hold become `\u{…}` escapes in words.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if allowed(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    out
}

/// Escapes an attribute value (line ends kept as character references).
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if allowed(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            text("a < b && c > d\u{1}"),
            "a &lt; b &amp;&amp; c &gt; d\\u{1}"
        );
        assert_eq!(
            attr("say \"hi\"\n'x'"),
            "say &quot;hi&quot;&#10;&apos;x&apos;"
        );
    }
}
