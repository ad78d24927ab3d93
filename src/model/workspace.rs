//! The whole compiled workspace: documents, ID and path indexes, backlinks.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::{DocIdx, Document, History};
use crate::config::{Config, Role};

/// Who refers to a document: `from` is the referring document, `reference` the index
/// into its `refs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlink {
    pub from: DocIdx,
    pub reference: usize,
}

/// Immutable once built; every renderer and rule reads it.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub config: Arc<Config>,
    /// Sorted by path.
    pub docs: Vec<Document>,
    /// Every file in the tree (Markdown or not), for link checks.
    pub files: BTreeSet<String>,
    /// Backlinks per document, in referrer order.
    pub backlinks: Vec<Vec<Backlink>>,
    /// Git history, when the workspace is in a repository.
    pub history: Option<Arc<History>>,
    ids: HashMap<String, DocIdx>,
    paths: HashMap<String, DocIdx>,
}

impl Workspace {
    /// Builds the indexes. The first document (by path) with an ID owns it; duplicates
    /// are reported by the resolver.
    pub fn new(config: Arc<Config>, mut docs: Vec<Document>, files: BTreeSet<String>) -> Workspace {
        docs.sort_by(|a, b| a.path.cmp(&b.path));
        let mut ids = HashMap::new();
        let mut paths = HashMap::new();
        for (i, doc) in docs.iter().enumerate() {
            if let Some(id) = &doc.id {
                ids.entry(id.clone()).or_insert(i);
            }
            paths.insert(doc.path.clone(), i);
        }
        let mut backlinks = vec![Vec::new(); docs.len()];
        for (from, doc) in docs.iter().enumerate() {
            for (reference, r) in doc.refs.iter().enumerate() {
                if let Some(&to) = ids.get(&r.target)
                    && to != from
                {
                    backlinks[to].push(Backlink { from, reference });
                }
            }
        }
        Workspace {
            config,
            docs,
            files,
            backlinks,
            history: None,
            ids,
            paths,
        }
    }

    pub fn index_of_id(&self, id: &str) -> Option<DocIdx> {
        self.ids.get(id).copied()
    }

    pub fn by_id(&self, id: &str) -> Option<&Document> {
        self.index_of_id(id).map(|i| &self.docs[i])
    }

    pub fn index_of_path(&self, path: &str) -> Option<DocIdx> {
        self.paths.get(path).copied()
    }

    /// All IDs, sorted, for did-you-mean suggestions.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.ids.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }

    /// Specs (not plain pages).
    pub fn specs(&self) -> impl Iterator<Item = (DocIdx, &Document)> {
        self.docs.iter().enumerate().filter(|(_, d)| d.is_spec())
    }

    /// Documents of one role.
    pub fn with_role(&self, role: Role) -> impl Iterator<Item = (DocIdx, &Document)> {
        self.docs
            .iter()
            .enumerate()
            .filter(move |(_, d)| d.role() == Some(role))
    }

    /// The number of documents (specs and pages), for the summary line.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}
