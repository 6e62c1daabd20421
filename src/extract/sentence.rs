//! Sentences and paragraphs over the token stream. A blank line ends a paragraph; a Markdown
//! heading (`# …`) is a paragraph of its own; each bulleted or numbered list item (`- `, `* `,
//! `• `, `1. `, `2) `, `(a) `) starts a unit of its own, and its marker belongs to no sentence.
//! Inside a unit, a sentence ends at `.`, `!`, `?` or an ellipsis (with any closing quotes and
//! brackets after it) unless what follows shows that it goes on:
//!
//! - a lowercase word or a comma, semicolon, colon, closing bracket or dash follows;
//! - the full stop belongs to an abbreviation that precedes a name or number ("Dr.", "Sept.",
//!   "No."), or to an abbreviation, initial or dotted acronym ("Inc.", "J.", "U.S.") that is
//!   not followed by a word that typically starts a sentence ("The", "He", "However", …);
//! - it is inside a quotation whose closing mark is followed by more of the sentence
//!   (`"We will win. We will prevail," he said.` is one sentence);
//! - an ellipsis is not followed by a capitalised word or an opening quote.
//!
//! Curly and straight quotes are treated alike. The abbreviation and sentence-starter lists are
//! English orthography, not domain vocabulary. Nothing here looks at entities or patterns.

use super::token::{QuoteSide, Token, TokenKind, clamp_range, quote_side, tokenize_into};
use std::ops::Range;

/// One sentence: its byte range and the tokens in it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sentence {
    /// Byte range `start..end` in the file text, from its first token to its last.
    pub span: (u32, u32),
    /// Indexes into [`TextUnits::tokens`].
    pub tokens: Range<u32>,
}

impl Sentence {
    /// The byte range as `usize`s.
    pub fn range(&self) -> Range<usize> {
        self.span.0 as usize..self.span.1 as usize
    }
}

/// One paragraph: a run of text between blank lines (or a heading line).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Paragraph {
    /// Byte range `start..end` in the file text, from its first sentence to its last.
    pub span: (u32, u32),
    /// Indexes into [`TextUnits::sentences`].
    pub sentences: Range<u32>,
}

impl Paragraph {
    /// The byte range as `usize`s.
    pub fn range(&self) -> Range<usize> {
        self.span.0 as usize..self.span.1 as usize
    }
}

/// The tokens, sentences and paragraphs of a document body.
#[derive(Clone, Debug, Default)]
pub struct TextUnits {
    /// Every token of the body, in order. List and heading markers are tokens but belong to no
    /// sentence.
    pub tokens: Vec<Token>,
    /// Sentences in order, never overlapping.
    pub sentences: Vec<Sentence>,
    /// Paragraphs in order, each a run of consecutive sentences.
    pub paragraphs: Vec<Paragraph>,
    scratch: Scratch,
}

#[derive(Clone, Debug, Default)]
struct Scratch {
    /// The quotation marks of the current unit, in order.
    quotes: Vec<QuoteMark>,
    /// Indexes into `quotes` of the quotations open at the current token.
    stack: Vec<u32>,
}

/// A quotation mark of the unit being split.
#[derive(Clone, Copy, Debug)]
struct QuoteMark {
    /// Index of its token.
    token: u32,
    /// Whether it opens or closes.
    opens: bool,
    /// For an opening mark, the index in `quotes` of its closing mark (or `NO_CLOSE`).
    close: u32,
}

const NO_CLOSE: u32 = u32::MAX;

impl TextUnits {
    /// Empty units, ready for [`split_into`].
    pub fn new() -> TextUnits {
        TextUnits::default()
    }

    /// Forgets everything but keeps the allocated capacity.
    pub fn clear(&mut self) {
        self.tokens.clear();
        self.sentences.clear();
        self.paragraphs.clear();
    }

    /// The tokens of a sentence.
    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        self.tokens
            .get(sentence.tokens.start as usize..sentence.tokens.end as usize)
            .unwrap_or(&[])
    }

    /// The sentences of a paragraph.
    pub fn paragraph_sentences(&self, paragraph: &Paragraph) -> &[Sentence] {
        self.sentences
            .get(paragraph.sentences.start as usize..paragraph.sentences.end as usize)
            .unwrap_or(&[])
    }
}

/// Splits `text[body]` into tokens, sentences and paragraphs.
pub fn split(text: &str, body: Range<usize>) -> TextUnits {
    let mut units = TextUnits::new();
    split_into(text, body, &mut units);
    units
}

