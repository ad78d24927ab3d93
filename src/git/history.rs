//! Document history in one walk over the repository, not one walk per file: every
//! commit is diffed against each of its parents once, and renames are followed by
//! handing each parent a map from its paths to today's documents (`PathIdentity`), so
//! a rename on one branch and an edit on another both reach the document.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Sort, Status, StatusOptions};

use super::commit::commit_info;
use super::history_cache::{CommitChanges, HistoryCache, HistoryRead, Memo};
use super::identity::PathIdentity;
use super::missing::missing_object;
use super::repo::{GitRepo, git_error};
use super::tree_diff::TreeDiffer;
use super::versions::Fingerprints;
use crate::error::Error;
use crate::load::is_markdown;
use crate::model::{CommitInfo, GoneDoc, History, Uncommitted};

/// One file changed between a commit and one of its parents.
#[derive(Debug, Clone)]
pub(super) struct Change {
    pub status: Delta,
    /// Where a renamed file was in the parent.
    pub old_path: Option<String>,
    pub new_path: String,
    /// The content differs (a pure rename keeps the blob).
    pub new_content: bool,
    /// The file's text after the change, or before it for a deletion.
    pub blob: Oid,
}

/// The blob of each version of each document (`DocHistory::versions`), by path: the
/// walk notes them, their fingerprints are worked out after it (`versions.rs`).
pub(super) type VersionBlobs = BTreeMap<String, Vec<Oid>>;

fn fail(e: git2::Error) -> Error {
    git_error(
        format!("cannot read the history: {}", e.message()),
        "check that `git log` works here".into(),
    )
}

/// Objects the walk could not find, each noted once.
#[derive(Default)]
struct Missing {
    seen: HashSet<String>,
    list: Vec<String>,
}

impl Missing {
    /// Notes the object `e` says is missing and lets the walk skip what needed it; any
    /// other error ends the walk.
    fn tolerate(&mut self, e: git2::Error, known: Option<Oid>) -> Result<(), Error> {
        let oid = missing_object(&e, known).ok_or_else(|| fail(e))?;
        if self.seen.insert(oid.clone()) {
            self.list.push(oid);
        }
        Ok(())
    }
}

/// Hands what paths mean at a commit on to one of its parents.
fn hand_on(pending: &mut HashMap<Oid, Rc<PathIdentity>>, parent: Oid, before: Rc<PathIdentity>) {
    match pending.entry(parent) {
        Entry::Vacant(slot) => {
            slot.insert(before);
        }
        Entry::Occupied(mut slot) if !Rc::ptr_eq(slot.get(), &before) => {
            Rc::make_mut(slot.get_mut()).merge(&before);
        }
        Entry::Occupied(_) => {}
    }
}

/// What the walk knows of one commit.
enum Read {
    /// Nothing of what it changed: what paths mean goes on to these parents unchanged.
    Unknown { parents: Vec<Oid> },
    Known {
        /// One per parent whose commit could be read (one with no parent for a root).
        sides: Vec<Side>,
        /// The commit as outputs show it, when it changed a Markdown file.
        info: Option<CommitInfo>,
        /// A root only because a shallow clone cuts history off here.
        cut_off: bool,
    },
}

/// A commit's changes relative to one parent.
struct Side {
    /// `None` for a root commit (or a parent beyond the edge of a shallow clone).
    parent: Option<Oid>,
    /// `None` when a tree the diff needs is missing.
    changes: Option<Vec<Change>>,
}

impl Read {
    fn from_cache(known: CommitChanges) -> Read {
        let parents: Vec<Option<Oid>> = if known.parents.is_empty() {
            vec![None] // a root, diffed against the empty tree
        } else {
            known.parents.into_iter().map(Some).collect()
        };
        Read::Known {
            sides: parents
                .into_iter()
                .zip(known.diffs)
                .map(|(parent, changes)| Side {
                    parent,
                    changes: Some(changes),
                })
                .collect(),
            info: known.info,
            cut_off: false,
        }
    }

