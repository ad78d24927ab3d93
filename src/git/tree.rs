//! A workspace as it was at a revision, read from the object database: the core's
//! `SourceTree`, so any command can compile the past without touching the work tree.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use git2::ObjectType;

use super::missing::{fetch_hint, missing_object};
use super::repo::{GitRepo, git_error};
use crate::diag::{Diagnostic, Rule, Span};
use crate::error::Error;
use crate::load::{Filter, MAX_DOCUMENT_BYTES, SourceTree};

/// Every file of the workspace at one commit, loaded up front: git2 handles are not
/// `Sync`, and the pipeline reads files from several threads.
pub struct GitTree {
    files: BTreeMap<String, Blob>,
    dirs: BTreeSet<String>,
    /// Folders whose tree object the repository does not have: path → object id.
    missing_dirs: BTreeMap<String, String>,
    /// Committed symbolic links: skipped, as the work tree skips links it cannot follow.
    /// Their blob is the target's path, which a build must never publish as a file.
    links: BTreeSet<String>,
    /// The repository, reopened to read a blob too large to load up front.
    git_dir: std::path::PathBuf,
}

/// The git file mode of a symbolic link.
const SYMLINK_MODE: i32 = 0o120000;

enum Blob {
    Loaded(Vec<u8>),
    /// Too large to hold up front (never a document); read when an attachment needs it.
    TooLarge(u64, git2::Oid),
    /// Not in the repository (a partial clone): the object id.
    Missing(String),
}

/// Why a file whose blob is missing cannot be read.
fn missing_blob(oid: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!(
            "its object {oid} is missing from the repository (a partial clone?): {}",
            fetch_hint(oid)
        ),
    )
}

impl GitTree {
    /// The workspace at `rev`.
    pub fn at(repo: &GitRepo, rev: &str) -> Result<GitTree, Error> {
        let fail = |e: git2::Error| {
            git_error(
                format!("cannot read `{rev}`: {}", e.message()),
                String::new(),
            )
        };
        let commit = repo.commit(rev)?;
        let root = commit.tree().map_err(fail)?;
        let subtree = if repo.prefix.is_empty() {
            root
        } else {
            match root.get_path(std::path::Path::new(repo.prefix.trim_end_matches('/'))) {
                Ok(entry) => repo.repo.find_tree(entry.id()).map_err(fail)?,
                Err(_) => {
                    return Err(git_error(
                        format!(
                            "the workspace folder `{}` does not exist at `{rev}`",
                            repo.prefix.trim_end_matches('/')
                        ),
                        "pick a later revision".into(),
                    ));
                }
            }
        };
        let mut out = GitTree {
            files: BTreeMap::new(),
            dirs: BTreeSet::new(),
            missing_dirs: BTreeMap::new(),
            links: BTreeSet::new(),
            git_dir: repo.repo.path().to_path_buf(),
        };
        // Folder by folder, so an object the repository lacks costs only what is in it.
        let mut folders = vec![(String::new(), subtree)];
        while let Some((dir, tree)) = folders.pop() {
            for entry in tree.iter() {
                let Ok(name) = entry.name() else {
                    continue;
                };
                let path = format!("{dir}{name}");
                match entry.kind() {
                    Some(ObjectType::Tree) => match repo.repo.find_tree(entry.id()) {
                        Ok(sub) => {
                            folders.push((format!("{path}/"), sub));
                            out.dirs.insert(path);
                        }
                        Err(e) => {
                            let oid =
                                missing_object(&e, Some(entry.id())).ok_or_else(|| fail(e))?;
                            out.dirs.insert(path.clone());
                            out.missing_dirs.insert(path, oid);
                        }
                    },
                    Some(ObjectType::Blob) if entry.filemode() == SYMLINK_MODE => {
                        out.links.insert(path);
                    }
                    Some(ObjectType::Blob) => {
                        let blob = match repo.repo.find_blob(entry.id()) {
                            Ok(blob) if blob.size() as u64 > MAX_DOCUMENT_BYTES => {
                                Blob::TooLarge(blob.size() as u64, blob.id())
                            }
                            Ok(blob) => Blob::Loaded(blob.content().to_vec()),
                            Err(e) => Blob::Missing(
                                missing_object(&e, Some(entry.id())).ok_or_else(|| fail(e))?,
                            ),
                        };
                        out.files.insert(path, blob);
                    }
                    _ => {} // submodules
                }
            }
        }
        Ok(out)
    }
}

