//! A workspace with one new document in it, built from the indexes already there: the
//! ID and path maps and the resolved references are shifted past the new document's
//! place instead of being worked out again for every document. `spex mcp`'s
//! `check_text` asks for this once per draft; at 10,000 documents rebuilding every
//! index each time was most of its cost.

use std::sync::Arc;

use super::{Workspace, backlinks_of};
use crate::model::{DocIdx, Document};

impl Workspace {
    /// This workspace with `doc` added at its place by path, and that place: the same
    /// workspace [`Workspace::new`] builds from all the documents (views start again,
    /// files, attachments and history stay as they are). `None` when a document is
    /// already at that path.
    pub fn with_new_document(&self, doc: Arc<Document>) -> Option<(Workspace, DocIdx)> {
        if self.paths.contains_key(&doc.path) {
            return None;
        }
        let at = self.docs.partition_point(|d| d.path < doc.path);
        let shift = |i: DocIdx| if i >= at { i + 1 } else { i };

        let mut docs = Vec::with_capacity(self.docs.len() + 1);
        docs.extend_from_slice(&self.docs[..at]);
        docs.push(doc.clone());
        docs.extend_from_slice(&self.docs[at..]);

        let mut paths = (*self.paths).clone();
        paths.values_mut().for_each(|i| *i = shift(*i));
        paths.insert(doc.path.clone(), at);

        let mut ids = (*self.ids).clone();
        ids.values_mut().for_each(|i| *i = shift(*i));
        // The first document by path owns an ID: the new one takes it when it comes
        // before the owner so far, or when nobody had it. Then every reference to it
        // resolves to the new document.
        let taken = doc.id.as_deref().filter(|id| match ids.get(*id) {
            Some(&owner) => doc.path < docs[owner].path,
            None => true,
        });
        if let Some(id) = taken {
            ids.insert(id.to_owned(), at);
        }

        let mut targets: Vec<Vec<Option<DocIdx>>> = Vec::with_capacity(docs.len());
        for (n, doc_targets) in self.targets.iter().enumerate() {
            if n == at {
                targets.push(Vec::new());
            }
            targets.push(doc_targets.iter().map(|t| t.map(shift)).collect());
        }
        if at == self.targets.len() {
            targets.push(Vec::new());
        }
        targets[at] = doc
            .refs
            .iter()
            .map(|r| ids.get(&r.target).copied())
            .collect();
        if let Some(id) = taken {
            for (from, other) in docs.iter().enumerate() {
                for (reference, r) in other.refs.iter().enumerate() {
                    if r.target == id {
                        targets[from][reference] = Some(at);
                    }
                }
            }
        }

        let backlinks = backlinks_of(&targets);
        let ws = Workspace {
            config: self.config.clone(),
            docs,
            files: self.files.clone(),
            attachments: self.attachments.clone(),
            backlinks: Arc::new(backlinks),
            history: self.history.clone(),
            ids: Arc::new(ids),
            paths: Arc::new(paths),
            targets: Arc::new(targets),
            views: Arc::default(),
        };
        Some((ws, at))
    }
}
