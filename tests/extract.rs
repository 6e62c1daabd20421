//! The extractor's foundations: documents (front matter, bylines, bad bytes), text units
//! (tokens, sentences, paragraphs) and the alias lexicon. Fixture folders under
//! `tests/extract/` are snapshotted whole; the tricky cases are also asserted directly, and
//! property tests check spans and compare the lexicon with a naive matcher.

use claimcheck::diagnostic::Diagnostic;
use claimcheck::extract::document::{DocumentFormat, parse_document_as};
use claimcheck::extract::{
    DEFAULT_MAX_LEN, Lexicon, LexiconEntry, Mention, MentionKind, TextUnits, TokenKind,
    check_bytes, parse_document, split,
};
use claimcheck::source::{FileId, FileKind, SourceMap};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Helpers.

fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("extract/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

fn slice(text: &str, span: (u32, u32)) -> &str {
    &text[span.0 as usize..span.1 as usize]
}

/// The sentences of a whole text.
fn sentences(text: &str) -> Vec<&str> {
    let units = split(text, 0..text.len());
    units
        .sentences
        .iter()
        .map(|s| slice(text, s.span))
        .collect()
}

/// The tokens of a whole text with their kinds.
fn tokens(text: &str) -> Vec<(&str, TokenKind)> {
    let units = split(text, 0..text.len());
    units
        .tokens
        .iter()
        .map(|t| (slice(text, t.span), t.kind))
        .collect()
}

/// Paragraphs and their sentences, one sentence a line with its byte span.
fn print_units(text: &str, units: &TextUnits) -> String {
    let mut out = String::new();
    for (i, p) in units.paragraphs.iter().enumerate() {
        out.push_str(&format!("¶{} {}..{}\n", i + 1, p.span.0, p.span.1));
        for s in units.paragraph_sentences(p) {
            let shown = slice(text, s.span).replace('\n', "⏎");
            out.push_str(&format!("  {}..{} {shown}\n", s.span.0, s.span.1));
        }
    }
    out
}

/// A document's metadata and diagnostics, as a reader would want to check them.
fn print_document(name: &str, bytes: &[u8]) -> String {
    let mut sources = SourceMap::new();
    let (file, text, mut diags) = match check_bytes(bytes, DEFAULT_MAX_LEN) {
        Ok(text) => {
            let file = sources.add(name, text, FileKind::Document);
            (file, text.to_string(), Vec::new())
        }
        Err(e) => {
            // The text is added lossily so that the error's offset can be shown in context.
            let file = sources.add(
                name,
                String::from_utf8_lossy(bytes).into_owned(),
                FileKind::Document,
            );
            let diag: Diagnostic = e.located(file).into();
            (file, String::new(), vec![diag])
        }
    };
    let mut out = String::new();
    if diags.is_empty() {
        let (doc, more) = parse_document_as(file, &text, DocumentFormat::of_path(name));
        diags = more;
        let field = |v: &Option<String>| v.as_deref().map_or("-".to_string(), |s| format!("{s:?}"));
        out.push_str(&format!("title: {}\n", field(&doc.title)));
        out.push_str(&format!("author: {}\n", field(&doc.author)));
        out.push_str(&format!("outlet: {}\n", field(&doc.outlet)));
        out.push_str(&format!(
            "date: {}\n",
            doc.date.map_or("-".to_string(), |d| d.to_string())
        ));
        out.push_str(&format!("url: {}\n", field(&doc.url)));
        let byline = doc
            .byline
            .clone()
            .map_or("-".to_string(), |r| format!("{:?}", &text[r]));
        out.push_str(&format!("byline: {byline}\n"));
        let body = &text[doc.body.clone()];
        let first = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        out.push_str(&format!(
            "body: {}..{} starting {first:?}\n",
            doc.body.start, doc.body.end
        ));
    }
    for d in &diags {
        let (line, column) = sources.line_col(d.span);
        out.push_str(&format!(
            "error[{}] {}:{}:{} ({}..{}): {}\n",
            d.code, name, line, column, d.span.start, d.span.end, d.message
        ));
        if let Some(label) = &d.label {
            let shown = sources.slice(d.span);
            out.push_str(&format!("  label {label:?} on {shown:?}\n"));
        }
        if let Some(help) = &d.help {
            out.push_str(&format!("  help: {help}\n"));
        }
    }
    out
}

fn entry(text: &str, target: u32, kind: MentionKind) -> LexiconEntry {
    LexiconEntry {
        text: text.to_string(),
        target,
        kind,
    }
}

/// A small lexicon of the kind a rule pack declares.
fn lexicon() -> Lexicon {
    use MentionKind::*;
    Lexicon::new(vec![
        entry("Russia", 1, Name),
        entry("Moscow", 1, Alias),
        entry("the Kremlin", 1, Alias),
        entry("Russian", 1, Demonym),
        entry("North Korea", 2, Name),
        entry("Pyongyang", 2, Alias),
        entry("North Korean", 2, Demonym),
        entry("South Korea", 3, Name),
        entry("Korea", 4, Name),
        entry("Korean", 4, Demonym),
        entry("US", 5, Alias),
        entry("U.S.", 5, Alias),
        entry("artillery shells", 6, Name),
        entry("Côte d'Ivoire", 7, Name),
        entry("Kim Jong Un", 8, Name),
        entry("Kim", 8, Alias),
    ])
}

/// Mentions as (text, target, possessive).
fn mentions(lex: &Lexicon, text: &str) -> Vec<(String, u32, bool)> {
    lex.find(text, 0..text.len())
        .iter()
        .map(|m| (slice(text, m.span).to_string(), m.target, m.possessive))
        .collect()
}

fn m(text: &str, target: u32, possessive: bool) -> (String, u32, bool) {
    (text.to_string(), target, possessive)
}

// ---------------------------------------------------------------------------------------------
// Fixture folders.

#[test]
fn sentence_fixtures() {
    snapshot_settings().bind(|| {
        insta::glob!("extract/sentences/*.txt", |path| {
            let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
            let units = split(&text, 0..text.len());
            check_units(&text, 0..text.len(), &units);
            insta::assert_snapshot!(print_units(&text, &units));
        });
    });
}

#[test]
fn document_fixtures() {
    snapshot_settings().bind(|| {
        insta::glob!("extract/documents/*.{txt,md}", |path| {
            let bytes = std::fs::read(path).expect("fixture is readable");
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            insta::assert_snapshot!(print_document(name, &bytes));
        });
    });
}

// ---------------------------------------------------------------------------------------------
// Documents.

#[test]
fn front_matter_fills_metadata_and_body_follows_it() {
    let text = "---\ntitle: T\nauthor: A\noutlet: O\ndate: 2023-09-13\nurl: u\n---\nBy Other Person\n\nBody.\n";
    let (doc, diags) = parse_document(FileId(0), text);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(doc.title.as_deref(), Some("T"));
    assert_eq!(
        doc.author.as_deref(),
        Some("A"),
        "front matter wins over the byline"
    );
    assert_eq!(doc.outlet.as_deref(), Some("O"));
    assert_eq!(
        doc.date.map(|d| d.to_string()).as_deref(),
        Some("2023-09-13")
    );
    assert_eq!(doc.url.as_deref(), Some("u"));
    assert!(text[doc.body.clone()].starts_with("By Other Person"));
    assert_eq!(doc.byline.map(|r| &text[r]), Some("By Other Person"));
}

#[test]
fn unknown_key_points_at_the_key() {
    let text = "---\ntitle: T\nauhtor: A\n---\nBody.\n";
    let (doc, diags) = parse_document(FileId(0), text);
    assert_eq!(diags.len(), 1);
    let d = &diags[0];
    assert_eq!(d.code, "claimcheck::document::unknown_key");
    assert_eq!(&text[d.span.range()], "auhtor");
    assert_eq!(d.help.as_deref(), Some("did you mean `author`?"));
    assert_eq!(&text[doc.body], "Body.\n", "the body is still found");
}

#[test]
fn bad_date_points_at_the_value() {
    let text = "---\ndate: 2023-13-01\n---\nBody.\n";
    let (doc, diags) = parse_document(FileId(0), text);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "claimcheck::document::bad_date");
    assert_eq!(&text[diags[0].span.range()], "2023-13-01");
    assert_eq!(doc.date, None);
}

