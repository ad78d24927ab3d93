//! The workspace a long MCP session reads: compiled once at start, and brought up to date
//! before each tool call. In: the work tree. Out: the current `Compilation`.
//!
//! Staleness is found by a scan of the files' modification times and sizes rather than a
//! watcher: a tool call is rare next to the cost of a scan (a stat per file), the answer is
//! exact at the moment of the call, and no background thread has to be kept alive.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::SystemTime;

use super::answers::Seen;
use super::viewer::Viewer;
use crate::compiler::{Compilation, Compiler, LoadedConfig};
use crate::config::CONFIG_FILE;
use crate::error::Error;
use crate::git::{GitRepo, GitTree};
use crate::load::{Filter, FsTree, SourceTree};
use crate::model::History;
use crate::render::site::SearchEntry;

/// What a file looked like when last compiled: enough to notice an edit.
type Stamp = (Option<SystemTime>, u64);

/// A compiler kept in step with the work tree.
pub struct LiveWorkspace {
    root: PathBuf,
    compiler: Compiler<FsTree>,
    compilation: Compilation,
    stamps: BTreeMap<String, Stamp>,
    /// The repository the workspace is in, for revisions (`diff`, `digest --since`).
    repo: Option<GitRepo>,
    /// The search index of the current compilation, built on the first search after it.
    search: Option<Vec<SearchEntry>>,
    /// What the policy says of the current compilation, worked out on first use.
    seen: Option<Seen>,
}

impl LiveWorkspace {
    /// Compiles the work tree under `root` once.
    pub fn open(
        root: PathBuf,
        config: &crate::LoadedConfig,
        history: Option<std::sync::Arc<History>>,
        repo: Option<GitRepo>,
    ) -> LiveWorkspace {
        let mut compiler = Compiler::with_config(FsTree::new(&root), config);
        compiler.set_history(history);
        let compilation = compiler.compile();
        let mut live = LiveWorkspace {
            stamps: BTreeMap::new(),
            repo,
            search: None,
            seen: None,
            root,
            compiler,
            compilation,
        };
        live.stamps = live.scan();
        live
    }

    /// The current compilation, recompiled first if any file changed since the last call.
    pub fn fresh(&mut self) -> &Compilation {
        let now = self.scan();
        let changed: BTreeSet<String> = now
            .iter()
            .filter(|(path, stamp)| self.stamps.get(*path) != Some(stamp))
            .map(|(path, _)| path.clone())
            .chain(
                self.stamps
                    .keys()
                    .filter(|path| !now.contains_key(*path))
                    .cloned(),
            )
            .collect();
        if !changed.is_empty() {
            self.compiler.apply(&changed);
            let compilation = self.compiler.compile();
            self.set_compilation(compilation);
            self.stamps = now;
        }
        &self.compilation
    }

    /// The compilation as of the last `fresh`.
    pub fn current(&self) -> &Compilation {
        &self.compilation
    }

    /// The compilation as it would be with `text` at `path`, written nowhere: the text
    /// is an overlay for the length of one compile, then cleared.
    pub fn with_draft(&mut self, path: &str, text: &str) -> Compilation {
        self.fresh();
        self.compiler.set_overlay(path, text);
        let draft = self.compiler.compile();
        self.compiler.clear_overlay(path);
        let compilation = self.compiler.compile();
        self.set_compilation(compilation);
        draft
    }

    /// The current compilation with its search index, built once per compilation by
    /// `build` (the index depends on what the server may show, which never changes).
    pub fn fresh_with_search(
        &mut self,
        build: impl FnOnce(&Compilation) -> Vec<SearchEntry>,
    ) -> (&Compilation, &[SearchEntry]) {
        self.fresh();
        let entries = self.search.get_or_insert_with(|| build(&self.compilation));
        (&self.compilation, entries)
    }

    /// The current compilation with what `viewer` may see of it, worked out once per
    /// compilation (a server has one viewer for its whole life), or why nothing can be
    /// shown.
    pub fn fresh_seen(&mut self, viewer: &Viewer) -> Result<(&Compilation, &Seen), String> {
        self.fresh();
        let policy = viewer.policy(&self.compilation.workspace.config)?;
        let seen = self
            .seen
            .get_or_insert_with(|| Seen::of(&self.compilation, &policy));
        Ok((&self.compilation, seen))
    }

    /// The workspace at a git revision, compiled with the current config (as `spex diff`
    /// reads its base), or a message an agent can act on.
    pub fn at_revision(&self, rev: &str) -> Result<Compilation, String> {
        let repo = self.repo()?;
        let tree = GitTree::at(repo, rev).map_err(|e| error_text(&e))?;
        let config = LoadedConfig {
            config: self.compiler.config().clone(),
            diagnostics: Vec::new(),
            files: Default::default(),
            // The config above already has the remote's defaults applied.
            origin_remote: None,
        };
        Ok(Compiler::with_config(&tree, &config).compile())
    }

    /// The repository, or why there is none.
    pub fn repo(&self) -> Result<&GitRepo, String> {
        self.repo.as_ref().ok_or_else(|| {
            "the workspace is not in a git repository, so it has no revisions".to_owned()
        })
    }

    /// The workspace folder (where its `templates/` overrides are).
    pub fn root(&self) -> &std::path::Path {
        &self.root
    }

    /// A new current compilation: what was worked out from the last one is dropped.
    fn set_compilation(&mut self, compilation: Compilation) {
        self.compilation = compilation;
        self.search = None;
        self.seen = None;
    }

    /// The compiler's config (spex.yaml over the built-ins), as of the last compile.
    pub fn config(&self) -> &crate::config::Config {
        self.compiler.config()
    }

    /// Every file of the workspace with its stamp, and spex.yaml.
    fn scan(&self) -> BTreeMap<String, Stamp> {
        let filter = Filter::new(self.compiler.config());
        let mut ignored = Vec::new();
        let mut paths = FsTree::new(&self.root).list(&filter, &mut ignored);
        paths.push(CONFIG_FILE.to_owned());
        paths
            .into_iter()
            .filter_map(|path| {
                let meta = std::fs::metadata(self.root.join(&path)).ok()?;
                Some((path, (meta.modified().ok(), meta.len())))
            })
            .collect()
    }
}

/// An error's message with its causes, on one line (git's reasons are in the causes).
pub fn error_text(error: &Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
