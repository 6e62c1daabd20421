//! Extraction from rule files and documents: every case folder under `tests/extraction/`
//! (a `rules.claims` with its own small vocabulary, patterns and frames, and one or more
//! `doc*.txt` / `doc*.md`) is extracted and its statements snapshot as compact text; every
//! file in `tests/extraction/errors/` is a rule file whose extraction items do not resolve, and
//! its diagnostics are snapshot as a user sees them. The key semantics are asserted directly
//! too (spans, speakers and reporters, stance and modality, anaphora, order), and property
//! tests run arbitrary text through extraction.

use claimcheck::diagnostic::Diagnostic;
use claimcheck::extract::{Lexicon, LexiconEntry, MentionKind, extract_all, extract_document};
use claimcheck::resolve::hir::{Modality, Program, Speaker, Stance, Statement};
use claimcheck::resolve::patterns::{ExtractionRules, resolve_extraction};
use claimcheck::resolve::resolve_program;
use claimcheck::source::{FileId, FileKind, SourceMap};
use claimcheck::syntax::{ast, parse_rule_file};
use proptest::prelude::*;
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// Helpers.

/// A rule file and its documents, resolved and extracted.
struct Case {
    sources: SourceMap,
    program: Program,
    rules: ExtractionRules,
    docs: Vec<FileId>,
    /// Diagnostics of resolving and extracting.
    diagnostics: Vec<Diagnostic>,
    /// Statements per document, in the order of `docs`.
    statements: Vec<Vec<Statement>>,
}

impl Case {
    /// Builds a case from rule text and documents given as (name, text).
    fn new(rules: &str, docs: &[(&str, &str)]) -> Case {
        let mut sources = SourceMap::new();
        let rules_id = sources.add("rules.claims", rules, FileKind::Rules);
        let file = match parse_rule_file(rules_id, rules) {
            Ok(f) => f,
            Err(e) => panic!("rules should parse: {e}"),
        };
        let ids: Vec<FileId> = docs
            .iter()
            .map(|(name, text)| sources.add(*name, *text, FileKind::Document))
            .collect();
        let files: Vec<(FileId, ast::RuleFile)> = vec![(rules_id, file)];
        let (program, mut diagnostics) = resolve_program(&sources, &files);
        let (rules, more) = resolve_extraction(&program, &files);
        diagnostics.extend(more);
        let mut statements = Vec::new();
        for (_, st, d) in extract_all(&program, &rules, &sources, &ids) {
            statements.push(st);
            diagnostics.extend(d);
        }
        Case {
            sources,
            program,
            rules,
            docs: ids,
            diagnostics,
            statements,
        }
    }

    /// A case from a fixture folder.
    fn load(dir: &Path) -> Case {
        let rules = std::fs::read_to_string(dir.join("rules.claims")).expect("rules.claims");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("case folder")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("doc") && (n.ends_with(".txt") || n.ends_with(".md")))
            .collect();
        names.sort();
        let texts: Vec<String> = names
            .iter()
            .map(|n| std::fs::read_to_string(dir.join(n)).expect("document"))
            .collect();
        let docs: Vec<(&str, &str)> = names
            .iter()
            .map(String::as_str)
            .zip(texts.iter().map(String::as_str))
            .collect();
        Case::new(&rules, &docs)
    }

    /// The statements of the only (or first) document.
    fn only(&self) -> &[Statement] {
        self.statements.first().map_or(&[], Vec::as_slice)
    }

    fn quote(&self, s: &Statement) -> &str {
        self.sources.slice(s.source)
    }

    fn speaker(&self, s: Speaker) -> String {
        match s {
            Speaker::Author => "author".to_string(),
            Speaker::Reference => "reference".to_string(),
            Speaker::Entity(e) => self.program.ent(e).name.clone(),
        }
    }

    /// The statement whose quote is `quote` and proposition `prop`.
    fn find(&self, quote: &str, prop: &str) -> &Statement {
        let found = self
            .only()
            .iter()
            .find(|s| self.quote(s) == quote && self.program.prop_text(&s.prop) == prop);
        match found {
            Some(s) => s,
            None => panic!(
                "no statement {prop} at {quote:?}; found:\n{}",
                render_statements(self)
            ),
        }
    }

    fn props(&self) -> Vec<String> {
        self.only()
            .iter()
            .map(|s| self.program.prop_text(&s.prop))
            .collect()
    }
}

