//! `claimcheck.yaml`: project defaults, found by walking up from the working folder.
//!
//! ```yaml
//! rules: [rules/]            # added to the default pack
//! documents: [articles/]     # checked when no path is given
//! default_rules: true
//! format: text               # text | json | yaml
//! fail_on: error             # error | warning | info | never
//! limits: {facts: 5000000, iterations: 100000, time_seconds: 60, contradictions: 10000,
//!          derivations: 8}
//! ```
//! Paths are relative to the file's folder. Command-line flags win over the file.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The name looked for.
pub const CONFIG_FILE: &str = "claimcheck.yaml";

/// Engine limits a project may set.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConfigLimits {
    /// Most facts derived.
    pub facts: Option<usize>,
    /// Most evaluation rounds.
    pub iterations: Option<usize>,
    /// Most seconds of evaluation.
    pub time_seconds: Option<f64>,
    /// Most contradictions reported.
    pub contradictions: Option<usize>,
    /// Most rule derivations kept per fact.
    pub derivations: Option<usize>,
}

/// The contents of `claimcheck.yaml`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Rule files or folders.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Documents or folders checked when no path is given.
    #[serde(default)]
    pub documents: Vec<String>,
    /// Whether to use the default pack.
    pub default_rules: Option<bool>,
    /// Default output format.
    pub format: Option<String>,
    /// Default `--fail-on`.
    pub fail_on: Option<String>,
    /// Engine limits.
    #[serde(default)]
    pub limits: ConfigLimits,
}

/// Finds and reads the nearest `claimcheck.yaml` above the working folder. Paths in it are
/// rewritten relative to the working folder. An unreadable or invalid file is an error
/// message naming the file, line and column.
pub fn find_config() -> Result<Option<Config>, String> {
    let Ok(cwd) = std::env::current_dir() else {
        return Ok(None);
    };
    let mut dir: Option<&Path> = Some(&cwd);
    let mut ups = 0usize;
    while let Some(d) = dir {
        let candidate = d.join(CONFIG_FILE);
        if candidate.is_file() {
            let shown = relative_prefix(ups) + CONFIG_FILE;
            let text = std::fs::read_to_string(&candidate)
                .map_err(|e| format!("cannot read `{shown}`: {e}"))?;
            let mut config: Config = crate::yaml::from_str(&text).map_err(|e| {
                let (line, col) = e.offset.map_or((1, 1), |o| line_col(&text, o));
                format!("{shown}:{line}:{col}: {}", e.message)
            })?;
            let prefix = relative_prefix(ups);
            for p in config.rules.iter_mut().chain(config.documents.iter_mut()) {
                *p = join(&prefix, p);
            }
            return Ok(Some(config));
        }
        dir = d.parent();
        ups += 1;
    }
    Ok(None)
}

fn relative_prefix(ups: usize) -> String {
    "../".repeat(ups)
}

fn join(prefix: &str, p: &str) -> String {
    if Path::new(p).is_absolute() || prefix.is_empty() {
        p.to_string()
    } else {
        PathBuf::from(prefix).join(p).to_string_lossy().into_owned()
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
