//! Nothing lost: a run over a folder where some files are bad still checks and reports every
//! good file, and names every bad one in `errors[]` and `summary.failed_files`.
//!
//! The folder is built at test time (it holds a binary file and a file that is not UTF-8) under
//! `CARGO_TARGET_TMPDIR`, and the binary runs on it with relative paths, as a user would.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn run(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "`{}` panicked:\n{stderr}",
        args.join(" ")
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("nothing_lost")
        .join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clear the scratch folder");
    }
    std::fs::create_dir_all(&dir).expect("create the scratch folder");
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create a folder");
    }
    std::fs::write(path, bytes).expect("write an input");
}

const RULES: &str = "type actor\ntype state: actor\ntype person: actor\n\
    entity russia: state \"Russia\"\nentity north_korea: state \"North Korea\"\n\
    entity us: state \"United States\"\n\
    entity putin: person \"Vladimir Putin\" speaks_for russia\n\
    predicate agreement(a: state, b: state) symmetric\n\
    predicate raining(s: state)\n\
    document a = \"a.txt\"\n\
    document b = \"sub/b.txt\"\n\
    claim in a at \"an arms deal has been agreed\": us asserts agreement(russia, north_korea)\n\
    claim in b at \"Putin denied that any such agreement was made\":\n\
    \x20   putin denies agreement(russia, north_korea)\n\
    claim in b at \"It rained in Moscow\": author asserts raining(russia)\n";

/// The good files and what each must contribute to the report.
const GOOD_DOCS: [&str; 4] = ["a.txt", "c.md", "sub/b.txt", "sub/deeper/d.txt"];
const BAD_FILES: [&str; 7] = [
    "binary.txt",
    "broken.yaml",
    "empty.txt",
    "latin1.txt",
    "mixed.yaml",
    "sub/bad_front_matter.md",
    "sub/wrong_types.json",
];

/// A folder an analyst might have: good documents, rules and statements, and next to them a
/// binary file, Latin-1 text, an empty file, a broken statement file, a statement file with one
/// bad entry among good ones, bad front matter, and a stray PDF (not a kind claimcheck reads,
/// skipped when walking a folder).
fn mixed_folder(name: &str) -> PathBuf {
    let dir = scratch(name);
    write(&dir, "rules.claims", RULES);
    write(
        &dir,
        "a.txt",
        "US officials say an arms deal has been agreed.\n",
    );
    write(
        &dir,
        "sub/b.txt",
        "Putin denied that any such agreement was made. It rained in Moscow.\n",
    );
    write(
        &dir,
        "c.md",
        "---\ntitle: Weather\ndate: 2023-09-13\n---\nIt did not rain in Moscow.\n",
    );
    write(
        &dir,
        "sub/deeper/d.txt",
        "Russia signed no agreement with North Korea.\n",
    );
    write(
        &dir,
        "statements.yaml",
        "statements:\n  - document: c.md\n    quote: It did not rain in Moscow\n    \
         speaker: author\n    stance: negates\n    proposition: raining(russia)\n",
    );
    // One good entry (kept) and one with a misspelt entity (reported).
    write(
        &dir,
        "mixed.yaml",
        "statements:\n  - document: sub/deeper/d.txt\n    \
         quote: Russia signed no agreement with North Korea\n    speaker: author\n    \
         stance: negates\n    proposition: agreement(north_korea, russia)\n  \
         - document: sub/deeper/d.txt\n    quote: Russia signed\n    speaker: author\n    \
         proposition: agreement(rusia, north_korea)\n",
    );
    write(&dir, "binary.txt", b"Putin met Kim.\x00\x00\x01\x02");
    write(&dir, "latin1.txt", b"Poutine a rencontr\xe9 Kim.\n");
    write(&dir, "empty.txt", "");
    write(&dir, "broken.yaml", "statements: [\n  {document: a.txt,\n");
    write(
        &dir,
        "sub/wrong_types.json",
        "{\"statements\": [{\"document\": 3, \"quote\": true}]}\n",
    );
    write(
        &dir,
        "sub/bad_front_matter.md",
        "---\ntitle: [unclosed\n---\nRussia bought shells.\n",
    );
    write(&dir, "notes.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
    dir
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_good_file_is_checked_and_every_bad_one_named() {
    let dir = mixed_folder("every_good_file");
    let (code, stdout, stderr) = run(
        &dir,
        &["check", ".", "--no-default-rules", "--format", "json"],
    );
    assert_eq!(code, 2, "bad files make the exit code 2\n{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("a JSON report");

    // Every good document is in the report, whatever else in the folder is broken. The empty
    // document and the one with bad front matter are kept too (and reported).
    let documents: BTreeSet<String> = report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["path"].as_str().map(str::to_string))
        .collect();
    for doc in GOOD_DOCS {
        assert!(
            documents.contains(doc),
            "document `{doc}` is missing: {documents:?}"
        );
    }
    for unreadable in ["binary.txt", "latin1.txt"] {
        assert!(
            !documents.contains(unreadable),
            "`{unreadable}` cannot be a document"
        );
    }

    // Every good statement: two claims in the rule file, one from `statements.yaml`, and the
    // good entry of `mixed.yaml`.
    let quotes: BTreeSet<String> = report["statements"]
        .as_array()
        .expect("statements")
        .iter()
        .filter_map(|s| s["quote"].as_str().map(str::to_string))
        .collect();
    for quote in [
        "an arms deal has been agreed",
        "Putin denied that any such agreement was made",
        "It rained in Moscow",
        "It did not rain in Moscow",
        "Russia signed no agreement with North Korea",
    ] {
        assert!(
            quotes.contains(quote),
            "statement `{quote}` is missing: {quotes:?}"
        );
    }

    // Contradictions across good files: the denial (a.txt vs sub/b.txt), the weather (sub/b.txt
    // vs statements.yaml on c.md), and the negation from mixed.yaml's good entry.
    let kinds: Vec<String> = report["contradictions"]
        .as_array()
        .expect("contradictions")
        .iter()
        .filter_map(|c| c["kind"].as_str().map(str::to_string))
        .collect();
    assert!(
        kinds.iter().filter(|k| *k == "denial").count() >= 1,
        "{kinds:?}"
    );
    assert!(
        kinds.iter().filter(|k| *k == "negation").count() >= 2,
        "{kinds:?}"
    );

    // Every bad file is named in errors[] and in the summary, and only those.
    let failed: BTreeSet<String> = strings(&report["summary"]["failed_files"])
        .into_iter()
        .collect();
    let expected: BTreeSet<String> = BAD_FILES.iter().map(|f| f.to_string()).collect();
    assert_eq!(failed, expected);
    let error_files: BTreeSet<String> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["file"].as_str().map(str::to_string))
        .collect();
    assert_eq!(error_files, expected);
    // ... and on stderr, one line each, with a position.
    for bad in BAD_FILES {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&format!("error: {bad}:"))),
            "`{bad}` is not on stderr:\n{stderr}"
        );
    }
    assert_eq!(
        report["summary"]["documents"],
        GOOD_DOCS.len() + 2,
        "the empty document and the one with bad front matter are kept"
    );

    // The text report says the same, in words.
    let (code, text, _) = run(&dir, &["check", ".", "--no-default-rules"]);
    assert_eq!(code, 2);
    for bad in BAD_FILES {
        assert!(text.contains(bad), "text output does not name `{bad}`");
    }
    assert!(text.contains("7 files with errors"), "{text}");
    assert!(text.contains("denial contradiction"), "{text}");

    insta::assert_snapshot!(
        "mixed_folder_json",
        format!("exit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}")
    );
}

