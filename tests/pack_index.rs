//! The default rule pack against its index, `rules/README.md`: every `rule`, `exclusive` and
//! `constraint` in `rules/` has a row naming its file, every row names one that exists there,
//! and every rule file is listed. It also keeps the pack's own house rules: every rule is
//! documented, every file that flags something has its header, no text names two entities,
//! and the reference facts do not contradict each other.

use claimcheck::check::{CheckOptions, check};
use claimcheck::source::FileId;
use claimcheck::syntax::ast::Item;
use claimcheck::syntax::parse_rule_file;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A rule, exclusion or constraint, and the file it is in (relative to `rules/`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    name: String,
    kind: String,
    file: String,
}

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

fn collect(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the rules folder is readable")
        .map(|e| e.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "claims") {
            let rel = path.strip_prefix(base).expect("under rules/");
            let text = std::fs::read_to_string(&path).expect("a readable rule file");
            out.push((rel.to_string_lossy().replace('\\', "/"), text));
        }
    }
}

/// Every `.claims` file under `rules/`, as (path relative to `rules/`, text), sorted.
fn rule_files() -> Vec<(String, String)> {
    let base = rules_dir();
    let mut out = Vec::new();
    collect(&base, &base, &mut out);
    out
}

fn readme() -> String {
    std::fs::read_to_string(rules_dir().join("README.md")).expect("rules/README.md exists")
}

/// The header of a file: its leading `//!` lines, joined.
fn header(text: &str) -> String {
    text.lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.trim_start_matches("//!").trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the files declare, and the items that break the house rules.
fn declared() -> (BTreeSet<Entry>, Vec<String>) {
    let mut entries = BTreeSet::new();
    let mut problems = Vec::new();
    for (i, (file, text)) in rule_files().iter().enumerate() {
        let parsed = match parse_rule_file(FileId(i as u32), text) {
            Ok(p) => p,
            Err(e) => {
                problems.push(format!("{file}: does not parse: {e}"));
                continue;
            }
        };
        let mut flags = false;
        for item in &parsed.items {
            let (name, kind, doc) = match item {
                Item::Rule(r) => (Some(r.name.name.clone()), "rule", &r.doc),
                Item::Exclusive(x) => {
                    (x.name.as_ref().map(|n| n.name.clone()), "exclusive", &x.doc)
                }
                Item::Constraint(c) => (Some(c.name.name.clone()), "constraint", &c.doc),
                _ => continue,
            };
            flags = true;
            let Some(name) = name else {
                problems.push(format!(
                    "{file}: an `exclusive` without a name (reports and the index need one)"
                ));
                continue;
            };
            if doc.as_deref().is_none_or(|d| d.trim().is_empty()) {
                problems.push(format!("{file}: {kind} `{name}` has no `///` doc comment"));
            }
            entries.insert(Entry {
                name,
                kind: kind.to_string(),
                file: file.clone(),
            });
        }
        if flags {
            let head = header(text);
            for heading in ["What it checks:", "Why it matters:", "Example:"] {
                if !head.contains(heading) {
                    problems.push(format!("{file}: its `//!` header lacks \"{heading}\""));
                }
            }
        }
    }
    (entries, problems)
}

/// The text between backticks, when the whole cell is one code span.
fn code(cell: &str) -> Option<&str> {
    let inner = cell.strip_prefix('`')?.strip_suffix('`')?;
    (!inner.is_empty() && !inner.contains('`')).then_some(inner)
}

/// The index rows: `| `name` | kind | `file` | summary |` with kind `rule`, `exclusive` or
/// `constraint`. Rows with another kind column (the predicate table) are not rule rows.
fn indexed(readme: &str) -> (BTreeSet<Entry>, Vec<String>) {
    let mut entries = BTreeSet::new();
    let mut problems = Vec::new();
    for (n, line) in readme.lines().enumerate() {
        let cells: Vec<&str> = line.trim().split('|').map(str::trim).collect();
        // A row `| a | b | c | d |` splits into ["", a, b, c, d, ""].
        let [_, name, kind, file, summary, ..] = cells.as_slice() else {
            continue;
        };
        if !["rule", "exclusive", "constraint"].contains(kind) {
            continue;
        }
        let (Some(name), Some(file)) = (code(name), code(file)) else {
            problems.push(format!(
                "README.md line {}: a {kind} row without a `name` and a `file`",
                n + 1
            ));
            continue;
        };
        if summary.is_empty() {
            problems.push(format!("README.md line {}: `{name}` has no summary", n + 1));
        }
        let entry = Entry {
            name: name.to_string(),
            kind: kind.to_string(),
            file: file.to_string(),
        };
        if !entries.insert(entry) {
            problems.push(format!(
                "README.md line {}: `{name}` is listed twice",
                n + 1
            ));
        }
    }
    (entries, problems)
}

#[test]
fn every_rule_is_indexed_with_its_file_and_every_row_exists() {
    let (in_files, _) = declared();
    let (in_index, problems) = indexed(&readme());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(!in_files.is_empty(), "no rules found under rules/");
    let missing: Vec<String> = in_files
        .difference(&in_index)
        .map(|e| format!("| `{}` | {} | `{}` | … |", e.name, e.kind, e.file))
        .collect();
    let stale: Vec<String> = in_index
        .difference(&in_files)
        .map(|e| format!("`{}` ({}, `{}`)", e.name, e.kind, e.file))
        .collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "rules/README.md and the rule files disagree\nmissing from the index:\n{}\nin the index but not in the files:\n{}",
        missing.join("\n"),
        stale.join("\n"),
    );
}

