//! Reading a quantity at a token: "1,000", "more than 1,000", "about 7,000", "1.5 million",
//! "a dozen", "hundreds of thousands", "300,000 to 500,000", "between 3 and 5", "twenty-five",
//! and the unit that follows ("containers" → `container`, "%" → `percent`). Used by `{n: number}`
//! slots. The English words come from [`english`](super::english); this module only combines
//! them.
//!
//! A vague amount becomes a range: "hundreds of thousands" is 200,000..999,999, "dozens" is
//! 24..119, "several thousand" 3,000..9,000. A range is never also qualified. The unit after a
//! number is chosen by the caller (`matcher`): an entity mentioned there gives its name.

use super::english::{self, Lower};
use super::matcher::MTok;
use super::token::TokenKind;
use crate::value::{Qualifier, Quantity};

/// A number read at a position.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct NumberPhrase {
    /// One past the last token of the number (the unit, if any, is not included).
    pub end: usize,
    /// The value, without unit.
    pub quantity: Quantity,
    /// Whether it ended with a vague plural ("hundreds"), after which "of" may come before the
    /// unit.
    pub counts: bool,
}

fn tok_text<'t>(text: &'t str, toks: &[MTok], i: usize) -> Option<&'t str> {
    let t = toks.get(i)?;
    text.get(t.start as usize..t.end as usize)
}

fn lower<'t>(text: &'t str, toks: &[MTok], i: usize) -> Option<Lower<'t>> {
    tok_text(text, toks, i).map(Lower::new)
}

/// The value of a number token: digits with `,` thousands separators and a decimal point.
fn digits_value(s: &str) -> Option<f64> {
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let value = if s.contains(',') {
        s.replace(',', "").parse::<f64>()
    } else {
        s.parse::<f64>()
    };
    value.ok().filter(|v| v.is_finite())
}

/// A number word or a hyphenated compound ("twenty-five").
fn word_value(word: &[u8]) -> Option<f64> {
    if let Some(v) = english::number_word(word) {
        return Some(v);
    }
    let dash = word.iter().position(|&b| b == b'-')?;
    let (a, b) = (word.get(..dash)?, word.get(dash + 1..)?);
    let (a, b) = (english::number_word(a)?, english::number_word(b)?);
    (a >= 20.0 && a % 10.0 == 0.0 && b < 10.0).then_some(a + b)
}

/// A plain numeral at `i` with its multipliers: (value, end, the product of the multipliers,
/// 1 when there is none).
fn numeral(text: &str, toks: &[MTok], i: usize) -> Option<(f64, usize, f64)> {
    let t = toks.get(i)?;
    let word = lower(text, toks, i)?;
    let (mut value, mut end) = if t.kind == TokenKind::Number {
        // Digits and separators are their own lower case.
        (digits_value(tok_text(text, toks, i)?)?, i + 1)
    } else if let Some(v) = word_value(&word) {
        (v, i + 1)
    } else if english::is_indefinite_article(&word) {
        // "a million", "a dozen": the article counts as one only before a multiplier.
        let next = lower(text, toks, i + 1)?;
        if english::multiplier(&next).is_none() && &*next != b"dozen" {
            return None;
        }
        (1.0, i + 1)
    } else {
        return None;
    };
    let mut product = 1.0;
    while let Some(next) = lower(text, toks, end) {
        let m = match english::multiplier(&next) {
            Some(m) => m,
            None if &*next == b"dozen" && product == 1.0 => 12.0,
            None => break,
        };
        value *= m;
        product *= m;
        end += 1;
    }
    Some((value, end, product))
}

