//! The bad-input corpus: every malformed rule file, statement file and document gets a clear
//! diagnostic with a file, a line, a column and a stable code, exit code 2, and no panic.
//!
//! Each entry of `tests/bad_input/` is one case: a file, or a folder of files. The binary runs
//! on it from the crate root as `claimcheck check <case> --no-default-rules`, or with the
//! arguments in the folder's `cmd` file when it has one (`claimcheck test` for the `expect.yaml`
//! cases, run with `CI=true` so that no snapshot is written into the corpus). The snapshot holds the exit code,
//! stdout and stderr exactly as a user sees them (no colour), then the report's `errors[]` from
//! a second run with `--format json`. The important semantics are asserted directly as well,
//! so accepting a snapshot cannot bless a crash or a diagnostic without a position.
//!
//! Inputs too large or too odd to commit (a file over the size cap, expressions nested 100,000
//! deep, a symbolic link loop) are generated at test time under `CARGO_TARGET_TMPDIR` and run
//! from there with relative paths, so their snapshots hold no machine-specific paths either.

use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest a single run may take before it counts as a hang.
const HANG: Duration = Duration::from_secs(60);

/// What one run of the binary printed.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `cwd` without colour, failing the test if it does not finish in time.
fn run_in(cwd: &Path, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_claimcheck"));
    command.args(args).current_dir(cwd).env("NO_COLOR", "1");
    // `claimcheck test` writes no snapshot into the corpus under CI; `check` ignores it.
    if args.first() == Some(&"test") {
        command.env("CI", "true");
    } else {
        command.env_remove("CI");
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Both pipes are drained on their own threads so that a large output cannot block it.
    let mut out = child.stdout.take().expect("stdout is piped");
    let mut err = child.stderr.take().expect("stderr is piped");
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the binary") {
            break status;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`claimcheck {}` did not finish within {HANG:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.join().expect("stdout reader")).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().expect("stderr reader")).into_owned(),
    }
}

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The arguments of a case: its `cmd` file, or the default command on its path.
fn case_args(case: &Path) -> Vec<String> {
    let cmd = case.join("cmd");
    if cmd.is_file() {
        let text = std::fs::read_to_string(&cmd).expect("cmd file");
        return text.split_whitespace().map(str::to_string).collect();
    }
    let rel = case
        .strip_prefix(crate_root())
        .expect("cases live in the crate");
    vec![
        "check".into(),
        rel.to_string_lossy().replace('\\', "/"),
        "--no-default-rules".into(),
    ]
}