    /// What a later walk may reuse: everything was read, and nothing depends on where
    /// a shallow clone ends.
    fn to_cache(&self) -> Option<CommitChanges> {
        let Read::Known {
            sides,
            info,
            cut_off: false,
        } = self
        else {
            return None;
        };
        Some(CommitChanges {
            info: info.clone(),
            parents: sides.iter().filter_map(|s| s.parent).collect(),
            diffs: sides
                .iter()
                .map(|s| s.changes.clone())
                .collect::<Option<Vec<_>>>()?,
        })
    }
}

/// The commit at `index` in `history.commits`, added there the first time it is needed.
fn shown(
    index: &mut Option<usize>,
    history: &mut History,
    info: &mut Option<CommitInfo>,
    oid: Oid,
) -> usize {
    *index.get_or_insert_with(|| {
        // `info` is there whenever the commit changed a file (the reader and the cache
        // make sure); the bare id only keeps a broken promise from being a panic.
        history.commits.push(info.take().unwrap_or_else(|| {
            let id = oid.to_string();
            CommitInfo {
                short_id: id[..7.min(id.len())].to_owned(),
                id,
                time: 0,
                date: String::new(),
                author: String::new(),
                email: String::new(),
                subject: String::new(),
            }
        }));
        history.commits.len() - 1
    })
}

/// What one commit did to the workspace's files, from its diffs against each parent.
struct Effect {
    /// Paths (at this commit) it changed, how, and what they say now; `None` for a merge
    /// with a parent that could not be read (it then claims nothing).
    touched: Option<Touched>,
    /// Paths it only moved (same blob).
    moved_only: HashSet<String>,
    /// Files it changed that are no document today, with their blob.
    gone: Vec<(String, Oid)>,
    /// What a merge brought into its first parent's line.
    brought: Vec<Change>,
}

/// Works out what a commit with these `sides` did, and hands what each path means on to
/// its parents (through `pending`).
fn effect(
    sides: Vec<Side>,
    identity: &Rc<PathIdentity>,
    pending: &mut HashMap<Oid, Rc<PathIdentity>>,
) -> Effect {
    // Paths (at this commit) changed from each parent. A commit with one
    // parent changes every path in its diff, a rename included; a merge changes
    // a path only where its content differs from every parent's (as git's
    // combined diff says): what one side brought is counted in that side's own
    // commits, and a conflict resolution is counted here.
    let merge = sides.len() > 1;
    let mut touched: Option<Touched> = None;
    // Paths this commit only moved (same blob): part of their history, but not a
    // change to their text. (A merge counts only paths whose text differs.)
    let mut moved_only: HashSet<String> = HashSet::new();
    // Files this commit changed that are no document today (deleted here or
    // later): kept with their text, so outputs can tell what they were.
    let mut gone: Vec<(String, Oid)> = Vec::new();
    // What a merge brought into its first parent's line (its diff from that
    // parent): not its own change, but its subject names the branch that did it.
    let mut brought: Vec<Change> = Vec::new();
    // A parent whose tree cannot be read: what a merge changed relative to it is
    // unknown, so the merge claims nothing (its sides are walked on their own).
    let mut unknown_parent = false;
    for (n, side) in sides.into_iter().enumerate() {
        let Some(changes) = side.changes else {
            if let Some(parent) = side.parent {
                hand_on(pending, parent, Rc::clone(identity));
            }
            unknown_parent = true;
            continue;
        };
        let mut here: Touched = HashMap::new();
        for change in &changes {
            if change.status != Delta::Deleted && (!merge || change.new_content) {
                here.insert(change.new_path.clone(), (change.status, change.blob));
            }
            if !merge && !change.new_content {
                moved_only.insert(change.new_path.clone());
            }
            // (A merge's sides are walked on their own.)
            if !merge
                && (change.status == Delta::Deleted || identity.today(&change.new_path).is_none())
            {
                gone.push((change.new_path.clone(), change.blob));
            }
        }
        if let Some(parent) = side.parent {
            let before = at_parent(&changes, identity).map_or_else(|| Rc::clone(identity), Rc::new);
            hand_on(pending, parent, before);
        }
        if merge && n == 0 {
            brought = changes;
        }
        touched = Some(match touched {
            None => here,
            Some(so_far) => changed_from_every_parent(so_far, &here),
        });
    }
    if merge && unknown_parent {
        touched = None;
    }
    Effect {
        touched,
        moved_only,
        gone,
        brought,
    }
}

