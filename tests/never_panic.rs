//! Never panic, never hang: property tests over the library's entry points with inputs no
//! fixture would think of.
//!
//! - the parser gets arbitrary bytes and arbitrary sequences of the language's tokens;
//! - the document layers (byte checks, front matter, sentences, tokens, the lexicon) get
//!   arbitrary text;
//! - statement files get arbitrary YAML built from the keys they know;
//! - whole small programs, valid or not (unknown names, unsafe variables, negation cycles,
//!   exploding rules), go through the whole pipeline and all three renderers, under limits.
//!
//! Each property also checks what must hold of any result: spans inside their text, on
//! character boundaries; errors with a position; a report that renders.

use claimcheck::check::{CheckOptions, Checked, check_loaded};
use claimcheck::diagnostic::{Diag, Diagnostic};
use claimcheck::eval::Limits;
use claimcheck::extract::document::{DocumentFormat, parse_document_as};
use claimcheck::extract::{Lexicon, LexiconEntry, MentionKind, check_bytes, split};
use claimcheck::load::Loaded;
use claimcheck::report::text::{TextOptions, render_text};
use claimcheck::source::{FileId, FileKind};
use claimcheck::syntax::print::print_rule_file;
use claimcheck::syntax::{parse_atom, parse_rule_file, parse_time};
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// The longest any single input may take through the whole pipeline.
const HANG: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------------
// The parser.

/// Words and punctuation of the language, including the extraction constructs, and a few
/// things that are not.
const TOKENS: &[&str] = &[
    "import",
    "type",
    "role",
    "entity",
    "predicate",
    "exclusive",
    "rule",
    "constraint",
    "reference",
    "document",
    "claim",
    "pattern",
    "frame",
    "lexicon",
    "cue",
    "anaphor",
    "not",
    "aka",
    "demonym",
    "speaks_for",
    "part_of",
    "located_in",
    "holds",
    "from",
    "until",
    "cite",
    "on",
    "during",
    "reported",
    "in",
    "at",
    "by",
    "author",
    "asserts",
    "denies",
    "symmetric",
    "transitive",
    "functional",
    "intended",
    "hedged",
    "state",
    "actor",
    "russia",
    "p",
    "q",
    "X",
    "Y",
    "_",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "|",
    "?",
    "*",
    "+",
    ",",
    ".",
    ":",
    ":-",
    "=",
    "!=",
    "<",
    ">=",
    "->",
    "..",
    "=>",
    "\"Russia\"",
    "\"a\\u{1F600}\"",
    "\"\\q\"",
    "\"open",
    "2023-09-13",
    "2023-02-30",
    "2023",
    "1,000",
    "1,00",
    "about 300",
    "more than 5",
    "5..3",
    "///",
    "//",
    "//!",
    "\n",
    "\r\n",
    "\t",
    "é",
    "\u{feff}",
    "\u{202e}",
    "@",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn parser_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let text = String::from_utf8_lossy(&bytes);
        parse_all_ways(&text)?;
    }

    #[test]
    fn parser_takes_any_token_sequence(
        tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..60),
        glue in proptest::sample::select(&[" ", "", "\n"][..]),
    ) {
        parse_all_ways(&tokens.join(glue))?;
    }
}

/// Parses `text` as a file, a proposition and a time; every error must point inside the
/// text, and a tree must print to text that parses to the same tree.
fn parse_all_ways(text: &str) -> Result<(), TestCaseError> {
    let file = FileId(0);
    match parse_rule_file(file, text) {
        Ok(ast) => {
            let printed = print_rule_file(&ast);
            let again = parse_rule_file(file, &printed);
            prop_assert!(
                again.is_ok(),
                "the printed form does not parse: {printed:?}"
            );
            prop_assert_eq!(
                again.map(|a| print_rule_file(&a)).unwrap_or_default(),
                printed
            );
        }
        Err(e) => prop_assert!(span_fits(e.span(), text), "{e:?} outside {text:?}"),
    }
    if let Err(e) = parse_atom(file, text, 7) {
        prop_assert!(e.span().end as usize <= text.len() + 7);
    }
    if let Err(e) = parse_time(file, text, 0) {
        prop_assert!(span_fits(e.span(), text));
    }
    Ok(())
}

fn span_fits(span: claimcheck::source::Span, text: &str) -> bool {
    let r = span.range();
    r.start <= r.end && r.end <= text.len()
}

// ---------------------------------------------------------------------------------------------
// Documents.

