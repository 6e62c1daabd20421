//! The statement loaders: any bytes as a YAML or JSON statement file, checked against a small
//! world (a few entities, a predicate, a document in memory). Every outcome is statements or
//! located diagnostics; nothing panics.

#![no_main]

use claimcheck::load::Loaded;
use claimcheck::source::FileKind;
use claimcheck::{resolve, statements, syntax};
use libfuzzer_sys::fuzz_target;

const WORLD: &str = "type actor\ntype state: actor\ntype person: actor\n\
    entity russia: state \"Russia\"\nentity north_korea: state \"North Korea\"\n\
    entity putin: person \"Vladimir Putin\" speaks_for russia\n\
    predicate agreement(a: state, b: state) symmetric\n\
    predicate shells(s: state) -> number\n";

const DOC: &str = "US officials say an arms deal has been agreed. \
    Putin denied that any such agreement was made.\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut loaded = Loaded::default();
    let rules = loaded.sources.add("world.claims", WORLD, FileKind::Rules);
    let Ok(ast) = syntax::parse_rule_file(rules, WORLD) else {
        panic!("the fixed world parses");
    };
    loaded.rule_files.push((rules, ast));
    // Registered under the names a statement may use, so nothing is read from disk for it.
    loaded.sources.add("doc.txt", DOC, FileKind::Document);
    let (mut program, diags) = resolve::resolve_program(&loaded.sources, &loaded.rule_files);
    assert!(diags.is_empty(), "the fixed world resolves");
    for name in ["statements.yaml", "statements.json"] {
        let file = loaded.sources.add(name, text, FileKind::Statements);
        let diags = statements::load_statement_file(&mut loaded, &mut program, file, 1 << 20);
        for d in &diags {
            // Every diagnostic points inside a file of the run.
            let f = loaded.sources.file(d.span.file);
            assert!(
                d.span.end as usize <= f.text.len(),
                "span past the end: {d:?}"
            );
        }
    }
});
