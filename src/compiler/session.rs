//! [`Compiler`]: the one way to compile a workspace, once (`spex check`, `build`,
//! `digest`, `diff`) or again and again as files change (`spex watch`, `serve`, an
//! editor). It reads from a [`SourceTree`] with an overlay of in-memory texts on top,
//! keeps every resolved document between runs, and on a change re-reads and re-parses
//! only the changed files before assembling and validating the workspace again.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::assemble::{self, Assembled, Compilation, Inputs, LastLinked};
use super::cache::DocCache;
use super::delta::DiagnosticsDelta;
use super::last_good::HeldBack;
use super::loaded_config::{LoadedConfig, load_config};
use super::overlay::Overlaid;
use super::revalidate::{Edited, Validation, revalidate, validate_all};
use crate::config::{CONFIG_FILE, Config};
use crate::diag::{Diagnostic, Files};
use crate::error::Result;
use crate::load::{Filter, SourceTree, is_markdown};
use crate::model::{History, Uncommitted};
use crate::validate::apply_levels;

/// A workspace compiler that remembers what it compiled.
pub struct Compiler<T> {
    tree: Overlaid<T>,
    config: Arc<Config>,
    /// spex.yaml's text, so diagnostics can quote it.
    pub(super) config_files: Files,
    /// The repository's `origin` remote, applied to every spex.yaml read again.
    origin_remote: Option<String>,
    pub(super) history: Option<Arc<History>>,
    /// Whether the tree must be walked before the next compile (at first, and after a
    /// new config).
    unlisted: bool,
    listed: BTreeSet<String>,
    walk_diagnostics: Vec<Diagnostic>,
    cache: DocCache,
    /// The last assembly, and the documents re-read since: most saves change no index,
    /// and then the next assembly is the last one with those documents swapped in.
    last: Option<Assembled>,
    dirty: BTreeSet<String>,
    /// The last assembly's warnings about linked files.
    last_linked: Vec<Diagnostic>,
    /// A path that is not a cached document was applied since the last assembly.
    files_changed: bool,
    /// What changed since the last validation, when the workspace still holds the same
    /// documents (`None`: files came or went since, or it was never validated), so
    /// validation can re-run only what the edits affect.
    unvalidated: Option<Edited>,
    /// The last validation's diagnostics, kept for the next scoped one.
    validation: Option<Validation>,
    /// The diagnostics [`Compiler::recompile`] last returned, for the next delta.
    published: Vec<Diagnostic>,
}

/// What [`Compiler::apply`] found.
pub struct Applied {
    /// Files came or went (or a folder holding some moved): page names change.
    pub structural: bool,
    /// spex.yaml was among the changes: its new version, read. When it has errors the
    /// compiler keeps the last good config; otherwise every document is compiled anew.
    pub config: Option<Result<LoadedConfig>>,
}

impl Applied {
    /// Whether spex.yaml changed and the new version is now in use.
    pub fn config_replaced(&self) -> bool {
        matches!(&self.config, Some(Ok(config)) if config.diagnostics.is_empty())
    }
}

/// A compilation and how its diagnostics differ from the previous one.
pub struct Recompiled {
    pub compilation: Compilation,
    pub delta: DiagnosticsDelta,
}

impl<T: SourceTree> Compiler<T> {
    /// A compiler for `tree` under `config`. Nothing is read until the first compile
    /// (or [`Compiler::load`]).
    pub fn new(tree: T, config: Arc<Config>, config_files: Files) -> Compiler<T> {
        Compiler {
            tree: Overlaid::new(tree),
            config,
            config_files,
            origin_remote: None,
            history: None,
            unlisted: true,
            listed: BTreeSet::new(),
            walk_diagnostics: Vec::new(),
            cache: DocCache::default(),
            last: None,
            dirty: BTreeSet::new(),
            last_linked: Vec::new(),
            files_changed: false,
            unvalidated: None,
            validation: None,
            published: Vec::new(),
        }
    }

    /// A compiler for `tree` under a config read with [`load_config`].
    pub fn with_config(tree: T, config: &LoadedConfig) -> Compiler<T> {
        let mut compiler = Compiler::new(tree, config.config.clone(), config.files.clone());
        compiler.origin_remote = config.origin_remote.clone();
        compiler
    }

    /// Git history, which feeds the history rules and every renderer.
    pub fn set_history(&mut self, history: Option<Arc<History>>) {
        self.history = history;
        // Buffers overlaid before the history came are edits it cannot know of.
        let overlaid: BTreeSet<String> = self.tree.overlaid().cloned().collect();
        self.mark_uncommitted(&overlaid);
        // The history rules must see it everywhere.
        self.validation = None;
    }

