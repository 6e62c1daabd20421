//! The `claimcheck` command line: arguments → options (with `claimcheck.yaml` defaults) →
//! the library → rendered report on stdout, run diagnostics on stderr → exit code.
//!
//! Exit codes: 0 no contradiction at or above `--fail-on`; 1 contradictions found; 2 usage,
//! input or rule errors. This file holds no logic the library could use.

use clap::{Parser, Subcommand, ValueEnum};
use claimcheck::check::{CheckOptions, Checked, check};
use claimcheck::config::{Config, find_config};
use claimcheck::report::text::{TextOptions, render_diagnostics, render_text};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(name = "claimcheck", version, about = "Find the statements that cannot all be true")]
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
    }
}

fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn run_check(args: CheckArgs, config: Config) -> ExitCode {
    let mut options = CheckOptions {
        paths: if args.paths.is_empty() { config.documents.clone() } else { args.paths.clone() },
        rules: config.rules.iter().cloned().chain(args.rules.rules.clone()).collect(),
        default_rules: !args.rules.no_default_rules && config.default_rules.unwrap_or(true),
        explain: args.explain,
        ..CheckOptions::default()
    };
    if options.paths.is_empty() {
        eprintln!("error: nothing to check: name documents, rule files or folders (or list `documents` in claimcheck.yaml)");
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
    let format = args.format.or(config.format.as_deref().and_then(|f| Format::from_str(f, true).ok())).unwrap_or(Format::Text);
    let fail_on = args.fail_on.or(config.fail_on.as_deref().and_then(|f| FailOn::from_str(f, true).ok())).unwrap_or(FailOn::Error);

    let checked = check(&options);
    let out = match format {
        Format::Text => render_text(&checked.report, &checked.sources, &checked.diagnostics, TextOptions { color: color(), ..TextOptions::default() }),
        Format::Json => checked.report.to_json(),
        Format::Yaml => checked.report.to_yaml(),
    };
    if format != Format::Text {
        // Machine output on stdout; the run's problems also go to stderr for people.
        print_run_diagnostics(&checked);
    }
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(out.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    exit_code(&checked, fail_on)
}

fn print_run_diagnostics(checked: &Checked) {
    let mut stderr = std::io::stderr().lock();
    for e in &checked.report.errors {
        let _ = writeln!(stderr, "{}: {}:{}:{}: {} [{}]", level_word(e.level), e.file, e.line, e.column, e.message, e.code);
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
    if failing { ExitCode::from(1) } else { ExitCode::SUCCESS }
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
        let _ = writeln!(stdout, "ok: {n} rule file{} valid", if n == 1 { "" } else { "s" });
    } else {
        let text = render_diagnostics(&checked.sources, &checked.diagnostics, TextOptions { color: color(), ..TextOptions::default() });
        let _ = stdout.write_all(text.as_bytes());
    }
    if args.plan
        && let Some(plan) = &checked.plan
    {
        let _ = writeln!(stdout, "{plan}");
    }
    if checked.has_errors() { ExitCode::from(2) } else { ExitCode::SUCCESS }
}
