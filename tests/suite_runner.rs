//! The suite runner on a fixture suite (`tests/suite_runner/fixture/`) with one case for each
//! outcome: passing, a failing expectation, a changed snapshot, a missing snapshot, a broken
//! and an unknown-valued `expect.yaml`, anchors matching nothing, a case without documents,
//! an invalid snapshot file, a must-not-pair that appears, and an input error expected or not.
//!
//! The runner's text and JUnit output are snapshotted; statuses, exit codes and what is (not)
//! written are asserted directly. Writing is only ever tried on a copy of the fixture in a
//! temporary folder; the fixture itself is run with `WriteMode::Never`, the CI mode.

use claimcheck::suite::{self, Failure, RunOptions, SnapshotOutcome, Status, WriteMode};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const FIXTURE: &str = "tests/suite_runner/fixture";

fn run(suite: &str, write: WriteMode) -> suite::Run {
    suite::run(&RunOptions {
        suites: vec![suite.to_string()],
        write,
        ..RunOptions::default()
    })
}

/// Every file under a folder and its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("readable file");
                out.insert(
                    path.strip_prefix(dir).expect("below dir").to_path_buf(),
                    bytes,
                );
            }
        }
    }
    out
}

/// A fresh copy of the fixture in the tests' temporary folder (still named `fixture`, so
/// case names stay the same), and the folder to remove afterwards.
fn copy_fixture(name: &str) -> (String, PathBuf) {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("suite_runner_{name}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let target = scratch.join("fixture");
    for (rel, bytes) in files(Path::new(FIXTURE)) {
        let to = target.join(rel);
        std::fs::create_dir_all(to.parent().expect("has a folder")).expect("create folder");
        std::fs::write(to, bytes).expect("write copy");
    }
    (target.to_string_lossy().into_owned(), scratch)
}

fn status_of(run: &suite::Run, case: &str) -> Status {
    run.cases()
        .find(|c| c.name == format!("fixture/{case}"))
        .unwrap_or_else(|| panic!("no case {case}"))
        .status
}

#[test]
fn fixture_outcomes_text_and_junit() {
    let before = files(Path::new(FIXTURE));
    let run = run(FIXTURE, WriteMode::Never);
    assert_eq!(
        files(Path::new(FIXTURE)),
        before,
        "a CI run wrote or deleted a file"
    );

    let expected = [
        ("bad_anchor", Status::Error),
        ("broken_expect", Status::Error),
        ("changed_snapshot", Status::Failed),
        ("expected_error", Status::Passed),
        ("failing_expectation", Status::Failed),
        ("invalid_snapshot", Status::Error),
        ("missing_snapshot", Status::Failed),
        ("no_documents", Status::Error),
        ("passing", Status::Passed),
        ("together", Status::Failed),
        ("unexpected_error", Status::Error),
        ("unknown_kind", Status::Error),
    ];
    let got: Vec<(String, Status)> = run.cases().map(|c| (c.name.clone(), c.status)).collect();
    let want: Vec<(String, Status)> = expected
        .iter()
        .map(|(n, s)| (format!("fixture/{n}"), *s))
        .collect();
    assert_eq!(got, want);
    assert_eq!(run.exit_code(), 2);
    let counts = run.counts();
    assert_eq!(
        (counts.passed, counts.failed, counts.errors, counts.written),
        (2, 4, 6, 0)
    );

    let changed = run
        .cases()
        .find(|c| c.name == "fixture/changed_snapshot")
        .expect("case");
    let Some(Failure::SnapshotChanged { verdicts, .. }) = changed.failures.first() else {
        panic!("{:?}", changed.failures);
    };
    assert_eq!(
        (
            verdicts.appeared.len(),
            verdicts.vanished.len(),
            verdicts.changed.len()
        ),
        (1, 0, 1)
    );
    assert_eq!(
        verdicts.changed[0].changes(),
        vec!["severity error → warning".to_string()]
    );
    let broken = run
        .cases()
        .find(|c| c.name == "fixture/broken_expect")
        .expect("case");
    let Some(Failure::Input { error }) = broken.failures.first() else {
        panic!("{:?}", broken.failures);
    };
    assert_eq!(
        (error.line, error.column, error.code.as_str()),
        (4, 5, "claimcheck::suite::syntax")
    );
    assert_eq!(
        run.cases()
            .find(|c| c.name == "fixture/missing_snapshot")
            .map(|c| c.snapshot),
        Some(SnapshotOutcome::Missing)
    );

    let text = suite::render::render_run(&run, false);
    assert!(!text.contains('\u{1b}'), "colour without asking");
    insta::assert_snapshot!("fixture_text", text);
    let junit = suite::junit::render_junit(&run);
    assert_well_formed(&junit);
    assert_eq!(junit.matches("<testcase ").count(), 12);
    assert_eq!(junit.matches("<failure ").count(), 4);
    assert_eq!(junit.matches("<error ").count(), 6);
    insta::assert_snapshot!("fixture_junit", junit);
    let json: serde_json::Value =
        serde_json::from_str(&suite::json::render_json(&run)).expect("valid JSON");
    assert_eq!(json["schema"], "claimcheck.test/1");
    assert_eq!(json["exit_code"], 2);
    assert_eq!(json["summary"]["passed"], 2);
    assert_eq!(
        json["suites"][0]["cases"][2]["failures"][0]["type"],
        "snapshot_changed"
    );
}

#[test]
fn colour_only_when_asked() {
    let run = run(FIXTURE, WriteMode::Never);
    let text = suite::render::render_run(&run, true);
    assert!(text.contains("\u{1b}[31mFAILED\u{1b}[0m"));
    assert!(text.contains("\u{1b}[32m+ c2 negation warning dispute\u{1b}[0m"));
}

#[test]
fn filter_runs_a_subset_and_a_filter_matching_nothing_is_an_error() {
    let only = suite::run(&RunOptions {
        suites: vec![FIXTURE.into()],
        filters: vec!["fixture/passing".into(), "fixture/expected_error".into()],
        ..RunOptions::default()
    });
    let names: Vec<&str> = only.cases().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["fixture/expected_error", "fixture/passing"]);
    assert_eq!(only.exit_code(), 0);
    let none = suite::run(&RunOptions {
        suites: vec![FIXTURE.into()],
        filters: vec!["no-such-case".into()],
        ..RunOptions::default()
    });
    assert_eq!(none.exit_code(), 2);
    assert_eq!(none.problems[0].code, "claimcheck::suite::no_match");
}

