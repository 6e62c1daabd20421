//! The command line end to end: each folder under `tests/cli/` holds a `cmd` file (the
//! arguments, run from the crate root) and whatever inputs it names. The snapshot is the exit
//! code, stdout and stderr, without colour.

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