/// A vague amount at `i`: "hundreds (of thousands)", "several thousand", "a few hundred".
fn vague(text: &str, toks: &[MTok], i: usize) -> Option<(Quantity, usize, bool)> {
    let first = lower(text, toks, i)?;
    if let Some(unit) = english::plural_multiplier(&first) {
        let mut m = unit;
        let mut end = i + 1;
        loop {
            let of = lower(text, toks, end);
            let next = lower(text, toks, end + 1);
            match (of, next) {
                (Some(of), Some(next)) if english::is_of(&of) => {
                    match english::plural_multiplier(&next) {
                        Some(inner) if inner > 12.0 => {
                            m *= inner;
                            end += 2;
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        let q = Quantity {
            qualifier: Qualifier::Exactly,
            value: 2.0 * m,
            upper: Some(10.0 * m - 1.0),
            unit: None,
        };
        return Some((q, end, true));
    }
    let (start, (lo, hi)) = if english::is_indefinite_article(&first) {
        let next = lower(text, toks, i + 1)?;
        (i + 1, english::vague_count(&next)?)
    } else {
        (i, english::vague_count(&first)?)
    };
    let next = lower(text, toks, start + 1)?;
    let m = english::multiplier(&next)?;
    let q = Quantity {
        qualifier: Qualifier::Exactly,
        value: lo * m,
        upper: Some(hi * m),
        unit: None,
    };
    Some((q, start + 2, false))
}

/// Whether the tokens at `i` spell the lower-case words `words`.
fn spells(text: &str, toks: &[MTok], i: usize, words: &[&str]) -> bool {
    words
        .iter()
        .enumerate()
        .all(|(k, w)| tok_text(text, toks, i + k).is_some_and(|t| t.eq_ignore_ascii_case(w)))
}

/// Reads a number at token `pos`.
pub(crate) fn read_number(text: &str, toks: &[MTok], pos: usize) -> Option<NumberPhrase> {
    let mut qualifier = Qualifier::Exactly;
    let mut at = pos;
    for (words, q) in english::qualifiers() {
        if spells(text, toks, pos, words) {
            qualifier = q;
            at = pos + words.len();
            break;
        }
    }
    let first = lower(text, toks, at)?;
    if qualifier == Qualifier::Exactly && english::is_between(&first) {
        let (lo, lo_end, lo_mult) = numeral(text, toks, at + 1)?;
        let joiner = lower(text, toks, lo_end)?;
        if &*joiner != b"and" {
            return None;
        }
        let (hi, end, hi_mult) = numeral(text, toks, lo_end + 1)?;
        return Some(range(lo, lo_mult, hi, hi_mult, end));
    }
    if let Some((mut q, end, counts)) = vague(text, toks, at) {
        if qualifier != Qualifier::Exactly {
            // "more than hundreds of …" keeps the lower end as the bound.
            q = Quantity {
                qualifier,
                value: q.value,
                upper: None,
                unit: None,
            };
        }
        return Some(NumberPhrase {
            end,
            quantity: q,
            counts,
        });
    }
    let (value, end, multiplier) = numeral(text, toks, at)?;
    // A range: "300,000 to 500,000", "300,000-500,000", "3 to 5 million".
    if qualifier == Qualifier::Exactly
        && let Some(j) = toks.get(end)
    {
        let is_dash = j.kind == TokenKind::Dash;
        if (is_dash || lower(text, toks, end).is_some_and(|w| &*w == b"to"))
            && let Some((hi, hi_end, hi_mult)) = numeral(text, toks, end + 1)
        {
            return Some(range(value, multiplier, hi, hi_mult, hi_end));
        }
    }
    Some(NumberPhrase {
        end,
        quantity: Quantity {
            qualifier,
            value,
            upper: None,
            unit: None,
        },
        counts: false,
    })
}

/// A range `lo..hi`; a multiplier written only after the second end applies to both ("3 to 5
/// million").
fn range(lo: f64, lo_mult: f64, hi: f64, hi_mult: f64, end: usize) -> NumberPhrase {
    let lo = if lo_mult == 1.0 { lo * hi_mult } else { lo };
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    NumberPhrase {
        end,
        quantity: Quantity {
            qualifier: Qualifier::Exactly,
            value: lo,
            upper: Some(hi),
            unit: None,
        },
        counts: false,
    }
}

/// The unit a word names, if it can name one: a lower-case word that is not a function word,
/// a month, a weekday, a number word or a multiplier; "%" is `percent`.
pub(crate) fn unit_word(word: &str) -> Option<String> {
    if word == "%" {
        return Some("percent".to_string());
    }
    let first = word.chars().next()?;
    if !first.is_lowercase() || !word.chars().all(|c| c.is_alphabetic() || c == '-') {
        return None;
    }
    let lower = word.to_lowercase();
    let bytes = lower.as_bytes();
    let excluded = english::is_function_word(bytes)
        || english::month(bytes).is_some()
        || english::weekday(bytes).is_some()
        || english::number_word(bytes).is_some()
        || english::multiplier(bytes).is_some()
        || english::plural_multiplier(bytes).is_some();
    (!excluded).then(|| english::singular(&lower))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::token::tokenize;

    fn toks(text: &str) -> Vec<MTok> {
        tokenize(text, 0..text.len())
            .iter()
            .map(|t| MTok {
                start: t.span.0,
                end: t.span.1,
                word: 0,
                kind: t.kind,
            })
            .collect()
    }

    fn read(text: &str) -> Option<(String, usize)> {
        let t = toks(text);
        read_number(text, &t, 0).map(|p| (p.quantity.to_string(), p.end))
    }

    #[test]
    fn numbers_with_qualifiers_and_multipliers() {
        assert_eq!(
            read("more than 1,000 containers"),
            Some(("more than 1000".into(), 3))
        );
        assert_eq!(read("about 7,000"), Some(("about 7000".into(), 2)));
        assert_eq!(read("1.5 million shells"), Some(("1500000".into(), 2)));
        assert_eq!(read("a million"), Some(("1000000".into(), 2)));
        assert_eq!(read("twenty-five"), Some(("25".into(), 1)));
        assert_eq!(
            read("over 1 million"),
            Some(("more than 1000000".into(), 3))
        );
        assert_eq!(read("nearly 300,000"), Some(("about 300000".into(), 2)));
        assert_eq!(read("the shells"), None);
        assert_eq!(read("a shell"), None);
    }

    #[test]
    fn ranges_and_vague_amounts() {
        assert_eq!(
            read("hundreds of thousands of shells"),
            Some(("200000..999999".into(), 3))
        );
        assert_eq!(
            read("300,000 to 500,000"),
            Some(("300000..500000".into(), 3))
        );
        assert_eq!(read("300,000-500,000"), Some(("300000..500000".into(), 3)));
        assert_eq!(read("between 3 and 5"), Some(("3..5".into(), 4)));
        assert_eq!(read("3 to 5 million"), Some(("3000000..5000000".into(), 4)));
        assert_eq!(read("several thousand"), Some(("3000..9000".into(), 2)));
        assert_eq!(read("dozens"), Some(("24..119".into(), 1)));
    }

    #[test]
    fn units() {
        assert_eq!(unit_word("containers"), Some("container".into()));
        assert_eq!(unit_word("%"), Some("percent".into()));
        assert_eq!(unit_word("in"), None);
        assert_eq!(unit_word("March"), None);
        assert_eq!(unit_word("million"), None);
    }
}