fn stance(s: Stance) -> &'static str {
    match s {
        Stance::Asserts => "asserts",
        Stance::Negates => "asserts not",
        Stance::Denies => "denies",
    }
}

/// Statements one per block: position and quote; who, stance, modality, proposition; time,
/// report time, pattern and frame; anaphors.
fn render_statements(case: &Case) -> String {
    let mut out = String::new();
    for d in &case.diagnostics {
        out.push_str(&render_diagnostic(&case.sources, d));
    }
    for (doc, statements) in case.docs.iter().zip(&case.statements) {
        let file = case.sources.file(*doc);
        out.push_str(&format!(
            "# {} ({} statements)\n",
            file.path,
            statements.len()
        ));
        for s in statements {
            let (line, col) = case.sources.line_col(s.source);
            out.push_str(&format!(
                "{line}:{col} {}..{} {:?}\n",
                s.source.start,
                s.source.end,
                case.quote(s)
            ));
            out.push_str(&format!("    {}", case.speaker(s.speaker)));
            if let Some(r) = s.reporter {
                out.push_str(&format!(" (reported by {})", case.speaker(r)));
            }
            out.push_str(&format!(
                " {} {} {}\n",
                stance(s.stance),
                s.modality.keyword(),
                case.program.prop_text(&s.prop)
            ));
            let mut meta = Vec::new();
            if let Some(t) = s.time {
                meta.push(format!("time {t}"));
            }
            if let Some(r) = s.reported {
                meta.push(format!("reported {r}"));
            }
            if let Some(p) = &s.found_by.pattern {
                meta.push(format!("pattern {p}"));
            }
            if let Some(f) = &s.found_by.frame {
                meta.push(format!("frame {f}"));
            }
            out.push_str(&format!("    {}\n", meta.join(" · ")));
            for a in &s.found_by.anaphora {
                out.push_str(&format!(
                    "    anaphor {:?} {}..{} → {}\n",
                    a.text, a.span.start, a.span.end, a.resolved_to
                ));
            }
        }
    }
    out
}

/// A diagnostic as a user sees it: code, position, message, the line with the span
/// underlined, related spans and help.
fn render_diagnostic(sources: &SourceMap, d: &Diagnostic) -> String {
    let file = sources.file(d.span.file);
    let (line, col) = file.line_col(d.span.start as usize);
    let (end_line, end_col) = file.line_col(d.span.end as usize);
    let mut out = format!(
        "{}\n  --> {}:{line}:{col}..{end_line}:{end_col}\nmessage: {}\n",
        d.code, file.path, d.message
    );
    let source_line = file.text.lines().nth(line - 1).unwrap_or("");
    out.push_str(&format!("{line:>4} | {source_line}\n"));
    let width = if end_line == line {
        (end_col - col).max(1)
    } else {
        1
    };
    out.push_str(&format!(
        "     | {}{} {}\n",
        " ".repeat(col - 1),
        "^".repeat(width),
        d.label.clone().unwrap_or_default()
    ));
    for r in &d.related {
        let (l, c) = sources.line_col(r.span);
        out.push_str(&format!("  related {l}:{c}: {}\n", r.message));
    }
    if let Some(h) = &d.help {
        out.push_str(&format!("help: {h}\n"));
    }
    out
}

fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("extraction/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

fn case(name: &str) -> Case {
    Case::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/extraction")
            .join(name),
    )
}

// ---------------------------------------------------------------------------------------------
// Fixtures.

#[test]
fn cases() {
    snapshot_settings().bind(|| {
        insta::glob!("extraction/*/rules.claims", |path| {
            let dir = path.parent().expect("case folder");
            let case = Case::load(dir);
            for (doc, statements) in case.docs.iter().zip(&case.statements) {
                let text = &case.sources.file(*doc).text;
                for s in statements {
                    // Spans are byte-exact, on character boundaries, inside the document.
                    assert_eq!(s.source.file, *doc);
                    assert!(text.get(s.source.range()).is_some(), "span {:?}", s.source);
                    assert!(!s.source.is_empty());
                }
                let starts: Vec<u32> = statements.iter().map(|s| s.source.start).collect();
                assert!(starts.windows(2).all(|w| w[0] <= w[1]), "in document order");
            }
            insta::assert_snapshot!(render_statements(&case));
        });
    });
}

