//! The work tree on disk as a [`SourceTree`].
//!
//! Symbolic links are followed only while they stay inside the workspace: a link to
//! `/etc/passwd` (or a folder elsewhere) is never read, so it can never be copied into a
//! published site. Links within the workspace work, and loops are detected by walkdir.

use std::collections::HashMap;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use walkdir::WalkDir;

use super::{Filter, SourceTree};
use crate::diag::{Diagnostic, Rule, Span};

/// A workspace directory on the file system.
#[derive(Debug, Clone)]
pub struct FsTree {
    root: PathBuf,
    /// `root` with every link resolved: what "inside the workspace" is measured against.
    canonical_root: PathBuf,
    /// Whether each folder (relative path) resolves inside the workspace, so reading
    /// 10,000 documents costs one `lstat` each, not a full path resolution. Cleared by
    /// every `list`, so a long-running watch sees folders replaced by links.
    dirs_inside: Arc<Mutex<HashMap<PathBuf, bool>>>,
    /// The digests marker of each folder read from (`None`: no marker): asked for
    /// every read, so cached the same way.
    dirs_of_digests: Arc<Mutex<HashMap<PathBuf, Option<super::DigestMarker>>>>,
}

const OUTSIDE: &str = "it is a symbolic link to a place outside the workspace";

const IN_DIGESTS: &str =
    "it is a digest `spex digest` wrote (its folder's `.spex-digests` marker lists it)";

/// Why a path that is not a regular file is never read: opening a named pipe blocks
/// until someone writes to it, a device may never end.
const NOT_REGULAR: &str = "it is not a regular file (a named pipe, socket or device)";

/// The metadata of a regular file (links followed), or why it is not one. Checked
/// before anything opens the file.
fn regular_file(full: &Path) -> io::Result<std::fs::Metadata> {
    regular(std::fs::metadata(full)?)
}

/// `regular_file` for `full` whose own metadata (not following a link) is `own`: only a
/// link needs another look, so reading a plain file asks the file system once.
fn regular_file_from(full: &Path, own: std::fs::Metadata) -> io::Result<std::fs::Metadata> {
    if own.file_type().is_symlink() {
        regular_file(full)
    } else {
        regular(own)
    }
}

/// `meta` itself, when it is a regular file's.
fn regular(meta: std::fs::Metadata) -> io::Result<std::fs::Metadata> {
    if meta.is_file() {
        Ok(meta)
    } else if meta.is_dir() {
        Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder",
        ))
    } else {
        Err(io::Error::new(io::ErrorKind::InvalidInput, NOT_REGULAR))
    }
}