/// What paths mean at the parent, given what they mean here and the `changes` from
/// that parent; `None` when the changes leave every meaning as it is. Ends first: a path
/// added or renamed onto here holds another file in the parent; then renames point old
/// paths at today's documents.
fn at_parent(changes: &[Change], identity: &PathIdentity) -> Option<PathIdentity> {
    let mut before: Option<PathIdentity> = None;
    for change in changes {
        if matches!(
            change.status,
            Delta::Added | Delta::Renamed | Delta::Deleted
        ) {
            let before = before.get_or_insert_with(|| identity.clone());
            before.end(change.new_path.clone());
        }
    }
    for change in changes {
        if let (Delta::Renamed, Some(old)) = (change.status, &change.old_path) {
            let before = before.get_or_insert_with(|| identity.clone());
            before.set(old.clone(), identity.today(&change.new_path));
        }
    }
    before
}

/// Paths a commit changed: how, and the blob of what each says after it.
type Touched = HashMap<String, (Delta, Oid)>;

/// A merge changed a path only where it differs from every parent: keeps the paths of
/// `so_far` (changed from the parents seen so far) also changed from this one (`here`).
fn changed_from_every_parent(mut so_far: Touched, here: &Touched) -> Touched {
    so_far.retain(|path, (status, _)| match here.get(path) {
        Some((Delta::Added, _)) => true,
        Some(_) => {
            *status = Delta::Modified;
            true
        }
        None => false,
    });
    so_far
}

impl GitRepo {
    /// The history of every Markdown file in the workspace as of `rev` (HEAD when
    /// `None`). With `worktree`, uncommitted changes are noted too. What earlier runs
    /// found is read from the cache (`history_cache.rs`): only commits it does not
    /// know are diffed, and none when the start commit has not moved.
    pub fn history(&self, rev: Option<&str>, worktree: bool) -> Result<History, Error> {
        self.last_read.set(None);
        let mut history = History {
            truncated: self.is_shallow(),
            ..History::default()
        };
        let start = match rev {
            Some(rev) => Some(self.commit(rev)?),
            None => self.repo.head().ok().and_then(|h| h.peel_to_commit().ok()),
        };
        if let Some(start) = &start {
            let mut cache = HistoryCache::load(self);
            if let Some(cached) = cache.take_history_at(start.id()) {
                history = cached;
                self.last_read.set(Some(HistoryRead::Cached));
            } else {
                history.head = Some(commit_info(start));
                let mut missing = Missing::default();
                let mut blobs = VersionBlobs::new();
                let order = cache.fast_forward(self, start.id());
                self.walk(
                    start.id(),
                    order,
                    (&mut history, &mut blobs),
                    &mut missing,
                    cache.memo(),
                )?;
                self.fingerprint_versions(
                    &mut history,
                    &blobs,
                    cache.fingerprints(),
                    &mut missing,
                )?;
                history.missing_objects = missing.list;
                self.last_read.set(Some(cache.memo().read()));
                // What a walk that met missing objects says may change once they are
                // fetched.
                if history.missing_objects.is_empty() {
                    cache.save(self, start.id(), &history, &blobs);
                }
            }
        }
        if worktree {
            self.note_uncommitted(&mut history)?;
        }
        Ok(history)
    }

    /// Fills in what each version of each document says, from the blobs the walk noted:
    /// each blob not fingerprinted before is read now. One that cannot be read leaves its
    /// version unknown (`None`: then any change to it counts as material).
    fn fingerprint_versions(
        &self,
        history: &mut History,
        blobs: &VersionBlobs,
        fingerprints: &mut Fingerprints,
        missing: &mut Missing,
    ) -> Result<(), Error> {
        let all: Vec<Oid> = blobs.values().flatten().copied().collect();
        for (blob, e) in fingerprints.add(&self.repo, &all) {
            missing.tolerate(e, Some(blob))?;
        }
        for (path, doc) in &mut history.docs {
            let Some(blobs) = blobs.get(path) else {
                continue;
            };
            doc.versions = blobs
                .iter()
                .map(|&b| fingerprints.get(b).cloned())
                .collect();
        }
        Ok(())
    }

