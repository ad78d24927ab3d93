//! Recompiling after a change without redoing everything: documents are parsed and
//! resolved once and cached by path; a change re-reads and re-resolves only the changed
//! files, then runs the cross-document half of the pipeline (assembly, validation).
//! For the preview, a save that breaks a document keeps its last good version compiled
//! (see [`last_good`](super::last_good)).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::Compilation;
use crate::compile::{
    Assembled, Resolved, assemble_resolved, attach_linked_files, linked_files_outside_listing,
};
use crate::config::Config;
use crate::diag::{Diagnostic, Files};
use crate::load::{Filter, FsTree, SourceTree, is_markdown, read_source};
use crate::model::{History, Uncommitted};
use crate::parse::parse_doc;
use crate::resolve::{duplicate_ids, resolve_document};

use super::last_good::{HeldBack, broken_save};

// The cache keeps documents resolved, with their own diagnostics; the documents are
// shared with the workspaces assembled from them, so reassembling copies none of them.

pub struct IncrementalCompiler {
    tree: FsTree,
    pub config: Arc<Config>,
    config_files: Files,
    history: Option<Arc<History>>,
    listed: BTreeSet<String>,
    walk_diagnostics: Vec<Diagnostic>,
    docs: BTreeMap<String, Resolved>,
    /// Markdown files that could not be read (binary, too large), with why.
    skipped: BTreeMap<String, Diagnostic>,
    /// The last assembly, and the documents re-read since: most saves change no index,
    /// and then the next assembly is the last one with those documents swapped in.
    last: Option<Assembled>,
    dirty: BTreeSet<String>,
    /// Whether a broken save keeps the document's last good version (`keep_last_good`).
    keep_last_good: bool,
    /// The broken newest parses of documents whose last good version is compiled instead.
    held_back: BTreeMap<String, HeldBack>,
}

impl IncrementalCompiler {
    /// Loads and resolves every document of the work tree at `root`.
    pub fn new(
        root: &Path,
        config: Arc<Config>,
        config_files: Files,
        history: Option<Arc<History>>,
    ) -> IncrementalCompiler {
        let mut compiler = IncrementalCompiler {
            tree: FsTree::new(root),
            config,
            config_files,
            history,
            listed: BTreeSet::new(),
            walk_diagnostics: Vec::new(),
            docs: BTreeMap::new(),
            skipped: BTreeMap::new(),
            last: None,
            dirty: BTreeSet::new(),
            keep_last_good: false,
            held_back: BTreeMap::new(),
        };
        compiler.relist();
        compiler
    }

    /// From now on, a save that breaks a document (see [`broken_save`]) keeps its last
    /// good version compiled until it is fixed: the preview wants a page to show; `spex
    /// watch` wants the truth about the files, and does not ask for this.
    pub fn keep_last_good(mut self) -> IncrementalCompiler {
        self.keep_last_good = true;
        self
    }

    /// Documents whose newest save is broken, by path, with why; their last good version
    /// is what [`compile`](Self::compile) uses.
    pub fn held_back(&self) -> &BTreeMap<String, HeldBack> {
        &self.held_back
    }

    /// Walks the tree again: new files are read, vanished ones dropped, known ones kept.
    pub fn relist(&mut self) {
        let mut walk_diagnostics = Vec::new();
        let listed: BTreeSet<String> = self
            .tree
            .list(&Filter::new(&self.config), &mut walk_diagnostics)
            .into_iter()
            .collect();
        self.docs.retain(|path, _| listed.contains(path));
        self.skipped.retain(|path, _| listed.contains(path));
        self.held_back.retain(|path, _| listed.contains(path));
        let new: Vec<String> = listed
            .iter()
            .filter(|p| {
                is_markdown(p) && !self.docs.contains_key(*p) && !self.skipped.contains_key(*p)
            })
            .cloned()
            .collect();
        self.listed = listed;
        self.walk_diagnostics = walk_diagnostics;
        self.last = None;
        self.load(&new);
    }

    /// Re-reads the given paths (workspace-relative: documents, other files, folders). A
    /// path that no longer exists, a new one, or a folder (moved in or out: watchers
    /// report the folder alone) makes the tree be walked again; then it returns true.
    pub fn update(&mut self, paths: &BTreeSet<String>) -> bool {
        let structural = paths.iter().any(|p| self.is_structural(p));
        // Known documents among them are re-read either way; a walk reads only new ones.
        let known: Vec<String> = paths
            .iter()
            .filter(|p| {
                is_markdown(p) && (self.docs.contains_key(*p) || self.skipped.contains_key(*p))
            })
            .cloned()
            .collect();
        if structural {
            self.relist();
        }
        let reread: Vec<String> = known
            .into_iter()
            .filter(|p| self.listed.contains(p))
            .collect();
        self.load(&reread);
        self.mark_uncommitted(paths);
        structural
    }

