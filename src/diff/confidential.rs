//! Confidential documents in a semantic diff, without `--include-confidential`: they are
//! counted, never named. A document confidential at the base or at the head leaves the
//! added / removed / renamed / changed lists for an anonymous count; references and
//! roadmap items naming one are counted in their document's change, never named (a
//! document whose only change is such a reference still changed); diagnostics pass the audience policy's filter
//! (located in such a document or a `{.confidential}` section, or naming one's ID or
//! path). Which documents are hidden is the policy's answer; this file only applies it.

use std::collections::BTreeSet;

use super::SemanticDiff;
use crate::audience::{Hidden, Policy, Visibility};
use crate::diag::Diagnostic;
use crate::model::{Document, Workspace};

/// A diff is output anyone may read: without `--include-confidential` (this file is not
/// used with it), what the site hides.
const PUBLIC: Visibility = Visibility {
    include_confidential: false,
};

/// The documents hidden from a diff: confidential at the base or at the head (matched
/// by ID, else by path, as the comparison matches them).
pub struct HiddenDocs {
    keys: BTreeSet<String>,
    ids: BTreeSet<String>,
}

/// How the comparison matches a document across the two sides.
pub fn key(doc: &Document) -> String {
    doc.id
        .clone()
        .unwrap_or_else(|| format!("path:{}", doc.path))
}

impl HiddenDocs {
    pub fn new(base: &Workspace, head: &Workspace) -> HiddenDocs {
        let confidential: Vec<&Document> = base
            .docs
            .iter()
            .chain(&head.docs)
            .map(|d| &**d)
            .filter(|d| !PUBLIC.shows(d))
            .collect();
        HiddenDocs {
            keys: confidential.iter().map(|d| key(d)).collect(),
            ids: confidential.iter().filter_map(|d| d.id.clone()).collect(),
        }
    }

    /// Whether the diff may only count this document.
    pub fn hides(&self, doc: &Document) -> bool {
        self.keys.contains(&key(doc))
    }

    /// The diagnostics of one side that may be shown: judged on that side's documents,
    /// with the other side's hidden ones added (a diagnostic may name either).
    pub fn shown<'a>(
        &self,
        side: &Workspace,
        other: &Workspace,
        diagnostics: &'a [Diagnostic],
    ) -> Vec<&'a Diagnostic> {
        let docs = side.docs.iter().map(|d| (&**d, !self.hides(d))).chain(
            other
                .docs
                .iter()
                .filter(|d| self.hides(d))
                .map(|d| (&**d, false)),
        );
        Hidden::of_docs(docs, &PUBLIC).shown(diagnostics)
    }

    /// Moves hidden documents out of `diff`'s lists into its anonymous count, and turns
    /// references and roadmap items that name one into a count.
    pub fn redact(&self, diff: &mut SemanticDiff) {
        let hidden_key = |id: &str, path: &str| {
            let key = if id.is_empty() {
                format!("path:{path}")
            } else {
                id.to_owned()
            };
            self.keys.contains(&key)
        };
        let mut moved = Vec::new();
        diff.added.retain(|d| {
            let hide = hidden_key(&d.id, &d.path);
            if hide {
                moved.push(d.clone());
            }
            !hide
        });
        diff.removed.retain(|d| {
            let hide = hidden_key(&d.id, &d.path);
            if hide {
                moved.push(d.clone());
            }
            !hide
        });
        diff.renamed.retain(|r| {
            let hide = hidden_key(&r.doc.id, &r.doc.path);
            if hide {
                moved.push(r.doc.clone());
            }
            !hide
        });
        diff.changed.retain(|c| {
            let hide = hidden_key(&c.doc.id, &c.doc.path);
            if hide {
                moved.push(c.doc.clone());
            }
            !hide
        });
        for change in &mut diff.changed {
            let before = change.references_added.len()
                + change.references_removed.len()
                + change.roadmap.len();
            change
                .references_added
                .retain(|r| !self.ids.contains(&r.target));
            change
                .references_removed
                .retain(|r| !self.ids.contains(&r.target));
            change.roadmap.retain(|item| !self.ids.contains(&item.id));
            // The document did change: it is kept, and says so without the names.
            change.hidden_references += before
                - change.references_added.len()
                - change.references_removed.len()
                - change.roadmap.len();
        }
        diff.changed.retain(|c| !c.is_empty());
        // A renamed and edited document is one document.
        moved.sort_by(|a, b| (&a.id, &a.path).cmp(&(&b.id, &b.path)));
        moved.dedup_by(|a, b| {
            if a.id.is_empty() {
                a.path == b.path
            } else {
                a.id == b.id
            }
        });
        diff.confidential_changed = moved.len();
        diff.confidential = moved;
    }
}