#[test]
fn rule_errors() {
    snapshot_settings().bind(|| {
        insta::glob!("extraction/errors/*.claims", |path| {
            let text = std::fs::read_to_string(path).expect("fixture");
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("rules.claims");
            let mut sources = SourceMap::new();
            let id = sources.add(name, text.as_str(), FileKind::Rules);
            let file = match parse_rule_file(id, &text) {
                Ok(f) => f,
                Err(e) => panic!("{name} should parse: {e}"),
            };
            let files = vec![(id, file)];
            let (program, program_errors) = resolve_program(&sources, &files);
            assert!(program_errors.is_empty(), "{program_errors:?}");
            let (_, diagnostics) = resolve_extraction(&program, &files);
            assert!(!diagnostics.is_empty(), "{name} should have errors");
            let rendered: Vec<String> = diagnostics
                .iter()
                .map(|d| render_diagnostic(&sources, d))
                .collect();
            insta::assert_snapshot!(rendered.join("\n"));
        });
    });
}

// ---------------------------------------------------------------------------------------------
// Direct checks of the key semantics.

#[test]
fn the_seed_yields_the_disputed_statements() {
    let c = case("seed");
    let seeking = c.find(
        "Russia is seeking to purchase additional artillery shells from North Korea",
        "transfers_arms(north_korea, russia, artillery_shells)",
    );
    assert_eq!(seeking.speaker, Speaker::Author);
    assert_eq!(seeking.stance, Stance::Asserts);
    assert_eq!(seeking.modality, Modality::Intended);
    assert_eq!(seeking.found_by.pattern.as_deref(), Some("seeks_to_buy"));

    let denial = c.find(
        "Putin denied that any such agreement was made",
        "agreement(russia, north_korea, arms)",
    );
    let putin = c.program.entity("putin").map(Speaker::Entity);
    assert_eq!(Some(denial.speaker), putin);
    assert_eq!(denial.stance, Stance::Denies);
    assert_eq!(denial.found_by.frame.as_deref(), Some("denial"));
    let anaphor = &denial.found_by.anaphora[0];
    assert_eq!(anaphor.text, "any such agreement");
    assert_eq!(c.sources.slice(anaphor.span), "any such agreement");
    assert_eq!(anaphor.resolved_to, "agreement(russia, north_korea, arms)");

    let complied = c
        .only()
        .iter()
        .find(|s| c.program.prop_text(&s.prop) == "complies_with(russia, un_dprk_sanctions)")
        .expect("the compliance claim");
    assert_eq!(
        Some(complied.speaker),
        putin,
        "`and said` continues Putin's frame"
    );
    assert!(
        c.quote(complied)
            .starts_with("and said that Moscow fully complied")
    );

    let summit = c.find(
        "Kim Jong Un traveled to Russia by armored train and met Putin in Vladivostok",
        "summit(kim_jong_un, putin, 2023) = vladivostok",
    );
    assert_eq!(
        summit.time.map(|t| t.to_string()).as_deref(),
        Some("2023-09-11")
    );

    // "The two countries signed several agreements on …": one statement per topic, none on arms.
    let topics: Vec<String> = c
        .props()
        .into_iter()
        .filter(|p| p.starts_with("agreement(russia, north_korea"))
        .collect();
    assert_eq!(
        topics,
        [
            "agreement(russia, north_korea, trade)",
            "agreement(russia, north_korea, energy)",
            "agreement(russia, north_korea, transport)",
            "agreement(russia, north_korea, education)",
            "agreement(russia, north_korea, tourism)",
            "agreement(russia, north_korea, arms)",
            "agreement(russia, north_korea, arms)",
        ]
    );
}

const VOCABULARY: &str = r#"
type actor
type state: actor
type person: actor
type weapon
entity russia: state "Russia" aka "the Kremlin"
entity north_korea: state "North Korea" demonym "North Korean"
entity putin: person "Putin"
entity lavrov: person "Lavrov"
entity shells: weapon "shells"
predicate buys(buyer: state, seller: state, item: weapon)
lexicon negation: "not", "never"
lexicon hedge: "may", "reportedly"
cue negation => negates
cue hedge => hedged
pattern buys: {buyer: state} ..2 (buys | bought) {item: weapon} from {seller: state} => buys(buyer, seller, item)
frame said: {speaker: actor} said that? {claim} => speaker asserts claim
frame denied: {speaker: actor} denied that? {claim} => speaker denies claim
frame feared: {speaker: actor} feared that? {claim} => speaker asserts feared claim
"#;

