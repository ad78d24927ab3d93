//! Writing a rename all or nothing: every new text goes to a temporary file beside its
//! destination first (the step that fails on a full disk or a read-only folder, while
//! nothing has changed yet); then each is renamed into place and moved files' old paths
//! are removed. If a rename fails midway, what was already replaced gets its old text
//! back, so the work tree is as it was.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::author::FileChange;
use crate::error::{Error, Result};

/// Writes every change under `root`.
pub fn write_all(root: &Path, changes: &[FileChange]) -> Result<()> {
    let mut created_dirs = Vec::new();
    let staged = stage(root, changes, &mut created_dirs);
    let staged = match staged {
        Ok(staged) => staged,
        Err(e) => {
            remove_empty(&created_dirs);
            return Err(e);
        }
    };
    let mut done: Vec<&FileChange> = Vec::new();
    for (change, temp) in changes.iter().zip(staged) {
        let to = root.join(&change.new_path);
        if let Err(e) = temp.persist(&to) {
            roll_back(root, &done);
            remove_empty(&created_dirs);
            return Err(Error::Write {
                path: to,
                source: e.error,
            });
        }
        done.push(change);
    }
    for change in changes.iter().filter(|c| c.new_path != c.path) {
        let from = root.join(&change.path);
        fs::remove_file(&from).map_err(|source| Error::Write { path: from, source })?;
    }
    Ok(())
}

/// A temporary file with each change's new text, beside where it goes, with the
/// permissions of the file it replaces.
fn stage(
    root: &Path,
    changes: &[FileChange],
    created_dirs: &mut Vec<PathBuf>,
) -> Result<Vec<NamedTempFile>> {
    let mut staged = Vec::new();
    for change in changes {
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
        if let Ok(meta) = fs::metadata(root.join(&change.path)) {
            fs::set_permissions(temp.path(), meta.permissions()).map_err(write_error)?;
        }
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

/// Puts back the old text of every change already renamed into place.
fn roll_back(root: &Path, done: &[&FileChange]) {
    for change in done {
        // Best effort: the error being reported is the one that stopped the rename.
        let _ = fs::write(root.join(&change.path), change.before.as_bytes());
        if change.new_path != change.path {
            let _ = fs::remove_file(root.join(&change.new_path));
        }
    }
}

fn remove_empty(created_dirs: &[PathBuf]) {
    for dir in created_dirs.iter().rev() {
        let _ = fs::remove_dir(dir);
    }
}
