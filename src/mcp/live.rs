//! The workspace a long MCP session reads: compiled once at start, and brought up to date
//! before each tool call. In: the work tree. Out: the current `Compilation`.
//!
//! Changes are found by the watcher `spex watch` and `spex serve` use (notify, debounced,
//! `crate::watch::watch`): a call when nothing changed costs a look at an empty channel,
//! not a stat of every file, and a call after an edit recompiles only what the edit
//! touched. An edit is seen once its burst of events has settled (tens of milliseconds).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::thread::JoinHandle;

use super::answers::Seen;
use super::draft_view::draft_hidden;
use super::viewer::Viewer;
use crate::audience::Hidden;
use crate::compiler::{Compilation, Compiler, DraftBase, LoadedConfig, compile_draft_with};
use crate::error::Error;
use crate::git::{GitRepo, GitTree};
use crate::load::{Filter, FsTree};
use crate::model::History;
use crate::render::site::SearchEntry;
use crate::watch::{WatchOptions, Watcher, classify, watch};

/// A compiler kept in step with the work tree.
pub struct LiveWorkspace {
    root: PathBuf,
    compiler: Compiler<FsTree>,
    /// The last compilation; none until the first call needs one, so the server answers
    /// `initialize` without compiling the workspace first.
    compilation: Option<Compilation>,
    /// The root as the watcher's events name it (canonical).
    watched_root: PathBuf,
    /// Bursts of changed paths; dropping `_watcher` ends them.
    changes: Receiver<Vec<PathBuf>>,
    _watcher: Watcher,
    /// The repository the workspace is in, for revisions (`diff`, `digest --since`).
    repo: Option<GitRepo>,
    /// The search index of the current compilation, built on the first search after it.
    search: Option<Vec<SearchEntry>>,
    /// What the policy says of the current compilation, worked out on first use.
    seen: Option<Seen>,
    /// What checking drafts needs of the current compilation, worked out on first use.
    draft_base: Option<DraftBase>,
    /// Git history being read in the background (see [`LiveWorkspace::history_from`]),
    /// taken by the first compile.
    reading_history: Option<JoinHandle<Result<History, Error>>>,
}

impl LiveWorkspace {
    /// Starts watching the work tree under `root`; the first call compiles it (after the
    /// watcher started, so an edit made meanwhile is seen by that call).
    pub fn open(
        root: PathBuf,
        config: &crate::LoadedConfig,
        history: Option<Arc<History>>,
        repo: Option<GitRepo>,
    ) -> Result<LiveWorkspace, Error> {
        let watched_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        // Where OS events are not available (some containers, network drives), polling.
        let (watcher, changes) = watch(&watched_root, WatchOptions::default()).or_else(|_| {
            let poll = WatchOptions {
                poll: true,
                ..WatchOptions::default()
            };
            watch(&watched_root, poll)
        })?;
        let mut compiler = Compiler::with_config(FsTree::new(&root), config);
        compiler.set_history(history);
        Ok(LiveWorkspace {
            repo,
            search: None,
            seen: None,
            draft_base: None,
            reading_history: None,
            root,
            compiler,
            compilation: None,
            watched_root,
            changes,
            _watcher: watcher,
        })
    }

    /// Takes the git history from `reading`, a thread reading it, on the first compile:
    /// the server answers `initialize` without waiting for git (seconds at 10,000
    /// documents without a cache), and the first call reads the documents meanwhile.
    pub fn history_from(mut self, reading: JoinHandle<Result<History, Error>>) -> Self {
        self.reading_history = Some(reading);
        self
    }

    /// Waits for the history being read, if any, and compiles with it from now on. A
    /// history that cannot be read leaves history off, as outside a repository.
    fn take_history(&mut self) {
        let Some(reading) = self.reading_history.take() else {
            return;
        };
        self.compiler.load();
        match reading.join() {
            Ok(Ok(history)) => self.compiler.set_history(Some(Arc::new(history))),
            Ok(Err(e)) => eprintln!(
                "warning: git history could not be read, so it is off: {}",
                error_text(&e)
            ),
            Err(_) => eprintln!("warning: reading git history failed, so it is off"),
        }
    }

    /// The current compilation, recompiled first if files changed since the last call
    /// (compiled for the first time on the first call).
    pub fn fresh(&mut self) -> &Compilation {
        self.fresh_parts().0
    }

