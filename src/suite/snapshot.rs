//! Snapshot files in the `insta` format, so `cargo insta review` and `insta` itself read them:
//! a YAML header between two `---` lines, then the snapshot text (here: the case's report in
//! YAML, schema `claimcheck.report/1`).
//!
//! This module parses and writes that format and compares contents the way insta does
//! (trailing whitespace at the end and `\r\n` line ends do not count). It does not decide
//! when to write: the runner does, and never under `CI=true`.

use serde::Deserialize;

/// File name of a case's snapshot.
pub const SNAPSHOT_FILE: &str = "report.snap";

/// File name of a snapshot waiting for review (insta's pending-snapshot name).
pub const PENDING_FILE: &str = "report.snap.new";

/// The header claimcheck writes. `source` and `expression` are what `cargo insta review`
/// shows above the diff.
const HEADER: &str = "---\nsource: claimcheck test\nexpression: report\n---\n";

/// A parsed snapshot file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotFile {
    /// The snapshot text, after the header.
    pub contents: String,
    /// Byte offset of the contents in the file.
    pub contents_offset: usize,
}

/// The header fields insta writes. Unknown fields are allowed, as insta allows them.
#[derive(Debug, Deserialize)]
struct Header {
    #[serde(default)]
    snapshot_kind: Option<String>,
}

/// Why a snapshot file could not be read, and the byte offset the problem is at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotProblem {
    /// What is wrong.
    pub reason: String,
    /// Byte offset in the file.
    pub offset: usize,
}

/// Parses a snapshot file.
pub fn parse_snapshot(text: &str) -> Result<SnapshotFile, SnapshotProblem> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text.get(..first_end).map(str::trim_end) != Some("---") {
        return Err(SnapshotProblem {
            reason: "it does not start with a `---` header line".into(),
            offset: 0,
        });
    }
    let header_start = (first_end + 1).min(text.len());
    let mut pos = header_start;
    let mut close = None;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            close = Some((pos, (end + 1).min(text.len())));
            break;
        }
        pos = end + 1;
    }
    let Some((header_end, contents_offset)) = close else {
        return Err(SnapshotProblem {
            reason: "its header is not closed by a second `---` line".into(),
            offset: 0,
        });
    };
    let header_text = &text[header_start..header_end];
    let header: Header = if header_text.trim().is_empty() {
        Header {
            snapshot_kind: None,
        }
    } else {
        crate::yaml::from_str(header_text).map_err(|e| SnapshotProblem {
            reason: format!("its header is not valid: {}", e.message),
            offset: header_start + e.offset.unwrap_or(0),
        })?
    };
    if header.snapshot_kind.as_deref().is_some_and(|k| k != "text") {
        return Err(SnapshotProblem {
            reason: "it is a binary snapshot; a report snapshot is text".into(),
            offset: header_start,
        });
    }
    Ok(SnapshotFile {
        contents: text[contents_offset..].to_string(),
        contents_offset,
    })
}

/// The whole file for a snapshot whose contents are `contents`.
pub fn render_snapshot(contents: &str) -> String {
    format!("{HEADER}{}\n", normalize(contents))
}

/// Whether two snapshot contents are the same, as insta compares them.
pub fn same_contents(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

/// Contents as compared: `\r\n` as `\n`, trailing whitespace at the end removed.
pub fn normalize(contents: &str) -> String {
    contents.trim_end().replace("\r\n", "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let file = render_snapshot("schema: claimcheck.report/1\n\n");
        let parsed = parse_snapshot(&file).unwrap();
        assert!(same_contents(
            &parsed.contents,
            "schema: claimcheck.report/1"
        ));
        assert_eq!(
            &file[parsed.contents_offset..],
            "schema: claimcheck.report/1\n"
        );
    }

    #[test]
    fn reads_what_insta_writes() {
        let text = "---\nsource: tests/x.rs\nassertion_line: 12\nexpression: report\ninput_file: a/b.txt\n---\nschema: x\n";
        assert_eq!(parse_snapshot(text).unwrap().contents, "schema: x\n");
    }

    #[test]
    fn problems_are_located() {
        assert_eq!(parse_snapshot("schema: x\n").unwrap_err().offset, 0);
        assert!(
            parse_snapshot("---\nsource: x\n")
                .unwrap_err()
                .reason
                .contains("not closed")
        );
        let bad = parse_snapshot("---\nsource: [x\n---\nbody\n").unwrap_err();
        assert!(bad.reason.contains("header"), "{bad:?}");
        assert!(bad.offset >= 4);
        let binary = "---\nsnapshot_kind: binary\nextension: png\n---\n";
        assert!(
            parse_snapshot(binary)
                .unwrap_err()
                .reason
                .contains("binary")
        );
    }

    #[test]
    fn comparison_ignores_line_ends_and_trailing_space() {
        assert!(same_contents("a\r\nb\n\n", "a\nb"));
        assert!(!same_contents("a\nb", "a\nc"));
    }
}
