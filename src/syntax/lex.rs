//! Small hand-written scanners that support the pest grammar: finding unterminated strings
//! and brackets nested too deeply before pest runs (so the error points at the opening quote
//! or at the bracket too deep, not at the end or the start of the file),
//! unescaping string literals, and cutting the input into rough tokens so that error messages
//! can name what was found and what came before. Nothing here decides what is valid syntax.

use super::error::SyntaxError;
use crate::source::{FileId, Span};

/// Finds the first string literal that is not closed on its line. Comments are skipped, so a
/// quote inside `// it's "fine` is not a string.
pub(crate) fn check_strings(text: &str, file: FileId, base: usize) -> Result<(), SyntaxError> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while bytes.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    i += 1;
                }
            }
            b'"' => {
                let open = i;
                i += 1;
                loop {
                    match bytes.get(i) {
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(b'\\')
                            if bytes.get(i + 1).is_some_and(|&c| c != b'\n' && c != b'\r') =>
                        {
                            i += 2
                        }
                        Some(b'\n' | b'\r' | b'\\') | None => {
                            let end = line_end(text, open);
                            return Err(SyntaxError::UnterminatedString {
                                span: Span::new(file, base + open, base + end),
                            });
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Finds the first bracket (`(`, `[` or `{`) that opens a level of nesting deeper than
/// `limit`, counting all three kinds together and skipping strings and comments. It runs
/// before pest, whose parser recurses once per level of the pattern groups: input nested
/// thousands deep would otherwise exhaust pest's budget and be reported at the start of the
/// file rather than where the nesting goes too deep. Closing brackets that close nothing are
/// left for the grammar to report.
pub(crate) fn check_nesting(
    text: &str,
    file: FileId,
    base: usize,
    limit: usize,
) -> Result<(), SyntaxError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while bytes.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    i += 1;
                }
            }
            b'"' => {
                i += 1;
                loop {
                    match bytes.get(i) {
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(b'\\') => i += 2,
                        Some(b'\n' | b'\r') | None => break,
                        Some(_) => i += 1,
                    }
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Err(SyntaxError::NestingTooDeep {
                        span: Span::new(file, base + i, base + i + 1),
                        limit,
                    });
                }
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// The offset of the end of the line containing `pos` (before its line break).
fn line_end(text: &str, pos: usize) -> usize {
    text.get(pos..)
        .and_then(|rest| rest.find(['\n', '\r']))
        .map_or(text.len(), |n| pos + n)
}

/// Unescapes a string literal given with its quotes; `start` is the absolute offset of the
/// opening quote, for error spans.
pub(crate) fn unescape(literal: &str, file: FileId, start: usize) -> Result<String, SyntaxError> {
    let inner = literal
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(literal);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        // Offsets are relative to `inner`, which starts one byte after the opening quote.
        let esc_start = start + 1 + i;
        let bad = |end_in_inner: usize| SyntaxError::InvalidEscape {
            span: Span::new(file, esc_start, start + 1 + end_in_inner),
            escape: inner.get(i..end_in_inner).unwrap_or("\\").to_string(),
        };
        let Some((j, e)) = chars.next() else {
            return Err(bad(inner.len()));
        };
        let after = j + e.len_utf8();
        match e {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'u' => {
                if chars.next_if(|&(_, c)| c == '{').is_none() {
                    return Err(bad(after));
                }
                let mut hex = String::new();
                let mut end = after + 1;
                loop {
                    match chars.next() {
                        Some((k, '}')) => {
                            end = k + 1;
                            break;
                        }
                        Some((k, h)) if h.is_ascii_hexdigit() && hex.len() < 6 => {
                            hex.push(h);
                            end = k + 1;
                        }
                        Some((k, h)) => return Err(bad(k + h.len_utf8())),
                        None => return Err(bad(end.min(inner.len()))),
                    }
                }
                let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                match ch {
                    Some(ch) => out.push(ch),
                    None => return Err(bad(end)),
                }
            }
            _ => return Err(bad(after)),
        }
    }
    Ok(out)
}

/// A rough token, for error messages only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A word: letters, digits, `_`; for numbers and dates also the `,` `.` `-` between digits.
    Word,
    /// A string literal, quotes included.
    Str,
    /// A `///` doc comment line.
    Doc,
    /// Punctuation: one or two characters.
    Punct,
}

/// Where the rough token starting at `pos` ends, and what kind it is; `None` at the end of
/// the input.
pub(crate) fn token_at(text: &str, pos: usize) -> Option<(usize, TokenKind)> {
    let rest = text.get(pos..)?;
    let first = rest.chars().next()?;
    let bytes = rest.as_bytes();
    let len = if rest.starts_with("///") {
        return Some((
            pos + rest.find(['\n', '\r']).unwrap_or(rest.len()),
            TokenKind::Doc,
        ));
    } else if first == '"' {
        let mut i = 1;
        loop {
            match bytes.get(i) {
                Some(b'"') => break i + 1,
                Some(b'\\') => i += 2,
                Some(b'\n' | b'\r') | None => break i,
                Some(_) => i += 1,
            }
        }
        .min(rest.len())
    } else if first.is_ascii_alphanumeric() || first == '_' {
        let numeric = first.is_ascii_digit();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let joins_digits = numeric
                && matches!(b, b',' | b'.' | b'-')
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                && bytes.get(i.wrapping_sub(1)).is_some_and(u8::is_ascii_digit);
            if b.is_ascii_alphanumeric() || b == b'_' || joins_digits {
                i += 1;
            } else {
                break;
            }
        }
        i
    } else {
        const TWO: [&str; 7] = [":-", "->", "..", "!=", "<=", ">=", "=="];
        if TWO.iter().any(|t| rest.starts_with(t)) {
            2
        } else {
            first.len_utf8()
        }
    };
    let kind = if first == '"' {
        TokenKind::Str
    } else if first.is_ascii_alphanumeric() || first == '_' {
        TokenKind::Word
    } else {
        TokenKind::Punct
    };
    // Never split a character: a string cut at a stray backslash may end mid-character.
    let mut end = pos + len;
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    Some((end, kind))
}

