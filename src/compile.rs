//! The pipeline, start to end: load → parse → resolve → validate.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{CONFIG_FILE, Config, parse_config};
use crate::diag::{Diagnostic, Files};
use crate::error::{Error, Result};
use crate::load::{Filter, SourceTree, is_markdown, read_source};
use crate::model::{History, LinkTarget, Workspace};
use crate::parse::{ParsedDoc, parse_doc};
use crate::resolve::{resolve, resolve_link};
use crate::validate::{apply_levels, validate};

/// A workspace's configuration as read from disk.
pub struct LoadedConfig {
    pub config: Arc<Config>,
    /// Problems in spex.yaml; any of them stops the command with exit code 2.
    pub diagnostics: Vec<Diagnostic>,
    /// spex.yaml's text, so its diagnostics can show source lines.
    pub files: Files,
}

/// Reads `spex.yaml` from the tree (the work tree or a revision), if there is one.
pub fn load_config(tree: &dyn SourceTree) -> Result<LoadedConfig> {
    let mut files = Files::default();
    if !tree.exists(CONFIG_FILE) {
        return Ok(LoadedConfig {
            config: Arc::new(Config::builtin()),
            diagnostics: Vec::new(),
            files,
        });
    }
    let bytes = tree.read(CONFIG_FILE).map_err(|source| Error::Read {
        path: CONFIG_FILE.into(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (config, mut diagnostics) = parse_config(&text, CONFIG_FILE);
    apply_levels(&config, &mut diagnostics);
    files.insert(CONFIG_FILE, text.into());
    Ok(LoadedConfig {
        config: Arc::new(config),
        diagnostics,
        files,
    })
}

/// Checks that a workspace folder exists before anything reads it.
pub fn check_workspace_dir(root: &Path) -> Result<()> {
    if !root.exists() {
        return Err(Error::NoWorkspace(root.to_path_buf()));
    }
    if !root.is_dir() {
        return Err(Error::NotADirectory(root.to_path_buf()));
    }
    Ok(())
}

/// The result of compiling a workspace.
pub struct Compilation {
    pub workspace: Workspace,
    /// Sorted, with the workspace's rule levels applied.
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of every file a diagnostic may point into.
    pub files: Files,
}

/// Link targets that the workspace walk skipped (hidden or excluded folders) but that do
/// exist, so links to them are not reported as broken.
fn linked_files_outside_listing(
    tree: &dyn SourceTree,
    docs: &[ParsedDoc],
    listed: &BTreeSet<String>,
) -> Vec<String> {
    let mut found: BTreeSet<String> = BTreeSet::new();
    for doc in docs {
        for link in &doc.outline.links {
            if let LinkTarget::File { path, .. } = resolve_link(&doc.path, &link.dest) {
                let is_listed = listed.contains(&path)
                    || listed
                        .range(format!("{path}/")..)
                        .next()
                        .is_some_and(|f| f.starts_with(&format!("{path}/")));
                if !is_listed && !found.contains(&path) && !path.is_empty() && tree.exists(&path) {
                    found.insert(path);
                }
            }
        }
    }
    found.into_iter().collect()
}

/// Compiles every document of `tree`. `history` (from git) feeds the rules that need it
/// and every renderer.
pub fn compile(
    tree: &dyn SourceTree,
    config: &Arc<Config>,
    mut files: Files,
    history: Option<Arc<History>>,
) -> Compilation {
    let mut diagnostics = Vec::new();
    let listed = tree.list(&Filter::new(config), &mut diagnostics);
    let parsed: Vec<Result<ParsedDoc, Box<Diagnostic>>> = listed
        .par_iter()
        .filter(|p| is_markdown(p))
        .map(|path| read_source(tree, path).map(|source| parse_doc(&source)))
        .collect();
    let mut docs = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(doc) => {
                files.insert(doc.path.clone(), doc.text.clone());
                docs.push(doc);
            }
            Err(skipped) => diagnostics.push(*skipped),
        }
    }
    let mut all_files: BTreeSet<String> = listed.into_iter().collect();
    all_files.extend(linked_files_outside_listing(tree, &docs, &all_files));
    let (mut workspace, resolve_diagnostics) = resolve(config, docs, all_files);
    workspace.history = history;
    diagnostics.extend(resolve_diagnostics);
    diagnostics.extend(validate(&workspace));
    apply_levels(config, &mut diagnostics);
    Compilation {
        workspace,
        diagnostics,
        files,
    }
}