    /// Walks the commits from `start`. What needs an object the repository does not have
    /// is skipped and the object noted in `missing`: a revision that cannot be listed ends
    /// the walk there, a commit or tree that cannot be read drops that commit's changes,
    /// and a blob that cannot be read only stops renames being found in that commit.
    /// Commits in `memo` are not read again; with `order` (from the cache), git does not
    /// list the commits either.
    fn walk(
        &self,
        start: Oid,
        order: Option<Vec<Oid>>,
        (history, blobs): (&mut History, &mut VersionBlobs),
        missing: &mut Missing,
        memo: &mut Memo,
    ) -> Result<(), Error> {
        let walk: Box<dyn Iterator<Item = Result<Oid, git2::Error>>> = match order {
            Some(order) => Box::new(order.into_iter().map(Ok)),
            None => {
                let mut walk = self.repo.revwalk().map_err(fail)?;
                walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
                    .map_err(fail)?;
                walk.push(start).map_err(fail)?;
                Box::new(walk)
            }
        };
        let boundary = self.shallow_boundary();
        let mut diff_options = DiffOptions::new();
        if !self.prefix.is_empty() {
            diff_options.pathspec(&self.prefix);
        }
        // What each path means at the commits still to visit, handed from children to
        // parents. Topological order visits every child before its parents, so an entry
        // is complete when its commit comes up, and is dropped then.
        let mut pending: HashMap<Oid, Rc<PathIdentity>> = HashMap::new();
        let odb = self.repo.odb().map_err(fail)?;
        let mut trees = TreeDiffer::new(&odb);
        for oid in walk {
            let oid = match oid {
                Ok(oid) => oid,
                Err(e) => {
                    missing.tolerate(e, None)?;
                    break; // the walk cannot go past a commit it cannot read
                }
            };
            memo.walked.push(oid);
            let identity = pending.remove(&oid).unwrap_or_default();
            let read = match memo.take(oid) {
                Some(known) => Read::from_cache(known),
                None => {
                    memo.diffed();
                    let read =
                        self.read_commit(oid, &boundary, (&mut diff_options, &mut trees), missing)?;
                    if let Some(known) = read.to_cache() {
                        memo.keep(oid, known);
                    }
                    read
                }
            };
            let (sides, info, cut_off) = match read {
                Read::Unknown { parents } => {
                    for parent in parents {
                        hand_on(&mut pending, parent, Rc::clone(&identity));
                    }
                    continue;
                }
                Read::Known {
                    sides,
                    info,
                    cut_off,
                } => (sides, info, cut_off),
            };

            let effect = effect(sides, &identity, &mut pending);
            self.record((history, blobs), info, oid, &identity, effect, cut_off);
        }
        Ok(())
    }

    /// Records what one commit did in `history`: against today's documents, the files
    /// gone since, and what a merge brought in.
    fn record(
        &self,
        (history, blobs): (&mut History, &mut VersionBlobs),
        mut info: Option<CommitInfo>,
        oid: Oid,
        identity: &PathIdentity,
        effect: Effect,
        cut_off: bool,
    ) {
        let Effect {
            touched,
            moved_only,
            gone,
            brought,
        } = effect;

        let mut index = None;
        for change in brought {
            let i = shown(&mut index, history, &mut info, oid);
            let today = identity
                .today(&change.new_path)
                .filter(|_| change.status != Delta::Deleted);
            let commits = match today {
                Some(today) => history.merged.entry(today).or_default(),
                None => {
                    let blob = change.blob;
                    &mut history
                        .gone
                        .entry(change.new_path)
                        .or_insert_with(|| GoneDoc {
                            text: self.blob_text(blob),
                            commits: Vec::new(),
                        })
                        .commits
                }
            };
            if commits.last() != Some(&i) {
                commits.push(i);
            }
        }
        for (path, blob) in gone {
            let i = shown(&mut index, history, &mut info, oid);
            let doc = history.gone.entry(path).or_insert_with(|| GoneDoc {
                // Newest first: this is the file's last text.
                text: self.blob_text(blob),
                commits: Vec::new(),
            });
            if doc.commits.last() != Some(&i) {
                doc.commits.push(i);
            }
        }
        for (path, (status, blob)) in touched.unwrap_or_default() {
            let Some(today) = identity.today(&path) else {
                continue;
            };
            let i = shown(&mut index, history, &mut info, oid);
            let doc = history.docs.entry(today.clone()).or_default();
            if doc.commits.last() != Some(&i) {
                doc.commits.push(i);
                // Filled in after the walk (`fingerprint_versions`).
                doc.versions.push(None);
                blobs.entry(today).or_default().push(blob);
            }
            if doc.last_content.is_none() && !moved_only.contains(&path) {
                doc.last_content = Some(i);
            }
            if status == Delta::Added {
                // A file at the edge of a shallow clone was not necessarily created
                // there.
                doc.created_known = !cut_off;
            }
        }
    }