/// Like [`split`], reusing the buffers of `units` (which is cleared first).
pub fn split_into(text: &str, body: Range<usize>, units: &mut TextUnits) {
    units.clear();
    let body = clamp_range(text, body);
    tokenize_into(text, body.clone(), &mut units.tokens);
    let TextUnits {
        tokens,
        sentences,
        paragraphs,
        scratch,
    } = units;
    let mut s = Splitter {
        text,
        tokens,
        sentences,
        paragraphs,
        scratch,
        paragraph_start: 0,
    };
    s.run(body.start);
}

struct Splitter<'a> {
    text: &'a str,
    tokens: &'a [Token],
    sentences: &'a mut Vec<Sentence>,
    paragraphs: &'a mut Vec<Paragraph>,
    scratch: &'a mut Scratch,
    /// Index of the first sentence of the paragraph being built.
    paragraph_start: usize,
}

impl Splitter<'_> {
    fn run(&mut self, body_start: usize) {
        let bytes = self.text.as_bytes();
        let n = self.tokens.len();
        let mut prev_end = body_start;
        let mut unit_start = 0;
        let mut in_heading = false;
        let mut skip_until = 0;
        for i in 0..n {
            let Some(&t) = self.tokens.get(i) else {
                break;
            };
            if i < skip_until {
                prev_end = t.end();
                continue;
            }
            let newlines = match bytes.get(prev_end..t.start()) {
                Some([]) | Some([b' ']) | None => 0,
                Some(gap) => gap.iter().filter(|&&b| b == b'\n').count(),
            };
            prev_end = t.end();
            if newlines >= 2 || (in_heading && newlines > 0) {
                self.finish_unit(unit_start..i);
                self.finish_paragraph();
                unit_start = i;
                in_heading = false;
            }
            if i == 0 || newlines > 0 {
                if let Some(m) = self.heading_marker(i) {
                    self.finish_unit(unit_start..i);
                    self.finish_paragraph();
                    in_heading = true;
                    skip_until = i + m;
                    unit_start = i + m;
                } else if let Some(m) = self.list_marker(i) {
                    self.finish_unit(unit_start..i);
                    skip_until = i + m;
                    unit_start = i + m;
                }
            }
        }
        self.finish_unit(unit_start.min(n)..n);
        self.finish_paragraph();
    }

    fn text_of(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.text(self.text))
    }

    /// Whether token `i` exists, ends right where token `j` starts, and so is glued to it.
    fn adjacent(&self, i: usize, j: usize) -> bool {
        match (self.tokens.get(i), self.tokens.get(j)) {
            (Some(a), Some(b)) => a.end() == b.start(),
            _ => false,
        }
    }

    /// Whether a space (not a line break) follows token `i` and more text follows on its line.
    fn space_then_text(&self, i: usize) -> bool {
        let (Some(t), Some(next)) = (self.tokens.get(i), self.tokens.get(i + 1)) else {
            return false;
        };
        let gap = self.text.get(t.end()..next.start()).unwrap_or("");
        !gap.is_empty() && !gap.contains('\n')
    }

    /// `#`…`######` then a space at the start of a line: the number of marker tokens.
    fn heading_marker(&self, i: usize) -> Option<usize> {
        let mut k = i;
        while self.text_of(k) == "#" && (k == i || self.adjacent(k - 1, k)) {
            k += 1;
        }
        let count = k - i;
        ((1..=6).contains(&count) && self.space_then_text(k - 1)).then_some(count)
    }

    /// A list marker at the start of a line: the number of marker tokens.
    fn list_marker(&self, i: usize) -> Option<usize> {
        let t = self.tokens.get(i)?;
        let text = t.text(self.text);
        let count = match t.kind {
            TokenKind::Punct | TokenKind::Dash
                if matches!(
                    text,
                    "-" | "*"
                        | "+"
                        | "•"
                        | "◦"
                        | "▪"
                        | "‣"
                        | "·"
                        | "●"
                        | "○"
                        | "■"
                        | "□"
                        | "–"
                        | "—"
                ) =>
            {
                1
            }
            TokenKind::Number
                if text.len() <= 3
                    && text.bytes().all(|b| b.is_ascii_digit())
                    && matches!(self.text_of(i + 1), "." | ")")
                    && self.adjacent(i, i + 1) =>
            {
                2
            }
            TokenKind::Word
                if text.chars().count() == 1
                    && self.text_of(i + 1) == ")"
                    && self.adjacent(i, i + 1) =>
            {
                2
            }
            TokenKind::Punct
                if text == "("
                    && self.adjacent(i, i + 1)
                    && self.text_of(i + 2) == ")"
                    && self.adjacent(i + 1, i + 2)
                    && is_item_label(self.text_of(i + 1)) =>
            {
                3
            }
            _ => return None,
        };
        self.space_then_text(i + count - 1).then_some(count)
    }

    fn finish_paragraph(&mut self) {
        let end = self.sentences.len();
        if end > self.paragraph_start
            && let (Some(first), Some(last)) = (
                self.sentences.get(self.paragraph_start),
                self.sentences.get(end - 1),
            )
        {
            let (first, last) = (first.span.0, last.span.1);
            self.paragraphs.push(Paragraph {
                span: (first, last),
                sentences: self.paragraph_start as u32..end as u32,
            });
        }
        self.paragraph_start = end;
    }

    /// Splits the tokens of one unit (paragraph part, list item or heading) into sentences.
    fn finish_unit(&mut self, unit: Range<usize>) {
        if unit.is_empty() {
            return;
        }
        self.pair_quotes(unit.clone());
        let bytes = self.text.as_bytes();
        let unit_sentences = self.sentences.len();
        let mut start = unit.start;
        let mut has_word = false;
        let mut cursor = 0;
        let mut k = unit.start;
        while k < unit.end {
            let Some(&t) = self.tokens.get(k) else {
                break;
            };
            let terminal = match t.kind {
                TokenKind::Word => {
                    has_word = true;
                    t.end() - t.start() > 1 && bytes.get(t.end() - 1) == Some(&b'.')
                }
                TokenKind::Number => {
                    has_word = true;
                    false
                }
                TokenKind::Quote => {
                    self.step_quote(&mut cursor);
                    false
                }
                TokenKind::Punct => {
                    matches!(bytes.get(t.start()), Some(b'.' | b'!' | b'?' | 0x80..))
                        && is_terminal(t.text(self.text))
                }
                TokenKind::Dash => false,
            };
            if !terminal {
                k += 1;
                continue;
            }
            let mut j = k + 1;
            while j < unit.end && self.absorbed(j, cursor) {
                if self
                    .tokens
                    .get(j)
                    .is_some_and(|t| t.kind == TokenKind::Quote)
                {
                    self.step_quote(&mut cursor);
                }
                j += 1;
            }
            if has_word && self.is_boundary(unit.clone(), k, j, cursor) {
                self.push_sentence(start..j);
                start = j;
                has_word = false;
            }
            k = j;
        }
        if start < unit.end {
            if has_word {
                self.push_sentence(start..unit.end);
            } else if self.sentences.len() > unit_sentences {
                // Trailing marks without a word belong to the sentence before them.
                if let (Some(last), Some(t)) =
                    (self.sentences.last_mut(), self.tokens.get(unit.end - 1))
                {
                    last.span.1 = t.span.1;
                    last.tokens.end = unit.end as u32;
                }
            }
        }
    }

    fn push_sentence(&mut self, tokens: Range<usize>) {
        let (Some(first), Some(last)) = (
            self.tokens.get(tokens.start),
            self.tokens.get(tokens.end.wrapping_sub(1)),
        ) else {
            return;
        };
        self.sentences.push(Sentence {
            span: (first.span.0, last.span.1),
            tokens: tokens.start as u32..tokens.end as u32,
        });
    }

    /// Decides which way each quotation mark of the unit faces and pairs them up. A straight
    /// quote that could face either way closes an open quotation, or else opens one.
    fn pair_quotes(&mut self, unit: Range<usize>) {
        let sc = &mut *self.scratch;
        sc.quotes.clear();
        sc.stack.clear();
        for k in unit {
            let Some(t) = self.tokens.get(k) else {
                continue;
            };
            if t.kind != TokenKind::Quote {
                continue;
            }
            let opens = match quote_side(self.text, t) {
                QuoteSide::Open => true,
                QuoteSide::Close => false,
                QuoteSide::Unknown => sc.stack.is_empty(),
            };
            let index = sc.quotes.len() as u32;
            sc.quotes.push(QuoteMark {
                token: k as u32,
                opens,
                close: NO_CLOSE,
            });
            if opens {
                sc.stack.push(index);
            } else if let Some(open) = sc.stack.pop()
                && let Some(mark) = sc.quotes.get_mut(open as usize)
            {
                mark.close = index;
            }
        }
        sc.stack.clear();
    }

    /// Moves past the next quotation mark of the unit, opening or closing a quotation.
    fn step_quote(&mut self, cursor: &mut usize) {
        let sc = &mut *self.scratch;
        if let Some(mark) = sc.quotes.get(*cursor) {
            if mark.opens {
                sc.stack.push(*cursor as u32);
            } else {
                sc.stack.pop();
            }
        }
        *cursor += 1;
    }

    /// Whether token `j` (after a sentence end) still belongs to the ending sentence: more
    /// terminal punctuation, closing quotes, closing brackets. `cursor` is the next
    /// quotation mark.
    fn absorbed(&self, j: usize, cursor: usize) -> bool {
        let Some(t) = self.tokens.get(j) else {
            return false;
        };
        match t.kind {
            TokenKind::Punct => {
                let s = t.text(self.text);
                is_terminal(s) || matches!(s, ")" | "]" | "}")
            }
            TokenKind::Quote => self.scratch.quotes.get(cursor).is_some_and(|m| !m.opens),
            _ => false,
        }
    }

    /// Whether the sentence ends after the terminal token `k` and the marks absorbed up to `j`.
    fn is_boundary(&self, unit: Range<usize>, k: usize, j: usize, cursor: usize) -> bool {
        let Some(next) = self.tokens.get(j).filter(|_| j < unit.end) else {
            return true;
        };
        if let Some(&open) = self.scratch.stack.last() {
            let close = self
                .scratch
                .quotes
                .get(open as usize)
                .map_or(NO_CLOSE, |m| m.close);
            if let Some(mark) = self.scratch.quotes.get(close as usize)
                && self.quote_continues(unit.clone(), mark.token as usize)
            {
                return false;
            }
        }
        let next_text = next.text(self.text);
        let next_first = next_text.chars().next().unwrap_or(' ');
        match next.kind {
            TokenKind::Word if next_first.is_lowercase() => return false,
            TokenKind::Punct if matches!(next_text, "," | ";" | ":" | ")" | "]" | "}" | "%") => {
                return false;
            }
            TokenKind::Dash => return false,
            _ => {}
        }
        let end_text = self.text_of(k);
        if end_text.starts_with("..") || end_text == "…" {
            let opens_quote = next.kind == TokenKind::Quote
                && self.scratch.quotes.get(cursor).is_some_and(|m| m.opens);
            return (next.kind == TokenKind::Word && next_first.is_uppercase()) || opens_quote;
        }
        let Some(&token) = self.tokens.get(k) else {
            return false;
        };
        if token.kind == TokenKind::Word {
            // A dotted acronym ("U.S.") swallowed the full stop.
            return if is_prefix_abbreviation(end_text) {
                false
            } else {
                is_sentence_starter(next_text)
            };
        }
        if end_text == "." && k > unit.start && self.adjacent(k - 1, k) {
            let prev = self.tokens.get(k - 1).copied().unwrap_or(token);
            if prev.kind == TokenKind::Word {
                let word = prev.text(self.text);
                if is_prefix_abbreviation(word) {
                    return false;
                }
                if is_abbreviation(word) || is_initial(word) {
                    return is_sentence_starter(next_text);
                }
            }
        }
        true
    }

    /// Whether the quotation closed by token `close` is followed by more of its sentence
    /// (`"…," he said`, `"…" and then`).
    fn quote_continues(&self, unit: Range<usize>, close: usize) -> bool {
        if close > unit.start && self.text_of(close - 1) == "," {
            return true;
        }
        if close + 1 >= unit.end {
            return false;
        }
        let Some(after) = self.tokens.get(close + 1) else {
            return false;
        };
        let s = after.text(self.text);
        match after.kind {
            TokenKind::Word => s.chars().next().is_some_and(char::is_lowercase),
            TokenKind::Punct => matches!(s, "," | ";" | ":"),
            TokenKind::Dash => true,
            _ => false,
        }
    }
}

