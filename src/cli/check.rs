//! `spex check`: compile the workspace and report.

use std::time::Instant;

use super::Cli;
use super::args::{CheckArgs, Deny};
use super::report::{self, Outcome, Reporter, Stream};
use super::session::{HistoryUse, Session};
use crate::diag::plural;
use crate::diff::impact::{Impact, impact_since};
use crate::error::{Error, Result};
use crate::markup::templates::{BUILTIN, Templates};
use crate::model::Workspace;

pub fn run(cli: &Cli, args: &CheckArgs) -> Outcome {
    let started = Instant::now();
    let session = Session::open(cli, args.path.as_deref(), args.rev.as_deref())?;
    let reporter = Reporter::for_session(cli, args.format, Stream::Stdout, &session)
        .collapsing_notes(!args.notes && !cli.verbose);
    reporter.config_errors(&session.config)?;
    let mut compilation = session.compile_for(HistoryUse::Rules)?;
    if session.rev.is_none() {
        check_templates(&session, &mut compilation);
    }
    if let Some(base) = &args.changed_since
        && let Some(focus) = affected_by_change(&session, &compilation.workspace, base)?
    {
        compilation.diagnostics.retain(|d| focus.keeps(d));
    }
    if cli.verbose {
        eprintln!(
            "checked {} in {:.0?}",
            plural(compilation.workspace.len(), "document"),
            started.elapsed()
        );
    }
    reporter.diagnostics(
        &compilation.diagnostics,
        &compilation.files,
        &plural(compilation.workspace.len(), "document"),
    );
    Ok(report::exit_code(
        &compilation.diagnostics,
        args.deny == Some(Deny::Warnings),
    ))
}

/// A broken template override fails the build later; `check` reports it now, so pull
/// requests catch it too.
fn check_templates(session: &Session, compilation: &mut crate::Compilation) {
    let (templates, mut diagnostics) = Templates::load(Some(session.template_root()), BUILTIN);
    crate::validate::apply_levels(&session.config.config, &mut diagnostics);
    compilation.diagnostics.extend(diagnostics);
    compilation.files.extend(templates.files);
}

/// What `--changed-since base` reports (see [`impact_since`]); `None` means everything.
fn affected_by_change(session: &Session, ws: &Workspace, base: &str) -> Result<Option<Impact>> {
    let Some(repo) = &session.repo else {
        return Err(Error::Usage(
            "--changed-since needs a git repository".into(),
        ));
    };
    if session.rev.is_some() {
        return Err(Error::Usage(
            "--changed-since compares with the work tree; it cannot be combined with --rev".into(),
        ));
    }
    impact_since(repo, &session.config.config, ws, base)
}
