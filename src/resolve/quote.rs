//! Finding a hand-written quote in a document: exact match first, then a tolerant match that
//! treats curly and straight quotes alike, dashes alike and any run of whitespace as one
//! space (case still matters). When both fail it finds the passage nearest to the quote, so
//! the error can show what the document does say. It never changes the document text: every
//! range returned is a byte range of the original.

use std::collections::HashMap;
use std::ops::Range;

/// How many of the windows sharing the most words with the quote are compared by edit
/// distance.
const CANDIDATES: usize = 16;
/// The least edit-distance similarity (0–1) for a passage to be offered as "nearest".
const MIN_SIMILARITY: f64 = 0.4;

/// Finds a quote in a document's text: exact first, then tolerant (curly and straight quotes
/// and apostrophes alike, dashes alike, any run of whitespace equals one space,
/// case-sensitive). Returns the byte range in `text`. On failure returns the nearest passage
/// (the word window of the quote's length most similar to it), if one is close enough.
pub fn find_quote(text: &str, quote: &str) -> Result<Range<usize>, Option<Range<usize>>> {
    if quote.trim().is_empty() {
        return Err(None);
    }
    if let Some(start) = text.find(quote) {
        return Ok(start..start + quote.len());
    }
    let hay = Normalised::new(text);
    let needle = Normalised::new(quote.trim());
    if let Some(start) = hay.text.find(&needle.text) {
        return Ok(hay.original(start..start + needle.text.len()));
    }
    Err(nearest(text, quote))
}

/// A text with quotes, dashes and whitespace folded, and for each byte of the folded text
/// the original character it came from.
struct Normalised {
    text: String,
    /// Original start of the character that produced each folded byte.
    starts: Vec<usize>,
    /// Original end of that character (or of the whitespace run).
    ends: Vec<usize>,
}

impl Normalised {
    fn new(original: &str) -> Normalised {
        let mut out = Normalised {
            text: String::with_capacity(original.len()),
            starts: Vec::with_capacity(original.len()),
            ends: Vec::with_capacity(original.len()),
        };
        let mut in_space = false;
        for (i, c) in original.char_indices() {
            let end = i + c.len_utf8();
            if c.is_whitespace() {
                if in_space {
                    if let Some(last) = out.ends.last_mut() {
                        *last = end;
                    }
                } else {
                    out.push(" ", i, end);
                    in_space = true;
                }
                continue;
            }
            in_space = false;
            let mut buf = [0u8; 4];
            let folded: &str = match c {
                '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => "'",
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => "\"",
                '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
                '\u{2026}' => "...",
                _ => c.encode_utf8(&mut buf),
            };
            out.push(folded, i, end);
        }
        out
    }

    fn push(&mut self, s: &str, start: usize, end: usize) {
        self.text.push_str(s);
        for _ in 0..s.len() {
            self.starts.push(start);
            self.ends.push(end);
        }
    }

    /// The original range behind a non-empty folded range.
    fn original(&self, r: Range<usize>) -> Range<usize> {
        let start = self.starts.get(r.start).copied().unwrap_or(0);
        let end = r
            .end
            .checked_sub(1)
            .and_then(|i| self.ends.get(i))
            .copied()
            .unwrap_or(start);
        start..end.max(start)
    }
}

/// A word of the document with where it is, and its comparison key.
struct Word {
    range: Range<usize>,
    key: String,
}

/// Lower-cased, with surrounding punctuation removed, quotes and dashes folded.
fn word_key(word: &str) -> String {
    Normalised::new(word)
        .text
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(Word {
                    range: s..i,
                    key: word_key(&text[s..i]),
                });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word {
            range: s..text.len(),
            key: word_key(&text[s..]),
        });
    }
    out
}

/// The window of the quote's word count most like the quote: windows are first ranked by the
/// words they share with it (a sliding count, linear in the text), then the best few are
/// compared by normalised edit distance.
fn nearest(text: &str, quote: &str) -> Option<Range<usize>> {
    let doc = words(text);
    let wanted: Vec<String> = words(quote).into_iter().map(|w| w.key).collect();
    if doc.is_empty() || wanted.is_empty() {
        return None;
    }
    let k = wanted.len().min(doc.len());
    let mut need: HashMap<&str, usize> = HashMap::new();
    for w in &wanted {
        *need.entry(w.as_str()).or_default() += 1;
    }
    let mut have: HashMap<&str, usize> = HashMap::new();
    let mut shared = 0usize;
    let mut scores: Vec<(usize, usize)> = Vec::with_capacity(doc.len());
    for (i, w) in doc.iter().enumerate() {
        let n = have.entry(w.key.as_str()).or_default();
        if *n < need.get(w.key.as_str()).copied().unwrap_or(0) {
            shared += 1;
        }
        *n += 1;
        if let Some(old) = i.checked_sub(k).and_then(|j| doc.get(j)) {
            let old = old.key.as_str();
            let n = have.entry(old).or_default();
            *n = n.saturating_sub(1);
            if *n < need.get(old).copied().unwrap_or(0) {
                shared -= 1;
            }
        }
        if i + 1 >= k {
            scores.push((shared, i + 1 - k));
        }
    }
    scores.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let target = wanted.join(" ");
    let mut best: Option<(f64, Range<usize>)> = None;
    for &(_, first) in scores.iter().take(CANDIDATES) {
        let Some(window) = doc.get(first..first + k) else {
            continue;
        };
        let key: Vec<&str> = window.iter().map(|w| w.key.as_str()).collect();
        let similarity = strsim::normalized_levenshtein(&key.join(" "), &target);
        if best.as_ref().is_none_or(|(s, _)| similarity > *s) {
            let start = window.first().map_or(0, |w| w.range.start);
            let end = window.last().map_or(start, |w| w.range.end);
            best = Some((similarity, start..end));
        }
    }
    best.filter(|(s, _)| *s >= MIN_SIMILARITY).map(|(_, r)| r)
}

#[cfg(test)]
mod tests {
    use super::find_quote;

    #[test]
    fn exact_match_wins() {
        let text = "He said \"no\". He said \"no\".";
        assert_eq!(find_quote(text, "said \"no\""), Ok(3..12));
    }

    #[test]
    fn curly_quotes_dashes_and_spaces_are_tolerated() {
        let text = "It was Kim\u{2019}s first trip \u{2014} a  long\n one.";
        let r = find_quote(text, "Kim's first trip - a long one").unwrap();
        assert_eq!(&text[r], "Kim\u{2019}s first trip \u{2014} a  long\n one");
    }

    #[test]
    fn case_matters() {
        assert!(find_quote("Putin denied it", "putin denied it").is_err());
    }

    #[test]
    fn an_empty_quote_is_never_found() {
        assert_eq!(find_quote("text", "  "), Err(None));
    }

    #[test]
    fn the_nearest_passage_is_offered() {
        let text =
            "Intro words here. Putin denied that any such agreement was made and said more. End.";
        let err = find_quote(text, "Putin denied that any agreement had been made").unwrap_err();
        let r = err.unwrap();
        assert!(
            text[r.clone()].starts_with("Putin denied that any such agreement"),
            "{}",
            &text[r]
        );
    }

    #[test]
    fn nothing_close_gives_no_passage() {
        assert_eq!(find_quote("alpha beta gamma", "zzz qqq"), Err(None));
    }
}
