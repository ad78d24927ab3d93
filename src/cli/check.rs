//! `spex check`: compile the workspace and report.

use std::collections::BTreeSet;
use std::process::ExitCode;
use std::time::Instant;

use super::Cli;
use super::args::{CheckArgs, Deny};
use super::report::{self, Stream};
use super::session::Session;
use crate::diag::plural;
use crate::error::{Error, Result};
use crate::git::GitTree;
use crate::load::{is_markdown, read_source};
use crate::model::{LinkTarget, Workspace};
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
    if let Some(base) = &args.changed_since {
        let keep = affected_by_change(&session, &compilation.workspace, base)?;
        if let Some(keep) = keep {
            compilation
                .diagnostics
                .retain(|d| keep.contains(&d.primary.file));
        }
    }
    if cli.verbose {
        eprintln!(
            "checked {} documents in {:.0?}",
            compilation.workspace.len(),
            started.elapsed()
        );
    }
    report::print(
        cli,
        args.format,
        Stream::Stdout,
        &compilation.diagnostics,
        &compilation.files,
        &session.prefix,
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

/// The documents whose diagnostics `--changed-since` reports: the ones changed since
/// `base`, plus unchanged ones that refer to an ID or link to a file the change removed.
/// `None` means everything (the config changed, so every document may be affected).
fn affected_by_change(
    session: &Session,
    ws: &Workspace,
    base: &str,
) -> Result<Option<BTreeSet<String>>> {
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
    let changed = repo.changed_since(base)?;
    if changed.iter().any(|p| p == crate::config::CONFIG_FILE) {
        return Ok(None);
    }
    let mut keep: BTreeSet<String> = changed.iter().cloned().collect();

    // IDs the changed files had at `base` that no document has now.
    let before = GitTree::at(repo, base)?;
    let old_docs: Vec<_> = changed
        .iter()
        .filter(|p| is_markdown(p))
        .filter_map(|p| read_source(&before, p).ok())
        .map(|s| crate::parse::parse_doc(&s))
        .collect();
    let (old, _) = crate::resolve::resolve(&session.config.config, old_docs, BTreeSet::new());
    let gone: BTreeSet<&str> = old
        .docs
        .iter()
        .filter_map(|d| d.id.as_deref())
        .filter(|id| ws.by_id(id).is_none())
        .collect();
    let removed_files: BTreeSet<&String> =
        changed.iter().filter(|p| !ws.files.contains(*p)).collect();

    for doc in &ws.docs {
        let refers_to_gone = doc.refs.iter().any(|r| gone.contains(r.target.as_str()));
        let links_to_removed = doc.links.iter().any(
            |l| matches!(&l.target, LinkTarget::File { path, .. } if removed_files.contains(path)),
        );
        if refers_to_gone || links_to_removed {
            keep.insert(doc.path.clone());
        }
    }
    Ok(Some(keep))
}
