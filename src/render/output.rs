//! Writing a rendered tree safely.
//!
//! A build renders into a fresh folder beside the output (only pages whose bytes changed
//! are written; unchanged ones and files that are not spex's are hard-linked in from the
//! current output), then swaps it in whole (see `render::swap`): a reader sees the old
//! site or the new one, never a mix, and a build that fails before the swap leaves the
//! previous site untouched. One build at a time per folder (see `render::out_lock`).
//! Links inside the output are never followed: writes go into folders spex made.
//!
//! "Stale" means listed in the previous build's manifest (see `render::manifest`) and
//! not produced now: a file spex did not write is never deleted, and a folder holding
//! files but no manifest is refused.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::carry_over::{Kind, plan_carry_over, scan};
use super::manifest::{MANIFEST, OutState, is_plain_relative, manifest_text, out_state};
use super::out_dir::resolve_dir;
use super::out_lock::OutLock;
use super::stream::{same_contents, stream_to};
use super::swap;
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
        let manifest = self.out.join(MANIFEST);
        // Appended to only when it is a plain file: never through a link.
        if !fs::symlink_metadata(&manifest).is_ok_and(|m| m.is_file()) {
            return Ok(());
        }
        match fs::OpenOptions::new().append(true).open(&manifest) {
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
        check_relative(rel).map_err(fail(&target))?;
        let dir = real_dir(&self.out, rel).map_err(fail(&target))?;
        let temp = temp_beside(&dir, &target);
        stream_to(&temp, from).map_err(fail(&temp))?;
        // Compared only when it is a plain file: a link there is replaced, not read.
        let is_file = fs::symlink_metadata(&target).is_ok_and(|m| m.is_file());
        if is_file && same_contents(&temp, &target) {
            fs::remove_file(&temp).map_err(fail(&temp))?;
            return Ok(());
        }
        self.publish(rel, &temp, &target, !is_file)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let target = self.out.join(rel);
        check_relative(rel).map_err(fail(&target))?;
        let dir = real_dir(&self.out, rel).map_err(fail(&target))?;
        // Compared only when it is a plain file: a link there is replaced, not read.
        let is_file = fs::symlink_metadata(&target).is_ok_and(|m| m.is_file());
        let old = if is_file {
            fs::read(&target).ok()
        } else {
            None
        };
        if old.as_deref() == Some(bytes) {
            return Ok(());
        }
        let temp = temp_beside(&dir, &target);
        write_new(&temp, bytes).map_err(fail(&temp))?;
        self.publish(rel, &temp, &target, old.is_none())
    }
}

impl DirectOutput {
    /// Moves a finished `temp` over `target` and records it. A rename replaces whatever
    /// is at `target` (a link included) and follows nothing. A new file is listed in the
    /// manifest, so the next full build may delete it when it goes stale.
    fn publish(&self, rel: &str, temp: &Path, target: &Path, is_new: bool) -> Result<()> {
        fs::rename(temp, target).map_err(fail(target))?;
        if is_new {
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

/// Turns an I/O error at `path` into the build's write error.
fn fail(path: &Path) -> impl FnOnce(io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Write { path, source }
}

/// `dir/.name.tmp` for `dir/name`: written first, then renamed over the target.
fn temp_beside(dir: &Path, target: &Path) -> PathBuf {
    dir.join(format!(
        ".{}.tmp",
        target
            .file_name()
            .map_or_else(|| "page".into(), |n| n.to_string_lossy())
    ))
}

/// The folder `rel` goes into, made of real folders from `out` down: a symbolic link on
/// the way (`site/prd -> ../victim`) is removed and replaced by a folder, so no write
/// ever lands outside `out`.
fn real_dir(out: &Path, rel: &str) -> io::Result<PathBuf> {
    let mut dir = out.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        dir.push(part);
        match fs::symlink_metadata(&dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) if meta.file_type().is_symlink() => {
                fs::remove_file(&dir)?;
                fs::create_dir(&dir)?;
            }
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!("`{}` is a file where a folder of pages goes", dir.display()),
                ));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir(&dir)?,
            Err(e) => return Err(e),
        }
    }
    Ok(dir)
}

