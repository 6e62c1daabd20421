//! Checks a `claimcheck check --format json` report of a generated corpus against the
//! corpus's `planted.json`: every planted contradiction reported at `error` with its kind and
//! relation, and no other contradiction at `error`.
//!
//! ```text
//! cargo run --release --example check_planted -- /tmp/corpus/planted.json report.json
//! ```
//!
//! Exit code 0 when the report is right, 1 with one line per problem when it is not, 2 when
//! a file cannot be read.

#[allow(dead_code)]
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::process::ExitCode;

fn read(path: &str) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read `{path}`: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("`{path}` is not JSON: {e}"))
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn expected(planted: &Value) -> Vec<corpus::Expected> {
    items(planted, "planted")
        .iter()
        .map(|p| corpus::Expected {
            id: text(p, "id"),
            kind: text(p, "kind"),
            relation: text(p, "relation"),
            statements: items(p, "statements")
                .iter()
                .map(|s| corpus::Quoted {
                    document: text(s, "document"),
                    speaker: text(s, "speaker"),
                    stance: text(s, "stance"),
                    proposition: text(s, "proposition"),
                    quote: text(s, "quote"),
                })
                .collect(),
        })
        .collect()
}

fn reported(report: &Value) -> Vec<corpus::Reported> {
    let statements: HashMap<String, Option<corpus::Quoted>> = items(report, "statements")
        .iter()
        .map(|s| {
            let quoted = corpus::corpus_path(&text(s, "document")).map(|document| corpus::Quoted {
                document,
                speaker: text(s, "speaker"),
                stance: text(s, "stance"),
                proposition: text(s, "proposition"),
                quote: text(s, "quote"),
            });
            (text(s, "id"), quoted)
        })
        .collect();
    items(report, "contradictions")
        .iter()
        .map(|c| corpus::Reported {
            kind: text(c, "kind"),
            severity: text(c, "severity"),
            relation: text(c, "relation"),
            statements: items(c, "statements")
                .iter()
                .filter_map(|id| statements.get(id.as_str()?).cloned().flatten())
                .collect::<BTreeSet<_>>(),
        })
        .collect()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [planted, report] = args.as_slice() else {
        eprintln!("usage: check_planted PLANTED.json REPORT.json");
        return ExitCode::from(2);
    };
    let (planted, report) = match (read(planted), read(report)) {
        (Ok(p), Ok(r)) => (p, r),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let expected = expected(&planted);
    let reported = reported(&report);
    let problems = corpus::verify(&expected, &reported);
    for p in &problems {
        println!("{p}");
    }
    let errors = reported.iter().filter(|r| r.severity == "error").count();
    println!(
        "{} planted, {} reported ({errors} at error), {} problems",
        expected.len(),
        reported.len(),
        problems.len()
    );
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
