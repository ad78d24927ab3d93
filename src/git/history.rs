//! Document history in one walk over the repository, not one walk per file: every
//! commit is diffed against its parent once, and renames are followed by mapping old
//! paths to the current ones as the walk goes back in time.

use std::collections::{HashMap, HashSet};

use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Sort, Status, StatusOptions};

use super::commit::commit_info;
use super::repo::{GitRepo, git_error};
use crate::error::Error;
use crate::load::is_markdown;
use crate::model::{History, Uncommitted};

impl GitRepo {
    /// The history of every Markdown file in the workspace as of `rev` (HEAD when
    /// `None`). With `worktree`, uncommitted changes are noted too.
    pub fn history(&self, rev: Option<&str>, worktree: bool) -> Result<History, Error> {
        let mut history = History {
            truncated: self.is_shallow(),
            ..History::default()
        };
        let start = match rev {
            Some(rev) => Some(self.commit(rev)?),
            None => self.repo.head().ok().and_then(|h| h.peel_to_commit().ok()),
        };
        if let Some(start) = &start {
            history.head = Some(commit_info(start));
            self.walk(start.id(), &mut history)?;
        }
        if worktree {
            self.note_uncommitted(&mut history)?;
        }
        Ok(history)
    }

    fn walk(&self, start: Oid, history: &mut History) -> Result<(), Error> {
        let fail = |e: git2::Error| {
            git_error(
                format!("cannot read the history: {}", e.message()),
                "check that `git log` works here".into(),
            )
        };
        let mut walk = self.repo.revwalk().map_err(fail)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .map_err(fail)?;
        walk.push(start).map_err(fail)?;
        let boundary = self.shallow_boundary();

        // Path as it was at the point of the walk → path today.
        let mut renamed_from: HashMap<String, String> = HashMap::new();
        // Paths that, further back, belong to a different (deleted or replaced) file.
        let mut ended: HashSet<String> = HashSet::new();
        let current = |path: &str,
                       renamed_from: &HashMap<String, String>,
                       ended: &HashSet<String>|
         -> Option<String> {
            match renamed_from.get(path) {
                Some(now) => Some(now.clone()),
                None if ended.contains(path) => None,
                None => Some(path.to_owned()),
            }
        };

        let mut diff_options = DiffOptions::new();
        if !self.prefix.is_empty() {
            diff_options.pathspec(&self.prefix);
        }
        for oid in walk {
            let oid = oid.map_err(fail)?;
            let commit = self.repo.find_commit(oid).map_err(fail)?;
            // A merge's changes were made, and are counted, in the commits it merges.
            if commit.parent_count() > 1 {
                continue;
            }
            let parent_tree = match commit.parent(0) {
                Ok(parent) => Some(parent.tree().map_err(fail)?),
                Err(_) => None, // the root commit, or the edge of a shallow clone
            };
            let cut_off = parent_tree.is_none() && boundary.contains(&oid);
            let tree = commit.tree().map_err(fail)?;
            let mut diff = self
                .repo
                .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut diff_options))
                .map_err(fail)?;
            let has_add = diff.deltas().any(|d| d.status() == Delta::Added);
            let has_delete = diff.deltas().any(|d| d.status() == Delta::Deleted);
            if has_add && has_delete {
                diff.find_similar(Some(DiffFindOptions::new().renames(true)))
                    .map_err(fail)?;
            }
            let mut index = None;
            for delta in diff.deltas() {
                let path = |f: git2::DiffFile| {
                    f.path()
                        .and_then(|p| p.to_str())
                        .and_then(|p| self.workspace_path(p))
                };
                let (Some(new_path), old_path) = (path(delta.new_file()), path(delta.old_file()))
                else {
                    continue;
                };
                if !is_markdown(&new_path) {
                    continue;
                }
                // A deletion ends the file: further back, its path belongs to a file
                // that no longer exists (or that was replaced by a later one).
                if delta.status() == Delta::Deleted {
                    renamed_from.remove(&new_path);
                    ended.insert(new_path);
                    continue;
                }
                let Some(now) = current(&new_path, &renamed_from, &ended) else {
                    continue;
                };
                let i = *index.get_or_insert_with(|| {
                    history.commits.push(commit_info(&commit));
                    history.commits.len() - 1
                });
                let doc = history.docs.entry(now.clone()).or_default();
                if doc.commits.last() != Some(&i) {
                    doc.commits.push(i);
                }
                match delta.status() {
                    Delta::Added => {
                        doc.created_known = !cut_off;
                        renamed_from.remove(&new_path);
                        ended.insert(new_path);
                    }
                    Delta::Renamed => {
                        renamed_from.remove(&new_path);
                        ended.insert(new_path);
                        if let Some(old) = old_path {
                            renamed_from.insert(old, now);
                        }
                    }
                    Delta::Deleted => {
                        renamed_from.remove(&new_path);
                        ended.insert(new_path);
                    }
                    _ => {}
                }
            }
        }
        // A file last touched by a cut-off commit was not necessarily created there.
        Ok(())
    }

    /// Commits at the edge of a shallow clone (their parents are not fetched).
    fn shallow_boundary(&self) -> HashSet<Oid> {
        let Ok(text) = std::fs::read_to_string(self.repo.path().join("shallow")) else {
            return HashSet::new();
        };
        text.lines()
            .filter_map(|l| Oid::from_str(l.trim()).ok())
            .collect()
    }

    fn note_uncommitted(&self, history: &mut History) -> Result<(), Error> {
        let mut options = StatusOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false);
        if !self.prefix.is_empty() {
            options.pathspec(&self.prefix);
        }
        let statuses = self.repo.statuses(Some(&mut options)).map_err(|e| {
            git_error(
                format!("cannot read the work tree status: {}", e.message()),
                "check that `git status` works here".into(),
            )
        })?;
        for entry in statuses.iter() {
            let Some(path) = entry.path().ok().and_then(|p| self.workspace_path(p)) else {
                continue;
            };
            if !is_markdown(&path) {
                continue;
            }
            let status = entry.status();
            let kind = if status.intersects(Status::WT_NEW | Status::INDEX_NEW) {
                Uncommitted::New
            } else if status.intersects(
                Status::WT_MODIFIED
                    | Status::INDEX_MODIFIED
                    | Status::WT_RENAMED
                    | Status::INDEX_RENAMED
                    | Status::WT_TYPECHANGE
                    | Status::INDEX_TYPECHANGE,
            ) {
                Uncommitted::Modified
            } else {
                continue;
            };
            history.docs.entry(path).or_default().uncommitted = Some(kind);
        }
        Ok(())
    }
}