/// Writes a new file at `path`; whatever was there (a link left by someone) is removed
/// first, and `create_new` never opens an existing file or follows a link.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(bytes)
}

/// Builds a complete new output folder beside `out` and swaps it in whole (see
/// `render::swap`); a build into the same folder from another process waits for the
/// lock. Files identical to the current output are not rewritten: the new folder gets a
/// hard link to them, so they keep their inode and modification time.
pub struct StagedOutput {
    out: PathBuf,
    staging: PathBuf,
    /// The files the previous build listed in its manifest: the only ones it may delete.
    previous: BTreeSet<String>,
    /// Everything in the current output, found without following links.
    old: BTreeMap<PathBuf, Kind>,
    /// Every path produced by this build, changed or not.
    produced: Mutex<BTreeSet<String>>,
    changed: Mutex<BTreeSet<String>>,
    _lock: OutLock,
}

impl StagedOutput {
    /// Locks `out` and prepares a staging folder beside it (same file system, so the
    /// swap is a rename). `out` must be missing, empty, or a folder an earlier build
    /// made (it has a manifest): anything else may hold someone's files.
    pub fn new(out: &Path) -> Result<StagedOutput> {
        let out = check_out_dir(out)?;
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(root_folder(&out));
        };
        let name = name.to_string_lossy();
        let previous = match out_state(&out).map_err(fail(&out))? {
            OutState::Built(files) => files,
            _ => BTreeSet::new(),
        };
        fs::create_dir_all(parent).map_err(fail(parent))?;
        let lock = OutLock::acquire(parent, &name).map_err(fail(parent))?;
        // With the lock held, any staging folder beside `out` is an interrupted build's.
        swap::remove_leftovers(parent, &name);
        // Read after the lock: a build that held it may have just swapped a new site in.
        let previous = match out_state(&out).map_err(fail(&out))? {
            OutState::Built(files) => files,
            _ => previous,
        };
        let old = scan(&out).map_err(fail(&out))?;
        let staging = swap::create_staging(parent, &name).map_err(fail(parent))?;
        Ok(StagedOutput {
            out,
            staging,
            previous,
            old,
            produced: Mutex::default(),
            changed: Mutex::default(),
            _lock: lock,
        })
    }

    /// Stages one file; `rel` is a `/`-separated path inside the output. Files identical to
    /// the current output are not written at all.
    /// Stages one file streamed from `from`, compared with the current output a block
    /// at a time, so a large attachment is never in memory whole.
    pub fn copy(&self, rel: &str, from: &mut dyn io::Read) -> Result<()> {
        self.claim(rel)?;
        let staged = self.staged_path(rel)?;
        stream_to(&staged, from).map_err(|source| Error::Write {
            path: staged.clone(),
            source,
        })?;
        let was_file = self.old.get(Path::new(rel)) == Some(&Kind::File);
        if was_file && same_contents(&staged, &self.out.join(rel)) {
            return fs::remove_file(&staged).map_err(|source| Error::Write {
                path: staged,
                source,
            });
        }
        self.mark_changed(rel);
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

    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.claim(rel)?;
        // Only a plain file reached without links is compared: a link is never followed.
        let same = self.old.get(Path::new(rel)) == Some(&Kind::File)
            && fs::read(self.out.join(rel)).is_ok_and(|old| old == bytes);
        if same {
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

    /// Abandons the build: the output stays as it was.
    pub fn discard(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }

    /// Completes the new folder (unchanged pages and files that are not spex's carried
    /// over, stale pages left out, the manifest) and swaps it in for the old one.
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
        let staged_manifest = self.staging.join(MANIFEST);
        let out_exists = fs::symlink_metadata(&self.out).is_ok();
        if !out_exists {
            fs::write(&staged_manifest, &manifest).map_err(io_err(&staged_manifest))?;
            fs::remove_file(self.staging.join(swap::STAGING_MARKER))
                .map_err(io_err(&self.staging))?;
            fs::rename(&self.staging, &self.out).map_err(io_err(&self.out))?;
            return Ok(stats);
        }
        let carried = plan_carry_over(&self.old, &self.previous, &produced, &changed).map_err(
            |(rel, source)| Error::Write {
                path: self.out.join(rel),
                source,
            },
        )?;
        stats.removed = carried.removed;
        let same_manifest =
            fs::read(self.out.join(MANIFEST)).ok().as_deref() == Some(manifest.as_bytes());
        if changed.is_empty() && stats.removed == 0 && !carried.replaced && same_manifest {
            // Nothing to publish: the output stays exactly as it is.
            let _ = fs::remove_dir_all(&self.staging);
            return Ok(stats);
        }
        carried
            .apply(&self.out, &self.staging)
            .map_err(|(path, source)| Error::Write { path, source })?;
        fs::write(&staged_manifest, &manifest).map_err(io_err(&staged_manifest))?;
        if let Ok(meta) = fs::metadata(&self.out) {
            // The folder keeps its permissions (a web server may need to read it).
            let _ = fs::set_permissions(&self.staging, meta.permissions());
        }
        let retired = match swap::swap_in(&self.staging, &self.out) {
            Ok(retired) => retired,
            Err(e) => {
                let _ = fs::remove_dir_all(&self.staging);
                // EBUSY / EXDEV: a mount point (a container volume, say) cannot be swapped.
                let cannot_move = matches!(
                    e.kind(),
                    io::ErrorKind::ResourceBusy | io::ErrorKind::CrossesDevices
                );
                return Err(if cannot_move {
                    Error::Publish {
                        path: self.out.clone(),
                        source: e,
                    }
                } else {
                    Error::Write {
                        path: self.out.clone(),
                        source: e,
                    }
                });
            }
        };
        // The old site is no longer visible; a failure here only leaves a folder that the
        // next build removes.
        let _ = fs::remove_dir_all(retired);
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
    } else if rel == MANIFEST || rel == swap::STAGING_MARKER {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "output path is reserved for spex's own bookkeeping",
        ))
    } else {
        Ok(())
    }
}