fn one(rules: &str, text: &str) -> Case {
    let c = Case::new(rules, &[("doc.txt", text)]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    c
}

#[test]
fn spans_are_byte_exact_with_multibyte_text() {
    let text = "« Été » — the Kremlin bought shells from North Korea… Lavrov said “Russia bought shells from North Korea”.";
    let c = one(VOCABULARY, text);
    let quotes: Vec<&str> = c.only().iter().map(|s| c.quote(s)).collect();
    assert_eq!(
        quotes,
        [
            "the Kremlin bought shells from North Korea",
            "Lavrov said “Russia bought shells from North Korea"
        ]
    );
    for s in c.only() {
        let (start, end) = (s.source.start as usize, s.source.end as usize);
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
    }
}

#[test]
fn nested_frames_keep_the_speaker_and_record_the_reporter() {
    let c = one(
        VOCABULARY,
        "Lavrov said that Putin denied that Russia bought shells from North Korea.",
    );
    let s = &c.only()[0];
    assert_eq!(c.speaker(s.speaker), "putin");
    assert_eq!(s.reporter.map(|r| c.speaker(r)).as_deref(), Some("lavrov"));
    assert_eq!(s.stance, Stance::Denies);
    assert_eq!(s.found_by.frame.as_deref(), Some("denied"));
    assert_eq!(
        c.quote(s),
        "Lavrov said that Putin denied that Russia bought shells from North Korea"
    );
}

#[test]
fn cues_flip_the_stance_and_set_the_modality() {
    let c = one(
        VOCABULARY,
        "Russia never bought shells from North Korea. Putin denied that Russia never bought shells from North Korea. Russia reportedly bought shells from North Korea. Putin feared that Russia may buy shells from North Korea.",
    );
    let got: Vec<(Stance, Modality)> = c.only().iter().map(|s| (s.stance, s.modality)).collect();
    assert_eq!(
        got,
        [
            (Stance::Negates, Modality::Fact),
            // A flipped denial is an assertion.
            (Stance::Asserts, Modality::Fact),
            (Stance::Asserts, Modality::Hedged),
        ]
    );
}

#[test]
fn the_strongest_modality_wins() {
    let c = one(
        VOCABULARY,
        "Putin feared that Russia reportedly bought shells from North Korea.",
    );
    // The frame says feared, the cue says hedged: feared is further from a plain fact.
    assert_eq!(c.only()[0].modality, Modality::Feared);
}

#[test]
fn a_cue_before_the_claim_does_not_count() {
    let c = one(
        VOCABULARY,
        "Not surprisingly, Putin said that Russia bought shells from North Korea.",
    );
    // "Not" stands before the frame's claim: it is not about the buying.
    let s = &c.only()[0];
    assert_eq!(s.stance, Stance::Asserts);
    assert_eq!(c.speaker(s.speaker), "putin");
}

#[test]
fn possessives_demonyms_and_metonyms_fill_slots() {
    let c = one(
        VOCABULARY,
        "The Kremlin bought North Korean shells from North Korea. Russia's ally bought shells from North Korea.",
    );
    assert_eq!(
        c.props(),
        ["buys(russia, north_korea, shells)"],
        "a demonym is not a weapon, and the possessive belongs to the ally"
    );
    let c = one(
        &format!(
            "{VOCABULARY}\npattern poss: {{buyer: state}} purchase of {{item: weapon}} => buys(buyer, _, item)"
        ),
        "Russia's purchase of shells.",
    );
    assert_eq!(c.props(), ["buys(russia, _, shells)"]);
    assert_eq!(c.quote(&c.only()[0]), "Russia's purchase of shells");
}

#[test]
fn list_slots_give_one_statement_per_item() {
    let c = case("lists");
    let first: Vec<String> = c
        .only()
        .iter()
        .filter(|s| s.source.start == 0)
        .map(|s| c.program.prop_text(&s.prop))
        .collect();
    assert_eq!(
        first,
        [
            "agreement(russia, north_korea, trade)",
            "agreement(russia, north_korea, energy)",
            "agreement(russia, north_korea, tourism)",
        ]
    );
}

#[test]
fn pronouns_resolve_to_the_nearest_fitting_mention_within_the_window() {
    let c = case("anaphora");
    let visited = c.find("He visited Komsomolsk-on-Amur", "visited(kim, komsomolsk)");
    assert_eq!(visited.found_by.anaphora.len(), 1);
    assert_eq!(c.sources.slice(visited.found_by.anaphora[0].span), "He");
    // "Putin met him": him is not Putin.
    c.find("Putin met him", "met(putin, kim)");
    // Two paragraphs on, "He" has no antecedent in reach: nothing is guessed.
    assert!(
        !c.props()
            .iter()
            .any(|p| p.starts_with("visited(") && c.props().len() > 7)
    );
    let toured = c
        .only()
        .iter()
        .filter(|s| c.quote(s).starts_with("He toured"))
        .count();
    assert_eq!(toured, 0);
}

#[test]
fn a_frame_without_a_claim_repeats_the_statement_before() {
    let c = case("frames");
    let declined = c.find(
        "Peskov declined to comment",
        "buys(russia, north_korea, shells)",
    );
    assert_eq!(declined.modality, Modality::Declined);
    assert_eq!(c.speaker(declined.speaker), "peskov");
    assert_eq!(declined.found_by.frame.as_deref(), Some("declined"));
    assert_eq!(declined.found_by.anaphora.len(), 1);
}

#[test]
fn statements_are_unique_in_order_and_the_same_every_time() {
    let rules = format!(
        "{VOCABULARY}\npattern again: {{buyer: state}} bought {{item: weapon}} from {{seller: state}} => buys(buyer, seller, item)"
    );
    let text = "Russia bought shells from North Korea. Lavrov said that Russia bought shells from North Korea.";
    let a = one(&rules, text);
    // Two patterns find the first sentence: one statement.
    assert_eq!(a.only().len(), 2);
    let b = one(&rules, text);
    assert_eq!(a.only(), b.only());
}

#[test]
fn extract_all_keeps_the_input_order() {
    let docs = [
        ("b.txt", "Russia bought shells from North Korea."),
        ("a.txt", "Nothing here."),
        (
            "c.md",
            "---\ndate: 2024-03-01\n---\nLavrov said that Russia bought shells from North Korea.",
        ),
    ];
    let c = Case::new(VOCABULARY, &docs);
    let counts: Vec<usize> = c.statements.iter().map(Vec::len).collect();
    assert_eq!(counts, [1, 0, 1]);
    let last = &c.statements[2][0];
    assert_eq!(
        last.reported.map(|d| d.to_string()).as_deref(),
        Some("2024-03-01")
    );
    assert_eq!(last.source.file, c.docs[2]);
}

#[test]
fn empty_documents_give_a_diagnostic_and_no_statements() {
    let c = Case::new(VOCABULARY, &[("empty.txt", "  \n\n")]);
    assert!(c.statements[0].is_empty());
    assert_eq!(c.diagnostics.len(), 1);
    assert_eq!(c.diagnostics[0].code, "claimcheck::document::empty");
}

#[test]
fn a_document_alone_is_extracted_by_extract_document() {
    let c = one(VOCABULARY, "Russia bought shells from North Korea.");
    let (info, statements, diagnostics) =
        extract_document(&c.program, &c.rules, &c.sources, c.docs[0]);
    assert_eq!(info.file, c.docs[0]);
    assert!(diagnostics.is_empty());
    assert_eq!(statements, c.only());
    let empty = ExtractionRules::empty(&c.program);
    let (_, none, _) = extract_document(&c.program, &empty, &c.sources, c.docs[0]);
    assert!(none.is_empty());
}

#[test]
fn long_documents_lose_nothing_between_runs() {
    // A long document is split and matched a run of paragraphs at a time; a pronoun at the
    // start of a run still finds its antecedent at the end of the one before.
    let rules = format!(
        "{VOCABULARY}\npredicate handled(who: person, item: weapon)\nanaphor \"he\": person\n\
         pattern handled: {{who: person}} handled {{item: weapon}} => handled(who, item)"
    );
    let unit = "Lavrov arrived.\n\nHe handled shells. Russia bought shells from North Korea.\n\n";
    let text = unit.repeat(3000);
    let c = one(&rules, &text);
    assert_eq!(c.only().len(), 6000);
    let handled: Vec<&Statement> = c
        .only()
        .iter()
        .filter(|s| c.program.prop_text(&s.prop) == "handled(lavrov, shells)")
        .collect();
    assert_eq!(handled.len(), 3000);
    assert!(handled.iter().all(|s| s.found_by.anaphora.len() == 1));
}

// ---------------------------------------------------------------------------------------------
// Speed: run with `cargo test --release --test extraction throughput -- --nocapture`.

/// Whole extraction (sentences, mentions, anchors, matching, statements) over news-like text
/// with a pack of about a hundred patterns and frames; prints MB/s. It asserts only that the
/// output is sane: speed is measured, not tested.
#[test]
fn throughput() {
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction/seed/doc.txt"),
    )
    .expect("seed");
    let mut rules = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction/seed/rules.claims"),
    )
    .expect("rules");
    let verbs = [
        "bought",
        "sold",
        "shipped",
        "delivered",
        "supplied",
        "acquired",
        "exported",
        "imported",
        "transferred",
        "provided",
        "sent",
        "received",
        "offered",
        "promised",
        "ordered",
        "leased",
        "loaned",
        "gifted",
        "traded",
        "swapped",
    ];
    let mut units = 0;
    for v in verbs {
        for prep in ["to", "from", "with", "for", "via"] {
            rules.push_str(&format!(
                "pattern gen{units}: {{a: state}} {v} {{item: weapon}} {prep} {{b: state}} => transfers_arms(a, b, item)\n"
            ));
            units += 1;
        }
    }
    // News-like text: the seed's paragraphs interleaved with paragraphs no rule is about.
    let filler = "The central bank kept interest rates unchanged on Thursday, citing slowing \
                  inflation and a weaker labour market. Analysts said the decision was widely \
                  expected. Markets rose slightly after the announcement, and the currency held \
                  steady against the dollar.\n\n";
    let target = if cfg!(debug_assertions) {
        300_000
    } else {
        20_000_000
    };
    let mut text = String::with_capacity(target + seed.len());
    while text.len() < target {
        for paragraph in seed.split("\n\n") {
            text.push_str(paragraph);
            text.push_str("\n\n");
            text.push_str(filler);
        }
    }
    let c = Case::new(&rules, &[]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    let mut sources = SourceMap::new();
    let doc = sources.add("news.txt", text.as_str(), FileKind::Document);
    let started = std::time::Instant::now();
    let (_, statements, _) = extract_document(&c.program, &c.rules, &sources, doc);
    let seconds = started.elapsed().as_secs_f64();
    // The floor: sentences and entity mentions alone, which extraction cannot do without.
    let started = std::time::Instant::now();
    let units = claimcheck::extract::split(&text, 0..text.len());
    let entries: Vec<LexiconEntry> = c
        .program
        .entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            std::iter::once(e.display.clone())
                .chain(e.aliases.iter().cloned())
                .map(move |t| LexiconEntry {
                    text: t,
                    target: i as u32,
                    kind: MentionKind::Alias,
                })
        })
        .collect();
    let mentions = Lexicon::new(entries).find(&text, 0..text.len());
    let floor = started.elapsed().as_secs_f64();
    println!(
        "floor (sentences + mentions only): {:.0} MB/s ({} sentences, {} mentions)",
        text.len() as f64 / 1e6 / floor,
        units.sentences.len(),
        mentions.len()
    );
    println!(
        "extraction: {:.1} MB in {:.3} s = {:.0} MB/s; {} patterns and frames; {} statements",
        text.len() as f64 / 1e6,
        seconds,
        text.len() as f64 / 1e6 / seconds,
        c.rules.patterns.len() + c.rules.frames.len(),
        statements.len()
    );
    assert!(!statements.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Properties.

/// Text made of the vocabulary's names, pattern words, cue words and punctuation.
fn prose() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "Russia",
        "North Korea",
        "North Korean",
        "the Kremlin",
        "Russia's",
        "Putin",
        "Lavrov",
        "shells",
        "bought",
        "buys",
        "from",
        "said",
        "that",
        "denied",
        "feared",
        "not",
        "never",
        "may",
        "reportedly",
        ",",
        ".",
        "“",
        "”",
        "'",
        "—",
        "he",
        "it",
        "1,000",
        "2023",
        "\n\n",
        "September",
        "13",
        "on",
        "Wednesday",
        "é",
        "U.S.",
        "...",
    ]);
    prop::collection::vec(words, 0..60).prop_map(|w| w.join(" "))
}

fn check_spans(rules: &str, text: &str) {
    let c = Case::new(rules, &[("doc.txt", text)]);
    let mut last = 0;
    for s in c.only() {
        assert!(
            text.get(s.source.range()).is_some(),
            "bad span {:?}",
            s.source
        );
        assert!(s.source.start >= last, "out of order");
        last = s.source.start;
        for a in &s.found_by.anaphora {
            assert!(text.get(a.span.range()).is_some());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_spans(VOCABULARY, &text);
    }

    #[test]
    fn prose_like_text_gives_valid_spans(text in prose()) {
        check_spans(VOCABULARY, &text);
    }
}
