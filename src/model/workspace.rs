//! The whole compiled workspace: documents, ID and path indexes, backlinks, and the
//! views every output shares (`views.rs`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

mod insert;

use super::views::Views;
use super::{DocIdx, Document, History};
use crate::config::{Config, Role};

/// Who refers to a document: `from` is the referring document, `reference` the index
/// into its `refs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlink {
    pub from: DocIdx,
    pub reference: usize,
}

/// Immutable once built; every renderer and rule reads it. Everything but the document
/// list is shared, so a workspace derived by [`Workspace::with_document`] is cheap.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub config: Arc<Config>,
    /// Sorted by path. Shared, so that watch mode can reassemble a workspace without copying every
    /// unchanged document.
    pub docs: Vec<Arc<Document>>,
    /// Every file in the tree (Markdown or not), for link checks.
    pub files: Arc<BTreeSet<String>>,
    /// Linked files the site may copy: regular files within the size cap that are not a
    /// document under another name (see `resolve::linked_files`). Empty until set.
    pub attachments: Arc<BTreeSet<String>>,
    /// Backlinks per document, in referrer order.
    pub backlinks: Arc<Vec<Vec<Backlink>>>,
    /// Git history, when the workspace is in a repository.
    pub history: Option<Arc<History>>,
    ids: Arc<HashMap<String, DocIdx>>,
    paths: Arc<HashMap<String, DocIdx>>,
    /// The document each reference resolves to, per document and reference: looked up
    /// once here, because rules, the graph and every page ask again and again.
    targets: Arc<Vec<Vec<Option<DocIdx>>>>,
    /// Roadmap items, the dependency graph, the ID order and page paths, each worked
    /// out on first use (see `views.rs`). Valid for `docs` as they are: only
    /// [`Workspace::with_document`] replaces a document, and it starts new views.
    pub(super) views: Arc<Views>,
}

/// The backlinks of every document, each list in referrer order, from what each
/// reference resolves to.
fn backlinks_of(targets: &[Vec<Option<DocIdx>>]) -> Vec<Vec<Backlink>> {
    let mut backlinks = vec![Vec::new(); targets.len()];
    for (from, doc_targets) in targets.iter().enumerate() {
        for (reference, target) in doc_targets.iter().enumerate() {
            if let Some(to) = *target
                && to != from
            {
                backlinks[to].push(Backlink { from, reference });
            }
        }
    }
    backlinks
}

impl Workspace {
    /// Builds the indexes. The first document (by path) with an ID owns it; duplicates
    /// are reported by the resolver.
    pub fn new(
        config: Arc<Config>,
        mut docs: Vec<Arc<Document>>,
        files: BTreeSet<String>,
    ) -> Workspace {
        docs.sort_by(|a, b| a.path.cmp(&b.path));
        // Watch mode reassembles on every save, so the indexes are built in parallel.
        let (ids, paths) = rayon::join(
            || {
                let mut ids = HashMap::with_capacity(docs.len());
                for (i, doc) in docs.iter().enumerate() {
                    if let Some(id) = &doc.id {
                        ids.entry(id.clone()).or_insert(i);
                    }
                }
                ids
            },
            || {
                docs.iter()
                    .enumerate()
                    .map(|(i, doc)| (doc.path.clone(), i))
                    .collect::<HashMap<_, _>>()
            },
        );
        let targets: Vec<Vec<Option<DocIdx>>> = docs
            .par_iter()
            .map(|doc| {
                doc.refs
                    .iter()
                    .map(|r| ids.get(&r.target).copied())
                    .collect()
            })
            .collect();
        let backlinks = backlinks_of(&targets);
        Workspace {
            config,
            docs,
            files: Arc::new(files),
            attachments: Arc::default(),
            backlinks: Arc::new(backlinks),
            history: None,
            ids: Arc::new(ids),
            paths: Arc::new(paths),
            targets: Arc::new(targets),
            views: Arc::default(),
        }
    }

    /// This workspace with document `idx` replaced by `doc`, when that keeps the ID and
    /// path indexes: same path, kind and ID. References that changed are resolved again
    /// for this document alone, and its backlinks moved. Most saves in watch mode and
    /// most keystrokes in an editor (an edited paragraph, a new status, a reference
    /// typed) take this path instead of reassembling every document.
    pub fn with_document(&self, idx: DocIdx, doc: Arc<Document>) -> Option<Workspace> {
        let old = self.docs.get(idx)?;
        let same_indexes =
            old.path == doc.path && old.kind_name() == doc.kind_name() && old.id == doc.id;
        if !same_indexes {
            return None;
        }
        let same_targets = old.refs.len() == doc.refs.len()
            && old
                .refs
                .iter()
                .zip(&doc.refs)
                .all(|(a, b)| a.target == b.target);
        let mut ws = self.clone();
        if !same_targets {
            ws.retarget(idx, &doc);
        }
        ws.docs[idx] = doc;
        ws.views = Arc::new(self.views.carried_over());
        Some(ws)
    }

