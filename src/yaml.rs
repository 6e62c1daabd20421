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

/// Deserializes YAML (or JSON, which is YAML) into `T`.
///
/// `yaml_serde` already refuses alias bombs ("repetition limit exceeded") and deep nesting
/// ("recursion limit exceeded"); duplicate keys are refused for structs by serde itself.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let offset = e.location().map(|l| offset_of(text, l.line(), l.column()));
        let mut message = e.to_string();
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        YamlError { message, offset }
    })
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
