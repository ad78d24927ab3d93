//! The pipeline, start to end: load → parse → resolve → validate.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{CONFIG_FILE, Config, parse_config};
use crate::diag::{Diagnostic, Files};
use crate::error::{Error, Result};
use crate::load::{Filter, SourceTree, is_markdown, read_source};
use crate::model::{Document, History, LinkTarget, Workspace};
use crate::parse::parse_doc;
use crate::resolve::{assemble, linked_files, resolve_document};
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

/// A resolved document with its own diagnostics (from reading, parsing, resolving).
pub type Resolved = (Arc<Document>, Vec<Diagnostic>);

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
pub(crate) fn linked_files_outside_listing<'a>(
    tree: &dyn SourceTree,
    docs: impl Iterator<Item = &'a Document>,
    listed: &BTreeSet<String>,
) -> Vec<String> {
    let mut found: BTreeSet<String> = BTreeSet::new();
    for doc in docs {
        for link in &doc.links {
            let LinkTarget::File { path, .. } = &link.target else {
                continue;
            };
            if path.is_empty() || listed.contains(path) || found.contains(path) {
                continue;
            }
            // A folder is listed when a file inside it is.
            let dir = format!("{path}/");
            let in_listed_dir = listed
                .range(dir.clone()..)
                .next()
                .is_some_and(|f| f.starts_with(&dir));
            if !in_listed_dir && tree.exists(path) {
                found.insert(path.clone());
            }
        }
    }
    found.into_iter().collect()
}

/// Sorts out the files documents link to (see [`linked_files`]): links that are really
/// documents become aliases, copyable files the workspace's attachments. Returns the
/// warnings about linked files that are not copied.
pub(crate) fn attach_linked_files(
    tree: &dyn SourceTree,
    config: &Config,
    workspace: &mut Workspace,
) -> Vec<Diagnostic> {
    let linked = linked_files(tree, config, &workspace.docs, &workspace.files, |path| {
        workspace.index_of_path(path).is_some()
    });
    workspace.add_aliases(&linked.aliases);
    workspace.attachments = Arc::new(linked.attachments);
    linked.diagnostics
}

/// Compiles every document of `tree`. `history` (from git) feeds the rules that need it
/// and every renderer.
pub fn compile(
    tree: &dyn SourceTree,
    config: &Arc<Config>,
    files: Files,
    history: Option<Arc<History>>,
) -> Compilation {
    load_documents(tree, config).finish(tree, config, files, history)
}

/// Every document of a tree, read, parsed and resolved one by one: the per-document half
/// of the pipeline, which needs no history (so git can be read at the same time).
pub struct Loaded {
    listed: Vec<String>,
    resolved: Vec<Resolved>,
    diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// The cross-document half: assemble, attach history, validate.
    pub fn finish(
        self,
        tree: &dyn SourceTree,
        config: &Arc<Config>,
        files: Files,
        history: Option<Arc<History>>,
    ) -> Compilation {
        finish(
            tree,
            config,
            files,
            history,
            self.listed.into_iter().collect(),
            self.resolved,
            self.diagnostics,
        )
    }
}

pub fn load_documents(tree: &dyn SourceTree, config: &Arc<Config>) -> Loaded {
    let mut diagnostics = Vec::new();
    let listed = tree.list(&Filter::new(config), &mut diagnostics);
    // Read, parse and resolve each document in one go, so that the parsed form (YAML
    // trees, Markdown outlines) of only a few documents is alive at any time.
    let loaded: Vec<Result<Resolved, Box<Diagnostic>>> = listed
        .par_iter()
        .filter(|p| is_markdown(p))
        .map(|path| {
            let source = read_source(tree, path)?;
            let (doc, diagnostics) = resolve_document(config, parse_doc(&source));
            Ok((Arc::new(doc), diagnostics))
        })
        .collect();
    let mut resolved = Vec::with_capacity(loaded.len());
    for result in loaded {
        match result {
            Ok(doc) => resolved.push(doc),
            Err(skipped) => diagnostics.push(*skipped),
        }
    }
    Loaded {
        listed,
        resolved,
        diagnostics,
    }
}

/// The cross-document half of the pipeline, shared by full and incremental compiles:
/// assemble the workspace from resolved documents, attach history, validate.
pub fn finish(
    tree: &dyn SourceTree,
    config: &Arc<Config>,
    files: Files,
    history: Option<Arc<History>>,
    all_files: BTreeSet<String>,
    resolved: Vec<Resolved>,
    diagnostics: Vec<Diagnostic>,
) -> Compilation {
    assemble_resolved(
        tree,
        config,
        files,
        history,
        all_files,
        resolved,
        diagnostics,
    )
    .validate(config)
}

/// A workspace assembled but not yet validated: enough to render a document's page.
/// Watch mode renders the changed page from this first and validates after, because
/// validation is the slowest cross-document step and no page body depends on it.
#[derive(Clone)]
pub struct Assembled {
    pub workspace: Workspace,
    /// Diagnostics from loading, parsing, resolving and assembling, at their default
    /// levels (workspace overrides are applied by `validate`).
    pub diagnostics: Vec<Diagnostic>,
    pub files: Files,
}

impl Assembled {
    /// Runs the workspace rules and applies the workspace's rule levels.
    pub fn validate(self, config: &Config) -> Compilation {
        let Assembled {
            workspace,
            mut diagnostics,
            files,
        } = self;
        diagnostics.extend(validate(&workspace));
        apply_levels(config, &mut diagnostics);
        Compilation {
            workspace,
            diagnostics,
            files,
        }
    }
}

/// Assembles resolved documents into a workspace, with history attached.
pub fn assemble_resolved(
    tree: &dyn SourceTree,
    config: &Arc<Config>,
    mut files: Files,
    history: Option<Arc<History>>,
    mut all_files: BTreeSet<String>,
    resolved: Vec<Resolved>,
    mut diagnostics: Vec<Diagnostic>,
) -> Assembled {
    let mut docs = Vec::with_capacity(resolved.len());
    for (doc, doc_diagnostics) in resolved {
        files.insert(doc.path.clone(), doc.text.clone());
        diagnostics.extend(doc_diagnostics);
        docs.push(doc);
    }
    let outside = linked_files_outside_listing(tree, docs.iter().map(|d| &**d), &all_files);
    all_files.extend(outside);
    let (mut workspace, more) = assemble(config, docs, all_files);
    diagnostics.extend(more);
    diagnostics.extend(attach_linked_files(tree, config, &mut workspace));
    workspace.history = history;
    Assembled {
        workspace,
        diagnostics,
        files,
    }
}
