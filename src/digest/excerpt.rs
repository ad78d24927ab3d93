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
        .map(|s| excerpt(doc, s.heading, s.range.clone(), &hidden, links, audience))
        .collect()
}

fn excerpt(
    doc: &Document,
    heading: usize,
    range: Range<usize>,
    hidden: &[Range<usize>],
    links: &DigestLinks,
    audience: &Audience,
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
    let text = drop_footnotes(text.trim());
    let (text, truncated) = cut_at_paragraph(&text, MAX_CHARS);
    // Relative links first: the links `[[ID]]` becomes are already absolute.
    let linked = link_wiki_refs(
        &rewrite_relative_links(&text, &doc.path, links),
        links,
        audience,
    );
    let mut markdown = drop_hidden_mentions(&linked);
    if truncated {
        // A cut section says where the rest is, rather than ending in a bare `…`.
        let url = links
            .ws
            .index_of_path(&doc.path)
            .map(|i| links.url(i))
            .unwrap_or_default();
        markdown.push_str(&format!("\n\n[… read more]({url}#{})", h.anchor));
    }

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
    (text[..cut].trim_end().to_owned(), true)
}

/// Footnotes (`[^versioning]` and their `[^versioning]: …` text) do not survive being
/// cut out of their page: drop both.
fn drop_footnotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if line.trim_start().starts_with("[^") && line.contains("]:") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("[^") {
            let Some(len) = rest[at..].find(']') else {
                break;
            };
            out.push_str(&rest[..at]);
            rest = &rest[at + len + 1..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// Stands in for a reference to a document the audience may not know of, until the
/// sentence holding it is dropped.
const HIDDEN: &str = "\u{1}hidden\u{1}";

/// Drops every sentence that mentions a hidden document ("see [[PRD-19]]" would leak
/// that there is something to see), and a list item or line left empty by it.
fn drop_hidden_mentions(text: &str) -> String {
    if !text.contains(HIDDEN) {
        return text.to_owned();
    }
    let mut lines = Vec::new();
    for line in text.lines() {
        if !line.contains(HIDDEN) {
            lines.push(line.to_owned());
            continue;
        }
        let indent_len = line.len() - line.trim_start().len();
        let (lead, body) = line.split_at(indent_len);
        let marker = ["- ", "* ", "+ "]
            .iter()
            .find(|m| body.starts_with(**m))
            .map_or("", |m| *m);
        let body = &body[marker.len()..];
        let kept: Vec<&str> = body
            .split_inclusive(". ")
            .filter(|sentence| !sentence.contains(HIDDEN))
            .collect();
        let kept = kept.concat();
        if !kept.trim().is_empty() {
            lines.push(format!("{lead}{marker}{}", kept.trim_end()));
        }
    }
    lines.join("\n")
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

/// `[[PRD-12]]` → `[PRD-12 Title](url)` (sales: `[Title](url)`); `[[PRD-12|text]]` →
/// `[text](url)`; a document the audience may not see → [`HIDDEN`].
pub fn link_wiki_refs(text: &str, links: &DigestLinks, audience: &Audience) -> String {
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
        let canonical = links.canonical_id(id);
        let visible = links
            .ws
            .index_of_id(&canonical)
            .is_none_or(|i| audience.sees(&links.ws.docs[i]));
        if visible {
            out.push_str(&links.markdown_ref(id, anchor, label, audience.name != "sales"));
        } else {
            out.push_str(HIDDEN);
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}
