//! One build at a time per output folder: an exclusive advisory lock on a file named
//! after the folder's absolute path, in the system's temporary folder (so nothing is
//! left beside the site for `git status` to show). A second build into the same folder
//! waits for the first instead of interleaving its staging and swap with it.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// Held while a build writes into an output folder; released when dropped (or when the
/// process dies, so a killed build never leaves the folder locked).
#[derive(Debug)]
pub struct OutLock {
    _file: File,
}

impl OutLock {
    /// Locks the output folder `name` in `parent`, printing one line while another spex
    /// build holds it. The lock file stays: removing it would let two builds lock two
    /// different files of the same name.
    pub fn acquire(parent: &Path, name: &str) -> io::Result<OutLock> {
        let path = lock_path(parent, name);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        // The name is spex's: a link there is replaced, never followed.
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            fs::remove_file(&path)?;
        }
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                eprintln!(
                    "waiting for another spex build into {}/ …",
                    parent.join(name).display()
                );
                file.lock()?;
            }
            Err(TryLockError::Error(e)) => return Err(e),
        }
        Ok(OutLock { _file: file })
    }
}

/// `spex-locks/<hash>-<name>.lock` in the temporary folder, the hash taken of the
/// output folder's absolute path (a stable hash, so two spex versions agree on it).
pub fn lock_path(parent: &Path, name: &str) -> PathBuf {
    let parent = parent
        .canonicalize()
        .unwrap_or_else(|_| parent.to_path_buf());
    let folder = parent.join(name);
    let hash = crate::model::short_hash(&folder.to_string_lossy());
    let name: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(40)
        .collect();
    std::env::temp_dir()
        .join("spex-locks")
        .join(format!("{hash}-{name}.lock"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutLock::acquire(dir.path(), "site").unwrap();
        let file = File::open(lock_path(dir.path(), "site")).unwrap();
        assert!(matches!(file.try_lock(), Err(TryLockError::WouldBlock)));
        drop(first);
        assert!(file.try_lock().is_ok());
    }
}
