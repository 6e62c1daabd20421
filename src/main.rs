//! The `claimcheck` command line: arguments → options (with `claimcheck.yaml` defaults) →
//! the library → rendered report on stdout, run diagnostics on stderr → exit code.
//!
//! Exit codes: 0 no contradiction at or above `--fail-on`; 1 contradictions found; 2 usage,
//! input or rule errors. This file holds no logic the library could use.
//!
//! Streams: stdout carries the report and nothing else, so it can be piped or saved. The
//! run's diagnostics (bad files, limits hit) go to stderr, one line each
//! (`error: file:line:column: message [code]`), and are also in the report (`errors[]`, or
//! drawn in full in the text report). The one exception: a text report whose stdout and
//! stderr are both a terminal already shows every diagnostic on that screen, so the stderr
//! copy is left out rather than printed twice; as soon as either stream is redirected
//! (`> report.txt`, `| less`, `2> problems.log`, CI) both get them.
//!
//! A progress bar is drawn on stderr while documents and statement files are read, only
//! when stderr is a terminal, not under CI, and only for long runs (more than
//! [`PROGRESS_MIN_INPUTS`] inputs or [`PROGRESS_MIN_BYTES`] bytes); it is cleared when done,
//! so it never stays in the output.

use claimcheck::check::{CheckOptions, Checked, Progress, check, check_with_progress};
use claimcheck::config::{Config, find_config};
use claimcheck::report::text::{TextOptions, render_diagnostics, render_text};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

// mimalloc rather than glibc's allocator: a run builds and frees millions of small values
// across threads, and glibc spent a third of the statement-file route consolidating free
// lists (100k generated documents: 34-46 s → 21-32 s from statement files, 21 s → 17-19 s
// from documents, for 6-25% more peak memory; output identical). Without transparent huge
// pages (`no_thp`): with them, zeroing fresh huge pages cost more than the allocator saved.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(
    name = "claimcheck",
    version,
    about = "Find the statements that cannot all be true"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check documents, rule files and statement files for contradictions.
    Check(CheckArgs),
    /// Check rule files only: syntax, names, types, safety, stratification.
    Validate(ValidateArgs),
    /// Extract the statements of documents (and statement files) without checking them.
    Extract(ExtractArgs),
    /// Run regression suites: check every case, compare with expect.yaml and the snapshot.
    Test(TestArgs),
    /// List the verdicts that appear, vanish or change between two reports.
    Diff(DiffArgs),
}

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    /// Documents, rule files, statement files, or folders of them.
    #[arg(required = true)]
    paths: Vec<String>,
    #[command(flatten)]
    rules: RuleArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "yaml")]
    format: ExtractFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ExtractFormat {
    Json,
    Yaml,
}

#[derive(clap::Args, Debug, Clone)]
struct RuleArgs {
    /// Rule files or folders, added to the embedded default pack.
    #[arg(long = "rules", value_name = "PATH", num_args = 1..)]
    rules: Vec<String>,
    /// Leave out the embedded default pack.
    #[arg(long)]
    no_default_rules: bool,
}

impl RuleArgs {
    /// The rule paths of `claimcheck.yaml`, then those given with `--rules`.
    fn paths(&self, config: &Config) -> Vec<String> {
        config.rules.iter().chain(&self.rules).cloned().collect()
    }

    /// Whether the embedded default pack is read: not with `--no-default-rules`, nor when
    /// `claimcheck.yaml` says `default_rules: false`.
    fn default_pack(&self, config: &Config) -> bool {
        !self.no_default_rules && config.default_rules.unwrap_or(true)
    }
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Documents (.txt, .md), rule files (.claims), statement files (.yaml, .yml, .json), or
    /// folders of them.
    paths: Vec<String>,
    #[command(flatten)]
    rules: RuleArgs,
    /// Output format.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Print derivation trees.
    #[arg(long)]
    explain: bool,
    /// Stop deriving after this many facts.
    #[arg(long, value_name = "N")]
    max_facts: Option<usize>,
    /// Stop after this many evaluation rounds.
    #[arg(long, value_name = "N")]
    max_iterations: Option<usize>,
    /// Stop evaluating after this many seconds.
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<f64>,
    /// Report at most this many contradictions.
    #[arg(long, value_name = "N")]
    max_contradictions: Option<usize>,
    /// Keep at most this many rule derivations per fact, 1 to 254 (default 8).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=254))]
    max_derivations: Option<u8>,
}

