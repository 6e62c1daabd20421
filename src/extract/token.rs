//! Tokens: words, numbers, punctuation, quotation marks and dashes, each a byte range in the
//! file's text. Words keep internal apostrophes and hyphens ("Russia's", "Kim’s",
//! "Komsomolsk-on-Amur", "Su-35S"), dotted abbreviations ("U.S.", "e.g.") and a plural
//! possessive apostrophe ("countries’"); numbers keep their thousands separators and decimal
//! points ("1,000", "3.5").
//!
//! The tokenizer is one pass over the bytes with an ASCII fast path; it never allocates except
//! to grow the output vector, and it does not decide sentences (see `sentence`) or look words
//! up (see `lexicon`).

use super::chars::{
    char_at, char_before, is_apostrophe, is_dash, is_joining_hyphen, is_quote, is_space,
    is_word_char,
};
use std::ops::Range;

/// One token: a byte range in the file's text and what kind of thing it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    /// Byte range `start..end` in the file text.
    pub span: (u32, u32),
    /// What the token is.
    pub kind: TokenKind,
}

impl Token {
    /// First byte.
    #[inline]
    pub fn start(&self) -> usize {
        self.span.0 as usize
    }

    /// One past the last byte.
    #[inline]
    pub fn end(&self) -> usize {
        self.span.1 as usize
    }

    /// The byte range as `usize`s.
    #[inline]
    pub fn range(&self) -> Range<usize> {
        self.start()..self.end()
    }

    /// The token's text (empty when `text` is not the text it was made from).
    #[inline]
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.range()).unwrap_or("")
    }
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    /// Letters (and digits, apostrophes, hyphens, dots inside): "Russia's", "Su-35S", "U.S.".
    Word,
    /// Digits with internal separators: "2023", "1,000", "3.5".
    Number,
    /// Any other visible character; a run of full stops ("...") is one token.
    Punct,
    /// A quotation mark used as one: “ ” " ‘ ’ ' « » „.
    Quote,
    /// A dash between phrases, or a hyphen that does not join a word: "—", "–", "-", "--".
    Dash,
}

/// Whether and which way a quotation mark opens or closes a quotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteSide {
    /// Opens a quotation (“, ‘, «, „, or a straight quote before a word).
    Open,
    /// Closes a quotation (”, ’, », or a straight quote after a word).
    Close,
    /// A straight quote with the same kind of character on both sides.
    Unknown,
}

/// Which way the quotation mark at `token` faces, judged from the mark itself and, for
/// straight quotes, from the characters around it.
pub fn quote_side(text: &str, token: &Token) -> QuoteSide {
    let Some(c) = char_at(text, token.start()) else {
        return QuoteSide::Unknown;
    };
    match c {
        '\u{201C}' | '\u{2018}' | '\u{00AB}' | '\u{201E}' | '\u{201A}' | '\u{2039}'
        | '\u{201B}' | '\u{201F}' => QuoteSide::Open,
        '\u{201D}' | '\u{2019}' | '\u{00BB}' | '\u{203A}' => QuoteSide::Close,
        _ => {
            let before = char_before(text, token.start());
            let after = char_at(text, token.end());
            let opens_before =
                before.is_none_or(|b| is_space(b) || "([{—–-/".contains(b) || is_quote(b));
            let closes_after =
                after.is_none_or(|a| is_space(a) || ".,;:!?)]}—–-/…".contains(a) || is_quote(a));
            match (opens_before, closes_after) {
                (true, false) => QuoteSide::Open,
                (false, true) => QuoteSide::Close,
                _ => QuoteSide::Unknown,
            }
        }
    }
}

/// Tokenizes `text[range]` into a new vector.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, range, &mut out);
    out
}

/// Tokenizes `text[range]`, appending to `out`. Spans are byte offsets into the whole `text`.
/// A range that does not fit the text, or does not fall on character boundaries, is shrunk
/// to the largest one inside it that does; offsets past `u32::MAX` are not tokenized.
pub fn tokenize_into(text: &str, range: Range<usize>, out: &mut Vec<Token>) {
    let range = clamp_range(text, range);
    // Prose has about one token per six bytes; reserving avoids most regrowth copies.
    out.reserve(range.len() / 6);
    let mut t = Tokenizer {
        text,
        bytes: text.as_bytes(),
        end: range.end,
        single_open: false,
        newlines: 0,
        not_dotted_until: 0,
        out,
    };
    t.run(range.start);
}

/// Shrinks a range to fit `text`, character boundaries and `u32` offsets.
pub(crate) fn clamp_range(text: &str, range: Range<usize>) -> Range<usize> {
    let limit = text.len().min(u32::MAX as usize);
    let mut end = range.end.min(limit);
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = range.start.min(end);
    while start < end && !text.is_char_boundary(start) {
        start += 1;
    }
    start..end
}

