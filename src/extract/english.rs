//! English orthography and grammar words that number and date slots need: month and weekday
//! names, number words and multipliers, the qualifiers before a number, the words that turn a
//! date into an interval ("since 2006"), relative days ("yesterday"), list separators
//! ("trade, energy, and tourism") and the function words that are never a unit. These are the
//! language, not a domain: no entity, predicate, frame verb or cue word is here, and nothing
//! outside this module spells an English word. Every lookup takes a lower-cased word, as bytes
//! (see [`Lower`]).
//!
//! Rule files supply all vocabulary that says who did what (`lexicon`, `pattern`, `frame`,
//! `anaphor`); this module only lets `{n: number}` and `{d: date}` read "more than 1,000
//! containers", "hundreds of thousands of shells", "September 13, 2023", "on Wednesday" and
//! "since 2006".

use crate::value::Qualifier;

/// Longest ASCII word [`Lower`] keeps on the stack.
const LOWER_INLINE: usize = 24;

/// A word in lower case, as the lookups here take it: an ASCII word without capitals is
/// itself, a short ASCII word with capitals is folded into a buffer on the stack, others go
/// through [`str::to_lowercase`]. Matching calls this for many tokens of a sentence, so it
/// must not allocate; it derefs to the bytes of the word, which need no UTF-8 check.
pub(crate) enum Lower<'a> {
    /// Already lower case.
    Same(&'a str),
    /// A short ASCII word, folded.
    Inline([u8; LOWER_INLINE], u8),
    /// Anything else.
    Heap(String),
}

impl<'a> Lower<'a> {
    /// `word` in lower case (the bytes of `word.to_lowercase()`).
    #[inline]
    pub(crate) fn new(word: &'a str) -> Lower<'a> {
        let bytes = word.as_bytes();
        if !bytes
            .iter()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            Lower::Same(word)
        } else if bytes.len() <= LOWER_INLINE && bytes.is_ascii() {
            let mut buf = [0u8; LOWER_INLINE];
            for (d, s) in buf.iter_mut().zip(bytes) {
                *d = s.to_ascii_lowercase();
            }
            Lower::Inline(buf, bytes.len() as u8)
        } else {
            Lower::Heap(word.to_lowercase())
        }
    }
}

impl std::ops::Deref for Lower<'_> {
    type Target = [u8];

    #[inline]
    fn deref(&self) -> &[u8] {
        match self {
            Lower::Same(s) => s.as_bytes(),
            Lower::Inline(buf, n) => buf.get(..usize::from(*n)).unwrap_or(&[]),
            Lower::Heap(s) => s.as_bytes(),
        }
    }
}

/// Defines a lookup from a lower-case word (bytes) to a value, as a `match`, and beside it
/// the list of the words it knows, so that [`date_start_words`] is made from the lookups
/// themselves and cannot fall out of step with them.
macro_rules! word_lookup {
    ($(#[$doc:meta])* fn $name:ident, words $words:ident -> $ty:ty {
        $($($word:literal)|+ => $value:expr),+ $(,)?
    }) => {
        $(#[$doc])*
        pub fn $name(word: &[u8]) -> Option<$ty> {
            match word {
                $($($word)|+ => Some($value),)+
                _ => None,
            }
        }

        const $words: &[&[u8]] = &[$($($word),+),+];
    };
}

/// The first word of "as of" before a date.
const AS_OF_WORDS: &[&[u8]] = &[b"as"];

/// Every word (lower case) a date can start with: the words of [`date_prep`], "as" (of "as
/// of"), [`month`], [`weekday`], [`relative_day`] and [`relative_offset`]. Extraction gives them
/// word ids so that a token can be ruled out as the start of a date by its id alone.
pub fn date_start_words() -> impl Iterator<Item = &'static [u8]> {
    [
        DATE_PREP_WORDS,
        AS_OF_WORDS,
        MONTH_WORDS,
        WEEKDAY_WORDS,
        RELATIVE_DAY_WORDS,
        RELATIVE_OFFSET_WORDS,
    ]
    .into_iter()
    .flatten()
    .copied()
}

word_lookup! {
    /// The month a word names ("September", "Sept", "sep"), 1–12: the full names and the
    /// abbreviations (with or without a full stop in the text). The caller checks case: month
    /// names are capitalised in text, which keeps "may" (a verb) and "march" (a noun) out.
    fn month, words MONTH_WORDS -> u8 {
        b"january" | b"jan" => 1,
        b"february" | b"feb" => 2,
        b"march" | b"mar" => 3,
        b"april" | b"apr" => 4,
        b"may" => 5,
        b"june" | b"jun" => 6,
        b"july" | b"jul" => 7,
        b"august" | b"aug" => 8,
        b"september" | b"sep" | b"sept" => 9,
        b"october" | b"oct" => 10,
        b"november" | b"nov" => 11,
        b"december" | b"dec" => 12,
    }
}

