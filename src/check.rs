//! The `check` facade: the whole pipeline in one call, for the command line and for Rust users
//! who want a [`Report`] to snapshot with `insta`.
//!
//! load → parse → resolve → statement files → analyze → eval → contradictions → report.
//! Errors in rule files stop evaluation (nothing is evaluated while they remain); errors in
//! documents and statement files only drop what is broken, and everything good is still
//! checked and reported.

use crate::analyze;
use crate::contradiction::{self, FindOptions, Found};
use crate::diagnostic::{self, Diagnostic, Level};
use crate::eval::{self, EvalOptions, Limits};
use crate::load::{self, LoadOptions, Loaded};
use crate::report::{Report, ReportInput};
use crate::resolve::{self, hir::Program, patterns::ExtractionRules};
use crate::source::SourceMap;

/// What to check and how.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// Inputs: documents, rule files, statement files, folders.
    pub paths: Vec<String>,
    /// Extra rule files or folders (`--rules`).
    pub rules: Vec<String>,
    /// Include the embedded default pack.
    pub default_rules: bool,
    /// Engine limits.
    pub limits: Limits,
    /// Record provenance (needed for explanations; on by default).
    pub provenance: bool,
    /// Include derivation trees in the report.
    pub explain: bool,
    /// Largest file read.
    pub max_file_size: usize,
    /// Most contradictions reported.
    pub max_contradictions: usize,
    /// Extract statements from documents given as inputs (those no rule file annotates by
    /// hand).
    pub extract: bool,
    /// Evaluate and look for contradictions (off for `claimcheck extract`).
    pub evaluate: bool,
}

impl Default for CheckOptions {
    fn default() -> CheckOptions {
        CheckOptions {
            paths: Vec::new(),
            rules: Vec::new(),
            default_rules: true,
            limits: Limits::default(),
            provenance: true,
            explain: false,
            max_file_size: load::DEFAULT_MAX_FILE_SIZE,
            max_contradictions: FindOptions::default().max_contradictions,
            extract: true,
            evaluate: true,
        }
    }
}

/// Everything a check produced: the report, and what renderers need besides it.
#[derive(Debug)]
pub struct Checked {
    /// The report.
    pub report: Report,
    /// All source text (for rendering spans).
    pub sources: SourceMap,
    /// The run's diagnostics, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The resolved program.
    pub program: Program,
    /// The contradictions, with their proofs.
    pub found: Found,
    /// The evaluation plan as text, when analysis succeeded.
    pub plan: Option<String>,
    /// Number of rule files that parsed (default pack included).
    pub rule_files: usize,
    /// Names of the user rules that derived at least one fact, and of the constraints that
    /// were violated, sorted (for coverage).
    pub fired: Vec<String>,
    /// The run's compiled extraction rules (their patterns and frames, for coverage).
    pub extraction: ExtractionRules,
}

impl Checked {
    /// Whether any input error was found (exit code 2).
    pub fn has_errors(&self) -> bool {
        diagnostic::has_errors(&self.diagnostics)
    }
}

/// How far the reading of inputs has got: documents extracted and statement files read, the
/// slow part of a run over many files. The command line draws a progress bar from it; the
/// library draws nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Inputs done (documents extracted plus statement files read).
    pub done: usize,
    /// Inputs in all.
    pub total: usize,
    /// Bytes of the inputs done.
    pub done_bytes: u64,
    /// Bytes of all the inputs.
    pub total_bytes: u64,
}

/// Runs the whole pipeline.
///
/// ```no_run
/// let checked = claimcheck::check::check(&claimcheck::check::CheckOptions {
///     paths: vec!["seeds/".into()],
///     ..Default::default()
/// });
/// // In a test: insta::assert_yaml_snapshot!(checked.report);
/// assert_eq!(checked.report.schema, "claimcheck.report/1");
/// ```
pub fn check(options: &CheckOptions) -> Checked {
    let mut loaded = load_inputs(options);
    run(&mut loaded, options, None)
}

/// [`check`], telling `progress` how far it has got: once before the first document is
/// extracted, then every percent or so of the documents and after each statement file. The
/// result is the same as [`check`]'s.
pub fn check_with_progress(options: &CheckOptions, progress: &mut dyn FnMut(Progress)) -> Checked {
    let mut loaded = load_inputs(options);
    run(&mut loaded, options, Some(progress))
}

