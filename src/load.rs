//! Reading input from the file system: the only module that does. It walks folders (sorted,
//! hidden entries skipped, symlink loops detected), classifies files by extension, reads them
//! with a size cap, checks they are UTF-8 text, follows `import`s (cycles and missing files are
//! errors at the import), and loads the documents that rule files and statement files name.
//!
//! Every problem becomes a [`Diagnostic`] and the file is skipped; nothing here stops the run.

use crate::diagnostic::{Diag, Diagnostic};
use crate::pack;
use crate::source::{FileId, FileKind, SourceMap, Span};
use crate::syntax::{self, ast};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Largest file read, in bytes (larger files are an error, the run goes on).
pub const DEFAULT_MAX_FILE_SIZE: usize = 32 * 1024 * 1024;

/// A problem reading input.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// `claimcheck check missing.txt`
    #[error("cannot read `{path}`: {reason}")]
    Unreadable {
        /// Path as given.
        path: String,
        /// The operating system's reason.
        reason: String,
        /// Where (the file itself, or the import / document item naming it).
        span: Span,
    },
    /// A file with bytes that are not UTF-8 (e.g. Latin-1 text, a PDF).
    #[error("`{path}` is not UTF-8 text")]
    NotUtf8 {
        /// Path as given.
        path: String,
        /// The first bad byte.
        span: Span,
    },
    /// A file containing NUL bytes (an image, a PDF, an executable).
    #[error("`{path}` is a binary file")]
    Binary {
        /// Path as given.
        path: String,
        /// The first NUL byte.
        span: Span,
    },
    /// A file over the size cap.
    #[error("`{path}` is {size} bytes, more than the limit of {limit}")]
    TooLarge {
        /// Path as given.
        path: String,
        /// Its size.
        size: u64,
        /// The cap.
        limit: usize,
        /// The file.
        span: Span,
    },
    /// `claimcheck check notes.pdf` or `report.docx` given explicitly.
    #[error("`{path}` is not a kind of file claimcheck reads")]
    UnknownKind {
        /// Path as given.
        path: String,
        /// The file.
        span: Span,
    },
    /// `a.claims` imports `b.claims`, which imports `a.claims`.
    #[error("import cycle: {cycle}")]
    ImportCycle {
        /// The files in the cycle, joined by arrows.
        cycle: String,
        /// The import that closes it.
        span: Span,
    },
    /// A folder reached twice through symbolic links.
    #[error("`{path}` was already visited (symbolic link loop); skipped")]
    SymlinkLoop {
        /// Path as given.
        path: String,
        /// The folder.
        span: Span,
    },
}

impl Diag for LoadError {
    fn code(&self) -> &'static str {
        match self {
            LoadError::Unreadable { .. } => "claimcheck::load::unreadable",
            LoadError::NotUtf8 { .. } => "claimcheck::load::not_utf8",
            LoadError::Binary { .. } => "claimcheck::load::binary",
            LoadError::TooLarge { .. } => "claimcheck::load::too_large",
            LoadError::UnknownKind { .. } => "claimcheck::load::unknown_kind",
            LoadError::ImportCycle { .. } => "claimcheck::load::import_cycle",
            LoadError::SymlinkLoop { .. } => "claimcheck::load::symlink_loop",
        }
    }
    fn span(&self) -> Span {
        match self {
            LoadError::Unreadable { span, .. }
            | LoadError::NotUtf8 { span, .. }
            | LoadError::Binary { span, .. }
            | LoadError::TooLarge { span, .. }
            | LoadError::UnknownKind { span, .. }
            | LoadError::ImportCycle { span, .. }
            | LoadError::SymlinkLoop { span, .. } => *span,
        }
    }
    fn label(&self) -> Option<String> {
        Some(
            match self {
                LoadError::NotUtf8 { .. } => "first byte that is not UTF-8",
                LoadError::Binary { .. } => "NUL byte",
                LoadError::ImportCycle { .. } => "this import closes the cycle",
                _ => "here",
            }
            .to_string(),
        )
    }
    fn help(&self) -> Option<String> {
        match self {
            LoadError::NotUtf8 { .. } => Some("convert the file to UTF-8 (e.g. `iconv -f latin1 -t utf-8`)".into()),
            LoadError::Binary { .. } => Some(
                "claimcheck reads UTF-8 text: take the text out of a PDF or word-processor file \
                 first, and convert UTF-16 text with `iconv -f utf-16 -t utf-8`"
                    .into(),
            ),
            LoadError::UnknownKind { .. } => {
                Some("claimcheck reads `.claims` rule files, `.txt`/`.md` documents and `.yaml`/`.yml`/`.json` statement files".into())
            }
            LoadError::ImportCycle { .. } => Some("remove one of the imports; each file needs to be imported once".into()),
            _ => None,
        }
    }
}

