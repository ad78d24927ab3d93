//! Sections of a document as digest material: Markdown text with `[[ID]]` turned into
//! real links, and safe HTML, with everything the audience may not see left out.

use std::ops::Range;

use serde::Serialize;

use super::audience::Audience;
use super::links::DigestLinks;
use crate::model::Document;
use crate::render::body::LinkResolver;
use crate::render::body::markdown_to_safe_html;

/// The most text one section contributes; digests are summaries.
const MAX_CHARS: usize = 900;

#[derive(Debug, Clone, Serialize)]
pub struct Excerpt {
    pub heading: String,
    pub anchor: String,
    /// Markdown, links resolved.
    pub markdown: String,
    /// The same as sanitized HTML.
    pub html: String,
    /// The section was longer and was cut.
    pub truncated: bool,
}

/// The sections of `doc` whose heading matches `wanted`, as the audience may see them.
pub fn sections(
    doc: &Document,
    audience: &Audience,
    links: &DigestLinks,
    wanted: impl Fn(&str, &[String]) -> bool,
) -> Vec<Excerpt> {
    let hidden = audience.hidden_ranges(doc);
    doc.sections
        .iter()
        .filter(|s| {
            let h = &doc.headings[s.heading];
            !hidden.iter().any(|r| r.contains(&h.span.start)) && wanted(&h.text, &h.classes)
        })
        .map(|s| excerpt(doc, s.heading, s.range.clone(), &hidden, links))
        .collect()
}

fn excerpt(
    doc: &Document,
    heading: usize,
    range: Range<usize>,
    hidden: &[Range<usize>],
    links: &DigestLinks,
) -> Excerpt {
    let h = &doc.headings[heading];
    // The section's text below its heading, minus hidden subsections.
    let body_start = doc.text[h.span.end..range.end]
        .find('\n')
        .map_or(range.end, |i| h.span.end + i + 1);
    let mut text = String::new();
    let mut pos = body_start;
    let mut cuts: Vec<&Range<usize>> = hidden
        .iter()
        .filter(|r| r.start >= body_start && r.start < range.end)
        .collect();
    cuts.sort_by_key(|r| r.start);
    for cut in cuts {
        if cut.start > pos {
            text.push_str(&doc.text[pos..cut.start]);
        }
        pos = pos.max(cut.end);
    }
    if pos < range.end {
        text.push_str(&doc.text[pos..range.end]);
    }
    let (text, truncated) = cut_at_paragraph(text.trim(), MAX_CHARS);
    // Relative links first: the links `[[ID]]` becomes are already absolute.
    let markdown = link_wiki_refs(&rewrite_relative_links(&text, &doc.path, links), links);

    let html = markdown_to_safe_html(&markdown);
    Excerpt {
        heading: h.text.clone(),
        anchor: h.anchor.clone(),
        markdown,
        html,
        truncated,
    }
}

/// Cuts Markdown at a blank line before `max` characters.
fn cut_at_paragraph(text: &str, max: usize) -> (String, bool) {
    if text.chars().count() <= max {
        return (text.to_owned(), false);
    }
    let limit = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    // A paragraph break, else a line break (a list item), else a sentence.
    let head = &text[..limit];
    let cut = head
        .rfind("\n\n")
        .or_else(|| head.rfind('\n'))
        .or_else(|| head.rfind(". ").map(|i| i + 1))
        .unwrap_or(limit);
    (format!("{}\n\n…", text[..cut].trim_end()), true)
}

/// `[text](../prds/x.md#a)` is relative to the source file; in a digest it must point at
/// the site or the repository. External links stay as they are.
fn rewrite_relative_links(text: &str, doc_path: &str, links: &DigestLinks) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("](") {
        let after = &rest[open + 2..];
        let Some(close) = after.find(')') else { break };
        let inside = &after[..close];
        let (dest, title) = match inside.split_once(' ') {
            Some((d, t)) => (d, Some(t)),
            None => (inside, None),
        };
        out.push_str(&rest[..open + 2]);
        let rewritten = match crate::resolve::resolve_link(doc_path, dest) {
            crate::model::LinkTarget::File { path, anchor } => links.file(&path, anchor.as_deref()),
            _ => None,
        };
        out.push_str(rewritten.as_deref().unwrap_or(dest));
        if let Some(title) = title {
            out.push(' ');
            out.push_str(title);
        }
        out.push(')');
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `[[PRD-12]]` → `[PRD-12 Title](url)`; `[[PRD-12|text]]` → `[text](url)`.
pub fn link_wiki_refs(text: &str, links: &DigestLinks) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[[") {
        let Some(len) = rest[start..].find("]]") else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..start + len];
        let (target, label) = match inner.split_once('|') {
            Some((t, l)) => (t.trim(), Some(l.trim())),
            None => (inner.trim(), None),
        };
        let (id, anchor) = match target.split_once('#') {
            Some((id, a)) => (id.trim(), Some(a.trim())),
            None => (target, None),
        };
        out.push_str(&links.markdown_ref(id, anchor, label));
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}
