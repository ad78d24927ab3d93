//! Full-text search that works offline on any static host: an inverted index built here
//! and queried by a small script of our own (`templates/static/assets/search.js`).
//!
//! The index is a JavaScript file (`window.SPEX_SEARCH = …`) rather than JSON, because
//! browsers refuse `fetch` on `file://` pages and a script tag works everywhere. Postings
//! are delta-encoded in base 36, so the index grows linearly and stays compact.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::context::DocRef;

const STOP_WORDS: [&str; 40] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if",
    "in", "into", "is", "it", "its", "not", "of", "on", "or", "our", "so", "that", "the", "their",
    "then", "there", "these", "this", "to", "was", "we", "were", "will", "with", "you", "your",
];
const MAX_TOKEN_CHARS: usize = 32;
/// The length of the longest stop word.
const MAX_STOP_WORD: usize = 5;

/// One searchable document.
pub struct Entry {
    pub doc: DocRef,
    pub summary: String,
    /// The words of its visible text, lowercased, without stop words, separated by
    /// spaces (words are alphanumeric). Tokenized with the page, in parallel, so that
    /// building the index is only a merge.
    terms: String,
}

impl Entry {
    /// `text` is what search finds the document by: title, ID, fields and body (hidden
    /// sections already left out).
    pub fn new(doc: DocRef, summary: String, text: &str) -> Entry {
        let mut terms = String::with_capacity(text.len());
        push_terms(text, &mut terms);
        // Kept until every page has rendered: hold no more than the words.
        terms.shrink_to_fit();
        Entry {
            doc,
            summary,
            terms,
        }
    }
}

#[derive(Serialize)]
struct Index<'a> {
    /// [id, title, url, kind, status, summary] per document.
    docs: Vec<[&'a str; 6]>,
    terms: BTreeMap<&'a str, String>,
}

/// Appends the words of `text` to `out`, each followed by a space: lowercased, at least
/// two and at most 32 characters, no stop words. IDs like `PRD-012` give `prd` and `012`.
/// Words are lowercased straight into `out`, so tokenizing allocates nothing per word.
fn push_terms(text: &str, out: &mut String) {
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        // Bytes bound characters from above, so most words skip the count.
        if word.len() < 2
            || (word.len() > MAX_TOKEN_CHARS && word.chars().count() > MAX_TOKEN_CHARS)
        {
            continue;
        }
        let start = out.len();
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        } else {
            out.push_str(&word.to_lowercase());
        }
        if is_stop_word(&out[start..]) {
            out.truncate(start);
        } else {
            out.push(' ');
        }
    }
}

fn is_stop_word(word: &str) -> bool {
    // Most words are longer than any stop word; the list is sorted for the others.
    word.len() <= MAX_STOP_WORD && STOP_WORDS.binary_search(&word).is_ok()
}

/// The index as a script, for entries in a stable order.
pub fn index_script(entries: &[&Entry]) -> String {
    // Hashing is cheaper than ordered inserts here; the terms are sorted once at the end.
    let mut postings: HashMap<&str, Vec<u32>> = HashMap::new();
    for (n, entry) in entries.iter().enumerate() {
        let n = n as u32;
        for term in entry.terms.split_terminator(' ') {
            let docs = postings.entry(term).or_default();
            // A word repeats within a document; documents come in order.
            if docs.last() != Some(&n) {
                docs.push(n);
            }
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
        push_base36(&mut out, doc - previous);
        previous = doc;
    }
    out
}

#[cfg(test)]
fn base36(n: u32) -> String {
    let mut out = String::new();
    push_base36(&mut out, n);
    out
}

fn push_base36(out: &mut String, mut n: u32) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    // u32::MAX is 7 digits in base 36.
    let mut buf = [0u8; 7];
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[start..].iter().map(|&b| b as char));
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
    fn stop_words_are_sorted_for_binary_search_and_short() {
        assert!(STOP_WORDS.is_sorted());
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(MAX_STOP_WORD)
        );
    }

    #[test]
    fn terms_are_lowercased_without_stop_words_and_split_at_punctuation() {
        let mut terms = String::new();
        push_terms("The carrier-rate of PRD-012, Über! x", &mut terms);
        assert_eq!(terms, "carrier rate prd 012 über ");
    }

    #[test]
    fn a_word_repeated_in_a_document_is_posted_once() {
        let doc = |id: &str| DocRef {
            id: id.into(),
            title: id.into(),
            url: format!("{id}.html"),
            kind: "prd".into(),
            status: None,
            phase: None,
        };
        let a = Entry::new(doc("A"), String::new(), "rate rate shipping");
        let b = Entry::new(doc("B"), String::new(), "Rate");
        let script = index_script(&[&a, &b]);
        assert!(script.contains(r#""rate":"0,1""#), "{script}");
        assert!(script.contains(r#""shipping":"0""#), "{script}");
    }
}