    /// Resolves the references of `doc` (the new version of document `idx`) and moves
    /// its backlinks, keeping each list in referrer order as [`Workspace::new`] builds it.
    fn retarget(&mut self, idx: DocIdx, doc: &Document) {
        let now: Vec<Option<DocIdx>> = doc
            .refs
            .iter()
            .map(|r| self.ids.get(&r.target).copied())
            .collect();
        let backlinks = Arc::make_mut(&mut self.backlinks);
        for to in self.targets[idx].iter().flatten() {
            backlinks[*to].retain(|b| b.from != idx);
        }
        for (reference, target) in now.iter().enumerate() {
            let Some(to) = *target else { continue };
            if to == idx {
                continue;
            }
            let list = &mut backlinks[to];
            let at = list.partition_point(|b| (b.from, b.reference) < (idx, reference));
            list.insert(
                at,
                Backlink {
                    from: idx,
                    reference,
                },
            );
        }
        Arc::make_mut(&mut self.targets)[idx] = now;
    }

    /// Makes each linked path in `aliases` (a symbolic link to a document) that document
    /// for every path lookup: pages link to the document's page, rules see a reference
    /// to it, and the site never copies it as a file.
    pub fn add_aliases(&mut self, aliases: &BTreeMap<String, String>) {
        let found: Vec<(String, DocIdx)> = aliases
            .iter()
            .filter(|(alias, _)| !self.paths.contains_key(*alias))
            .filter_map(|(alias, real)| Some((alias.clone(), *self.paths.get(real)?)))
            .collect();
        if !found.is_empty() {
            Arc::make_mut(&mut self.paths).extend(found);
        }
    }

    /// The other names of documents (symbolic links to them, see [`Self::add_aliases`]),
    /// so a filter that hides a document by path hides these paths too.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, DocIdx)> {
        self.paths
            .iter()
            .filter(|(path, idx)| self.docs[**idx].path != **path)
            .map(|(path, idx)| (path.as_str(), *idx))
    }

    pub fn index_of_id(&self, id: &str) -> Option<DocIdx> {
        self.ids.get(id).copied()
    }

    pub fn by_id(&self, id: &str) -> Option<&Document> {
        self.index_of_id(id).map(|i| &*self.docs[i])
    }

    /// The document that reference number `reference` of document `doc` resolves to.
    pub fn ref_target(&self, doc: DocIdx, reference: usize) -> Option<DocIdx> {
        self.targets[doc][reference]
    }

    /// The document at a workspace path, or that a link at that path really is.
    pub fn index_of_path(&self, path: &str) -> Option<DocIdx> {
        self.paths.get(path).copied()
    }

    /// The document a link's workspace path names: the file at that path, or, with
    /// `extensionless_links: true`, the document at that path plus `.md` (`./eip-150`)
    /// when nothing else is there.
    pub fn index_of_link(&self, path: &str) -> Option<DocIdx> {
        self.index_of_path(path).or_else(|| {
            (self.config.extensionless_links && !self.files.contains(path))
                .then(|| self.extensionless_target(path))
                .flatten()
        })
    }

    /// The document at `path` plus `.md`, for a link written without the extension.
    pub fn extensionless_target(&self, path: &str) -> Option<DocIdx> {
        let name = path.rsplit('/').next().unwrap_or(path);
        if name.is_empty() || name.contains('.') {
            return None;
        }
        self.index_of_path(&format!("{path}.md"))
    }

    /// All IDs, sorted, for did-you-mean suggestions.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.ids.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }

    /// Specs (not plain pages).
    pub fn specs(&self) -> impl Iterator<Item = (DocIdx, &Document)> {
        self.docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_spec())
            .map(|(i, d)| (i, &**d))
    }

    /// Documents of one role.
    pub fn with_role(&self, role: Role) -> impl Iterator<Item = (DocIdx, &Document)> {
        self.docs
            .iter()
            .enumerate()
            .filter(move |(_, d)| d.role() == Some(role))
            .map(|(i, d)| (i, &**d))
    }

    /// The number of documents (specs and pages), for the summary line.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}