/// The label of a list item in parentheses: up to three digits, one letter, or a small
/// lowercase roman numeral ("(2)", "(b)", "(iv)").
fn is_item_label(s: &str) -> bool {
    let digits = !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    let letter = s.chars().count() == 1 && s.chars().all(char::is_alphabetic);
    let roman = !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| matches!(b, b'i' | b'v' | b'x'));
    digits || letter || roman
}

/// Terminal punctuation: full stop, question and exclamation marks, ellipses.
fn is_terminal(s: &str) -> bool {
    matches!(
        s,
        "." | "!" | "?" | "…" | "‼" | "⁇" | "⁈" | "⁉" | "。" | "！" | "？"
    ) || (s.len() > 1 && s.bytes().all(|b| b == b'.'))
}

/// A single capital letter: an initial ("J." in "Kim J. Un").
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// Abbreviations that stand before a name or a number and so never end a sentence:
/// titles, months, days, "No.", "St.", "e.g.".
fn is_prefix_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Messrs"
            | "Mme"
            | "Dr"
            | "Prof"
            | "Gen"
            | "Lt"
            | "Col"
            | "Maj"
            | "Capt"
            | "Cmdr"
            | "Cdr"
            | "Adm"
            | "Brig"
            | "Sgt"
            | "Cpl"
            | "Pvt"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Pres"
            | "Rev"
            | "Hon"
            | "Amb"
            | "Supt"
            | "Insp"
            | "Fr"
            | "St"
            | "Mt"
            | "Ft"
            | "No"
            | "Nos"
            | "Vol"
            | "vol"
            | "Fig"
            | "fig"
            | "Art"
            | "Sec"
            | "Ch"
            | "pp"
            | "p"
            | "vs"
            | "v"
            | "cf"
            | "ca"
            | "approx"
            | "Approx"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "Mon"
            | "Tue"
            | "Tues"
            | "Wed"
            | "Thu"
            | "Thur"
            | "Thurs"
            | "Fri"
            | "e.g."
            | "i.e."
            | "E.g."
            | "I.e."
            | "viz."
    )
}

