//! Completion in a body: IDs after `[[`, a document's `#anchor`s after `[[ID#`, after
//! `](file.md#` and after `](#`, relative paths to workspace files after `](`, and section
//! tags after `{.` on a heading.

use std::ops::Range;

use super::{Candidate, What, ids, word_len};
use crate::author::relative_path;
use crate::model::{Document, LinkTarget, Workspace};
use crate::resolve::resolve_link;

/// The completions for the line up to the cursor (`before`, ending at `offset`).
pub fn in_body(ws: &Workspace, doc: &Document, before: &str, offset: usize) -> Vec<Candidate> {
    let from = |i: usize| offset - (before.len() - i);
    if let Some(candidates) = section_tags(ws, before, &from) {
        return candidates;
    }
    if let Some(open) = unclosed(before, "[[", "]]") {
        let inside = &before[open + 2..];
        return match inside.split_once('#') {
            Some((id, _)) => match ws.by_id(id.trim()) {
                Some(target) => anchors(target, from(before.len() - word_len(before))..offset),
                None => Vec::new(),
            },
            None => ids(
                ws,
                &[],
                &doc.text,
                from(before.len() - word_len(before))..offset,
            ),
        };
    }
    if let Some(open) = unclosed(before, "](", ")") {
        let dest_start = open + 2;
        let dest = &before[dest_start..];
        if let Some((file, fragment)) = dest.split_once('#') {
            let replace = from(before.len() - fragment.len())..offset;
            if file.is_empty() {
                return anchors(doc, replace);
            }
            return match resolve_link(&doc.path, file) {
                LinkTarget::File { path, .. } => match ws.index_of_path(&path) {
                    Some(i) => anchors(&ws.docs[i], replace),
                    None => Vec::new(),
                },
                _ => Vec::new(),
            };
        }
        if dest.contains(['?', ' ']) || dest.contains("://") {
            return Vec::new();
        }
        return paths(ws, doc, from(dest_start)..offset);
    }
    Vec::new()
}

/// Where `open` was last written in `before` with no `close` after it.
fn unclosed(before: &str, open: &str, close: &str) -> Option<usize> {
    let at = before.rfind(open)?;
    (!before[at + open.len()..].contains(close)).then_some(at)
}

/// Section tags after `{.` (or ` .` inside a group) at the end of a heading line.
fn section_tags(
    ws: &Workspace,
    before: &str,
    from: &dyn Fn(usize) -> usize,
) -> Option<Vec<Candidate>> {
    let trimmed = before.trim_start_matches([' ', '>']);
    if !trimmed.starts_with('#') {
        return None;
    }
    let open = unclosed(before, "{", "}")?;
    let group = &before[open + 1..];
    let word = group.rsplit(' ').next().unwrap_or(group);
    let typed = word.strip_prefix('.')?;
    let written: Vec<&str> = group
        .split(' ')
        .filter_map(|w| w.strip_prefix('.'))
        .collect();
    let replace = from(before.len() - typed.len())..from(before.len());
    Some(
        ws.config
            .section_tags()
            .filter(|tag| *tag == typed || !written.contains(tag))
            .map(|tag| Candidate {
                label: tag.to_owned(),
                detail: match tag {
                    "confidential" => "section tag · hidden from every output".to_owned(),
                    _ => format!("section tag · only for {tag}"),
                },
                documentation: None,
                what: What::Value,
                replace: replace.clone(),
            })
            .collect(),
    )
}

/// A document's heading anchors: detail the heading's text.
fn anchors(doc: &Document, replace: Range<usize>) -> Vec<Candidate> {
    doc.headings
        .iter()
        .map(|h| Candidate {
            label: h.anchor.clone(),
            detail: h.text.clone(),
            documentation: None,
            what: What::Anchor,
            replace: replace.clone(),
        })
        .collect()
}

/// Every other file of the workspace, as a path relative to the document's folder.
fn paths(ws: &Workspace, doc: &Document, replace: Range<usize>) -> Vec<Candidate> {
    let folder = doc.path.rsplit_once('/').map_or("", |(f, _)| f);
    ws.files
        .iter()
        .filter(|p| **p != doc.path)
        .map(|path| {
            let detail = match ws.index_of_path(path) {
                Some(i) => ws.docs[i].label().to_owned(),
                None => "file".to_owned(),
            };
            Candidate {
                label: relative_path(folder, path),
                detail,
                documentation: None,
                what: What::Path,
                replace: replace.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(relative_path("prds", "prds/b.md"), "b.md");
        assert_eq!(
            relative_path("prds", "objectives/o.md"),
            "../objectives/o.md"
        );
        assert_eq!(relative_path("", "prds/b.md"), "prds/b.md");
    }
}
