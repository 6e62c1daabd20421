//! Correctness at scale, at a size a test can afford: a generated corpus (see
//! `benches/corpus/mod.rs`) is checked through the library, and every planted contradiction
//! must be reported at `error` with its kind and relation, and nothing else at `error`. The
//! benchmark (`scripts/bench_e2e.sh`) runs the same check on 1k to 100k documents.

#[allow(dead_code)]
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use claimcheck::check::{CheckOptions, check};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

fn pack() -> claimcheck::resolve::hir::Program {
    let loaded = claimcheck::load::load(&claimcheck::load::LoadOptions::default());
    let (program, diags) =
        claimcheck::resolve::resolve_program(&loaded.sources, &loaded.rule_files);
    assert!(!claimcheck::diagnostic::has_errors(&diags));
    program
}

/// Generates a corpus in memory: files by relative path, and the planted contradictions.
fn generate(docs: usize, seed: u64) -> (Vec<(String, String)>, Vec<corpus::Planted>) {
    let mut files = Vec::new();
    let planted = corpus::generate(&pack(), corpus::Options { docs, seed }, |f| {
        files.push((f.path, f.text));
    });
    (files, planted)
}

/// A fresh folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("claimcheck-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temporary folder");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write(dir: &Path, files: &[(String, String)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("files are in folders")).expect("folder");
        std::fs::write(path, text).expect("file written");
    }
}

/// Checks one input folder of a corpus written to `dir`; returns the corpus statements of the
/// report.
fn check_corpus(dir: &Path, input: &str, planted: &[corpus::Planted]) -> Vec<corpus::Quoted> {
    let checked = check(&CheckOptions {
        paths: vec![dir.join(input).display().to_string()],
        ..CheckOptions::default()
    });
    let report = &checked.report;
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let statements: HashMap<&str, Option<corpus::Quoted>> = report
        .statements
        .iter()
        .map(|s| {
            let quoted = corpus::corpus_path(&s.document).map(|document| corpus::Quoted {
                document,
                speaker: s.speaker.clone(),
                stance: serde_json::to_value(s.stance)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                proposition: s.proposition.clone(),
                quote: s.quote.clone(),
            });
            (s.id.as_str(), quoted)
        })
        .collect();
    let reported: Vec<corpus::Reported> = report
        .contradictions
        .iter()
        .map(|c| corpus::Reported {
            kind: c.kind.clone(),
            severity: c.severity.clone(),
            relation: c.relation.clone(),
            statements: c
                .statements
                .iter()
                .filter_map(|id| statements.get(id.as_str()).cloned().flatten())
                .collect(),
        })
        .collect();
    let expected: Vec<corpus::Expected> = planted.iter().map(corpus::Expected::from).collect();
    let problems = corpus::verify(&expected, &reported);
    assert!(problems.is_empty(), "{input}:\n{}", problems.join("\n"));
    let mut all: Vec<corpus::Quoted> = statements.into_values().flatten().collect();
    all.sort();
    all
}

#[test]
fn every_planted_contradiction_is_found_and_nothing_else_at_error() {
    let (files, planted) = generate(400, 7);
    let kinds: BTreeSet<&str> = planted.iter().map(|p| p.kind).collect();
    // The pack must still offer every kind the generator plants.
    assert_eq!(
        kinds,
        BTreeSet::from(["denial", "derived", "functional", "negation", "reference"])
    );
    assert!(planted.len() >= 20, "{} planted", planted.len());

    let dir = TempDir::new("scale");
    write(&dir.0, &files);
    // From the statement files generated beside the documents.
    let from_files = check_corpus(&dir.0, "statements", &planted);
    let written = files
        .iter()
        .filter(|(p, _)| p.starts_with("statements/"))
        .map(|(_, t)| t.matches("\n  - document:").count())
        .sum::<usize>();
    assert_eq!(
        from_files.len(),
        written,
        "every statement file entry is loaded"
    );
    // By extraction from the documents, with the default pack's patterns and frames: the
    // generator writes what they extract, so the statements are the same.
    let extracted = check_corpus(&dir.0, "docs", &planted);
    let missing: Vec<_> = from_files
        .iter()
        .filter(|q| extracted.binary_search(q).is_err())
        .take(5)
        .collect();
    let extra: Vec<_> = extracted
        .iter()
        .filter(|q| from_files.binary_search(q).is_err())
        .take(5)
        .collect();
    assert_eq!(extracted.len(), from_files.len());
    assert!(
        missing.is_empty() && extra.is_empty(),
        "not extracted: {missing:#?}\nextracted but not generated: {extra:#?}"
    );
}

#[test]
fn the_corpus_is_deterministic_and_seeded() {
    let (a, pa) = generate(40, 3);
    let (b, pb) = generate(40, 3);
    let (c, _) = generate(40, 4);
    assert_eq!(a, b);
    assert_eq!(
        pa.iter().map(corpus::Expected::from).collect::<Vec<_>>(),
        pb.iter().map(corpus::Expected::from).collect::<Vec<_>>()
    );
    assert_ne!(a, c);
    // 40 documents and one statement file.
    assert_eq!(a.len(), 41);
    assert!(a.iter().any(|(p, _)| p == "docs/000/doc_000039.txt"));
}

#[test]
fn report_paths_map_back_to_corpus_paths() {
    assert_eq!(
        corpus::corpus_path("/tmp/x/statements/../docs/000/doc_000001.txt").as_deref(),
        Some("docs/000/doc_000001.txt")
    );
    assert_eq!(
        corpus::corpus_path("my docs/c/docs/001/doc_001000.txt").as_deref(),
        Some("docs/001/doc_001000.txt")
    );
    assert_eq!(corpus::corpus_path("<default>/geo/weapons.claims"), None);
}
