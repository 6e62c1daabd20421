//! Documents: the checks raw bytes pass before they become text, the optional YAML front
//! matter of a Markdown file (`title`, `author`, `outlet`, `date`, `url`), and the byline that
//! gives the author when the front matter does not ("By Jane Doe").
//!
//! Front matter is read only through [`crate::yaml::from_str`] into a struct that refuses
//! unknown keys; its errors are mapped back to byte offsets in the file. This module does no
//! I/O and does not split the body: see `sentence` for that.

use super::chars::is_space;
use crate::diagnostic::{Diag, Diagnostic, did_you_mean};
use crate::source::{FileId, Span};
use crate::value::{Date, days_in_month};
use serde::Deserialize;
use std::ops::Range;

/// The size cap for one document unless the caller sets another: 32 MiB.
pub const DEFAULT_MAX_LEN: usize = 32 * 1024 * 1024;

/// A document's metadata and where its body is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The file in the source map.
    pub file: FileId,
    /// Byte range of the body: the text after the front matter (the whole text without one).
    pub body: Range<usize>,
    /// `title` from the front matter, or a Markdown `# heading` on the body's first line.
    pub title: Option<String>,
    /// `author` from the front matter, or the byline.
    pub author: Option<String>,
    /// `outlet` from the front matter.
    pub outlet: Option<String>,
    /// `date` from the front matter; it anchors relative times ("on Wednesday").
    pub date: Option<Date>,
    /// `url` from the front matter.
    pub url: Option<String>,
    /// Byte range of the byline line ("By Jane Doe"), when there is one.
    pub byline: Option<Range<usize>>,
}

/// Whether a document may carry front matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentFormat {
    /// Plain text (`.txt`): the whole file is the body.
    Text,
    /// Markdown (`.md`): may start with `---` front matter; a `# heading` gives the title.
    Markdown,
}

impl DocumentFormat {
    /// The format a path's extension implies (Markdown for `.md` and `.markdown`).
    pub fn of_path(path: &str) -> DocumentFormat {
        let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("md" | "markdown") => DocumentFormat::Markdown,
            _ => DocumentFormat::Text,
        }
    }
}

/// A problem with a file's raw bytes, found before the file has an id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BytesError {
    /// Latin-1 text such as `caf\xe9`.
    #[error("not valid UTF-8: bad byte at line {line}, column {column}")]
    NotUtf8 {
        /// Byte offset of the first bad byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
        /// 1-based column, in characters, of that byte.
        column: usize,
    },
    /// A NUL byte: an image, an archive, or UTF-16 text.
    #[error("binary file: NUL byte at line {line}, column {column}")]
    Binary {
        /// Byte offset of the first NUL byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
        /// 1-based column, in characters, of that byte.
        column: usize,
    },
    /// More bytes than the cap.
    #[error("too large: {len} bytes, the limit is {max}")]
    TooLarge {
        /// The file's size.
        len: usize,
        /// The cap.
        max: usize,
    },
}

impl BytesError {
    /// The byte the problem is at (0 for a file that is too large).
    pub fn offset(&self) -> usize {
        match self {
            BytesError::NotUtf8 { offset, .. } | BytesError::Binary { offset, .. } => *offset,
            BytesError::TooLarge { .. } => 0,
        }
    }

    /// The located error, once the file has been added to the source map (usually with its
    /// text replaced, so the span only points at the offset and the message carries line and
    /// column).
    pub fn located(self, file: FileId) -> DocumentError {
        let span = Span::new(file, self.offset(), self.offset());
        match self {
            BytesError::NotUtf8 { line, column, .. } => {
                DocumentError::NotUtf8 { span, line, column }
            }
            BytesError::Binary { line, column, .. } => DocumentError::Binary { span, line, column },
            BytesError::TooLarge { len, max } => DocumentError::TooLarge { span, len, max },
        }
    }
}

