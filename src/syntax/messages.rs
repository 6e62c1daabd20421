//! Turns pest's failures into [`SyntaxError`]s worded for people. pest reports the furthest
//! position it reached and the grammar rules it tried there; this module names those rules in
//! words ("a predicate name", "`,` or `)`"), names what was found and what came before, and adds
//! a hint for the common slips. No pest rule name ever reaches a message.

use super::error::SyntaxError;
use super::lex::{TokenKind, token_at, token_before};
use super::parser::Rule;
use crate::source::{FileId, Span};

/// What the parsed text is, for wording the end of input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InputKind {
    /// A whole rule file: "end of file".
    File,
    /// A proposition or time inside another file: "end of input".
    Embedded,
}

/// The words every item may start with, in the order the message lists them.
const ITEM_KEYWORDS: &str = "`type`, `entity`, `predicate`, `rule`, `constraint`, `exclusive`, `reference`, `role`, `import`, `document`, `claim`, `lexicon`, `cue`, `anaphor`, `pattern` or `frame`";

/// Converts a pest error on `text` (which starts at absolute offset `base` in `file`).
pub(crate) fn from_pest(
    err: &pest::error::Error<Rule>,
    text: &str,
    file: FileId,
    base: usize,
    input: InputKind,
) -> SyntaxError {
    let pos = match err.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let positives: Vec<Rule> = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        pest::error::ErrorVariant::CustomError { .. } => {
            return SyntaxError::TooComplex {
                span: Span::new(file, base, base),
            };
        }
    };

    let found_end = token_at(text, pos);
    let found_text = found_end
        .and_then(|(end, _)| text.get(pos..end))
        .unwrap_or("");
    let span = Span::new(
        file,
        base + pos,
        base + found_end.map_or(pos, |(end, _)| end),
    );

    if let Some(expected) = name_expected(&positives)
        && is_reserved(found_text)
    {
        return SyntaxError::ReservedKeyword {
            span,
            keyword: found_text.to_string(),
            expected: expected.to_string(),
        };
    }

    let found = match found_end {
        None => match input {
            InputKind::File => "end of file".to_string(),
            InputKind::Embedded => "end of input".to_string(),
        },
        Some((_, TokenKind::Doc)) => "a doc comment".to_string(),
        Some(_) => quote(found_text),
    };

    let mut expected = describe(&positives, input);
    let item_level = expects_item(&positives);
    let only_end = positives.iter().all(|r| *r == Rule::EOI);
    if !item_level
        && !only_end
        && let Some(after) = previous(text, pos)
    {
        expected.push_str(&format!(" after {after}"));
    }
    let before = text.get(..pos).and_then(|t| t.chars().next_back());
    let prev = token_before(text, pos).map(|(_, _, k)| k);
    let help = hint(
        &positives,
        found_text,
        found_end.map(|(_, k)| k),
        before,
        prev,
    );
    SyntaxError::UnexpectedToken {
        span,
        expected,
        found,
        help,
    }
}

/// The previous token, quoted, when it is short enough to help.
fn previous(text: &str, pos: usize) -> Option<String> {
    let (start, end, kind) = token_before(text, pos)?;
    let t = text.get(start..end)?;
    match kind {
        TokenKind::Doc => Some("a doc comment".to_string()),
        TokenKind::Str if t.chars().count() > 24 => Some("a string".to_string()),
        _ if t.chars().count() > 40 => None,
        _ => Some(quote(t)),
    }
}

/// Backticks around a token, shortened and with control characters escaped.
fn quote(t: &str) -> String {
    const MAX: usize = 40;
    let mut s: String = t.chars().take(MAX).flat_map(char::escape_debug).collect();
    // `escape_debug` also escapes quotes and backslashes, which reads badly in a message.
    s = s
        .replace("\\\"", "\"")
        .replace("\\'", "'")
        .replace("\\\\", "\\");
    if t.chars().count() > MAX {
        s.push('…');
    }
    format!("`{s}`")
}

fn is_reserved(word: &str) -> bool {
    matches!(
        word,
        "import"
            | "type"
            | "role"
            | "entity"
            | "predicate"
            | "exclusive"
            | "rule"
            | "constraint"
            | "reference"
            | "document"
            | "claim"
            | "pattern"
            | "frame"
            | "lexicon"
            | "cue"
            | "anaphor"
            | "not"
    )
}

/// Whether the next item could start here. `claim` alone is not enough: it also ends a frame's
/// head (`=> speaker asserts claim`).
fn expects_item(positives: &[Rule]) -> bool {
    positives
        .iter()
        .any(|r| is_item_keyword(*r) && *r != Rule::kw_claim)
}

fn is_item_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_import
            | Rule::kw_type
            | Rule::kw_role
            | Rule::kw_entity
            | Rule::kw_predicate
            | Rule::kw_exclusive
            | Rule::kw_rule
            | Rule::kw_constraint
            | Rule::kw_reference
            | Rule::kw_document
            | Rule::kw_claim
            | Rule::kw_lexicon
            | Rule::kw_cue
            | Rule::kw_anaphor
            | Rule::kw_pattern
            | Rule::kw_frame
            | Rule::item
            | Rule::file
    )
}