/// Pieces of news text that stress sentence and token rules.
const PROSE: &[&str] = &[
    "Kim Jong Un",
    "met",
    "Putin",
    "at the",
    "Vostochny Cosmodrome",
    "U.S.",
    "Dr.",
    "J. R. R.",
    "Mr",
    "said",
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "'s",
    "’s",
    "—",
    "–",
    "-",
    "...",
    "…",
    ".",
    "!",
    "?",
    ";",
    ":",
    ",",
    "(",
    ")",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "  ",
    "\t",
    "- ",
    "* ",
    "1.",
    "1,000",
    "3.5",
    "September 13, 2023",
    "By Jane Doe",
    "# Title",
    "---",
    "title: x",
    "date: 2023-09-13",
    "é",
    "e\u{301}",
    "😀",
    "\u{200b}",
    "\u{feff}",
    "North Korea's",
    "NORTH KOREA",
    "north korea",
    "Russia-North Korea",
    "the Kremlin",
];

fn aliases() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(
        prop_oneof![
            proptest::sample::select(PROSE).prop_map(str::to_string),
            "\\PC{0,12}",
        ],
        0..12,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn document_layers_take_any_text(
        parts in proptest::collection::vec(
            prop_oneof![proptest::sample::select(PROSE).prop_map(str::to_string), "\\PC{0,8}"],
            0..80,
        ),
        names in aliases(),
        cut in 0usize..100,
    ) {
        let text = parts.concat();
        document_layers(&text, &names, cut)?;
    }

    #[test]
    fn document_layers_take_any_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
        names in aliases(),
        cut in 0usize..100,
    ) {
        match check_bytes(&bytes, 1 << 20) {
            Ok(text) => document_layers(text, &names, cut)?,
            Err(_) => document_layers(&String::from_utf8_lossy(&bytes), &names, cut)?,
        }
    }
}

fn document_layers(text: &str, names: &[String], cut: usize) -> Result<(), TestCaseError> {
    for format in [DocumentFormat::Markdown, DocumentFormat::Text] {
        let (doc, diags) = parse_document_as(FileId(0), text, format);
        prop_assert!(doc.body.start <= doc.body.end && doc.body.end <= text.len());
        prop_assert!(text.is_char_boundary(doc.body.start) && text.is_char_boundary(doc.body.end));
        for d in &diags {
            prop_assert!(span_fits(d.span, text), "{d:?}");
        }
        let units = split(text, doc.body.clone());
        let mut last = doc.body.start;
        for t in &units.tokens {
            let (s, e) = (t.span.0 as usize, t.span.1 as usize);
            prop_assert!(last <= s && s < e && e <= doc.body.end, "token {s}..{e}");
            prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            last = e;
        }
        for s in &units.sentences {
            let (a, b) = (s.span.0 as usize, s.span.1 as usize);
            prop_assert!(a <= b && b <= text.len());
            prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
            let _ = units.sentence_tokens(s);
        }
        for p in &units.paragraphs {
            let _ = units.paragraph_sentences(p);
        }
    }
    let kinds = [MentionKind::Name, MentionKind::Alias, MentionKind::Demonym];
    let entries: Vec<LexiconEntry> = names
        .iter()
        .enumerate()
        .map(|(i, n)| LexiconEntry {
            text: n.clone(),
            target: i as u32,
            kind: kinds[i % 3],
        })
        .collect();
    let lexicon = Lexicon::new(entries);
    // The whole text, and a range cut anywhere (possibly inside a character).
    let from = cut * text.len() / 100;
    for range in [
        0..text.len(),
        from..text.len(),
        from..from / 2 + text.len() / 2,
    ] {
        let mut last = range.start;
        for m in lexicon.find(text, range.clone()) {
            let r = m.range();
            prop_assert!(last <= r.start && r.start < r.end && r.end <= range.end.max(range.start));
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            prop_assert!(lexicon.entry(m.entry).is_some());
            last = r.end;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Whole programs through the pipeline.

const WORLD: &str = "type actor\ntype state: actor\ntype person: actor\n\
    entity russia: state \"Russia\" aka \"Moscow\"\n\
    entity north_korea: state \"North Korea\"\n\
    entity putin: person \"Vladimir Putin\" speaks_for russia\n\
    predicate agreement(a: state, b: state) symmetric\n\
    predicate shells(s: state) -> number\n\
    document doc = \"doc.txt\"\n";

const DOC: &str = "US officials say an arms deal has been agreed. \
    Putin denied that any such agreement was made. Russia bought 300 shells.\n";

/// Reads choices from a byte tape; an exhausted tape reads zeros, so shrinking the tape
/// shrinks the program.
struct Tape<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Whether this program may hold mistakes (decided by its first byte).
    sloppy: bool,
}

impl<'a> Tape<'a> {
    fn new(bytes: &'a [u8]) -> Tape<'a> {
        let mut t = Tape {
            bytes,
            pos: 0,
            sloppy: false,
        };
        t.sloppy = t.next(2) == 0;
        t
    }
    /// Whether to make a mistake here: never in a careful program, one time in `n` otherwise.
    fn mistake(&mut self, n: usize) -> bool {
        self.sloppy && self.next(n) == 0
    }
    fn pick<'s>(&mut self, options: &[&'s str]) -> &'s str {
        let i = self.next(options.len());
        options.get(i).copied().unwrap_or("")
    }
    fn next(&mut self, n: usize) -> usize {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b as usize % n.max(1)
    }
}