    /// [`LiveWorkspace::fresh`], with what was worked out from the compilation.
    #[allow(clippy::type_complexity)]
    fn fresh_parts(
        &mut self,
    ) -> (
        &Compilation,
        &mut Option<Vec<SearchEntry>>,
        &mut Option<Seen>,
    ) {
        let mut paths: Vec<PathBuf> = Vec::new();
        while let Ok(burst) = self.changes.try_recv() {
            paths.extend(burst);
        }
        if !paths.is_empty() {
            self.apply(&paths);
        }
        if self.compilation.is_none() {
            self.take_history();
        }
        let compilation = self
            .compilation
            .get_or_insert_with(|| self.compiler.compile());
        (compilation, &mut self.search, &mut self.seen)
    }

    /// Recompiles what changed at `paths` (absolute, as the watcher names them).
    fn apply(&mut self, paths: &[PathBuf]) {
        let filter = Filter::new(self.compiler.config());
        let changes = classify(
            &self.watched_root,
            &filter,
            &[],
            paths.iter().map(PathBuf::as_path),
        );
        if changes.is_empty() {
            return;
        }
        self.compiler.apply(&changes.paths());
        // Before the first compilation, that one will include the change.
        if self.compilation.is_some() {
            let compilation = self.compiler.compile();
            self.set_compilation(compilation);
        }
    }

    /// Waits up to `timeout` for the watcher's next burst and applies it: a test's edit
    /// is seen without guessing how long the events take.
    #[cfg(test)]
    pub fn wait_for_change(&mut self, timeout: std::time::Duration) -> bool {
        match self.changes.recv_timeout(timeout) {
            Ok(burst) => {
                self.apply(&burst);
                self.fresh();
                true
            }
            Err(_) => false,
        }
    }

    /// Takes a file the server itself wrote into the current compilation now, without
    /// waiting for its events.
    pub fn written(&mut self, path: &Path) {
        let absolute = self.watched_root.join(path);
        self.apply(&[absolute]);
    }

    /// The compilation as it would be with `text` at `path`, written nowhere, and what
    /// `viewer` may see of it: for a document, the current compilation with the draft
    /// checked in (`compile_draft`), seen as the current one is with the draft's own
    /// view in; else the text is an overlay for the length of one compile, then
    /// cleared, and that compilation is seen whole.
    ///
    /// The workspace is not compiled back without the draft: with the overlay cleared the
    /// files are as they were, so the current compilation (and what was worked out from
    /// it) still holds, and the compiler catches up on the next change it is given.
    pub fn with_draft(
        &mut self,
        viewer: &Viewer,
        path: &str,
        text: &str,
    ) -> Result<(Compilation, Hidden), String> {
        self.fresh_seen(viewer)?;
        if let (Some(compiled), Some(seen)) = (&self.compilation, &self.seen)
            && let base = self
                .draft_base
                .get_or_insert_with(|| DraftBase::of(compiled))
            && let Some(draft) =
                compile_draft_with(compiled, base, self.compiler.tree(), path, text)
        {
            let policy = viewer.policy(&draft.workspace.config)?;
            let hidden = draft_hidden(&seen.hidden, &draft, &policy, path);
            return Ok((draft, hidden));
        }
        self.compiler.set_overlay(path, text);
        let draft = self.compiler.compile();
        self.compiler.clear_overlay(path);
        let policy = viewer.policy(&draft.workspace.config)?;
        let hidden = Hidden::of_workspace(&draft.workspace, &policy);
        Ok((draft, hidden))
    }

    /// The current compilation with its search index, built once per compilation by
    /// `build` (the index depends on what the server may show, which never changes).
    pub fn fresh_with_search(
        &mut self,
        build: impl FnOnce(&Compilation) -> Vec<SearchEntry>,
    ) -> (&Compilation, &[SearchEntry]) {
        let (compilation, search, _) = self.fresh_parts();
        let entries = search.get_or_insert_with(|| build(compilation));
        (compilation, entries)
    }

    /// The current compilation with what `viewer` may see of it, worked out once per
    /// compilation (a server has one viewer for its whole life), or why nothing can be
    /// shown.
    pub fn fresh_seen(&mut self, viewer: &Viewer) -> Result<(&Compilation, &Seen), String> {
        let (compilation, _, seen) = self.fresh_parts();
        let policy = viewer.policy(&compilation.workspace.config)?;
        let seen = seen.get_or_insert_with(|| Seen::of(compilation, &policy));
        Ok((compilation, seen))
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
        self.compilation = Some(compilation);
        self.search = None;
        self.seen = None;
        self.draft_base = None;
    }

    /// The compiler's config (spex.yaml over the built-ins), as of the last compile.
    pub fn config(&self) -> &crate::config::Config {
        self.compiler.config()
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