/// Everything read from disk, parsed as far as this module goes.
#[derive(Debug, Default)]
pub struct Loaded {
    /// All text.
    pub sources: SourceMap,
    /// Parsed rule files in load order (default pack first, imports before importers).
    pub rule_files: Vec<(FileId, ast::RuleFile)>,
    /// Documents given as inputs (not those only named by rule files), sorted by path.
    pub documents: Vec<FileId>,
    /// Statement files, sorted by path.
    pub statement_files: Vec<FileId>,
    /// Problems.
    pub diagnostics: Vec<Diagnostic>,
}

/// What to load.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Inputs: documents, rule files, statement files, folders.
    pub paths: Vec<String>,
    /// Extra rule files or folders.
    pub rules: Vec<String>,
    /// Load the embedded default pack first.
    pub default_rules: bool,
    /// Largest file read.
    pub max_file_size: usize,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            paths: Vec::new(),
            rules: Vec::new(),
            default_rules: true,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// Reads one file into the map (once per path), checking size, binary content and UTF-8.
/// A file that cannot be read is reported where it is named (`named_at`) and left out of the
/// map; one named on the command line is registered empty, so the diagnostic has a file to
/// name. A binary or non-UTF-8 file is registered with a readable copy of its text.
pub fn read_file(
    loaded: &mut Loaded,
    path: &str,
    kind: FileKind,
    max: usize,
    named_at: Option<Span>,
) -> Option<FileId> {
    if let Some(id) = loaded.sources.find(path) {
        return Some(id);
    }
    let fail = |loaded: &mut Loaded, err: &dyn Fn(Span) -> LoadError| {
        // A file named by an import or a statement is reported where it is named and left out
        // of the map, so that later phases see it as missing rather than as an empty file.
        let span = match named_at {
            Some(span) => span,
            None => Span::new(loaded.sources.add(path, "", kind), 0, 0),
        };
        loaded.diagnostics.push(Diagnostic::from_diag(&err(span)));
        None
    };
    let size = match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return fail(loaded, &|span| LoadError::Unreadable {
                path: path.to_string(),
                reason: "it is a folder".into(),
                span,
            });
        }
        // A named pipe or a device would block the read or never end.
        Ok(m) if !m.is_file() => {
            return fail(loaded, &|span| LoadError::Unreadable {
                path: path.to_string(),
                reason: "it is not a regular file".into(),
                span,
            });
        }
        Ok(m) => m.len(),
        Err(e) => {
            return fail(loaded, &|span| LoadError::Unreadable {
                path: path.to_string(),
                reason: io_reason(&e),
                span,
            });
        }
    };
    if size > max as u64 {
        return fail(loaded, &|span| LoadError::TooLarge {
            path: path.to_string(),
            size,
            limit: max,
            span,
        });
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return fail(loaded, &|span| LoadError::Unreadable {
                path: path.to_string(),
                reason: io_reason(&e),
                span,
            });
        }
    };
    match crate::extract::document::check_bytes(&bytes, max) {
        Ok(text) => Some(loaded.sources.add(path, text, kind)),
        Err(e) => {
            // Keep a readable copy so the diagnostic can show the bad byte in its line.
            let offset = e.offset();
            let shown = readable(&bytes);
            let width = shown
                .get(offset..)
                .and_then(|t| t.chars().next())
                .map_or(0, char::len_utf8);
            let id = loaded.sources.add(path, shown, kind);
            let span = Span::new(id, offset, offset + width);
            let err = match e {
                crate::extract::document::BytesError::Binary { .. } => LoadError::Binary {
                    path: path.to_string(),
                    span,
                },
                crate::extract::document::BytesError::TooLarge { len, max } => {
                    LoadError::TooLarge {
                        path: path.to_string(),
                        size: len as u64,
                        limit: max,
                        span,
                    }
                }
                crate::extract::document::BytesError::NotUtf8 { .. } => LoadError::NotUtf8 {
                    path: path.to_string(),
                    span,
                },
            };
            loaded.diagnostics.push(Diagnostic::from_diag(&err));
            None
        }
    }
}

