//! The files that differ between two trees, found by walking both trees' entries side
//! by side and skipping every subtree whose id is the same in both: what libgit2's
//! `diff_tree_to_tree` reports for a diff without rename detection, at a fraction of its
//! cost (it builds a full path, matches the pathspec and allocates for every entry of
//! every tree it opens). The history walk diffs every commit, so this is most of a first
//! walk. Anything out of the ordinary (a rename to look for, a name that is not UTF-8, a
//! workspace folder named with glob characters, an object that cannot be read) is left
//! to libgit2, which then says exactly what it always did.

use std::cmp::Ordering;
use std::collections::HashMap;

use git2::{Delta, ObjectType, Oid, Repository, Tree};

/// One file that differs, with its path from the repository's root.
pub(super) struct FileDelta {
    pub status: Delta,
    pub path: String,
    pub old: Oid,
    pub new: Oid,
}

/// Diffs trees, keeping the subtrees of the last diff: a walk diffs a commit against its
/// parent, then the parent against its own, so each tree is opened once, not twice
/// (libgit2 keeps no tree larger than 4 KiB in its cache).
pub(super) struct TreeDiffer<'r> {
    repo: &'r Repository,
    last: HashMap<Oid, Tree<'r>>,
    this: HashMap<Oid, Tree<'r>>,
}

impl<'r> TreeDiffer<'r> {
    pub fn new(repo: &'r Repository) -> TreeDiffer<'r> {
        TreeDiffer {
            repo,
            last: HashMap::new(),
            this: HashMap::new(),
        }
    }

    /// The files under `prefix` (a `/`-terminated folder, or empty) that differ
    /// between `old` (`None`: the empty tree) and `new`, in path order; `None` when
    /// libgit2 should make the diff: the diff needs a rename search (it adds and
    /// deletes files) or something here is out of the ordinary.
    pub fn diff(&mut self, old: Option<&Tree>, new: &Tree, prefix: &str) -> Option<Vec<FileDelta>> {
        let found = quick_diff(self, old, new, prefix);
        self.last = std::mem::take(&mut self.this);
        found
    }

    fn tree(&mut self, id: Oid) -> Result<Tree<'r>, GiveUp> {
        if let Some(tree) = self.this.get(&id) {
            return Ok(tree.clone());
        }
        let tree = match self.last.remove(&id) {
            Some(tree) => tree,
            None => self.repo.find_tree(id).map_err(|_| GiveUp)?,
        };
        self.this.insert(id, tree.clone());
        Ok(tree)
    }
}

fn quick_diff(
    trees: &mut TreeDiffer,
    old: Option<&Tree>,
    new: &Tree,
    prefix: &str,
) -> Option<Vec<FileDelta>> {
    // libgit2 reads the workspace folder as a pathspec, where these are patterns.
    if prefix.contains(['*', '?', '[', '\\']) {
        return None;
    }
    let folder = |tree: &Tree| -> Option<Option<Oid>> {
        if prefix.is_empty() {
            return Some(Some(tree.id()));
        }
        match tree.get_path(std::path::Path::new(prefix.trim_end_matches('/'))) {
            Ok(entry) if entry.kind() == Some(ObjectType::Tree) => Some(Some(entry.id())),
            Ok(_) => None, // a file where the folder should be
            Err(e) if e.code() == git2::ErrorCode::NotFound => Some(None),
            Err(_) => None,
        }
    };
    let old_id = match old {
        Some(old) => folder(old)?,
        None => None,
    };
    let new_id = folder(new)?;
    let mut out = Vec::new();
    if old_id != new_id {
        let mut find = |id: Option<Oid>| id.map(|id| trees.tree(id)).transpose();
        let (old, new) = (find(old_id).ok()?, find(new_id).ok()?);
        let mut base = prefix.to_owned();
        compare(trees, old.as_ref(), new.as_ref(), &mut base, &mut out).ok()?;
    }
    let adds = out.iter().any(|d| d.status == Delta::Added);
    let deletes = out.iter().any(|d| d.status == Delta::Deleted);
    (!(adds && deletes)).then_some(out)
}

/// Why the quick diff gives up: libgit2 takes over.
struct GiveUp;