    /// Reads from git what `oid` changed relative to each parent.
    fn read_commit(
        &self,
        oid: Oid,
        boundary: &HashSet<Oid>,
        (options, trees): (&mut DiffOptions, &mut TreeDiffer),
        missing: &mut Missing,
    ) -> Result<Read, Error> {
        let commit = match self.repo.find_commit(oid) {
            Ok(commit) => commit,
            Err(e) => {
                missing.tolerate(e, Some(oid))?;
                return Ok(Read::Unknown {
                    parents: Vec::new(),
                });
            }
        };
        let tree = match commit.tree() {
            Ok(tree) => tree,
            Err(e) => {
                missing.tolerate(e, Some(commit.tree_id()))?;
                return Ok(Read::Unknown {
                    parents: commit.parent_ids().collect(),
                });
            }
        };
        // `None`: the root commit, or a parent beyond the edge of a shallow clone.
        let mut parents: Vec<Option<git2::Commit>> = Vec::new();
        for n in 0..commit.parent_count() {
            match commit.parent(n) {
                Ok(parent) => parents.push(Some(parent)),
                Err(e) => missing.tolerate(e, commit.parent_id(n).ok())?,
            }
        }
        if parents.is_empty() {
            if commit.parent_count() > 0 {
                // Not a root: what it changed is unknown.
                return Ok(Read::Unknown {
                    parents: Vec::new(),
                });
            }
            parents.push(None);
        }
        let cut_off = parents.iter().all(Option::is_none) && boundary.contains(&oid);
        let mut sides = Vec::with_capacity(parents.len());
        for parent in &parents {
            let changes = match parent.as_ref().map(|p| p.tree()).transpose() {
                Ok(parent_tree) => {
                    self.changes(parent_tree.as_ref(), &tree, (options, trees), missing)?
                }
                Err(e) => {
                    missing.tolerate(e, parent.as_ref().map(git2::Commit::tree_id))?;
                    None
                }
            };
            sides.push(Side {
                parent: parent.as_ref().map(git2::Commit::id),
                changes,
            });
        }
        let changed = sides
            .iter()
            .any(|s| s.changes.as_ref().is_some_and(|c| !c.is_empty()));
        Ok(Read::Known {
            sides,
            info: changed.then(|| commit_info(&commit)),
            cut_off,
        })
    }

