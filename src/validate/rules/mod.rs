//! Workspace-level rule checks, grouped by what they look at (references, links,
//! lifecycle, …); each check has the `validate::Check` signature and is paired with its
//! rule in `validate::CHECKS`.

pub mod body;
pub mod dependencies;
pub mod history;
pub mod lifecycle;
pub mod links;
pub mod people;
pub mod people_draft;
pub mod references;
pub mod roadmap;

use crate::model::{DocIdx, Document, Reference, Workspace};

/// Every reference in the workspace with the index of the document it resolves to.
pub(super) fn resolved_refs(
    ws: &Workspace,
) -> impl Iterator<Item = (DocIdx, &Reference, Option<DocIdx>)> {
    ws.docs.iter().enumerate().flat_map(move |(i, doc)| {
        doc.refs
            .iter()
            .enumerate()
            .map(move |(n, r)| (i, r, ws.ref_target(i, n)))
    })
}

/// The span of a document's status value, to show "draft here" next to a message.
pub(super) fn status_span(doc: &Document) -> Option<crate::diag::Span> {
    let (field, _) = doc.kind.as_ref()?.status_field()?;
    let f = doc.fields.get(field)?;
    Some(crate::diag::Span::new(&doc.path, f.span.clone()))
}

/// Where to point when a diagnostic is about a whole document: its ID, else its start.
pub(super) fn doc_span(doc: &Document) -> crate::diag::Span {
    let range = doc.id_span.clone().unwrap_or(0..0);
    crate::diag::Span::new(&doc.path, range)
}

#[cfg(test)]
mod tests;
