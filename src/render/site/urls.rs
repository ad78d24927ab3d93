//! Where each page lives in the output. All links in the site are relative, so it works
//! from any sub-path, any static host and straight from the file system.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::model::Document;

/// A path segment that is safe on every file system and can never climb out of the
/// output folder: letters, digits, `.`, `_` and `-`; anything else becomes `-`.
pub fn safe_segment(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    while out.starts_with('.') {
        out.replace_range(..1, "_");
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// Output paths of document pages, unique even when IDs collide (a build with
/// `--allow-errors` may have duplicate IDs).
pub fn document_paths(docs: &[std::sync::Arc<Document>]) -> Vec<String> {
    // Names in parallel (watch mode does this on every save); uniqueness in path order.
    let bases: Vec<String> = docs.par_iter().map(|doc| page_base(doc)).collect();
    let mut taken = HashSet::with_capacity(bases.len());
    bases
        .into_iter()
        .map(|base| {
            let mut path = format!("{base}.html");
            let mut n = 2;
            while !taken.insert(path.clone()) {
                path = format!("{base}-{n}.html");
                n += 1;
            }
            path
        })
        .collect()
}

/// A document's page path without the `.html` extension.
fn page_base(doc: &Document) -> String {
    match (doc.kind_name(), &doc.id) {
        (Some(kind), Some(id)) => format!("{}/{}", safe_segment(kind), safe_segment(id)),
        (Some(kind), None) => {
            format!("{}/{}", safe_segment(kind), safe_segment(stem(&doc.path)))
        }
        (None, _) => {
            let without_ext = doc
                .path
                .rsplit_once('.')
                .map_or(doc.path.as_str(), |(p, _)| p);
            let segments: Vec<String> = without_ext.split('/').map(safe_segment).collect();
            format!("pages/{}", segments.join("/"))
        }
    }
}

fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// The prefix that leads from a page back to the site root: `../` per folder level.
pub fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// Where a workspace asset (an image, a PDF) is copied in the site.
pub fn asset_path(workspace_path: &str) -> String {
    let segments: Vec<String> = workspace_path.split('/').map(safe_segment).collect();
    format!("files/{}", segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cannot_escape() {
        assert_eq!(safe_segment("../../etc/passwd"), "_.-..-etc-passwd");
        assert_eq!(safe_segment("PRD-12"), "PRD-12");
        assert_eq!(safe_segment("RFC 7/α"), "RFC-7--");
        assert_eq!(safe_segment(""), "_");
    }

    #[test]
    fn roots_climb_one_level_per_folder() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("prd/PRD-1.html"), "../");
        assert_eq!(root_of("pages/docs/a.html"), "../../");
    }
}