fn load_inputs(options: &CheckOptions) -> Loaded {
    load::load(&LoadOptions {
        paths: options.paths.clone(),
        rules: options.rules.clone(),
        default_rules: options.default_rules,
        max_file_size: options.max_file_size,
    })
}

/// Runs everything after loading (the suite runner loads cases itself).
pub fn check_loaded(loaded: &mut Loaded, options: &CheckOptions) -> Checked {
    run(loaded, options, None)
}

/// Fewest documents extracted between two progress reports.
const PROGRESS_CHUNK: usize = 64;

fn run(
    loaded: &mut Loaded,
    options: &CheckOptions,
    mut progress: Option<&mut dyn FnMut(Progress)>,
) -> Checked {
    let rule_files = std::mem::take(&mut loaded.rule_files);
    let rule_file_count = rule_files.len();
    let (mut program, mut resolve_diags) = resolve::resolve_program(&loaded.sources, &rule_files);
    let (extraction, extraction_diags) =
        resolve::patterns::resolve_extraction(&program, &rule_files);
    resolve_diags.extend(extraction_diags);
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    let rules_ok = !rule_errors(&loaded.sources, &diagnostics, &resolve_diags);
    diagnostics.extend(resolve_diags);

    // Documents given as inputs are extracted, unless a rule file of the run annotates them
    // by hand (`document … = "…"` with `claim`s): then the hand-written statements are what
    // the analyst means, and extracting as well would state everything twice.
    let mut known: std::collections::HashSet<crate::source::FileId> =
        program.documents.iter().map(|d| d.file).collect();
    let to_extract: Vec<crate::source::FileId> = loaded
        .documents
        .iter()
        .copied()
        .filter(|d| known.insert(*d))
        .collect();
    let mut extracted = std::collections::HashSet::new();
    let extracting = options.extract && rules_ok;
    let bytes = |f: &crate::source::FileId| loaded.sources.file(*f).text.len() as u64;
    let mut status = Progress {
        done: 0,
        total: loaded.statement_files.len() + if extracting { to_extract.len() } else { 0 },
        done_bytes: 0,
        total_bytes: loaded.statement_files.iter().map(bytes).sum::<u64>()
            + if extracting {
                to_extract.iter().map(bytes).sum::<u64>()
            } else {
                0
            },
    };
    if let Some(report) = progress.as_mut() {
        report(status);
    }
    if extracting {
        extracted.extend(to_extract.iter().copied());
        // With a progress display the documents go in chunks (in order, so the result is the
        // same); without one in a single parallel batch.
        let chunk = if progress.is_some() {
            (to_extract.len() / 100).max(PROGRESS_CHUNK)
        } else {
            to_extract.len().max(1)
        };
        for part in to_extract.chunks(chunk) {
            for (info, mut statements, mut d) in
                crate::extract::run::extract_all(&program, &extraction, &loaded.sources, part)
            {
                program.documents.push(info);
                program.statements.append(&mut statements);
                diagnostics.append(&mut d);
            }
            if let Some(report) = progress.as_mut() {
                status.done += part.len();
                status.done_bytes += part.iter().map(bytes).sum::<u64>();
                report(status);
            }
        }
    } else {
        for doc in to_extract {
            program.documents.push(crate::resolve::hir::DocumentInfo {
                file: doc,
                ..Default::default()
            });
        }
    }
    for file in loaded.statement_files.clone() {
        let size = loaded.sources.file(file).text.len() as u64;
        let mut d = crate::statements::load_statement_file(
            loaded,
            &mut program,
            file,
            options.max_file_size,
        );
        diagnostics.append(&mut d);
        if let Some(report) = progress.as_mut() {
            status.done += 1;
            status.done_bytes += size;
            report(status);
        }
    }
    // Documents that statement files name and that cannot be read are reported by the loader.
    diagnostics.append(&mut loaded.diagnostics);
    // The list grew by appending each document's statements; its spare capacity (up to one
    // unused `Statement` per statement) would be held through evaluation and the report.
    program.statements.shrink_to_fit();
    // Documents loaded for statement files are documents of the run too.
    let used: Vec<_> = program.statements.iter().map(|s| s.source.file).collect();
    for file in used {
        let is_doc = loaded.sources.file(file).kind == crate::source::FileKind::Document;
        if is_doc && known.insert(file) {
            program.documents.push(crate::resolve::hir::DocumentInfo {
                file,
                ..Default::default()
            });
        }
    }

    diagnostics.extend(fill_document_info(
        &loaded.sources,
        &mut program,
        &extracted,
    ));

    let mut found = Found::default();
    let mut limits_hit = Vec::new();
    let mut plan_text = None;
    let mut fired = Vec::new();
    if rules_ok && options.evaluate {
        let (plan, analyze_diags) = analyze::analyze_program(&program);
        let analyzed = !diagnostic::has_errors(&analyze_diags);
        diagnostics.extend(analyze_diags);
        if analyzed {
            plan_text = Some(plan.to_string());
            let ev = eval::run_to_fixpoint(
                &program,
                &plan,
                &EvalOptions {
                    limits: options.limits.clone(),
                    provenance: options.provenance,
                },
            );
            if let Some(hit) = ev.limit_hit() {
                // The time limit is given in (fractions of) seconds; `hit.limit` holds whole ones.
                let limit = match hit.kind {
                    eval::LimitKind::Time => {
                        format!("{} s", options.limits.max_time.as_secs_f64())
                    }
                    _ => hit.limit.to_string(),
                };
                limits_hit.push(format!(
                    "{} limit of {limit} reached; the report shows what was found before it",
                    hit.kind
                ));
            }
            if ev.derivations_cut() > 0 {
                limits_hit.push(format!(
                    "derivations limit of {} per fact reached for {} facts; a contradiction \
                     through them may list more statements than it needs",
                    options.limits.max_derivations,
                    ev.derivations_cut()
                ));
            }
            fired = fired_rules(&program, &ev);
            found = contradiction::find_contradictions(
                &program,
                &ev,
                &FindOptions {
                    max_contradictions: options.max_contradictions,
                    ..FindOptions::default()
                },
            );
            if found.truncated {
                limits_hit.push(format!(
                    "contradictions limit of {} reached; more were found",
                    options.max_contradictions
                ));
            }
        }
    }
    let sources = std::mem::take(&mut loaded.sources);
    diagnostic::sort_diagnostics(&mut diagnostics, &sources);
    let report = Report::build(&ReportInput {
        sources: &sources,
        program: &program,
        found: &found,
        diagnostics: &diagnostics,
        limits_hit,
        explain: options.explain,
    });
    Checked {
        report,
        sources,
        diagnostics,
        program,
        found,
        plan: plan_text,
        rule_files: rule_file_count,
        fired,
        extraction,
    }
}

