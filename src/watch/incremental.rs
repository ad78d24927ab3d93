//! Recompiling after a change without redoing everything: documents are parsed and
//! resolved once and cached by path; a change re-reads and re-resolves only the changed
//! files, then runs the cross-document half of the pipeline (assembly, validation).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::Compilation;
use crate::compile::{Assembled, Resolved, assemble_resolved, linked_files_outside_listing};
use crate::config::Config;
use crate::diag::{Diagnostic, Files};
use crate::load::{Filter, FsTree, SourceTree, is_markdown, read_source};
use crate::model::{History, Uncommitted};
use crate::parse::parse_doc;
use crate::resolve::{duplicate_ids, resolve_document};

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
        };
        compiler.relist();
        compiler
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

    /// Re-reads the given documents (workspace-relative paths). A path that no longer
    /// exists, or a new one, makes the tree be walked again; then it returns true.
    pub fn update(&mut self, paths: &BTreeSet<String>) -> bool {
        let structural = paths
            .iter()
            .any(|p| self.tree.exists(p) != self.listed.contains(p));
        if structural {
            for path in paths {
                self.docs.remove(path);
                self.skipped.remove(path);
            }
            self.relist();
        } else {
            let changed: Vec<String> = paths.iter().filter(|p| is_markdown(p)).cloned().collect();
            self.load(&changed);
        }
        self.mark_uncommitted(paths);
        structural
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
            self.dirty.insert(path.clone());
            match result {
                Ok(resolved) => {
                    self.skipped.remove(&path);
                    self.docs.insert(path, resolved);
                }
                Err(skipped) => {
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
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn an_update_matches_a_full_compile() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "prds/a.md",
            "---\nid: PRD-1\ntitle: A\nowner: X\n---\nSee [[PRD-2]].\n",
        );
        write(
            root,
            "prds/b.md",
            "---\nid: PRD-2\ntitle: B\nowner: X\n---\nBody.\n",
        );
        let config = Arc::new(Config::builtin());
        let mut compiler = IncrementalCompiler::new(root, config.clone(), Files::default(), None);
        assert_eq!(
            compiler
                .compile()
                .diagnostics
                .iter()
                .filter(|d| d.rule == "unknown-reference")
                .count(),
            0
        );

        // Edit: PRD-2 becomes PRD-3, so a.md's reference breaks.
        write(
            root,
            "prds/b.md",
            "---\nid: PRD-3\ntitle: B\nowner: X\n---\nBody.\n",
        );
        compiler.update(&BTreeSet::from(["prds/b.md".to_owned()]));
        let incremental = compiler.compile();
        let full = crate::compile(&FsTree::new(root), &config, Files::default(), None);
        assert_eq!(incremental.diagnostics, full.diagnostics);
        assert!(
            incremental
                .diagnostics
                .iter()
                .any(|d| d.rule == "unknown-reference")
        );

        // Create and delete.
        write(
            root,
            "prds/c.md",
            "---\nid: PRD-2\ntitle: C\nowner: X\n---\nBody.\n",
        );
        std::fs::remove_file(root.join("prds/b.md")).unwrap();
        compiler.update(&BTreeSet::from([
            "prds/b.md".to_owned(),
            "prds/c.md".to_owned(),
        ]));
        let incremental = compiler.compile();
        let full = crate::compile(&FsTree::new(root), &config, Files::default(), None);
        assert_eq!(incremental.diagnostics, full.diagnostics);
        assert_eq!(incremental.workspace.docs.len(), 2);
    }

    /// Edits that change no index take the swap-in path; its result must still be what a
    /// full compile gives, diagnostics included (a broken anchor, an invalid status).
    #[test]
    fn a_content_edit_swaps_the_document_in_and_matches_a_full_compile() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "prds/a.md",
            "---\nid: PRD-1\ntitle: A\nowner: X\n---\nSee [[PRD-2#goals]].\n",
        );
        write(
            root,
            "prds/b.md",
            "---\nid: PRD-2\ntitle: B\nowner: X\n---\n## Goals\n\nBody.\n",
        );
        let config = Arc::new(Config::builtin());
        let mut compiler = IncrementalCompiler::new(root, config.clone(), Files::default(), None);
        let before = compiler.compile();
        assert!(before.diagnostics.iter().all(|d| d.rule != "broken-anchor"));

        // Same ID and references: a new title, a renamed heading, a bad status.
        write(
            root,
            "prds/b.md",
            "---\nid: PRD-2\ntitle: B2\nowner: X\nstatus: shiped\n---\n## Aims\n\nBody.\n",
        );
        compiler.update(&BTreeSet::from(["prds/b.md".to_owned()]));
        let replaced = compiler
            .replace_changed()
            .expect("a content edit swaps the document in");
        assert_eq!(replaced.workspace.by_id("PRD-2").unwrap().title, "B2");
        let incremental = compiler.compile();
        let full = crate::compile(&FsTree::new(root), &config, Files::default(), None);
        assert_eq!(incremental.diagnostics, full.diagnostics);
        for rule in ["broken-anchor", "invalid-value"] {
            assert!(
                incremental.diagnostics.iter().any(|d| d.rule == rule),
                "{rule}"
            );
        }

        // A new reference changes the backlinks: the full path.
        write(
            root,
            "prds/b.md",
            "---\nid: PRD-2\ntitle: B2\nowner: X\n---\nSee [[PRD-1]].\n",
        );
        compiler.update(&BTreeSet::from(["prds/b.md".to_owned()]));
        assert!(compiler.replace_changed().is_none());
        let incremental = compiler.compile();
        let full = crate::compile(&FsTree::new(root), &config, Files::default(), None);
        assert_eq!(incremental.diagnostics, full.diagnostics);
        assert_eq!(incremental.workspace.backlinks, full.workspace.backlinks);
    }
}
