//! `claimcheck test` and `claimcheck diff` end to end: exit codes, formats, and that CI mode
//! and `--review` without a terminal write nothing. The runner's own behaviour is tested in
//! `suite_runner.rs`; this is the command line around it.

use std::process::Command;

fn claimcheck(args: &[&str], ci: bool) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_claimcheck"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    if ci {
        cmd.env("CI", "true");
    } else {
        cmd.env_remove("CI").env_remove("TF_BUILD");
    }
    let out = cmd.output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const FIXTURE: &str = "tests/suite_runner/fixture";

fn pending_files() -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(FIXTURE)
        .expect("fixture")
        .filter_map(Result::ok)
    {
        let pending = entry.path().join("report.snap.new");
        if pending.exists() {
            out.push(pending.to_string_lossy().into_owned());
        }
    }
    out
}

#[test]
fn exit_codes() {
    let (code, stdout, _) = claimcheck(&["test", FIXTURE], true);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.ends_with("result: 2 passed, 10 failed\n"),
        "{stdout}"
    );
    assert_eq!(
        claimcheck(&["test", FIXTURE, "--filter", "fixture/passing"], true).0,
        0
    );
    assert_eq!(
        claimcheck(&["test", FIXTURE, "--filter", "failing_expectation"], true).0,
        1
    );
    assert_eq!(
        claimcheck(&["test", "tests/suites/contradictions"], true).0,
        0
    );
    let (code, _, stderr) = claimcheck(&["test", FIXTURE, "--coverage-min", "150"], true);
    assert_eq!(code, 2);
    assert!(stderr.contains("percentage"), "{stderr}");
    assert_eq!(claimcheck(&["test"], true).0, 2, "a suite is required");
}

#[test]
fn ci_and_review_without_a_terminal_write_nothing() {
    let (code, _, stderr) = claimcheck(
        &["test", FIXTURE, "--filter", "missing_snapshot", "--accept"],
        true,
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("no snapshot is written"), "{stderr}");
    assert!(
        !std::path::Path::new(FIXTURE)
            .join("missing_snapshot/report.snap")
            .exists()
    );
    let (code, _, stderr) = claimcheck(&["test", FIXTURE, "--review"], false);
    assert_eq!(code, 2);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    assert!(pending_files().is_empty(), "{:?}", pending_files());
}

#[test]
fn junit_and_json_go_to_stdout_and_the_text_to_stderr() {
    let (code, stdout, stderr) = claimcheck(&["test", FIXTURE, "--format", "junit"], true);
    assert_eq!(code, 2);
    assert!(
        stdout.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"),
        "{stdout}"
    );
    assert!(
        stderr.contains("FAILED fixture/changed_snapshot"),
        "{stderr}"
    );
    let (_, stdout, _) = claimcheck(&["test", FIXTURE, "--format", "json"], true);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["summary"]["cases"], 12);
}

#[test]
fn diff_command() {
    let old = "tests/suite_runner/diff/old.yaml";
    let new = "tests/suite_runner/diff/new.json";
    let (code, stdout, _) = claimcheck(&["diff", old, new], true);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("~ c1 → c1: severity error → warning"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("verdicts: 1 appeared, 0 vanished, 1 changed, 0 unchanged\n"),
        "{stdout}"
    );
    assert_eq!(
        claimcheck(
            &[
                "diff",
                old,
                "tests/suite_runner/fixture/changed_snapshot/report.snap"
            ],
            true
        )
        .0,
        0
    );
    let (code, stdout, _) = claimcheck(&["diff", old, new, "--format", "json"], true);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["schema"], "claimcheck.verdict-diff/1");
    let (code, _, stderr) = claimcheck(&["diff", "tests/suite_runner/diff/broken.yaml", new], true);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: tests/suite_runner/diff/broken.yaml:4:11: "),
        "{stderr}"
    );
}
