//! Character classes shared by the tokenizer, the sentence splitter and the lexicon, so that
//! "inside a word" means the same thing everywhere: letters, digits and combining marks are
//! word characters; apostrophes and hyphens join words only where the tokenizer says so.
//!
//! Everything here is a pure function of one character or a few bytes; nothing allocates and
//! nothing knows any vocabulary.

/// Whether `c` can be part of a word: a letter or digit in any script, or a combining mark
/// that decorates the character before it.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

/// Whether `c` is a combining mark from the common combining blocks (accents written as a
/// separate code point, as in decomposed "é"). `char` has no general-category query, so the
/// blocks are listed; marks of other scripts are mostly `Alphabetic` already.
#[inline]
pub fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{200C}'..='\u{200D}')
}

/// Whether `c` is an apostrophe that may sit inside a word ("Russia's", "Kim’s").
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Whether `c` is a hyphen that may join two parts of a word ("Komsomolsk-on-Amur").
#[inline]
pub fn is_joining_hyphen(c: char) -> bool {
    c == '-' || c == '\u{2010}' || c == '\u{2011}'
}

/// Whether `c` is a dash between phrases (em, en, figure, horizontal bar, minus).
#[inline]
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2012}'..='\u{2015}' | '\u{2212}' | '\u{2E3A}' | '\u{2E3B}'
    )
}

/// Whether `c` is a quotation mark (curly, straight, guillemets, low-9 quotes).
#[inline]
pub fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2039}'
            | '\u{203A}'
    )
}

/// Whether `c` separates tokens without being one: whitespace and invisible format
/// characters (zero-width space, word joiner, byte-order mark).
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// The character that starts at byte `i` of `text`, if `i` is a character boundary inside it.
#[inline]
pub fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// The character that ends at byte `i` of `text`, if `i` is a character boundary inside it.
#[inline]
pub fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// Whether a word character ends right before byte `i` (ASCII fast path first).
#[inline]
pub fn word_char_before(text: &str, i: usize) -> bool {
    match i.checked_sub(1).and_then(|j| text.as_bytes().get(j)) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => char_before(text, i).is_some_and(is_word_char),
    }
}

/// Whether a word character starts at byte `i` (ASCII fast path first).
#[inline]
pub fn word_char_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => char_at(text, i).is_some_and(is_word_char),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_word_char('é'));
        assert!(is_word_char('\u{0301}'));
        assert!(is_word_char('한'));
        assert!(!is_word_char('-'));
        assert!(is_apostrophe('’'));
        assert!(is_dash('—'));
        assert!(is_quote('“'));
        assert!(is_space('\u{FEFF}'));
        assert!(word_char_before("aé", 3));
        assert!(!word_char_before("a é", 2));
        assert!(word_char_at("é", 0));
        assert!(!word_char_at("é", 1));
    }
}