#[test]
fn empty_documents_are_errors() {
    for text in ["", "  \n\n\t", "---\ntitle: x\n---\n\n"] {
        let (_, diags) = parse_document(FileId(0), text);
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["claimcheck::document::empty"], "{text:?}");
    }
}

#[test]
fn bytes_are_checked_before_they_become_text() {
    assert_eq!(check_bytes(b"Kim\xe2\x80\x99s", 100).ok(), Some("Kim’s"));
    let e = check_bytes(b"ab\ncd\xe9f", 100).unwrap_err();
    assert_eq!(e.offset(), 5);
    assert_eq!(
        e.to_string(),
        "not valid UTF-8: bad byte at line 2, column 3"
    );
    let e = check_bytes(b"a\x00b", 100).unwrap_err();
    assert_eq!(e.offset(), 1);
    assert!(e.to_string().starts_with("binary file"));
    let e = check_bytes(b"abcdef", 5).unwrap_err();
    assert_eq!(e.to_string(), "too large: 6 bytes, the limit is 5");
    let diag: Diagnostic = e.located(FileId(3)).into();
    assert_eq!(diag.code, "claimcheck::document::too_large");
}

#[test]
fn bylines_give_the_author() {
    let cases = [
        ("By Jane Doe\n\nText.", Some("Jane Doe")),
        (
            "By Jane Doe and John Roe\n\nText.",
            Some("Jane Doe and John Roe"),
        ),
        ("BY JANE DOE\n\nText.", Some("Jane Doe")),
        (
            "Title\n\nBy Ursula von der Leyen\n\nText.",
            Some("Ursula von der Leyen"),
        ),
        ("By Monday, the troops had left.", None),
        (
            "Text.\n\nMore.\n\nMore.\n\nMore.\n\nMore.\n\nBy Jane Doe\n",
            None,
        ),
    ];
    for (text, author) in cases {
        let (doc, _) = parse_document_as(FileId(0), text, DocumentFormat::Text);
        assert_eq!(doc.author.as_deref(), author, "{text:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens.

#[test]
fn words_keep_apostrophes_and_hyphens() {
    use TokenKind::*;
    assert_eq!(
        tokens("Russia's Kim’s Komsomolsk-on-Amur Su-35S COVID-19 35-year-old"),
        vec![
            ("Russia's", Word),
            ("Kim’s", Word),
            ("Komsomolsk-on-Amur", Word),
            ("Su-35S", Word),
            ("COVID-19", Word),
            ("35-year-old", Word),
        ]
    );
}

#[test]
fn numbers_keep_separators() {
    use TokenKind::*;
    assert_eq!(
        tokens("1,000 3.5 7,000. 2022-2023 1,00"),
        vec![
            ("1,000", Number),
            ("3.5", Number),
            ("7,000", Number),
            (".", Punct),
            ("2022", Number),
            ("-", Dash),
            ("2023", Number),
            ("1", Number),
            (",", Punct),
            ("00", Number),
        ]
    );
}

#[test]
fn quotes_and_dashes_have_their_own_kinds() {
    use TokenKind::*;
    assert_eq!(
        tokens("“a” \"b\" ‘c’ 'd' — – --"),
        vec![
            ("“", Quote),
            ("a", Word),
            ("”", Quote),
            ("\"", Quote),
            ("b", Word),
            ("\"", Quote),
            ("‘", Quote),
            ("c", Word),
            ("’", Quote),
            ("'", Quote),
            ("d", Word),
            ("'", Quote),
            ("—", Dash),
            ("–", Dash),
            ("--", Dash),
        ]
    );
}

#[test]
fn dotted_abbreviations_are_one_word() {
    let t = tokens("the U.S. and e.g. J.R.R. and U.S.-led");
    let words: Vec<_> = t.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        words,
        [
            "the", "U.S.", "and", "e.g.", "J.R.R.", "and", "U.S.", "-", "led"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Sentences.

#[test]
fn abbreviations_do_not_end_sentences() {
    assert_eq!(
        sentences("Dr. Roe met Mr. Kim on Sept. 13. The U.S. envoy came. He left."),
        [
            "Dr. Roe met Mr. Kim on Sept. 13.",
            "The U.S. envoy came.",
            "He left."
        ]
    );
    assert_eq!(
        sentences("U.S. officials said so. U.N. staff agreed."),
        ["U.S. officials said so.", "U.N. staff agreed."]
    );
}

#[test]
fn an_abbreviation_can_end_a_sentence_before_a_sentence_starter() {
    assert_eq!(
        sentences("She moved to the U.S. The move was quick."),
        ["She moved to the U.S.", "The move was quick."]
    );
    assert_eq!(
        sentences("He works at Acme Inc. The firm grew."),
        ["He works at Acme Inc.", "The firm grew."]
    );
}

#[test]
fn initials_do_not_end_sentences() {
    assert_eq!(
        sentences("Kim J. Un arrived. J. R. R. Tolkien wrote."),
        ["Kim J. Un arrived.", "J. R. R. Tolkien wrote."]
    );
}

#[test]
fn numbers_do_not_end_sentences() {
    assert_eq!(
        sentences("About 1,000 came. The rate was 3.5 per cent. It rose."),
        [
            "About 1,000 came.",
            "The rate was 3.5 per cent.",
            "It rose."
        ]
    );
}

#[test]
fn ellipses_end_sentences_only_before_a_capital() {
    assert_eq!(
        sentences("He paused... then went on. She waited… The end came."),
        ["He paused... then went on.", "She waited…", "The end came."]
    );
}

#[test]
fn a_quotation_that_continues_the_sentence_stays_in_it() {
    assert_eq!(
        sentences("\"We will win,\" he said. Then he left."),
        ["\"We will win,\" he said.", "Then he left."]
    );
    assert_eq!(
        sentences("“We will win,” he said. Then he left."),
        ["“We will win,” he said.", "Then he left."]
    );
    assert_eq!(
        sentences("\"We will win. We will prevail,\" he said. Then he left."),
        [
            "\"We will win. We will prevail,\" he said.",
            "Then he left."
        ]
    );
    assert_eq!(
        sentences("“Is it over?” she asked. Yes."),
        ["“Is it over?” she asked.", "Yes."]
    );
}

#[test]
fn a_quotation_of_several_sentences_splits_when_nothing_follows() {
    assert_eq!(
        sentences("He said: \"The deal is done. Nothing more.\" They disagreed."),
        [
            "He said: \"The deal is done.",
            "Nothing more.\"",
            "They disagreed."
        ]
    );
}

#[test]
fn dashes_do_not_end_sentences() {
    assert_eq!(
        sentences("Russia — which denies it — spoke. The jet – a Su-35S – flew."),
        [
            "Russia — which denies it — spoke.",
            "The jet – a Su-35S – flew."
        ]
    );
}

#[test]
fn list_items_are_their_own_units() {
    let text = "Results:\n- trade\n- energy. Not arms\n* a visit\n• a talk\n1. First item.\n2) Second item\n(a) Third\n  wrapped.\n";
    assert_eq!(
        sentences(text),
        [
            "Results:",
            "trade",
            "energy.",
            "Not arms",
            "a visit",
            "a talk",
            "First item.",
            "Second item",
            "Third\n  wrapped."
        ]
    );
    let units = split(text, 0..text.len());
    assert_eq!(
        units.paragraphs.len(),
        1,
        "a list without blank lines is one paragraph"
    );
}

#[test]
fn blank_lines_and_headings_break_paragraphs() {
    let text = "# Title here\nFirst paragraph. Still first.\n\n  \nSecond paragraph\nwraps here.\n";
    let units = split(text, 0..text.len());
    let paragraphs: Vec<Vec<&str>> = units
        .paragraphs
        .iter()
        .map(|p| {
            units
                .paragraph_sentences(p)
                .iter()
                .map(|s| slice(text, s.span))
                .collect()
        })
        .collect();
    assert_eq!(
        paragraphs,
        vec![
            vec!["Title here"],
            vec!["First paragraph.", "Still first."],
            vec!["Second paragraph\nwraps here."]
        ]
    );
}

#[test]
fn spans_are_byte_exact_with_multibyte_text() {
    let text = "Kim’s visit to 서울 ended. “Café” — naïve! Done.";
    let units = split(text, 0..text.len());
    let got: Vec<&str> = units
        .sentences
        .iter()
        .map(|s| slice(text, s.span))
        .collect();
    assert_eq!(
        got,
        ["Kim’s visit to 서울 ended.", "“Café” — naïve!", "Done."]
    );
    let first = &units.tokens[0];
    assert_eq!(first.span, (0, 7), "“’” is three bytes");
    assert_eq!(slice(text, units.tokens[3].span), "서울");
}

#[test]
fn only_the_body_is_split() {
    let text = "---\ntitle: T\n---\nOne. Two.\n";
    let (doc, _) = parse_document(FileId(0), text);
    let units = split(text, doc.body.clone());
    let got: Vec<&str> = units
        .sentences
        .iter()
        .map(|s| slice(text, s.span))
        .collect();
    assert_eq!(got, ["One.", "Two."]);
    assert_eq!(units.sentences[0].span.0 as usize, doc.body.start);
}

#[test]
fn seed_sentences_include_the_key_claims() {
    let text = include_str!("../seeds/000_eae76bd1c749ef67.txt");
    let got = sentences(text);
    assert!(got.contains(&"By Aishwarya Sanjukta Roy Proma"));
    assert!(got.contains(
        &"Russia is seeking to purchase additional artillery shells from North Korea to replenish its depleted \
          stocks that have been used in the war against Ukraine."
    ));
    assert!(got.contains(
        &"However, Putin denied that any such agreement was made and said that Moscow fully complied with the UN \
          sanctions on North Korea’s nuclear and missile programs."
    ));
    assert!(
        got.iter()
            .any(|s| s.starts_with("On September 11, 2023, Kim Jong Un traveled"))
    );
}

// ---------------------------------------------------------------------------------------------
// Lexicon.

#[test]
fn longest_match_wins() {
    let lex = lexicon();
    assert_eq!(
        mentions(&lex, "North Korea and Korea and South Korea's army"),
        [
            m("North Korea", 2, false),
            m("Korea", 4, false),
            m("South Korea's", 3, true)
        ]
    );
    assert_eq!(
        mentions(&lex, "Kim Jong Un met Kim."),
        [m("Kim Jong Un", 8, false), m("Kim", 8, false)]
    );
}

#[test]
fn possessives_with_both_apostrophes() {
    let lex = lexicon();
    assert_eq!(
        mentions(&lex, "Russia's and Russia’s and Russia' s"),
        [
            m("Russia's", 1, true),
            m("Russia’s", 1, true),
            m("Russia", 1, false)
        ]
    );
}

#[test]
fn demonyms_are_their_own_entries() {
    let lex = lexicon();
    let found = lex.find("Russian and North Korean troops", 0..31);
    let kinds: Vec<(u32, MentionKind)> = found.iter().map(|m| (m.target, m.kind)).collect();
    assert_eq!(
        kinds,
        [(1, MentionKind::Demonym), (2, MentionKind::Demonym)]
    );
}

#[test]
fn word_boundaries_are_respected() {
    let lex = lexicon();
    assert_eq!(
        mentions(&lex, "Koreans and Russians and USB and Moscowite"),
        []
    );
    assert_eq!(
        mentions(&lex, "Russia-North Korea ties"),
        [m("Russia", 1, false), m("North Korea", 2, false)]
    );
    assert_eq!(
        mentions(&lex, "North Koreans"),
        [],
        "no fall-back into a longer word"
    );
    assert_eq!(mentions(&lex, "Éa Korea"), [m("Korea", 4, false)]);
    assert_eq!(
        mentions(&lex, "ÉKorea éRussia"),
        [],
        "non-ASCII letters count as word characters"
    );
    assert_eq!(
        mentions(&lex, "O'Kim"),
        [],
        "an apostrophe between letters is inside a word"
    );
}

#[test]
fn falls_back_to_a_shorter_alias_when_the_longest_fails() {
    let lex = Lexicon::new(vec![
        entry("North Korea", 1, MentionKind::Name),
        entry("North Korean Army", 2, MentionKind::Name),
    ]);
    assert_eq!(mentions(&lex, "the North Korean Armyx"), []);
    assert_eq!(
        mentions(&lex, "the North Korea Armyx"),
        [m("North Korea", 1, false)]
    );
    let lex = Lexicon::new(vec![
        entry("New York", 1, MentionKind::Name),
        entry("New York Times", 2, MentionKind::Name),
        entry("York", 3, MentionKind::Name),
    ]);
    assert_eq!(
        mentions(&lex, "New York Timesy and York"),
        [m("New York", 1, false), m("York", 3, false)]
    );
}

#[test]
fn case_rules() {
    let lex = lexicon();
    assert_eq!(
        mentions(&lex, "The Kremlin said"),
        [m("The Kremlin", 1, false)]
    );
    assert_eq!(
        mentions(&lex, "the Kremlin said"),
        [m("the Kremlin", 1, false)]
    );
    assert_eq!(
        mentions(&lex, "the kremlin said"),
        [],
        "only the first letter may change case"
    );
    assert_eq!(
        mentions(&lex, "RUSSIA"),
        [],
        "capitalised aliases are case-sensitive"
    );
    assert_eq!(mentions(&lex, "tell us, US"), [m("US", 5, false)]);
    assert_eq!(
        mentions(
            &lex,
            "artillery shells, Artillery shells, Artillery Shells, ARTILLERY SHELLS"
        ),
        [
            m("artillery shells", 6, false),
            m("Artillery shells", 6, false),
            m("Artillery Shells", 6, false),
            m("ARTILLERY SHELLS", 6, false)
        ]
    );
}

#[test]
fn apostrophes_in_aliases_match_either_form() {
    let lex = lexicon();
    assert_eq!(
        mentions(&lex, "Côte d'Ivoire and Côte d’Ivoire’s"),
        [m("Côte d'Ivoire", 7, false), m("Côte d’Ivoire’s", 7, true)]
    );
}

#[test]
fn aliases_ending_in_punctuation_need_no_end_boundary() {
    let lex = lexicon();
    assert_eq!(mentions(&lex, "the U.S.-led push"), [m("U.S.", 5, false)]);
}

#[test]
fn ranges_limit_the_search_and_buffers_are_appended() {
    let lex = lexicon();
    let text = "Russia and Moscow and Pyongyang";
    let mut out: Vec<Mention> = Vec::new();
    lex.find_into(text, 7..17, &mut out);
    lex.find_into(text, 18..text.len(), &mut out);
    let got: Vec<&str> = out.iter().map(|m| slice(text, m.span)).collect();
    assert_eq!(got, ["Moscow", "Pyongyang"]);
    assert!(lex.find(text, 2..4).is_empty(), "a cut word has no mention");
    assert!(
        lex.find(text, std::ops::Range { start: 40, end: 10 })
            .is_empty(),
        "a bad range is empty, not a panic"
    );
}

#[test]
fn duplicate_texts_prefer_the_exact_spelling_then_names() {
    let lex = Lexicon::new(vec![
        entry("us", 1, MentionKind::Alias),
        entry("US", 2, MentionKind::Alias),
        entry("Georgia", 3, MentionKind::Alias),
        entry("Georgia", 4, MentionKind::Name),
        entry("", 5, MentionKind::Name),
    ]);
    let found = lex.find("US us Georgia", 0..13);
    let targets: Vec<u32> = found.iter().map(|m| m.target).collect();
    assert_eq!(targets, [2, 1, 4]);
    assert_eq!(lex.entry(found[2].entry).map(|e| e.target), Some(4));
}

#[test]
fn the_seed_mentions() {
    let text = include_str!("../seeds/000_eae76bd1c749ef67.txt");
    let lex = lexicon();
    let found = mentions(&lex, text);
    assert!(found.contains(&m("Russia’s", 1, true)));
    assert!(found.contains(&m("North Korea’s", 2, true)));
    assert!(found.contains(&m("North Korean", 2, false)));
    assert!(
        !found.iter().any(|(s, _, _)| s == "Korea"),
        "no bare Korea inside North/South Korea"
    );
}

// ---------------------------------------------------------------------------------------------
// Properties.

/// Every token and sentence span lies inside the body on character boundaries; tokens and
/// sentences are in order and do not overlap; sentences cover their tokens exactly.
fn check_units(text: &str, body: std::ops::Range<usize>, units: &TextUnits) {
    let ok = |s: (u32, u32)| {
        let (a, b) = (s.0 as usize, s.1 as usize);
        a < b
            && body.start <= a
            && b <= body.end
            && text.is_char_boundary(a)
            && text.is_char_boundary(b)
    };
    let mut prev = 0;
    for t in &units.tokens {
        assert!(ok(t.span), "token {:?} in {text:?}", t.span);
        assert!(t.span.0 >= prev, "tokens overlap in {text:?}");
        prev = t.span.1;
    }
    let mut prev_end = 0;
    let mut prev_tokens = 0;
    for s in &units.sentences {
        assert!(ok(s.span), "sentence {:?} in {text:?}", s.span);
        assert!(s.span.0 >= prev_end, "sentences overlap in {text:?}");
        assert!(s.tokens.start >= prev_tokens && s.tokens.start < s.tokens.end);
        let toks = units.sentence_tokens(s);
        assert_eq!(toks.len(), s.tokens.len());
        assert_eq!((toks[0].span.0, toks[toks.len() - 1].span.1), s.span);
        prev_end = s.span.1;
        prev_tokens = s.tokens.end;
    }
    let mut next = 0;
    for p in &units.paragraphs {
        assert_eq!(
            p.sentences.start, next,
            "paragraphs cover the sentences in order"
        );
        assert!(p.sentences.start < p.sentences.end);
        next = p.sentences.end;
    }
    assert_eq!(next as usize, units.sentences.len());
}

/// The surface forms an entry matches, restated from the documented rules.
fn forms(text: &str) -> Vec<String> {
    let flip = |s: &str| {
        let mut c = s.chars();
        let first = c.next().map(|f| {
            if f.is_uppercase() {
                f.to_lowercase().to_string()
            } else {
                f.to_uppercase().to_string()
            }
        });
        format!("{}{}", first.unwrap_or_default(), c.as_str())
    };
    let mut cased = vec![text.to_string(), flip(text)];
    if !text.chars().any(char::is_uppercase) {
        let title: Vec<String> = text.split(' ').map(flip).collect();
        cased.push(title.join(" "));
        cased.push(text.to_uppercase());
    }
    let mut out = Vec::new();
    for c in cased {
        out.push(c.replace('’', "'"));
        out.push(c.replace('\'', "’"));
    }
    out.sort();
    out.dedup();
    out
}

/// A naive match: length, rank (exact spelling, kind, entry index), end, possessive.
type Candidate = (usize, (u8, MentionKind, usize), usize, bool);

/// Tries every entry at every position: the specification of `Lexicon::find`, slowly.
fn naive_find(entries: &[LexiconEntry], text: &str) -> Vec<(usize, usize, u32, bool)> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let apostrophe = |c: Option<char>| matches!(c, Some('\'' | '’'));
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let before = text[..i].chars().next_back();
        let before2 = text[..i].chars().rev().nth(1);
        let mut best: Option<Candidate> = None;
        for (index, e) in entries.iter().enumerate() {
            for form in forms(&e.text) {
                if !text[i..].starts_with(&form) {
                    continue;
                }
                let first = form.chars().next();
                let last = form.chars().next_back();
                let inside_start =
                    word(first) && (word(before) || (apostrophe(before) && word(before2)));
                if inside_start {
                    continue;
                }
                let end = i + form.len();
                let mut rest = text[end..].chars();
                let (n1, n2, n3) = (rest.next(), rest.next(), rest.next());
                let (ok, possessive) = if !word(last) || n1.is_none() {
                    (true, false)
                } else if word(n1) {
                    (false, false)
                } else if apostrophe(n1) && word(n2) {
                    let poss = matches!(n2, Some('s' | 'S')) && !word(n3);
                    (poss, poss)
                } else {
                    (true, false)
                };
                if !ok {
                    continue;
                }
                let stop = if possessive {
                    end + n1.map_or(0, char::len_utf8) + 1
                } else {
                    end
                };
                let rank = (u8::from(form != e.text), e.kind, index);
                let better = match &best {
                    None => true,
                    Some((len, r, _, _)) => form.len() > *len || (form.len() == *len && rank < *r),
                };
                if better {
                    best = Some((form.len(), rank, stop, possessive));
                }
            }
        }
        match best {
            Some((_, (_, _, index), stop, possessive)) => {
                out.push((i, stop, entries[index].target, possessive));
                i = stop;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

fn property_entries() -> Vec<LexiconEntry> {
    use MentionKind::*;
    vec![
        entry("Korea", 1, Name),
        entry("North Korea", 2, Name),
        entry("North Korean", 3, Demonym),
        entry("South Korea", 4, Name),
        entry("the Kremlin", 5, Alias),
        entry("US", 6, Alias),
        entry("us", 7, Alias),
        entry("artillery shells", 8, Name),
        entry("d'Ivoire", 9, Name),
        entry("U.S.", 10, Alias),
        entry("é", 11, Alias),
        entry("(UN)", 12, Alias),
    ]
}

/// The property entries padded with never-matching aliases: none, enough to turn off the
/// prefilter, and enough to need the NFA (the three search strategies of the lexicon).
fn property_lexicons() -> &'static [Lexicon; 3] {
    static LEXICONS: std::sync::OnceLock<[Lexicon; 3]> = std::sync::OnceLock::new();
    LEXICONS.get_or_init(|| {
        let padded = |count: usize, len: usize| {
            let mut entries = property_entries();
            for i in 0..count {
                let text = format!("Zq{i} {}", "y".repeat(len));
                entries.push(entry(&text, 100, MentionKind::Alias));
            }
            Lexicon::new(entries)
        };
        [padded(0, 0), padded(200, 4), padded(2000, 40)]
    })
}

/// Text made of pieces that exercise boundaries, case and apostrophes.
fn lexicon_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Korea",
        "korea",
        "North",
        "north",
        " ",
        " ",
        "n",
        "s",
        "'s",
        "’s",
        "'",
        "’",
        "-",
        ".",
        "South",
        "the",
        "The",
        "Kremlin",
        "kremlin",
        "US",
        "us",
        "Us",
        "U.S.",
        "artillery",
        "Artillery",
        "ARTILLERY",
        "shells",
        "Shells",
        "SHELLS",
        "d'Ivoire",
        "d’Ivoire",
        "é",
        "É",
        "ü",
        "x",
        "(UN)",
        "(",
        ")",
        "UN",
        "\n",
    ]);
    prop::collection::vec(pieces, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_splits_into_valid_units(text in any::<String>()) {
        let units = split(&text, 0..text.len());
        check_units(&text, 0..text.len(), &units);
    }

    #[test]
    fn prose_like_text_splits_into_valid_units(
        text in "[a-zA-Z0-9 .,;:!?\"'“”‘’«»—–\\-\n•*#()éÉ한…\u{301}]{0,300}",
        cut in 0usize..400,
    ) {
        let units = split(&text, 0..text.len());
        check_units(&text, 0..text.len(), &units);
        // A body that starts anywhere (even inside a character) is clamped, not a panic.
        let start = cut.min(text.len());
        let units = split(&text, start..text.len());
        let mut body_start = start;
        while !text.is_char_boundary(body_start) {
            body_start += 1;
        }
        check_units(&text, body_start..text.len(), &units);
    }

    #[test]
    fn documents_never_panic(text in any::<String>(), bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let (doc, _) = parse_document(FileId(0), &text);
        prop_assert!(doc.body.end <= text.len() && text.is_char_boundary(doc.body.start));
        let framed = format!("---\n{text}\n---\nBody.");
        let (doc, _) = parse_document(FileId(0), &framed);
        prop_assert!(text.is_empty() || doc.body.end == framed.len());
        let _ = check_bytes(&bytes, 32);
    }

    #[test]
    fn lexicon_agrees_with_the_naive_matcher(text in lexicon_text()) {
        let expected = naive_find(&property_entries(), &text);
        for lex in property_lexicons() {
            let got: Vec<(usize, usize, u32, bool)> = lex
                .find(&text, 0..text.len())
                .iter()
                .map(|m| (m.span.0 as usize, m.span.1 as usize, m.target, m.possessive))
                .collect();
            prop_assert_eq!(&got, &expected, "text {:?}, {} patterns", text, lex.pattern_count());
        }
    }

    #[test]
    fn lexicon_never_panics_on_arbitrary_text(text in any::<String>(), a in 0usize..64, b in 0usize..64) {
        let lex = lexicon();
        for m in lex.find(&text, a..b.max(a)) {
            prop_assert!(text.is_char_boundary(m.span.0 as usize) && text.is_char_boundary(m.span.1 as usize));
        }
    }
}