/// The generated programs' predicates: name and argument types (`n` node, `s` state).
const PREDS: &[(&str, &str)] = &[
    ("p", "n"),
    ("q", "nn"),
    ("r", "nn"),
    ("s", "n"),
    ("agreement", "ss"),
    ("big", "s"),
];

/// Terms that are wrong anywhere: a misspelt entity, a person, a number, a string, a date.
const WRONG: &[&str] = &["rusia", "putin", "3", "\"a\"", "2023-09-13", "Q"];

fn constant(t: &mut Tape<'_>, ty: u8) -> String {
    match ty {
        b'n' => t.pick(&["n1", "n2", "n3"]),
        _ => t.pick(&["russia", "north_korea"]),
    }
    .to_string()
}

fn variable(t: &mut Tape<'_>, ty: u8) -> String {
    match ty {
        b'n' => t.pick(&["X", "Y", "Z"]),
        _ => t.pick(&["S", "T"]),
    }
    .to_string()
}

/// An atom whose arguments come from `term`; now and then one argument too many.
fn atom_with(t: &mut Tape<'_>, mut term: impl FnMut(&mut Tape<'_>, u8) -> String) -> String {
    let (name, types) = PREDS
        .get(t.next(PREDS.len()))
        .copied()
        .unwrap_or(("p", "n"));
    let mut args: Vec<String> = types.bytes().map(|ty| term(t, ty)).collect();
    if t.mistake(20) {
        args.push(t.pick(WRONG).to_string());
    }
    format!("{name}({})", args.join(", "))
}

/// A ground atom, sometimes with a wrong term.
fn ground_atom(t: &mut Tape<'_>) -> String {
    atom_with(t, |t, ty| {
        if t.mistake(15) {
            t.pick(WRONG).to_string()
        } else {
            constant(t, ty)
        }
    })
}

/// An atom for a rule body: variables, constants and wildcards; with `bound` set (for negated
/// atoms) only the variables in it, unless the program is sloppy.
fn body_atom(t: &mut Tape<'_>, bound: Option<&str>) -> String {
    atom_with(t, |t, ty| match t.next(8) {
        0 => constant(t, ty),
        1 => "_".to_string(),
        2 if t.mistake(4) => t.pick(WRONG).to_string(),
        _ => {
            let v = variable(t, ty);
            match bound {
                Some(b) if !b.contains(&v) && !t.mistake(2) => constant(t, ty),
                _ => v,
            }
        }
    })
}