fn is_entity_clause(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_aka
            | Rule::kw_demonym
            | Rule::kw_speaks_for
            | Rule::kw_part_of
            | Rule::kw_located_in
            | Rule::kw_holds
            | Rule::aka_clause
            | Rule::demonym_clause
            | Rule::speaks_for_clause
            | Rule::part_of_clause
            | Rule::located_in_clause
            | Rule::holds_clause
    )
}

/// When a name of some kind was expected, how to call it.
fn name_expected(positives: &[Rule]) -> Option<&'static str> {
    positives.iter().find_map(|r| match r {
        Rule::pred_name | Rule::atom => Some("a predicate name"),
        Rule::type_name => Some("a type name"),
        Rule::role_name => Some("a role name"),
        Rule::name | Rule::speaker | Rule::head_speaker => Some("a name"),
        Rule::slot_name => Some("a slot name"),
        Rule::term => Some("a value"),
        _ => None,
    })
}

/// The phrase for one rule; `None` for rules too internal to mention. The second value orders
/// phrases; rules marked minor are left out when anything else was expected too.
fn phrase(rule: Rule, input: InputKind) -> Option<(&'static str, u8, bool)> {
    let p = |s: &'static str, order: u8| Some((s, order, false));
    let minor = |s: &'static str, order: u8| Some((s, order, true));
    match rule {
        Rule::comma => p("`,`", 10),
        Rule::rparen => p("`)`", 11),
        Rule::lparen => p("`(`", 12),
        Rule::colon => p("`:`", 13),
        Rule::turnstile => p("`:-`", 14),
        Rule::period => p("`.`", 15),
        Rule::arrow => minor("`->`", 16),
        Rule::eq => minor("`=`", 17),
        Rule::cmp_op => p("a comparison (`=`, `!=`, `<`, `<=`, `>`, `>=`)", 18),
        Rule::pred_name | Rule::atom | Rule::atom_input => p("a predicate name", 20),
        Rule::neg_literal | Rule::comparison => p("a proposition, `not` or a comparison", 21),
        Rule::kw_not => p("`not`", 22),
        Rule::modality | Rule::modality_name => minor("a modality", 23),
        Rule::stance | Rule::kw_asserts | Rule::kw_denies | Rule::asserts_not => {
            p("a stance (`asserts`, `asserts not`, `denies`)", 24)
        }
        Rule::speaker | Rule::kw_author => p("a speaker (`author` or an entity name)", 25),
        Rule::name => p("a name", 30),
        Rule::type_name => p("a type name", 31),
        Rule::role_name => p("a role name", 32),
        Rule::param | Rule::param_name => p("a parameter (`name: type`)", 33),
        Rule::property => minor(
            "a property (`symmetric`, `transitive`, `one_way`, `cumulative`)",
            34,
        ),
        Rule::term => p("a value", 40),
        Rule::string | Rule::display => p("a string", 41),
        Rule::time_point | Rule::year | Rule::date | Rule::lo | Rule::hi => p("a date", 42),
        Rule::time_span | Rule::interval | Rule::time_input => p("a date or an interval", 43),
        Rule::number | Rule::num_value => p("a number", 44),
        Rule::unit | Rule::qualifier => None,
        Rule::kw_from => minor("`from`", 50),
        Rule::kw_until => minor("`until`", 51),
        Rule::kw_in => p("`in`", 52),
        Rule::kw_at => p("`at`", 53),
        Rule::kw_by => minor("`by`", 54),
        Rule::kw_cite => p("`cite`", 55),
        Rule::kw_on | Rule::kw_during | Rule::on_clause | Rule::during_clause => {
            minor("a time (`on …`, `during …`)", 56)
        }
        Rule::kw_reported | Rule::reported_clause => minor("`reported`", 57),
        Rule::fat_arrow => p("`=>`", 19),
        Rule::bar => p("`|`", 16),
        Rule::rbrace => p("`}`", 16),
        Rule::question => minor("`?`", 60),
        Rule::plus => minor("`+`", 61),
        Rule::element
        | Rule::elements
        | Rule::word
        | Rule::group
        | Rule::slot
        | Rule::claim_slot
        | Rule::gap
        | Rule::class_ref => p(
            "a pattern element (a word, `\"text\"`, `(…)`, `{slot: type}`, `...`, `@lexicon`)",
            26,
        ),
        Rule::slot_name => p("a slot name", 30),
        Rule::cue_effect | Rule::kw_negates => p("a modality or `negates`", 23),
        Rule::kw_pair => minor("`pair`", 62),
        Rule::pattern_head | Rule::head_atom => p("a proposition", 20),
        Rule::head_arg | Rule::context_ref => p("a value", 40),
        Rule::frame_head | Rule::head_speaker => {
            p("a speaker (`author`, `@speaker`, a slot or an entity)", 25)
        }
        Rule::kw_claim => p("`claim`", 22),
        Rule::EOI => match input {
            InputKind::File => p("end of file", 90),
            InputKind::Embedded => p("end of input", 90),
        },
        _ => None,
    }
}