/// Runs a case twice (text, then JSON), checks what every bad input must satisfy, and returns
/// the snapshot text.
fn check_bad_input(cwd: &Path, args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let shown = args.join(" ");
    let text = run_in(cwd, &args);
    assert_no_panic(&shown, &text);
    assert_eq!(
        text.code, 2,
        "`claimcheck {shown}` should exit with 2\n{}{}",
        text.stdout, text.stderr
    );
    let mut snapshot = format!(
        "$ claimcheck {shown}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        text.code, text.stdout, text.stderr
    );
    if args.first() != Some(&"check") {
        // Other commands have no JSON report: their text names the file, line, column and
        // code of every problem, as `file:line:column: message [code]`.
        let all = format!("{}{}", text.stdout, text.stderr);
        assert!(
            all.lines().any(has_located_code),
            "`{shown}`: no `file:line:column: … [claimcheck::…]` line in\n{all}"
        );
    } else {
        let mut json_args = args.clone();
        json_args.extend(["--format", "json"]);
        let json = run_in(cwd, &json_args);
        assert_no_panic(&shown, &json);
        assert_eq!(json.code, 2, "`claimcheck {shown} --format json` exit code");
        let report: Value = serde_json::from_str(&json.stdout).unwrap_or_else(|e| {
            panic!("`{shown} --format json` prints JSON: {e}\n{}", json.stdout)
        });
        let errors = report["errors"].as_array().expect("errors[] is a list");
        assert!(!errors.is_empty(), "`{shown}`: errors[] is empty");
        assert!(
            errors.iter().any(|e| e["level"] == "error"),
            "`{shown}`: no error-level entry in errors[]"
        );
        let failed = report["summary"]["failed_files"]
            .as_array()
            .expect("summary.failed_files is a list");
        assert!(
            !failed.is_empty(),
            "`{shown}`: summary.failed_files is empty"
        );
        snapshot.push_str("--- errors[] (--format json)\n");
        for e in errors {
            let (file, line, column, code) = (
                e["file"].as_str().unwrap_or_default(),
                e["line"].as_u64().unwrap_or(0),
                e["column"].as_u64().unwrap_or(0),
                e["code"].as_str().unwrap_or_default(),
            );
            assert!(!file.is_empty(), "`{shown}`: an error without a file: {e}");
            assert!(
                line >= 1 && column >= 1,
                "`{shown}`: an error without a position: {e}"
            );
            assert!(
                code.starts_with("claimcheck::"),
                "`{shown}`: an error without a stable code: {e}"
            );
            // The text output shows every error, with its code and where it is.
            assert!(
                text.stdout.contains(code),
                "`{shown}`: the text output does not show `{code}`"
            );
            assert!(
                text.stdout.contains(&format!("{file}:{line}:{column}")),
                "`{shown}`: the text output does not show `{file}:{line}:{column}`"
            );
            // The same problem goes to stderr for people reading machine output.
            assert!(
                json.stderr.contains(&format!("{file}:{line}:{column}")),
                "`{shown}`: stderr does not name `{file}:{line}:{column}`"
            );
            snapshot.push_str(&format!(
                "{} {file}:{line}:{column} {code}\n",
                e["level"].as_str().unwrap_or_default()
            ));
        }
        snapshot.push_str(&format!(
            "failed_files: {}\n",
            failed
                .iter()
                .map(|f| f.as_str().unwrap_or_default())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    snapshot
}

/// Whether a line reads `…file:line:column: message [claimcheck::…]`.
fn has_located_code(line: &str) -> bool {
    let Some(code_at) = line.find("[claimcheck::") else {
        return false;
    };
    let before = line.get(..code_at).unwrap_or_default();
    before.split(": ").any(|part| {
        let mut pieces = part.rsplit(':');
        let column = pieces.next().unwrap_or_default();
        let line_no = pieces.next().unwrap_or_default();
        let file = pieces.next().unwrap_or_default();
        !file.is_empty()
            && !line_no.is_empty()
            && !column.is_empty()
            && line_no.bytes().all(|b| b.is_ascii_digit())
            && column.bytes().all(|b| b.is_ascii_digit())
    })
}

fn assert_no_panic(shown: &str, run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "`claimcheck {shown}` panicked:\n{}",
        run.stderr
    );
}

fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("bad_input/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

#[test]
fn corpus() {
    snapshot_settings().bind(|| {
        insta::glob!("bad_input/*", |case| {
            if case.file_name().is_some_and(|n| n == "snapshots") {
                return;
            }
            let snapshot = check_bad_input(crate_root(), &case_args(case));
            insta::assert_snapshot!(snapshot);
        });
    });
}

// ---------------------------------------------------------------------------------------------
// Generated cases.

/// A fresh, empty folder for one generated case.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("bad_input")
        .join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clear the scratch folder");
    }
    std::fs::create_dir_all(&dir).expect("create the scratch folder");
    dir
}

/// Runs a generated case from its scratch folder and snapshots it under `name`.
fn generated(name: &str, dir: &Path, args: &[&str]) {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let snapshot = check_bad_input(dir, &args);
    snapshot_settings().bind(|| {
        insta::assert_snapshot!(name, snapshot);
    });
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).expect("write a generated input");
}

const SMALL_WORLD: &str = "type actor\ntype state: actor\ntype person: actor\n\
    entity russia: state \"Russia\"\nentity north_korea: state \"North Korea\"\n\
    entity putin: person \"Vladimir Putin\" speaks_for russia\n\
    predicate agreement(a: state, b: state) symmetric\n";

#[test]
fn document_over_the_size_cap() {
    let dir = scratch("document_over_the_size_cap");
    let size = claimcheck::load::DEFAULT_MAX_FILE_SIZE + 1;
    let line = "Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome.\n";
    let text: String = line.repeat(size / line.len() + 1);
    write(dir.as_path(), "huge.txt", &text.as_bytes()[..size]);
    generated(
        "document_over_the_size_cap",
        &dir,
        &["check", "huge.txt", "--no-default-rules"],
    );
}

#[test]
fn rule_file_over_the_parser_cap() {
    // Under the loader's cap, over the parser's: the parser refuses it.
    let dir = scratch("rule_file_over_the_parser_cap");
    let size = claimcheck::syntax::MAX_FILE_BYTES + 1;
    let item = "type actor\n";
    let text = item.repeat(size / item.len() + 1);
    write(dir.as_path(), "huge.claims", &text.as_bytes()[..size]);
    generated(
        "rule_file_over_the_parser_cap",
        &dir,
        &["check", "huge.claims", "--no-default-rules"],
    );
}

