//! Writing a rendered tree safely.
//!
//! Pages are rendered into a staging folder beside the output, and only files whose bytes
//! changed are written there. When every page has rendered, the staging folder is swapped
//! in: on a first build it is renamed into place; afterwards each changed file is renamed
//! over its old version (atomic per file), stale files are removed, and the staging
//! folder goes. A build that fails before the swap leaves the previous site untouched,
//! and the output folder itself is never deleted, so a server can keep serving it.
//!
//! "Stale" means listed in the previous build's manifest (see `manifest.rs`) and
//! not produced now: a file spex did not write is never deleted, and a folder holding
//! files but no manifest is refused.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::manifest::{MANIFEST, OutState, is_plain_relative, manifest_text, out_state};
use super::out_dir::resolve_dir;
use super::stream::{same_contents, stream_to};
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

    /// Like `write`, streaming the bytes from `from`: an attachment is never held in
    /// memory whole.
    fn copy(&self, rel: &str, from: &mut dyn io::Read) -> Result<()>;
}

impl PageSink for StagedOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        StagedOutput::write(self, rel, bytes)
    }

    fn copy(&self, rel: &str, from: &mut dyn io::Read) -> Result<()> {
        StagedOutput::copy(self, rel, from)
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

    /// Appends `rel` to the manifest of a folder a staged build made. Without a manifest
    /// the folder is not spex's, and listing only the new files would hide the rest.
    fn list_in_manifest(&self, rel: &str) -> io::Result<()> {
        use std::io::Write as _;
        let _one_at_a_time = self.written.lock().expect("lock poisoned only by a panic");
        match fs::OpenOptions::new()
            .append(true)
            .open(self.out.join(MANIFEST))
        {
            Ok(mut manifest) => writeln!(manifest, "{rel}"),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The files written since the last call.
    pub fn take_written(&self) -> Vec<String> {
        std::mem::take(&mut *self.written.lock().expect("lock poisoned only by a panic"))
    }
}

impl PageSink for DirectOutput {
    fn copy(&self, rel: &str, from: &mut dyn io::Read) -> Result<()> {
        let target = self.out.join(rel);
        let fail = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Write { path, source }
        };
        check_relative(rel).map_err(fail(&target))?;
        let dir = target.parent().unwrap_or(&self.out);
        fs::create_dir_all(dir).map_err(fail(dir))?;
        let temp = temp_beside(&target);
        stream_to(&temp, from).map_err(fail(&temp))?;
        if same_contents(&temp, &target) {
            fs::remove_file(&temp).map_err(fail(&temp))?;
            return Ok(());
        }
        let new = !target.exists();
        fs::rename(&temp, &target).map_err(fail(&target))?;
        if new {
            self.list_in_manifest(rel)
                .map_err(fail(&self.out.join(MANIFEST)))?;
        }
        self.written
            .lock()
            .expect("lock poisoned only by a panic")
            .push(rel.to_owned());
        Ok(())
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let target = self.out.join(rel);
        let fail = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Write { path, source }
        };
        check_relative(rel).map_err(fail(&target))?;
        let old = fs::read(&target);
        if old.as_ref().is_ok_and(|old| old == bytes) {
            return Ok(());
        }
        let dir = target.parent().unwrap_or(&self.out);
        fs::create_dir_all(dir).map_err(fail(dir))?;
        let temp = temp_beside(&target);
        fs::write(&temp, bytes).map_err(fail(&temp))?;
        fs::rename(&temp, &target).map_err(fail(&target))?;
        if old.is_err() {
            // A new file: list it, so the next full build may delete it when it goes stale.
            self.list_in_manifest(rel)
                .map_err(fail(&self.out.join(MANIFEST)))?;
        }
        self.written
            .lock()
            .expect("lock poisoned only by a panic")
            .push(rel.to_owned());
        Ok(())
    }
}

/// `dir/.name.tmp` for `dir/name`: written first, then renamed over the target.
fn temp_beside(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "page".into(), |n| n.to_string_lossy());
    target.with_file_name(format!(".{name}.tmp"))
}

/// Collects a tree of files into a staging folder, then swaps it into `out`.
pub struct StagedOutput {
    out: PathBuf,
    staging: PathBuf,
    /// The files the previous build listed in its manifest: the only ones it may delete.
    previous: BTreeSet<String>,
    /// Every path produced by this build, changed or not.
    produced: Mutex<BTreeSet<String>>,
    changed: Mutex<BTreeSet<String>>,
}

