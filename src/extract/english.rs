//! English orthography and grammar words that number and date slots need: month and weekday
//! names, number words and multipliers, the qualifiers before a number, the words that turn a
//! date into an interval ("since 2006"), relative days ("yesterday"), list separators
//! ("trade, energy, and tourism") and the function words that are never a unit. These are the
//! language, not a domain: no entity, predicate, frame verb or cue word is here, and nothing
//! outside this module spells an English word. Every lookup takes a lower-cased word.
//!
//! Rule files supply all vocabulary that says who did what (`lexicon`, `pattern`, `frame`,
//! `anaphor`); this module only lets `{n: number}` and `{d: date}` read "more than 1,000
//! containers", "hundreds of thousands of shells", "September 13, 2023", "on Wednesday" and
//! "since 2006".

use crate::value::Qualifier;

/// Full month names, then their abbreviations (with or without a full stop in the text).
const MONTHS: [(&str, u8); 23] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
];

/// `dec` is an abbreviation too; kept apart so the table above stays a fixed size per kind.
const DEC: (&str, u8) = ("dec", 12);

/// The month a word names ("September", "Sept", "sep"), 1–12. The caller checks case: month
/// names are capitalised in text, which keeps "may" (a verb) and "march" (a noun) out.
pub fn month(word: &str) -> Option<u8> {
    MONTHS
        .iter()
        .chain(std::iter::once(&DEC))
        .find(|(w, _)| *w == word)
        .map(|(_, m)| *m)
}

/// Whether a month word is an abbreviation (which may be followed by a full stop).
pub fn is_month_abbreviation(word: &str) -> bool {
    word.len() <= 4 && month(word).is_some() && word != "june" && word != "july" && word != "may"
}

/// Weekday names, Monday first; the value is days after Monday.
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Days after Monday (0–6) for a weekday name.
pub fn weekday(word: &str) -> Option<u8> {
    WEEKDAYS.iter().position(|w| *w == word).map(|i| i as u8)
}

/// A day relative to the document date: "today" 0, "yesterday" -1, "tomorrow" 1.
pub fn relative_day(word: &str) -> Option<i64> {
    match word {
        "today" => Some(0),
        "yesterday" => Some(-1),
        "tomorrow" => Some(1),
        _ => None,
    }
}

/// "last", "this", "next" before "year" or "month": the offset from the document's.
pub fn relative_offset(word: &str) -> Option<i32> {
    match word {
        "last" | "previous" => Some(-1),
        "this" | "current" => Some(0),
        "next" => Some(1),
        _ => None,
    }
}

/// The calendar unit after a relative word: `true` for "year", `false` for "month".
pub fn relative_unit(word: &str) -> Option<bool> {
    match word {
        "year" => Some(true),
        "month" => Some(false),
        _ => None,
    }
}

/// How a preposition before a date shapes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatePrep {
    /// "on", "in", "during", "as of" … : the date itself.
    At,
    /// "since", "after", "from" (without a "to"): from the date on.
    Since,
    /// "until", "till", "by", "before": up to the date.
    Until,
    /// "from" X "to"/"until" Y, "between" X "and" Y: a closed interval.
    Between,
}

/// The preposition words before a date, one token each.
pub fn date_prep(word: &str) -> Option<DatePrep> {
    match word {
        "on" | "in" | "during" | "at" | "of" => Some(DatePrep::At),
        "since" | "after" => Some(DatePrep::Since),
        "until" | "till" | "through" | "by" | "before" => Some(DatePrep::Until),
        "from" | "between" => Some(DatePrep::Between),
        _ => None,
    }
}

/// The word between the two ends of an interval ("from 2006 to 2019", "between … and …").
pub fn is_interval_joiner(word: &str) -> bool {
    matches!(word, "to" | "until" | "till" | "through" | "and")
}

/// Cardinal number words up to ninety.
pub fn number_word(word: &str) -> Option<f64> {
    let v = match word {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "dozen" => 12.0,
        _ => return None,
    };
    Some(v)
}

/// "a" or "an" standing for one before a multiplier ("a million", "a dozen").
pub fn is_indefinite_article(word: &str) -> bool {
    matches!(word, "a" | "an")
}

