//! The `search` tool: the site's full-text search over what the server may show. In: a
//! compilation and a query. Out: the ranked hits as JSON. The index and the ranking are
//! the site's own (`crate::render::site::rank_search`), so an agent finds what a reader
//! of the site finds, in the same order.

use serde_json::{Value, json};

use super::answers::Answer;
use super::page::{Page, paginate};
use crate::audience::{Hidden, Policy};
use crate::compiler::Compilation;
use crate::markup::shown_markdown;
use crate::model::status_label;
use crate::render::site::{DocRef, SearchEntry, rank_search};

/// The characters of summary a hit carries: enough to tell two hits apart.
const SUMMARY_CHARS: usize = 200;

/// One index entry per document the server shows, in ID order (the site's order), each
/// found by its ID, title, field values and body without its hidden sections.
pub fn index(compilation: &Compilation, policy: &impl Policy) -> Vec<SearchEntry> {
    let ws = &compilation.workspace;
    let hidden = Hidden::of_workspace(ws, policy);
    let mut shown: Vec<usize> = (0..ws.docs.len())
        .filter(|&i| ws.docs[i].is_spec() && policy.shows(&ws.docs[i]))
        .collect();
    shown.sort_by_key(|&i| ws.id_rank(i));
    shown
        .into_iter()
        .map(|i| {
            let doc = &*ws.docs[i];
            let body = shown_markdown(doc, &policy.hidden_ranges(doc), &hidden);
            let values: Vec<String> = doc
                .fields
                .iter()
                .filter(|(name, _)| policy.shows_field(name))
                .map(|(_, field)| field.value.to_string())
                .filter(|value| !hidden.named_in(value))
                .collect();
            let mut texts: Vec<&str> = vec![doc.label(), &doc.title];
            texts.extend(values.iter().map(String::as_str));
            texts.push(&body);
            let reference = DocRef {
                id: doc.label().to_owned(),
                title: doc.title.clone(),
                url: ws.page_path(i).to_owned(),
                kind: doc.kind_name().unwrap_or_default().to_owned(),
                status: doc.status().map(str::to_owned),
                status_label: doc.status().map(status_label),
                phase: None,
            };
            SearchEntry::new(reference, summary(&body), &texts)
        })
        .collect()
}

/// The first paragraph of a body, cut at a word near `SUMMARY_CHARS`.
fn summary(body: &str) -> String {
    let paragraph = body
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#'))
        .unwrap_or_default();
    let flat = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= SUMMARY_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(SUMMARY_CHARS).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..at])
}

/// `search`: the documents matching `query`, best first.
pub fn search(entries: &[SearchEntry], query: &str, page: Page) -> Answer {
    if query.trim().is_empty() {
        return Err("the query is empty: give one or more words to look for".into());
    }
    let hits: Vec<Value> = rank_search(entries, query)
        .into_iter()
        .map(|(n, score)| {
            let doc = &entries[n].doc;
            json!({
                "id": doc.id,
                "title": doc.title,
                "kind": doc.kind,
                "status": doc.status,
                "summary": entries[n].summary,
                "page": doc.url,
                "score": score,
            })
        })
        .collect();
    Ok(paginate("results", hits, page))
}
