//! Writing a rename all or nothing. Every new text goes to a temporary file beside its
//! destination first (the step that fails on a full disk or a read-only folder, while
//! nothing has changed yet); a read-only file is refused then too, rather than replaced
//! behind its owner's back. Then each text is renamed into place (a moved file never
//! over one that appeared since) and a moved file's old path removed, each step noted;
//! if one fails, the steps done are undone from the texts held in memory, newest first,
//! so the work tree is byte for byte as it was.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::author::FileChange;
use crate::error::{Error, Result};

/// Writes every change under `root`.
pub fn write_all(root: &Path, changes: &[FileChange]) -> Result<()> {
    let mut created_dirs = Vec::new();
    let result = stage(root, changes, &mut created_dirs).and_then(|staged| {
        let mut done = Vec::new();
        commit(root, changes, staged, &mut done).inspect_err(|_| undo(root, &done))
    });
    if result.is_err() {
        remove_empty(&created_dirs);
    }
    result
}

/// A step of the commit, undone by [`undo`].
enum Done<'a> {
    /// The change's new text is at its new path.
    Placed(&'a FileChange),
    /// The moved file's old path is gone.
    Removed(&'a FileChange),
}

/// Renames each staged text into place and removes moved files' old paths, noting each
/// step in `done`.
fn commit<'a>(
    root: &Path,
    changes: &'a [FileChange],
    staged: Vec<NamedTempFile>,
    done: &mut Vec<Done<'a>>,
) -> Result<()> {
    for (change, temp) in changes.iter().zip(staged) {
        let to = root.join(&change.new_path);
        let moved = change.new_path != change.path;
        let placed = if moved {
            temp.persist_noclobber(&to)
        } else {
            temp.persist(&to)
        };
        placed.map_err(|e| Error::Write {
            path: to,
            source: e.error,
        })?;
        done.push(Done::Placed(change));
        if moved {
            let from = root.join(&change.path);
            fs::remove_file(&from).map_err(|source| Error::Write { path: from, source })?;
            done.push(Done::Removed(change));
        }
    }
    Ok(())
}

/// Undoes `done`, newest first, from the old texts. The error being reported is the one
/// that stopped the rename; a step that cannot be undone is told too, so nobody trusts
/// a tree that was not put back.
fn undo(root: &Path, done: &[Done]) {
    for step in done.iter().rev() {
        let (path, result) = match step {
            Done::Placed(change) if change.new_path != change.path => {
                let path = root.join(&change.new_path);
                let result = fs::remove_file(&path);
                (path, result)
            }
            Done::Placed(change) | Done::Removed(change) => {
                let path = root.join(&change.path);
                let result = fs::write(&path, change.before.as_bytes());
                (path, result)
            }
        };
        if let Err(e) = result {
            eprintln!("error: could not put back `{}`: {e}", path.display());
        }
    }
}

/// A temporary file with each change's new text, beside where it goes, with the
/// permissions of the file it replaces; refused when that file is read-only.
fn stage(
    root: &Path,
    changes: &[FileChange],
    created_dirs: &mut Vec<PathBuf>,
) -> Result<Vec<NamedTempFile>> {
    let mut staged = Vec::new();
    for change in changes {
        let from = root.join(&change.path);
        let meta = fs::metadata(&from).map_err(|source| Error::Write {
            path: from.clone(),
            source,
        })?;
        if meta.permissions().readonly() {
            return Err(Error::Write {
                path: from,
                source: io::Error::new(io::ErrorKind::PermissionDenied, "the file is read-only"),
            });
        }
        let to = root.join(&change.new_path);
        let write_error = |source| Error::Write {
            path: to.clone(),
            source,
        };
        let dir = to.parent().unwrap_or(root);
        create_dirs(dir, created_dirs).map_err(write_error)?;
        let mut temp = NamedTempFile::new_in(dir).map_err(write_error)?;
        temp.write_all(change.after.as_bytes())
            .and_then(|()| temp.as_file().sync_all())
            .map_err(write_error)?;
        fs::set_permissions(temp.path(), meta.permissions()).map_err(write_error)?;
        staged.push(temp);
    }
    Ok(staged)
}