    /// From now on, a save that breaks a document (see
    /// [`broken_save`](super::last_good::broken_save)) keeps its last good version
    /// compiled until it is fixed: the preview wants a page to show; `spex watch` wants
    /// the truth about the files, and does not ask for this.
    pub fn keep_last_good(mut self) -> Compiler<T> {
        self.cache.keep_last_good = true;
        self
    }

    /// The config in use: the last good spex.yaml.
    pub fn config(&self) -> &Arc<Config> {
        &self.config
    }

    /// The tree compiled: the base tree with the overlay on top.
    pub fn tree(&self) -> &Overlaid<T> {
        &self.tree
    }

    /// Documents whose newest text is broken, by path, with why; their last good version
    /// is what is compiled (only with [`Compiler::keep_last_good`]).
    pub fn held_back(&self) -> &BTreeMap<String, HeldBack> {
        &self.cache.held_back
    }

    /// How many documents have been parsed so far: every one at first, then only those
    /// whose text changed.
    pub fn parses(&self) -> usize {
        self.cache.parses
    }

    /// Shadows `path` with an unsaved text (an editor buffer), as if it had been saved.
    pub fn set_overlay(&mut self, path: &str, text: impl Into<Arc<str>>) -> Applied {
        self.tree.set(path, text.into());
        self.apply(&BTreeSet::from([path.to_owned()]))
    }

    /// Drops the overlay of `path`: the file is read from the tree again.
    pub fn clear_overlay(&mut self, path: &str) -> Applied {
        self.tree.clear(path);
        self.apply(&BTreeSet::from([path.to_owned()]))
    }

    /// The per-document half of the pipeline, on its own: walks the tree and reads,
    /// parses and resolves every document not cached yet. Needs no history, so git can
    /// be read meanwhile; every compile does this first.
    pub fn load(&mut self) {
        if self.unlisted {
            self.relist();
        }
    }

    /// Takes changed paths (workspace-relative: documents, other files, folders, and
    /// spex.yaml) and re-reads what they touch. A path that appeared or vanished, or a
    /// folder (moved in or out: watchers report the folder alone), makes the tree be
    /// walked again.
    pub fn apply(&mut self, paths: &BTreeSet<String>) -> Applied {
        self.load();
        let config = paths.contains(CONFIG_FILE).then(|| self.reload_config());
        if matches!(&config, Some(Ok(c)) if c.diagnostics.is_empty()) {
            // Everything was read again under the new config.
            self.mark_uncommitted(paths);
            return Applied {
                structural: true,
                config,
            };
        }
        let paths: BTreeSet<&String> = paths.iter().filter(|p| *p != CONFIG_FILE).collect();
        self.files_changed |= paths.iter().any(|p| !self.cache.docs.contains_key(*p));
        let structural = paths.iter().any(|p| self.is_structural(p));
        // Known documents among them are re-read either way; a walk reads only new ones.
        let known: Vec<String> = paths
            .iter()
            .filter(|p| is_markdown(p) && self.cache.contains(p))
            .map(|p| (*p).clone())
            .collect();
        if structural {
            self.relist();
        }
        let reread: Vec<String> = known
            .into_iter()
            .filter(|p| self.listed.contains(p))
            .collect();
        self.load_documents(&reread);
        self.mark_uncommitted(&paths.into_iter().cloned().collect());
        Applied { structural, config }
    }

    /// Reads spex.yaml again; a good one replaces the config in use, and then every
    /// document is compiled anew (its kinds and fields may have changed).
    fn reload_config(&mut self) -> Result<LoadedConfig> {
        let loaded = load_config(&self.tree)?.with_origin_remote(self.origin_remote.clone());
        if loaded.diagnostics.is_empty() {
            self.config = loaded.config.clone();
            self.config_files = loaded.files.clone();
            let keep_last_good = self.cache.keep_last_good;
            let parses = self.cache.parses;
            self.cache = DocCache {
                keep_last_good,
                parses,
                ..DocCache::default()
            };
            self.relist();
        }
        Ok(loaded)
    }

    /// Compiles the current state: loads what is not loaded yet, assembles, validates.
    pub fn compile(&mut self) -> Compilation {
        let assembled = self.assemble();
        self.validate(assembled)
    }

    /// [`Compiler::compile`], with the diagnostics that changed since the last
    /// `recompile` (the first reports every diagnostic as added).
    pub fn recompile(&mut self) -> Recompiled {
        let compilation = self.compile();
        let delta = DiagnosticsDelta::between(&self.published, &compilation.diagnostics);
        self.published = compilation.diagnostics.clone();
        Recompiled { compilation, delta }
    }

