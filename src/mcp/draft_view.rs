//! A draft's diagnostics as the reader the server answers for is told them. The draft
//! is compiled with the whole workspace, so a reference to a confidential document
//! resolves and reports nothing, where a reference to a missing one is an error: the
//! difference would tell an agent which hidden IDs exist. Here a hidden document is
//! answered exactly like one that does not exist (README, Confidentiality): references
//! to it are unknown, and no suggestion or claimant names anything hidden.

use crate::audience::Hidden;
use crate::compiler::Compilation;
use crate::diag::{Diagnostic, Rule, Span};
use crate::model::Workspace;
use crate::validate::unknown_reference_at;

/// The diagnostics of the draft at `path` that `hidden` leaves the reader, with every
/// unknown reference worked out again over what the reader sees.
pub fn draft_diagnostics(draft: &Compilation, hidden: &Hidden, path: &str) -> Vec<Diagnostic> {
    let ws = &draft.workspace;
    let mut out: Vec<Diagnostic> = hidden
        .shown(&draft.diagnostics)
        .into_iter()
        .filter(|d| d.primary.file == path && d.rule != Rule::UnknownReference)
        .cloned()
        .collect();
    if let Some(idx) = ws.index_of_path(path) {
        out.extend(unknown_references(ws, idx, hidden));
    }
    // In the order `spex check` reports a file's diagnostics: by position.
    out.sort_by_key(|d| d.primary.range.start);
    out
}

/// `unknown-reference` for each reference of document `idx` to no document or to a
/// hidden one, suggesting only IDs the reader sees. A reference inside one of the
/// draft's own hidden sections says nothing, as any diagnostic there.
fn unknown_references(ws: &Workspace, idx: usize, hidden: &Hidden) -> Vec<Diagnostic> {
    let visible_ids: Vec<&str> = ws.ids().into_iter().filter(|id| !hidden.id(id)).collect();
    let shown = |d: &crate::model::Document| !hidden.file(&d.path);
    let doc = &ws.docs[idx];
    doc.refs
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.target.is_empty())
        .filter(|(n, r)| ws.ref_target(idx, *n).is_none() || hidden.id(&r.target))
        .map(|(_, r)| {
            let span = Span::new(&doc.path, r.span.clone());
            unknown_reference_at(ws, &visible_ids, &r.target, span, &shown)
        })
        .filter(|d| !hidden.covers(&d.primary))
        .collect()
}
