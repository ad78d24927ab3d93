//! The text of every file diagnostics may point into, keyed by workspace-relative path.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use super::LineIndex;

/// File texts plus their line indexes, each index built once, on first use: a file with
/// thousands of diagnostics must not be re-scanned for every position.
#[derive(Debug, Default, Clone)]
pub struct Files {
    /// Shared: watch mode keeps the last set and derives the next from it on every save.
    texts: Arc<BTreeMap<String, Arc<FileText>>>,
}

#[derive(Debug)]
struct FileText {
    text: Arc<str>,
    lines: OnceLock<LineIndex>,
}

impl Files {
    pub fn insert(&mut self, path: impl Into<String>, text: Arc<str>) {
        let entry = Arc::new(FileText {
            text,
            lines: OnceLock::new(),
        });
        Arc::make_mut(&mut self.texts).insert(path.into(), entry);
    }

    /// Adds every file of `other`.
    pub fn extend(&mut self, other: Files) {
        let other = Arc::unwrap_or_clone(other.texts);
        Arc::make_mut(&mut self.texts).extend(other);
    }

    pub fn text(&self, path: &str) -> Option<&str> {
        self.texts.get(path).map(|t| &*t.text)
    }

    /// A file's text with its line index.
    pub fn text_and_lines(&self, path: &str) -> Option<(&str, &LineIndex)> {
        let entry = self.texts.get(path)?;
        let lines = entry.lines.get_or_init(|| LineIndex::new(&entry.text));
        Some((&entry.text, lines))
    }

    /// Line and column (1-based, in characters) of a byte offset; `1:1` for unknown files.
    pub fn position(&self, path: &str, offset: usize) -> super::Position {
        match self.text_and_lines(path) {
            Some((text, lines)) => lines.position(text, offset),
            None => super::Position { line: 1, column: 1 },
        }
    }
}
