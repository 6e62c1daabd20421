//! The whole pipeline in memory: the input is a rule file, a document and a statement file
//! separated by lines `---8<---`. Resolution, analysis, evaluation (under small limits),
//! contradiction finding and all three renderers must finish without panicking, and the
//! report must point only inside the run's files.

#![no_main]

use claimcheck::check::{CheckOptions, check_loaded};
use claimcheck::diagnostic::Diagnostic;
use claimcheck::eval::Limits;
use claimcheck::load::Loaded;
use claimcheck::report::text::{TextOptions, render_text};
use claimcheck::source::FileKind;
use claimcheck::syntax;
use libfuzzer_sys::fuzz_target;
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = input.splitn(3, "\n---8<---\n");
    let rules = parts.next().unwrap_or("");
    let doc = parts.next().unwrap_or("");
    let statements = parts.next();

    let mut loaded = Loaded::default();
    let rules_id = loaded.sources.add("case.claims", rules, FileKind::Rules);
    match syntax::parse_rule_file(rules_id, rules) {
        Ok(ast) => loaded.rule_files.push((rules_id, ast)),
        Err(e) => loaded.diagnostics.push(Diagnostic::from_diag(&e)),
    }
    let doc_id = loaded.sources.add("doc.txt", doc, FileKind::Document);
    loaded.documents.push(doc_id);
    if let Some(s) = statements {
        let id = loaded
            .sources
            .add("statements.yaml", s, FileKind::Statements);
        loaded.statement_files.push(id);
    }
    let options = CheckOptions {
        default_rules: false,
        limits: Limits {
            max_facts: 20_000,
            max_iterations: 1_000,
            max_time: Duration::from_secs(2),
            max_violations: 1_000,
            // Low, so that fuzzed rule sets reach it and the cut is exercised.
            max_derivations: 3,
        },
        max_file_size: 1 << 20,
        max_contradictions: 100,
        explain: true,
        ..CheckOptions::default()
    };
    let checked = check_loaded(&mut loaded, &options);
    let _ = render_text(
        &checked.report,
        &checked.sources,
        &checked.diagnostics,
        TextOptions::default(),
    );
    let _ = checked.report.to_json();
    let _ = checked.report.to_yaml();
    for s in &checked.report.statements {
        assert!(s.span.start <= s.span.end, "statement span reversed: {s:?}");
    }
});
