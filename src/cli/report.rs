//! Printing diagnostics in the chosen format, and the exit code they imply.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use super::{Cli, ColorChoice, Format};
use crate::diag::{self, Diagnostic, Files, Tally};

/// Whether human output should be coloured.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// Writes the diagnostics to stdout (and the summary to stdout for humans, stderr for
/// machine formats, so stdout stays parseable).
pub fn print(
    cli: &Cli,
    format: Format,
    diagnostics: &[Diagnostic],
    files: &Files,
    prefix: &str,
    documents: usize,
) {
    let tally = Tally::of(diagnostics);
    let summary = diag::human::summary(tally, documents);
    let mut out = String::new();
    match format {
        Format::Human => {
            let color = use_color(cli.color);
            for d in diagnostics {
                out.push_str(&diag::human::render(d, files, color, prefix));
                out.push_str("\n\n");
            }
            if !cli.quiet {
                out.push_str(&summary);
                out.push('\n');
            }
        }
        Format::Json => out = diag::json::render(diagnostics, files),
        Format::Github => out = diag::github::render(diagnostics, files, prefix),
        Format::Sarif => {
            out = diag::sarif::render(diagnostics, files, crate::validate::RULES, prefix)
        }
    }
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`spex check | head`) is not an error worth reporting.
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();
    if format != Format::Human && !cli.quiet {
        eprintln!("{summary}");
    }
}

/// 1 when there are errors (or warnings, with `--deny warnings`), else 0.
pub fn exit_code(diagnostics: &[Diagnostic], deny_warnings: bool) -> ExitCode {
    let tally = Tally::of(diagnostics);
    if tally.errors > 0 || (deny_warnings && tally.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
