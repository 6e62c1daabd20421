//! The `.claims` parser: every fixture in `tests/syntax/ok` parses and is snapshot in canonical
//! printed form (and prints back to itself); every fixture in `tests/syntax/err` fails and its
//! error is snapshot as a user sees it. Then direct checks of the semantics a snapshot could
//! bless by mistake (spans, numbers, dates, doc comments), and property tests: no input makes
//! the parser panic, and whatever parses prints back to the same tree.

use claimcheck::diagnostic::Diag;
use claimcheck::source::{FileId, FileKind, SourceMap, Span};
use claimcheck::syntax::ast::*;
use claimcheck::syntax::print::print_rule_file;
use claimcheck::syntax::{SyntaxError, parse_atom, parse_rule_file, parse_time};
use claimcheck::value::{Date, Qualifier, Quantity};
use proptest::prelude::*;

fn parse(text: &str) -> Result<RuleFile, SyntaxError> {
    parse_rule_file(FileId(0), text)
}

fn parse_ok(text: &str) -> RuleFile {
    match parse(text) {
        Ok(f) => f,
        Err(e) => panic!("{text:?} should parse, got {e} ({})", e.code()),
    }
}

fn parse_err(text: &str) -> SyntaxError {
    match parse(text) {
        Ok(f) => panic!("{text:?} should fail, parsed as:\n{}", print_rule_file(&f)),
        Err(e) => e,
    }
}

/// An error as a user sees it: code, position, message, the source line with the span
/// underlined and its label, then the help.
fn render_error(path: &str, text: &str, err: &SyntaxError) -> String {
    let mut map = SourceMap::new();
    let id = map.add(path, text, FileKind::Rules);
    let span = Span {
        file: id,
        ..err.span()
    };
    let file = map.file(id);
    let (line, col) = file.line_col(span.start as usize);
    let (end_line, end_col) = file.line_col(span.end as usize);
    let mut out = format!("{}\n  --> {line}:{col}..{end_line}:{end_col}\n", err.code());
    out.push_str(&format!("message: {err}\n"));
    let source_line = text.lines().nth(line - 1).unwrap_or("");
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
        err.label().unwrap_or_default()
    ));
    if let Some(help) = err.help() {
        out.push_str(&format!("help: {help}\n"));
    }
    out
}

fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("syntax/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

#[test]
fn ok_fixtures() {
    snapshot_settings().bind(|| {
        insta::glob!("syntax/ok/*.claims", |path| {
            let text = std::fs::read_to_string(path).expect("fixture is readable");
            let printed = print_rule_file(&parse_ok(&text));
            // The printed form is itself valid and prints back to the same text.
            assert_eq!(
                print_rule_file(&parse_ok(&printed)),
                printed,
                "round trip of {path:?}"
            );
            insta::assert_snapshot!(printed);
        });
    });
}

#[test]
fn err_fixtures() {
    snapshot_settings().bind(|| {
        insta::glob!("syntax/err/*.claims", |path| {
            let text = std::fs::read_to_string(path).expect("fixture is readable");
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let err = parse_err(&text);
            assert!(err.span().end as usize <= text.len());
            insta::assert_snapshot!(render_error(name, &text, &err));
        });
    });
}

// ---------------------------------------------------------------------------------------------
// Direct checks.

fn single<T>(file: RuleFile, pick: impl Fn(Item) -> Option<T>) -> T {
    let mut items = file.items.into_iter();
    let item = items.next().expect("one item");
    assert!(items.next().is_none(), "exactly one item");
    pick(item).expect("item of the expected kind")
}

fn slice(text: &str, span: Span) -> &str {
    &text[span.range()]
}

#[test]
fn ident_spans_point_at_the_names() {
    let text = "entity putin: person \"Vladimir Putin\" speaks_for russia";
    let e = single(parse_ok(text), |i| match i {
        Item::Entity(e) => Some(e),
        _ => None,
    });
    assert_eq!(slice(text, e.name.span), "putin");
    assert_eq!(slice(text, e.ty.span), "person");
    let display = e.display.expect("display name");
    assert_eq!(display.value, "Vladimir Putin");
    assert_eq!(slice(text, display.span), "\"Vladimir Putin\"");
    assert_eq!(slice(text, e.span), text);
    match e.relations.as_slice() {
        [EntityRelation::SpeaksFor(r)] => assert_eq!(slice(text, r.span), "russia"),
        other => panic!("unexpected relations {other:?}"),
    }
}

#[test]
fn rule_spans_cover_head_body_and_literals() {
    let text = "  rule r: v(B, x) :- t(n, B, _), not e(B), B != x.  ";
    let r = single(parse_ok(text), |i| match i {
        Item::Rule(r) => Some(r),
        _ => None,
    });
    assert_eq!(
        slice(text, r.span),
        "rule r: v(B, x) :- t(n, B, _), not e(B), B != x."
    );
    assert_eq!(slice(text, r.head.span), "v(B, x)");
    assert!(matches!(&r.head.args[0], Term::Var(v) if v.name == "B" && slice(text, v.span) == "B"));
    assert!(matches!(&r.head.args[1], Term::Name(n) if n.name == "x"));
    match r.body.as_slice() {
        [Literal::Pos(a), Literal::Neg(n, nspan), Literal::Cmp(c)] => {
            assert_eq!(slice(text, a.span), "t(n, B, _)");
            assert!(matches!(a.args[2], Term::Wildcard(s) if slice(text, s) == "_"));
            assert_eq!(slice(text, *nspan), "not e(B)");
            assert_eq!(slice(text, n.span), "e(B)");
            assert_eq!(c.op, CmpOp::Ne);
            assert_eq!(slice(text, c.span), "B != x");
        }
        other => panic!("unexpected body {other:?}"),
    }
}

fn number(text: &str) -> NumberLit {
    let src = format!("reference c(a) = {text} cite \"x\"");
    let r = single(parse_ok(&src), |i| match i {
        Item::Reference(r) => Some(r),
        _ => None,
    });
    match r.atom.output {
        Some(Term::Number(n)) => {
            assert_eq!(slice(&src, n.span), text, "number span");
            n
        }
        other => panic!("{text:?} is not a number: {other:?}"),
    }
}

#[test]
fn numbers_keep_qualifier_range_and_unit() {
    let q = |qualifier, value, upper, unit: Option<&str>| Quantity {
        qualifier,
        value,
        upper,
        unit: unit.map(str::to_string),
    };
    assert_eq!(number("1000").value, Quantity::exactly(1000.0));
    assert_eq!(
        number("1,000 container").value,
        q(Qualifier::Exactly, 1000.0, None, Some("container"))
    );
    assert_eq!(
        number("more than 1,000 container").value,
        q(Qualifier::MoreThan, 1000.0, None, Some("container"))
    );
    assert_eq!(
        number("about 7,000").value,
        q(Qualifier::About, 7000.0, None, None)
    );
    assert_eq!(
        number("~7000").value,
        q(Qualifier::About, 7000.0, None, None)
    );
    assert_eq!(
        number(">= 3.5 tonne").value,
        q(Qualifier::AtLeast, 3.5, None, Some("tonne"))
    );
    assert_eq!(
        number("at least 3").value,
        q(Qualifier::AtLeast, 3.0, None, None)
    );
    assert_eq!(
        number("less than 10").value,
        q(Qualifier::LessThan, 10.0, None, None)
    );
    assert_eq!(
        number("< 10").value,
        q(Qualifier::LessThan, 10.0, None, None)
    );
    assert_eq!(
        number("at most 2").value,
        q(Qualifier::AtMost, 2.0, None, None)
    );
    assert_eq!(number("<=2").value, q(Qualifier::AtMost, 2.0, None, None));
    assert_eq!(number("> 5").value, q(Qualifier::MoreThan, 5.0, None, None));
    assert_eq!(
        number("300,000..500,000 shell").value,
        q(Qualifier::Exactly, 300000.0, Some(500000.0), Some("shell"))
    );
    assert_eq!(
        number("-1,234.5").value,
        q(Qualifier::Exactly, -1234.5, None, None)
    );
    // A keyword after a number is not its unit.
    let src = "reference c(a) = 5 on 2023 cite \"x\"";
    let r = single(parse_ok(src), |i| match i {
        Item::Reference(r) => Some(r),
        _ => None,
    });
    assert!(matches!(r.atom.output, Some(Term::Number(ref n)) if n.value.unit.is_none()));
    assert!(
        matches!(r.time, Some(TimeLit::Date(ref d)) if d.value == Date { year: 2023, month: None, day: None })
    );
}

#[test]
fn two_years_are_a_number_range_but_a_date_end_makes_an_interval() {
    let n = number("2006..2019");
    assert_eq!(n.value.value, 2006.0);
    assert_eq!(n.value.upper, Some(2019.0));
    let atom = parse_atom(FileId(0), "p(2006..2019-05, 2006.., ..2019)", 0).expect("parses");
    let ends: Vec<(Option<Date>, Option<Date>)> = atom
        .args
        .iter()
        .map(|t| match t {
            Term::Interval(i) => (i.value.from, i.value.until),
            other => panic!("not an interval: {other:?}"),
        })
        .collect();
    let year = |y| {
        Some(Date {
            year: y,
            month: None,
            day: None,
        })
    };
    let month = |y, m| {
        Some(Date {
            year: y,
            month: Some(m),
            day: None,
        })
    };
    assert_eq!(
        ends,
        vec![
            (year(2006), month(2019, 5)),
            (year(2006), None),
            (None, year(2019))
        ]
    );
}

#[test]
fn digit_groups_need_three_digits_and_a_space_separates_arguments() {
    let atom = parse_atom(FileId(0), "p(1, 234, 1,234)", 0).expect("parses");
    assert_eq!(atom.args.len(), 3);
    assert!(matches!(&atom.args[2], Term::Number(n) if n.value.value == 1234.0));
    let err = parse_atom(FileId(0), "p(1,2)", 0).expect_err("1,2 is a bad group");
    assert_eq!(err.code(), "claimcheck::syntax::invalid_number");
}

#[test]
fn dates_are_validated() {
    let date = |s: &str| parse_time(FileId(0), s, 0);
    assert!(
        matches!(date("2024-02-29"), Ok(TimeLit::Date(d)) if d.value == Date::ymd(2024, 2, 29).unwrap())
    );
    assert!(
        matches!(date("2023-09"), Ok(TimeLit::Date(d)) if d.value.month == Some(9) && d.value.day.is_none())
    );
    assert!(matches!(date("2023"), Ok(TimeLit::Date(d)) if d.value.month.is_none()));
    for bad in [
        "2023-02-29",
        "2023-02-30",
        "2023-04-31",
        "2023-13",
        "2023-00",
        "2023-01-00",
        "2023-9-1",
        "23",
        "20233",
    ] {
        let err = date(bad).expect_err(bad);
        assert_eq!(err.code(), "claimcheck::syntax::invalid_date", "{bad}");
    }
    let err = date("2023-02-30").expect_err("no such day");
    assert_eq!(
        err.to_string(),
        "invalid date `2023-02-30`: February 2023 has 28 days"
    );
    assert!(date("2024-01..2023-12").is_err());
}

#[test]
fn times_parse_with_offsets() {
    // As if the text sat at byte 100 of a statement file.
    match parse_time(FileId(3), " 2023-10..2024-03 ", 100) {
        Ok(TimeLit::Interval(i)) => {
            assert_eq!(i.span, Span::new(FileId(3), 101, 117));
            assert_eq!(i.value.to_string(), "2023-10..2024-03");
        }
        other => panic!("{other:?}"),
    }
    match parse_time(FileId(0), "2006..", 0) {
        Ok(TimeLit::Interval(i)) => assert_eq!(i.value.to_string(), "2006.."),
        other => panic!("{other:?}"),
    }
    let err = parse_time(FileId(0), "2023-09-13 x", 40).expect_err("trailing text");
    assert_eq!(err.span(), Span::new(FileId(0), 51, 52));
    assert_eq!(err.to_string(), "expected end of input, found `x`");
}

#[test]
fn atoms_parse_with_offsets_and_outputs() {
    let text = "met_at(kim, putin, 2023) = vladivostok";
    let atom = parse_atom(FileId(1), text, 10).expect("parses");
    assert_eq!(atom.pred.name, "met_at");
    assert_eq!(atom.pred.span, Span::new(FileId(1), 10, 16));
    assert_eq!(atom.span, Span::new(FileId(1), 10, 10 + text.len()));
    assert!(
        matches!(atom.output, Some(Term::Name(ref n)) if n.name == "vladivostok" && n.span.start == 37)
    );
    assert!(matches!(&atom.args[2], Term::Number(n) if n.value == Quantity::exactly(2023.0)));

    let err =
        parse_atom(FileId(1), "arms_agreement(russia north_korea)", 5).expect_err("missing comma");
    assert_eq!(err.code(), "claimcheck::syntax::unexpected_token");
    assert_eq!(
        err.to_string(),
        "expected `,` or `)` after `russia`, found `north_korea`"
    );
    assert_eq!(err.span(), Span::new(FileId(1), 27, 38));

    let err = parse_atom(FileId(0), "", 0).expect_err("empty");
    assert_eq!(
        err.to_string(),
        "expected a predicate name, found end of input"
    );
    let err = parse_atom(FileId(0), "p(\"a)", 7).expect_err("unterminated");
    assert_eq!(
        err,
        SyntaxError::UnterminatedString {
            span: Span::new(FileId(0), 9, 12)
        }
    );
}

#[test]
fn doc_comments_attach_to_the_next_item() {
    let text =
        "/// First.\n///Second.\n// plain\n///\n///  indented\nrule r: p(X) :- q(X).\ntype t";
    let file = parse_ok(text);
    match file.items.as_slice() {
        [Item::Rule(r), Item::Type(t)] => {
            assert_eq!(r.doc.as_deref(), Some("First.\nSecond.\n\n indented"));
            assert_eq!(slice(text, r.span), "rule r: p(X) :- q(X).");
            assert_eq!(t.doc, None);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn claims_keep_speaker_stance_modality_and_times() {
    let text = "claim in seed at \"q\" by us: author asserts not intended buys(a, b) during 2023-10.. reported 2024";
    let c = single(parse_ok(text), |i| match i {
        Item::Claim(c) => Some(c),
        _ => None,
    });
    assert_eq!(c.document.name, "seed");
    assert_eq!(c.quote.value, "q");
    assert_eq!(c.reporter.map(|r| r.name), Some("us".to_string()));
    assert!(matches!(c.speaker, SpeakerLit::Author(s) if slice(text, s) == "author"));
    assert_eq!(c.stance, StanceLit::Negates);
    assert_eq!(c.modality.map(|m| m.name), Some("intended".to_string()));
    assert_eq!(c.atom.pred.name, "buys");
    assert!(matches!(c.time, Some(TimeLit::Interval(ref i)) if i.value.until.is_none()));
    assert_eq!(
        c.reported.map(|r| r.value.to_string()),
        Some("2024".to_string())
    );

    let text = "claim in seed at \"q\": putin denies p(a)";
    let c = single(parse_ok(text), |i| match i {
        Item::Claim(c) => Some(c),
        _ => None,
    });
    assert!(matches!(c.speaker, SpeakerLit::Entity(ref e) if e.name == "putin"));
    assert_eq!(c.stance, StanceLit::Denies);
    assert_eq!(c.modality, None);
}

#[test]
fn during_a_single_date_covers_it() {
    let text = "reference p(a) during 2023 cite \"x\"";
    let r = single(parse_ok(text), |i| match i {
        Item::Reference(r) => Some(r),
        _ => None,
    });
    match r.time {
        Some(TimeLit::Interval(i)) => assert_eq!(i.value.to_string(), "2023"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn strings_are_unescaped_and_escape_errors_point_at_the_escape() {
    let text = r#"entity a: t "x\"\\\n\t\u{e9}""#;
    let e = single(parse_ok(text), |i| match i {
        Item::Entity(e) => Some(e),
        _ => None,
    });
    assert_eq!(e.display.map(|d| d.value), Some("x\"\\\n\té".to_string()));
    let text = r#"entity a: t "ab\qc""#;
    let err = parse_err(text);
    assert_eq!(slice(text, err.span()), "\\q");
}

#[test]
fn windows_line_endings_and_byte_order_mark() {
    let text = "\u{feff}/// Doc.\r\ntype actor\r\ntype state: actor\r\n";
    let file = parse_ok(text);
    assert_eq!(file.items.len(), 2);
    assert!(matches!(&file.items[0], Item::Type(t) if t.doc.as_deref() == Some("Doc.")));
}

#[test]
fn oversized_input_is_refused() {
    let text = " ".repeat(claimcheck::syntax::MAX_FILE_BYTES + 1);
    let err = parse_err(&text);
    assert_eq!(err.code(), "claimcheck::syntax::too_large");
    let err = parse_atom(FileId(0), &"p(a)".repeat(20_000), 0).expect_err("too large");
    assert_eq!(err.code(), "claimcheck::syntax::too_large");
}

#[test]
fn large_files_parse() {
    let item = "entity e: state \"E\" aka \"F\", \"G\" holds r(x) from 2020 until 2021-01-02\n\
                rule r: p(X, Y) :- q(X, _, 1,000 shell), not s(Y), X != Y.\n";
    let text = item.repeat(20_000);
    assert_eq!(parse_ok(&text).items.len(), 40_000);
}

// ---------------------------------------------------------------------------------------------
// Properties.

/// Tokens of the language, to build random near-valid inputs.
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
    "aka",
    "demonym",
    "speaks_for",
    "part_of",
    "located_in",
    "holds",
    "from",
    "until",
    "not",
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
    "intended",
    "symmetric",
    "russia",
    "p",
    "q",
    "X",
    "Y",
    "_",
    "\"s\"",
    "\"\\u{e9}\"",
    "\"",
    "1000",
    "1,000",
    "about",
    "more than",
    "~",
    "2023",
    "2023-09",
    "2023-09-13",
    "2023-02-30",
    "..",
    "(",
    ")",
    ",",
    ":",
    ":-",
    ".",
    "=",
    "!=",
    "<",
    ">=",
    "->",
    "///",
    "// c",
    "\n",
    " ",
    "shell",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = parse(&text) {
            prop_assert!(e.span().end as usize <= text.len());
        }
        let _ = parse_atom(FileId(0), &text, 0);
        let _ = parse_time(FileId(0), &text, 0);
    }

    #[test]
    fn arbitrary_strings_never_panic(text in "\\PC{0,200}") {
        let _ = parse(&text);
        let _ = parse_atom(FileId(0), &text, 0);
    }

    #[test]
    fn token_soup_never_panics_and_round_trips(
        tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..40),
    ) {
        let text = tokens.join(" ");
        match parse(&text) {
            Ok(file) => {
                let printed = print_rule_file(&file);
                let again = parse(&printed);
                prop_assert!(again.is_ok(), "printed form does not parse: {printed:?}");
                prop_assert_eq!(again.map(|f| print_rule_file(&f)).unwrap_or_default(), printed);
            }
            Err(e) => {
                prop_assert!(e.span().end as usize <= text.len());
                let message = e.to_string();
                prop_assert!(!message.contains('_') || message.contains('`'), "rule name leaked: {message}");
            }
        }
        let _ = parse_atom(FileId(0), &text, 0);
        let _ = parse_time(FileId(0), &text, 0);
    }
}

#[test]
fn deeply_nested_groups_are_an_error_not_a_crash() {
    for depth in [9, 200, 100_000] {
        let text = format!(
            "pattern p: {}x{} {{s: state}} => p(s)",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        let err = parse_err(&text);
        // Past the builder's cap on groups, then past the cap on all brackets (checked
        // before parsing, at the first bracket too deep).
        if depth <= claimcheck::syntax::MAX_NESTING {
            assert!(
                matches!(err, SyntaxError::TooDeep { .. }),
                "depth {depth}: {err}"
            );
        } else {
            assert!(
                matches!(err, SyntaxError::NestingTooDeep { span, .. }
                    if span.start as usize == "pattern p: ".len() + claimcheck::syntax::MAX_NESTING),
                "depth {depth}: {err}"
            );
        }
    }
}

#[test]
fn pattern_elements_have_their_spans_and_shapes() {
    let text = "pattern p: {a, b: state} (signs | has signed)? ..3 \"U.S.\" @hedge on {t: topic+} ... {_: weapon} => agreement(a, b, t, @date)";
    let p = single(parse_ok(text), |i| match i {
        Item::Pattern(p) => Some(p),
        _ => None,
    });
    let shown: Vec<&str> = p.body.iter().map(|e| slice(text, e.span())).collect();
    assert_eq!(
        shown,
        [
            "{a, b: state}",
            "(signs | has signed)?",
            "..3",
            "\"U.S.\"",
            "@hedge",
            "on",
            "{t: topic+}",
            "...",
            "{_: weapon}"
        ]
    );
    match &p.body[0] {
        Element::Slot(s) => {
            assert_eq!(s.names.len(), 2);
            assert!(!s.list);
        }
        other => panic!("a pair slot, got {other:?}"),
    }
    match &p.body[1] {
        Element::Optional(inner, _) => match inner.as_ref() {
            Element::Group(g) => assert_eq!(g.alternatives.len(), 2),
            other => panic!("a group, got {other:?}"),
        },
        other => panic!("an optional group, got {other:?}"),
    }
    assert!(matches!(&p.body[2], Element::Gap(g) if g.max == 3));
    assert!(matches!(&p.body[7], Element::Gap(g) if g.max == 5));
    assert!(matches!(&p.body[6], Element::Slot(s) if s.list));
    match p.head.atom.args.last() {
        Some(HeadArg::Context(c)) => {
            assert_eq!(c.name, "date");
            assert_eq!(slice(text, c.span), "@date");
        }
        other => panic!("@date, got {other:?}"),
    }
}

#[test]
fn frame_heads_with_and_without_a_claim() {
    let file = parse_ok(
        "frame a: {s: actor} said {claim} => s asserts not hedged claim\n\
         frame b: {s: actor} declined to comment => s declined\n\
         frame c: \"and\" said {claim} => @speaker denies claim",
    );
    let heads: Vec<(Option<StanceLit>, Option<String>)> = file
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Frame(f) => Some((
                f.head.stance,
                f.head.modality.as_ref().map(|m| m.name.clone()),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        heads,
        [
            (Some(StanceLit::Negates), Some("hedged".to_string())),
            (None, Some("declined".to_string())),
            (Some(StanceLit::Denies), None),
        ]
    );
    assert!(matches!(
        &file.items[2],
        Item::Frame(f) if matches!(&f.head.speaker, HeadSpeaker::Context(c) if c.name == "speaker")
    ));
}

#[test]
fn cues_and_anaphors() {
    let file = parse_ok(
        "lexicon neg: \"not\", \"did not\"\ncue neg => negates\ncue neg => hedged\nanaphor \"the two\": state pair",
    );
    assert!(matches!(&file.items[1], Item::Cue(c) if matches!(c.effect, CueEffect::Negates(_))));
    assert!(
        matches!(&file.items[2], Item::Cue(c) if matches!(&c.effect, CueEffect::Modality(m) if m.name == "hedged"))
    );
    assert!(matches!(&file.items[3], Item::Anaphor(a) if a.pair && a.target.name == "state"));
}
