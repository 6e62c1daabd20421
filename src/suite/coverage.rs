//! Rule coverage over a suite run: which user rules and constraints fired (derived a fact, or
//! were violated) in at least one case, and which extraction patterns and frames produced at
//! least one statement; and which never did.
//!
//! Rules and constraints come from the resolved program and `Checked::fired`; patterns and
//! frames from the run's compiled extraction rules (`Checked::extraction`), and which of them
//! fired from the statements' `found_by`. Items are keyed by where they are declared, so two cases' own rule files never share an entry, while a
//! pack every case loads counts once. This module computes; it prints nothing.

use crate::check::Checked;
use crate::report::Report;
use crate::resolve::hir::RuleOrigin;
use crate::source::{SourceMap, Span};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One rule, constraint, pattern or frame.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CoverageItem {
    /// Its name.
    pub name: String,
    /// Where it is declared, `path:line:column` (empty when the declaration is unknown).
    pub location: String,
    /// In how many cases it fired.
    pub cases: usize,
}

/// What fired in one case.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseCoverage {
    /// Rules and constraints: (location, name) → fired.
    pub rules: BTreeMap<(String, String), bool>,
    /// Patterns: (location, name) → fired.
    pub patterns: BTreeMap<(String, String), bool>,
    /// Frames: (location, name) → fired.
    pub frames: BTreeMap<(String, String), bool>,
}

/// Coverage of a whole run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Coverage {
    /// Rules and constraints, sorted by location then name.
    pub rules: Vec<CoverageItem>,
    /// Extraction patterns.
    pub patterns: Vec<CoverageItem>,
    /// Extraction frames.
    pub frames: Vec<CoverageItem>,
}

impl Coverage {
    /// Adds up the cases.
    pub fn merge<'a>(cases: impl IntoIterator<Item = &'a CaseCoverage>) -> Coverage {
        let mut rules = BTreeMap::new();
        let mut patterns = BTreeMap::new();
        let mut frames = BTreeMap::new();
        for c in cases {
            for (target, source) in [
                (&mut rules, &c.rules),
                (&mut patterns, &c.patterns),
                (&mut frames, &c.frames),
            ] {
                for (key, fired) in source {
                    *target.entry(key.clone()).or_insert(0usize) += usize::from(*fired);
                }
            }
        }
        let items = |m: BTreeMap<(String, String), usize>| {
            m.into_iter()
                .map(|((location, name), cases)| CoverageItem {
                    name,
                    location,
                    cases,
                })
                .collect()
        };
        Coverage {
            rules: items(rules),
            patterns: items(patterns),
            frames: items(frames),
        }
    }

    /// Percentage of rules and constraints that fired (100 when there are none).
    pub fn rules_percent(&self) -> f64 {
        percent(&self.rules)
    }
}

/// Fired items out of all, as a percentage (100 for none).
pub fn percent(items: &[CoverageItem]) -> f64 {
    if items.is_empty() {
        return 100.0;
    }
    let fired = items.iter().filter(|i| i.cases > 0).count();
    fired as f64 * 100.0 / items.len() as f64
}

/// What fired in one case's run (paths as loaded, so they identify files across cases).
pub fn case_coverage(checked: &Checked) -> CaseCoverage {
    let sources = &checked.sources;
    let fired: BTreeSet<&str> = checked.fired.iter().map(String::as_str).collect();
    let mut cov = CaseCoverage::default();
    for r in checked
        .program
        .rules
        .iter()
        .filter(|r| r.origin == RuleOrigin::User)
    {
        cov.rules.insert(
            (location(sources, r.span), r.name.clone()),
            fired.contains(r.name.as_str()),
        );
    }
    for c in &checked.program.constraints {
        cov.rules.insert(
            (location(sources, c.span), c.name.clone()),
            fired.contains(c.name.as_str()),
        );
    }
    let (patterns, frames) = fired_extractors(&checked.report);
    let declared_patterns = checked
        .extraction
        .patterns
        .iter()
        .map(|p| (&p.name, p.span));
    for (name, span) in declared_patterns {
        let used = patterns.contains(&**name);
        cov.patterns
            .insert((location(sources, span), name.to_string()), used);
    }
    let declared_frames = checked.extraction.frames.iter().map(|f| (&f.name, f.span));
    for (name, span) in declared_frames {
        let used = frames.contains(&**name);
        cov.frames
            .insert((location(sources, span), name.to_string()), used);
    }
    cov
}

fn location(sources: &SourceMap, span: Span) -> String {
    let (line, column) = sources.line_col(span);
    format!("{}:{line}:{column}", sources.file(span.file).path)
}

/// Names of the patterns and frames that produced statements in a report.
fn fired_extractors(report: &Report) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut patterns = BTreeSet::new();
    let mut frames = BTreeSet::new();
    for s in &report.statements {
        if let Some(p) = &s.found_by.pattern {
            patterns.insert(p.clone());
        }
        if let Some(f) = &s.found_by.frame {
            frames.insert(f.clone());
        }
    }
    (patterns, frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_counts_cases_and_percent() {
        let mut a = CaseCoverage::default();
        a.rules.insert(("p:1:1".into(), "r1".into()), true);
        a.rules.insert(("p:2:1".into(), "r2".into()), false);
        let mut b = CaseCoverage::default();
        b.rules.insert(("p:1:1".into(), "r1".into()), true);
        let cov = Coverage::merge([&a, &b]);
        assert_eq!(cov.rules[0].cases, 2);
        assert_eq!(cov.rules[1].cases, 0);
        assert_eq!(cov.rules_percent(), 50.0);
        assert_eq!(Coverage::default().rules_percent(), 100.0);
    }
}