/// Adds the files that differ between two trees (either may be absent) to `out`, with
/// `base` in front of their names.
fn compare(
    trees: &mut TreeDiffer,
    old: Option<&Tree>,
    new: Option<&Tree>,
    base: &mut String,
    out: &mut Vec<FileDelta>,
) -> Result<(), GiveUp> {
    let (old_len, new_len) = (old.map_or(0, Tree::len), new.map_or(0, Tree::len));
    let (mut i, mut j) = (0, 0);
    while i < old_len || j < new_len {
        let a = old.and_then(|t| t.get(i));
        let b = new.and_then(|t| t.get(j));
        let order = match (&a, &b) {
            (Some(a), Some(b)) => git_order(a, b),
            (Some(_), None) => Ordering::Less,
            (None, _) => Ordering::Greater,
        };
        match order {
            Ordering::Less => {
                let a = a.ok_or(GiveUp)?;
                one_side(trees, &a, Delta::Deleted, base, out)?;
                i += 1;
            }
            Ordering::Greater => {
                let b = b.ok_or(GiveUp)?;
                one_side(trees, &b, Delta::Added, base, out)?;
                j += 1;
            }
            Ordering::Equal => {
                let (a, b) = (a.ok_or(GiveUp)?, b.ok_or(GiveUp)?);
                if a.id() != b.id() || a.filemode() != b.filemode() {
                    if is_tree(&a) && is_tree(&b) {
                        let (a_tree, b_tree) = (subtree(trees, &a)?, subtree(trees, &b)?);
                        in_folder(base, a.name_bytes(), |base| {
                            compare(trees, Some(&a_tree), Some(&b_tree), base, out)
                        })?;
                    } else {
                        out.push(FileDelta {
                            status: Delta::Modified,
                            path: joined(base, b.name_bytes())?,
                            old: a.id(),
                            new: b.id(),
                        });
                    }
                }
                i += 1;
                j += 1;
            }
        }
    }
    Ok(())
}

/// An entry only one side has: a file added or deleted, or every file of a folder.
fn one_side(
    trees: &mut TreeDiffer,
    entry: &git2::TreeEntry,
    status: Delta,
    base: &mut String,
    out: &mut Vec<FileDelta>,
) -> Result<(), GiveUp> {
    if is_tree(entry) {
        let tree = subtree(trees, entry)?;
        return in_folder(base, entry.name_bytes(), |base| match status {
            Delta::Deleted => compare(trees, Some(&tree), None, base, out),
            _ => compare(trees, None, Some(&tree), base, out),
        });
    }
    let (old, new) = match status {
        Delta::Deleted => (entry.id(), Oid::ZERO_SHA1),
        _ => (Oid::ZERO_SHA1, entry.id()),
    };
    out.push(FileDelta {
        status,
        path: joined(base, entry.name_bytes())?,
        old,
        new,
    });
    Ok(())
}

fn is_tree(entry: &git2::TreeEntry) -> bool {
    entry.kind() == Some(ObjectType::Tree)
}

fn subtree<'r>(trees: &mut TreeDiffer<'r>, entry: &git2::TreeEntry) -> Result<Tree<'r>, GiveUp> {
    trees.tree(entry.id())
}

/// Runs `inside` with `name/` added to `base`, then takes it off again.
fn in_folder(
    base: &mut String,
    name: &[u8],
    inside: impl FnOnce(&mut String) -> Result<(), GiveUp>,
) -> Result<(), GiveUp> {
    let len = base.len();
    base.push_str(std::str::from_utf8(name).map_err(|_| GiveUp)?);
    base.push('/');
    let result = inside(base);
    base.truncate(len);
    result
}

fn joined(base: &str, name: &[u8]) -> Result<String, GiveUp> {
    let name = std::str::from_utf8(name).map_err(|_| GiveUp)?;
    Ok(format!("{base}{name}"))
}

/// The order of entries in a git tree: by name, a folder's name as if it ended in `/`.
fn git_order(a: &git2::TreeEntry, b: &git2::TreeEntry) -> Ordering {
    let (x, y) = (a.name_bytes(), b.name_bytes());
    let n = x.len().min(y.len());
    x[..n].cmp(&y[..n]).then_with(|| {
        let next = |name: &[u8], tree: bool| match name.get(n) {
            Some(&c) => c,
            None if tree => b'/',
            None => 0,
        };
        next(x, is_tree(a)).cmp(&next(y, is_tree(b)))
    })
}

#[cfg(test)]
mod tests;