#[derive(clap::Args, Debug)]
struct ValidateArgs {
    /// Rule files or folders.
    paths: Vec<String>,
    /// Leave out the embedded default pack.
    #[arg(long)]
    no_default_rules: bool,
    /// Print the evaluation plan.
    #[arg(long)]
    plan: bool,
}

#[derive(clap::Args, Debug)]
struct TestArgs {
    /// Suite folders (folders of case folders), or single case folders.
    #[arg(required = true)]
    suites: Vec<String>,
    #[command(flatten)]
    rules: RuleArgs,
    /// Run only the cases whose name (`suite/case`) contains this text; may be repeated.
    #[arg(long, value_name = "TEXT")]
    filter: Vec<String>,
    /// Write new and changed snapshots (never under CI=true).
    #[arg(long, conflicts_with = "review")]
    accept: bool,
    /// Ask case by case whether to accept each new or changed snapshot (needs a terminal).
    #[arg(long)]
    review: bool,
    /// Output format; with junit or json the text report also goes to stderr.
    #[arg(long, value_enum, default_value = "text")]
    format: TestFormat,
    /// Also run each case with this rule folder in place of --rules (or of the default pack)
    /// and list the verdicts that change.
    #[arg(long, value_name = "PATH")]
    baseline: Option<String>,
    /// Fail when fewer than N percent of the rules and constraints fired.
    #[arg(long, value_name = "N")]
    coverage_min: Option<f64>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum TestFormat {
    Text,
    Junit,
    Json,
}

#[derive(clap::Args, Debug)]
struct DiffArgs {
    /// The old report (JSON, YAML, or a report.snap snapshot).
    old: String,
    /// The new report.
    new: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum DiffFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Yaml,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match find_config() {
        Ok(c) => c,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Check(args) => run_check(args, config.unwrap_or_default()),
        Command::Validate(args) => run_validate(args),
        Command::Extract(args) => run_extract(args, config.unwrap_or_default()),
        Command::Test(args) => run_test(args, config.unwrap_or_default()),
        Command::Diff(args) => run_diff(args),
    }
}

fn run_extract(args: ExtractArgs, config: Config) -> ExitCode {
    let options = CheckOptions {
        paths: args.paths.clone(),
        rules: args.rules.paths(&config),
        default_rules: args.rules.default_pack(&config),
        evaluate: false,
        ..CheckOptions::default()
    };
    let checked = check_showing_progress(&options);
    print_run_diagnostics(&checked);
    let statements = claimcheck::report::StatementsFile::of(&checked.report);
    let out = match args.format {
        ExtractFormat::Json => statements.to_json(),
        ExtractFormat::Yaml => statements.to_yaml(),
    };
    if std::io::stdout().lock().write_all(out.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    if checked.has_errors() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn run_check(args: CheckArgs, config: Config) -> ExitCode {
    let mut options = CheckOptions {
        paths: if args.paths.is_empty() {
            config.documents.clone()
        } else {
            args.paths.clone()
        },
        rules: args.rules.paths(&config),
        default_rules: args.rules.default_pack(&config),
        explain: args.explain,
        ..CheckOptions::default()
    };
    if options.paths.is_empty() {
        eprintln!(
            "error: nothing to check: name documents, rule files or folders (or list `documents` in claimcheck.yaml)"
        );
        return ExitCode::from(2);
    }
    if let Some(n) = args.max_facts.or(config.limits.facts) {
        options.limits.max_facts = n;
    }
    if let Some(n) = args.max_iterations.or(config.limits.iterations) {
        options.limits.max_iterations = n;
    }
    if let Some(s) = args.timeout.or(config.limits.time_seconds) {
        options.limits.max_time = Duration::from_secs_f64(s.max(0.0));
    }
    if let Some(n) = args.max_contradictions.or(config.limits.contradictions) {
        options.max_contradictions = n;
    }
    if let Some(n) = args
        .max_derivations
        .map(usize::from)
        .or(config.limits.derivations)
    {
        // The engine keeps one byte per fact for this count.
        options.limits.max_derivations = n.clamp(1, 254);
    }
    let format = args
        .format
        .or(config
            .format
            .as_deref()
            .and_then(|f| Format::from_str(f, true).ok()))
        .unwrap_or(Format::Text);
    let fail_on = args
        .fail_on
        .or(config
            .fail_on
            .as_deref()
            .and_then(|f| FailOn::from_str(f, true).ok()))
        .unwrap_or(FailOn::Error);

    let checked = check_showing_progress(&options);
    let out = match format {
        Format::Text => render_text(
            &checked.report,
            &checked.sources,
            &checked.diagnostics,
            TextOptions {
                color: color(),
                ..TextOptions::default()
            },
        ),
        Format::Json => checked.report.to_json(),
        Format::Yaml => checked.report.to_yaml(),
    };
    if diagnostics_to_stderr(
        format,
        std::io::stdout().is_terminal(),
        std::io::stderr().is_terminal(),
    ) {
        print_run_diagnostics(&checked);
    }
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(out.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    exit_code(&checked, fail_on)
}

/// Whether the run's diagnostics also go to stderr (see the module docs): always, except for
/// a text report when stdout and stderr are both a terminal, which already shows them.
fn diagnostics_to_stderr(format: Format, stdout_tty: bool, stderr_tty: bool) -> bool {
    format != Format::Text || !(stdout_tty && stderr_tty)
}

/// Inputs (documents to extract and statement files) past which a run shows progress.
const PROGRESS_MIN_INPUTS: usize = 200;
/// Bytes of inputs past which a run shows progress.
const PROGRESS_MIN_BYTES: u64 = 20 << 20;

/// Whether a run of this size is long enough for a progress bar.
fn long_run(p: Progress) -> bool {
    p.total > PROGRESS_MIN_INPUTS || p.total_bytes > PROGRESS_MIN_BYTES
}

/// Runs the check, with a progress bar on stderr when it is a terminal and not under CI.
fn check_showing_progress(options: &CheckOptions) -> Checked {
    if !std::io::stderr().is_terminal() || claimcheck::suite::is_ci() {
        return check(options);
    }
    let mut bar: Option<indicatif::ProgressBar> = None;
    let mut show = |p: Progress| {
        if bar.is_none() && p.done == 0 && long_run(p) {
            let b = indicatif::ProgressBar::with_draw_target(
                Some(p.total_bytes),
                indicatif::ProgressDrawTarget::stderr_with_hz(10),
            );
            // No colour in the template, so NO_COLOR needs nothing more.
            let style = indicatif::ProgressStyle::with_template(
                "reading {msg} [{wide_bar}] {binary_bytes}/{binary_total_bytes}",
            )
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            b.set_style(style);
            bar = Some(b);
        }
        if let Some(b) = &bar {
            b.set_message(format!("{}/{} files", p.done, p.total));
            b.set_position(p.done_bytes);
            if p.done >= p.total {
                b.finish_and_clear();
            }
        }
    };
    let checked = check_with_progress(options, &mut show);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    checked
}

fn print_run_diagnostics(checked: &Checked) {
    let mut stderr = std::io::stderr().lock();
    for e in &checked.report.errors {
        let _ = writeln!(
            stderr,
            "{}: {}:{}:{}: {} [{}]",
            level_word(e.level),
            e.file,
            e.line,
            e.column,
            e.message,
            e.code
        );
    }
    for l in &checked.report.summary.limits_hit {
        let _ = writeln!(stderr, "warning: {l}");
    }
}

fn level_word(l: claimcheck::diagnostic::Level) -> &'static str {
    match l {
        claimcheck::diagnostic::Level::Error => "error",
        claimcheck::diagnostic::Level::Warning => "warning",
    }
}

fn exit_code(checked: &Checked, fail_on: FailOn) -> ExitCode {
    if checked.has_errors() {
        return ExitCode::from(2);
    }
    let threshold = match fail_on {
        FailOn::Error => 0,
        FailOn::Warning => 1,
        FailOn::Info => 2,
        FailOn::Never => return ExitCode::SUCCESS,
    };
    let failing = checked.report.contradictions.iter().any(|c| {
        let rank = match c.severity.as_str() {
            "error" => 0,
            "warning" => 1,
            _ => 2,
        };
        rank <= threshold
    });
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_validate(args: ValidateArgs) -> ExitCode {
    let options = CheckOptions {
        rules: args.paths.clone(),
        default_rules: !args.no_default_rules,
        ..CheckOptions::default()
    };
    if args.paths.is_empty() && args.no_default_rules {
        eprintln!("error: nothing to validate");
        return ExitCode::from(2);
    }
    let checked = check(&options);
    // Validation reports only problems and the plan, not contradictions among reference facts.
    let mut stdout = std::io::stdout().lock();
    if checked.diagnostics.is_empty() {
        let n = checked.rule_files;
        let _ = writeln!(
            stdout,
            "ok: {n} rule file{} valid",
            if n == 1 { "" } else { "s" }
        );
    } else {
        let text = render_diagnostics(
            &checked.sources,
            &checked.diagnostics,
            TextOptions {
                color: color(),
                ..TextOptions::default()
            },
        );
        let _ = stdout.write_all(text.as_bytes());
    }
    if args.plan
        && let Some(plan) = &checked.plan
    {
        let _ = writeln!(stdout, "{plan}");
    }
    if checked.has_errors() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_test(args: TestArgs, config: Config) -> ExitCode {
    use claimcheck::suite::{self, RunOptions, WriteMode};
    let ci = suite::is_ci();
    if ci && (args.accept || args.review) {
        eprintln!(
            "warning: CI is set, so no snapshot is written; `--accept` and `--review` are ignored"
        );
    }
    let review = args.review && !ci;
    if review && !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        eprintln!(
            "error: `--review` asks questions and needs a terminal; use `--accept` to write every new snapshot"
        );
        return ExitCode::from(2);
    }
    if let Some(n) = args.coverage_min
        && !(0.0..=100.0).contains(&n)
    {
        eprintln!("error: `--coverage-min` is a percentage from 0 to 100, not `{n}`");
        return ExitCode::from(2);
    }
    let write = if ci {
        WriteMode::Never
    } else if args.accept {
        WriteMode::Accept
    } else if review {
        WriteMode::Never
    } else {
        WriteMode::Pending
    };
    let mut result = suite::run(&RunOptions {
        suites: args.suites.clone(),
        filters: args.filter.clone(),
        rules: args.rules.paths(&config),
        default_rules: args.rules.default_pack(&config),
        baseline: args.baseline.clone(),
        write,
        coverage_min: args.coverage_min,
    });
    if review {
        let mut stdout = std::io::stdout().lock();
        let mut stdin = std::io::stdin().lock();
        if let Err(e) = suite::review::review(&mut result, &mut stdin, &mut stdout, color()) {
            eprintln!("error: review stopped: {e}");
            return ExitCode::from(2);
        }
    }
    let out = match args.format {
        TestFormat::Text => suite::render::render_run(&result, color()),
        TestFormat::Junit => suite::junit::render_junit(&result),
        TestFormat::Json => suite::json::render_json(&result),
    };
    if args.format != TestFormat::Text {
        let stderr_color =
            std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal();
        eprint!("{}", suite::render::render_run(&result, stderr_color));
    }
    if std::io::stdout().lock().write_all(out.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::from(result.exit_code())
}

fn run_diff(args: DiffArgs) -> ExitCode {
    use claimcheck::suite::{self, verdict};
    let mut views = Vec::new();
    for path in [&args.old, &args.new] {
        match suite::read_report_file(path) {
            Ok(v) => views.push(v),
            Err(e) => {
                eprintln!(
                    "error: {}:{}:{}: {} [{}]",
                    e.file, e.line, e.column, e.message, e.code
                );
                if let Some(h) = &e.help {
                    eprintln!("  help: {h}");
                }
            }
        }
    }
    let [old, new] = views.as_slice() else {
        return ExitCode::from(2);
    };
    let diff = verdict::diff_verdicts(&old.verdicts(), &new.verdicts());
    let out = match args.format {
        DiffFormat::Text => {
            suite::render::render_verdict_diff(&args.old, &args.new, &diff, color())
        }
        DiffFormat::Json => suite::json::render_diff_json(&args.old, &args.new, &diff),
    };
    if std::io::stdout().lock().write_all(out.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    if diff.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_go_to_stderr_unless_both_streams_are_one_terminal() {
        for format in [Format::Json, Format::Yaml] {
            for (out, err) in [(false, false), (true, false), (false, true), (true, true)] {
                assert!(diagnostics_to_stderr(format, out, err));
            }
        }
        assert!(diagnostics_to_stderr(Format::Text, false, false));
        assert!(diagnostics_to_stderr(Format::Text, false, true));
        assert!(diagnostics_to_stderr(Format::Text, true, false));
        assert!(!diagnostics_to_stderr(Format::Text, true, true));
    }

    #[test]
    fn only_long_runs_show_progress() {
        let p = |total, total_bytes| Progress {
            done: 0,
            total,
            done_bytes: 0,
            total_bytes,
        };
        assert!(!long_run(p(3, 1000)));
        assert!(!long_run(p(200, 20 << 20)));
        assert!(long_run(p(201, 0)));
        assert!(long_run(p(1, (20 << 20) + 1)));
    }
}