    /// The Markdown files of the workspace that differ between `parent` and `tree`,
    /// with renames found when the diff has both additions and deletions. `None` when a
    /// tree the diff needs is missing; without a blob renames need, no renames. The
    /// quick diff (`tree_diff.rs`) answers when no rename search is needed.
    fn changes(
        &self,
        parent: Option<&git2::Tree>,
        tree: &git2::Tree,
        (options, trees): (&mut DiffOptions, &mut TreeDiffer),
        missing: &mut Missing,
    ) -> Result<Option<Vec<Change>>, Error> {
        if let Some(deltas) = trees.diff(parent.map(git2::Tree::id), tree.id(), &self.prefix) {
            return Ok(Some(
                deltas
                    .into_iter()
                    .filter_map(|d| {
                        let path = self.workspace_path(&d.path)?;
                        is_markdown(&path).then(|| Change {
                            blob: if d.status == Delta::Deleted {
                                d.old
                            } else {
                                d.new
                            },
                            status: d.status,
                            new_content: d.old != d.new,
                            old_path: Some(path.clone()),
                            new_path: path,
                        })
                    })
                    .collect(),
            ));
        }
        let tree_diff = |options: &mut DiffOptions| {
            self.repo
                .diff_tree_to_tree(parent, Some(tree), Some(options))
        };
        let mut diff = match tree_diff(options) {
            Ok(diff) => diff,
            Err(e) => {
                missing.tolerate(e, None)?;
                return Ok(None);
            }
        };
        let has_add = diff.deltas().any(|d| d.status() == Delta::Added);
        let has_delete = diff.deltas().any(|d| d.status() == Delta::Deleted);
        if has_add
            && has_delete
            && let Err(e) = diff.find_similar(Some(DiffFindOptions::new().renames(true)))
        {
            missing.tolerate(e, None)?;
            // A failed search may leave the diff half-rewritten: start again without it.
            diff = tree_diff(options).map_err(fail)?;
        }
        let path = |f: git2::DiffFile| {
            f.path()
                .and_then(|p| p.to_str())
                .and_then(|p| self.workspace_path(p))
        };
        let changes: Vec<Change> = diff
            .deltas()
            .filter_map(|delta| {
                let new_path = path(delta.new_file())?;
                is_markdown(&new_path).then(|| Change {
                    blob: if delta.status() == Delta::Deleted {
                        delta.old_file().id()
                    } else {
                        delta.new_file().id()
                    },
                    status: delta.status(),
                    new_content: delta.old_file().id() != delta.new_file().id(),
                    old_path: path(delta.old_file()),
                    new_path,
                })
            })
            .collect();
        Ok(Some(changes))
    }

    /// A file's text, or `None` when the object is missing (a partial clone).
    fn blob_text(&self, blob: Oid) -> Option<Arc<str>> {
        let blob = self.repo.find_blob(blob).ok()?;
        Some(String::from_utf8_lossy(blob.content()).into())
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
            .include_ignored(false)
            // `git mv` (staged) or a plain move (not yet added) keeps the file's history.
            .renames_head_to_index(true)
            .renames_index_to_workdir(true);
        if !self.prefix.is_empty() {
            options.pathspec(&self.prefix);
        }
        let statuses = self.repo.statuses(Some(&mut options)).map_err(|e| {
            git_error(
                format!("cannot read the work tree status: {}", e.message()),
                "check that `git status` works here".into(),
            )
        })?;
        let path = |f: git2::DiffFile| {
            f.path()
                .and_then(|p| p.to_str())
                .and_then(|p| self.workspace_path(p))
        };
        for entry in statuses.iter() {
            // A renamed entry is named by its old path; the file is now at the new one
            // (after both the staged and the unstaged rename, when there are two).
            let old = entry
                .head_to_index()
                .and_then(|d| path(d.old_file()))
                .or_else(|| entry.index_to_workdir().and_then(|d| path(d.old_file())));
            let new = entry
                .index_to_workdir()
                .and_then(|d| path(d.new_file()))
                .or_else(|| entry.head_to_index().and_then(|d| path(d.new_file())))
                .or_else(|| entry.path().ok().and_then(|p| self.workspace_path(p)));
            let Some(new) = new else {
                continue;
            };
            if !is_markdown(&new) {
                continue;
            }
            let status = entry.status();
            let renamed = status.intersects(Status::WT_RENAMED | Status::INDEX_RENAMED);
            if renamed
                && let Some(old) = old.filter(|old| *old != new)
                && let Some(doc) = history.docs.remove(&old)
            {
                history.docs.insert(new.clone(), doc);
            }
            let kind = if status.intersects(Status::WT_NEW | Status::INDEX_NEW) {
                Uncommitted::New
            } else if renamed
                || status.intersects(
                    Status::WT_MODIFIED
                        | Status::INDEX_MODIFIED
                        | Status::WT_TYPECHANGE
                        | Status::INDEX_TYPECHANGE,
                )
            {
                Uncommitted::Modified
            } else {
                continue;
            };
            history.docs.entry(new).or_default().uncommitted = Some(kind);
        }
        Ok(())
    }
}
