//! Which document pages a change touches: the changed documents, the ones that refer to
//! them (their links show the changed title and status), and the ones they refer to
//! (their "Referenced by" lists change), before and after the change.

use std::collections::BTreeSet;

use crate::model::Workspace;

pub fn affected_documents(
    before: Option<&Workspace>,
    after: &Workspace,
    changed: &BTreeSet<String>,
) -> Vec<String> {
    let mut out: BTreeSet<String> = changed.clone();
    for ws in before.into_iter().chain(std::iter::once(after)) {
        for path in changed {
            let Some(idx) = ws.index_of_path(path) else {
                continue;
            };
            let doc = &ws.docs[idx];
            out.extend(
                doc.refs
                    .iter()
                    .filter_map(|r| ws.by_id(&r.target))
                    .map(|d| d.path.clone()),
            );
            out.extend(
                ws.backlinks[idx]
                    .iter()
                    .map(|b| ws.docs[b.from].path.clone()),
            );
            // A changed ID may leave documents whose references it used to satisfy.
            if let Some(id) = &doc.id {
                out.extend(
                    ws.docs
                        .iter()
                        .filter(|d| d.refs.iter().any(|r| &r.target == id))
                        .map(|d| d.path.clone()),
                );
            }
        }
    }
    out.into_iter().collect()
}
