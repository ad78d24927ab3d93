//! Inlay hints: the title after each ID a front-matter field names (`depends_on:
//! [PRD-12]` reads `PRD-12 Instant exchanges`), so a list of IDs says what it lists.

use std::ops::Range;

use crate::model::{RefOrigin, Workspace};

/// One hint: shown at byte `at` of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub at: usize,
    pub label: String,
}

/// The hints for the front-matter references of the document at `path` that end inside
/// `range`.
pub fn hints(ws: &Workspace, path: &str, range: &Range<usize>) -> Vec<Hint> {
    let Some(idx) = ws.index_of_path(path) else {
        return Vec::new();
    };
    let doc = &ws.docs[idx];
    doc.refs
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.origin, RefOrigin::Field(_)))
        .filter(|(_, r)| range.start <= r.span.end && r.span.end <= range.end)
        .filter_map(|(i, r)| {
            let target = &ws.docs[ws.ref_target(idx, i)?];
            let label = match r.anchor.as_deref().and_then(|a| target.heading(a)) {
                Some(heading) => format!("{} › {}", target.title, heading.text),
                None => target.title.clone(),
            };
            Some(Hint {
                at: r.span.end,
                label,
            })
        })
        .collect()
}
