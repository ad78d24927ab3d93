//! Which whole-workspace rules an edit makes stale. Those rules (a cycle spans many
//! documents; did-you-mean looks at every ID and name) cannot be scoped to an edited
//! document's neighbours, but each reads only a little of every document: when an edit
//! leaves that little as it was, the rule's last diagnostics still hold, and a keystroke
//! in a body does not re-run them over 10,000 documents.

use std::collections::BTreeSet;

use crate::diag::Rule;
use crate::model::{DocIdx, Workspace};
use crate::validate::person_fields_of;

/// The rules that must run again after document `i` changed from `before` to `after`
/// (the same document at the same place in both, with the same ID): of `rules`, those
/// that read something of the document that changed. A rule not known here reads
/// everything, so it is always stale.
pub(super) fn stale_rules(
    rules: &[Rule],
    before: &Workspace,
    after: &Workspace,
    i: DocIdx,
) -> BTreeSet<Rule> {
    rules
        .iter()
        .copied()
        .filter(|&rule| match rule {
            Rule::SimilarNames => {
                person_fields_of(&before.docs[i]) != person_fields_of(&after.docs[i])
            }
            Rule::DependencyCycle => dependencies(before, i) != dependencies(after, i),
            Rule::UnknownReference => {
                // A document without an ID may claim one (its front matter is broken):
                // references to that ID elsewhere are reported differently.
                before.docs[i].id.is_none()
                    || after.docs[i].id.is_none()
                    || references(before, i) != references(after, i)
            }
            _ => true,
        })
        .collect()
}

/// What `dependency-cycle` reads of a document: its dependency edges, each with the
/// reference it comes from and that reference's span (where a cycle is reported).
fn dependencies(ws: &Workspace, i: DocIdx) -> Vec<(usize, Option<DocIdx>, std::ops::Range<usize>)> {
    ws.docs[i]
        .refs
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_dependency())
        .map(|(n, r)| (n, ws.ref_target(i, n), r.span.clone()))
        .collect()
}

/// What `unknown-reference` reads of a document: each reference's target, where it is,
/// and whether it resolved.
fn references(ws: &Workspace, i: DocIdx) -> Vec<(&str, std::ops::Range<usize>, bool)> {
    ws.docs[i]
        .refs
        .iter()
        .enumerate()
        .map(|(n, r)| {
            (
                r.target.as_str(),
                r.span.clone(),
                ws.ref_target(i, n).is_some(),
            )
        })
        .collect()
}
