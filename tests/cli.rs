//! The command line end to end: each folder under `tests/cli/` holds a `cmd` file (the
//! arguments, run from the crate root) and whatever inputs it names. The snapshot is the exit
//! code, stdout and stderr, without colour. The tests after it assert which stream carries
//! what in every format (stdout the report only, stderr the run's diagnostics) and the exit
//! codes, directly.

use std::process::Command;

fn run(args: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args.split_whitespace())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_cases() {
    insta::glob!("cli/*/cmd", |path| {
        let args = std::fs::read_to_string(path).expect("cmd file");
        let (code, stdout, stderr) = run(args.trim());
        insta::assert_snapshot!(format!(
            "$ claimcheck {}\nexit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
            args.trim()
        ));
    });
}

#[test]
fn exit_codes() {
    assert_eq!(
        run("check tests/cli/bad_rule/broken.claims --no-default-rules").0,
        2
    );
    assert_eq!(
        run("check tests/cli/missing_path/nothing-here.txt --no-default-rules").0,
        2
    );
    assert_eq!(run("check seeds/ --format xml").0, 2);
    assert_eq!(
        run("check tests/suites/contradictions/negation --no-default-rules").0,
        1
    );
    assert_eq!(
        run("check tests/suites/contradictions/negation --no-default-rules --fail-on never").0,
        0
    );
    assert_eq!(
        run("check tests/suites/contradictions/not_different_scope --no-default-rules").0,
        0
    );
    // A warning-level contradiction fails only from `--fail-on warning` down.
    assert_eq!(
        run("check tests/suites/contradictions/reversal --no-default-rules").0,
        0
    );
    assert_eq!(
        run("check tests/suites/contradictions/reversal --no-default-rules --fail-on warning").0,
        1
    );
}

#[test]
fn output_is_identical_across_runs() {
    let a = run("check seeds/ --format json");
    let b = run("check seeds/ --format json");
    assert_eq!(a, b);
    let a = run("check seeds/");
    let b = run("check seeds/");
    assert_eq!(a, b);
}

/// The lines of stderr: one per run diagnostic, `level: file:line:column: message [code]`.
fn stderr_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().collect()
}

const MIXED: &str = "check tests/cli/mixed_folder/in --no-default-rules";
const MIXED_ERRORS: [&str; 2] = [
    "error: tests/cli/mixed_folder/in/bad.yaml:1:14: invalid statement file: statements[0]: \
     missing field `speaker` [claimcheck::statements::invalid]",
    "error: tests/cli/mixed_folder/in/latin1.txt:1:4: `tests/cli/mixed_folder/in/latin1.txt` \
     is not UTF-8 text [claimcheck::load::not_utf8]",
];

#[test]
fn stdout_holds_the_report_and_stderr_the_run_diagnostics_in_every_format() {
    // Captured streams are not a terminal, so every format copies the diagnostics to stderr.
    for format in ["text", "json", "yaml"] {
        let (code, stdout, stderr) = run(&format!("{MIXED} --format {format}"));
        assert_eq!(code, 2, "--format {format}: bad files give exit code 2");
        assert_eq!(stderr_lines(&stderr), MIXED_ERRORS, "--format {format}");
        // The report is complete on stdout: the good files' contradiction and the bad files.
        match format {
            "text" => {
                assert!(stdout.contains("c1 negation contradiction"));
                assert!(stdout.contains("claimcheck::load::not_utf8"));
                assert!(stdout.contains("2 files with errors"));
                assert!(
                    !stdout.contains("error: tests/"),
                    "no stderr line on stdout"
                );
            }
            "json" => {
                let report: serde_json::Value =
                    serde_json::from_str(&stdout).expect("stdout is only the JSON report");
                assert_eq!(report["errors"].as_array().map(Vec::len), Some(2));
                assert_eq!(report["contradictions"].as_array().map(Vec::len), Some(1));
            }
            _ => {
                assert!(stdout.starts_with("schema: claimcheck.report/1\n"));
                assert!(stdout.contains("\nerrors:\n- code: claimcheck::statements::invalid\n"));
                assert!(
                    !stdout.contains("error: tests/"),
                    "no stderr line on stdout"
                );
            }
        }
    }
}

#[test]
fn a_clean_run_prints_nothing_on_stderr() {
    let clean = "check tests/cli/mixed_folder/in/rules.claims tests/cli/mixed_folder/in/doc.txt \
                 --no-default-rules";
    for format in ["text", "json", "yaml"] {
        let (code, stdout, stderr) = run(&format!("{clean} --format {format}"));
        assert_eq!(
            code, 1,
            "--format {format}: a contradiction gives exit code 1"
        );
        assert_eq!(stderr, "", "--format {format}");
        assert!(!stdout.is_empty());
    }
    let (code, _, stderr) = run(&format!("{clean} --fail-on never"));
    assert_eq!((code, stderr.as_str()), (0, ""));
}

#[test]
fn limits_hit_are_warned_on_stderr_in_every_format() {
    let warning = "warning: facts limit of 8 reached; the report shows what was found before it";
    for format in ["text", "json", "yaml"] {
        let (code, stdout, stderr) = run(&format!(
            "check tests/cli/limit_facts --no-default-rules --max-facts 8 --format {format}"
        ));
        assert_eq!(code, 0, "--format {format}: a limit is not an input error");
        assert_eq!(stderr_lines(&stderr), [warning], "--format {format}");
        assert!(
            stdout.contains("facts limit of 8 reached"),
            "--format {format}"
        );
    }
}

#[test]
fn extract_prints_statements_on_stdout_and_diagnostics_on_stderr() {
    let (code, stdout, stderr) = run("extract tests/cli/mixed_folder/in --no-default-rules");
    assert_eq!(code, 2);
    assert_eq!(stderr_lines(&stderr), MIXED_ERRORS);
    assert!(!stdout.contains("error: "), "no stderr line on stdout");
}

#[test]
fn usage_errors_go_to_stderr_with_exit_code_2() {
    let (code, stdout, stderr) = run("check seeds/ --format xml");
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains("invalid value 'xml'"), "{stderr}");
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    // A run long enough for a progress bar on a terminal: 250 documents.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_many_documents");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    for i in 0..250 {
        std::fs::write(
            dir.join(format!("doc{i:03}.txt")),
            "Nothing happened today.\n",
        )
        .expect("write a document");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", ".", "--no-default-rules", "--format", "json"])
        .current_dir(&dir)
        .env_remove("CI")
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("stdout is only the JSON report");
    assert_eq!(report["summary"]["documents"], 250);
}
