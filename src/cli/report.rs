//! Printing diagnostics in the chosen format, and the exit code they imply.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use super::{Cli, ColorChoice, Format};
use crate::diag::{self, Diagnostic, Files, Tally};

/// Whether human output should be coloured.
pub fn use_color(choice: ColorChoice, stream: Stream) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let terminal = match stream {
                Stream::Stdout => std::io::stdout().is_terminal(),
                Stream::Stderr => std::io::stderr().is_terminal(),
            };
            terminal && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// Where diagnostics go: `check` reports on stdout (its output is the report); commands
/// that produce something else (`build`) report on stderr, as cargo does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Writes the diagnostics (and the summary: with them for humans, on stderr for machine
/// formats, so stdout stays parseable).
pub fn print(
    cli: &Cli,
    format: Format,
    stream: Stream,
    diagnostics: &[Diagnostic],
    files: &Files,
    prefix: &str,
    scope: &str,
) {
    let place = Place {
        prefix,
        scope,
        docs_url: None,
    };
    print_at(cli, format, stream, diagnostics, files, place);
}

/// Where a report is about: the workspace's path prefix, what was checked (for the
/// summary line), and where the rule docs live (`docs_url` in spex.yaml).
pub struct Place<'a> {
    pub prefix: &'a str,
    pub scope: &'a str,
    pub docs_url: Option<&'a str>,
}

/// [`print`], with machine formats pointing at the rule docs when there are any.
pub fn print_at(
    cli: &Cli,
    format: Format,
    stream: Stream,
    diagnostics: &[Diagnostic],
    files: &Files,
    place: Place,
) {
    let Place {
        prefix,
        scope,
        docs_url,
    } = place;
    let tally = Tally::of(diagnostics);
    let summary = diag::human::summary(tally, scope);
    let mut out = String::new();
    match format {
        Format::Human => {
            let color = use_color(cli.color, stream);
            for d in diagnostics {
                out.push_str(&diag::human::render(d, files, color, prefix));
                out.push_str("\n\n");
            }
            if !cli.quiet {
                out.push_str(&summary);
                out.push('\n');
            }
        }
        Format::Json => out = diag::json::render(diagnostics, files, docs_url),
        Format::Github => out = diag::github::render(diagnostics, files, prefix),
        Format::Sarif => out = diag::sarif::render(diagnostics, files, prefix, docs_url),
    }
    // A closed pipe (`spex check | head`) is not an error worth reporting.
    let _ = match stream {
        Stream::Stdout => std::io::stdout().lock().write_all(out.as_bytes()),
        Stream::Stderr => std::io::stderr().lock().write_all(out.as_bytes()),
    };
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
