//! Full-text search that works offline on any static host: an inverted index built here
//! and queried by a small script of our own (`templates/static/assets/search.js`).
//!
//! The index is a JavaScript file (`window.SPEX_SEARCH = …`) rather than JSON, because
//! browsers refuse `fetch` on `file://` pages and a script tag works everywhere. Postings
//! are delta-encoded in base 36, so the index grows linearly and stays compact.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Serialize, Serializer};

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
    /// `texts` are what search finds the document by: title, ID, fields and body (hidden
    /// sections already left out), read as if joined by spaces. Taken in parts so that
    /// no page's text is copied only to be tokenized.
    pub fn new(doc: DocRef, summary: String, texts: &[&str]) -> Entry {
        let mut terms = String::with_capacity(texts.iter().map(|t| t.len()).sum());
        for text in texts {
            push_terms(text, &mut terms);
        }
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
    terms: SortedTerms<'a>,
}

/// Terms and their encoded postings, sorted by term and each term once: serialized as a
/// JSON object, exactly as an ordered map would be, without building one.
struct SortedTerms<'a>(Vec<(&'a str, String)>);

impl Serialize for SortedTerms<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(term, docs)| (term, docs)))
    }
}

/// Appends the words of `text` to `out`, each followed by a space: lowercased, at least
/// two and at most 32 characters, no stop words. Words are runs of alphanumeric
/// characters, so IDs like `PRD-012` give `prd` and `012`. Scans bytes and decodes a
/// character only where one is not ASCII, and lowercases straight into `out`, so
/// tokenizing allocates nothing per word.
fn push_terms(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut word_start = None;
    let mut i = 0;
    while i < bytes.len() {
        let (in_word, len) = if bytes[i].is_ascii() {
            (bytes[i].is_ascii_alphanumeric(), 1)
        } else {
            // `i` is at a character boundary: it only ever moves by whole characters.
            let c = text[i..].chars().next().expect("a character starts at i");
            (c.is_alphanumeric(), c.len_utf8())
        };
        match (in_word, word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(start)) => {
                push_word(&text[start..i], out);
                word_start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(start) = word_start {
        push_word(&text[start..], out);
    }
}

/// Appends one word (see [`push_terms`]) unless it is too short, too long or a stop word.
fn push_word(word: &str, out: &mut String) {
    // Bytes bound characters from above, so most words skip the count.
    if word.len() < 2 || (word.len() > MAX_TOKEN_CHARS && word.chars().count() > MAX_TOKEN_CHARS) {
        return;
    }
    let start = out.len();
    if word.is_ascii() {
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&word.to_lowercase());
    }
    if is_stop_word(&out[start..]) {
        out.truncate(start);
    } else {
        out.push(' ');
    }
}

fn is_stop_word(word: &str) -> bool {
    // Most words are longer than any stop word; the others are looked up as numbers.
    word.len() <= MAX_STOP_WORD && STOP_KEYS.binary_search(&word_key(word)).is_ok()
}

/// The stop words as numbers (see [`word_key`]), sorted: a lookup compares integers, where
/// comparing strings called `memcmp` a few times for every word of every page.
const STOP_KEYS: [u64; STOP_WORDS.len()] = sorted_stop_keys();

/// A word of at most 8 bytes as one number, its bytes big-endian. Words are alphanumeric
/// (no zero bytes), so two words have the same key only when they are the same word.
const fn word_key(word: &str) -> u64 {
    let bytes = word.as_bytes();
    let mut key = 0;
    let mut i = 0;
    while i < bytes.len() {
        key = (key << 8) | bytes[i] as u64;
        i += 1;
    }
    key
}

const fn sorted_stop_keys() -> [u64; STOP_WORDS.len()] {
    let mut keys = [0; STOP_WORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = word_key(STOP_WORDS[i]);
        i += 1;
    }
    // An insertion sort of forty numbers, done once by the compiler.
    let mut i = 1;
    while i < keys.len() {
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let swapped = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = swapped;
            j -= 1;
        }
        i += 1;
    }
    keys
}

/// The index as a script, for entries in a stable order.
pub fn index_script(entries: &[&Entry]) -> Vec<u8> {
    // Hashing is cheaper than ordered inserts here; the terms are sorted once at the end.
    let mut postings: HashMap<&str, Vec<u32>, BuildHasherDefault<FxHasher>> = HashMap::default();
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
    // Each term's list of documents is freed as soon as it is encoded.
    let mut terms: Vec<(&str, String)> = postings
        .into_iter()
        .map(|(term, docs)| (term, encode(&docs)))
        .collect();
    // Keys of a map: each term once, so an unstable sort is as good as a stable one.
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let terms = SortedTerms(terms);
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
    // Serialized straight after the prefix: the index (7 MB at 10,000 documents) is not
    // made twice, once as JSON and once as the script around it.
    let mut script = b"window.SPEX_SEARCH=".to_vec();
    // Strings and maps of strings always serialize.
    serde_json::to_writer(&mut script, &Index { docs, terms }).expect("search index serializes");
    script.extend_from_slice(b";\n");
    script
}

