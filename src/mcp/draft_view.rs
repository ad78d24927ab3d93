//! A draft's diagnostics as the reader the server answers for is told them. The draft
//! is compiled with the whole workspace, so a reference to a confidential document
//! resolves and reports nothing, where a reference to a missing one is an error: the
//! difference would tell an agent which hidden IDs exist. Here a hidden document is
//! answered exactly like one that does not exist (README, Confidentiality): references
//! to it are unknown, and no suggestion or claimant names anything hidden.

use crate::audience::{Hidden, Policy};
use crate::compiler::Compilation;
use crate::diag::{Diagnostic, Rule, Span};
use crate::model::Workspace;
use crate::validate::unknown_reference_at;

/// What `policy` hides of `draft` (the compilation the hidden view `base` was worked
/// out for, with the document at `path` saved in it): `base` with the draft's own
/// sections, or the draft under each path it has when it is hidden itself.
pub fn draft_hidden(
    base: &Hidden,
    draft: &Compilation,
    policy: &impl Policy,
    path: &str,
) -> Hidden {
    let ws = &draft.workspace;
    let Some(idx) = ws.index_of_path(path) else {
        return Hidden::of_workspace(ws, policy);
    };
    let doc = &ws.docs[idx];
    let shown = policy.shows(doc);
    let mut hidden = base.with_document(doc, shown, policy);
    if !shown {
        // A symbolic link to a hidden document is that document under another path.
        for (alias, _) in ws.aliases().filter(|&(_, i)| i == idx) {
            hidden.add("", alias);
        }
    }
    hidden
}

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
    // Sorting every ID is worth it only for a reference to suggest one for.
    let visible_ids: std::cell::OnceCell<Vec<&str>> = std::cell::OnceCell::new();
    let shown = |d: &crate::model::Document| !hidden.file(&d.path);
    let doc = &ws.docs[idx];
    doc.refs
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.target.is_empty())
        .filter(|(n, r)| ws.ref_target(idx, *n).is_none() || hidden.id(&r.target))
        .map(|(_, r)| {
            let span = Span::new(&doc.path, r.span.clone());
            let ids = visible_ids
                .get_or_init(|| ws.ids().into_iter().filter(|id| !hidden.id(id)).collect());
            unknown_reference_at(ws, ids, &r.target, span, &shown)
        })
        .filter(|d| !hidden.covers(&d.primary))
        .collect()
}
