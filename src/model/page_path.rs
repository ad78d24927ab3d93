//! Model: where each document's page lives in the site, the one URL layout the site,
//! the digests and `spex diff` link by (`prd/PRD-12.html`), and the path segments every
//! site URL is made of, safe on every file system. The workspace works out every page
//! path once (see [`super::Workspace::page_path`]).

use std::collections::HashSet;

use rayon::prelude::*;

use super::Document;

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

/// The longest name (in bytes) spex gives a page or folder. File systems refuse names
/// over 255 bytes, and `check` accepts IDs, tags and owners of any length; 120 leaves
/// room for `.html` and numbering, and keeps URLs readable.
const MAX_SEGMENT_BYTES: usize = 120;

/// Folders the site itself writes into, which a kind's folder must not share.
const SITE_FOLDERS: [&str; 6] = ["assets", "files", "owners", "pages", "tags", "teams"];

/// `segment` made fit for a folder that already holds an `index.html`: cut to
/// `MAX_SEGMENT_BYTES`, and when it is cut or is `index`, followed by a hash of the
/// whole `name`, so names that share a long start, or `index` and `INDEX`, stay apart.
pub fn bounded_segment(segment: &str, name: &str) -> String {
    if segment.eq_ignore_ascii_case("index") {
        return with_hash(segment, name);
    }
    fit(segment, name)
}

/// `segment` cut to [`MAX_SEGMENT_BYTES`] (with a hash of the whole `name`) when longer.
fn fit(segment: &str, name: &str) -> String {
    if segment.len() <= MAX_SEGMENT_BYTES {
        return segment.to_owned();
    }
    with_hash(segment, name)
}

/// `segment`, cut so that `-` and a hash of `name` fit in `MAX_SEGMENT_BYTES`, then
/// those appended.
pub fn with_hash(segment: &str, name: &str) -> String {
    let hash = short_hash(name);
    let keep = MAX_SEGMENT_BYTES - hash.len() - 1;
    let mut cut = segment.len().min(keep);
    while !segment.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{hash}", &segment[..cut])
}

/// Eight hex digits of 64-bit FNV-1a over `text`: stable across builds, platforms and Rust
/// versions (unlike `DefaultHasher`), so a URL never moves by itself.
pub(crate) fn short_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", (hash >> 32) ^ (hash & 0xffff_ffff))
}

/// The folder of a kind's pages (and its `index.html` list).
pub fn kind_folder(kind: &str) -> String {
    let segment = safe_segment(kind);
    if SITE_FOLDERS.contains(&segment.to_ascii_lowercase().as_str()) {
        return with_hash(&segment, kind);
    }
    fit(&segment, kind)
}

/// The page of a document with an ID, without `.html`: `prd/PRD-12`. Digests and diffs
/// link to it by this same function.
pub fn doc_page_base(kind: &str, id: &str) -> String {
    format!(
        "{}/{}",
        kind_folder(kind),
        bounded_segment(&safe_segment(id), id)
    )
}

/// Output paths of document pages, unique even when IDs collide (a build with
/// `--allow-errors` may have duplicate IDs).
pub(crate) fn document_paths(docs: &[std::sync::Arc<Document>]) -> Vec<String> {
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
        (Some(kind), Some(id)) => doc_page_base(kind, id),
        (Some(kind), None) => {
            let stem = stem(&doc.path);
            format!(
                "{}/{}",
                kind_folder(kind),
                bounded_segment(&safe_segment(stem), stem)
            )
        }
        (None, _) => {
            let without_ext = doc
                .path
                .rsplit_once('.')
                .map_or(doc.path.as_str(), |(p, _)| p);
            let segments: Vec<String> = without_ext
                .split('/')
                .map(|s| fit(&safe_segment(s), s))
                .collect();
            format!("pages/{}", segments.join("/"))
        }
    }
}

fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
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
    fn page_names_are_bounded_and_never_index() {
        assert_eq!(doc_page_base("prd", "PRD-12"), "prd/PRD-12");
        let long = format!("PRD-{}", "1".repeat(300));
        let page = doc_page_base("prd", &long);
        assert!(page.len() <= "prd/".len() + MAX_SEGMENT_BYTES, "{page}");
        let other = doc_page_base("prd", &format!("{long}2"));
        assert_ne!(page, other, "a shared start does not share a page");
        for id in ["index", "INDEX"] {
            let page = doc_page_base("rfc", id).to_ascii_lowercase();
            assert!(page.starts_with("rfc/index-"), "{id}");
        }
        assert_ne!(doc_page_base("rfc", "index"), doc_page_base("rfc", "INDEX"));
    }

    #[test]
    fn kinds_never_share_a_folder_with_the_site() {
        assert_eq!(kind_folder("prd"), "prd");
        assert!(kind_folder("tags").starts_with("tags-"));
        assert!(kind_folder("Pages").starts_with("Pages-"));
    }

    #[test]
    fn hashes_are_stable() {
        // Pinned: a URL must not move between builds, platforms or compiler versions.
        assert_eq!(short_hash(""), "4fd0bfc1");
        assert_eq!(short_hash("index").len(), 8);
    }
}
