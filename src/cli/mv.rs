//! `spex mv OLD-ID NEW-ID` and `spex mv PATH NEWPATH`: renames an ID or moves a document
//! across the whole workspace, planned by `crate::author`'s rename engine and written all
//! or nothing. `--dry-run` prints a unified diff instead; confidential documents' diffs
//! only with `--include-confidential`, else their number.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use similar::TextDiff;

use super::Cli;
use super::Format;
use super::args::MvArgs;
use super::mv_write::write_all;
use super::report::{Outcome, Reporter, Stream};
use super::session::Session;
use crate::audience::{Hidden, Policy, Visibility};
use crate::author::{FileChange, RenameError, RenamePlan, plan_id_rename, plan_move};
use crate::diag::suggested_id;
use crate::model::Workspace;

pub fn run(cli: &Cli, args: &MvArgs) -> Outcome {
    let session = Session::open(cli, None, None)?;
    let reporter = Reporter::for_session(cli, Format::Human, Stream::Stderr, &session);
    reporter.config_errors(&session.config)?;
    let mut compiler = crate::Compiler::with_config(session.tree.as_ref(), &session.config);
    let compilation = compiler.compile();
    let ws = &compilation.workspace;

    let is_path = |s: &str| s.ends_with(".md") || s.contains('/');
    let planned = if is_path(&args.old) {
        let old = workspace_path(&session.root, &args.old);
        let new = workspace_path(&session.root, &args.new);
        plan_move(ws, &old, &new)
    } else {
        plan_id_rename(ws, &args.old, &args.new)
    };
    let plan = match planned {
        Ok(plan) => plan,
        Err(e) => return Ok(refuse(ws, &session, &e)),
    };
    for change in plan.changes.iter().filter(|c| c.new_path != c.path) {
        if session
            .root
            .join(&change.new_path)
            .symlink_metadata()
            .is_ok()
        {
            let e = RenameError::PathExists(change.new_path.clone());
            return Ok(refuse(ws, &session, &e));
        }
    }

    let (new, files) = compiler.problems_after(&plan, &compilation.diagnostics);
    if !new.is_empty() {
        reporter.diagnostics(&new, &files, "the workspace after the rename");
        eprintln!("error: after this rename `spex check` would report the problems above");
        eprintln!("nothing was changed");
        return Ok(ExitCode::from(2));
    }

    if args.dry_run {
        let visibility = Visibility {
            include_confidential: args.include_confidential,
        };
        print!("{}", dry_run(ws, &plan, &visibility, &session.prefix));
        return Ok(ExitCode::SUCCESS);
    }
    write_all(&session.root, &plan.changes)?;
    for change in plan.changes.iter().filter(|c| c.new_path != c.path) {
        eprintln!(
            "moved {}{} → {}{}",
            session.prefix, change.path, session.prefix, change.new_path
        );
    }
    let files = if plan.changes.len() == 1 {
        "file"
    } else {
        "files"
    };
    eprintln!("changed {} {files}", plan.changes.len());
    Ok(ExitCode::SUCCESS)
}

/// Says why nothing was changed; exit code 2.
fn refuse(ws: &Workspace, session: &Session, e: &RenameError) -> ExitCode {
    let shown = |p: &str| format!("{}{p}", session.prefix);
    match e {
        RenameError::PathExists(p) => eprintln!("error: `{}` exists", shown(p)),
        RenameError::UnknownPath(p) => {
            eprintln!("error: `{}` is not a document in this workspace", shown(p));
        }
        other => eprintln!("error: {other}"),
    }
    if let RenameError::UnknownId(id) = e
        && let Some(near) = suggested_id(id, ws.ids())
    {
        // As `spex check` suggests IDs: `PRD-022` is no typo of `PRD-002`.
        eprintln!("  = help: did you mean `{near}`?");
    }
    eprintln!("nothing was changed");
    ExitCode::from(2)
}

/// `arg`, a path from the current folder, as a workspace-relative path; taken as
/// workspace-relative already when it is not inside the workspace from here (with `-C`).
fn workspace_path(root: &Path, arg: &str) -> String {
    let from_here = std::env::current_dir()
        .and_then(|cwd| cwd.canonicalize())
        .ok()
        .map(|cwd| normalize(&cwd.join(arg)))
        .and_then(|abs| abs.strip_prefix(root).ok().map(Path::to_path_buf));
    let relative = from_here.unwrap_or_else(|| PathBuf::from(arg));
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// `path` with `.` and `..` worked out without asking the file system (the new path does
/// not exist yet).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The plan as a unified diff, git style (`rename from`/`rename to` for a moved file).
/// A file is shown only when the policy shows its document and the diff neither names a
/// hidden document nor touches a hidden section; the rest are counted.
fn dry_run(ws: &Workspace, plan: &RenamePlan, visibility: &Visibility, prefix: &str) -> String {
    let hidden = Hidden::of_workspace(ws, visibility);
    let mut out = String::new();
    let mut withheld = 0;
    for change in &plan.changes {
        let doc = &ws.docs[change.doc];
        let diff = file_diff(change, prefix);
        let touches_hidden = touches(change, &visibility.hidden_ranges(doc));
        if !visibility.shows(doc) || touches_hidden || hidden.named_in(&diff) {
            withheld += 1;
        } else {
            out.push_str(&diff);
        }
    }
    if withheld > 0 {
        let files = if withheld == 1 { "file" } else { "files" };
        let and = if out.is_empty() { "" } else { "and " };
        let _ = writeln!(out, "{and}{withheld} confidential {files}");
    }
    out
}

fn file_diff(change: &FileChange, prefix: &str) -> String {
    let (a, b) = (
        format!("{prefix}{}", change.path),
        format!("{prefix}{}", change.new_path),
    );
    let mut out = format!("diff --git a/{a} b/{b}\n");
    if a != b {
        let _ = writeln!(out, "rename from {a}\nrename to {b}");
    }
    if *change.before != *change.after {
        let diff = TextDiff::from_lines(&*change.before, change.after.as_str());
        let unified = diff
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{a}"), &format!("b/{b}"))
            .to_string();
        out.push_str(&unified);
    }
    out
}

/// Whether any line the diff of `change` shows (changed or context) is in one of the
/// `hidden` byte ranges of its old text.
fn touches(change: &FileChange, hidden: &[Range<usize>]) -> bool {
    if hidden.is_empty() {
        return false;
    }
    let line_of = |offset: usize| {
        change.before[..offset.min(change.before.len())]
            .matches('\n')
            .count()
    };
    let hidden_lines: Vec<Range<usize>> = hidden
        .iter()
        .map(|r| line_of(r.start)..line_of(r.end) + 1)
        .collect();
    let diff = TextDiff::from_lines(&*change.before, change.after.as_str());
    diff.unified_diff()
        .context_radius(3)
        .iter_hunks()
        .any(|hunk| {
            let ops = hunk.ops();
            let (Some(first), Some(last)) = (ops.first(), ops.last()) else {
                return false;
            };
            let shown =
                first.old_range().start..last.old_range().end.max(first.old_range().start + 1);
            hidden_lines
                .iter()
                .any(|h| h.start < shown.end && shown.start < h.end)
        })
}