const DEEP: usize = 100_000;

#[test]
fn rule_body_nested_100000_deep() {
    let dir = scratch("rule_body_nested_deep");
    let text = format!(
        "type node\npredicate p(x: node)\nrule r: p(X) :- {}p(X){}.\n",
        "(".repeat(DEEP),
        ")".repeat(DEEP)
    );
    write(dir.as_path(), "deep.claims", text);
    generated(
        "rule_body_nested_100000_deep",
        &dir,
        &["check", "deep.claims", "--no-default-rules"],
    );
}

#[test]
fn atoms_nested_100000_deep() {
    let dir = scratch("atoms_nested_deep");
    let text = format!(
        "type node\npredicate p(x: node)\nrule r: p(X) :- {}X{}.\n",
        "p(".repeat(DEEP),
        ")".repeat(DEEP)
    );
    write(dir.as_path(), "deep.claims", text);
    generated(
        "atoms_nested_100000_deep",
        &dir,
        &["check", "deep.claims", "--no-default-rules"],
    );
}

#[test]
fn pattern_groups_nested_100000_deep() {
    // The only place the grammar nests: extraction pattern groups.
    let dir = scratch("pattern_groups_nested_deep");
    let text = format!(
        "type state\npredicate buys(a: state)\npattern deep:\n    {{a: state}} {}buys{} => buys(a)\n",
        "(".repeat(DEEP),
        ")".repeat(DEEP)
    );
    write(dir.as_path(), "deep.claims", text);
    generated(
        "pattern_groups_nested_100000_deep",
        &dir,
        &["check", "deep.claims", "--no-default-rules"],
    );
}

#[test]
fn proposition_in_a_statement_file_nested_100000_deep() {
    // Over the embedded-proposition cap (64 KiB), so refused before parsing.
    let dir = scratch("proposition_nested_deep");
    write(dir.as_path(), "rules.claims", SMALL_WORLD);
    write(
        dir.as_path(),
        "doc.txt",
        "Putin denied that any such agreement was made.\n",
    );
    let text = format!(
        "statements:\n  - document: doc.txt\n    quote: Putin denied\n    speaker: putin\n    \
         proposition: {}russia{}\n",
        "agreement(".repeat(DEEP),
        ")".repeat(DEEP)
    );
    write(dir.as_path(), "statements.yaml", text);
    generated(
        "proposition_nested_100000_deep",
        &dir,
        &["check", ".", "--no-default-rules"],
    );
}

#[test]
fn yaml_flow_nested_100000_deep() {
    let dir = scratch("yaml_flow_nested_deep");
    write(dir.as_path(), "rules.claims", SMALL_WORLD);
    let text = format!("statements: {}{}\n", "[".repeat(DEEP), "]".repeat(DEEP));
    write(dir.as_path(), "statements.yaml", text);
    generated(
        "yaml_flow_nested_100000_deep",
        &dir,
        &["check", ".", "--no-default-rules"],
    );
}

#[test]
fn yaml_block_nested_100000_deep() {
    let dir = scratch("yaml_block_nested_deep");
    write(dir.as_path(), "rules.claims", SMALL_WORLD);
    let text = format!("statements:\n{}x\n", "- ".repeat(DEEP));
    write(dir.as_path(), "statements.yaml", text);
    generated(
        "yaml_block_nested_100000_deep",
        &dir,
        &["check", ".", "--no-default-rules"],
    );
}

#[test]
fn json_nested_100000_deep() {
    let dir = scratch("json_nested_deep");
    write(dir.as_path(), "rules.claims", SMALL_WORLD);
    let text = format!(
        "{{\"statements\": [{}{}]}}\n",
        "{\"a\": ".repeat(DEEP),
        "}".repeat(DEEP)
    );
    write(dir.as_path(), "statements.json", text);
    generated(
        "json_nested_100000_deep",
        &dir,
        &["check", ".", "--no-default-rules"],
    );
}

#[test]
fn front_matter_nested_100000_deep() {
    let dir = scratch("front_matter_nested_deep");
    let text = format!(
        "---\ntitle: {}{}\n---\nKim met Putin.\n",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    );
    write(dir.as_path(), "deep.md", text);
    generated(
        "front_matter_nested_100000_deep",
        &dir,
        &["check", "deep.md", "--no-default-rules"],
    );
}

