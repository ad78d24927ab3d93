//! Finding and opening the repository that holds a workspace.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use git2::{ErrorCode, Repository, RepositoryOpenFlags};

use super::commit::commit_info;
use super::history_cache::HistoryRead;
use crate::error::Error;
use crate::model::CommitInfo;

/// In a shallow clone a revision may exist but lie beyond the fetched commits.
const SHALLOW_HINT: &str = "this is a shallow clone, and the revision may be older than the fetched history: fetch more with `git fetch --deepen=N` or `git fetch --unshallow` (in GitHub Actions, `fetch-depth: 0` in actions/checkout)";

/// A repository plus where the workspace sits inside it.
pub struct GitRepo {
    pub(super) repo: Repository,
    /// The workspace folder relative to the repository root, `/`-terminated (`docs/`),
    /// or empty when the workspace is the root.
    pub(super) prefix: String,
    /// Where the last history came from (`None` before one, or without commits).
    pub(super) last_read: Cell<Option<HistoryRead>>,
}

impl GitRepo {
    /// Opens the repository containing `workspace`; `Ok(None)` when there is none.
    /// Honours `GIT_CEILING_DIRECTORIES` as git does (git2 would pass libgit2 an empty
    /// ceiling list, which makes it ignore the variable, so it is read here).
    pub fn open(workspace: &Path) -> Result<Option<GitRepo>, Error> {
        let ceilings: Vec<PathBuf> = std::env::var_os("GIT_CEILING_DIRECTORIES")
            .map(|v| {
                std::env::split_paths(&v)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default();
        // spex only reads, and reads every tree of the history: re-hashing each object
        // to check it against its name took half of the history walk. git itself does
        // not verify on read either (that is `git fsck`'s job).
        git2::opts::strict_hash_verification(false);
        let start = workspace
            .canonicalize()
            .unwrap_or_else(|_| workspace.to_path_buf());
        let repo = match Repository::open_ext(&start, RepositoryOpenFlags::empty(), &ceilings) {
            Ok(repo) => repo,
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(None),
            Err(e) if e.code() == ErrorCode::Owner => {
                // git's safe.directory names the work tree's top level, not the folder
                // spex was pointed at, so the hint must too or it does nothing.
                let top = worktree_top(&start, &ceilings);
                return Err(git_error(
                    format!(
                        "the repository at `{}` is owned by another user",
                        top.display()
                    ),
                    format!(
                        "if you trust it, run `git config --global --add safe.directory {}` (common in CI containers)",
                        top.display()
                    ),
                ));
            }
            Err(e) => {
                return Err(git_error(
                    format!("cannot open the git repository: {}", e.message()),
                    "check that `git status` works here".into(),
                ));
            }
        };
        let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
            return Ok(None); // a bare repository has no work tree to compile
        };
        let prefix = workspace_prefix(&workdir, workspace);
        Ok(Some(GitRepo {
            repo,
            prefix,
            last_read: Cell::new(None),
        }))
    }

    /// Where the last [`GitRepo::history`] came from: the cache, or a walk (and how
    /// much of it the cache saved). `None` before the first, or without commits.
    pub fn last_history_read(&self) -> Option<HistoryRead> {
        self.last_read.get()
    }

    /// Where the workspace sits in the repository: `docs/`, or empty at the root.
    pub fn workspace_prefix(&self) -> &str {
        &self.prefix
    }

    /// The merge base of two revisions, as a commit id: where `a...b` starts.
    pub fn merge_base(&self, a: &str, b: &str) -> Result<String, Error> {
        let (left, right) = (self.commit(a)?, self.commit(b)?);
        self.repo
            .merge_base(left.id(), right.id())
            .map(|oid| oid.to_string())
            .map_err(|e| {
                git_error(
                    format!("`{a}` and `{b}` have no common ancestor: {}", e.message()),
                    "compare the two directly with `A..B`".into(),
                )
            })
    }

    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    /// The commit a revision names (`main`, `v1.2`, `HEAD~3`, a sha).
    pub fn resolve(&self, rev: &str) -> Result<CommitInfo, Error> {
        self.commit(rev).map(|c| commit_info(&c))
    }

    pub(super) fn commit(&self, rev: &str) -> Result<git2::Commit<'_>, Error> {
        let object = self.repo.revparse_single(rev).map_err(|e| {
            git_error(
                format!("unknown revision `{rev}`: {}", e.message()),
                if let Some(oid) = super::missing::missing_object(&e, None) {
                    super::missing::fetch_hint(&oid)
                } else if self.is_shallow() {
                    SHALLOW_HINT.into()
                } else {
                    "use a branch, tag, commit id or an expression like `HEAD~3`".into()
                },
            )
        })?;
        object.peel_to_commit().map_err(|_| {
            git_error(
                format!("`{rev}` does not name a commit"),
                "use a branch, tag or commit id".into(),
            )
        })
    }

    /// The URL of the `origin` remote, if the repository has one (hosting-dependent
    /// defaults such as `anchors: github` follow it). No network access.
    pub fn origin_url(&self) -> Option<String> {
        let remote = self.repo.find_remote("origin").ok()?;
        remote.url().ok().map(str::to_owned)
    }