impl StagedOutput {
    /// Prepares a staging folder beside `out` (same file system, so renames are atomic).
    /// `out` must be missing, empty, or a folder an earlier build made (it has a
    /// manifest): anything else may hold someone's files.
    pub fn new(out: &Path) -> Result<StagedOutput> {
        let write_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Write { path, source }
        };
        // `ws/..` has no file name, and `.` would put the staging folder inside `out`.
        let out = resolve_dir(out).map_err(write_error(out))?;
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(Error::Usage(format!(
                "refusing to build into `{}`: it is the root folder",
                out.display()
            )));
        };
        let previous = match out_state(&out).map_err(write_error(&out))? {
            OutState::Empty => BTreeSet::new(),
            OutState::Built(files) => files,
            OutState::Foreign if out.is_file() => {
                return Err(Error::Usage(format!(
                    "refusing to build into `{}`: it is a file, not a folder",
                    out.display()
                )));
            }
            OutState::Foreign if built_by_spex(&out) => {
                return Err(Error::Usage(format!(
                    "refusing to build into `{}`: an earlier spex built it without a `{MANIFEST}` (the list of the files a build wrote), so spex cannot tell its files from yours\n  help: delete the folder once (`rm -r {}`) and build again; from then on spex keeps the list",
                    out.display(),
                    out.display()
                )));
            }
            OutState::Foreign => {
                return Err(Error::Usage(format!(
                    "refusing to build into `{}`: it holds files that spex did not write (it has no `{MANIFEST}`), and a build deletes what it does not write\n  help: pick an empty or new folder for the site, or delete this one first",
                    out.display()
                )));
            }
        };
        let staging = parent.join(format!(".{}.staging", name.to_string_lossy()));
        if staging.exists() {
            // Left over from a build that was interrupted.
            fs::remove_dir_all(&staging).map_err(write_error(&staging))?;
        }
        fs::create_dir_all(&staging).map_err(write_error(&staging))?;
        Ok(StagedOutput {
            out,
            staging,
            previous,
            produced: Mutex::default(),
            changed: Mutex::default(),
        })
    }

    /// Stages one file; `rel` is a `/`-separated path inside the output. Files identical to
    /// the current output are not written at all.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.claim(rel)?;
        let current = self.out.join(rel);
        if fs::read(&current).is_ok_and(|old| old == bytes) {
            return Ok(());
        }
        let staged = self.staged_path(rel)?;
        fs::write(&staged, bytes).map_err(|source| Error::Write {
            path: staged.clone(),
            source,
        })?;
        self.mark_changed(rel);
        Ok(())
    }

    /// Stages one file streamed from `from`, compared with the current output a block
    /// at a time, so a large attachment is never in memory whole.
    pub fn copy(&self, rel: &str, from: &mut dyn io::Read) -> Result<()> {
        self.claim(rel)?;
        let staged = self.staged_path(rel)?;
        stream_to(&staged, from).map_err(|source| Error::Write {
            path: staged.clone(),
            source,
        })?;
        if same_contents(&staged, &self.out.join(rel)) {
            return fs::remove_file(&staged).map_err(|source| Error::Write {
                path: staged,
                source,
            });
        }
        self.mark_changed(rel);
        Ok(())
    }

    /// Records that this build produces `rel`; two files may not claim one path.
    fn claim(&self, rel: &str) -> Result<()> {
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
        Ok(())
    }

    /// Where `rel` is staged, its folder created.
    fn staged_path(&self, rel: &str) -> Result<PathBuf> {
        let staged = self.staging.join(rel);
        if let Some(dir) = staged.parent() {
            fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        Ok(staged)
    }

    fn mark_changed(&self, rel: &str) {
        self.changed
            .lock()
            .expect("lock poisoned only by a panic")
            .insert(rel.to_owned());
    }

    /// Abandons the build: the output stays as it was.
    pub fn discard(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }

    /// Swaps the staged files in, removes the files the previous build wrote and this
    /// one no longer produces, and records what this build wrote in the manifest.
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
        let manifest = manifest_text(&produced);
        if !self.out.exists() {
            let staged_manifest = self.staging.join(MANIFEST);
            fs::write(&staged_manifest, &manifest).map_err(io_err(&staged_manifest))?;
            fs::rename(&self.staging, &self.out).map_err(io_err(&self.out))?;
            return Ok(stats);
        }
        let stale: BTreeSet<&String> = self.previous.difference(&produced).collect();
        for rel in &changed {
            let target = self.out.join(rel);
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir).map_err(io_err(dir))?;
            }
            if target.is_dir() {
                // A page where a folder of old pages was: clear those, but a folder that
                // still holds someone else's files is an error, not something to delete.
                let prefix = format!("{rel}/");
                let inside = stale.iter().filter(|s| s.starts_with(&prefix)).copied();
                stats.removed += remove_listed(&self.out, inside).map_err(io_err(&target))?;
                fs::remove_dir(&target).map_err(io_err(&target))?;
            }
            fs::rename(self.staging.join(rel), &target).map_err(io_err(&target))?;
        }
        stats.removed += remove_listed(&self.out, stale.into_iter()).map_err(io_err(&self.out))?;
        let manifest_path = self.out.join(MANIFEST);
        if fs::read(&manifest_path).ok().as_deref() != Some(manifest.as_bytes()) {
            let temp = self.staging.join(MANIFEST);
            fs::write(&temp, &manifest).map_err(io_err(&temp))?;
            fs::rename(&temp, &manifest_path).map_err(io_err(&manifest_path))?;
        }
        fs::remove_dir_all(&self.staging).map_err(io_err(&self.staging))?;
        Ok(stats)
    }
}

