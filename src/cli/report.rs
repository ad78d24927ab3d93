//! Printing diagnostics in the chosen format, and the exit code they imply: the
//! [`Reporter`] every subcommand builds once, and [`Stop`], how a subcommand ends early.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use super::session::Session;
use super::{Cli, ColorChoice, Format};
use crate::compiler::LoadedConfig;
use crate::config::{CONFIG_FILE, Config};
use crate::diag::{self, Diagnostic, Files, Severity, Tally};
use crate::error::Error;

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

/// Why a subcommand stopped before its end: it has reported the problem already and
/// exits with this code, or it cannot go on ([`Error`], printed by `cli::run`).
#[derive(Debug)]
pub enum Stop {
    Exit(ExitCode),
    Fatal(Error),
}

impl From<Error> for Stop {
    fn from(error: Error) -> Stop {
        Stop::Fatal(error)
    }
}

/// The workspace's spex.yaml alone, for commands that read no documents (`rules`,
/// `config`, `schema`); its errors are reported and stop the command, as everywhere.
pub fn config_alone(cli: &Cli) -> Result<Arc<Config>, Stop> {
    let root = super::workspace::workspace_root(cli, None);
    crate::check_workspace_dir(&root)?;
    // The remote's defaults (`anchors: github`) are part of what applies; a repository
    // that will not open leaves them out rather than stopping a command about spex.yaml.
    let origin = crate::git::GitRepo::open(&root)
        .ok()
        .flatten()
        .and_then(|repo| repo.origin_url());
    let loaded = crate::load_config(&crate::load::FsTree::new(&root))?.with_origin_remote(origin);
    let prefix = super::workspace::display_prefix(&root);
    let reporter = Reporter::new(cli, Format::Human, Stream::Stderr, &prefix, &loaded.config);
    reporter.config_errors(&loaded)?;
    Ok(loaded.config)
}

/// What a subcommand returns: its exit code, or why it stopped early.
pub type Outcome = Result<ExitCode, Stop>;

/// Prints diagnostics for one subcommand. Built once from the global options (`--color`,
/// `--quiet`), the subcommand's format and stream, and the workspace (how to show its
/// paths, its `docs_url` and its rule levels), so every report of a run looks the same.
pub struct Reporter {
    format: Format,
    stream: Stream,
    color: bool,
    quiet: bool,
    /// How to print workspace paths from the current folder.
    prefix: String,
    config: Arc<Config>,
    /// Human output counts notes in one line instead of printing each (without `-v`, or
    /// `check --notes`): on a real repository they bury the errors.
    collapse_notes: bool,
    /// How to see them, in that line.
    notes_hint: &'static str,
}

impl Reporter {
    /// A reporter for the workspace whose paths print with `prefix` and whose spex.yaml
    /// is `config`.
    pub fn new(
        cli: &Cli,
        format: Format,
        stream: Stream,
        prefix: &str,
        config: &Arc<Config>,
    ) -> Self {
        Reporter {
            format,
            stream,
            color: use_color(cli.color, stream),
            quiet: cli.quiet,
            prefix: prefix.to_owned(),
            config: Arc::clone(config),
            collapse_notes: !cli.verbose,
            notes_hint: "`-v` prints them",
        }
    }

    /// Whether human output prints only errors and warnings and sums the notes up in
    /// one line (the default without `-v`); for `check`, which has `--notes`.
    pub fn collapsing_notes(mut self, collapse: bool) -> Self {
        self.collapse_notes = collapse;
        self.notes_hint = "`--notes` or `-v` prints them";
        self
    }

    /// A reporter for the session's workspace.
    pub fn for_session(cli: &Cli, format: Format, stream: Stream, session: &Session) -> Self {
        Reporter::new(cli, format, stream, &session.prefix, &session.config.config)
    }

    /// Reports spex.yaml's problems, if it has any, and stops with exit code 2: every
    /// later step would read a config that is not what the author meant.
    pub fn config_errors(&self, loaded: &LoadedConfig) -> Result<(), Stop> {
        if self.config_problems(loaded) {
            return Err(Stop::Exit(ExitCode::from(2)));
        }
        Ok(())
    }

    /// Reports spex.yaml's problems, if it has any, and says whether it had: for `watch`,
    /// which waits for the next save instead of stopping.
    pub fn config_problems(&self, loaded: &LoadedConfig) -> bool {
        if loaded.diagnostics.is_empty() {
            return false;
        }
        // No rule docs: a spex.yaml with errors may have its `docs_url` wrong too.
        self.print(&loaded.diagnostics, &loaded.files, CONFIG_FILE, None);
        true
    }

    /// Writes the diagnostics and the summary line, which says what `scope` was checked.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic], files: &Files, scope: &str) {
        self.print(diagnostics, files, scope, self.config.docs_url.as_deref());
    }

    /// Gives diagnostics found outside validation the levels spex.yaml sets for their
    /// rules (`rules:`), dropping those it turns off.
    pub fn apply_levels(&self, diagnostics: &mut Vec<Diagnostic>) {
        crate::validate::apply_levels(&self.config, diagnostics);
    }

    /// Writes the diagnostics (and the summary: with them for humans, on stderr for
    /// machine formats, so stdout stays parseable).
    fn print(
        &self,
        diagnostics: &[Diagnostic],
        files: &Files,
        scope: &str,
        docs_url: Option<&str>,
    ) {
        let summary = diag::human::summary(Tally::of(diagnostics), scope);
        let prefix = self.prefix.as_str();
        let out = match self.format {
            Format::Human => {
                let mut out = String::new();
                let shown = diagnostics
                    .iter()
                    .filter(|d| !self.collapse_notes || d.severity != Severity::Note);
                for d in shown {
                    out.push_str(&diag::human::render(d, files, self.color, prefix));
                    out.push_str("\n\n");
                }
                if self.collapse_notes && !self.quiet {
                    out.push_str(&collapsed_notes(diagnostics, self.notes_hint));
                }
                if !self.quiet {
                    out.push_str(&summary);
                    out.push('\n');
                }
                out
            }
            Format::Json => diag::json::render(diagnostics, files, docs_url),
            Format::Github => diag::github::render(diagnostics, files, prefix),
            Format::Sarif => diag::sarif::render(diagnostics, files, prefix, docs_url),
        };
        // A closed pipe (`spex check | head`) is not an error worth reporting.
        let _ = match self.stream {
            Stream::Stdout => std::io::stdout().lock().write_all(out.as_bytes()),
            Stream::Stderr => std::io::stderr().lock().write_all(out.as_bytes()),
        };
        if self.format != Format::Human && !self.quiet {
            eprintln!("{summary}");
        }
    }
}

/// "note: 21 notes not shown (suspect-link: 21) …", or nothing without notes.
fn collapsed_notes(diagnostics: &[Diagnostic], hint: &str) -> String {
    let mut by_rule: std::collections::BTreeMap<&str, usize> = Default::default();
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Note) {
        *by_rule.entry(d.rule.name()).or_default() += 1;
    }
    if by_rule.is_empty() {
        return String::new();
    }
    let total: usize = by_rule.values().sum();
    let rules: Vec<String> = by_rule.iter().map(|(r, n)| format!("{r}: {n}")).collect();
    format!(
        "note: {} not shown ({}); {hint}\n",
        diag::plural(total, "note"),
        rules.join(", ")
    )
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