impl GitTree {
    /// No digest `spex digest` wrote (listed by its folder's marker) is read, not even
    /// through a link: a committed digest may hold confidential text.
    fn outside_digests(&self, path: &str) -> io::Result<()> {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        let marker = match dir {
            "" => crate::load::DIGESTS_MARKER.to_owned(),
            dir => format!("{dir}/{}", crate::load::DIGESTS_MARKER),
        };
        let listed = match self.files.get(&marker) {
            Some(Blob::Loaded(bytes)) => {
                crate::load::DigestMarker::parse(&String::from_utf8_lossy(bytes)).covers(name)
            }
            // A marker that cannot be read counts as one without a list, as `list` does.
            Some(_) => crate::load::DigestMarker::Legacy.covers(name),
            None => false,
        };
        if listed {
            Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "it is a digest `spex digest` wrote (its folder's `.spex-digests` marker lists it)",
            ))
        } else {
            Ok(())
        }
    }

    /// The objects of this revision the repository does not have, in path order.
    pub fn missing_objects(&self) -> Vec<&str> {
        let files = self.files.values().filter_map(|blob| match blob {
            Blob::Missing(oid) => Some(oid.as_str()),
            _ => None,
        });
        files
            .chain(self.missing_dirs.values().map(String::as_str))
            .collect()
    }
}

impl SourceTree for GitTree {
    fn list(&self, filter: &Filter, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
        let kept = |path: &str, is_dir: bool| {
            let parts: Vec<&str> = path.split('/').collect();
            let dirs = if is_dir { parts.len() + 1 } else { parts.len() };
            let dirs_kept = (1..dirs).all(|n| filter.keep_dir(&parts[..n].join("/")));
            dirs_kept && (is_dir || filter.keep_file(path))
        };
        // A folder that cannot be read hides its documents: say so, where they would be.
        for (dir, oid) in &self.missing_dirs {
            if kept(dir, true) {
                diagnostics.push(Diagnostic::new(
                    Rule::SkippedFile,
                    format!(
                        "skipped the folder `{dir}`: its object {oid} is missing from the repository (a partial clone?): {}",
                        fetch_hint(oid)
                    ),
                    Span::file_start(dir.as_str()),
                ));
            }
        }
        for link in self.links.iter().filter(|path| kept(path, false)) {
            diagnostics.push(Diagnostic::new(
                Rule::SkippedFile,
                format!(
                    "skipped `{link}`: it is a symbolic link, and links are not followed in a git revision"
                ),
                Span::file_start(link.clone()),
            ));
        }
        let files = self
            .files
            .keys()
            .filter(|path| kept(path, false))
            .cloned()
            .collect();
        // Digests `spex digest` wrote inside the workspace are never documents.
        let marker_of = |dir: &str| {
            let path = match dir {
                "" => crate::load::DIGESTS_MARKER.to_owned(),
                dir => format!("{dir}/{}", crate::load::DIGESTS_MARKER),
            };
            match self.files.get(&path) {
                Some(Blob::Loaded(bytes)) => Some(bytes.clone()),
                Some(Blob::TooLarge(..) | Blob::Missing(_)) => Some(Vec::new()),
                None => None,
            }
        };
        crate::load::drop_digests(files, marker_of, diagnostics)
    }

    fn size(&self, path: &str) -> io::Result<u64> {
        self.outside_digests(path)?;
        match self.files.get(path) {
            Some(Blob::Loaded(bytes)) => Ok(bytes.len() as u64),
            Some(Blob::TooLarge(size, _)) => Ok(*size),
            Some(Blob::Missing(oid)) => Err(missing_blob(oid)),
            None => Err(io::Error::new(
                io::ErrorKind::NotFound,
                "not in this revision",
            )),
        }
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        self.outside_digests(path)?;
        match self.files.get(path) {
            Some(Blob::Loaded(bytes)) => Ok(bytes.clone()),
            // Documents this large are skipped by size before they are read; an
            // attachment within the cap is read now, once.
            Some(Blob::TooLarge(_, oid)) => {
                let repo = git2::Repository::open(&self.git_dir).map_err(io::Error::other)?;
                let blob = repo.find_blob(*oid).map_err(io::Error::other)?;
                Ok(blob.content().to_vec())
            }
            Some(Blob::Missing(oid)) => Err(missing_blob(oid)),
            None => Err(io::Error::new(
                io::ErrorKind::NotFound,
                "not in this revision",
            )),
        }
    }

    fn exists(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.dirs.contains(path.trim_end_matches('/'))
    }
}