/// [`ALNUM`] of an ASCII letter.
const LETTER: u8 = 1;

/// For each byte: [`LETTER`] for an ASCII letter, 2 for an ASCII digit, 0 for anything else.
// Evaluated at compile time: an index out of range would fail the build, not a run.
#[allow(clippy::indexing_slicing)]
const ALNUM: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            2
        } else {
            0
        };
        b += 1;
    }
    table
};

struct Tokenizer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    end: usize,
    /// Whether a single quotation mark was opened and not yet closed in this paragraph; it
    /// decides whether "countries’" keeps its apostrophe.
    single_open: bool,
    /// Newlines seen since the last token (two mean a blank line).
    newlines: u32,
    /// End of a run of letters and full stops already found not to be a dotted abbreviation.
    not_dotted_until: usize,
    out: &'a mut Vec<Token>,
}

impl Tokenizer<'_> {
    fn run(&mut self, mut i: usize) {
        while let Some(b) = self.at(i) {
            if b < 0x80 {
                i = self.ascii(i, b);
            } else {
                i = self.non_ascii(i);
            }
        }
    }

    /// The byte at `i`, if `i` is inside the range being tokenized.
    #[inline]
    fn at(&self, i: usize) -> Option<u8> {
        if i < self.end {
            self.bytes.get(i).copied()
        } else {
            None
        }
    }

    #[inline]
    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        self.newlines = 0;
        self.out.push(Token {
            span: (start as u32, end as u32),
            kind,
        });
    }

    #[inline]
    fn ascii(&mut self, i: usize, b: u8) -> usize {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => self.word(i),
            b'\n' => {
                self.newlines += 1;
                if self.newlines >= 2 {
                    self.single_open = false;
                }
                i + 1
            }
            0..=b' ' | 0x7F => i + 1,
            b'.' => {
                let end = self.run_of(i, b'.');
                self.push(i, end, TokenKind::Punct);
                end
            }
            b'-' => {
                let end = self.run_of(i, b'-');
                self.push(i, end, TokenKind::Dash);
                end
            }
            b'"' => {
                self.push(i, i + 1, TokenKind::Quote);
                i + 1
            }
            b'\'' => {
                self.quote_mark(i, 1);
                i + 1
            }
            _ => {
                self.push(i, i + 1, TokenKind::Punct);
                i + 1
            }
        }
    }

    fn non_ascii(&mut self, i: usize) -> usize {
        let Some(c) = char_at(self.text, i) else {
            return i + 1;
        };
        let next = i + c.len_utf8();
        if is_word_char(c) {
            self.word(i)
        } else if is_space(c) {
            next
        } else if is_apostrophe(c) || c == '\u{2018}' {
            self.quote_mark(i, c.len_utf8());
            next
        } else if is_quote(c) {
            self.push(i, next, TokenKind::Quote);
            next
        } else if is_dash(c) || is_joining_hyphen(c) {
            self.push(i, next, TokenKind::Dash);
            next
        } else {
            self.push(i, next, TokenKind::Punct);
            next
        }
    }

    /// A single quotation mark that is not inside a word: remember whether it opened one.
    fn quote_mark(&mut self, i: usize, len: usize) {
        let token = Token {
            span: (i as u32, (i + len) as u32),
            kind: TokenKind::Quote,
        };
        match quote_side(self.text, &token) {
            QuoteSide::Open => self.single_open = true,
            QuoteSide::Close => self.single_open = false,
            QuoteSide::Unknown => {}
        }
        self.push(i, i + len, TokenKind::Quote);
    }

    fn run_of(&self, i: usize, b: u8) -> usize {
        let mut j = i;
        while self.at(j) == Some(b) {
            j += 1;
        }
        j
    }

    /// The end of the run of ASCII letters and digits at `i`, and whether it has a letter.
    #[inline]
    fn alnum_run(&self, i: usize) -> (usize, bool) {
        let mut j = i;
        let mut seen = 0u8;
        for &b in self.bytes.get(i..self.end).unwrap_or(&[]) {
            let class = ALNUM.get(usize::from(b)).copied().unwrap_or(0);
            if class == 0 {
                break;
            }
            seen |= class;
            j += 1;
        }
        (j, seen & LETTER != 0)
    }

    /// A word or number starting at `i` (which holds a word character). Most are ASCII
    /// letters or digits up to a space or a mark that never joins; the rest go the long way.
    #[inline]
    fn word(&mut self, i: usize) -> usize {
        let (j, has_alpha) = self.alnum_run(i);
        match self.at(j) {
            Some(b) if b >= 0x80 || matches!(b, b'\'' | b'-' | b'.' | b',') => {
                return self.word_rest(i, j, has_alpha);
            }
            _ => {}
        }
        let kind = if has_alpha {
            TokenKind::Word
        } else {
            TokenKind::Number
        };
        self.push(i, j, kind);
        j
    }

    /// The rest of a word that starts at `i` and whose first ASCII letters and digits end at
    /// `j`: word characters that are not ASCII, and joining marks. Kept out of line so that
    /// the common path of [`Tokenizer::word`] stays small.
    #[inline(never)]
    fn word_rest(&mut self, i: usize, mut j: usize, mut has_alpha: bool) -> usize {
        let mut run_start = i;
        loop {
            while let Some(b) = self.at(j) {
                if b.is_ascii_alphabetic() {
                    has_alpha = true;
                    j += 1;
                } else if b.is_ascii_digit() {
                    j += 1;
                } else if b < 0x80 {
                    break;
                } else {
                    match char_at(self.text, j) {
                        Some(c) if is_word_char(c) => {
                            has_alpha |= !c.is_numeric();
                            j += c.len_utf8();
                        }
                        _ => break,
                    }
                }
            }
            let Some(b) = self.at(j) else {
                break;
            };
            // Most words end at a space or a punctuation mark that never joins.
            if b < 0x80 && !matches!(b, b'\'' | b'-' | b'.' | b',') {
                break;
            }
            if b == b'.'
                && run_start == i
                && has_alpha
                && self
                    .text
                    .get(i..j)
                    .is_some_and(|w| w.chars().nth(1).is_none())
                && let Some(end) = self.dotted(i)
            {
                j = end;
                break;
            }
            let Some(c) = char_at(self.text, j) else {
                break;
            };
            let after = j + c.len_utf8();
            let next = if after < self.end {
                char_at(self.text, after)
            } else {
                None
            };
            let next_is_word = next.is_some_and(is_word_char);
            let joins = if is_apostrophe(c) {
                next_is_word
            } else if is_joining_hyphen(c) {
                next_is_word && (has_alpha || next.is_some_and(char::is_alphabetic))
            } else if c == '.' {
                !has_alpha && next.is_some_and(|n| n.is_ascii_digit())
            } else if c == ',' {
                !has_alpha && self.three_digits(after)
            } else {
                false
            };
            if !joins {
                // "countries’ nuclear": a plural possessive keeps its apostrophe, unless a
                // single quotation is open and this mark closes it.
                let ends_in_s = matches!(self.bytes.get(j.wrapping_sub(1)), Some(b's' | b'S'));
                if is_apostrophe(c) && has_alpha && ends_in_s && !next_is_word && !self.single_open
                {
                    j = after;
                }
                break;
            }
            j = after;
            // The next run of word characters.
            run_start = j;
            let (end, alpha) = self.alnum_run(j);
            j = end;
            has_alpha |= alpha;
        }
        let kind = if has_alpha {
            TokenKind::Word
        } else {
            TokenKind::Number
        };
        self.push(i, j, kind);
        j
    }

    /// Whether exactly three ASCII digits start at `i` (a thousands group).
    fn three_digits(&self, i: usize) -> bool {
        let digit = |k: usize| self.at(k).is_some_and(|b| b.is_ascii_digit());
        digit(i) && digit(i + 1) && digit(i + 2) && !digit(i + 3)
    }

    /// A dotted abbreviation of single letters ("U.S.", "e.g.", "J.R.R."), ending after its
    /// last full stop.
    fn dotted(&mut self, i: usize) -> Option<usize> {
        if i < self.not_dotted_until {
            return None;
        }
        let mut k = i;
        let mut letters = 0;
        while k < self.end {
            let c = char_at(self.text, k)?;
            if !c.is_alphabetic() {
                break;
            }
            let dot = k + c.len_utf8();
            if self.at(dot) != Some(b'.') {
                break;
            }
            letters += 1;
            k = dot + 1;
        }
        let followed_by_word = k < self.end && char_at(self.text, k).is_some_and(is_word_char);
        if letters >= 2 && !followed_by_word {
            Some(k)
        } else {
            // Every later start inside this run would fail the same way ("a.b.c.dd").
            self.not_dotted_until = k;
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text, 0..text.len())
            .iter()
            .map(|t| (t.text(text), t.kind))
            .collect()
    }

    #[test]
    fn words_numbers_and_marks() {
        use TokenKind::*;
        assert_eq!(
            show("Russia's 1,000 U.S. shells—3.5 “no”"),
            vec![
                ("Russia's", Word),
                ("1,000", Number),
                ("U.S.", Word),
                ("shells", Word),
                ("—", Dash),
                ("3.5", Number),
                ("“", Quote),
                ("no", Word),
                ("”", Quote),
            ]
        );
    }

    #[test]
    fn plural_possessive_keeps_its_apostrophe_outside_quotes() {
        assert_eq!(show("both countries’ nuclear")[1].0, "countries’");
        let quoted = show("‘the States’ he");
        assert_eq!(quoted[2], ("States", TokenKind::Word));
        assert_eq!(quoted[3], ("’", TokenKind::Quote));
    }
}
