//! Document symbols: the outline of a document's headings, nested by level.

use std::ops::Range;

use crate::model::Document;

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