/// A small program over the world: node entities, typed predicates, rules (recursive,
/// negated, with comparisons; now and then unsafe, cyclic or ill-typed), references, an
/// exclusive constraint and claims on the document.
fn program(t: &mut Tape<'_>) -> String {
    let mut out = String::from(WORLD);
    out.push_str("type node\nentity n1: node\nentity n2: node\nentity n3: node\n");
    out.push_str("predicate p(a: node)\npredicate q(a: node, b: node)\n");
    out.push_str("predicate r(a: node, b: node)\npredicate s(a: node)\npredicate big(a: state)\n");
    for i in 0..t.next(8) {
        let first = body_atom(t, None);
        let mut body = vec![first.clone()];
        for _ in 0..t.next(3) {
            body.push(match t.next(5) {
                0 => format!("not {}", body_atom(t, Some(&first))),
                1 => {
                    let (a, b) = (variable(t, b'n'), variable(t, b'n'));
                    let ok = |v: &str| first.contains(v);
                    // Nodes compare for equality only; ordering them is a type error.
                    let op = if t.mistake(3) {
                        t.pick(&["<", ">="])
                    } else {
                        t.pick(&["=", "!="])
                    };
                    if (ok(&a) && ok(&b)) || t.mistake(2) {
                        format!("{a} {op} {b}")
                    } else {
                        body_atom(t, None)
                    }
                }
                _ => body_atom(t, None),
            });
        }
        // The head's variables are bound by the body's first atom, or are a mistake.
        let head = atom_with(t, |t, ty| {
            let v = variable(t, ty);
            if first.contains(&v) || t.mistake(4) {
                v
            } else {
                constant(t, ty)
            }
        });
        out.push_str(&format!("rule r{i}: {head} :- {}.\n", body.join(", ")));
    }
    for _ in 0..t.next(4) {
        let not = if t.next(4) == 0 { "not " } else { "" };
        out.push_str(&format!("reference {not}{} cite \"x\"\n", ground_atom(t)));
    }
    if t.next(2) == 0 {
        let first = body_atom(t, None);
        let second = body_atom(t, Some(&first));
        out.push_str(&format!("exclusive {first}, {second}\n"));
    }
    // Claims about a few propositions, so that they often disagree.
    for _ in 0..t.next(6) {
        let quote = t.pick(&[
            "Putin denied",
            "an arms deal",
            "300 shells",
            "Russia bought",
        ]);
        let quote = if t.mistake(10) {
            "not in the text"
        } else {
            quote
        };
        let speaker = t.pick(&["putin", "author", "russia", "north_korea"]);
        let speaker = if t.mistake(10) { "putn" } else { speaker };
        let stance = t.pick(&["asserts", "denies", "asserts not"]);
        let atom = if t.next(3) == 0 {
            ground_atom(t)
        } else {
            t.pick(&[
                "big(russia)",
                "agreement(russia, north_korea)",
                "p(n1)",
                "q(n1, n2)",
            ])
            .to_string()
        };
        out.push_str(&format!(
            "claim in doc at \"{quote}\": {speaker} {stance} {atom}\n"
        ));
    }
    out
}

/// A statement file: well-formed entries mixed with wrong types, unknown keys, duplicates
/// and bad names.
fn statement_file(t: &mut Tape<'_>) -> String {
    let mut out = String::new();
    if t.next(3) == 0 {
        out.push_str(t.pick(&[
            "schema: claimcheck.statements/1\n",
            "schema: x\n",
            "schema: [\n",
        ]));
    }
    out.push_str("statements:\n");
    for _ in 0..t.next(4) {
        out.push_str("  - document: ");
        out.push_str(t.pick(&["doc.txt", "missing.txt", "[doc.txt]", "\"doc.txt\""]));
        out.push('\n');
        for key in [
            "quote",
            "speaker",
            "stance",
            "proposition",
            "span",
            "time",
            "extra",
        ] {
            if t.next(5) == 0 {
                continue;
            }
            let value = match key {
                "quote" => t.pick(&["Putin denied", "an arms deal", "nowhere", "3", "[a]"]),
                "speaker" => t.pick(&["putin", "author", "reference", "putn", "{a: b}"]),
                "stance" => t.pick(&["asserts", "denies", "negates", "believes", "[1]"]),
                "proposition" => t.pick(&[
                    "agreement(russia, north_korea)",
                    "agreement(russia north_korea)",
                    "shells(russia) = about 300",
                    "agremeent(russia, x)",
                    "\"\"",
                ]),
                "span" => t.pick(&["{start: 47, end: 59}", "{start: 99, end: 1}", "{start: x}"]),
                "time" => t.pick(&["2023-09-13", "2023-02-30", "2023..2022", "soon"]),
                _ => t.pick(&["1", "&a x", "*a", "!!binary aGk="]),
            };
            out.push_str(&format!("    {key}: {value}\n"));
            if t.next(20) == 0 {
                out.push_str(&format!("    {key}: {value}\n"));
            }
        }
    }
    out
}

/// Runs one generated case through `check_loaded` and the renderers.
fn run_case(rules: &str, doc: &str, statements: Option<&str>, limits: Limits) -> Checked {
    let mut loaded = Loaded::default();
    let rules_id = loaded.sources.add("case.claims", rules, FileKind::Rules);
    match parse_rule_file(rules_id, rules) {
        Ok(ast) => loaded.rule_files.push((rules_id, ast)),
        Err(e) => loaded.diagnostics.push(Diagnostic::from_diag(&e)),
    }
    let doc_id = loaded.sources.add("doc.txt", doc, FileKind::Document);
    loaded.documents.push(doc_id);
    if let Some(s) = statements {
        let id = loaded
            .sources
            .add("statements.yaml", s, FileKind::Statements);
        loaded.statement_files.push(id);
    }
    let options = CheckOptions {
        default_rules: false,
        limits,
        explain: true,
        max_contradictions: 50,
        ..CheckOptions::default()
    };
    check_loaded(&mut loaded, &options)
}

