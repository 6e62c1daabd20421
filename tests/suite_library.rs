//! What a Rust user writes in their own tests: run the pipeline on a folder and snapshot the
//! `Report` with `insta::assert_yaml_snapshot!`. The report is `Serialize`, sorted, and free of
//! machine-specific values (paths as given, no timestamps), so the snapshot is stable.

use claimcheck::check::{CheckOptions, check};

#[test]
fn a_report_snapshots_with_insta() {
    let options = CheckOptions {
        paths: vec!["tests/suites/contradictions/derived".into()],
        default_rules: false,
        ..CheckOptions::default()
    };
    let checked = check(&options);
    assert!(
        checked.report.errors.is_empty(),
        "{:#?}",
        checked.report.errors
    );
    assert_eq!(checked.report.summary.by_kind.get("derived"), Some(&1));
    insta::assert_yaml_snapshot!(checked.report);
    // The same input gives the same report.
    assert_eq!(check(&options).report, checked.report);
}