/// Only plain relative paths: an ID like `../../etc` can never write outside the output,
/// and no page can overwrite the manifest.
fn check_relative(rel: &str) -> io::Result<()> {
    if !is_plain_relative(rel) {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "output path escapes the output folder",
        ))
    } else if rel == MANIFEST {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "output path is reserved for the build manifest",
        ))
    } else {
        Ok(())
    }
}

/// Deletes the listed files under `out` (those already gone are fine), then the folders
/// they leave empty. Returns how many files went.
fn remove_listed<'a>(out: &Path, listed: impl Iterator<Item = &'a String>) -> io::Result<usize> {
    let mut removed = 0;
    let mut dirs = BTreeSet::new();
    for rel in listed {
        let path = out.join(rel);
        // A folder inside `out` replaced by a link elsewhere must not lead a delete there.
        let inside = path
            .parent()
            .and_then(|dir| dir.canonicalize().ok())
            .is_some_and(|dir| dir.starts_with(out));
        if !inside || path.symlink_metadata().is_ok_and(|m| m.is_dir()) {
            continue;
        }
        match fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let mut dir = Path::new(rel.as_str()).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            dirs.insert(d.to_path_buf());
            dir = d.parent();
        }
    }
    // Deepest first; fails when a folder still has files, which is what we want.
    for dir in dirs.iter().rev() {
        let _ = fs::remove_dir(out.join(dir));
    }
    Ok(removed)
}

/// Whether a folder looks like a site spex wrote (its home page says so), for a more
/// helpful refusal when it has no manifest.
fn built_by_spex(out: &Path) -> bool {
    fs::read_to_string(out.join("index.html"))
        .is_ok_and(|html| html.contains(r#"<meta name="generator" content="spex"#))
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
    fn a_folder_with_files_spex_did_not_write_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("keep.txt"), "mine").unwrap();
        let refused = StagedOutput::new(dir.path()).err().expect("refused");
        assert!(refused.to_string().contains("did not write"), "{refused}");
        assert_eq!(fs::read(dir.path().join("keep.txt")).unwrap(), b"mine");
        // `ws/..` names the parent: refused the same way, and no staging folder inside it.
        let ws = dir.path().join("ws");
        fs::create_dir(&ws).unwrap();
        assert!(StagedOutput::new(&ws.join("..")).is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_rebuild_deletes_only_files_an_earlier_build_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let first = StagedOutput::new(dir.path()).unwrap();
        first.write("a.html", b"A").unwrap();
        first.write("sub/old.html", b"O").unwrap();
        first.commit().unwrap();
        fs::write(dir.path().join("sub/notes.txt"), "mine").unwrap();
        fs::write(dir.path().join("CNAME"), "docs.example.com").unwrap();

        let second = StagedOutput::new(dir.path()).unwrap();
        second.write("a.html", b"A").unwrap();
        assert_eq!(second.commit().unwrap().removed, 1);
        assert!(!dir.path().join("sub/old.html").exists());
        assert_eq!(fs::read(dir.path().join("sub/notes.txt")).unwrap(), b"mine");
        assert!(dir.path().join("CNAME").exists());
        let manifest = fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        assert!(manifest.ends_with("\na.html\n"), "{manifest}");
    }

    #[test]
    fn paths_cannot_escape_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let staged = StagedOutput::new(&dir.path().join("site")).unwrap();
        assert!(staged.write("../evil.html", b"x").is_err());
        assert!(staged.write("/etc/evil", b"x").is_err());
        assert!(staged.write("a/../../evil", b"x").is_err());
        assert!(staged.write(MANIFEST, b"x").is_err());
    }
}
