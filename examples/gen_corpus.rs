//! Generates a deterministic news-like corpus from the default pack, with planted
//! contradictions, for the benchmarks and the scale test (the generator itself is
//! `benches/corpus/mod.rs`).
//!
//! ```text
//! cargo run --release --example gen_corpus -- --docs 1000 --seed 1 --out /tmp/corpus
//! claimcheck check /tmp/corpus/statements --format json > report.json
//! cargo run --release --example check_planted -- /tmp/corpus/planted.json report.json
//! ```
//!
//! The same `--docs` and `--seed` always give the same bytes.

#[allow(dead_code)]
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

/// Generates a corpus: documents, statement files and planted.json.
#[derive(Parser)]
struct Args {
    /// Number of documents (10 to 100,000 is the tested range).
    #[arg(long)]
    docs: usize,
    /// Seed of the random choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder (created; files in it are overwritten).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let loaded = claimcheck::load::load(&claimcheck::load::LoadOptions::default());
    let (program, diags) =
        claimcheck::resolve::resolve_program(&loaded.sources, &loaded.rule_files);
    if claimcheck::diagnostic::has_errors(&diags) {
        eprintln!("error: the default pack does not resolve");
        return ExitCode::from(2);
    }
    let options = corpus::Options {
        docs: args.docs,
        seed: args.seed,
    };
    let mut failed = None;
    let mut bytes = 0usize;
    let planted = corpus::generate(&program, options, |file| {
        if failed.is_some() {
            return;
        }
        let path = args.out.join(&file.path);
        bytes += file.text.len();
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &file.text));
        if let Err(e) = written {
            failed = Some(format!("cannot write `{}`: {e}", path.display()));
        }
    });
    if let Some(message) = failed {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    let planted_path = args.out.join("planted.json");
    if let Err(e) = std::fs::write(&planted_path, corpus::planted_json(options, &planted)) {
        eprintln!("error: cannot write `{}`: {e}", planted_path.display());
        return ExitCode::from(2);
    }
    eprintln!(
        "{} documents and statement files ({bytes} bytes), {} planted contradictions, in `{}`",
        args.docs,
        planted.len(),
        args.out.display()
    );
    ExitCode::SUCCESS
}