/// The whole "expected …" phrase.
fn describe(positives: &[Rule], input: InputKind) -> String {
    let items = expects_item(positives);
    let clauses = positives.iter().any(|r| is_entity_clause(*r));
    let mut phrases: Vec<(u8, &'static str, bool)> = positives
        .iter()
        .filter(|r| (!items || !is_item_keyword(**r)) && !is_entity_clause(**r))
        .filter(|r| !(items && matches!(r, Rule::EOI | Rule::doc_comment)))
        .filter_map(|r| phrase(*r, input).map(|(s, o, m)| (o, s, m)))
        .collect();
    if clauses {
        phrases.push((
            60,
            "an entity clause (`aka`, `demonym`, `speaks_for`, `part_of`, `located_in`, `holds`)",
            false,
        ));
    }
    phrases.sort();
    phrases.dedup();
    let has_major = phrases.iter().any(|(_, _, minor)| !minor) || items;
    if has_major {
        phrases.retain(|(_, _, minor)| !minor);
    }
    let mut words: Vec<String> = phrases.into_iter().map(|(_, s, _)| s.to_string()).collect();
    if items {
        if words.is_empty() {
            return format!("an item: {ITEM_KEYWORDS}");
        }
        words.push("the next item".to_string());
    }
    match words.len() {
        0 => "something else".to_string(),
        1 => words.remove(0),
        n => {
            let last = words.remove(n - 1);
            format!("{} or {last}", words.join(", "))
        }
    }
}

/// A hint for the common slips.
fn hint(
    positives: &[Rule],
    found: &str,
    kind: Option<TokenKind>,
    before: Option<char>,
    prev: Option<TokenKind>,
) -> Option<String> {
    let items = expects_item(positives);
    let clauses = positives.iter().any(|r| is_entity_clause(*r));
    let wants = |rule: Rule| positives.contains(&rule);
    let is_word = kind == Some(TokenKind::Word);
    let in_body = wants(Rule::element) || wants(Rule::elements);
    if in_body && is_word && is_reserved(found) {
        return Some(format!(
            "item keywords end a pattern body, so a `=>` and a head are missing before it; \
             to match the word `{found}` itself, quote it: `\"{found}\"`"
        ));
    }
    if wants(Rule::fat_arrow) && kind.is_none() {
        return Some(
            "end the body with `=>` and what a match states: `=> pred(slot, …)` for a pattern, \
             `=> speaker asserts claim` for a frame"
                .to_string(),
        );
    }
    if in_body && is_word && found.chars().any(char::is_uppercase) {
        return Some(format!(
            "bare words are lower case and match any case; quote a word to match its exact case: `\"{found}\"`"
        ));
    }
    if items && prev == Some(TokenKind::Doc) {
        return Some(
            "a `///` doc comment must be followed by the item it documents; use `//!` for a comment about the whole file, or `//` for a plain one"
                .to_string(),
        );
    }
    if found.starts_with('=') && before == Some('=') {
        return Some("equality is written `=`, not `==`".to_string());
    }
    if clauses && kind == Some(TokenKind::Str) {
        return Some(
            "more names for an entity go in an `aka` clause: `aka \"Moscow\", \"the Kremlin\"`"
                .to_string(),
        );
    }
    if found.chars().next().is_some_and(|c| !c.is_ascii()) {
        return Some(
            "names use ASCII letters, digits and `_`; other characters belong in strings and comments"
                .to_string(),
        );
    }
    if kind == Some(TokenKind::Doc) {
        return Some(
            "doc comments may only stand right before an item; use `//` for a plain comment"
                .to_string(),
        );
    }
    if name_expected(positives).is_some()
        && is_word
        && found.chars().any(|c| c.is_ascii_uppercase())
    {
        let lower = found.to_ascii_lowercase();
        if found.starts_with(|c: char| c.is_ascii_uppercase()) && wants(Rule::term) {
            return Some(format!(
                "words starting with an upper-case letter are variables; names are lower case, like `{lower}`"
            ));
        }
        return Some(format!(
            "names are written in lower case, digits and `_`: `{lower}`"
        ));
    }
    if wants(Rule::period) && (kind.is_none() || is_word && is_reserved(found)) {
        return Some("end a rule or constraint with `.`".to_string());
    }
    if wants(Rule::turnstile) && found == ":" {
        return Some("a rule's head and body are separated by `:-`".to_string());
    }
    if wants(Rule::cmp_op) && found == "==" {
        return Some("equality is written `=`".to_string());
    }
    if wants(Rule::rparen) && (kind.is_none() || is_word && is_reserved(found)) {
        return Some("close the argument list with `)`".to_string());
    }
    None
}