/// Creates `dir` and its missing parents, remembering each one created (outermost
/// first) so a failed rename can take them away again.
fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(d) = at.filter(|d| !d.exists()) {
        missing.push(d.to_path_buf());
        at = d.parent();
    }
    for d in missing.into_iter().rev() {
        fs::create_dir(&d)?;
        created.push(d);
    }
    Ok(())
}

fn remove_empty(created_dirs: &[PathBuf]) {
    for dir in created_dirs.iter().rev() {
        let _ = fs::remove_dir(dir);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use super::*;

    fn change(path: &str, new_path: &str, before: &str, after: &str) -> FileChange {
        FileChange {
            doc: 0,
            path: path.into(),
            new_path: new_path.into(),
            before: Arc::from(before),
            after: after.into(),
        }
    }

    /// Every entry under `root`: files with their bytes, folders as `None`.
    fn tree(root: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
        walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.expect("walk"))
            .map(|e| {
                let bytes = e
                    .file_type()
                    .is_file()
                    .then(|| fs::read(e.path()).expect("read"));
                (
                    e.path().strip_prefix(root).expect("inside").to_owned(),
                    bytes,
                )
            })
            .collect()
    }

    #[test]
    fn a_step_that_fails_midway_puts_every_file_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::write(root.join("a.md"), "a old").expect("write");
        fs::create_dir(root.join("b")).expect("mkdir");
        fs::write(root.join("b/x.md"), "x old").expect("write");
        // A folder stands where the last file goes: every text stages, and renaming
        // the last one into place fails after the first two changes were made.
        fs::create_dir_all(root.join("z.md/inside")).expect("mkdir");
        let before = tree(root);
        let changes = [
            change("a.md", "a.md", "a old", "a new"),
            change("b/x.md", "c/d/x.md", "x old", "x new"),
            change("z.md", "z.md", "z old", "z new"),
        ];
        let err = write_all(root, &changes).expect_err("the folder is in the way");
        assert!(
            matches!(&err, Error::Write { path, .. } if path.ends_with("z.md")),
            "{err:?}"
        );
        assert_eq!(tree(root), before);
    }

    #[test]
    fn a_file_that_appeared_where_a_moved_one_goes_is_kept_and_nothing_changes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::write(root.join("a.md"), "a old").expect("write");
        fs::write(root.join("m.md"), "m old").expect("write");
        // Written by someone else after `spex mv` looked.
        fs::write(root.join("n.md"), "not ours").expect("write");
        let before = tree(root);
        let changes = [
            change("a.md", "a.md", "a old", "a new"),
            change("m.md", "n.md", "m old", "m new"),
        ];
        let err = write_all(root, &changes).expect_err("n.md exists");
        assert!(
            matches!(&err, Error::Write { path, .. } if path.ends_with("n.md")),
            "{err:?}"
        );
        assert_eq!(tree(root), before);
    }

    #[test]
    fn a_read_only_file_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::write(root.join("a.md"), "a old").expect("write");
        fs::write(root.join("b.md"), "b old").expect("write");
        let mut perms = fs::metadata(root.join("b.md")).expect("meta").permissions();
        perms.set_readonly(true);
        fs::set_permissions(root.join("b.md"), perms).expect("chmod");
        let before = tree(root);
        let changes = [
            change("a.md", "a.md", "a old", "a new"),
            change("b.md", "b.md", "b old", "b new"),
        ];
        let err = write_all(root, &changes).expect_err("read-only");
        assert!(
            matches!(&err, Error::Write { path, .. } if path.ends_with("b.md")),
            "{err:?}"
        );
        assert_eq!(tree(root), before);
    }
}