/// A problem with a document.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// A Latin-1 file: `café` saved as `caf\xe9`.
    #[error("document is not valid UTF-8: bad byte at line {line}, column {column}")]
    NotUtf8 {
        /// Where the bad byte is.
        span: Span,
        /// 1-based line.
        line: usize,
        /// 1-based column in characters.
        column: usize,
    },
    /// A PNG named `article.txt`, or UTF-16 text.
    #[error("document is a binary file: NUL byte at line {line}, column {column}")]
    Binary {
        /// Where the NUL byte is.
        span: Span,
        /// 1-based line.
        line: usize,
        /// 1-based column in characters.
        column: usize,
    },
    /// An empty file, or one with only spaces and blank lines (after any front matter).
    #[error("document is empty")]
    Empty {
        /// Where the body starts.
        span: Span,
    },
    /// A 40 MiB file when the cap is 32 MiB.
    #[error("document is too large: {len} bytes, the limit is {max}")]
    TooLarge {
        /// The file's start.
        span: Span,
        /// The file's size.
        len: usize,
        /// The cap.
        max: usize,
    },
    /// `---\ntitle: [a\n---`, or a `---` opening line with no closing one.
    #[error("invalid front matter: {message}")]
    FrontMatter {
        /// Where the YAML library stopped, or the opening line.
        span: Span,
        /// What went wrong, in the YAML library's words.
        message: String,
    },
    /// `date: 13/09/2023` or `date: 2023-02-30`.
    #[error("invalid date `{value}` in front matter")]
    BadDate {
        /// The value.
        span: Span,
        /// The value as written.
        value: String,
    },
    /// `auhtor: Jane Doe`.
    #[error("unknown front matter key `{key}`")]
    UnknownKey {
        /// The key.
        span: Span,
        /// The key as written.
        key: String,
        /// A did-you-mean line, when a close key exists.
        help: Option<String>,
    },
}

const KEYS: [&str; 5] = ["title", "author", "outlet", "date", "url"];

impl Diag for DocumentError {
    fn code(&self) -> &'static str {
        match self {
            DocumentError::NotUtf8 { .. } => "claimcheck::document::not_utf8",
            DocumentError::Binary { .. } => "claimcheck::document::binary",
            DocumentError::Empty { .. } => "claimcheck::document::empty",
            DocumentError::TooLarge { .. } => "claimcheck::document::too_large",
            DocumentError::FrontMatter { .. } => "claimcheck::document::front_matter",
            DocumentError::BadDate { .. } => "claimcheck::document::bad_date",
            DocumentError::UnknownKey { .. } => "claimcheck::document::unknown_key",
        }
    }

    fn span(&self) -> Span {
        match self {
            DocumentError::NotUtf8 { span, .. }
            | DocumentError::Binary { span, .. }
            | DocumentError::Empty { span }
            | DocumentError::TooLarge { span, .. }
            | DocumentError::FrontMatter { span, .. }
            | DocumentError::BadDate { span, .. }
            | DocumentError::UnknownKey { span, .. } => *span,
        }
    }

    fn label(&self) -> Option<String> {
        Some(
            match self {
                DocumentError::NotUtf8 { .. } => "not UTF-8",
                DocumentError::Binary { .. } => "NUL byte",
                DocumentError::Empty { .. } => "no text here",
                DocumentError::TooLarge { .. } => "too large",
                DocumentError::FrontMatter { .. } => "here",
                DocumentError::BadDate { .. } => "not an ISO date",
                DocumentError::UnknownKey { .. } => "unknown key",
            }
            .to_string(),
        )
    }

    fn help(&self) -> Option<String> {
        match self {
            DocumentError::NotUtf8 { .. } => Some("save the document as UTF-8".to_string()),
            DocumentError::Binary { .. } => {
                Some("documents are UTF-8 text; UTF-16 text must be converted to UTF-8".to_string())
            }
            DocumentError::TooLarge { .. } => {
                Some("split the document into smaller files".to_string())
            }
            DocumentError::FrontMatter { .. } => Some(
                "front matter is YAML between two `---` lines at the top of the file".to_string(),
            ),
            DocumentError::BadDate { .. } => Some(
                "write the date as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, e.g. `2023-09-13`"
                    .to_string(),
            ),
            DocumentError::UnknownKey { help, .. } => Some(help.clone().unwrap_or_else(|| {
                "the keys are `title`, `author`, `outlet`, `date` and `url`".to_string()
            })),
            DocumentError::Empty { .. } => None,
        }
    }
}

