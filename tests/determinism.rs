//! Determinism: the same input gives byte-identical text, JSON and YAML output across runs
//! and across thread counts (`RAYON_NUM_THREADS` 1, 2 and 8), exit code and stderr included.
//!
//! The corpus is built at test time so that parallel work has something to interleave: the
//! seed article and its rule file, thirty variants of the article (its paragraphs rotated) in
//! nested folders created in reverse order, a statement file, and a few bad files. It runs with
//! the default rule pack, so whatever the pack and the extractor find is covered as they grow.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One run's observable output.
#[derive(Debug, PartialEq, Eq)]
struct Output {
    code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn run(cwd: &Path, args: &[&str], threads: usize) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", threads.to_string())
        .env_remove("CI")
        .output()
        .expect("the binary runs");
    let output = Output {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: out.stderr,
    };
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("panicked"),
        "`{}` panicked",
        args.join(" ")
    );
    output
}

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create a folder");
    }
    std::fs::write(path, bytes).expect("write an input");
}

/// The corpus, built once per test process.
fn corpus() -> PathBuf {
    static ONCE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    ONCE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("determinism");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("clear the corpus");
        }
        let seed_name = "000_eae76bd1c749ef67.txt";
        let seed = std::fs::read_to_string(crate_root().join("seeds").join(seed_name))
            .expect("the seed article");
        let seed_rules =
            std::fs::read_to_string(crate_root().join("seeds/seed.claims")).expect("seed.claims");
        write(&dir, &format!("seed/{seed_name}"), &seed);
        write(&dir, "seed/seed.claims", &seed_rules);
        // Variants in reverse order of their names, so creation order is not sort order.
        let paragraphs: Vec<&str> = seed
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .collect();
        for i in (0..30).rev() {
            let mut rotated: Vec<&str> = paragraphs.clone();
            let n = rotated.len().max(1);
            rotated.rotate_left(i % n);
            write(
                &dir,
                &format!(
                    "variants/{}/article_{:02}.txt",
                    ["b", "a", "c"][i % 3],
                    29 - i
                ),
                rotated.join("\n\n"),
            );
        }
        write(
            &dir,
            "statements.yaml",
            format!(
                "statements:\n  - document: seed/{seed_name}\n    \
                 quote: Putin denied that any such agreement was made\n    \
                 speaker: putin\n    stance: denies\n    \
                 proposition: arms_agreement(russia, north_korea)\n  \
                 - document: seed/{seed_name}\n    quote: not in the article\n    \
                 speaker: author\n    proposition: arms_agreement(russia, north_korea)\n"
            ),
        );
        write(&dir, "bad/binary.txt", b"Kim\x00Putin");
        write(&dir, "bad/latin1.txt", b"Poutine a rencontr\xe9 Kim.\n");
        write(&dir, "bad/broken.yaml", "statements: [\n");
        write(&dir, "bad/empty.md", "");
        dir
    })
    .clone()
}

/// Runs `args` once per thread count (three times with 8 threads) and asserts every output is
/// the same as the first.
fn assert_deterministic(cwd: &Path, args: &[&str]) -> Output {
    let first = run(cwd, args, 1);
    for threads in [1, 2, 8, 8, 8] {
        let again = run(cwd, args, threads);
        assert_eq!(
            again.code,
            first.code,
            "`{}` exit code with {threads} threads",
            args.join(" ")
        );
        if again.stdout != first.stdout {
            panic!(
                "`{}` stdout differs with {threads} threads:\n{}",
                args.join(" "),
                first_difference(&first.stdout, &again.stdout)
            );
        }
        assert_eq!(
            String::from_utf8_lossy(&again.stderr),
            String::from_utf8_lossy(&first.stderr),
            "`{}` stderr with {threads} threads",
            args.join(" ")
        );
    }
    first
}

/// The first line where two outputs differ, for a readable failure.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n- {x}\n+ {y}", i + 1);
        }
    }
    format!("lengths {} and {}", a.len(), b.len())
}

#[test]
fn text_output_is_identical_across_runs_and_threads() {
    let out = assert_deterministic(&corpus(), &["check", "."]);
    // The run did real work: the seed's contradictions and the bad files are both in it.
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("contradiction"), "{text}");
    assert!(text.contains("bad/latin1.txt"), "{text}");
}

#[test]
fn json_output_is_identical_across_runs_and_threads() {
    let out = assert_deterministic(&corpus(), &["check", ".", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["summary"]["documents"].as_u64(), Some(32));
    assert!(report["summary"]["contradictions"].as_u64() > Some(0));
}

#[test]
fn yaml_output_is_identical_across_runs_and_threads() {
    assert_deterministic(&corpus(), &["check", ".", "--format", "yaml"]);
}

#[test]
fn explanations_are_identical_across_runs_and_threads() {
    assert_deterministic(&corpus(), &["check", ".", "--format", "json", "--explain"]);
}

#[test]
fn the_seed_is_identical_across_runs_and_threads() {
    let root = crate_root();
    assert_deterministic(root, &["check", "seeds/"]);
    assert_deterministic(root, &["check", "seeds/", "--format", "yaml"]);
}

#[test]
fn validation_is_identical_across_runs_and_threads() {
    assert_deterministic(crate_root(), &["validate", "rules/", "--plan"]);
}

/// The library gives equal reports for equal input within one process too (no state leaks
/// from one run into the next).
#[test]
fn the_library_report_is_the_same_twice() {
    let options = claimcheck::check::CheckOptions {
        paths: vec![corpus().to_string_lossy().into_owned()],
        ..Default::default()
    };
    let a = claimcheck::check::check(&options);
    let b = claimcheck::check::check(&options);
    assert_eq!(a.report, b.report);
    assert_eq!(a.report.to_json(), b.report.to_json());
    assert_eq!(a.report.to_yaml(), b.report.to_yaml());
}
