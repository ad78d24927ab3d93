//! A [`SourceTree`] with in-memory texts on top: an editor's unsaved buffers shadow the
//! files on disk (or in a revision) until they are cleared. Everything the compiler
//! reads goes through it, so an overlaid file is what every stage sees.

use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::load::{Filter, SourceTree};

/// `base` with some files' texts replaced (or added) in memory.
pub struct Overlaid<T> {
    base: T,
    texts: BTreeMap<String, Arc<str>>,
}

impl<T: SourceTree> Overlaid<T> {
    /// `base` with nothing overlaid yet.
    pub fn new(base: T) -> Overlaid<T> {
        Overlaid {
            base,
            texts: BTreeMap::new(),
        }
    }

    /// The tree under the overlay.
    pub fn base(&self) -> &T {
        &self.base
    }

    /// Shadows `path` (workspace-relative, `/`-separated) with `text`.
    pub fn set(&mut self, path: &str, text: Arc<str>) {
        self.texts.insert(path.to_owned(), text);
    }

    /// The paths shadowed now.
    pub fn overlaid(&self) -> impl Iterator<Item = &String> {
        self.texts.keys()
    }

    /// Whether `path` is overlaid with exactly the text the base tree has: an editor
    /// opening a file is no edit of it.
    pub fn same_as_base(&self, path: &str) -> bool {
        self.texts
            .get(path)
            .is_some_and(|text| self.base.read(path).is_ok_and(|b| b == text.as_bytes()))
    }

    /// Shows `path` as the base tree has it again. Returns whether it was overlaid.
    pub fn clear(&mut self, path: &str) -> bool {
        self.texts.remove(path).is_some()
    }

    /// Whether `path` is shadowed by the overlay, or a folder holding a shadowed file.
    fn shadows(&self, path: &str) -> bool {
        if self.texts.contains_key(path) {
            return true;
        }
        let folder = format!("{path}/");
        self.texts
            .range(folder.clone()..)
            .next()
            .is_some_and(|(p, _)| p.starts_with(&folder))
    }
}

/// Whether the walk would list `path`: every folder on the way and the file itself kept.
pub(super) fn listable(filter: &Filter, path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    (1..parts.len()).all(|n| filter.keep_dir(&parts[..n].join("/"))) && filter.keep_file(path)
}

impl<T: SourceTree> SourceTree for Overlaid<T> {
    fn list(&self, filter: &Filter, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
        let mut listed = self.base.list(filter, diagnostics);
        if self.texts.is_empty() {
            return listed;
        }
        // A buffer for a file not saved yet is part of the workspace too.
        let extra: Vec<String> = self
            .texts
            .keys()
            .filter(|p| listable(filter, p) && listed.binary_search(p).is_err())
            .cloned()
            .collect();
        if !extra.is_empty() {
            listed.extend(extra);
            listed.sort();
        }
        listed
    }

    fn size(&self, path: &str) -> io::Result<u64> {
        match self.texts.get(path) {
            Some(text) => Ok(text.len() as u64),
            None => self.base.size(path),
        }
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        match self.texts.get(path) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => self.base.read(path),
        }
    }

    fn open(&self, path: &str) -> io::Result<Box<dyn io::Read + Send + '_>> {
        match self.texts.get(path) {
            Some(text) => Ok(Box::new(io::Cursor::new(text.as_bytes()))),
            None => self.base.open(path),
        }
    }

    fn real_path(&self, path: &str) -> Option<String> {
        // An overlaid file is its own text, whatever the file on disk links to.
        (!self.texts.contains_key(path))
            .then(|| self.base.real_path(path))
            .flatten()
    }

    fn hard_link_id(&self, path: &str) -> Option<(u64, u64)> {
        (!self.texts.contains_key(path))
            .then(|| self.base.hard_link_id(path))
            .flatten()
    }

    fn exists(&self, path: &str) -> bool {
        self.shadows(path) || self.base.exists(path)
    }
}
