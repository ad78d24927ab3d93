//! What every command starts from: the workspace folder, the tree to compile (the work
//! tree, or a revision with `--rev`), its config, and the git repository around it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use super::Cli;
use super::workspace::{display_prefix, workspace_root};
use crate::config::CONFIG_FILE;
use crate::diag::plural;
use crate::error::{Error, Result};
use crate::git::{GitRepo, GitTree, HistoryRead};
use crate::load::{FsTree, SourceTree};
use crate::model::History;
use crate::{Compilation, Compiler, LoadedConfig};

/// What a command uses the history for, so commands that do not need it skip the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryUse {
    /// Its output shows history (pages, digests, diffs).
    Always,
    /// Only the rules that need history read it (`check`): none enabled, no walk.
    Rules,
}

pub struct Session {
    pub root: PathBuf,
    /// How to print workspace paths from the current folder.
    pub prefix: String,
    pub tree: Box<dyn SourceTree>,
    pub repo: Option<GitRepo>,
    /// The revision compiled, when not the work tree.
    pub rev: Option<String>,
    pub config: LoadedConfig,
    /// Where `config` was read, said with `-v`.
    config_source: ConfigSource,
    /// `--config-from-rev`: every revision with its own spex.yaml.
    config_from_rev: bool,
    quiet: bool,
    verbose: bool,
    /// A note about history (shallow, empty) was printed.
    noted: AtomicBool,
    /// The warning about objects missing from the repository was printed.
    warned: AtomicBool,
}

impl Session {
    pub fn open(cli: &Cli, path: Option<&Path>, rev: Option<&str>) -> Result<Session> {
        let root = workspace_root(cli, path);
        crate::check_workspace_dir(&root)?;
        // Watch events and git report absolute paths; compare like with like.
        let root = root.canonicalize().unwrap_or(root);
        let repo = GitRepo::open(&root)?;
        let tree: Box<dyn SourceTree> = match (rev, &repo) {
            (Some(rev), Some(repo)) => Box::new(GitTree::at(repo, rev)?),
            (Some(_), None) => {
                return Err(Error::Usage(format!(
                    "--rev needs a git repository, and `{}` is not in one",
                    root.display()
                )));
            }
            (None, _) => Box::new(FsTree::new(&root)),
        };
        if repo.is_none() && !cli.quiet {
            eprintln!(
                "note: `{}` is not in a git repository: history, --rev, diff and the history rules are off",
                root.display()
            );
        }
        let (config, config_source) = match rev {
            Some(rev) if !cli.config_from_rev && !tree.exists(CONFIG_FILE) => (
                crate::load_config(&FsTree::new(&root))?,
                ConfigSource::WorkTreeFor(rev.to_owned()),
            ),
            Some(rev) => (
                crate::load_config(tree.as_ref())?,
                ConfigSource::Revision(rev.to_owned()),
            ),
            None => (crate::load_config(tree.as_ref())?, ConfigSource::WorkTree),
        };
        // Hosting-dependent defaults (`anchors: github` on GitHub) follow the work
        // tree's repository, also for a revision.
        let config = config.with_origin_remote(repo.as_ref().and_then(GitRepo::origin_url));
        if cli.verbose {
            eprintln!("{}", config_source.describe(tree.as_ref()));
            eprintln!("{}", config.config.describe_anchors());
        }
        Ok(Session {
            prefix: display_prefix(&root),
            root,
            tree,
            repo,
            rev: rev.map(str::to_owned),
            config,
            config_source,
            config_from_rev: cli.config_from_rev,
            quiet: cli.quiet,
            verbose: cli.verbose,
            noted: AtomicBool::new(false),
            warned: AtomicBool::new(false),
        })
    }

    /// The history of the compiled revision; for the work tree, with uncommitted changes.
    pub fn history(&self) -> Result<Option<Arc<History>>> {
        let Some(repo) = &self.repo else {
            return Ok(None);
        };
        let started = Instant::now();
        let history = repo.history(self.rev.as_deref(), self.rev.is_none())?;
        if self.verbose {
            let source = match repo.last_history_read() {
                Some(HistoryRead::Cached) => ", from the cache".to_owned(),
                Some(HistoryRead::Walked {
                    diffed, reused: 0, ..
                }) => {
                    format!(", walking {}", plural(diffed, "commit"))
                }
                Some(HistoryRead::Walked { diffed, reused, .. }) => format!(
                    ", walking {}; {reused} from the cache",
                    plural(diffed, "new commit")
                ),
                None => String::new(),
            };
            eprintln!(
                "read the history of {} ({}) in {:.0?}{source}",
                plural(history.docs.len(), "document"),
                plural(history.commits.len(), "commit"),
                started.elapsed()
            );
        }
        // Said once per run: `watch` compiles again on every change.
        let note = |text: &str| {
            if !self.quiet && !self.noted.swap(true, Ordering::Relaxed) {
                eprintln!("note: {text}");
            }
        };
        if history.head.is_none() {
            note(
                "the repository has no commits yet, so history is empty: pages show no dates or authors until the first commit",
            );
        } else if history.truncated {
            note(
                "this is a shallow clone, so history is truncated: dates and authors only go back as far as the fetched commits (fetch with `git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout, for all of it)",
            );
        }
        // Printed even with --quiet: the outputs lack something, and nothing else says so.
        if let Some(first) = history.missing_objects.first()
            && !self.warned.swap(true, Ordering::Relaxed)
        {
            let more = match history.missing_objects.len() - 1 {
                0 => String::new(),
                n => format!(" and {} more", plural(n, "object")),
            };
            eprintln!(
                "warning: the repository is missing object {first}{more} (a partial clone, or an incomplete mirror), so history leaves out what needs them: dates, authors and the history rules may be incomplete; {}",
                crate::git::fetch_hint(first)
            );
        }
        Ok(Some(Arc::new(history)))
    }