/// Multipliers after a number: "1.5 million", "300 thousand".
pub fn multiplier(word: &str) -> Option<f64> {
    match word {
        "hundred" => Some(1e2),
        "thousand" => Some(1e3),
        "million" => Some(1e6),
        "billion" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

/// Vague plural amounts: "hundreds", "thousands", "dozens", "tens" (of thousands). The value is
/// the unit counted; "hundreds" means at least two hundred and fewer than a thousand.
pub fn plural_multiplier(word: &str) -> Option<f64> {
    match word {
        "tens" => Some(10.0),
        "dozens" => Some(12.0),
        "hundreds" => Some(1e2),
        "thousands" => Some(1e3),
        "millions" => Some(1e6),
        "billions" => Some(1e9),
        _ => None,
    }
}

/// "several", "a few": a small vague count (the low end, the high end).
pub fn vague_count(word: &str) -> Option<(f64, f64)> {
    match word {
        "several" => Some((3.0, 9.0)),
        "few" => Some((2.0, 5.0)),
        _ => None,
    }
}

/// The word that joins a vague plural to what it counts: "hundreds of thousands of shells".
pub fn is_of(word: &str) -> bool {
    word == "of"
}

/// Qualifier phrases before a number, longest first within each first word. Each phrase is a
/// sequence of lower-case tokens.
const QUALIFIERS: [(&[&str], Qualifier); 31] = [
    (&["more", "than"], Qualifier::MoreThan),
    (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["over"], Qualifier::MoreThan),
    (&["above"], Qualifier::MoreThan),
    (&[">"], Qualifier::MoreThan),
    (&["at", "least"], Qualifier::AtLeast),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["at", "most"], Qualifier::AtMost),
    (&["up", "to"], Qualifier::AtMost),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["less", "than"], Qualifier::LessThan),
    (&["fewer", "than"], Qualifier::LessThan),
    (&["under"], Qualifier::LessThan),
    (&["below"], Qualifier::LessThan),
    (&["<"], Qualifier::LessThan),
    (&["about"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["nearly"], Qualifier::About),
    (&["almost"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["an", "estimated"], Qualifier::About),
    (&["estimated"], Qualifier::About),
    (&["close", "to"], Qualifier::About),
    (&["~"], Qualifier::About),
    (&["exactly"], Qualifier::Exactly),
    (&["precisely"], Qualifier::Exactly),
    (&["just"], Qualifier::Exactly),
];

/// The qualifier phrases, for the number reader to try at a position (longest first).
pub fn qualifiers() -> impl Iterator<Item = (&'static [&'static str], Qualifier)> {
    let mut all: Vec<(&'static [&'static str], Qualifier)> = QUALIFIERS.to_vec();
    all.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
    all.into_iter()
}

/// Words that join two numbers into a range: "300,000 to 500,000", "between 3 and 5".
pub fn is_range_joiner(word: &str) -> bool {
    matches!(word, "to" | "and")
}

/// The word that opens a "between X and Y" range.
pub fn is_between(word: &str) -> bool {
    word == "between"
}

/// Separators between the items of a list slot: "trade, energy, and tourism".
pub fn is_list_separator(word: &str) -> bool {
    matches!(word, "," | "and" | "or" | "&")
}

/// Separators between the two entities of a pair slot: "Russia and North Korea",
/// "Russia-North Korea" (a dash between them, written without spaces, also counts).
pub fn is_pair_separator(word: &str) -> bool {
    matches!(word, "and" | "&" | "/")
}

/// Function words that never name what a number counts: in "7,000 in March" the number has no
/// unit.
pub fn is_function_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "the"
            | "and"
            | "or"
            | "but"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "from"
            | "by"
            | "with"
            | "as"
            | "since"
            | "until"
            | "than"
            | "that"
            | "this"
            | "these"
            | "those"
            | "which"
            | "who"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "per"
            | "more"
            | "less"
            | "each"
            | "so"
            | "if"
            | "when"
            | "while"
            | "into"
            | "over"
            | "under"
            | "about"
            | "after"
            | "before"
            | "during"
            | "it"
            | "its"
            | "their"
            | "they"
            | "he"
            | "she"
            | "his"
            | "her"
            | "we"
            | "you"
            | "i"
    )
}

/// Whether a word is among the commonest English words, which make poor anchors for finding
/// the sentences a pattern could match.
pub fn is_common_word(word: &str) -> bool {
    is_function_word(word) || matches!(word, "not" | "no" | "also" | "do" | "does" | "did")
}

/// The singular of a plural noun, by the regular spelling rules ("shells" → "shell",
/// "batteries" → "battery", "boxes" → "box"); other words are returned unchanged.
pub fn singular(word: &str) -> String {
    let n = word.len();
    if n > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..n - 3]);
    }
    for ending in ["ches", "shes", "sses", "xes", "zes"] {
        if n > ending.len() + 1 && word.ends_with(ending) {
            return word[..n - 2].to_string();
        }
    }
    if n > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        return word[..n - 1].to_string();
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(month("sept"), Some(9));
        assert_eq!(month("dec"), Some(12));
        assert_eq!(month("may"), Some(5));
        assert!(is_month_abbreviation("sept"));
        assert!(!is_month_abbreviation("may"));
        assert_eq!(weekday("wednesday"), Some(2));
        assert_eq!(singular("shells"), "shell");
        assert_eq!(singular("batteries"), "battery");
        assert_eq!(singular("boxes"), "box");
        assert_eq!(singular("glass"), "glass");
        assert_eq!(singular("bus"), "bus");
        let first = qualifiers().next().map(|(w, _)| w.len());
        assert_eq!(first, Some(3));
    }
}
