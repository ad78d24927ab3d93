//! `spex init [DIR]`: a working workspace in one command, from the starters embedded
//! under `templates/init/`, plus a `.gitignore` entry for the site folder.
//!
//! It never overwrites: a starter whose path already holds different bytes stops the
//! command before anything is written, and the list of them is printed. A starter already
//! there byte for byte is left alone, so running `init` twice changes nothing.

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Cli;
use super::args::InitArgs;
use super::create_file::create_new;
use crate::config::Config;
use crate::embedded::{INIT_STARTERS, is_starter_config};
use crate::error::{Error, Result};
use crate::load::FsTree;

const GITIGNORE: &str = ".gitignore";

/// What `init` does with one file.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    /// Write it (it does not exist yet).
    Create(String),
    /// Append to it (`.gitignore` without the output folder).
    Append(String),
    /// Already there as it would be written.
    Keep,
    /// Something else is there: `init` refuses.
    Conflict,
}

pub fn run(cli: &Cli, args: &InitArgs) -> Result<ExitCode> {
    let root = args
        .dir
        .clone()
        .or_else(|| cli.workspace.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    if root.exists() && !root.is_dir() {
        return Err(Error::NotADirectory(root));
    }
    // Starter documents in a folder that has specs of its own would clash with their IDs.
    let has_specs = has_specs(&root)?;
    let config_only = args.bare || has_specs;
    let owner = owner_name(&root);
    let mut plan: Vec<(String, Step)> = INIT_STARTERS
        .files
        .iter()
        .filter(|(name, _)| !config_only || is_starter_config(name))
        .map(|(name, text)| {
            let text = with_owner(text, owner.as_deref());
            (name.to_string(), starter_step(&root.join(name), &text))
        })
        .collect();
    plan.push((GITIGNORE.into(), gitignore_step(&root)?));

    if refuse_conflicts(&root, &plan) {
        return Ok(ExitCode::from(2));
    }
    let mut out = carry_out(&root, &plan)?;
    // Said only when a starter document is missing: a second `init` has nothing to say.
    let skipped_starters = INIT_STARTERS
        .files
        .iter()
        .filter(|(name, _)| !is_starter_config(name))
        .any(|(name, text)| {
            starter_step(&root.join(name), &with_owner(text, owner.as_deref())) != Step::Keep
        });
    if has_specs && !args.bare && skipped_starters {
        out.push_str("the folder has documents already, so no starter documents were added\n");
    }
    if out.is_empty() {
        out.push_str(&format!(
            "nothing to do: `{}` already holds every starter\n",
            root.display()
        ));
    }
    if !cli.quiet {
        let dir = if args.dir.is_some() || cli.workspace.is_some() {
            format!(" -C {}", root.display())
        } else {
            String::new()
        };
        out.push_str(&format!(
            "next: `spex{dir} check`, `spex{dir} new prd \"Title\"`, `spex{dir} build`\n"
        ));
    }
    // A closed pipe is not an error worth reporting.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// Lists the files that exist with other content than the starters' and says that init
/// refuses; whether there were any.
fn refuse_conflicts(root: &Path, plan: &[(String, Step)]) -> bool {
    let conflicts: Vec<&str> = plan
        .iter()
        .filter(|(_, step)| *step == Step::Conflict)
        .map(|(name, _)| name.as_str())
        .collect();
    if conflicts.is_empty() {
        return false;
    }
    eprintln!(
        "error: not initialising `{}`: these files exist and differ from the starters, and init never overwrites:",
        root.display()
    );
    for name in conflicts {
        eprintln!("  {name}");
    }
    eprintln!("  = help: move them aside, or run `spex init` in an empty folder (`spex init DIR`)");
    true
}

/// Writes what the plan says, returning one line per file written.
fn carry_out(root: &Path, plan: &[(String, Step)]) -> Result<String> {
    let mut out = String::new();
    for (name, step) in plan {
        let path = root.join(name);
        match step {
            Step::Create(text) => {
                create_new(&path, text)?;
                out.push_str(&format!("created {name}\n"));
            }
            Step::Append(line) => {
                append(&path, line)?;
                out.push_str(&format!("updated {name}\n"));
            }
            Step::Keep | Step::Conflict => {}
        }
    }
    Ok(out)
}

/// Whether `root` already holds documents of some kind (a missing folder holds none).
fn has_specs(root: &Path) -> Result<bool> {
    if !root.is_dir() {
        return Ok(false);
    }
    let tree = FsTree::new(root);
    let loaded = crate::load_config(&tree)?;
    let compilation = crate::Compiler::with_config(&tree, &loaded).compile();
    Ok(compilation.workspace.specs().next().is_some())
}

/// Who the starters name as owner: `user.name` from git, as `spex new` writes it (the
/// folder's repository first, if it is in one), so a new workspace has no owner page for
/// "Your Name".
fn owner_name(root: &Path) -> Option<String> {
    match crate::git::GitRepo::open(root) {
        Ok(Some(repo)) => repo.user_name(),
        _ => crate::git::global_user_name(),
    }
}

/// A starter's text with the placeholder owner replaced by `owner`, when there is one.
fn with_owner(text: &str, owner: Option<&str>) -> String {
    match owner {
        Some(name) => text.replace(
            "owner: Your Name",
            &format!("owner: {}", crate::author::yaml_string(name)),
        ),
        None => text.to_owned(),
    }
}

fn starter_step(path: &Path, text: &str) -> Step {
    match fs::read(path) {
        Ok(bytes) if bytes == text.as_bytes() => Step::Keep,
        // A dangling symbolic link is something there too.
        Err(e) if e.kind() == ErrorKind::NotFound && path.symlink_metadata().is_err() => {
            Step::Create(text.to_owned())
        }
        // Other bytes, a folder, or an unreadable file where a starter goes: not ours.
        _ => Step::Conflict,
    }
}

/// `.gitignore` gets the site folder unless it already ignores it.
fn gitignore_step(root: &Path) -> Result<Step> {
    let output = Config::builtin().output;
    let line = format!("/{output}/");
    let path = root.join(GITIGNORE);
    if !path.exists() {
        return Ok(Step::Create(format!("# spex build output\n{line}\n")));
    }
    if path.is_dir() {
        return Ok(Step::Conflict);
    }
    let text = fs::read_to_string(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let ignored = text
        .lines()
        .map(|l| l.trim().trim_start_matches('/').trim_end_matches('/'))
        .any(|l| l == output);
    if ignored {
        return Ok(Step::Keep);
    }
    let separator = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    Ok(Step::Append(format!(
        "{separator}# spex build output\n{line}\n"
    )))
}

fn append(path: &Path, text: &str) -> Result<()> {
    let written = fs::OpenOptions::new()
        .append(true)
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()));
    written.map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}
