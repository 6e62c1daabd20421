//! Lexicon matching against a plain `aho-corasick` scan of the same aliases over the same
//! text, at 1k, 10k and 100k aliases.
//!
//! The aliases are made-up names (capitalised one to three words, a fifth of them lowercase
//! phrases like "artillery shells"); the text is about 1 MB of news-like prose with one alias
//! mentioned every twelve words or so. The baseline is `AhoCorasick` built with leftmost-longest
//! matching from the alias strings as given, counting matches with `find_iter`; it does not
//! check word boundaries, case variants or possessives, which the lexicon does.
//!
//! Run: `cargo bench --bench lexicon`.

#[allow(dead_code)]
mod support;

use aho_corasick::{AhoCorasick, MatchKind};
use claimcheck::extract::{Lexicon, LexiconEntry, MentionKind};
use criterion::{BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;
use support::Rng;

// The allocator the `claimcheck` binary ships with (`src/main.rs`), for both sides.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const TEXT_BYTES: usize = 1 << 20;

const SYLLABLES: [&str; 32] = [
    "ka", "ro", "lev", "min", "dar", "so", "vel", "tan", "gor", "pi", "nu", "sha", "bek", "ul",
    "zan", "tor", "mi", "kov", "ra", "len", "os", "vin", "du", "hal", "ne", "qir", "ba", "lo",
    "fen", "tu", "ya", "rem",
];

const FILLER: [&str; 40] = [
    "the",
    "officials",
    "said",
    "on",
    "Wednesday",
    "that",
    "a",
    "meeting",
    "between",
    "and",
    "was",
    "held",
    "in",
    "talks",
    "over",
    "weapons",
    "deal",
    "according",
    "to",
    "reports",
    "which",
    "denied",
    "any",
    "such",
    "agreement",
    "while",
    "sanctions",
    "remain",
    "shipments",
    "of",
    "were",
    "seen",
    "near",
    "border",
    "for",
    "months",
    "minister",
    "visit",
    "government",
    "statement",
];

/// A word unique to `i`: its base-32 digits as syllables.
fn word(mut i: usize) -> String {
    let mut w = String::new();
    loop {
        w.push_str(SYLLABLES[i % 32]);
        i /= 32;
        if i == 0 {
            break;
        }
    }
    w
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().chain(c).collect::<String>()
    })
}

/// `n` distinct aliases.
fn aliases(n: usize, rng: &mut Rng) -> Vec<String> {
    (0..n)
        .map(|i| {
            let head = word(i);
            match rng.below(5) {
                0 => format!("{} {}", word(i + 7), head),
                1 => capitalise(&head),
                2 => format!("{} {}", capitalise(&head), capitalise(&word(i * 3 + 1))),
                3 => format!("the {} {}", capitalise(&head), capitalise(&word(i + 11))),
                _ => format!("{} {}", capitalise(&word(i + 5)), capitalise(&head)),
            }
        })
        .collect()
}

/// About `TEXT_BYTES` of prose mentioning random aliases, some in possessive form.
fn text(aliases: &[String], rng: &mut Rng) -> String {
    let mut t = String::with_capacity(TEXT_BYTES + 256);
    let mut since_stop = 0;
    while t.len() < TEXT_BYTES {
        if rng.below(12) == 0 {
            t.push_str(&aliases[rng.below(aliases.len())]);
            if rng.below(4) == 0 {
                t.push_str("'s");
            }
        } else {
            t.push_str(FILLER[rng.below(FILLER.len())]);
        }
        since_stop += 1;
        if since_stop > 8 + rng.below(20) {
            t.push_str(". ");
            since_stop = 0;
        } else {
            t.push(' ');
        }
    }
    t
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    let mut group = c.benchmark_group("lexicon");
    for n in SIZES {
        let mut rng = Rng::new(n as u64);
        let names = aliases(n, &mut rng);
        let text = text(&names, &mut rng);
        let lexicon = Lexicon::new(
            names
                .iter()
                .enumerate()
                .map(|(i, a)| LexiconEntry {
                    text: a.clone(),
                    target: i as u32,
                    kind: MentionKind::Alias,
                })
                .collect(),
        );
        let plain = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)
            .expect("the aliases build an automaton");
        let ours = lexicon.find(&text, 0..text.len()).len();
        let theirs = plain.find_iter(&text).count();
        println!("lexicon/{n}: {ours} mentions; plain scan: {theirs} matches");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("claimcheck", n), &text, |b, text| {
            let mut out = Vec::new();
            b.iter(|| {
                out.clear();
                lexicon.find_into(text, 0..text.len(), &mut out);
                black_box(out.len())
            });
        });
        group.bench_with_input(BenchmarkId::new("aho-corasick", n), &text, |b, text| {
            b.iter(|| black_box(plain.find_iter(text).count()));
        });
    }
    group.finish();
    c.final_summary();
}