#[cfg(unix)]
#[test]
fn folder_with_a_symlink_loop() {
    let dir = scratch("symlink_loop");
    std::fs::create_dir_all(dir.join("corpus/inner")).expect("create folders");
    write(&dir.join("corpus"), "rules.claims", SMALL_WORLD);
    write(
        &dir.join("corpus/inner"),
        "doc.txt",
        "Putin denied that any such agreement was made.\n",
    );
    // `inner/back` leads to `corpus` again, and `self.txt` to itself.
    std::os::unix::fs::symlink("..", dir.join("corpus/inner/back")).expect("symlink");
    std::os::unix::fs::symlink("self.txt", dir.join("corpus/self.txt")).expect("symlink");
    generated(
        "folder_with_a_symlink_loop",
        &dir,
        &["check", "corpus", "--no-default-rules"],
    );
    // The good files in the folder are still read and reported.
    let run = run_in(
        &dir,
        &["check", "corpus", "--no-default-rules", "--format", "json"],
    );
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let docs: Vec<&str> = report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert_eq!(docs, ["corpus/inner/doc.txt"]);
}

// ---------------------------------------------------------------------------------------------
// Limits. A limit that is hit stops the run cleanly; the report says which limit, still
// shows what was found before it, and the exit code is that of the contradictions found.

/// A chain of `n` nodes with reachability, and a contradiction in a document that needs no
/// rule (so it is found whatever limit stops the rules).
fn chain_rules(n: usize) -> String {
    let mut rules = String::from(
        "type node\ntype actor\nentity a: actor \"A\"\nentity b: actor \"B\"\n\
         predicate edge(a: node, b: node)\npredicate reach(a: node, b: node)\n\
         predicate raining(x: actor)\ndocument doc = \"doc.txt\"\n\
         claim in doc at \"It is raining\": a asserts raining(b)\n\
         claim in doc at \"It is not raining\": b asserts not raining(b)\n\
         rule base: reach(A, B) :- edge(A, B).\n\
         rule step: reach(A, C) :- reach(A, B), edge(B, C).\n",
    );
    for i in 0..n {
        rules.push_str(&format!("entity n{i}: node\n"));
    }
    for i in 1..n {
        rules.push_str(&format!("reference edge(n{}, n{i}) cite \"test\"\n", i - 1));
    }
    rules
}

/// Runs a limit case in text and JSON, checks the limit is named in the summary, on stderr
/// and in the text, that the document's contradiction is still reported, and snapshots the
/// text run.
fn limit_case(name: &str, rules: &str, flags: &[&str], limit_words: &str) {
    let dir = scratch(name);
    write(dir.as_path(), "rules.claims", rules);
    write(
        dir.as_path(),
        "doc.txt",
        "A: It is raining. B: It is not raining.\n",
    );
    let mut args = vec!["check", ".", "--no-default-rules"];
    args.extend(flags);
    let shown = args.join(" ");
    let text = run_in(&dir, &args);
    assert_no_panic(&shown, &text);
    assert_eq!(
        text.code, 1,
        "`{shown}`: the contradiction found sets the exit code"
    );
    assert!(
        text.stdout.contains(limit_words),
        "`{shown}`: {}",
        text.stdout
    );
    args.extend(["--format", "json"]);
    let json = run_in(&dir, &args);
    assert_no_panic(&shown, &json);
    let report: Value = serde_json::from_str(&json.stdout).expect("JSON report");
    let hit = report["summary"]["limits_hit"]
        .as_array()
        .expect("limits_hit");
    assert_eq!(hit.len(), 1, "`{shown}`: {hit:?}");
    assert!(
        hit[0].as_str().unwrap_or_default().starts_with(limit_words),
        "{hit:?}"
    );
    assert!(
        json.stderr.contains(limit_words),
        "`{shown}`: stderr: {}",
        json.stderr
    );
    assert!(
        report["contradictions"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["kind"] == "negation")),
        "`{shown}`: what was found before the limit is reported"
    );
    snapshot_settings().bind(|| {
        insta::assert_snapshot!(
            name,
            format!(
                "$ claimcheck {shown}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
                text.code, text.stdout, text.stderr
            )
        );
    });
}

#[test]
fn limit_on_facts() {
    limit_case(
        "limit_on_facts",
        &chain_rules(12),
        &["--max-facts", "20"],
        "facts limit of 20 reached",
    );
}

#[test]
fn limit_on_iterations() {
    limit_case(
        "limit_on_iterations",
        &chain_rules(30),
        &["--max-iterations", "3"],
        "iterations limit of 3 reached",
    );
}