/// Checks raw bytes before they enter the source map: at most `max_len` bytes, no NUL byte,
/// valid UTF-8. The error's offset points at the first bad byte.
pub fn check_bytes(bytes: &[u8], max_len: usize) -> Result<&str, BytesError> {
    if bytes.len() > max_len {
        return Err(BytesError::TooLarge {
            len: bytes.len(),
            max: max_len,
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = line_col(bytes, offset);
        return Err(BytesError::Binary {
            offset,
            line,
            column,
        });
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let (line, column) = line_col(bytes, offset);
        BytesError::NotUtf8 {
            offset,
            line,
            column,
        }
    })
}

/// 1-based line and column (counting characters, not continuation bytes) of a byte offset.
fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before
        .get(line_start..)
        .unwrap_or(&[])
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1;
    (line, column)
}

/// Reads a document's metadata, accepting front matter (as in Markdown). Problems are
/// returned as diagnostics next to a usable document: a bad front matter key is reported and
/// the good keys are still read.
pub fn parse_document(file: FileId, text: &str) -> (Document, Vec<Diagnostic>) {
    parse_document_as(file, text, DocumentFormat::Markdown)
}

/// Reads a document's metadata in the given format: plain text has no front matter and no
/// heading title.
pub fn parse_document_as(
    file: FileId,
    text: &str,
    format: DocumentFormat,
) -> (Document, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut doc = Document {
        file,
        body: 0..text.len(),
        ..Document::default()
    };
    if format == DocumentFormat::Markdown {
        read_front_matter(file, text, &mut doc, &mut diags);
    }
    let body = text.get(doc.body.clone()).unwrap_or("");
    if body.trim_matches(is_space).is_empty() {
        let at = doc.body.start;
        diags.push(
            DocumentError::Empty {
                span: Span::new(file, at, at),
            }
            .into(),
        );
        return (doc, diags);
    }
    let top = first_lines(text, doc.body.clone(), 5);
    if format == DocumentFormat::Markdown && doc.title.is_none() {
        doc.title = top.first().and_then(|r| heading(text.get(r.clone())?));
    }
    for line in &top {
        if let Some(name) = text.get(line.clone()).and_then(byline) {
            if doc.author.is_none() {
                doc.author = Some(name);
            }
            doc.byline = Some(line.clone());
            break;
        }
    }
    (doc, diags)
}

/// The front matter's keys; anything else is an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Option<String>,
    author: Option<String>,
    outlet: Option<String>,
    date: Option<RawDate>,
    url: Option<String>,
}

/// A date as YAML gives it: `2023-09-13` is a string, `2023` a number.
#[derive(Debug)]
struct RawDate(String);

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RawDate, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = RawDate;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an ISO date such as 2023-09-13")
            }
            fn visit_str<E>(self, v: &str) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// Finds `---` … `---` at the top of `text`, parses it and fills `doc`.
