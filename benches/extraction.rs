//! Whole extraction in MB/s: `extract_all` with the default pack's patterns and frames over
//! generated documents (`benches/corpus/mod.rs`, the same phrasings the pack extracts), on a
//! rayon pool of one thread and of two, so the ratio of the two is the parallel speed-up.
//!
//! Timed: sentences, lexicon, patterns, frames, cues, anaphora and statement building for
//! every document, already in memory (reading files is not timed). Throughput is bytes of
//! document text per second.
//!
//! Run: `cargo bench --bench extraction`.

#[allow(dead_code)]
#[path = "corpus/mod.rs"]
mod corpus;

use claimcheck::extract::extract_all;
use claimcheck::load::{LoadOptions, load};
use claimcheck::resolve::patterns::resolve_extraction;
use claimcheck::resolve::resolve_program;
use claimcheck::source::FileKind;
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::time::Duration;

// The allocator the `claimcheck` binary ships with (`src/main.rs`), for both sides.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Documents extracted per iteration (about 14 MB).
const DOCS: usize = 10_000;

fn main() {
    let mut loaded = load(&LoadOptions::default());
    let (program, diags) = resolve_program(&loaded.sources, &loaded.rule_files);
    assert!(!claimcheck::diagnostic::has_errors(&diags));
    let (rules, diags) = resolve_extraction(&program, &loaded.rule_files);
    assert!(!claimcheck::diagnostic::has_errors(&diags));
    let mut files = Vec::new();
    let mut bytes = 0u64;
    let mut statements_written = 0usize;
    corpus::generate(
        &program,
        corpus::Options {
            docs: DOCS,
            seed: 1,
        },
        |f| {
            if f.path.ends_with(".txt") {
                bytes += f.text.len() as u64;
                files.push(loaded.sources.add(f.path, f.text, FileKind::Document));
            } else {
                statements_written += f.text.matches("\n  - document:").count();
            }
        },
    );
    let sources = &loaded.sources;
    let results = extract_all(&program, &rules, sources, &files);
    let extracted: usize = results
        .iter()
        .map(|(_, statements, _)| statements.len())
        .sum();
    // `CLAIMCHECK_EXTRACTION_DUMP=FILE` writes every result, so that two builds can be
    // compared byte for byte (a speed-up must not change what is extracted).
    if let Some(path) = std::env::var_os("CLAIMCHECK_EXTRACTION_DUMP") {
        let mut dump = String::new();
        for (info, statements, diags) in &results {
            dump.push_str(&format!("{info:?}\n{} diagnostics\n", diags.len()));
            for s in statements {
                dump.push_str(&format!("  {s:?}\n"));
            }
        }
        std::fs::write(&path, dump).expect("the dump file is writable");
    }
    drop(results);
    println!(
        "extraction: {DOCS} documents, {:.1} MB, {extracted} statements extracted ({statements_written} generated)",
        bytes as f64 / 1e6
    );

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .configure_from_args();
    let mut group = c.benchmark_group("extraction");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Bytes(bytes));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        group.bench_with_input(BenchmarkId::new("threads", threads), &files, |b, files| {
            b.iter(|| {
                pool.install(|| black_box(extract_all(&program, &rules, sources, files).len()))
            });
        });
    }
    group.finish();
    c.final_summary();
}