impl FsTree {
    pub fn new(root: impl Into<PathBuf>) -> FsTree {
        let root = root.into();
        FsTree {
            canonical_root: root.canonicalize().unwrap_or_else(|_| root.clone()),
            root,
            dirs_inside: Arc::default(),
            dirs_of_digests: Arc::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether a path resolves inside the workspace; an unresolvable one (a dangling link)
    /// counts as inside, so the walk reports it as missing rather than as outside.
    fn resolves_inside(&self, path: &Path) -> bool {
        path.canonicalize()
            .map_or(true, |c| c.starts_with(&self.canonical_root))
    }

    fn dir_inside(&self, dir: &Path) -> bool {
        if dir.as_os_str().is_empty() {
            return true;
        }
        let mut cache = self
            .dirs_inside
            .lock()
            .expect("lock poisoned only by a panic");
        *cache
            .entry(dir.to_path_buf())
            .or_insert_with(|| self.resolves_inside(&self.root.join(dir)))
    }

    /// The full path of a workspace file, or an error when it (or a folder on the way)
    /// is a link that leads outside the workspace.
    fn inside(&self, path: &str) -> io::Result<PathBuf> {
        self.inside_with_metadata(path).map(|(full, _)| full)
    }

    /// [`FsTree::inside`], with the metadata of the path itself (of the link, for a link).
    fn inside_with_metadata(&self, path: &str) -> io::Result<(PathBuf, std::fs::Metadata)> {
        let full = self.root.join(path);
        let own = std::fs::symlink_metadata(&full)?;
        let is_link = own.file_type().is_symlink();
        let dir_ok = Path::new(path).parent().is_none_or(|d| self.dir_inside(d));
        if dir_ok && (!is_link || self.resolves_inside(&full)) {
            Ok((full, own))
        } else {
            Err(io::Error::new(io::ErrorKind::PermissionDenied, OUTSIDE))
        }
    }

    /// `inside`, and not a digest `spex digest` wrote (one its folder's `.spex-digests`
    /// marker lists): a digest may hold confidential text, so it is never read or
    /// copied, not even through a link. Everything else in such a folder is read.
    /// Only a regular file is read; its metadata comes along.
    fn readable_regular_file(&self, path: &str) -> io::Result<(PathBuf, std::fs::Metadata)> {
        let (full, own) = self.inside_with_metadata(path)?;
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        if self.is_digest(dir, name) {
            return Err(io::Error::new(io::ErrorKind::PermissionDenied, IN_DIGESTS));
        }
        let meta = regular_file_from(&full, own)?;
        Ok((full, meta))
    }

    /// Whether `name` in `dir` (workspace-relative) is listed by the folder's marker.
    fn is_digest(&self, dir: &str, name: &str) -> bool {
        let key = PathBuf::from(dir);
        let cached = self
            .dirs_of_digests
            .lock()
            .expect("lock poisoned only by a panic")
            .get(&key)
            .cloned();
        let marker = cached.unwrap_or_else(|| {
            let marker = self
                .read_marker(dir)
                .map(|bytes| super::DigestMarker::parse(&String::from_utf8_lossy(&bytes)));
            self.dirs_of_digests
                .lock()
                .expect("lock poisoned only by a panic")
                .insert(key, marker.clone());
            marker
        });
        marker.is_some_and(|m| m.covers(name))
    }

    /// The `.spex-digests` marker of a workspace folder, if it is a plain file there.
    fn read_marker(&self, dir: &str) -> Option<Vec<u8>> {
        let path = self.root.join(dir).join(super::DIGESTS_MARKER);
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        is_file.then(|| std::fs::read(&path).ok()).flatten()
    }

    /// Sorts one entry of the walk: a file is listed, a document that is not a
    /// regular file or an entry the walk could not read is reported.
    fn take_entry(
        &self,
        entry: walkdir::Result<walkdir::DirEntry>,
        files: &mut Vec<String>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        match entry {
            Ok(entry) if entry.file_type().is_file() => match self.relative(entry.path()) {
                Some(rel) => files.push(rel),
                None => diagnostics.push(Diagnostic::new(
                    Rule::SkippedFile,
                    format!(
                        "skipped `{}`: its name is not valid UTF-8",
                        entry.path().display()
                    ),
                    Span::file_start(entry.path().to_string_lossy()),
                )),
            },
            // A document that is a named pipe (or a device) is never opened, but
            // never silently dropped either. Other such files are only reported
            // when a document links to them.
            Ok(entry)
                if !entry.file_type().is_dir()
                    && super::is_markdown(&entry.file_name().to_string_lossy()) =>
            {
                let rel = self.relative(entry.path()).unwrap_or_default();
                diagnostics.push(Diagnostic::new(
                    Rule::SkippedFile,
                    format!("skipped `{rel}`: {NOT_REGULAR}"),
                    Span::file_start(rel),
                ));
            }
            Ok(_) => {}
            Err(e) => {
                let rel = e.path().and_then(|p| self.relative(p)).unwrap_or_default();
                let why = if e.loop_ancestor().is_some() {
                    "it is a symbolic link that loops back to a parent folder".to_owned()
                } else {
                    e.io_error()
                        .map_or_else(|| e.to_string(), |io| io.to_string())
                };
                diagnostics.push(Diagnostic::new(
                    Rule::SkippedFile,
                    format!("skipped `{rel}`: {why}"),
                    Span::file_start(rel),
                ));
            }
        }
    }

    fn relative(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        Some(parts?.join("/"))
    }
}

impl SourceTree for FsTree {
    fn list(&self, filter: &Filter, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
        let mut files = Vec::new();
        self.dirs_inside
            .lock()
            .expect("lock poisoned only by a panic")
            .clear();
        self.dirs_of_digests
            .lock()
            .expect("lock poisoned only by a panic")
            .clear();
        let mut outside = Vec::new();
        // Links are followed (walkdir detects loops), but only to places inside the
        // workspace: anything else could publish files the workspace does not own.
        // Not sorted while walking (`files` is sorted whole below): walkdir's sort takes
        // each entry's file name apart from its full path on every comparison, half the
        // cost of listing 10,000 documents.
        let walker = WalkDir::new(&self.root)
            .follow_links(true)
            .into_iter()
            .filter_entry(|entry| {
                if entry.depth() == 0 {
                    return true;
                }
                let keep = match self.relative(entry.path()) {
                    Some(rel) if entry.file_type().is_dir() => filter.keep_dir(&rel),
                    Some(rel) => filter.keep_file(&rel),
                    None => true, // reported below as a non-UTF-8 name
                };
                if keep && entry.path_is_symlink() && !self.resolves_inside(entry.path()) {
                    outside.push(self.relative(entry.path()).unwrap_or_default());
                    return false;
                }
                keep
            });
        for entry in walker {
            self.take_entry(entry, &mut files, diagnostics);
        }
        for rel in outside {
            diagnostics.push(Diagnostic::new(
                Rule::SkippedFile,
                format!("skipped `{rel}`: {OUTSIDE}"),
                Span::file_start(rel),
            ));
        }
        files.sort();
        // Digests `spex digest` wrote inside the workspace are never documents.
        super::drop_digests(files, |dir| self.read_marker(dir), diagnostics)
    }

    fn size(&self, path: &str) -> io::Result<u64> {
        Ok(self.readable_regular_file(path)?.1.len())
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        let (full, meta) = self.readable_regular_file(path)?;
        let file = std::fs::File::open(full)?;
        // The size is known: `fs::read` would ask the file system for it again (every
        // document is read this way, so that was one call in five).
        let mut bytes = Vec::new();
        // A file that grew since is read whole all the same.
        let _ = bytes.try_reserve_exact(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
        (&file).take(u64::MAX).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    fn open(&self, path: &str) -> io::Result<Box<dyn io::Read + Send + '_>> {
        let (full, _) = self.readable_regular_file(path)?;
        Ok(Box::new(std::fs::File::open(full)?))
    }

    #[cfg(unix)]
    fn hard_link_id(&self, path: &str) -> Option<(u64, u64)> {
        use std::os::unix::fs::MetadataExt as _;
        let meta = std::fs::metadata(self.inside(path).ok()?).ok()?;
        (meta.is_file() && meta.nlink() > 1).then(|| (meta.dev(), meta.ino()))
    }

    fn real_path(&self, path: &str) -> Option<String> {
        let real = self.inside(path).ok()?.canonicalize().ok()?;
        let rel = real.strip_prefix(&self.canonical_root).ok()?;
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        let rel = parts?.join("/");
        (rel != path).then_some(rel)
    }

    /// A link leading outside the workspace does not exist as far as documents go: a
    /// document linking to it gets a broken-link diagnostic, and it is never copied.
    fn exists(&self, path: &str) -> bool {
        self.inside(path).is_ok_and(|full| full.exists())
    }
}