/// A broken rule file stops evaluation (nothing is derived from a program with errors), but
/// the run still reads and lists every document and statement file, and names the bad file.
#[test]
fn a_broken_rule_file_is_named_and_the_documents_still_listed() {
    let dir = mixed_folder("broken_rule_file");
    write(
        &dir,
        "zz_broken.claims",
        "type state\nentity moscow: stat \"Moscow\"\n",
    );
    let (code, stdout, _) = run(
        &dir,
        &["check", ".", "--no-default-rules", "--format", "json"],
    );
    assert_eq!(code, 2);
    let report: Value = serde_json::from_str(&stdout).expect("a JSON report");
    let failed = strings(&report["summary"]["failed_files"]);
    assert!(
        failed.contains(&"zz_broken.claims".to_string()),
        "{failed:?}"
    );
    for bad in BAD_FILES {
        assert!(
            failed.contains(&bad.to_string()),
            "`{bad}` is not in {failed:?}"
        );
    }
    let documents: Vec<String> = report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["path"].as_str().map(str::to_string))
        .collect();
    for doc in GOOD_DOCS {
        assert!(
            documents.contains(&doc.to_string()),
            "`{doc}` missing: {documents:?}"
        );
    }
    assert_eq!(report["contradictions"].as_array().map(Vec::len), Some(0));
}

/// Naming a good file and a missing one on the command line checks the good one.
#[test]
fn a_missing_path_does_not_hide_the_others() {
    let dir = mixed_folder("missing_path");
    let (code, stdout, stderr) = run(
        &dir,
        &[
            "check",
            "no-such-folder",
            "rules.claims",
            "a.txt",
            "sub",
            "--no-default-rules",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 2);
    let report: Value = serde_json::from_str(&stdout).expect("a JSON report");
    assert!(stderr.contains("no-such-folder"), "{stderr}");
    assert_eq!(
        report["summary"]["contradictions"], 1,
        "the denial between a.txt and sub/b.txt"
    );
    let failed = strings(&report["summary"]["failed_files"]);
    assert!(failed.contains(&"no-such-folder".to_string()), "{failed:?}");
}