#[test]
fn every_rule_file_is_listed_in_the_index() {
    let readme = readme();
    let unlisted: Vec<String> = rule_files()
        .into_iter()
        .map(|(file, _)| file)
        .filter(|file| !readme.contains(&format!("`{file}`")))
        .collect();
    assert!(unlisted.is_empty(), "not in rules/README.md: {unlisted:?}");
}

#[test]
fn every_rule_is_documented_and_every_flagging_file_has_its_header() {
    let (_, problems) = declared();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_index_check_catches_a_missing_and_a_stale_row() {
    let (in_files, _) = declared();
    let readme = readme();
    let first = in_files.iter().next().expect("at least one rule");
    let row = readme
        .lines()
        .find(|l| {
            l.contains(&format!("`{}`", first.name)) && l.contains(&format!("`{}`", first.file))
        })
        .expect("the first rule has a row");
    let without = readme.replace(row, "");
    assert!(!indexed(&without).0.contains(first));
    let renamed = readme.replace(&format!("`{}`", first.name), "`no_such_rule`");
    let (rows, _) = indexed(&renamed);
    assert!(rows.iter().any(|e| e.name == "no_such_rule"));
    assert!(!rows.is_subset(&in_files));
}

/// Only the pack: a rule file of the pack named again is recognised and not loaded twice.
fn check_pack_alone() -> claimcheck::check::Checked {
    let types = rules_dir().join("core").join("types.claims");
    check(&CheckOptions {
        paths: vec![types.to_string_lossy().into_owned()],
        ..CheckOptions::default()
    })
}

#[test]
fn the_reference_facts_do_not_contradict_each_other() {
    let checked = check_pack_alone();
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    assert!(
        checked.report.errors.is_empty(),
        "{:#?}",
        checked.report.errors
    );
    let found: Vec<String> = checked
        .report
        .contradictions
        .iter()
        .map(|c| format!("{c:?}"))
        .collect();
    assert!(
        found.is_empty(),
        "the pack contradicts itself:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_text_names_two_entities() {
    let checked = check_pack_alone();
    let program = &checked.program;
    let mut names: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entity in &program.entities {
        let is_role = program
            .types
            .get(entity.ty.0 as usize)
            .is_some_and(|t| t.name == "role");
        if is_role {
            continue;
        }
        let texts = std::iter::once(&entity.display)
            .chain(&entity.aliases)
            .chain(&entity.demonyms);
        for text in texts {
            let key = text.to_lowercase().replace('\u{2019}', "'");
            names.entry(key).or_default().insert(entity.name.clone());
        }
    }
    let ambiguous: Vec<String> = names
        .iter()
        .filter(|(_, ids)| ids.len() > 1)
        .map(|(text, ids)| format!("{text:?} names {ids:?}"))
        .collect();
    assert!(ambiguous.is_empty(), "{}", ambiguous.join("\n"));
}