/// Whether a month word is an abbreviation (which may be followed by a full stop).
pub fn is_month_abbreviation(word: &[u8]) -> bool {
    word.len() <= 4 && month(word).is_some() && word != b"june" && word != b"july" && word != b"may"
}

word_lookup! {
    /// Days after Monday (0–6) for a weekday name.
    fn weekday, words WEEKDAY_WORDS -> u8 {
        b"monday" => 0,
        b"tuesday" => 1,
        b"wednesday" => 2,
        b"thursday" => 3,
        b"friday" => 4,
        b"saturday" => 5,
        b"sunday" => 6,
    }
}

word_lookup! {
    /// A day relative to the document date: "today" 0, "yesterday" -1, "tomorrow" 1.
    fn relative_day, words RELATIVE_DAY_WORDS -> i64 {
        b"today" => 0,
        b"yesterday" => -1,
        b"tomorrow" => 1,
    }
}

word_lookup! {
    /// "last", "this", "next" before "year" or "month": the offset from the document's.
    fn relative_offset, words RELATIVE_OFFSET_WORDS -> i32 {
        b"last" | b"previous" => -1,
        b"this" | b"current" => 0,
        b"next" => 1,
    }
}

/// The calendar unit after a relative word: `true` for "year", `false` for "month".
pub fn relative_unit(word: &[u8]) -> Option<bool> {
    match word {
        b"year" => Some(true),
        b"month" => Some(false),
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

word_lookup! {
    /// The preposition words before a date, one token each.
    fn date_prep, words DATE_PREP_WORDS -> DatePrep {
        b"on" | b"in" | b"during" | b"at" | b"of" => DatePrep::At,
        b"since" | b"after" => DatePrep::Since,
        b"until" | b"till" | b"through" | b"by" | b"before" => DatePrep::Until,
        b"from" | b"between" => DatePrep::Between,
    }
}

/// The word between the two ends of an interval ("from 2006 to 2019", "between … and …").
pub fn is_interval_joiner(word: &[u8]) -> bool {
    matches!(word, b"to" | b"until" | b"till" | b"through" | b"and")
}

/// Cardinal number words up to ninety.
pub fn number_word(word: &[u8]) -> Option<f64> {
    let v = match word {
        b"zero" => 0.0,
        b"one" => 1.0,
        b"two" => 2.0,
        b"three" => 3.0,
        b"four" => 4.0,
        b"five" => 5.0,
        b"six" => 6.0,
        b"seven" => 7.0,
        b"eight" => 8.0,
        b"nine" => 9.0,
        b"ten" => 10.0,
        b"eleven" => 11.0,
        b"twelve" => 12.0,
        b"thirteen" => 13.0,
        b"fourteen" => 14.0,
        b"fifteen" => 15.0,
        b"sixteen" => 16.0,
        b"seventeen" => 17.0,
        b"eighteen" => 18.0,
        b"nineteen" => 19.0,
        b"twenty" => 20.0,
        b"thirty" => 30.0,
        b"forty" => 40.0,
        b"fifty" => 50.0,
        b"sixty" => 60.0,
        b"seventy" => 70.0,
        b"eighty" => 80.0,
        b"ninety" => 90.0,
        b"dozen" => 12.0,
        _ => return None,
    };
    Some(v)
}

/// "a" or "an" standing for one before a multiplier ("a million", "a dozen").
pub fn is_indefinite_article(word: &[u8]) -> bool {
    matches!(word, b"a" | b"an")
}

/// Multipliers after a number: "1.5 million", "300 thousand".
pub fn multiplier(word: &[u8]) -> Option<f64> {
    match word {
        b"hundred" => Some(1e2),
        b"thousand" => Some(1e3),
        b"million" => Some(1e6),
        b"billion" => Some(1e9),
        b"trillion" => Some(1e12),
        _ => None,
    }
}

/// Vague plural amounts: "hundreds", "thousands", "dozens", "tens" (of thousands). The value is
/// the unit counted; "hundreds" means at least two hundred and fewer than a thousand.
pub fn plural_multiplier(word: &[u8]) -> Option<f64> {
    match word {
        b"tens" => Some(10.0),
        b"dozens" => Some(12.0),
        b"hundreds" => Some(1e2),
        b"thousands" => Some(1e3),
        b"millions" => Some(1e6),
        b"billions" => Some(1e9),
        _ => None,
    }
}

/// "several", "a few": a small vague count (the low end, the high end).
pub fn vague_count(word: &[u8]) -> Option<(f64, f64)> {
    match word {
        b"several" => Some((3.0, 9.0)),
        b"few" => Some((2.0, 5.0)),
        _ => None,
    }
}

/// The word that joins a vague plural to what it counts: "hundreds of thousands of shells".
pub fn is_of(word: &[u8]) -> bool {
    word == b"of"
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
    let longest = QUALIFIERS.iter().map(|(w, _)| w.len()).max().unwrap_or(0);
    (1..=longest).rev().flat_map(|n| {
        QUALIFIERS
            .iter()
            .copied()
            .filter(move |(words, _)| words.len() == n)
    })
}

/// Words that join two numbers into a range: "300,000 to 500,000", "between 3 and 5".
pub fn is_range_joiner(word: &[u8]) -> bool {
    matches!(word, b"to" | b"and")
}

/// The word that opens a "between X and Y" range.
pub fn is_between(word: &[u8]) -> bool {
    word == b"between"
}

/// Separators between the items of a list slot: "trade, energy, and tourism".
pub fn is_list_separator(word: &[u8]) -> bool {
    matches!(word, b"," | b"and" | b"or" | b"&")
}

/// Separators between the two entities of a pair slot: "Russia and North Korea",
/// "Russia-North Korea" (a dash between them, written without spaces, also counts).
pub fn is_pair_separator(word: &[u8]) -> bool {
    matches!(word, b"and" | b"&" | b"/")
}

/// Function words that never name what a number counts: in "7,000 in March" the number has no
/// unit.
pub fn is_function_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"a" | b"an"
            | b"the"
            | b"and"
            | b"or"
            | b"but"
            | b"of"
            | b"in"
            | b"on"
            | b"at"
            | b"to"
            | b"for"
            | b"from"
            | b"by"
            | b"with"
            | b"as"
            | b"since"
            | b"until"
            | b"than"
            | b"that"
            | b"this"
            | b"these"
            | b"those"
            | b"which"
            | b"who"
            | b"is"
            | b"are"
            | b"was"
            | b"were"
            | b"be"
            | b"been"
            | b"has"
            | b"have"
            | b"had"
            | b"will"
            | b"would"
            | b"per"
            | b"more"
            | b"less"
            | b"each"
            | b"so"
            | b"if"
            | b"when"
            | b"while"
            | b"into"
            | b"over"
            | b"under"
            | b"about"
            | b"after"
            | b"before"
            | b"during"
            | b"it"
            | b"its"
            | b"their"
            | b"they"
            | b"he"
            | b"she"
            | b"his"
            | b"her"
            | b"we"
            | b"you"
            | b"i"
    )
}

