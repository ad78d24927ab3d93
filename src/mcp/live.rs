//! The workspace a long MCP session reads: compiled once at start, and brought up to date
//! before each tool call. In: the work tree. Out: the current `Compilation`.
//!
//! Staleness is found by a scan of the files' modification times and sizes rather than a
//! watcher: a tool call is rare next to the cost of a scan (a stat per file), the answer is
//! exact at the moment of the call, and no background thread has to be kept alive.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::SystemTime;

use crate::compiler::{Compilation, Compiler};
use crate::config::CONFIG_FILE;
use crate::load::{Filter, FsTree, SourceTree};
use crate::model::History;

/// What a file looked like when last compiled: enough to notice an edit.
type Stamp = (Option<SystemTime>, u64);

/// A compiler kept in step with the work tree.
pub struct LiveWorkspace {
    root: PathBuf,
    compiler: Compiler<FsTree>,
    compilation: Compilation,
    stamps: BTreeMap<String, Stamp>,
}

impl LiveWorkspace {
    /// Compiles the work tree under `root` once.
    pub fn open(
        root: PathBuf,
        config: &crate::LoadedConfig,
        history: Option<std::sync::Arc<History>>,
    ) -> LiveWorkspace {
        let mut compiler = Compiler::with_config(FsTree::new(&root), config);
        compiler.set_history(history);
        let compilation = compiler.compile();
        let mut live = LiveWorkspace {
            stamps: BTreeMap::new(),
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
            self.compilation = self.compiler.compile();
            self.stamps = now;
        }
        &self.compilation
    }

    /// The compilation as it would be with `text` at `path`, written nowhere: the text
    /// is an overlay for the length of one compile, then cleared.
    pub fn with_draft(&mut self, path: &str, text: &str) -> Compilation {
        self.fresh();
        self.compiler.set_overlay(path, text);
        let draft = self.compiler.compile();
        self.compiler.clear_overlay(path);
        self.compilation = self.compiler.compile();
        draft
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
