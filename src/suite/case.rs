//! Finding the cases of a suite, reading `suite.yaml`, and naming a case's files relative to
//! the case folder so its report (and snapshot) is the same wherever the suite lives.
//!
//! A suite is a folder. Every folder below it that directly holds a file is a case (its
//! subfolders belong to it); folders holding only folders group cases. Hidden folders,
//! `target` and the rule folders `suite.yaml` names are skipped. A folder given on the command
//! line that itself holds `expect.yaml` or `report.snap` is run as a suite of that one case.
//!
//! `suite.yaml` (optional, in the suite folder) sets what every case runs with:
//!
//! ```yaml
//! default_rules: false     # leave out the embedded default pack (cases bring their own rules)
//! rules: [../shared]       # rule files or folders, relative to suite.yaml
//! ```
//!
//! This module reads folders and `suite.yaml`; it runs nothing.

use super::error::SuiteError;
use super::expect::EXPECT_FILE;
use super::snapshot::SNAPSHOT_FILE;
use crate::source::{FileKind, SourceMap, Span};
use serde::Deserialize;

/// File name of a suite's settings.
pub const SUITE_FILE: &str = "suite.yaml";

/// A suite's settings from `suite.yaml`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuiteConfig {
    /// Whether cases use the embedded default pack (default: yes, unless `--no-default-rules`).
    #[serde(default)]
    pub default_rules: Option<bool>,
    /// Rule files or folders for every case, relative to `suite.yaml` (resolved on reading).
    #[serde(default)]
    pub rules: Vec<String>,
}

/// A suite found on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuiteDef {
    /// The suite folder as given (normalised).
    pub path: String,
    /// Its name in output: the folder's own name.
    pub name: String,
    /// Settings.
    pub config: SuiteConfig,
    /// Cases, sorted by name.
    pub cases: Vec<CaseDef>,
}

/// A case found on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseDef {
    /// Path relative to the suite folder (`date`, `group/case`).
    pub name: String,
    /// The case folder as given.
    pub path: String,
}

/// Joins a folder and a relative path the way paths are given (`./` kept out).
pub fn join(dir: &str, name: &str) -> String {
    if dir == "." || dir.is_empty() {
        name.to_string()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// Finds a suite's cases and reads its `suite.yaml`. Problems are located in `sources`.
pub fn discover(path: &str, sources: &mut SourceMap) -> Result<SuiteDef, Vec<SuiteError>> {
    let path = crate::load::normalize(path);
    let folder_span = |sources: &mut SourceMap| {
        let id = sources
            .find(&path)
            .unwrap_or_else(|| sources.add(path.clone(), "", FileKind::Other));
        Span::new(id, 0, 0)
    };
    match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(vec![SuiteError::Unreadable {
                path: path.clone(),
                reason: "it is a file; a suite is a folder of case folders".into(),
                span: folder_span(sources),
            }]);
        }
        Err(e) => {
            return Err(vec![SuiteError::Unreadable {
                path: path.clone(),
                reason: io_reason(&e),
                span: folder_span(sources),
            }]);
        }
    }
    if is_case_folder(&path) {
        let (parent, name) = split_parent(&path);
        let config = read_config(&parent, sources)?;
        return Ok(SuiteDef {
            name: folder_name(&parent),
            path: parent,
            config,
            cases: vec![CaseDef {
                name: name.clone(),
                path: path.clone(),
            }],
        });
    }
    let config = read_config(&path, sources)?;
    let skipped: Vec<String> = config
        .rules
        .iter()
        .map(|r| crate::load::normalize(r))
        .collect();
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    collect_cases(&path, "", &skipped, &mut cases, &mut errors, sources);
    if !errors.is_empty() {
        return Err(errors);
    }
    if cases.is_empty() {
        return Err(vec![SuiteError::NoCases {
            path: path.clone(),
            span: folder_span(sources),
        }]);
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(SuiteDef {
        name: folder_name(&path),
        path,
        config,
        cases,
    })
}

/// Whether a folder is a case by itself (holds `expect.yaml` or `report.snap`).
fn is_case_folder(path: &str) -> bool {
    [EXPECT_FILE, SNAPSHOT_FILE]
        .iter()
        .any(|f| std::path::Path::new(&join(path, f)).is_file())
}

fn split_parent(path: &str) -> (String, String) {
    match path.rsplit_once('/') {
        Some((parent, name)) if !parent.is_empty() => (parent.to_string(), name.to_string()),
        Some((_, name)) => ("/".to_string(), name.to_string()),
        None if path == "." => ("..".to_string(), folder_name(path)),
        None => (".".to_string(), path.to_string()),
    }
}

/// The last component of a folder's path; for `.` and `..` the real folder's name.
fn folder_name(path: &str) -> String {
    let last = path.rsplit('/').next().unwrap_or(path);
    if last == "." || last == ".." || last.is_empty() {
        std::fs::canonicalize(path)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| path.to_string())
    } else {
        last.to_string()
    }
}