/// Whether a word is among the commonest English words, which make poor anchors for finding
/// the sentences a pattern could match.
pub fn is_common_word(word: &[u8]) -> bool {
    is_function_word(word) || matches!(word, b"not" | b"no" | b"also" | b"do" | b"does" | b"did")
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
    fn date_start_words_are_the_words_dates_start_with() {
        let words: Vec<&[u8]> = date_start_words().collect();
        for w in &words {
            let known = date_prep(w).is_some()
                || *w == b"as"
                || month(w).is_some()
                || weekday(w).is_some()
                || relative_day(w).is_some()
                || relative_offset(w).is_some();
            assert!(known, "{}", String::from_utf8_lossy(w));
        }
        for w in [
            &b"sept"[..],
            b"sunday",
            b"yesterday",
            b"previous",
            b"between",
            b"as",
        ] {
            assert!(words.contains(&w), "{}", String::from_utf8_lossy(w));
        }
        let mut sorted = words.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), words.len());
        assert_eq!(words.len(), 54);
    }

    #[test]
    fn lookups() {
        assert_eq!(month(b"sept"), Some(9));
        assert_eq!(month(b"dec"), Some(12));
        assert_eq!(month(b"may"), Some(5));
        assert!(is_month_abbreviation(b"sept"));
        assert!(!is_month_abbreviation(b"may"));
        assert_eq!(weekday(b"wednesday"), Some(2));
        assert_eq!(singular("shells"), "shell");
        assert_eq!(singular("batteries"), "battery");
        assert_eq!(singular("boxes"), "box");
        assert_eq!(singular("glass"), "glass");
        assert_eq!(singular("bus"), "bus");
        let first = qualifiers().next().map(|(w, _)| w.len());
        assert_eq!(first, Some(3));
    }

    #[test]
    fn lower_is_to_lowercase() {
        for w in [
            "",
            "Sept",
            "MAY",
            "don't",
            "İstanbul",
            "Straße",
            &"A".repeat(30),
        ] {
            assert_eq!(&*Lower::new(w), w.to_lowercase().as_bytes());
        }
    }
}
