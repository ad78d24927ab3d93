//! A document of a numbered kind with no ID is told which ID to write: the next free
//! one, which only the whole workspace knows (typing sees one document at a time).

use crate::diag::{Diagnostic, Rule};
use crate::model::Workspace;

/// Rewrites the help of every "missing ID field" diagnostic to name the kind's next free
/// ID (`add `id: PRD-004` (the next free ID)`).
pub(super) fn suggest_next_ids(ws: &Workspace, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.rule == Rule::MissingField && d.message.starts_with("missing ID field"))
    {
        let Some(doc) = ws.index_of_path(&d.primary.file).map(|i| &ws.docs[i]) else {
            continue;
        };
        let Some(kind) = doc.kind.as_ref().filter(|_| doc.id.is_none()) else {
            continue;
        };
        if let Some(next) = crate::author::next_id(ws, kind) {
            d.help = Some(format!(
                "add `{}: {}` (the next free {} ID)",
                kind.id.field, next.value, kind.name
            ));
        }
    }
}
