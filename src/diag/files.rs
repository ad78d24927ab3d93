//! The text of every file diagnostics may point into, keyed by workspace-relative path.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::LineIndex;

/// File texts plus their line indexes, built once per file on demand.
#[derive(Debug, Default, Clone)]
pub struct Files {
    /// Shared: watch mode keeps the last set and derives the next from it on every save.
    texts: Arc<BTreeMap<String, Arc<str>>>,
}

impl Files {
    pub fn insert(&mut self, path: impl Into<String>, text: Arc<str>) {
        Arc::make_mut(&mut self.texts).insert(path.into(), text);
    }

    /// Adds every file of `other`.
    pub fn extend(&mut self, other: Files) {
        let other = Arc::unwrap_or_clone(other.texts);
        Arc::make_mut(&mut self.texts).extend(other);
    }

    pub fn text(&self, path: &str) -> Option<&str> {
        self.texts.get(path).map(|t| &**t)
    }

    /// Line and column (1-based, in characters) of a byte offset; `1:1` for unknown files.
    pub fn position(&self, path: &str, offset: usize) -> super::Position {
        match self.text(path) {
            Some(text) => LineIndex::new(text).position(text, offset),
            None => super::Position { line: 1, column: 1 },
        }
    }
}
