//! Writing a rendered tree safely.
//!
//! Pages are rendered into a staging folder beside the output, and only files whose bytes
//! changed are written there. When every page has rendered, the staging folder is swapped
//! in: on a first build it is renamed into place; afterwards each changed file is renamed
//! over its old version (atomic per file), stale files are removed, and the staging
//! folder goes. A build that fails before the swap leaves the previous site untouched,
//! and the output folder itself is never deleted, so a server can keep serving it.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// What a build did to the output folder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Where rendered pages go.
pub trait PageSink: Sync {
    /// Writes one file; `rel` is a `/`-separated path inside the output.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;
}

impl PageSink for StagedOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        StagedOutput::write(self, rel, bytes)
    }
}

/// Writes straight into a live output folder (watch mode), each file replaced atomically
/// (a temporary file renamed over it), and only when its bytes changed.
pub struct DirectOutput {
    out: PathBuf,
    written: Mutex<Vec<String>>,
}

impl DirectOutput {
    pub fn new(out: &Path) -> DirectOutput {
        DirectOutput {
            out: out.to_path_buf(),
            written: Mutex::default(),
        }
    }

    /// The files written since the last call.
    pub fn take_written(&self) -> Vec<String> {
        std::mem::take(&mut *self.written.lock().expect("lock poisoned only by a panic"))
    }
}

impl PageSink for DirectOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let target = self.out.join(rel);
        let fail = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Write { path, source }
        };
        check_relative(rel).map_err(fail(&target))?;
        if fs::read(&target).is_ok_and(|old| old == bytes) {
            return Ok(());
        }
        let dir = target.parent().unwrap_or(&self.out);
        fs::create_dir_all(dir).map_err(fail(dir))?;
        let temp = dir.join(format!(
            ".{}.tmp",
            target
                .file_name()
                .map_or_else(|| "page".into(), |n| n.to_string_lossy())
        ));
        fs::write(&temp, bytes).map_err(fail(&temp))?;
        fs::rename(&temp, &target).map_err(fail(&target))?;
        self.written
            .lock()
            .expect("lock poisoned only by a panic")
            .push(rel.to_owned());
        Ok(())
    }
}

/// Collects a tree of files into a staging folder, then swaps it into `out`.
pub struct StagedOutput {
    out: PathBuf,
    staging: PathBuf,
    /// Every path produced by this build, changed or not.
    produced: Mutex<BTreeSet<String>>,
    changed: Mutex<BTreeSet<String>>,
}

impl StagedOutput {
    /// Prepares a staging folder beside `out` (same file system, so renames are atomic).
    pub fn new(out: &Path) -> Result<StagedOutput> {
        let name = out
            .file_name()
            .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let staging = parent.join(format!(".{name}.staging"));
        if staging.exists() {
            // Left over from a build that was interrupted.
            fs::remove_dir_all(&staging).map_err(|source| Error::Write {
                path: staging.clone(),
                source,
            })?;
        }
        fs::create_dir_all(&staging).map_err(|source| Error::Write {
            path: staging.clone(),
            source,
        })?;
        Ok(StagedOutput {
            out: out.to_path_buf(),
            staging,
            produced: Mutex::default(),
            changed: Mutex::default(),
        })
    }

    /// Stages one file; `rel` is a `/`-separated path inside the output. Files identical to
    /// the current output are not written at all.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        check_relative(rel).map_err(|source| Error::Write {
            path: self.out.join(rel),
            source,
        })?;
        let fresh = self
            .produced
            .lock()
            .expect("lock poisoned only by a panic")
            .insert(rel.to_owned());
        if !fresh {
            return Err(Error::Write {
                path: self.out.join(rel),
                source: io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "two pages claim the same output path",
                ),
            });
        }
        let current = self.out.join(rel);
        if fs::read(&current).is_ok_and(|old| old == bytes) {
            return Ok(());
        }
        let staged = self.staging.join(rel);
        if let Some(dir) = staged.parent() {
            fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        fs::write(&staged, bytes).map_err(|source| Error::Write {
            path: staged.clone(),
            source,
        })?;
        self.changed
            .lock()
            .expect("lock poisoned only by a panic")
            .insert(rel.to_owned());
        Ok(())
    }

    /// Abandons the build: the output stays as it was.
    pub fn discard(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }

    /// Swaps the staged files in and removes files this build no longer produces.
    pub fn commit(self) -> Result<WriteStats> {
        let produced = self
            .produced
            .into_inner()
            .expect("lock poisoned only by a panic");
        let changed = self
            .changed
            .into_inner()
            .expect("lock poisoned only by a panic");
        let io_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Write { path, source }
        };
        let mut stats = WriteStats {
            written: changed.len(),
            unchanged: produced.len() - changed.len(),
            removed: 0,
        };
        if !self.out.exists() {
            fs::rename(&self.staging, &self.out).map_err(io_err(&self.out))?;
            return Ok(stats);
        }
        for rel in &changed {
            let target = self.out.join(rel);
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir).map_err(io_err(dir))?;
            }
            if target.is_dir() {
                fs::remove_dir_all(&target).map_err(io_err(&target))?;
            }
            fs::rename(self.staging.join(rel), &target).map_err(io_err(&target))?;
        }
        stats.removed = remove_stale(&self.out, &produced).map_err(io_err(&self.out))?;
        fs::remove_dir_all(&self.staging).map_err(io_err(&self.staging))?;
        Ok(stats)
    }
}

/// Only plain relative paths: an ID like `../../etc` can never write outside the output.
fn check_relative(rel: &str) -> io::Result<()> {
    let path = Path::new(rel);
    let plain = !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if plain {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "output path escapes the output folder",
        ))
    }
}

/// Deletes files under `out` that are not in `keep`, then empty folders. Returns the count.
fn remove_stale(out: &Path, keep: &BTreeSet<String>) -> io::Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1).contents_first(true) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(out).map_err(io::Error::other)?;
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if entry.file_type().is_dir() {
            dirs.push(entry.path().to_path_buf());
        } else if !keep.contains(&rel) {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    for dir in dirs {
        // Fails when the folder still has files, which is what we want.
        let _ = fs::remove_dir(dir);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_files_are_rewritten_and_stale_ones_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let first = StagedOutput::new(&out).unwrap();
        first.write("a.html", b"A").unwrap();
        first.write("sub/b.html", b"B").unwrap();
        assert_eq!(
            first.commit().unwrap(),
            WriteStats {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );

        let second = StagedOutput::new(&out).unwrap();
        second.write("a.html", b"A").unwrap();
        second.write("c.html", b"C").unwrap();
        assert_eq!(
            second.commit().unwrap(),
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!out.join("sub").exists());
        assert_eq!(fs::read(out.join("c.html")).unwrap(), b"C");
    }

    #[test]
    fn a_discarded_build_leaves_the_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let first = StagedOutput::new(&out).unwrap();
        first.write("a.html", b"A").unwrap();
        first.commit().unwrap();
        let failed = StagedOutput::new(&out).unwrap();
        failed.write("a.html", b"changed").unwrap();
        failed.discard();
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"A");
        assert!(!dir.path().join(".site.staging").exists());
    }

    #[test]
    fn paths_cannot_escape_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let staged = StagedOutput::new(&dir.path().join("site")).unwrap();
        assert!(staged.write("../evil.html", b"x").is_err());
        assert!(staged.write("/etc/evil", b"x").is_err());
        assert!(staged.write("a/../../evil", b"x").is_err());
    }
}