    /// The current state, assembled but not validated yet (see [`Assembled`]).
    pub fn assemble(&mut self) -> Assembled {
        self.load();
        let (assembled, linked) = match self.swap_in() {
            Some(swapped) => swapped,
            None => self.assemble_all(),
        };
        // What the edited documents referenced before lost a backlink: their neighbours.
        let edited = self
            .last
            .as_ref()
            .and_then(|last| Edited::between(&last.workspace, &assembled.workspace, &self.dirty));
        self.unvalidated = match (self.unvalidated.take(), edited) {
            (Some(mut unvalidated), Some(edited)) => {
                unvalidated.documents.extend(edited.documents);
                unvalidated.neighbours.extend(edited.neighbours);
                unvalidated.stale.extend(edited.stale);
                Some(unvalidated)
            }
            _ => None,
        };
        self.dirty.clear();
        self.files_changed = false;
        self.last_linked = linked;
        self.last = Some(assembled.clone());
        assembled
    }

    /// Runs the workspace rules over what [`Compiler::assemble`] last returned, and
    /// applies the workspace's rule levels. After an assembly that only swapped edited
    /// documents in, the rules re-run only where the edits can matter.
    pub fn validate(&mut self, assembled: Assembled) -> Compilation {
        let Assembled {
            workspace,
            mut diagnostics,
            files,
        } = assembled;
        let unvalidated = self.unvalidated.replace(Edited::default());
        let rules = match (unvalidated, &mut self.validation) {
            (Some(edited), Some(last)) => revalidate(&workspace, &edited, last),
            _ => {
                let (rules, validation) = validate_all(&workspace);
                self.validation = Some(validation);
                rules
            }
        };
        diagnostics.extend(rules);
        super::next_id_help::suggest_next_ids(&workspace, &mut diagnostics);
        apply_levels(&self.config, &mut diagnostics);
        Compilation {
            workspace,
            diagnostics,
            files,
        }
    }

    fn inputs(&self) -> Inputs<'_> {
        Inputs {
            tree: &self.tree,
            config: &self.config,
            history: self.history.clone(),
        }
    }

    pub(super) fn swap_in(&self) -> Option<(Assembled, Vec<Diagnostic>)> {
        let last = self.last.as_ref()?;
        let changed = self
            .dirty
            .iter()
            .map(|path| self.cache.docs.get(path))
            .collect::<Option<Vec<_>>>()?;
        let mut diagnostics = self.walk_diagnostics.clone();
        diagnostics.extend(self.cache.diagnostics().cloned());
        let last_linked = LastLinked {
            diagnostics: &self.last_linked,
            files_changed: self.files_changed,
        };
        assemble::swap_in(self.inputs(), last, last_linked, &changed, diagnostics)
    }

    fn assemble_all(&self) -> (Assembled, Vec<Diagnostic>) {
        let mut diagnostics = self.walk_diagnostics.clone();
        diagnostics.extend(self.cache.skipped.values().cloned());
        assemble::assemble_all(
            self.inputs(),
            self.config_files.clone(),
            self.listed.clone(),
            self.cache.docs.values(),
            diagnostics,
        )
    }

    /// Walks the tree again: new files are read, vanished ones dropped, known ones kept.
    fn relist(&mut self) {
        let mut walk_diagnostics = Vec::new();
        let listed: BTreeSet<String> = self
            .tree
            .list(&Filter::new(&self.config), &mut walk_diagnostics)
            .into_iter()
            .collect();
        self.cache.retain(&listed);
        let new: Vec<String> = listed
            .iter()
            .filter(|p| is_markdown(p) && !self.cache.contains(p))
            .cloned()
            .collect();
        self.listed = listed;
        self.walk_diagnostics = walk_diagnostics;
        self.unlisted = false;
        self.last = None;
        self.load_documents(&new);
    }

    fn load_documents(&mut self, paths: &[String]) {
        let changed = self.cache.load(&self.tree, &self.config, paths);
        self.dirty.extend(changed);
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

    /// Edited files are "modified, not committed" now, without asking git again. A buffer
    /// holding what the file on disk says is left as git found it.
    fn mark_uncommitted(&mut self, paths: &BTreeSet<String>) {
        let Some(history) = &mut self.history else {
            return;
        };
        // The history is shared with the last compilation: copy it only when a file's
        // state changes (its first edit), not on every save.
        let news: Vec<&String> = paths
            .iter()
            .filter(|p| self.cache.docs.contains_key(*p))
            .filter(|p| history.docs.get(*p).is_none_or(|d| d.uncommitted.is_none()))
            .filter(|p| !self.tree.same_as_base(p))
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
}
