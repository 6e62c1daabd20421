//! Each contradiction kind and each must-not-flag guard, as a folder under
//! `tests/contradictions/`: a `case.claims` (its own small vocabulary, no default pack), the
//! document it quotes, and `expect.yaml` listing the contradictions that must be found (kind,
//! severity, relation, and optionally rules) — exactly those, no others. The whole report is
//! also snapshotted in YAML.

use claimcheck::check::{CheckOptions, check};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    contradictions: Vec<Want>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord, Clone)]
#[serde(deny_unknown_fields)]
struct Want {
    kind: String,
    severity: String,
    relation: String,
    #[serde(default)]
    rules: Option<Vec<String>>,
}

/// The case folder relative to the crate root, as a user would type it.
fn case_dir(claims: &Path) -> String {
    let dir = claims.parent().expect("case file is in a folder");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    dir.strip_prefix(root)
        .unwrap_or(dir)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn contradiction_cases() {
    insta::glob!("contradictions/*/case.claims", |path| {
        let dir = case_dir(path);
        let checked = check(&CheckOptions {
            paths: vec![dir.clone()],
            default_rules: false,
            ..CheckOptions::default()
        });
        assert!(
            checked.report.errors.is_empty(),
            "{dir}: unexpected errors {:#?}",
            checked.report.errors
        );
        let expect: Expect = test_yaml::parse(
            &std::fs::read_to_string(format!("{dir}/expect.yaml")).expect("expect.yaml"),
        );
        let mut got: Vec<Want> = checked
            .report
            .contradictions
            .iter()
            .map(|c| Want {
                kind: c.kind.clone(),
                severity: c.severity.clone(),
                relation: c.relation.clone(),
                rules: None,
            })
            .collect();
        let mut want = expect.contradictions.clone();
        for (w, c) in want.iter_mut().zip(&checked.report.contradictions) {
            if let Some(rules) = &w.rules {
                assert_eq!(rules, &c.rules, "{dir}: rules of {}", c.id);
                w.rules = None;
            }
        }
        got.sort();
        want.sort();
        assert_eq!(
            got,
            want,
            "{dir}: contradictions differ; report:\n{}",
            checked.report.to_yaml()
        );
        insta::assert_snapshot!(checked.report.to_yaml());
    });
}

/// YAML for test data goes through the library's one YAML module.
mod test_yaml {
    pub fn parse<T: serde::de::DeserializeOwned>(text: &str) -> T {
        match claimcheck::yaml::from_str(text) {
            Ok(v) => v,
            Err(e) => panic!("bad test data: {}", e.message),
        }
    }
}