    /// Compiles the session's tree, with history (pages and digests show it).
    pub fn compile(&self) -> Result<Compilation> {
        self.compile_for(HistoryUse::Always)
    }

    /// Compiles the session's tree, reading the history only when `need` says the
    /// command uses it: on a long history the walk is most of a `check`. Documents are
    /// read and parsed on another thread while this one walks the git history (git2
    /// handles stay on the thread that opened them): at 10,000 documents that hides most
    /// of the walk.
    pub fn compile_for(&self, need: HistoryUse) -> Result<Compilation> {
        let tree = self.tree.as_ref();
        let config = &self.config.config;
        let wanted = match need {
            HistoryUse::Always => true,
            HistoryUse::Rules => crate::validate::needs_history(config),
        };
        let mut compiler = Compiler::with_config(tree, &self.config);
        let (load_time, history) = std::thread::scope(|scope| {
            let loading = scope.spawn(|| {
                let started = Instant::now();
                compiler.load();
                started.elapsed()
            });
            let history = if wanted { self.history() } else { Ok(None) };
            let load_time = loading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (load_time, history)
        });
        compiler.set_history(history?);
        let started = Instant::now();
        let compilation = compiler.compile();
        if self.verbose {
            eprintln!(
                "read, parsed and typed {} in {load_time:.0?} (beside the history); assembled and validated them in {:.0?}",
                plural(compilation.workspace.len(), "document"),
                started.elapsed()
            );
        }
        Ok(compilation)
    }

    /// Compiles the session's tree without reading git history: for commands that need
    /// the documents but no dates or authors (`new`).
    pub fn compile_without_history(&self) -> Compilation {
        crate::Compiler::with_config(self.tree.as_ref(), &self.config).compile()
    }

    /// The configuration to read an older revision `rev` with (the base of a diff, a
    /// digest's `--since`): the session's own, so a field or kind that spex.yaml added
    /// later does not make every document look added or removed; with
    /// `--config-from-rev`, the spex.yaml `rev` had (built-in defaults if none).
    pub fn config_for(&self, tree: &GitTree, rev: &str) -> Result<LoadedConfig> {
        if !self.config_from_rev {
            if self.verbose {
                eprintln!(
                    "reading `{rev}` with the same configuration ({})",
                    self.config_source.short()
                );
            }
            return Ok(LoadedConfig {
                config: self.config.config.clone(),
                // Problems in spex.yaml are reported for the session, not again.
                diagnostics: Vec::new(),
                files: self.config.files.clone(),
                origin_remote: self.config.origin_remote.clone(),
            });
        }
        if self.verbose {
            eprintln!(
                "{} (--config-from-rev)",
                ConfigSource::Revision(rev.to_owned()).describe(tree)
            );
        }
        Ok(crate::load_config(tree)?.with_origin_remote(self.config.origin_remote.clone()))
    }

    /// Where workspace templates come from: the work tree (a revision's templates are
    /// presentation, not content, so the current ones are used for `--rev` builds too).
    pub fn template_root(&self) -> &Path {
        &self.root
    }
}

/// Which spex.yaml a session reads its documents with.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ConfigSource {
    /// The work tree's, for the work tree.
    WorkTree,
    /// The compiled revision's own.
    Revision(String),
    /// The work tree's, for a revision that has no spex.yaml (it predates adopting spex).
    WorkTreeFor(String),
}

impl ConfigSource {
    fn short(&self) -> String {
        match self {
            ConfigSource::WorkTree | ConfigSource::WorkTreeFor(_) => {
                format!("{CONFIG_FILE} from the work tree")
            }
            ConfigSource::Revision(rev) => format!("{CONFIG_FILE} from `{rev}`"),
        }
    }

    /// The `-v` line; `tree` says whether the file exists at all.
    fn describe(&self, tree: &dyn SourceTree) -> String {
        match self {
            ConfigSource::WorkTree if !tree.exists(CONFIG_FILE) => {
                format!("configuration: built-in defaults (no {CONFIG_FILE})")
            }
            ConfigSource::Revision(rev) if !tree.exists(CONFIG_FILE) => {
                format!("configuration: built-in defaults (`{rev}` has no {CONFIG_FILE})")
            }
            ConfigSource::WorkTreeFor(rev) => format!(
                "configuration: {} (`{rev}` has none; --config-from-rev would use the built-in defaults)",
                self.short()
            ),
            _ => format!("configuration: {}", self.short()),
        }
    }
}

/// Warns that a compared revision lacks objects (a partial clone), so the comparison
/// counts the documents in them as added.
pub fn warn_incomplete_base(tree: &GitTree, rev: &str) {
    let missing = tree.missing_objects();
    let Some(first) = missing.first() else {
        return;
    };
    let more = match missing.len() - 1 {
        0 => String::new(),
        n => format!(" and {} more", plural(n, "object")),
    };
    eprintln!(
        "warning: `{rev}` lacks object {first}{more} in this repository (a partial clone?), so the documents in them count as added here; {}",
        crate::git::fetch_hint(first)
    );
}