/// A file's bytes as text for showing where a problem is: bytes that are not UTF-8 become `�`
/// and ASCII control characters (NUL included) become spaces, so every offset up to the first
/// bad byte is the file's own.
fn readable(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .map(|c| {
            if c.is_ascii_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        // Without the " (os error 40)" suffix, whose number differs between systems.
        _ => {
            let text = e.to_string().to_lowercase();
            text.split(" (os error")
                .next()
                .unwrap_or_default()
                .to_string()
        }
    }
}

/// Collects the files under a path: the path itself if it is a file, every file with a known
/// extension below it if it is a folder. Sorted; hidden entries skipped; loops reported.
fn walk(path: &str, loaded: &mut Loaded, visited: &mut BTreeSet<PathBuf>, out: &mut Vec<String>) {
    let p = Path::new(path);
    let meta = match std::fs::metadata(p) {
        Ok(m) => m,
        Err(_) => {
            out.push(path.to_string()); // read_file reports it
            return;
        }
    };
    if !meta.is_dir() {
        out.push(path.to_string());
        return;
    }
    if let Ok(canonical) = std::fs::canonicalize(p)
        && !visited.insert(canonical)
    {
        {
            let id = loaded.sources.add(path, "", FileKind::Other);
            loaded.diagnostics.push(
                LoadError::SymlinkLoop {
                    path: path.to_string(),
                    span: Span::new(id, 0, 0),
                }
                .into(),
            );
            return;
        }
    }
    let mut entries: Vec<(String, bool)> = match std::fs::read_dir(p) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') || name == "target" {
                    return None;
                }
                let child = if path == "." {
                    name
                } else if path.ends_with('/') {
                    format!("{path}{name}")
                } else {
                    format!("{path}/{name}")
                };
                let is_dir = std::fs::metadata(&child)
                    .map(|m| m.is_dir())
                    .unwrap_or(false);
                Some((child, is_dir))
            })
            .collect(),
        Err(e) => {
            let id = loaded.sources.add(path, "", FileKind::Other);
            loaded.diagnostics.push(
                LoadError::Unreadable {
                    path: path.to_string(),
                    reason: io_reason(&e),
                    span: Span::new(id, 0, 0),
                }
                .into(),
            );
            return;
        }
    };
    entries.sort();
    for (child, is_dir) in entries {
        if is_dir {
            walk(&child, loaded, visited, out);
        } else if FileKind::of_path(&child) != FileKind::Other && !is_suite_file(&child) {
            out.push(child);
        }
    }
}

fn is_default_pack_text(text: &str) -> bool {
    pack::DEFAULT_PACK.iter().any(|(_, t)| *t == text)
}

/// Files inside a folder that belong to a regression suite, not to the run (`expect.yaml`,
/// snapshots); skipped when walking folders, read when named explicitly.
fn is_suite_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == "expect.yaml" || name == "claimcheck.yaml" || name.ends_with(".snap")
}

/// Loads everything the options name.
pub fn load(options: &LoadOptions) -> Loaded {
    let mut loaded = Loaded::default();
    let mut queue: Vec<(FileId, Option<Span>)> = Vec::new();
    if options.default_rules {
        for (path, text) in pack::DEFAULT_PACK {
            let id = loaded.sources.add(*path, *text, FileKind::Rules);
            queue.push((id, None));
        }
    }
    let mut visited = BTreeSet::new();
    let mut files = Vec::new();
    for p in options.rules.iter().chain(&options.paths) {
        walk(&normalize(p), &mut loaded, &mut visited, &mut files);
    }
    let mut documents = Vec::new();
    let mut statements = Vec::new();
    let mut seen = BTreeSet::new();
    for path in files {
        if !seen.insert(path.clone()) {
            continue;
        }
        let kind = FileKind::of_path(&path);
        if kind == FileKind::Other {
            let id = loaded.sources.add(path.clone(), "", kind);
            loaded.diagnostics.push(
                LoadError::UnknownKind {
                    path,
                    span: Span::new(id, 0, 0),
                }
                .into(),
            );
            continue;
        }
        let Some(id) = read_file(&mut loaded, &path, kind, options.max_file_size, None) else {
            continue;
        };
        match kind {
            // The default pack's own files, named again (`claimcheck validate rules/` in this
            // repository), are already loaded: reading them twice would define everything twice.
            FileKind::Rules
                if options.default_rules && is_default_pack_text(&loaded.sources.file(id).text) => {
            }
            FileKind::Rules => queue.push((id, None)),
            FileKind::Document => documents.push(id),
            _ => statements.push(id),
        }
    }
    load_rule_files(&mut loaded, queue, options.max_file_size);
    documents.sort_by(|a, b| {
        loaded
            .sources
            .file(*a)
            .path
            .cmp(&loaded.sources.file(*b).path)
    });
    statements.sort_by(|a, b| {
        loaded
            .sources
            .file(*a)
            .path
            .cmp(&loaded.sources.file(*b).path)
    });
    loaded.documents = documents;
    loaded.statement_files = statements;
    load_declared_documents(&mut loaded, options.max_file_size);
    loaded
}