    /// The commit HEAD points at, or `None` in a repository with no commits yet.
    pub fn head(&self) -> Option<CommitInfo> {
        let head = self.repo.head().ok()?;
        head.peel_to_commit().ok().map(|c| commit_info(&c))
    }

    /// The merge base of HEAD and the default branch (`origin/HEAD`, else `main`, else
    /// `master`): where a pull request's changes start.
    pub fn default_base(&self) -> Result<String, Error> {
        let head = self.commit("HEAD")?;
        for candidate in [
            "refs/remotes/origin/HEAD",
            "refs/remotes/origin/main",
            "refs/heads/main",
            "refs/remotes/origin/master",
            "refs/heads/master",
        ] {
            let Ok(reference) = self.repo.find_reference(candidate) else {
                continue;
            };
            let Ok(target) = reference.resolve().and_then(|r| r.peel_to_commit()) else {
                continue;
            };
            if let Ok(base) = self.repo.merge_base(head.id(), target.id()) {
                return Ok(base.to_string());
            }
        }
        Err(git_error(
            "cannot find the default branch to compare with".into(),
            if self.is_shallow() {
                format!("name the base explicitly (`spex diff main..HEAD`); {SHALLOW_HINT}")
            } else {
                "name the base explicitly: `spex diff main..HEAD` or `spex diff <commit>`".into()
            },
        ))
    }

    /// Workspace-relative paths of files that differ between `rev` and the work tree
    /// (committed, staged or not, and untracked), within the workspace.
    pub fn changed_since(&self, rev: &str) -> Result<Vec<String>, Error> {
        let tree = self
            .commit(rev)?
            .tree()
            .map_err(|e| git_error(e.message().into(), String::new()))?;
        let mut options = git2::DiffOptions::new();
        options.include_untracked(true).recurse_untracked_dirs(true);
        if !self.prefix.is_empty() {
            options.pathspec(&self.prefix);
        }
        let diff = self
            .repo
            .diff_tree_to_workdir_with_index(Some(&tree), Some(&mut options))
            .map_err(|e| {
                git_error(
                    format!("cannot compare with `{rev}`: {}", e.message()),
                    String::new(),
                )
            })?;
        let mut paths = Vec::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(path) = file
                    .path()
                    .and_then(Path::to_str)
                    .and_then(|p| self.workspace_path(p))
                {
                    paths.push(path);
                }
            }
        }
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    /// A repository path → the workspace-relative path, if it lies in the workspace.
    pub(super) fn workspace_path(&self, repo_path: &str) -> Option<String> {
        repo_path.strip_prefix(&self.prefix).map(str::to_owned)
    }
}

/// The top level of the work tree around `start`: the nearest folder holding `.git`
/// (a folder, or a file for worktrees and submodules), found as git finds it, without
/// climbing into a ceiling directory. `start` itself when there is none.
fn worktree_top(start: &Path, ceilings: &[PathBuf]) -> PathBuf {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let ceilings: Vec<PathBuf> = ceilings.iter().map(|c| canonical(c)).collect();
    let mut dir = start;
    loop {
        if dir.join(".git").exists() {
            return dir.to_path_buf();
        }
        match dir.parent() {
            Some(parent) if !ceilings.iter().any(|c| c == parent) => dir = parent,
            _ => return start.to_path_buf(),
        }
    }
}

fn workspace_prefix(workdir: &Path, workspace: &Path) -> String {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let rel: PathBuf = canonical(workspace)
        .strip_prefix(canonical(workdir))
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}/", parts.join("/"))
    }
}

pub(super) fn git_error(message: String, hint: String) -> Error {
    Error::Git { message, hint }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::worktree_top;

    #[test]
    fn safe_directory_hint_names_the_folder_that_holds_dot_git() {
        let dir = tempfile::tempdir().expect("dir");
        let root = dir.path().canonicalize().expect("canonical");
        fs::create_dir_all(root.join("owned/.git")).expect("mkdir");
        fs::create_dir_all(root.join("owned/specs/prds")).expect("mkdir");
        let start = root.join("owned/specs/prds");
        assert_eq!(worktree_top(&start, &[]), root.join("owned"));
        // A worktree or submodule has a `.git` file instead.
        fs::create_dir_all(root.join("wt/specs")).expect("mkdir");
        fs::write(root.join("wt/.git"), "gitdir: ../owned/.git\n").expect("write");
        assert_eq!(worktree_top(&root.join("wt/specs"), &[]), root.join("wt"));
    }

    #[test]
    fn safe_directory_hint_does_not_climb_into_a_ceiling() {
        let dir = tempfile::tempdir().expect("dir");
        let root = dir.path().canonicalize().expect("canonical");
        fs::create_dir_all(root.join("owned/.git")).expect("mkdir");
        fs::create_dir_all(root.join("owned/specs")).expect("mkdir");
        let start = root.join("owned/specs");
        assert_eq!(worktree_top(&start, &[root.join("owned")]), start);
    }
}
