//! Documents an audience must not learn about, and whether a diagnostic names one.
//! Diagnostics are written for authors: a dependency cycle through a confidential PRD
//! names it in its message, so the digest drops such lines rather than leak the ID.

use super::audience::Audience;
use crate::diag::Diagnostic;
use crate::diff::{DiagnosticSummary, SemanticDiff};
use crate::model::Workspace;

/// The IDs and files of documents hidden from one audience, now or (removed) at the base.
pub struct Hidden {
    ids: Vec<String>,
    paths: Vec<String>,
}

impl Hidden {
    pub fn new(ws: &Workspace, diff: Option<&SemanticDiff>, audience: &Audience) -> Hidden {
        let mut hidden = Hidden {
            ids: Vec::new(),
            paths: Vec::new(),
        };
        for doc in ws.docs.iter().filter(|d| !audience.sees(d)) {
            hidden.ids.extend(doc.id.clone());
            hidden.paths.push(doc.path.clone());
        }
        // A symbolic link to a hidden document is that document (a diagnostic about the
        // link names it by its other path).
        for (alias, idx) in ws.aliases() {
            if !audience.sees(&ws.docs[idx]) {
                hidden.paths.push(alias.to_string());
            }
        }
        // Confidential documents the diff only counts (see `diff::confidential`) are
        // hidden from every audience too.
        let removed = diff
            .into_iter()
            .flat_map(|d| d.removed.iter().chain(&d.confidential));
        for doc in removed.filter(|d| !audience.sees_summary(d)) {
            if !doc.id.is_empty() {
                hidden.ids.push(doc.id.clone());
            }
            hidden.paths.push(doc.path.clone());
        }
        hidden
    }

    /// Whether `id` belongs to a hidden document.
    pub fn id(&self, id: &str) -> bool {
        self.ids.iter().any(|h| h == id)
    }

    /// Whether a text names a hidden document by ID or path.
    pub fn named_in(&self, text: &str) -> bool {
        self.ids.iter().any(|id| mentions(text, id)) || self.paths.iter().any(|p| text.contains(p))
    }

    /// Whether a diagnostic is about, or names, a hidden document anywhere.
    pub fn diagnostic(&self, d: &Diagnostic) -> bool {
        self.paths.contains(&d.primary.file)
            || self.named_in(&d.message)
            || d.primary_label.as_deref().is_some_and(|l| self.named_in(l))
            || d.help.as_deref().is_some_and(|h| self.named_in(h))
            || d.labels
                .iter()
                .any(|l| self.paths.contains(&l.span.file) || self.named_in(&l.message))
    }

    /// The same for a diagnostic as the diff keeps it.
    pub fn summary(&self, d: &DiagnosticSummary) -> bool {
        self.paths.contains(&d.file) || self.named_in(&d.message)
    }
}

/// `id` as a whole word: `PRD-1` is in "PRD-1 → PRD-9", not in "PRD-10".
fn mentions(text: &str, id: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    text.match_indices(id).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + id.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn an_id_is_found_only_as_a_whole_word() {
        assert!(mentions("cycle PRD-1 → PRD-9 → PRD-1", "PRD-9"));
        assert!(mentions("`PRD-9` changed", "PRD-9"));
        assert!(!mentions("PRD-90 and XPRD-9", "PRD-9"));
    }
}