fn read_config(dir: &str, sources: &mut SourceMap) -> Result<SuiteConfig, Vec<SuiteError>> {
    let path = join(dir, SUITE_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SuiteConfig::default()),
        Err(e) => {
            let id = sources.add(path.clone(), "", FileKind::Other);
            return Err(vec![SuiteError::Unreadable {
                path,
                reason: io_reason(&e),
                span: Span::new(id, 0, 0),
            }]);
        }
    };
    let id = sources.add(path.clone(), text.clone(), FileKind::Other);
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    let mut config: SuiteConfig = if blank {
        SuiteConfig::default()
    } else {
        crate::yaml::from_str(&text).map_err(|e| {
            let at = e.offset.unwrap_or(0);
            vec![SuiteError::Syntax {
                message: e.message,
                span: Span::new(id, at, at),
            }]
        })?
    };
    config.rules = config
        .rules
        .iter()
        .map(|r| crate::resolve::relative_path(&path, r))
        .collect();
    Ok(config)
}

fn collect_cases(
    dir: &str,
    name: &str,
    skipped: &[String],
    cases: &mut Vec<CaseDef>,
    errors: &mut Vec<SuiteError>,
    sources: &mut SourceMap,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            let id = sources.add(dir.to_string(), "", FileKind::Other);
            errors.push(SuiteError::Unreadable {
                path: dir.to_string(),
                reason: io_reason(&e),
                span: Span::new(id, 0, 0),
            });
            return;
        }
    };
    let mut folders = Vec::new();
    let mut has_files = false;
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with('.') {
            continue;
        }
        let child = join(dir, &file_name);
        if std::fs::metadata(&child).is_ok_and(|m| m.is_dir()) {
            if file_name != "target" && !skipped.contains(&child) {
                folders.push(file_name);
            }
        } else {
            has_files = true;
        }
    }
    // The suite folder's own files (suite.yaml, a README) make it no case.
    if has_files && !name.is_empty() {
        cases.push(CaseDef {
            name: name.to_string(),
            path: dir.to_string(),
        });
        return;
    }
    folders.sort();
    for f in folders {
        let child_name = if name.is_empty() {
            f.clone()
        } else {
            format!("{name}/{f}")
        };
        collect_cases(&join(dir, &f), &child_name, skipped, cases, errors, sources);
    }
}

/// A path for output and snapshots: relative to the case folder for the case's files,
/// `../…` for other files of the suite, as given otherwise.
pub fn case_relative(path: &str, case_dir: &str, suite_dir: &str, depth: usize) -> String {
    if case_dir != "."
        && let Some(rest) = path
            .strip_prefix(case_dir)
            .and_then(|r| r.strip_prefix('/'))
    {
        return rest.to_string();
    }
    if suite_dir != "."
        && suite_dir != ".."
        && let Some(rest) = path
            .strip_prefix(suite_dir)
            .and_then(|r| r.strip_prefix('/'))
    {
        return format!("{}{rest}", "../".repeat(depth));
    }
    path.to_string()
}

/// The operating system's reason, in our words where we have them.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string().to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_relative_to_the_case() {
        assert_eq!(case_relative("s/c/doc.txt", "s/c", "s", 1), "doc.txt");
        assert_eq!(
            case_relative("s/shared/a.claims", "s/g/c", "s", 2),
            "../../shared/a.claims"
        );
        assert_eq!(
            case_relative("<default>/geo/a.claims", "s/c", "s", 1),
            "<default>/geo/a.claims"
        );
        assert_eq!(
            case_relative("s/cc/doc.txt", "s/c", "other", 1),
            "s/cc/doc.txt"
        );
    }

    #[test]
    fn join_keeps_paths_as_given() {
        assert_eq!(join(".", "a"), "a");
        assert_eq!(join("x/", "a"), "x/a");
        assert_eq!(join("x", "a"), "x/a");
    }
}
