//! `spex check`: compile the workspace and report.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::process::ExitCode;
use std::time::Instant;

use super::Cli;
use super::args::{CheckArgs, Deny};
use super::report::{self, Place, Stream};
use super::session::{HistoryUse, Session};
use crate::diag::{Diagnostic, plural};
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

/// What `--changed-since` reports: every diagnostic in the documents changed since the
/// base, and in the others only those at a reference or link the change broke.
struct Focus {
    changed: BTreeSet<String>,
    /// Unchanged document → the spans of its references and links the change broke.
    damaged: BTreeMap<String, Vec<Range<usize>>>,
}

impl Focus {
    fn keeps(&self, d: &Diagnostic) -> bool {
        let file = &d.primary.file;
        self.changed.contains(file)
            || self.damaged.get(file).is_some_and(|spans| {
                spans
                    .iter()
                    .any(|s| s.start < d.primary.range.end && d.primary.range.start < s.end)
            })
    }
}

/// The focus of `--changed-since base`: the documents changed since `base`, plus the
/// references and links elsewhere to an ID, a file or a heading the change removed.
/// `None` means everything (the config changed, so every document may be affected).
fn affected_by_change(session: &Session, ws: &Workspace, base: &str) -> Result<Option<Focus>> {
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

    // The changed files as they were at `base`.
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
    // Headings a changed document lost, by its path and ID today.
    let mut removed_anchors: BTreeSet<(&str, &str)> = BTreeSet::new();
    for was in &old.docs {
        let now = match &was.id {
            Some(id) => ws.by_id(id),
            None => ws.index_of_path(&was.path).map(|i| &*ws.docs[i]),
        };
        let Some(now) = now else { continue };
        for heading in &was.headings {
            if now.heading(&heading.anchor).is_none() {
                removed_anchors.insert((now.path.as_str(), heading.anchor.as_str()));
                if let Some(id) = &now.id {
                    removed_anchors.insert((id.as_str(), heading.anchor.as_str()));
                }
            }
        }
    }
    let anchor_removed = |target: &str, anchor: &Option<String>| {
        anchor
            .as_deref()
            .is_some_and(|a| removed_anchors.contains(&(target, a)))
    };

    let changed: BTreeSet<String> = changed.iter().cloned().collect();
    let mut damaged: BTreeMap<String, Vec<Range<usize>>> = BTreeMap::new();
    for doc in ws.docs.iter().filter(|d| !changed.contains(&d.path)) {
        let refs = doc
            .refs
            .iter()
            .filter(|r| gone.contains(r.target.as_str()) || anchor_removed(&r.target, &r.anchor))
            .map(|r| r.span.clone());
        let links = doc
            .links
            .iter()
            .filter(|l| match &l.target {
                LinkTarget::File { path, anchor } => {
                    removed_files.contains(path) || anchor_removed(path, anchor)
                }
                _ => false,
            })
            .map(|l| l.span.clone());
        let spans: Vec<Range<usize>> = refs.chain(links).collect();
        if !spans.is_empty() {
            damaged.insert(doc.path.clone(), spans);
        }
    }
    Ok(Some(Focus { changed, damaged }))
}