fn small_limits() -> Limits {
    Limits {
        max_facts: 5_000,
        max_iterations: 500,
        max_time: Duration::from_secs(5),
        max_violations: 500,
        ..Limits::default()
    }
}

fn assert_report_is_sound(checked: &Checked) -> Result<(), TestCaseError> {
    let _ = render_text(
        &checked.report,
        &checked.sources,
        &checked.diagnostics,
        TextOptions::default(),
    );
    let json = checked.report.to_json();
    prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    let _ = checked.report.to_yaml();
    for d in &checked.diagnostics {
        let file = checked.sources.file(d.span.file);
        prop_assert!(
            d.span.range().end <= file.text.len(),
            "{d:?} outside {}",
            file.path
        );
    }
    for e in &checked.report.errors {
        prop_assert!(e.line >= 1 && e.column >= 1 && e.code.starts_with("claimcheck::"));
    }
    for s in &checked.report.statements {
        prop_assert!(s.span.start <= s.span.end && s.span.line >= 1);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_small_program_runs_to_a_report(tape in proptest::collection::vec(any::<u8>(), 0..120)) {
        let mut t = Tape::new(&tape);
        let rules = program(&mut t);
        let started = Instant::now();
        let checked = run_case(&rules, DOC, None, small_limits());
        prop_assert!(started.elapsed() < HANG, "took {:?}:\n{rules}", started.elapsed());
        assert_report_is_sound(&checked)?;
    }

    #[test]
    fn any_statement_file_runs_to_a_report(tape in proptest::collection::vec(any::<u8>(), 0..120)) {
        let mut t = Tape::new(&tape);
        let statements = statement_file(&mut t);
        let checked = run_case(WORLD, DOC, Some(&statements), small_limits());
        assert_report_is_sound(&checked)?;
        // Every entry is either loaded or reported: a file with entries and no statements
        // has errors.
        let entries = statements.matches("  - document:").count();
        if entries > 0 && checked.report.statements.is_empty() {
            prop_assert!(checked.has_errors(), "{statements}");
        }
    }

    #[test]
    fn any_text_as_rules_document_and_statements(
        rules in "\\PC{0,200}",
        doc in "\\PC{0,200}",
        statements in "\\PC{0,200}",
    ) {
        let checked = run_case(&rules, &doc, Some(&statements), small_limits());
        assert_report_is_sound(&checked)?;
    }
}

/// Rules that would derive without end (every pair of a growing domain, here bounded only by
/// the limits) stop at the limit, and the report says which.
#[test]
fn exploding_rules_stop_at_the_facts_limit() {
    let mut rules = String::from("type node\n");
    for i in 0..60 {
        rules.push_str(&format!("entity n{i}: node\n"));
    }
    rules.push_str(
        "predicate node(a: node)\npredicate pair(a: node, b: node)\n\
         predicate triple(a: node, b: node, c: node)\n",
    );
    for i in 0..60 {
        rules.push_str(&format!("reference node(n{i}) cite \"x\"\n"));
    }
    rules.push_str("rule pairs: pair(A, B) :- node(A), node(B).\n");
    rules.push_str("rule triples: triple(A, B, C) :- pair(A, B), node(C).\n");
    let started = Instant::now();
    let checked = run_case(&rules, DOC, None, small_limits());
    assert!(started.elapsed() < HANG);
    assert_eq!(
        checked.report.summary.limits_hit,
        ["facts limit of 5000 reached; the report shows what was found before it"]
    );
}

/// The program generator is only worth something if its programs reach evaluation and find
/// contradictions, not just fail to parse: a fixed sample of tapes shows it does.
#[test]
fn generated_programs_reach_every_phase() {
    let (mut clean, mut with_contradictions, mut with_errors) = (0, 0, 0);
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..200 {
        let tape: Vec<u8> = (0..120)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        let rules = program(&mut Tape::new(&tape));
        let checked = run_case(&rules, DOC, None, small_limits());
        if checked.has_errors() {
            with_errors += 1;
        } else {
            clean += 1;
        }
        if !checked.report.contradictions.is_empty() {
            with_contradictions += 1;
        }
    }
    assert!(clean >= 60, "only {clean} of 200 programs have no error");
    assert!(
        with_errors >= 40,
        "only {with_errors} of 200 programs have errors"
    );
    assert!(
        with_contradictions >= 10,
        "only {with_contradictions} find contradictions"
    );
}
