//! Sections of a document as digest material: Markdown text with `[[ID]]` turned into
//! real links, and safe HTML, with everything the audience may not see left out.

use std::ops::Range;

use serde::Serialize;

use super::links::DigestLinks;
use crate::audience::{Audience, Policy};
use crate::markup::body::LinkResolver;
use crate::markup::body::markdown_to_safe_html;
use crate::model::Document;

/// The most text one section contributes; digests are summaries.
const MAX_CHARS: usize = 900;

/// How much of a section a digest quotes. Characters cap prose; `items` caps the
/// top-level list items (requirements, open questions), `paragraphs` the blocks.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub chars: usize,
    pub items: Option<usize>,
    pub paragraphs: Option<usize>,
}

impl Limit {
    /// The whole section, up to [`MAX_CHARS`].
    pub const FULL: Limit = Limit {
        chars: MAX_CHARS,
        items: None,
        paragraphs: None,
    };

    /// The first `n` list items.
    pub const fn items(n: usize) -> Limit {
        Limit {
            items: Some(n),
            ..Limit::FULL
        }
    }

    /// The first paragraph, up to `chars` (else its first sentences): enough to know
    /// what the section says.
    pub const fn lead(chars: usize) -> Limit {
        Limit {
            chars,
            items: None,
            paragraphs: Some(1),
        }
    }
}

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
    /// Top-level list items left out by the digest's cap (the Markdown ends with an
    /// "and N more" link).
    pub omitted_items: usize,
    /// Top-level list items quoted, for caps across a digest.
    #[serde(skip)]
    pub shown_items: usize,
}

/// The sections of `doc` whose heading matches `wanted`, as the audience may see them.
pub fn sections(
    doc: &Document,
    audience: &Audience,
    links: &DigestLinks,
    limit: Limit,
    wanted: impl Fn(&str, &[String]) -> bool,
) -> Vec<Excerpt> {
    let hidden = audience.hidden_ranges(doc);
    doc.sections
        .iter()
        .filter(|s| {
            let h = &doc.headings[s.heading];
            !hidden.iter().any(|r| r.contains(&h.span.start)) && wanted(&h.text, &h.classes)
        })
        .map(|s| {
            let range = s.range.clone();
            excerpt(doc, s.heading, range, &hidden, links, audience, limit)
        })
        .collect()
}

fn excerpt(
    doc: &Document,
    heading: usize,
    range: Range<usize>,
    hidden: &[Range<usize>],
    links: &DigestLinks,
    audience: &Audience,
    limit: Limit,
) -> Excerpt {
    let h = &doc.headings[heading];
    let text = drop_footnotes(visible_text(doc, heading, range, hidden).trim());
    let (text, omitted_items) = match limit.items {
        Some(n) => first_items(&text, n),
        None => (text, 0),
    };
    let shown_items = count_items(&text);
    let (text, fewer_paragraphs) = match limit.paragraphs {
        Some(n) => first_paragraphs(&text, n),
        None => (text, false),
    };
    let (text, cut) = cut_at_paragraph(&text, limit.chars);
    let truncated = cut || fewer_paragraphs;
    // Relative links first: the links `[[ID]]` becomes are already absolute.
    let linked = link_wiki_refs(
        &rewrite_relative_links(&text, &doc.path, links),
        links,
        audience,
    );
    let mut markdown = drop_hidden_mentions(&linked);
    let url = links
        .ws
        .index_of_path(&doc.path)
        .map(|i| links.url(i))
        .unwrap_or_default();
    if omitted_items > 0 {
        // A capped list says how much is left and where, as its last item would.
        markdown.push_str(&format!(
            "\n\n[… and {omitted_items} more]({url}#{})",
            h.anchor
        ));
    } else if truncated {
        // A cut section says where the rest is, rather than ending in a bare `…`: at the
        // end of its last paragraph, or on a line of its own after a list or code.
        let last = markdown.lines().last().unwrap_or_default();
        let prose = !last.is_empty()
            && !is_top_item(last.trim_start())
            && !last.starts_with([' ', '\t', '|', '`', '#', '>']);
        let sep = if prose { " " } else { "\n\n" };
        markdown.push_str(&format!("{sep}[… read more]({url}#{})", h.anchor));
    }

    let html = markdown_to_safe_html(&markdown);
    Excerpt {
        heading: h.text.clone(),
        anchor: h.anchor.clone(),
        markdown,
        html,
        truncated,
        omitted_items,
        shown_items,
    }
}

/// The section's text below its heading, minus hidden subsections.
fn visible_text(
    doc: &Document,
    heading: usize,
    range: Range<usize>,
    hidden: &[Range<usize>],
) -> String {
    let h = &doc.headings[heading];
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
    text
}

/// Top-level list items in `text`, outside code fences.
fn count_items(text: &str) -> usize {
    let mut in_fence = false;
    text.lines()
        .filter(|line| {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            !in_fence && is_top_item(line)
        })
        .count()
}

/// Whether a line starts a top-level list item (`- `, `* `, `+ `, `1. `, `1) `).
fn is_top_item(line: &str) -> bool {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return true;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
}

/// Keeps the first `n` top-level list items (and any text before the list); returns how
/// many were left out. Text after the list goes with the items left out.
fn first_items(text: &str, n: usize) -> (String, usize) {
    let mut kept = Vec::new();
    let mut seen = 0;
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && is_top_item(line) {
            seen += 1;
        }
        if seen <= n {
            kept.push(line);
        }
    }
    if seen <= n {
        return (text.to_owned(), 0);
    }
    (kept.join("\n").trim_end().to_owned(), seen - n)
}

/// Keeps the first `n` blocks separated by blank lines (outside code fences).
fn first_paragraphs(text: &str, n: usize) -> (String, bool) {
    let mut blocks = 0;
    let mut in_fence = false;
    let mut blank = true;
    let mut end = text.len();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        let is_blank = line.trim().is_empty() && !in_fence;
        if !is_blank && blank {
            blocks += 1;
            if blocks > n {
                end = offset;
                break;
            }
        }
        blank = is_blank;
        offset += line.len();
    }
    let cut = end < text.len();
    (text[..end].trim_end().to_owned(), cut)
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
            .is_none_or(|i| audience.shows(&links.ws.docs[i]));
        if visible {
            out.push_str(&links.markdown_ref(id, anchor, label, !audience.speaks_to_customers()));
        } else {
            out.push_str(HIDDEN);
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{first_items, first_paragraphs};

    #[test]
    fn a_capped_list_keeps_its_first_items_and_counts_the_rest() {
        let text = "Intro.\n\n1. One\n   more of one\n2. Two\n3. Three\n4. Four";
        assert_eq!(
            first_items(text, 2),
            ("Intro.\n\n1. One\n   more of one\n2. Two".to_owned(), 2)
        );
        assert_eq!(first_items("- a\n- b", 5), ("- a\n- b".to_owned(), 0));
    }

    #[test]
    fn the_lead_is_the_first_block_outside_code_fences() {
        assert_eq!(
            first_paragraphs("One.\nStill one.\n\nTwo.", 1),
            ("One.\nStill one.".to_owned(), true)
        );
        let fenced = "```\na\n\nb\n```\n\nAfter.";
        assert_eq!(
            first_paragraphs(fenced, 1),
            ("```\na\n\nb\n```".to_owned(), true)
        );
        assert_eq!(first_paragraphs("Only.", 1), ("Only.".to_owned(), false));
    }
}