fn read_front_matter(file: FileId, text: &str, doc: &mut Document, diags: &mut Vec<Diagnostic>) {
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut lines = lines_from(text, start);
    let Some(open) = lines.next() else { return };
    if text.get(open.content.clone()).map(str::trim_end) != Some("---") {
        return;
    }
    let Some(close) = lines.find(|l| {
        matches!(
            text.get(l.content.clone()).map(str::trim_end),
            Some("---" | "...")
        )
    }) else {
        diags.push(
            DocumentError::FrontMatter {
                span: Span::new(file, open.content.start, open.content.end),
                message: "the opening `---` has no closing `---` line".to_string(),
            }
            .into(),
        );
        return;
    };
    doc.body = close.next..text.len();
    let yaml_range = open.next..close.content.start;
    let yaml = text.get(yaml_range.clone()).unwrap_or("");
    let has_content = yaml.lines().any(|l| {
        let l = l.trim();
        !l.is_empty() && !l.starts_with('#')
    });
    if !has_content {
        return;
    }
    // A bad key is reported and blanked out (offsets kept), and the rest parsed again, so
    // that every bad key is reported and the good ones are kept.
    let mut blanked: Option<String> = None;
    let mut fm = None;
    for _ in 0..MAX_FRONT_MATTER_ERRORS {
        let current = blanked.as_deref().unwrap_or(yaml);
        match crate::yaml::from_str::<FrontMatter>(current) {
            Ok(parsed) => {
                fm = Some(parsed);
                break;
            }
            Err(e) => {
                let (diag, skip) = front_matter_error(file, current, yaml_range.start, e);
                diags.push(diag);
                let Some(skip) = skip else { break };
                let mut next = current.to_string();
                blank(&mut next, skip);
                blanked = Some(next);
            }
        }
    }
    let Some(fm) = fm else { return };
    let clean = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    doc.title = clean(fm.title);
    doc.author = clean(fm.author);
    doc.outlet = clean(fm.outlet);
    doc.url = clean(fm.url);
    if let Some(RawDate(raw)) = fm.date {
        match parse_iso_date(raw.trim()) {
            Some(date) => doc.date = Some(date),
            None => {
                let span = key_value_span(yaml, "date").map_or_else(
                    || Span::new(file, yaml_range.start, yaml_range.end),
                    |r| Span::new(file, yaml_range.start + r.start, yaml_range.start + r.end),
                );
                diags.push(DocumentError::BadDate { span, value: raw }.into());
            }
        }
    }
}

/// How many bad keys one front matter may report before the rest is given up.
const MAX_FRONT_MATTER_ERRORS: usize = 16;

/// Turns a YAML error into a located diagnostic, and says which key's lines to blank out
/// before trying again (none when the error is not about one key).
fn front_matter_error(
    file: FileId,
    yaml: &str,
    base: usize,
    e: crate::yaml::YamlError,
) -> (Diagnostic, Option<Range<usize>>) {
    let at = |r: &Range<usize>| Span::new(file, base + r.start, base + r.end);
    let quoted = |prefix: &str| -> Option<String> {
        let rest = e.message.strip_prefix(prefix)?;
        Some(rest.split_once('`')?.0.to_string())
    };
    if let Some(key) = quoted("unknown field `") {
        let span = key_lines(yaml, &key).next();
        let diag = DocumentError::UnknownKey {
            span: span
                .as_ref()
                .map_or_else(|| Span::new(file, base, base), at),
            help: did_you_mean(&key, KEYS),
            key,
        };
        return (diag.into(), span.map(|s| entry_lines(yaml, s)));
    }
    if let Some(key) = quoted("duplicate field `") {
        let span = key_lines(yaml, &key).nth(1);
        let diag = DocumentError::FrontMatter {
            span: span
                .as_ref()
                .map_or_else(|| Span::new(file, base, base), at),
            message: format!("duplicate key `{key}`"),
        };
        return (diag.into(), span.map(|s| entry_lines(yaml, s)));
    }
    let key = e
        .message
        .split_once(": ")
        .map(|(k, _)| k)
        .filter(|k| KEYS.contains(k));
    let key_span = key.and_then(|k| key_lines(yaml, k).next());
    let offset = e.offset.map(|o| o.min(yaml.len()));
    let value_span = key.and_then(|k| key_value_span(yaml, k));
    let span = match (&value_span, offset, &key_span) {
        (Some(v), _, _) => at(v),
        (None, Some(o), _) => Span::new(file, base + o, base + o),
        (None, None, Some(k)) => at(k),
        (None, None, None) => Span::new(file, base, base),
    };
    let diag = DocumentError::FrontMatter {
        span,
        message: e.message,
    };
    (diag.into(), key_span.map(|s| entry_lines(yaml, s)))
}

