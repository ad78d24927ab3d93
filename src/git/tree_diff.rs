//! The files that differ between two trees, found by walking both trees' entries side
//! by side and skipping every subtree whose id is the same in both: what libgit2's
//! `diff_tree_to_tree` reports for a diff without rename detection, at a fraction of its
//! cost (it builds a full path, matches the pathspec and allocates for every entry of
//! every tree it opens). The history walk diffs every commit, so this is most of a first
//! walk. Trees are read raw from the object database and their entries compared as
//! bytes: parsing a tree into libgit2's entries (each mode read as an octal number, each
//! entry copied) costs more than the whole comparison, and two versions of a folder of a
//! thousand files differ in one or two entries. Anything out of the ordinary (a rename
//! to look for, a name that is not UTF-8, an unusual file mode, a workspace folder named
//! with glob characters, an object that cannot be read) is left to libgit2, which then
//! says exactly what it always did.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

use git2::{Delta, ObjectType, Odb, OdbObject, Oid};

/// One file that differs, with its path from the repository's root.
pub(super) struct FileDelta {
    pub status: Delta,
    pub path: String,
    pub old: Oid,
    pub new: Oid,
}

/// Diffs trees, keeping the trees of the last diff: a walk diffs a commit against its
/// parent, then the parent against its own, so each tree is read once, not twice
/// (libgit2 keeps no tree larger than 4 KiB in its cache).
pub(super) struct TreeDiffer<'o> {
    odb: &'o Odb<'o>,
    last: HashMap<Oid, Rc<OdbObject<'o>>>,
    this: HashMap<Oid, Rc<OdbObject<'o>>>,
}

impl<'o> TreeDiffer<'o> {
    pub fn new(odb: &'o Odb<'o>) -> TreeDiffer<'o> {
        TreeDiffer {
            odb,
            last: HashMap::new(),
            this: HashMap::new(),
        }
    }

    /// The files under `prefix` (a `/`-terminated folder, or empty) that differ
    /// between the trees `old` (`None`: the empty tree) and `new`, in path order; `None`
    /// when libgit2 should make the diff: the diff needs a rename search (it adds and
    /// deletes files) or something here is out of the ordinary.
    pub fn diff(&mut self, old: Option<Oid>, new: Oid, prefix: &str) -> Option<Vec<FileDelta>> {
        let found = quick_diff(self, old, new, prefix);
        self.last = std::mem::take(&mut self.this);
        found
    }

    /// The raw bytes of tree `id`.
    fn tree(&mut self, id: Oid) -> Result<Rc<OdbObject<'o>>, GiveUp> {
        if let Some(tree) = self.this.get(&id) {
            return Ok(Rc::clone(tree));
        }
        let tree = match self.last.remove(&id) {
            Some(tree) => tree,
            None => {
                let object = self.odb.read(id).map_err(|_| GiveUp)?;
                if object.kind() != ObjectType::Tree {
                    return Err(GiveUp);
                }
                Rc::new(object)
            }
        };
        self.this.insert(id, Rc::clone(&tree));
        Ok(tree)
    }

    /// The id of the folder `prefix` in the tree `root`: `Some(None)` when there is no
    /// such folder; `None` when a file stands where a folder of it should be.
    fn folder(&mut self, root: Oid, prefix: &str) -> Result<Option<Oid>, GiveUp> {
        let mut at = root;
        for name in prefix.trim_end_matches('/').split('/') {
            if name.is_empty() {
                return Err(GiveUp);
            }
            let tree = self.tree(at)?;
            let Some(entry) = entries(tree.data()).find(|e| match e {
                Ok(e) => e.name == name.as_bytes(),
                Err(GiveUp) => true,
            }) else {
                return Ok(None);
            };
            let entry = entry?;
            if !entry.is_tree() {
                return Err(GiveUp);
            }
            at = entry.id()?;
        }
        Ok(Some(at))
    }
}

fn quick_diff(
    trees: &mut TreeDiffer,
    old: Option<Oid>,
    new: Oid,
    prefix: &str,
) -> Option<Vec<FileDelta>> {
    // libgit2 reads the workspace folder as a pathspec, where these are patterns.
    if prefix.contains(['*', '?', '[', '\\']) {
        return None;
    }
    let mut folder = |tree: Oid| {
        if prefix.is_empty() {
            Ok(Some(tree))
        } else {
            trees.folder(tree, prefix)
        }
    };
    let old_id = match old {
        Some(old) => folder(old).ok()?,
        None => None,
    };
    let new_id = folder(new).ok()?;
    let mut out = Vec::new();
    if old_id != new_id {
        let mut find = |id: Option<Oid>| id.map(|id| trees.tree(id)).transpose();
        let (old, new) = (find(old_id).ok()?, find(new_id).ok()?);
        let mut base = prefix.to_owned();
        compare(
            trees,
            data(old.as_deref()),
            data(new.as_deref()),
            &mut base,
            &mut out,
        )
        .ok()?;
    }
    let adds = out.iter().any(|d| d.status == Delta::Added);
    let deletes = out.iter().any(|d| d.status == Delta::Deleted);
    (!(adds && deletes)).then_some(out)
}

/// The bytes of a raw tree; none for the empty tree.
fn data<'t>(tree: Option<&'t OdbObject>) -> &'t [u8] {
    tree.map_or(&[], OdbObject::data)
}

/// Why the quick diff gives up: libgit2 takes over.
struct GiveUp;

/// The bytes of an object id (SHA-1; a repository with longer ids is left to libgit2).
const OID_LEN: usize = 20;

/// One entry of a raw tree: `mode SP name NUL id`.
struct Entry<'a> {
    /// The whole entry, to compare with another in one go.
    raw: &'a [u8],
    mode: &'a [u8],
    name: &'a [u8],
}