/// The Fx hash (rustc's): a multiply and a rotate per word of input. The terms are the
/// site's own words, so the DoS resistance of the default SipHash buys nothing here,
/// and hashing every word of every page with it cost more than the rest of the merge.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("chunks of 8 bytes"));
            self.add(word);
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last) ^ rest.len() as u64);
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
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

/// The words of a query, read as the index reads a page (and as `search.js` reads what
/// the reader types).
fn query_words(query: &str) -> Vec<String> {
    let mut terms = String::new();
    push_terms(query, &mut terms);
    terms.split_terminator(' ').map(str::to_owned).collect()
}

/// How an entry ranks for a query: `search.js`'s score, so an agent and a reader of the
/// site see the same order.
const ID_SCORE: u32 = 20;
const TITLE_SCORE: u32 = 5;

/// The entries that match `query`, best first, with their scores: the ranking of the
/// site's search script (`templates/static/assets/search.js`). Every query word must be
/// the start of some word of the entry; a word found in the ID scores 20 and in the
/// title 5; ties keep the entries' order (the site's, by ID).
pub fn rank(entries: &[Entry], query: &str) -> Vec<(usize, u32)> {
    let words = query_words(query);
    if words.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(usize, u32)> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            words.iter().all(|w| {
                e.terms
                    .split_terminator(' ')
                    .any(|t| t.starts_with(w.as_str()))
            })
        })
        .map(|(n, e)| {
            let (id, title) = (e.doc.id.to_lowercase(), e.doc.title.to_lowercase());
            let score = words
                .iter()
                .map(|w| {
                    let mut score = 0;
                    if id.contains(w.as_str()) {
                        score += ID_SCORE;
                    }
                    if title.contains(w.as_str()) {
                        score += TITLE_SCORE;
                    }
                    score
                })
                .sum();
            (n, score)
        })
        .collect();
    hits.sort_by_key(|&(n, score)| (std::cmp::Reverse(score), n));
    hits
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
    fn stop_words_are_short_and_found_by_key() {
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(MAX_STOP_WORD)
        );
        assert!(STOP_KEYS.is_sorted());
        for word in STOP_WORDS {
            assert!(is_stop_word(word), "{word}");
        }
        for word in ["i", "ands", "tho", "yours", "ther", "é", "wé", "thera"] {
            assert!(!is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn terms_are_lowercased_without_stop_words_and_split_at_punctuation() {
        let mut terms = String::new();
        push_terms("The carrier-rate of PRD-012, Über! x", &mut terms);
        assert_eq!(terms, "carrier rate prd 012 über ");
    }

    /// The byte scanner splits where `char::is_alphanumeric` says, as a plain split on
    /// characters would: non-ASCII letters and digits join words, other symbols end them.
    #[test]
    fn words_split_at_non_alphanumeric_characters_of_any_script() {
        let text = "naïve·café—ÄPFEL über² x1 Ω→ω 日本語テキスト end";
        let mut terms = String::new();
        push_terms(text, &mut terms);
        let mut expected = String::new();
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            push_word(word, &mut expected);
        }
        assert_eq!(terms, expected);
        assert_eq!(terms, "naïve café äpfel über² x1 ω ω 日本語テキスト end ");
    }

    /// A PRD named `id`, as an index entry refers to it.
    fn doc(id: &str) -> DocRef {
        DocRef {
            id: id.into(),
            title: id.into(),
            url: format!("{id}.html"),
            kind: "prd".into(),
            status: None,
            status_label: None,
            phase: None,
        }
    }

    #[test]
    fn terms_are_serialized_in_order() {
        let a = Entry::new(doc("A"), String::new(), &["zeta alpha mid"]);
        let script = String::from_utf8(index_script(&[&a])).unwrap();
        assert!(
            script.contains(r#""terms":{"alpha":"0","mid":"0","zeta":"0"}"#),
            "{script}"
        );
    }

    #[test]
    fn rank_needs_every_word_as_a_prefix_and_puts_ids_then_titles_first() {
        let mut carrier = doc("PRD-2");
        carrier.title = "Carrier rates".into();
        let entries = [
            Entry::new(
                doc("PRD-1"),
                String::new(),
                &["PRD-1", "carriers and rates in the body"],
            ),
            Entry::new(carrier, String::new(), &["PRD-2", "Carrier rates"]),
            Entry::new(doc("PRD-3"), String::new(), &["PRD-3", "carrier only"]),
        ];
        assert_eq!(rank(&entries, "carrier rate"), [(1, 10), (0, 0)]);
        assert_eq!(rank(&entries, "PRD"), [(0, 25), (2, 25), (1, 20)]);
        assert!(rank(&entries, "the of").is_empty());
        assert!(rank(&entries, "shipping").is_empty());
    }

    #[test]
    fn a_word_repeated_in_a_document_is_posted_once() {
        let a = Entry::new(doc("A"), String::new(), &["rate rate", "shipping"]);
        let b = Entry::new(doc("B"), String::new(), &["Rate"]);
        let script = String::from_utf8(index_script(&[&a, &b])).unwrap();
        assert!(script.contains(r#""rate":"0,1""#), "{script}");
        assert!(script.contains(r#""shipping":"0""#), "{script}");
    }
}