/// Byte ranges of every top-level `key:` at the start of a line of `yaml`.
fn key_lines<'y>(yaml: &'y str, key: &'y str) -> impl Iterator<Item = Range<usize>> + 'y {
    lines_from(yaml, 0).filter_map(move |l| {
        let line = yaml.get(l.content.clone())?;
        let rest = line.strip_prefix(key)?;
        rest.trim_start()
            .starts_with(':')
            .then(|| l.content.start..l.content.start + key.len())
    })
}

/// From a key to the end of its value: the key's line and the indented lines after it.
fn entry_lines(yaml: &str, key: Range<usize>) -> Range<usize> {
    let mut end = yaml
        .get(key.start..)
        .and_then(|r| r.find('\n'))
        .map_or(yaml.len(), |i| key.start + i);
    for l in lines_from(yaml, (end + 1).min(yaml.len())) {
        let line = yaml.get(l.content.clone()).unwrap_or("");
        if line.starts_with(|c: char| !c.is_whitespace()) && !line.starts_with('#') {
            break;
        }
        end = l.content.end;
    }
    key.start..end
}

/// Replaces the bytes of `range` with spaces (line breaks kept), so offsets stay the same.
fn blank(text: &mut String, range: Range<usize>) {
    let blanked: String = text
        .get(range.clone())
        .unwrap_or("")
        .bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect();
    if text.get(range.clone()).is_some() {
        text.replace_range(range, &blanked);
    }
}

/// Byte range of the value of a top-level `key: value` line of `yaml` (quotes included).
fn key_value_span(yaml: &str, key: &str) -> Option<Range<usize>> {
    let key_span = key_lines(yaml, key).next()?;
    let line_end = yaml
        .get(key_span.end..)?
        .find('\n')
        .map_or(yaml.len(), |i| key_span.end + i);
    let after_key = yaml.get(key_span.end..line_end)?;
    let colon = after_key.find(':')?;
    let value = after_key.get(colon + 1..)?;
    let value = value.split(" #").next().unwrap_or(value);
    let lead = value.len() - value.trim_start().len();
    let start = key_span.end + colon + 1 + lead;
    let end = start + value.trim().len();
    (end > start).then_some(start..end)
}

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; a time after the day (`T10:00:00Z`) is ignored.
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let s = s.trim_matches(|c| c == '"' || c == '\'');
    let day_part = s.split(['T', ' ']).next().unwrap_or(s);
    let mut parts = day_part.split('-');
    let year = parts
        .next()
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))?;
    let year: i32 = year.parse().ok()?;
    let month = parts.next();
    let day = parts.next();
    if parts.next().is_some() || (day_part.len() != s.len() && day.is_none()) {
        return None;
    }
    let two = |p: &str| -> Option<u8> {
        (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match (month, day) {
        (None, _) => Some(Date {
            year,
            month: None,
            day: None,
        }),
        (Some(m), None) => {
            let m = two(m)?;
            (days_in_month(year, m) > 0).then_some(Date {
                year,
                month: Some(m),
                day: None,
            })
        }
        (Some(m), Some(d)) => Date::ymd(year, two(m)?, two(d)?),
    }
}

/// One line: its content (without the line break) and where the next line starts.
struct Line {
    content: Range<usize>,
    next: usize,
}

fn lines_from(text: &str, start: usize) -> impl Iterator<Item = Line> + '_ {
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let rest = text.get(pos..)?;
        let (len, next) = match rest.find('\n') {
            Some(i) => (i, pos + i + 1),
            None => (rest.len(), text.len()),
        };
        let mut end = pos + len;
        if end > pos && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        let line = Line {
            content: pos..end,
            next,
        };
        pos = next;
        Some(line)
    })
}

/// The first `n` non-blank lines of `text[body]`, trimmed.
fn first_lines(text: &str, body: Range<usize>, n: usize) -> Vec<Range<usize>> {
    lines_from(text, body.start)
        .take_while(|l| l.content.start < body.end)
        .filter_map(|l| {
            let line = text.get(l.content.clone())?;
            let trimmed = line.trim_start_matches(is_space);
            let start = l.content.start + (line.len() - trimmed.len());
            let end = start + trimmed.trim_end_matches(is_space).len();
            (end > start).then_some(start..end)
        })
        .take(n)
        .collect()
}

