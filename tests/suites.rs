//! The project's own regression suites, run through the library's suite runner exactly as
//! `claimcheck test tests/suites/*` runs them: every folder under `tests/suites/` is a suite
//! (the per-kind and must-not-flag cases in `contradictions/`, the seed article in `seed/`).
//!
//! Under `CI=true` nothing is written and a missing snapshot fails. Elsewhere a changed
//! snapshot is left beside the old one as `report.snap.new` (as insta does), and
//! `INSTA_UPDATE=always cargo test --test suites` accepts every new snapshot, like insta's own
//! tests; `cargo run -- test tests/suites/* --review` asks case by case.

use claimcheck::suite::{self, RunOptions, WriteMode};

fn write_mode() -> WriteMode {
    if suite::is_ci() {
        return WriteMode::Never;
    }
    match std::env::var("INSTA_UPDATE").ok().as_deref() {
        Some("always") => WriteMode::Accept,
        Some("no") => WriteMode::Never,
        _ => WriteMode::Pending,
    }
}

fn our_suites() -> Vec<String> {
    let root = "tests/suites";
    let mut suites: Vec<String> = std::fs::read_dir(root)
        .expect("tests/suites exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| format!("{root}/{}", e.file_name().to_string_lossy()))
        .collect();
    suites.sort();
    suites
}

#[test]
fn project_suites_pass() {
    let suites = our_suites();
    assert!(suites.len() >= 2, "{suites:?}");
    let run = suite::run(&RunOptions {
        suites,
        write: write_mode(),
        ..RunOptions::default()
    });
    let text = suite::render::render_run(&run, false);
    assert_eq!(run.exit_code(), 0, "\n{text}");
    // Every case holds expectations, not just a snapshot.
    for case in run.cases() {
        let expect = std::path::Path::new(&case.path).join("expect.yaml");
        assert!(expect.is_file(), "{} has no expect.yaml", case.name);
    }
    let names: Vec<&str> = run.cases().map(|c| c.name.as_str()).collect();
    for kind in [
        "negation",
        "denial",
        "exclusive",
        "derived",
        "functional",
        "numeric",
        "date",
        "structural",
        "role",
        "reversal",
        "reference",
    ] {
        assert!(
            names.contains(&format!("contradictions/{kind}").as_str()),
            "no case for {kind}: {names:?}"
        );
    }
}
