//! The per-document half of the pipeline, cached: each Markdown file read, parsed and
//! resolved, kept by path with its text. A file read again with the same text is not
//! parsed again (the text is compared whole, which costs what hashing it would and
//! cannot collide); resolving depends on nothing but the file and the config, so a new
//! config empties the cache.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::assemble::Resolved;
use super::last_good::{HeldBack, broken_save};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::load::{SourceTree, read_source};
use crate::parse::parse_doc;
use crate::resolve::resolve_document;

#[derive(Default)]
pub(super) struct DocCache {
    /// Documents resolved, with their own diagnostics; the documents are shared with the
    /// workspaces assembled from them, so reassembling copies none of them.
    pub docs: BTreeMap<String, Resolved>,
    /// Markdown files that could not be read (binary, too large), with why.
    pub skipped: BTreeMap<String, Diagnostic>,
    /// Whether a broken save keeps the document's last good version (`keep_last_good`).
    pub keep_last_good: bool,
    /// The broken newest parses of documents whose last good version is cached instead.
    pub held_back: BTreeMap<String, HeldBack>,
    /// How many documents were parsed since the cache was made.
    pub parses: usize,
}

/// What reading one file found.
enum Read {
    /// The same text as the cached document (or its held-back broken save).
    Unchanged {
        reverted: bool,
    },
    Parsed(Resolved),
    Skipped(Box<Diagnostic>),
}

impl DocCache {
    pub fn contains(&self, path: &str) -> bool {
        self.docs.contains_key(path) || self.skipped.contains_key(path)
    }

    /// Drops every file not in `listed`.
    pub fn retain(&mut self, listed: &BTreeSet<String>) {
        self.docs.retain(|path, _| listed.contains(path));
        self.skipped.retain(|path, _| listed.contains(path));
        self.held_back.retain(|path, _| listed.contains(path));
    }

    /// Reads `paths` (in parallel) and parses those whose text changed. Returns the
    /// paths whose cached document changed.
    pub fn load(
        &mut self,
        tree: &dyn SourceTree,
        config: &Config,
        paths: &[String],
    ) -> BTreeSet<String> {
        let read: Vec<(&String, Read)> = paths
            .par_iter()
            .map(|path| (path, self.read(tree, config, path)))
            .collect();
        let mut changed = BTreeSet::new();
        for (path, read) in read {
            match read {
                // Back to the last good text: nothing is held back any more.
                Read::Unchanged { reverted } => {
                    if reverted {
                        self.held_back.remove(path);
                    }
                }
                Read::Parsed(resolved) => {
                    self.parses += 1;
                    if self.keep_last_good
                        && let Some(old) = self.docs.get(path)
                        && let Some(diagnostics) = broken_save(config, old, &resolved)
                    {
                        let held = HeldBack {
                            text: resolved.0.text.clone(),
                            doc: resolved.0.clone(),
                            diagnostics,
                        };
                        self.held_back.insert(path.clone(), held);
                        continue;
                    }
                    self.held_back.remove(path);
                    self.skipped.remove(path);
                    self.docs.insert(path.clone(), resolved);
                    changed.insert(path.clone());
                }
                Read::Skipped(skipped) => {
                    self.held_back.remove(path);
                    self.docs.remove(path);
                    self.skipped.insert(path.clone(), *skipped);
                    changed.insert(path.clone());
                }
            }
        }
        changed
    }

    fn read(&self, tree: &dyn SourceTree, config: &Config, path: &str) -> Read {
        let source = match read_source(tree, path) {
            Ok(source) => source,
            Err(skipped) => return Read::Skipped(skipped),
        };
        if let Some((doc, _)) = self.docs.get(path) {
            let held = self.held_back.get(path);
            if doc.text == source.text && source.encoding_problem.is_none() {
                return Read::Unchanged {
                    reverted: held.is_some(),
                };
            }
            if held.is_some_and(|h| h.text == source.text) {
                return Read::Unchanged { reverted: false };
            }
        }
        let (doc, diagnostics) = resolve_document(config, parse_doc(&source));
        Read::Parsed((Arc::new(doc), diagnostics))
    }

    /// Every cached document's own diagnostics and every skipped file's.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.skipped
            .values()
            .chain(self.docs.values().flat_map(|(_, own)| own))
    }
}
