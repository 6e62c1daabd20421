//! Source files and spans: the [`SourceMap`] owns every byte of text claimcheck reads (rule
//! files, documents, statement files) and hands out [`FileId`]s; a [`Span`] is a byte range in
//! one file. Line and column numbers are computed here, on demand, and nowhere else.
//!
//! This module does no I/O: callers read files and add their text. It knows nothing about
//! grammar, documents or reports.

use std::sync::Arc;

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range `start..end` in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// The file the bytes belong to.
    pub file: FileId,
    /// First byte (inclusive).
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets; offsets beyond `u32::MAX` are clamped (inputs are capped far
    /// below that).
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span {
            file,
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }

    /// The byte range as `usize`s.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both (they must be in the same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// What kind of input a file is; decides how it is parsed and how it is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// A `.claims` rule file.
    Rules,
    /// A document: `.txt` or `.md`.
    Document,
    /// A statement file: `.yaml`, `.yml` or `.json`.
    Statements,
    /// Anything else that was named on the command line (reported as an error).
    Other,
}

impl FileKind {
    /// The kind a path's extension implies.
    pub fn of_path(path: &str) -> FileKind {
        let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("claims") => FileKind::Rules,
            Some("txt" | "md") => FileKind::Document,
            Some("yaml" | "yml" | "json") => FileKind::Statements,
            _ => FileKind::Other,
        }
    }
}

/// One file's text and the name it is reported under.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user gave it (or `<default>/…` for the embedded pack); never made
    /// absolute, so reports are the same on every machine.
    pub path: String,
    /// The whole text. Files that are not valid UTF-8 are added with empty text and an error.
    pub text: Arc<str>,
    /// What kind of input this is.
    pub kind: FileKind,
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// 1-based line and column (in characters) of a byte offset. Offsets past the end are
    /// clamped to the end; offsets inside a character count as that character.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0) as usize;
        let mut end = offset;
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text.get(start..end).map_or(0, |s| s.chars().count()) + 1;
        (line + 1, column)
    }

    /// The text a span covers, or `""` when the span does not fit the file.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// Owns all source text of a run.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    /// The first file added under each path, so that [`SourceMap::find`] stays constant-time
    /// in runs over many thousands of documents.
    by_path: std::collections::HashMap<String, FileId>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id. The same path may be added twice (they get two ids);
    /// callers that want sharing use [`SourceMap::find`] first.
    pub fn add(
        &mut self,
        path: impl Into<String>,
        text: impl Into<Arc<str>>,
        kind: FileKind,
    ) -> FileId {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        let path: String = path.into();
        self.by_path.entry(path.clone()).or_insert(id);
        self.files.push(SourceFile {
            path,
            text,
            kind,
            line_starts,
        });
        id
    }

    /// The id of a file already added under this path.
    pub fn find(&self, path: &str) -> Option<FileId> {
        self.by_path.get(path).copied()
    }

    /// The file behind an id. Ids come only from [`SourceMap::add`], so this cannot fail for
    /// ids of this map; an id from another map names some other file, or panics when it is past
    /// the end.
    // A foreign id is a bug in the caller, never something input can cause.
    #[allow(clippy::indexing_slicing)]
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.file(span.file).slice(span)
    }

    /// 1-based line and column of a span's start.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        self.file(span.file).line_col(span.start as usize)
    }

    /// All files, in the order they were added.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let mut map = SourceMap::new();
        let id = map.add("a.txt", "ab\nKim’s trip\n", FileKind::Document);
        let file = map.file(id);
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        // "’" is three bytes: the "s" after it is the fifth character of line 2.
        assert_eq!(file.line_col(9), (2, 5));
        assert_eq!(file.line_col(1000), (3, 1));
    }
}