#[test]
fn missing_suite_is_located_and_others_still_run() {
    let run = suite::run(&RunOptions {
        suites: vec![
            "tests/suite_runner/no-such-suite".into(),
            format!("{FIXTURE}/passing"),
        ],
        ..RunOptions::default()
    });
    assert_eq!(run.problems.len(), 1);
    assert_eq!(run.problems[0].code, "claimcheck::suite::unreadable");
    assert_eq!(
        run.cases().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        vec!["fixture/passing"]
    );
    assert_eq!(run.exit_code(), 2);
}

#[test]
fn accept_writes_pending_writes_beside_and_never_writes_nothing() {
    let (dir, scratch) = copy_fixture("accept");
    let before = files(Path::new(&dir));

    let never = run(&dir, WriteMode::Never);
    assert_eq!(files(Path::new(&dir)), before);
    assert_eq!(never.counts().written, 0);

    let pending = run(&dir, WriteMode::Pending);
    assert_eq!(pending.counts().written, 0);
    let after = files(Path::new(&dir));
    let new: Vec<String> = after
        .keys()
        .filter(|p| !before.contains_key(*p))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        new,
        vec![
            "changed_snapshot/report.snap.new",
            "missing_snapshot/report.snap.new"
        ]
    );
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }

    let accepted = run(&dir, WriteMode::Accept);
    let written: Vec<&str> = accepted
        .cases()
        .filter(|c| c.snapshot == SnapshotOutcome::Written)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        written,
        vec![
            "fixture/changed_snapshot",
            "fixture/invalid_snapshot",
            "fixture/missing_snapshot"
        ]
    );
    assert!(
        !Path::new(&dir)
            .join("changed_snapshot/report.snap.new")
            .exists()
    );
    // Accepting a snapshot does not bless a failing expectation.
    assert_eq!(status_of(&accepted, "failing_expectation"), Status::Failed);

    let again = run(&dir, WriteMode::Never);
    for case in [
        "changed_snapshot",
        "invalid_snapshot",
        "missing_snapshot",
        "passing",
    ] {
        assert_eq!(status_of(&again, case), Status::Passed, "{case}");
    }
    let written = std::fs::read_to_string(Path::new(&dir).join("missing_snapshot/report.snap"))
        .expect("written");
    assert!(written.starts_with(
        "---\nsource: claimcheck test\nexpression: report\n---\nschema: claimcheck.report/1\n"
    ));
    assert!(
        written.contains("path: doc.txt"),
        "paths relative to the case:\n{written}"
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn review_asks_case_by_case() {
    let (dir, scratch) = copy_fixture("review");
    let mut run = run(&dir, WriteMode::Never);
    let mut input: &[u8] = b"maybe\nn\ny\n";
    let mut output = Vec::new();
    let outcome = suite::review::review(&mut run, &mut input, &mut output, false).expect("review");
    let output = String::from_utf8(output).expect("text");
    assert_eq!(
        (outcome.accepted, outcome.rejected, outcome.skipped),
        (1, 1, 0),
        "{output}"
    );
    assert!(output.contains("please answer y, n, a or q"));
    assert!(output.contains("accept the new snapshot of fixture/changed_snapshot?"));
    // The first pending case (changed_snapshot) was rejected, the second (missing) accepted.
    let changed = std::fs::read_to_string(Path::new(&dir).join("changed_snapshot/report.snap"))
        .expect("kept");
    assert!(changed.contains("severity: error"));
    assert!(
        Path::new(&dir)
            .join("missing_snapshot/report.snap")
            .is_file()
    );
    assert_eq!(status_of(&run, "missing_snapshot"), Status::Passed);
    assert_eq!(status_of(&run, "changed_snapshot"), Status::Failed);
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn baseline_lists_changed_verdicts_and_coverage_counts_rules() {
    // `new/` adds the embargo rule to `old/`: with it, the derived contradiction appears.
    let b = "tests/suite_runner/baseline";
    let run = suite::run(&RunOptions {
        suites: vec![format!("{b}/suite")],
        rules: vec![format!("{b}/new")],
        default_rules: false,
        baseline: Some(format!("{b}/old")),
        coverage_min: Some(100.0),
        ..RunOptions::default()
    });
    assert_eq!(
        run.exit_code(),
        0,
        "{}",
        suite::render::render_run(&run, false)
    );
    let case = run.cases().next().expect("one case");
    let diff = case.baseline.as_ref().expect("baseline compared");
    assert_eq!(
        (diff.appeared.len(), diff.vanished.len(), diff.changed.len()),
        (1, 0, 0)
    );
    assert_eq!(diff.appeared[0].kind, "derived");
    let names: Vec<(&str, usize)> = run
        .coverage
        .rules
        .iter()
        .map(|i| (i.name.as_str(), i.cases))
        .collect();
    assert_eq!(
        names,
        vec![
            ("exclusive(complies_with, violates)", 1),
            ("arms_trade_breaks_embargo", 1)
        ]
    );
    insta::assert_snapshot!("baseline_text", suite::render::render_run(&run, false));

    // With the old pack the expectation fails, and coverage falls below the minimum.
    let old = suite::run(&RunOptions {
        suites: vec![format!("{b}/suite")],
        rules: vec![format!("{b}/old")],
        default_rules: false,
        coverage_min: Some(50.0),
        ..RunOptions::default()
    });
    assert_eq!(old.coverage.rules_percent(), 0.0);
    assert!(!old.coverage_ok());
    assert_eq!(old.exit_code(), 1);
    let junit = suite::junit::render_junit(&old);
    assert_well_formed(&junit);
    assert!(junit.contains("<testcase name=\"rules fired\" classname=\"coverage\">"));
}

#[test]
fn diff_of_two_reports() {
    let old = suite::read_report_file("tests/suite_runner/diff/old.yaml").expect("old report");
    let new = suite::read_report_file("tests/suite_runner/diff/new.json").expect("new report");
    let diff = suite::verdict::diff_verdicts(&old.verdicts(), &new.verdicts());
    assert_eq!(
        (
            diff.appeared.len(),
            diff.vanished.len(),
            diff.changed.len(),
            diff.unchanged
        ),
        (1, 0, 1, 0)
    );
    let back = suite::verdict::diff_verdicts(&new.verdicts(), &old.verdicts());
    assert_eq!(
        (back.appeared.len(), back.vanished.len(), back.changed.len()),
        (0, 1, 1)
    );
    insta::assert_snapshot!(
        "diff_text",
        suite::render::render_verdict_diff(
            "tests/suite_runner/diff/old.yaml",
            "tests/suite_runner/diff/new.json",
            &diff,
            false
        )
    );
    insta::assert_snapshot!(
        "diff_json",
        suite::json::render_diff_json(
            "tests/suite_runner/diff/old.yaml",
            "tests/suite_runner/diff/new.json",
            &diff
        )
    );
    let broken =
        suite::read_report_file("tests/suite_runner/diff/broken.yaml").expect_err("not a report");
    assert_eq!(
        (broken.line, broken.column, broken.code.as_str()),
        (4, 11, "claimcheck::suite::report_invalid")
    );
}

/// A small XML well-formedness check: balanced tags, quoted attributes, no raw `<` or stray
/// `&` in text or attribute values.
fn assert_well_formed(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut rest = body;
    let check_text = |t: &str| {
        let mut s = t;
        while let Some(i) = s.find('&') {
            let after = &s[i..];
            let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
                .iter()
                .any(|e| after.starts_with(e));
            assert!(ok, "stray & in {t:?}");
            s = &s[i + 1..];
        }
    };
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open]);
        let close = rest[open..].find('>').expect("tag closes") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "raw < inside {tag:?}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else {
            let self_closing = tag.ends_with('/');
            let inner = tag.trim_end_matches('/');
            let name: String = inner.chars().take_while(|c| !c.is_whitespace()).collect();
            let attrs = &inner[name.len()..];
            assert_eq!(
                attrs.matches('"').count() % 2,
                0,
                "unbalanced quotes in {tag:?}"
            );
            check_text(attrs);
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(rest.trim().is_empty());
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

#[test]
fn coverage_lists_declared_patterns_and_frames_with_what_fired() {
    // The raw seed article is extracted with the default pack: its patterns and frames are
    // listed where they are declared, those that produced a statement counted once.
    let run = suite::run(&RunOptions {
        suites: vec!["tests/suites/seed/raw-article".to_string()],
        ..RunOptions::default()
    });
    assert_eq!(
        run.exit_code(),
        0,
        "{}",
        suite::render::render_run(&run, false)
    );
    for items in [&run.coverage.patterns, &run.coverage.frames] {
        assert!(items.iter().any(|i| i.cases == 1), "something fired");
        assert!(items.iter().any(|i| i.cases == 0), "something did not");
        for i in items.iter() {
            assert!(
                i.location.starts_with("<default>/"),
                "{} is declared in the pack, not at {:?}",
                i.name,
                i.location
            );
        }
    }
    let fired = |items: &[suite::coverage::CoverageItem], name: &str| {
        items.iter().find(|i| i.name == name).map(|i| i.cases)
    };
    // "Putin denied that any such agreement was made" comes through the denial frame.
    assert_eq!(fired(&run.coverage.frames, "denial"), Some(1));
    assert_eq!(fired(&run.coverage.patterns, "no_such_pattern"), None);
}