/// Whether a folder looks like a site spex wrote (its home page says so), for a more
/// helpful refusal when it has no manifest.
fn built_by_spex(out: &Path) -> bool {
    fs::read_to_string(out.join("index.html"))
        .is_ok_and(|html| html.contains(r#"<meta name="generator" content="spex"#))
}

fn root_folder(out: &Path) -> Error {
    Error::Usage(format!(
        "refusing to build into `{}`: it is the root folder",
        out.display()
    ))
}

/// Whether a site may be built into `out`, checked before any work (a build of 10,000
/// documents should not compile first and refuse after): missing, empty, or a folder an
/// earlier build made (it has a manifest); anything else may hold someone's files. The
/// folder, resolved.
pub fn check_out_dir(out: &Path) -> Result<PathBuf> {
    // `ws/..` has no file name, and `.` would put the staging folder inside `out`.
    let out = resolve_dir(out).map_err(fail(out))?;
    if out.parent().is_none() || out.file_name().is_none() {
        return Err(root_folder(&out));
    }
    match out_state(&out).map_err(fail(&out))? {
        OutState::Empty | OutState::Built(_) => Ok(out),
        OutState::Foreign if out.is_file() => Err(Error::Usage(format!(
            "refusing to build into `{}`: it is a file, not a folder",
            out.display()
        ))),
        OutState::Foreign if built_by_spex(&out) => Err(Error::Usage(format!(
            "refusing to build into `{}`: an earlier spex built it without a `{MANIFEST}` (the list of the files a build wrote), so spex cannot tell its files from yours\n  help: delete the folder once (`rm -r {}`) and build again; from then on spex keeps the list",
            out.display(),
            out.display()
        ))),
        OutState::Foreign => Err(Error::Usage(format!(
            "refusing to build into `{}`: it holds files that spex did not write (it has no `{MANIFEST}`), and a build deletes what it does not write\n  help: pick an empty or new folder for the site, or delete this one first",
            out.display()
        ))),
    }
}

#[cfg(test)]
mod tests;
