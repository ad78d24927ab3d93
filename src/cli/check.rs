//! `spex check`: compile the workspace and report.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::Cli;
use super::args::{CheckArgs, Deny};
use super::report::{self, Outcome, Reporter, Stream};
use super::session::{HistoryUse, Session};
use crate::config::find_workspace_root;
use crate::diag::Diagnostic;
use crate::diag::plural;
use crate::diff::impact::Impact;
use crate::error::{Error, Result};
use crate::git::GitTree;
use crate::markup::templates::{BUILTIN, Templates};
use crate::{Compilation, Compiler};

pub fn run(cli: &Cli, args: &CheckArgs) -> Outcome {
    let started = Instant::now();
    let file = one_file(args.path.as_deref());
    let path = match &file {
        Some((root, _)) => Some(root.as_path()),
        None => args.path.as_deref(),
    };
    let session = Session::open(cli, path, args.rev.as_deref())?;
    let reporter = Reporter::for_session(cli, args.format, Stream::Stdout, &session)
        .collapsing_notes(!args.notes && !cli.verbose);
    reporter.config_errors(&session.config)?;
    let mut compilation = session.compile_for(HistoryUse::Rules)?;
    let templates = match session.rev {
        None => check_templates(&session, &mut compilation),
        Some(_) => Vec::new(),
    };
    if let Some(base) = &args.changed_since
        && let Some(focus) = affected_by_change(&session, &compilation, &templates, base)?
    {
        compilation.diagnostics.retain(|d| focus.keeps(d));
    }
    let mut scope = plural(compilation.workspace.len(), "document");
    if let Some((root, rel)) = &file {
        compilation.diagnostics.retain(|d| d.primary.file == *rel);
        if compilation.workspace.index_of_path(rel).is_none() && compilation.diagnostics.is_empty()
        {
            return Err(Error::Usage(format!(
                "`{rel}` is not a document of the workspace at `{}` (no kind's paths take it, or it is skipped)",
                root.display()
            ))
            .into());
        }
        scope = format!("`{rel}`");
    }
    if cli.verbose {
        eprintln!("checked {scope} in {:.0?}", started.elapsed());
    }
    reporter.diagnostics(&compilation.diagnostics, &compilation.files, &scope);
    let code = report::exit_code(&compilation.diagnostics, args.deny == Some(Deny::Warnings));
    // The process ends here: freeing every document one by one would cost more than the
    // report (at 10,000 documents, ~4 % of the whole check), and the kernel frees it all.
    std::mem::forget(compilation);
    Ok(code)
}

/// `spex check FILE`: the workspace the file is in (the nearest folder upward with a
/// spex.yaml) and the file's workspace-relative path, whose diagnostics alone are
/// reported. The whole workspace is still compiled: a file's references and duplicate
/// IDs are only known against the rest.
fn one_file(path: Option<&Path>) -> Option<(PathBuf, String)> {
    let path = path.filter(|p| p.is_file())?;
    let absolute = std::path::absolute(path).ok()?;
    let root = find_workspace_root(absolute.parent()?);
    let rel = absolute.strip_prefix(&root).ok()?;
    Some((root.clone(), rel.to_string_lossy().replace('\\', "/")))
}

/// A broken template override fails the build later; `check` reports it now, so pull
/// requests catch it too. Returns the template diagnostics it added.
fn check_templates(session: &Session, compilation: &mut Compilation) -> Vec<Diagnostic> {
    let (templates, mut diagnostics) = Templates::load(Some(session.template_root()), BUILTIN);
    crate::validate::apply_levels(&session.config.config, &mut diagnostics);
    compilation.diagnostics.extend(diagnostics.iter().cloned());
    compilation.files.extend(templates.files);
    diagnostics
}

/// What `--changed-since base` reports (see [`Impact`]); `None` means everything. The
/// base is compiled whole, with the same configuration and history, so a warning the
/// change causes in a document it did not touch is told apart from one that was there.
/// Templates are read from the work tree either way, so theirs count as the base's too.
fn affected_by_change(
    session: &Session,
    head: &Compilation,
    templates: &[Diagnostic],
    base: &str,
) -> Result<Option<Impact>> {
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
    let tree = GitTree::at(repo, base)?;
    super::session::warn_incomplete_base(&tree, base);
    let config = session.config_for(&tree, base)?;
    let mut compiler = Compiler::with_config(&tree, &config);
    compiler.set_history(head.workspace.history.clone());
    let mut before = compiler.compile().diagnostics;
    before.extend(templates.iter().cloned());
    Ok(Impact::new(changed, &before))
}