/// The rough token that ends last before `pos`, skipping whitespace and `//` comments.
pub(crate) fn token_before(text: &str, pos: usize) -> Option<(usize, usize, TokenKind)> {
    let mut i = 0;
    let mut last = None;
    while i < pos {
        let rest = text.get(i..)?;
        let c = rest.chars().next()?;
        if c.is_whitespace() || c == '\u{feff}' {
            i += c.len_utf8();
            continue;
        }
        if rest.starts_with("//") && !rest.starts_with("///") || rest.starts_with("////") {
            i += rest.find(['\n', '\r']).unwrap_or(rest.len());
            continue;
        }
        let (end, kind) = token_at(text, i)?;
        if end > pos {
            // A rough token can run past where pest stopped (`==` when pest took one `=`):
            // the part before the stop is what came before.
            if i < pos && text.is_char_boundary(pos) {
                last = Some((i, pos, kind));
            }
            break;
        }
        last = Some((i, end, kind));
        i = end.max(i + 1);
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_every_escape() {
        let s = unescape(r#""a\"b\\c\nd\te\u{e9}""#, FileId(0), 0);
        assert_eq!(s, Ok("a\"b\\c\nd\te\u{e9}".to_string()));
    }

    #[test]
    fn rejects_unknown_escapes_with_their_span() {
        let err = unescape(r#""ab\qc""#, FileId(0), 10);
        assert_eq!(
            err,
            Err(SyntaxError::InvalidEscape {
                span: Span::new(FileId(0), 13, 15),
                escape: "\\q".to_string()
            })
        );
        assert!(unescape(r#""\u{110000}""#, FileId(0), 0).is_err());
        assert!(unescape(r#""\u{}""#, FileId(0), 0).is_err());
        assert!(unescape(r#""\u{1234567}""#, FileId(0), 0).is_err());
        assert!(unescape(r#""\u1234""#, FileId(0), 0).is_err());
    }

    #[test]
    fn finds_unterminated_strings_but_not_quotes_in_comments() {
        assert!(check_strings("// it's \"fine\nimport \"a\"", FileId(0), 0).is_ok());
        let err = check_strings("import \"a\nx", FileId(0), 0);
        assert_eq!(
            err,
            Err(SyntaxError::UnterminatedString {
                span: Span::new(FileId(0), 7, 9)
            })
        );
    }

    #[test]
    fn finds_the_first_bracket_past_the_nesting_limit() {
        assert!(check_nesting("p(q[r{s}])", FileId(0), 0, 3).is_ok());
        assert_eq!(
            check_nesting("a ((( (x)))", FileId(0), 10, 3),
            Err(SyntaxError::NestingTooDeep {
                span: Span::new(FileId(0), 16, 17),
                limit: 3
            })
        );
        // Brackets in strings and comments do not count; stray closers do not go below zero.
        assert!(check_nesting("\"((((\" // ((((\n)))) (\"\\\"(\")", FileId(0), 0, 1).is_ok());
        assert!(check_nesting("((", FileId(0), 0, 1).is_err());
    }

    #[test]
    fn rough_tokens() {
        let text = "p(1,000, 2023-09-13..2024) :- \"s\\\"x\" // c\n  q";
        assert_eq!(token_at(text, 2), Some((7, TokenKind::Word)));
        assert_eq!(token_at(text, 9), Some((19, TokenKind::Word)));
        assert_eq!(token_at(text, 19), Some((21, TokenKind::Punct)));
        assert_eq!(token_at(text, 27), Some((29, TokenKind::Punct)));
        assert_eq!(token_at(text, 30), Some((36, TokenKind::Str)));
        let q = text.len() - 1;
        assert_eq!(token_before(text, q), Some((30, 36, TokenKind::Str)));
        assert_eq!(token_at(text, text.len()), None);
    }
}