impl Entry<'_> {
    fn is_tree(&self) -> bool {
        self.mode == b"40000"
    }

    fn id(&self) -> Result<Oid, GiveUp> {
        Oid::from_bytes(&self.raw[self.raw.len() - OID_LEN..]).map_err(|_| GiveUp)
    }
}

/// The entry of `tree` that starts at `at`: `None` past the end.
fn entry_at(tree: &[u8], at: usize) -> Option<Result<Entry<'_>, GiveUp>> {
    let rest = tree.get(at..).filter(|r| !r.is_empty())?;
    let parsed = || {
        let space = rest.iter().position(|&b| b == b' ')?;
        let nul = space + 1 + rest[space + 1..].iter().position(|&b| b == 0)?;
        let raw = rest.get(..nul + 1 + OID_LEN)?;
        let mode = &rest[..space];
        // What libgit2 writes; any other mode (a legacy `100664`, a zero-padded one)
        // libgit2 normalises, and compares, its own way.
        if !matches!(
            mode,
            b"40000" | b"100644" | b"100755" | b"120000" | b"160000"
        ) {
            return None;
        }
        Some(Entry {
            raw,
            mode,
            name: &rest[space + 1..nul],
        })
    };
    Some(parsed().ok_or(GiveUp))
}

/// The length of the entry of `tree` at `at`, read no further than its end: enough to
/// skip it when the other tree has the same bytes there (what those bytes say does not
/// matter then). A mode has at least five digits, then a space and a name of at least
/// one byte.
fn entry_len(tree: &[u8], at: usize) -> Option<usize> {
    const NAME_END_FROM: usize = 7;
    let nul = tree
        .get(at + NAME_END_FROM..)?
        .iter()
        .position(|&b| b == 0)?;
    Some(NAME_END_FROM + nul + 1 + OID_LEN)
}

/// The entries of a raw tree, in order.
fn entries(tree: &[u8]) -> impl Iterator<Item = Result<Entry<'_>, GiveUp>> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let entry = entry_at(tree, at)?;
        at = entry.as_ref().map_or(tree.len(), |e| at + e.raw.len());
        Some(entry)
    })
}

/// Adds the files that differ between two raw trees (either may be empty) to `out`,
/// with `base` in front of their names.
fn compare(
    trees: &mut TreeDiffer,
    old: &[u8],
    new: &[u8],
    base: &mut String,
    out: &mut Vec<FileDelta>,
) -> Result<(), GiveUp> {
    let (mut i, mut j) = (0, 0);
    loop {
        // Most entries are the same on both sides: one comparison of bytes, no parsing.
        if let Some(same) = entry_len(old, i).and_then(|len| old.get(i..i + len))
            && new.get(j..j + same.len()) == Some(same)
        {
            i += same.len();
            j += same.len();
            continue;
        }
        let a = entry_at(old, i).transpose()?;
        let b = entry_at(new, j).transpose()?;
        let order = match (&a, &b) {
            (Some(a), Some(b)) => git_order(a, b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => return Ok(()),
        };
        match (order, a, b) {
            (Ordering::Less, Some(a), _) => {
                one_side(trees, &a, Delta::Deleted, base, out)?;
                i += a.raw.len();
            }
            (Ordering::Greater, _, Some(b)) => {
                one_side(trees, &b, Delta::Added, base, out)?;
                j += b.raw.len();
            }
            (Ordering::Equal, Some(a), Some(b)) => {
                // Not the same bytes: another id or mode.
                if a.is_tree() && b.is_tree() {
                    let (a_tree, b_tree) = (trees.tree(a.id()?)?, trees.tree(b.id()?)?);
                    in_folder(base, a.name, |base| {
                        compare(trees, a_tree.data(), b_tree.data(), base, out)
                    })?;
                } else {
                    out.push(FileDelta {
                        status: Delta::Modified,
                        path: joined(base, b.name)?,
                        old: a.id()?,
                        new: b.id()?,
                    });
                }
                i += a.raw.len();
                j += b.raw.len();
            }
            _ => return Err(GiveUp),
        }
        // The rest of both trees is often the same bytes: done in one comparison.
        if old.len() - i == new.len() - j && old[i..] == new[j..] {
            return Ok(());
        }
    }
}

/// An entry only one side has: a file added or deleted, or every file of a folder.
fn one_side(
    trees: &mut TreeDiffer,
    entry: &Entry,
    status: Delta,
    base: &mut String,
    out: &mut Vec<FileDelta>,
) -> Result<(), GiveUp> {
    if entry.is_tree() {
        let tree = trees.tree(entry.id()?)?;
        return in_folder(base, entry.name, |base| match status {
            Delta::Deleted => compare(trees, tree.data(), &[], base, out),
            _ => compare(trees, &[], tree.data(), base, out),
        });
    }
    let (old, new) = match status {
        Delta::Deleted => (entry.id()?, Oid::ZERO_SHA1),
        _ => (Oid::ZERO_SHA1, entry.id()?),
    };
    out.push(FileDelta {
        status,
        path: joined(base, entry.name)?,
        old,
        new,
    });
    Ok(())
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
fn git_order(a: &Entry, b: &Entry) -> Ordering {
    let (x, y) = (a.name, b.name);
    let n = x.len().min(y.len());
    x[..n].cmp(&y[..n]).then_with(|| {
        let next = |name: &[u8], tree: bool| match name.get(n) {
            Some(&c) => c,
            None if tree => b'/',
            None => 0,
        };
        next(x, a.is_tree()).cmp(&next(y, b.is_tree()))
    })
}

#[cfg(test)]
mod tests;
