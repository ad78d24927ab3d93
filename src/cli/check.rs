//! `spex check`: compile the workspace and report.

use std::process::ExitCode;
use std::time::Instant;

use super::Cli;
use super::args::{CheckArgs, Deny};
use super::report::{self, Place, Stream};
use super::session::Session;
use crate::diag::plural;
use crate::diff::impact::{Impact, impact_since};
use crate::error::{Error, Result};
use crate::model::Workspace;
use crate::render::templates::{BUILTIN, Templates};

pub fn run(cli: &Cli, args: &CheckArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let session = Session::open(cli, args.path.as_deref(), args.rev.as_deref())?;
    let loaded = &session.config;
    if !loaded.diagnostics.is_empty() {
        report::print(
            cli,
            args.format,
            Stream::Stdout,
            &loaded.diagnostics,
            &loaded.files,
            &session.prefix,
            crate::config::CONFIG_FILE,
        );
        return Ok(ExitCode::from(2));
    }
    let mut compilation = session.compile()?;
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
    let place = Place {
        prefix: &session.prefix,
        scope: &plural(compilation.workspace.len(), "document"),
        docs_url: loaded.config.docs_url.as_deref(),
    };
    report::print_at(
        cli,
        args.format,
        Stream::Stdout,
        &compilation.diagnostics,
        &compilation.files,
        place,
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
