//! The one place that touches the YAML library (`yaml_serde`, the maintained `serde_yaml`).
//! Everything else calls [`from_str`] and [`to_string`]. Errors carry a byte offset into the
//! text that was parsed, so callers can turn them into located diagnostics.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A YAML error with the byte offset it points at, when the library knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// The library's message, without its own "at line … column …" suffix.
    pub message: String,
    /// Byte offset into the parsed text.
    pub offset: Option<usize>,
}

/// Deepest nesting of flow collections (`[…]`, `{…}`) handed to the YAML library. The library
/// refuses more than 128 levels only after scanning them, and its scanner's work grows with
/// the square of the flow depth (100,000 `[` take minutes), so deeper input is refused first.
pub const MAX_FLOW_DEPTH: usize = 128;

/// Deserializes YAML (or JSON, which is YAML) into `T`.
///
/// `yaml_serde` already refuses alias bombs ("repetition limit exceeded") and deep nesting
/// ("recursion limit exceeded"); duplicate keys are refused for structs by serde itself. Flow
/// nesting deeper than [`MAX_FLOW_DEPTH`] is refused before the library sees it.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some(offset) = flow_too_deep(text, MAX_FLOW_DEPTH) {
        return Err(YamlError {
            message: format!("nesting deeper than {MAX_FLOW_DEPTH} levels"),
            offset: Some(offset),
        });
    }
    serde_yaml::from_str(text).map_err(|e| {
        let offset = e.location().map(|l| offset_of(text, l.line(), l.column()));
        let mut message = e.to_string();
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        YamlError {
            message: plain_words(message),
            offset,
        }
    })
}

/// Rewords the Rust type names serde puts in its messages ("expected usize", "expected
/// struct Record") for people who write YAML.
fn plain_words(message: String) -> String {
    const WORDS: [(&str, &str); 9] = [
        ("expected usize", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u16", "expected a whole number"),
        ("expected u8", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
    ];
    let mut out = message;
    for (rust, words) in WORDS {
        if out.ends_with(rust) {
            out.truncate(out.len() - rust.len());
            out.push_str(words);
        }
    }
    if let Some(i) = out.find("expected struct ") {
        out.truncate(i);
        out.push_str("expected a mapping");
    }
    out
}

/// The offset of the first flow collection opened deeper than `limit`, if any.
///
/// A light scan, not a YAML parser: it skips comments and quoted scalars, and counts `[` and
/// `{` where they open a collection (anywhere inside a flow collection, where plain text
/// cannot hold them; outside, only where a value starts). It errs towards counting too little,
/// which only lets the library's own limit answer instead.
fn flow_too_deep(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    // The last byte that was not whitespace, on this line or (inside a collection) before it.
    let mut prev: Option<u8> = None;
    // The first byte of the last word, and whether whitespace followed it.
    let mut word: Option<u8> = None;
    let mut after_space = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Where a value may start: `[`, `{`, `"` and `'` open something only there.
        let value_start = match prev {
            None => true,
            Some(p) => {
                matches!(p, b':' | b'-' | b'?')
                    || (depth > 0 && matches!(p, b'[' | b'{' | b','))
                    || (after_space && matches!(word, Some(b'&' | b'!')))
            }
        };
        match b {
            b'\n' => {
                if depth == 0 {
                    prev = None;
                    word = None;
                }
                after_space = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                after_space = true;
                i += 1;
                continue;
            }
            b'#' if after_space => {
                while bytes.get(i).is_some_and(|c| *c != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'"' if value_start => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    i += if c == b'\\' { 2 } else { 1 };
                    if c == b'"' {
                        break;
                    }
                }
            }
            b'\'' if value_start => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    i += 1;
                    if c == b'\'' {
                        if bytes.get(i) == Some(&b'\'') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            b'[' | b'{' if depth > 0 || value_start => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
        if after_space {
            word = Some(b);
        }
        prev = Some(b);
        after_space = false;
    }
    None
}

/// Serializes `value` as YAML.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(|e| YamlError {
        message: e.to_string(),
        offset: None,
    })
}

/// Byte offset of a 1-based line and 1-based character column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(l.len(), |(b, _)| b);
            return offset + col;
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn error_offset_points_at_the_bad_line() {
        let text = "a: 1\nb: [unclosed\n";
        let err = from_str::<BTreeMap<String, serde_yaml::Value>>(text).unwrap_err();
        let off = err.offset.unwrap();
        assert!(off >= 5, "{err:?}");
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let deep = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = from_str::<serde_yaml::Value>(&deep).unwrap_err();
        assert_eq!(err.message, "nesting deeper than 128 levels");
        assert_eq!(err.offset, Some(3 + 128));
        let json = format!("{}1{}", "{\"a\": ".repeat(100_000), "}".repeat(100_000));
        assert!(from_str::<serde_yaml::Value>(&json).is_err());
    }

    #[test]
    fn brackets_in_text_are_not_nesting() {
        let many = "- quote: he said [sic \"[[\" '[[' # [[[\n".repeat(500);
        assert_eq!(flow_too_deep(&many, 128), None);
        let words = format!("quote: {}\n", "a [".repeat(1000));
        assert_eq!(flow_too_deep(&words, 128), None);
        let quoted = format!("quote: \"{}\"\n", "[".repeat(1000));
        assert_eq!(flow_too_deep(&quoted, 128), None);
        let anchored = format!("a: &x {}", "[".repeat(200));
        assert_eq!(flow_too_deep(&anchored, 128), Some(6 + 128));
    }

    #[test]
    fn rust_type_names_are_reworded() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Record {
            start: usize,
        }
        let err = from_str::<Record>("start: x").unwrap_err();
        assert_eq!(
            err.message,
            "start: invalid type: string \"x\", expected a whole number"
        );
        let err = from_str::<Record>("[1]").unwrap_err();
        assert_eq!(err.message, "invalid type: sequence, expected a mapping");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            text.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(from_str::<serde_yaml::Value>(&text).is_err());
    }
}