/// Abbreviations that may end a sentence as well as sit inside one.
fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Inc"
            | "Ltd"
            | "Corp"
            | "Co"
            | "Bros"
            | "Jr"
            | "Sr"
            | "Esq"
            | "etc"
            | "al"
            | "Ave"
            | "Blvd"
            | "Rd"
            | "Dept"
            | "Univ"
            | "Assn"
            | "Gov't"
            | "govt"
            | "est"
            | "Est"
            | "mln"
            | "bln"
            | "Sat"
            | "Sun"
    )
}

/// Capitalised function words that usually start a sentence; after an abbreviation, initial
/// or dotted acronym they signal that the full stop ended the sentence after all.
fn is_sentence_starter(word: &str) -> bool {
    matches!(
        word,
        "A" | "An"
            | "The"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "It"
            | "Its"
            | "He"
            | "She"
            | "They"
            | "We"
            | "I"
            | "You"
            | "His"
            | "Her"
            | "Their"
            | "Our"
            | "My"
            | "Your"
            | "There"
            | "Here"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "Nor"
            | "However"
            | "Meanwhile"
            | "Moreover"
            | "Furthermore"
            | "Nevertheless"
            | "Still"
            | "Also"
            | "Then"
            | "Thus"
            | "Hence"
            | "Instead"
            | "Indeed"
            | "In"
            | "On"
            | "At"
            | "For"
            | "With"
            | "From"
            | "After"
            | "Before"
            | "When"
            | "While"
            | "If"
            | "As"
            | "Although"
            | "Though"
            | "Despite"
            | "During"
            | "Since"
            | "Until"
            | "What"
            | "Who"
            | "Why"
            | "How"
            | "Where"
            | "Which"
            | "Some"
            | "Many"
            | "Most"
            | "All"
            | "Both"
            | "Each"
            | "Every"
            | "Such"
            | "Other"
            | "Another"
            | "No"
            | "Not"
            | "None"
            | "One"
            | "Last"
            | "Next"
            | "Now"
            | "Today"
            | "Yesterday"
            | "Earlier"
            | "Later"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let units = split(text, 0..text.len());
        units
            .sentences
            .iter()
            .map(|s| &text[s.span.0 as usize..s.span.1 as usize])
            .collect()
    }

    #[test]
    fn abbreviations_and_quotes() {
        assert_eq!(
            sentences("Dr. Kim J. Un met the U.S. envoy. \"We will win,\" he said. Then he left."),
            vec![
                "Dr. Kim J. Un met the U.S. envoy.",
                "\"We will win,\" he said.",
                "Then he left."
            ]
        );
    }

    #[test]
    fn list_items_are_units() {
        assert_eq!(
            sentences("Items:\n- one\n- two\n1. three"),
            vec!["Items:", "one", "two", "three"]
        );
    }
}
