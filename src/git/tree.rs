//! A workspace as it was at a revision, read from the object database: the core's
//! `SourceTree`, so any command can compile the past without touching the work tree.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use git2::{ObjectType, TreeWalkMode, TreeWalkResult};

use super::repo::{GitRepo, git_error};
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::load::{Filter, MAX_DOCUMENT_BYTES, SourceTree};

/// Every file of the workspace at one commit, loaded up front: git2 handles are not
/// `Sync`, and the pipeline reads files from several threads.
pub struct GitTree {
    files: BTreeMap<String, Blob>,
    dirs: BTreeSet<String>,
}

enum Blob {
    Loaded(Vec<u8>),
    /// Too large to hold; only its size is kept.
    TooLarge(u64),
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
        let mut files = BTreeMap::new();
        let mut dirs = BTreeSet::new();
        let mut error = None;
        subtree
            .walk(TreeWalkMode::PreOrder, |dir, entry| {
                let Ok(name) = entry.name() else {
                    return TreeWalkResult::Skip;
                };
                let path = format!("{dir}{name}");
                match entry.kind() {
                    Some(ObjectType::Tree) => {
                        dirs.insert(path);
                    }
                    Some(ObjectType::Blob) => match repo.repo.find_blob(entry.id()) {
                        Ok(blob) if blob.size() as u64 > MAX_DOCUMENT_BYTES => {
                            files.insert(path, Blob::TooLarge(blob.size() as u64));
                        }
                        Ok(blob) => {
                            files.insert(path, Blob::Loaded(blob.content().to_vec()));
                        }
                        Err(e) => {
                            error = Some(fail(e));
                            return TreeWalkResult::Abort;
                        }
                    },
                    _ => {} // submodules
                }
                TreeWalkResult::Ok
            })
            .map_err(fail)?;
        match error {
            Some(e) => Err(e),
            None => Ok(GitTree { files, dirs }),
        }
    }
}

impl SourceTree for GitTree {
    fn list(&self, filter: &Filter, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
        let files = self
            .files
            .keys()
            .filter(|path| {
                let parts: Vec<&str> = path.split('/').collect();
                let dirs_kept = (1..parts.len()).all(|n| filter.keep_dir(&parts[..n].join("/")));
                dirs_kept && filter.keep_file(path)
            })
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
                Some(Blob::TooLarge(_)) => Some(Vec::new()),
                None => None,
            }
        };
        crate::load::drop_digests(files, marker_of, diagnostics)
    }

    fn size(&self, path: &str) -> io::Result<u64> {
        match self.files.get(path) {
            Some(Blob::Loaded(bytes)) => Ok(bytes.len() as u64),
            Some(Blob::TooLarge(size)) => Ok(*size),
            None => Err(io::Error::new(
                io::ErrorKind::NotFound,
                "not in this revision",
            )),
        }
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        match self.files.get(path) {
            Some(Blob::Loaded(bytes)) => Ok(bytes.clone()),
            Some(Blob::TooLarge(_)) => {
                Err(io::Error::new(io::ErrorKind::FileTooLarge, "too large"))
            }
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
