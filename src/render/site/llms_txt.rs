//! `llms.txt` and `llms-full.txt` (the llms.txt proposal, <https://llmstxt.org>): the site
//! as an AI assistant reads it. In: the site's context (what the site shows). Out:
//! `llms.txt`, an index (the site's title, a summary, then one link per document with a
//! sentence from it, grouped by kind), and `llms-full.txt`, every document's Markdown with
//! its front matter summarised, without hidden sections or the names of hidden documents.
//! Only what the site itself shows: the same `Visibility`, the same `Hidden`.

use super::context::SiteContext;
use super::links::PageLinks;
use crate::audience::{Hidden, Policy};
use crate::markup::shown_markdown_linked;
use crate::model::{DocIdx, Document};

/// The longest sentence an index line carries.
const SENTENCE_CHARS: usize = 200;

/// `llms-full.txt` as a reader that makes each document's section when it is read, so
/// the file (tens of megabytes at 10,000 documents) is never in memory whole; `llms.txt`
/// is filled in along the way, complete once the reader has been read to its end.
pub struct LlmsTxt<'s, 'a> {
    site: &'s SiteContext<'a>,
    hidden: &'s Hidden,
    /// Documents in the order both files list them, by kind; a kind's plural name is
    /// given with its first document, where its heading goes.
    docs: Vec<(Option<String>, DocIdx)>,
    next: usize,
    /// The part of `llms-full.txt` made and not yet read, from `pos`.
    pending: Vec<u8>,
    pos: usize,
    /// `llms.txt` so far.
    index: String,
}

impl<'s, 'a> LlmsTxt<'s, 'a> {
    pub fn new(site: &'s SiteContext<'a>) -> LlmsTxt<'s, 'a> {
        let hidden = site.hidden();
        let title = &site.ws.config.site.title;
        let by_kind = site.by_kind();
        let count: usize = by_kind.values().map(Vec::len).sum();
        let header = format!(
            "# {title}\n\n> {count} product documents (PRDs, objectives, roadmaps and the like), each with its typed fields, references and status, compiled by spex.\n\n"
        );
        let mut index = header.clone();
        index.push_str(
            "Each link is a document's page. `llms-full.txt` beside this file has every document's text.\n",
        );
        let mut docs = Vec::with_capacity(count);
        for (kind, idxs) in &by_kind {
            let plural = crate::model::kind_plural(&site.ws.config, kind);
            for (n, &idx) in idxs.iter().enumerate() {
                docs.push(((n == 0).then(|| plural.clone()), idx));
            }
        }
        LlmsTxt {
            site,
            hidden,
            docs,
            next: 0,
            pending: header.into_bytes(),
            pos: 0,
            index,
        }
    }

    /// `llms.txt`: whole only after the reader returned its end.
    pub fn into_index(self) -> String {
        self.index
    }

    /// Makes the next document's part of both files; false when every one is made.
    fn next_document(&mut self) -> bool {
        let Some((plural, idx)) = self.docs.get(self.next) else {
            return false;
        };
        let (site, idx) = (self.site, *idx);
        self.next += 1;
        if let Some(plural) = plural {
            self.index.push_str(&format!("\n## {plural}\n\n"));
        }
        // Links read away from the repository: to the site's pages, as `llms.txt` gives them.
        let links = PageLinks {
            site,
            root: &site.ws.config.site.base_url,
        };
        let doc = &*site.ws.docs[idx];
        let sections = site.visibility.hidden_ranges(doc);
        let body = shown_markdown_linked(doc, &sections, self.hidden, &links);
        let url = page_url(site, idx);
        let sentence = first_sentence(&body);
        self.index
            .push_str(&format!("- [{}]({url})", link_text(doc)));
        if !sentence.is_empty() {
            self.index.push_str(&format!(": {sentence}"));
        }
        self.index.push('\n');
        self.pending.clear();
        self.pos = 0;
        self.pending
            .extend_from_slice(document_section(site, doc, &url, &body, self.hidden).as_bytes());
        true
    }
}

impl std::io::Read for LlmsTxt<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.pending.len() {
            if !self.next_document() {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.pending.len() - self.pos);
        buf[..n].copy_from_slice(&self.pending[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// `PRD-003: Delivery date promise`, with the characters that would end a link text
/// escaped.
fn link_text(doc: &Document) -> String {
    let text = match &doc.id {
        Some(id) => format!("{id}: {}", doc.title),
        None => doc.title.clone(),
    };
    text.replace('[', "\\[").replace(']', "\\]")
}

/// The page's address: under `site.base_url` (absolute when the site's is).
fn page_url(site: &SiteContext, idx: DocIdx) -> String {
    format!("{}{}", site.ws.config.site.base_url, site.page_path(idx))
}

/// One document of `llms-full.txt`: a heading, its fields in a list, then its body with
/// every heading one level down, so the document's own heading stays above them.
fn document_section(
    site: &SiteContext,
    doc: &Document,
    url: &str,
    body: &str,
    hidden: &Hidden,
) -> String {
    let mut out = format!("\n## {}\n\n", link_text(doc));
    out.push_str(&format!("- page: {url}\n"));
    if let Some(kind) = doc.kind_name() {
        out.push_str(&format!("- kind: {kind}\n"));
    }
    for (name, field) in &doc.fields {
        // `confidential` is always false here: only public documents are listed.
        if matches!(name.as_str(), "id" | "title" | "confidential")
            || !site.visibility.shows_field(name)
        {
            continue;
        }
        let value = field.value.to_string();
        // A value naming a hidden document is left out, as the site leaves it out.
        if value.trim().is_empty() || hidden.named_in(&value) {
            continue;
        }
        out.push_str(&format!("- {name}: {}\n", value.replace('\n', " ")));
    }
    out.push('\n');
    out.push_str(&demote_headings(body.trim()));
    out.push('\n');
    out
}

/// Markdown with each ATX heading one level deeper (`## Problem` → `### Problem`), code
/// blocks left as they are.
fn demote_headings(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 64);
    let mut fence: Option<&str> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            _ => {}
        }
        if fence.is_none() && marker.is_none() && line.starts_with('#') {
            let level = line.chars().take_while(|&c| c == '#').count();
            if level < 6 && line[level..].starts_with([' ', '\t']) {
                out.push('#');
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The first sentence of the first paragraph of a body (not a heading, quote or table),
/// on one line.
fn first_sentence(body: &str) -> String {
    let paragraph = body
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with(['#', '>', '|']) && !p.starts_with("```"))
        .unwrap_or_default();
    let flat = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = match flat.find(". ") {
        Some(end) => &flat[..=end],
        None => flat.as_str(),
    };
    if sentence.chars().count() <= SENTENCE_CHARS {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(SENTENCE_CHARS).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_go_one_level_down_outside_code() {
        assert_eq!(
            demote_headings("## Problem\nText #1\n```\n# not a heading\n```\n###### Deep\n#tag"),
            "### Problem\nText #1\n```\n# not a heading\n```\n###### Deep\n#tag\n"
        );
    }

    #[test]
    fn the_summary_is_the_first_sentence_of_the_first_paragraph() {
        assert_eq!(
            first_sentence("\n## Why\n\nShow a date. Then more.\n\nLater."),
            "Show a date."
        );
        assert_eq!(first_sentence("## Only a heading"), "");
        let long = "word ".repeat(100);
        assert!(first_sentence(&long).ends_with('…'));
    }
}
