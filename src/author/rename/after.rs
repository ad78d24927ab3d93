//! The workspace as it would be after a rename, as a [`SourceTree`]: the changed files'
//! new texts under their new paths, moved files gone from their old ones, everything
//! else read from the tree below. Compiling it before writing shows whether the rename
//! leaves problems `spex check` would report.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::sync::Arc;

use super::RenamePlan;
use crate::diag::Diagnostic;
use crate::load::{Filter, SourceTree};

/// `base` with a plan applied in memory.
pub struct AfterRename<T> {
    base: T,
    texts: BTreeMap<String, Arc<str>>,
    removed: BTreeSet<String>,
}

impl<T: SourceTree> AfterRename<T> {
    pub fn new(base: T, plan: &RenamePlan) -> AfterRename<T> {
        let texts = plan
            .changes
            .iter()
            .map(|c| (c.new_path.clone(), Arc::from(c.after.as_str())))
            .collect();
        let removed = plan
            .changes
            .iter()
            .filter(|c| c.new_path != c.path)
            .map(|c| c.path.clone())
            .collect();
        AfterRename {
            base,
            texts,
            removed,
        }
    }

    fn gone(&self, path: &str) -> bool {
        self.removed.contains(path) && !self.texts.contains_key(path)
    }

    fn not_found() -> io::Error {
        io::Error::new(io::ErrorKind::NotFound, "moved by the rename")
    }
}

impl<T: SourceTree> SourceTree for AfterRename<T> {
    fn list(&self, filter: &Filter, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
        let mut listed: Vec<String> = self
            .base
            .list(filter, diagnostics)
            .into_iter()
            .filter(|p| !self.gone(p))
            .collect();
        for path in self.texts.keys() {
            let folders_kept = path
                .match_indices('/')
                .all(|(at, _)| filter.keep_dir(&path[..at]));
            if folders_kept && filter.keep_file(path) && listed.binary_search(path).is_err() {
                listed.push(path.clone());
                listed.sort();
            }
        }
        listed
    }

    fn size(&self, path: &str) -> io::Result<u64> {
        match self.texts.get(path) {
            Some(text) => Ok(text.len() as u64),
            None if self.gone(path) => Err(Self::not_found()),
            None => self.base.size(path),
        }
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        match self.texts.get(path) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None if self.gone(path) => Err(Self::not_found()),
            None => self.base.read(path),
        }
    }

    fn real_path(&self, path: &str) -> Option<String> {
        (!self.texts.contains_key(path) && !self.gone(path))
            .then(|| self.base.real_path(path))
            .flatten()
    }

    fn hard_link_id(&self, path: &str) -> Option<(u64, u64)> {
        (!self.texts.contains_key(path) && !self.gone(path))
            .then(|| self.base.hard_link_id(path))
            .flatten()
    }

    fn exists(&self, path: &str) -> bool {
        let folder = format!("{path}/");
        self.texts.contains_key(path)
            || self.texts.keys().any(|p| p.starts_with(&folder))
            || (!self.gone(path) && self.base.exists(path))
    }
}
