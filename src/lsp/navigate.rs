//! What the cursor is on, and where that leads: go to definition (an ID in front matter,
//! `[[ID]]`, `[[ID#anchor]]`, a relative link to a file or `file.md#anchor`) and find
//! references (backlinks).

use std::ops::Range;

use crate::model::{DocIdx, LinkTarget, Workspace};

/// A place in a workspace file: its path and byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: String,
    pub range: Range<usize>,
}

/// The document (and heading anchor) named under the cursor: the document's own ID, or
/// a reference to another one. `None` when the cursor is on no ID, or on one no document
/// has.
pub fn named_at<'a>(
    ws: &'a Workspace,
    path: &str,
    offset: usize,
) -> Option<(DocIdx, Option<&'a str>)> {
    let idx = ws.index_of_path(path)?;
    let doc = &ws.docs[idx];
    if doc.id_span.as_ref().is_some_and(|s| covers(s, offset)) {
        return Some((idx, None));
    }
    let (i, reference) = doc
        .refs
        .iter()
        .enumerate()
        .find(|(_, r)| covers(&r.span, offset))?;
    let target = ws
        .ref_target(idx, i)
        .or_else(|| ws.index_of_id(&reference.target))?;
    Some((target, reference.anchor.as_deref()))
}

/// Where the ID or link under the cursor is defined: the heading for `[[ID#anchor]]`,
/// else the document's ID in its front matter (or its start, without one).
pub fn definition(ws: &Workspace, path: &str, offset: usize) -> Option<Place> {
    let Some((target, anchor)) = named_at(ws, path, offset) else {
        return linked_at(ws, path, offset);
    };
    let doc = &ws.docs[target];
    let heading = anchor.and_then(|a| doc.heading(a));
    let range = match (heading, &doc.id_span) {
        (Some(heading), _) => heading.span.clone(),
        (None, Some(id)) => id.clone(),
        (None, None) => 0..0,
    };
    Some(Place {
        path: doc.path.clone(),
        range,
    })
}

/// Where the relative link under the cursor goes: the heading its `#anchor` names, else
/// the start of the file (a document or any other file of the workspace).
fn linked_at(ws: &Workspace, path: &str, offset: usize) -> Option<Place> {
    let doc = &ws.docs[ws.index_of_path(path)?];
    let link = doc.links.iter().find(|l| covers(&l.span, offset))?;
    let (target, anchor) = match &link.target {
        LinkTarget::File { path, anchor } => (path.as_str(), anchor.as_deref()),
        LinkTarget::SameDocument { anchor } => (doc.path.as_str(), Some(anchor.as_str())),
        LinkTarget::External | LinkTarget::OutsideWorkspace => return None,
    };
    let Some(target_doc) = ws.index_of_path(target).map(|i| &ws.docs[i]) else {
        return ws.files.contains(target).then(|| Place {
            path: target.to_owned(),
            range: 0..0,
        });
    };
    let matching = ws.config.anchors;
    let heading = anchor.and_then(|a| {
        target_doc
            .headings
            .iter()
            .find(|h| matching.matches(a, &h.anchor))
    });
    Some(Place {
        path: target.to_owned(),
        range: heading.map_or(0..0, |h| h.span.clone()),
    })
}

/// Every reference to the document (or heading) under the cursor, in referrer order;
/// on no ID, to the document the cursor is in. With `declaration`, its own ID first.
pub fn references(ws: &Workspace, path: &str, offset: usize, declaration: bool) -> Vec<Place> {
    let (target, anchor) = match named_at(ws, path, offset) {
        Some(named) => named,
        None => match ws.index_of_path(path) {
            Some(idx) => (idx, None),
            None => return Vec::new(),
        },
    };
    let mut out = Vec::new();
    if declaration && let Some(id) = &ws.docs[target].id_span {
        out.push(Place {
            path: ws.docs[target].path.clone(),
            range: id.clone(),
        });
    }
    for backlink in &ws.backlinks[target] {
        let from = &ws.docs[backlink.from];
        let reference = &from.refs[backlink.reference];
        if anchor.is_some() && reference.anchor.as_deref() != anchor {
            continue;
        }
        out.push(Place {
            path: from.path.clone(),
            range: reference.span.clone(),
        });
    }
    out
}

/// Whether a span holds the cursor; its end counts, as a cursor just past a word is on it.
pub fn covers(span: &Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}
