//! Full-text search that works offline on any static host: an inverted index built here
//! and queried by a small script of our own (`templates/assets/search.js`).
//!
//! The index is a JavaScript file (`window.SPEX_SEARCH = …`) rather than JSON, because
//! browsers refuse `fetch` on `file://` pages and a script tag works everywhere. Postings
//! are delta-encoded in base 36, so the index grows linearly and stays compact.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::context::DocRef;

const STOP_WORDS: [&str; 40] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if",
    "in", "into", "is", "it", "its", "not", "of", "on", "or", "our", "so", "that", "the", "their",
    "then", "there", "these", "this", "to", "was", "we", "were", "will", "with", "you", "your",
];
const MAX_TOKEN_CHARS: usize = 32;

/// One searchable document.
pub struct Entry {
    pub doc: DocRef,
    pub summary: String,
    /// Visible text: title, ID, fields and body (hidden sections already left out).
    pub text: String,
}

#[derive(Serialize)]
struct Index<'a> {
    /// [id, title, url, kind, status, summary] per document.
    docs: Vec<[&'a str; 6]>,
    terms: BTreeMap<String, String>,
}

/// The words of a text, lowercased; IDs like `PRD-012` become `prd` and `012`.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| t.len() >= 2 && t.chars().count() <= MAX_TOKEN_CHARS)
        .map(str::to_lowercase)
        .filter(|t| !STOP_WORDS.contains(&t.as_str()))
}

/// The index as a script, for entries in a stable order.
pub fn index_script(entries: &[&Entry]) -> String {
    let mut postings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (n, entry) in entries.iter().enumerate() {
        let unique: BTreeSet<String> = tokens(&entry.text).collect();
        for token in unique {
            postings.entry(token).or_default().push(n as u32);
        }
    }
    let terms = postings
        .into_iter()
        .map(|(term, docs)| (term, encode(&docs)))
        .collect();
    let docs = entries
        .iter()
        .map(|e| {
            [
                e.doc.id.as_str(),
                e.doc.title.as_str(),
                e.doc.url.as_str(),
                e.doc.kind.as_str(),
                e.doc.status.as_deref().unwrap_or(""),
                e.summary.as_str(),
            ]
        })
        .collect();
    // Strings and maps of strings always serialize.
    let json = serde_json::to_string(&Index { docs, terms }).expect("search index serializes");
    format!("window.SPEX_SEARCH={json};\n")
}

/// Ascending document numbers as base-36 gaps: `[3, 5, 40]` → `"3,2,z"`.
fn encode(docs: &[u32]) -> String {
    let mut out = String::new();
    let mut previous = 0;
    for (i, &doc) in docs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&base36(doc - previous));
        previous = doc;
    }
    out
}

fn base36(mut n: u32) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = Vec::new();
    loop {
        buf.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    buf.reverse();
    String::from_utf8(buf).expect("ASCII digits")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_delta_encoded_in_base_36() {
        assert_eq!(encode(&[3, 5, 40]), "3,2,z");
        assert_eq!(base36(36), "10");
    }

    #[test]
    fn tokens_drop_stop_words_and_split_ids() {
        let words: Vec<String> = tokens("The carrier-rate of PRD-012, über!").collect();
        assert_eq!(words, ["carrier", "rate", "prd", "012", "über"]);
    }
}