/// Whether any error is in a rule file (those stop evaluation; errors in documents and
/// statement files do not).
fn rule_errors(sources: &SourceMap, a: &[Diagnostic], b: &[Diagnostic]) -> bool {
    a.iter().chain(b).any(|d| {
        d.level == Level::Error && sources.file(d.span.file).kind == crate::source::FileKind::Rules
    })
}

/// Reads every document's metadata (front matter, byline) into the program; problems with a
/// document (empty, bad front matter) are reported and the document is kept.
fn fill_document_info(
    sources: &SourceMap,
    program: &mut Program,
    extracted: &std::collections::HashSet<crate::source::FileId>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for info in program
        .documents
        .iter_mut()
        .filter(|d| !extracted.contains(&d.file))
    {
        let file = sources.file(info.file);
        let format = crate::extract::document::DocumentFormat::of_path(&file.path);
        let (doc, mut d) =
            crate::extract::document::parse_document_as(info.file, &file.text, format);
        info.title = doc.title;
        info.author = doc.author;
        info.outlet = doc.outlet;
        info.date = doc.date;
        info.url = doc.url;
        diags.append(&mut d);
    }
    program
        .documents
        .sort_by(|a, b| sources.file(a.file).path.cmp(&sources.file(b.file).path));
    diags
}

/// The user rules that derived something and the constraints that were violated.
fn fired_rules(program: &Program, ev: &eval::Evaluation) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    for pred in 0..program.predicates.len() {
        for fact in ev.facts_of(crate::resolve::hir::PredId(pred as u32)) {
            for d in ev.derivations(fact) {
                if let eval::Derivation::Rule { rule, .. } = d
                    && let Some(r) = program.rules.get(rule.0 as usize)
                    && r.origin == crate::resolve::hir::RuleOrigin::User
                {
                    names.insert(r.name.clone());
                }
            }
        }
    }
    for v in ev.violations() {
        if let Some(c) = program.constraints.get(v.constraint.0 as usize) {
            names.insert(c.name.clone());
        }
    }
    names.into_iter().collect()
}