/// The title of a Markdown `# heading` line.
fn heading(line: &str) -> Option<String> {
    let rest = line.strip_prefix('#')?;
    let rest = rest.trim_start_matches('#');
    let title = rest
        .strip_prefix([' ', '\t'])?
        .trim()
        .trim_end_matches('#')
        .trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// Lowercase words that may sit inside a personal name ("Ursula von der Leyen").
const NAME_PARTICLES: [&str; 20] = [
    "de", "da", "di", "del", "della", "der", "den", "van", "von", "bin", "ibn", "bint", "al", "el",
    "la", "le", "du", "dos", "das", "ter",
];

/// The author named by a byline line ("By Jane Doe", "*By Jane Doe and John Roe*", "BY JANE
/// DOE"), if the line is one. Capitalised names joined by "and", "&" or commas; all-capital
/// names are given in title case.
fn byline(line: &str) -> Option<String> {
    let line = line.trim_matches(|c: char| is_space(c) || c == '*' || c == '_');
    let (by, rest) = line.split_at_checked(2)?;
    if !by.eq_ignore_ascii_case("by") || !rest.starts_with(is_space) {
        return None;
    }
    let names = rest.trim_matches(is_space);
    if names.is_empty() || names.len() > 120 || names.ends_with(['?', '!', ':', ';', ',']) {
        return None;
    }
    let words: Vec<&str> = names.split(is_space).filter(|w| !w.is_empty()).collect();
    if words.len() > 12 {
        return None;
    }
    if let Some(last) = words.last()
        && last.ends_with('.')
        && last.chars().count() > 3
    {
        return None;
    }
    let mut capitals = 0;
    for w in &words {
        let w = w.trim_end_matches(',');
        let first = w.chars().next()?;
        if first.is_uppercase() {
            capitals += 1;
        } else if !(matches!(w, "and" | "&") || NAME_PARTICLES.contains(&w)) {
            return None;
        }
    }
    if capitals == 0 {
        return None;
    }
    let all_caps = !names.chars().any(char::is_lowercase);
    Some(if all_caps {
        title_case_name(&words)
    } else {
        words.join(" ")
    })
}

/// "JANE DOE AND JOHN ROE" → "Jane Doe and John Roe".
fn title_case_name(words: &[&str]) -> String {
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let lower = w.to_lowercase();
        if lower == "and" {
            out.push(lower);
            continue;
        }
        let mut s = String::with_capacity(w.len());
        let mut at_start = true;
        for c in lower.chars() {
            if at_start {
                s.extend(c.to_uppercase());
            } else {
                s.push(c);
            }
            at_start = matches!(c, '-' | '\'' | '’');
        }
        out.push(s);
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(parse_iso_date("2023-09-13"), Date::ymd(2023, 9, 13));
        assert_eq!(
            parse_iso_date("2023-09-13T10:00:00Z"),
            Date::ymd(2023, 9, 13)
        );
        assert_eq!(
            parse_iso_date("2023").map(|d| d.to_string()),
            Some("2023".to_string())
        );
        assert_eq!(
            parse_iso_date("2023-09").map(|d| d.to_string()),
            Some("2023-09".to_string())
        );
        assert_eq!(parse_iso_date("2023-02-30"), None);
        assert_eq!(parse_iso_date("13/09/2023"), None);
        assert_eq!(parse_iso_date("2023-9-13"), None);
    }

    #[test]
    fn bylines() {
        assert_eq!(byline("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(byline("BY JANE DOE").as_deref(), Some("Jane Doe"));
        assert_eq!(
            byline("*By Jane Doe and John Roe*").as_deref(),
            Some("Jane Doe and John Roe")
        );
        assert_eq!(byline("By Monday, the troops had left."), None);
        assert_eq!(byline("Byzantine Empire"), None);
    }
}