/// Five nodes, each linked to every other: each of the 25 `reach` facts (a node reaches
/// itself through any other) has more than two derivations, so a cap of two per fact is
/// reached for all of them; the run finishes and says so.
#[test]
fn limit_on_derivations() {
    let mut rules = chain_rules(0);
    for i in 0..5 {
        rules.push_str(&format!("entity n{i}: node\n"));
    }
    for i in 0..5 {
        for j in 0..5 {
            if i != j {
                rules.push_str(&format!("reference edge(n{i}, n{j}) cite \"test\"\n"));
            }
        }
    }
    limit_case(
        "limit_on_derivations",
        &rules,
        &["--max-derivations", "2"],
        "derivations limit of 2 per fact reached for 25 facts",
    );
}

/// Every triple over 200 nodes: eight million facts, more than any limit allows.
fn exploding_rules() -> String {
    let mut rules = chain_rules(0);
    rules.push_str("predicate triple(a: node, b: node, c: node)\npredicate node(a: node)\n");
    for i in 0..200 {
        rules.push_str(&format!(
            "entity m{i}: node\nreference node(m{i}) cite \"test\"\n"
        ));
    }
    rules.push_str("rule triples: triple(A, B, C) :- node(A), node(B), node(C).\n");
    rules
}

#[test]
fn limit_on_time() {
    let started = Instant::now();
    limit_case(
        "limit_on_time",
        &exploding_rules(),
        &["--timeout", "0.2"],
        "time limit of 0.2 s reached",
    );
    // Two runs of the binary, each stopped at 0.2 s of evaluation.
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn limit_on_contradictions() {
    // Six more contradictions besides the document's own, about nodes of the chain.
    let mut rules = chain_rules(6);
    for i in 0..6 {
        rules.push_str(&format!(
            "claim in doc at \"It is raining\": a asserts edge(n{i}, n{i})\n\
             claim in doc at \"It is not raining\": b asserts not edge(n{i}, n{i})\n"
        ));
    }
    limit_case(
        "limit_on_contradictions",
        &rules,
        &["--max-contradictions", "3"],
        "contradictions limit of 3 reached",
    );
}

/// A rule set that would derive for a very long time stops at the default facts limit
/// lowered here to keep the test fast; nothing but the limit stops it.
#[test]
fn exploding_rules_stop_at_the_facts_limit() {
    limit_case(
        "exploding_rules_stop_at_a_limit",
        &exploding_rules(),
        &["--max-facts", "50000"],
        "facts limit of 50000 reached",
    );
}

/// A named pipe among the documents would block a read forever; it is reported instead.
#[cfg(unix)]
#[test]
fn named_pipe_in_a_folder() {
    let dir = scratch("named_pipe");
    write(dir.as_path(), "doc.txt", "Kim met Putin.\n");
    let made = Command::new("mkfifo")
        .arg(dir.join("pipe.txt"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        // No `mkfifo` on this system: nothing to test.
        return;
    }
    generated(
        "named_pipe_in_a_folder",
        &dir,
        &["check", ".", "--no-default-rules"],
    );
}

/// The errors of a case's JSON report, as `(line, column, code)`.
fn error_positions(case: &str) -> Vec<(u64, u64, String)> {
    let run = run_in(
        crate_root(),
        &["check", case, "--no-default-rules", "--format", "json"],
    );
    assert_eq!(run.code, 2, "`{case}` exit code");
    let report: Value = serde_json::from_str(&run.stdout).expect("a JSON report");
    report["errors"]
        .as_array()
        .expect("errors[] is a list")
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap_or(0),
                e["column"].as_u64().unwrap_or(0),
                e["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn one_mistake_one_diagnostic() {
    // An unknown type (or a type cycle) is reported where it is written, and not again at
    // each use of what was declared with it: entities, subtypes, roles, parameters in rules,
    // comparisons, constraints, references and patterns.
    let unknown = || "claimcheck::resolve::unknown_type".to_string();
    assert_eq!(
        error_positions("tests/bad_input/resolve_unknown_type_reported_once.claims"),
        [(5, 12, unknown()), (6, 16, unknown()), (8, 37, unknown())]
    );
    assert_eq!(
        error_positions("tests/bad_input/resolve_cascades_reported_once.claims"),
        [
            (5, 1, "claimcheck::resolve::type_cycle".to_string()),
            (12, 14, unknown()),
            (14, 26, unknown())
        ]
    );
}