/// Parses rule files and follows their imports depth-first, so imported files come before
/// the files that import them. A file is parsed once however often it is imported.
fn load_rule_files(loaded: &mut Loaded, roots: Vec<(FileId, Option<Span>)>, max: usize) {
    let mut done: HashMap<FileId, bool> = HashMap::new(); // false while in progress
    for (root, _) in roots {
        let mut stack: Vec<FileId> = Vec::new();
        visit(loaded, root, &mut stack, &mut done, max);
    }
}

fn visit(
    loaded: &mut Loaded,
    file: FileId,
    stack: &mut Vec<FileId>,
    done: &mut HashMap<FileId, bool>,
    max: usize,
) {
    if done.contains_key(&file) {
        return;
    }
    done.insert(file, false);
    stack.push(file);
    let text = loaded.sources.file(file).text.clone();
    match syntax::parse_rule_file(file, &text) {
        Ok(ast) => {
            let imports: Vec<(String, Span)> = ast
                .items
                .iter()
                .filter_map(|i| match i {
                    ast::Item::Import(imp) => Some((imp.path.value.clone(), imp.path.span)),
                    _ => None,
                })
                .collect();
            for (lit, span) in imports {
                let from = loaded.sources.file(file).path.clone();
                let target = crate::resolve::relative_path(&from, &lit);
                let id = match loaded.sources.find(&target) {
                    Some(id) => Some(id),
                    None if target.starts_with(pack::DEFAULT_PREFIX) => {
                        let id = loaded.sources.add(target.clone(), "", FileKind::Rules);
                        loaded.diagnostics.push(
                            LoadError::Unreadable {
                                path: target.clone(),
                                reason: "the default pack has no such file".into(),
                                span,
                            }
                            .into(),
                        );
                        let _ = id;
                        None
                    }
                    None => read_file(loaded, &target, FileKind::Rules, max, Some(span)),
                };
                let Some(id) = id else { continue };
                if done.get(&id) == Some(&false) {
                    let start = stack.iter().position(|f| *f == id).unwrap_or(0);
                    let mut names: Vec<String> = stack
                        .get(start..)
                        .unwrap_or_default()
                        .iter()
                        .map(|f| loaded.sources.file(*f).path.clone())
                        .collect();
                    names.push(loaded.sources.file(id).path.clone());
                    loaded.diagnostics.push(
                        LoadError::ImportCycle {
                            cycle: names.join(" → "),
                            span,
                        }
                        .into(),
                    );
                    continue;
                }
                visit(loaded, id, stack, done, max);
            }
            loaded.rule_files.push((file, ast));
        }
        Err(e) => loaded.diagnostics.push(Diagnostic::from_diag(&e)),
    }
    stack.pop();
    done.insert(file, true);
}

/// Loads the documents named by `document` items, relative to their rule file.
fn load_declared_documents(loaded: &mut Loaded, max: usize) {
    let mut wanted = Vec::new();
    for (file, ast) in &loaded.rule_files {
        for item in &ast.items {
            if let ast::Item::Document(d) = item {
                let from = loaded.sources.file(*file).path.clone();
                wanted.push((
                    crate::resolve::relative_path(&from, &d.path.value),
                    d.path.span,
                ));
            }
        }
    }
    for (path, span) in wanted {
        // A missing document is reported by resolve (`document_not_found`, with its help);
        // reading it here too would report it twice.
        if loaded.sources.find(&path).is_none()
            && !path.starts_with(pack::DEFAULT_PREFIX)
            && Path::new(&path).exists()
        {
            read_file(loaded, &path, FileKind::Document, max, Some(span));
        }
    }
}

/// Loads a document a statement file names: as given, or relative to the statement file.
pub fn load_named_document(
    loaded: &mut Loaded,
    from_file: FileId,
    literal: &str,
    span: Span,
    max: usize,
) -> Option<FileId> {
    let as_given = normalize(literal);
    if let Some(id) = loaded.sources.find(&as_given) {
        return Some(id);
    }
    if Path::new(&as_given).is_file() {
        return read_file(loaded, &as_given, FileKind::Document, max, Some(span));
    }
    let from = loaded.sources.file(from_file).path.clone();
    let relative = crate::resolve::relative_path(&from, literal);
    if let Some(id) = loaded.sources.find(&relative) {
        return Some(id);
    }
    read_file(loaded, &relative, FileKind::Document, max, Some(span))
}

/// A path as given, with `./` prefixes and trailing slashes removed.
pub fn normalize(path: &str) -> String {
    let mut p = path.trim_end_matches('/');
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    if p.is_empty() {
        ".".to_string()
    } else {
        p.to_string()
    }
}
