//! `claimcheck test --review`: case by case, show what changed in a snapshot and ask whether
//! to accept it. Input and output are parameters (the command line passes the terminal;
//! tests pass text), so this module never checks for a terminal itself, and it writes only
//! the snapshots the user accepts.

use super::render::render_case;
use super::{Run, accept_snapshot};
use std::io::{BufRead, Write};

/// What the user decided.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewOutcome {
    /// Snapshots accepted and written.
    pub accepted: usize,
    /// Snapshots left as they were.
    pub rejected: usize,
    /// Snapshots not reached (after `q`).
    pub skipped: usize,
    /// Snapshots that could not be written, in words.
    pub errors: Vec<String>,
}

/// Asks about every case whose snapshot is missing or changed, in run order: `y` accepts,
/// `n` rejects, `a` accepts this and all the rest, `q` stops (end of input stops too).
pub fn review(
    run: &mut Run,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    color: bool,
) -> std::io::Result<ReviewOutcome> {
    let mut outcome = ReviewOutcome::default();
    let mut all = false;
    let mut stop = false;
    let baseline = run.baseline.is_some();
    let pending: usize = run
        .cases()
        .filter(|c| c.failures.iter().any(super::Failure::is_snapshot))
        .count();
    let mut index = 0;
    for suite in &mut run.suites {
        for case in &mut suite.cases {
            if !case.failures.iter().any(super::Failure::is_snapshot) {
                continue;
            }
            index += 1;
            if stop {
                outcome.skipped += 1;
                continue;
            }
            let accept = if all {
                true
            } else {
                writeln!(output, "\n[{index}/{pending}]")?;
                output.write_all(render_case(case, baseline, color).as_bytes())?;
                loop {
                    write!(
                        output,
                        "accept the new snapshot of {}? [y]es, [n]o, [a]ll, [q]uit: ",
                        case.name
                    )?;
                    output.flush()?;
                    let mut line = String::new();
                    if input.read_line(&mut line)? == 0 {
                        writeln!(output)?;
                        stop = true;
                        break false;
                    }
                    match line.trim().to_lowercase().as_str() {
                        "y" | "yes" => break true,
                        "n" | "no" => break false,
                        "a" | "all" => {
                            all = true;
                            break true;
                        }
                        "q" | "quit" => {
                            stop = true;
                            break false;
                        }
                        _ => writeln!(output, "please answer y, n, a or q")?,
                    }
                }
            };
            if stop && !accept {
                outcome.skipped += 1;
                continue;
            }
            if accept {
                match accept_snapshot(case) {
                    Ok(()) => {
                        outcome.accepted += 1;
                        writeln!(output, "wrote `{}`", case.snapshot_path())?;
                    }
                    Err(e) => {
                        writeln!(output, "error: {e}")?;
                        outcome.errors.push(e);
                    }
                }
            } else {
                outcome.rejected += 1;
            }
        }
    }
    writeln!(
        output,
        "review: {} accepted, {} rejected, {} not reviewed",
        outcome.accepted, outcome.rejected, outcome.skipped
    )?;
    Ok(outcome)
}