    /// Whether a change to `path` changes the listing: it appeared or vanished, or it was
    /// a folder holding listed files. (A folder that appeared is not listed, so it counts.)
    fn is_structural(&self, path: &str) -> bool {
        match (self.tree.exists(path), self.listed.contains(path)) {
            (true, true) => false,
            (false, false) => {
                let folder = format!("{path}/");
                self.listed
                    .range(folder.clone()..)
                    .next()
                    .is_some_and(|p| p.starts_with(&folder))
            }
            _ => true,
        }
    }

    fn load(&mut self, paths: &[String]) {
        let loaded: Vec<(String, Result<Resolved, Box<Diagnostic>>)> = paths
            .par_iter()
            .map(|path| {
                (
                    path.clone(),
                    read_source(&self.tree, path).map(|s| {
                        let (doc, diagnostics) = resolve_document(&self.config, parse_doc(&s));
                        (Arc::new(doc), diagnostics)
                    }),
                )
            })
            .collect();
        for (path, result) in loaded {
            match result {
                Ok(resolved) => {
                    if self.keep_last_good
                        && let Some(old) = self.docs.get(&path)
                        && let Some(diagnostics) = broken_save(&self.config, old, &resolved)
                    {
                        let held = HeldBack {
                            text: resolved.0.text.clone(),
                            doc: resolved.0.clone(),
                            diagnostics,
                        };
                        self.held_back.insert(path, held);
                        continue;
                    }
                    self.held_back.remove(&path);
                    self.dirty.insert(path.clone());
                    self.skipped.remove(&path);
                    self.docs.insert(path, resolved);
                }
                Err(skipped) => {
                    self.held_back.remove(&path);
                    self.dirty.insert(path.clone());
                    self.docs.remove(&path);
                    self.skipped.insert(path, *skipped);
                }
            }
        }
    }

    /// Edited files are "modified, not committed" now, without asking git again.
    fn mark_uncommitted(&mut self, paths: &BTreeSet<String>) {
        let Some(history) = &mut self.history else {
            return;
        };
        // The history is shared with the last compilation: copy it only when a file's
        // state changes (its first edit), not on every save.
        let news: Vec<&String> = paths
            .iter()
            .filter(|p| self.docs.contains_key(*p))
            .filter(|p| history.docs.get(*p).is_none_or(|d| d.uncommitted.is_none()))
            .collect();
        if news.is_empty() {
            return;
        }
        let history = Arc::make_mut(history);
        for path in news {
            let doc = history.docs.entry(path.clone()).or_default();
            doc.uncommitted = Some(if doc.commits.is_empty() {
                Uncommitted::New
            } else {
                Uncommitted::Modified
            });
        }
    }

    /// The compilation of the current state.
    pub fn compile(&mut self) -> Compilation {
        let config = self.config.clone();
        self.assemble().validate(&config)
    }

    /// The current state, assembled but not validated yet (see [`Assembled`]).
    pub fn assemble(&mut self) -> Assembled {
        let assembled = self
            .replace_changed()
            .unwrap_or_else(|| self.assemble_all());
        self.dirty.clear();
        self.last = Some(assembled.clone());
        assembled
    }

    /// The last assembly with the re-read documents swapped in, when none of them changes
    /// an index (see [`Workspace::with_document`]) or links a file the walk skipped.
    fn replace_changed(&self) -> Option<Assembled> {
        let last = self.last.as_ref()?;
        let mut workspace = last.workspace.clone();
        let mut files = last.files.clone();
        for path in &self.dirty {
            let (doc, _) = self.docs.get(path)?;
            let idx = workspace.index_of_path(path)?;
            workspace = workspace.with_document(idx, doc.clone())?;
            let outside =
                linked_files_outside_listing(&self.tree, std::iter::once(&**doc), &workspace.files);
            if !outside.is_empty() {
                return None;
            }
            files.insert(path.clone(), doc.text.clone());
        }
        workspace.history = self.history.clone();
        let mut diagnostics = self.document_diagnostics();
        diagnostics.extend(duplicate_ids(&workspace));
        // Again for every document: a save may link a new file, and a linked file may
        // have grown past the cap or become a link to a document.
        diagnostics.extend(attach_linked_files(
            &self.tree,
            &self.config,
            &mut workspace,
        ));
        Some(Assembled {
            workspace,
            diagnostics,
            files,
        })
    }

    /// Diagnostics from walking, reading, parsing and resolving (not from assembly).
    fn document_diagnostics(&self) -> Vec<Diagnostic> {
        let mut diagnostics = self.walk_diagnostics.clone();
        diagnostics.extend(self.skipped.values().cloned());
        for (_, own) in self.docs.values() {
            diagnostics.extend(own.iter().cloned());
        }
        diagnostics
    }

    fn assemble_all(&self) -> Assembled {
        let mut diagnostics = self.walk_diagnostics.clone();
        diagnostics.extend(self.skipped.values().cloned());
        let resolved: Vec<Resolved> = self.docs.values().cloned().collect();
        assemble_resolved(
            &self.tree,
            &self.config,
            self.config_files.clone(),
            self.history.clone(),
            self.listed.clone(),
            resolved,
            diagnostics,
        )
    }

    pub fn tree(&self) -> &FsTree {
        &self.tree
    }
}

#[cfg(test)]
mod tests;
