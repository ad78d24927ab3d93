//! Document symbols (the outline of a document's headings, nested by level) and
//! workspace symbols (every ID and title).

use std::ops::Range;

use crate::model::{Document, Workspace};

/// One heading and the headings under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub level: u8,
    /// The heading line.
    pub selection: Range<usize>,
    /// From the heading to the next heading of its level or above (or the end).
    pub range: Range<usize>,
    pub children: Vec<Symbol>,
}

/// The document's headings as a tree.
pub fn outline(doc: &Document) -> Vec<Symbol> {
    let flat: Vec<Symbol> = doc
        .headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let end = doc.headings[i + 1..]
                .iter()
                .find(|next| next.level <= h.level)
                .map_or(doc.text.len(), |next| next.span.start);
            Symbol {
                name: h.text.clone(),
                level: h.level,
                selection: h.span.clone(),
                range: h.span.start..end.max(h.span.end),
                children: Vec::new(),
            }
        })
        .collect();
    nest(&mut flat.into_iter().peekable(), 0)
}

/// Takes the symbols deeper than `level` off the front, each with its own children.
fn nest(symbols: &mut std::iter::Peekable<impl Iterator<Item = Symbol>>, level: u8) -> Vec<Symbol> {
    let mut out = Vec::new();
    while let Some(mut symbol) = symbols.next_if(|s| s.level > level) {
        symbol.children = nest(symbols, symbol.level);
        out.push(symbol);
    }
    out
}

/// One document found by a workspace symbol search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// `PRD-2 Bee plans`.
    pub name: String,
    pub path: String,
    /// The ID in its front matter (the file's start, without one).
    pub range: Range<usize>,
}

/// At most this many documents answer one search; the editor asks again as the query
/// grows.
pub const FOUND_LIMIT: usize = 200;

/// Every document whose ID and title match `query`, best first: the ID starting with
/// it, then containing it, then the title containing it, then its letters in order
/// (`p2bee` finds `PRD-2 Bee`). Case is ignored; an empty query lists every ID.
pub fn workspace_symbols(ws: &Workspace, query: &str) -> Vec<Found> {
    let query = query.to_lowercase();
    let mut scored: Vec<(u8, &str, &Document)> = ws
        .docs
        .iter()
        .filter_map(|doc| {
            let id = doc.id.as_deref()?;
            let score = score(&id.to_lowercase(), &doc.title.to_lowercase(), &query)?;
            Some((score, id, &**doc))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(FOUND_LIMIT)
        .map(|(_, id, doc)| Found {
            name: format!("{id} {}", doc.title),
            path: doc.path.clone(),
            range: doc.id_span.clone().unwrap_or(0..0),
        })
        .collect()
}

/// How well `query` (lowercase) names a document (lower is better); `None` when not.
fn score(id: &str, title: &str, query: &str) -> Option<u8> {
    if id.starts_with(query) {
        return Some(0);
    }
    if id.contains(query) {
        return Some(1);
    }
    if title.contains(query) {
        return Some(2);
    }
    let mut letters = id.chars().chain([' ']).chain(title.chars());
    query
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(|q| letters.any(|c| c == q))
        .then_some(3)
}

#[cfg(test)]
mod tests {
    use super::score;

    #[test]
    fn ids_before_titles_before_scattered_letters() {
        assert_eq!(score("prd-2", "bee plans", "prd"), Some(0));
        assert_eq!(score("prd-12", "bee plans", "12"), Some(1));
        assert_eq!(score("prd-2", "bee plans", "plans"), Some(2));
        assert_eq!(score("prd-2", "bee plans", "p2bee"), Some(3));
        assert_eq!(score("prd-2", "bee plans", "zzz"), None);
    }
}
