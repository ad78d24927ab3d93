//! A body's Markdown as an output may show it, for outputs that give Markdown rather than
//! HTML (the MCP server, the site's `llms-full.txt`). In: a document, the ranges of its
//! hidden sections and what is hidden (both from the audience policy). Out: the body
//! without those sections, each `[[ID]]` reference or link to a hidden document replaced
//! as the site renders it. Read away from the repository (`llms-full.txt`), references
//! and links also point at the site's pages instead of source files.

use std::ops::Range;

use super::body::{LinkResolver, RefResolution};
use crate::audience::Hidden;
use crate::model::{Document, LinkTarget, RefOrigin};

/// What a hidden reference or link reads as, as on the site.
const HIDDEN_REFERENCE: &str = "a confidential document";

/// The body's Markdown as this server may show it: without the hidden sections, and with
/// each `[[ID]]` reference or link to a hidden document (and the definition a
/// reference-style link takes its destination from) replaced, as the site renders them.
pub fn shown_markdown(doc: &Document, sections: &[Range<usize>], hidden: &Hidden) -> String {
    splice(doc, hidden_cuts(doc, sections, hidden))
}

/// [`shown_markdown`] for a reader of the published site: each visible `[[ID]]` becomes
/// a Markdown link to its page (`[PRD-3: Title](/prd/PRD-3.html)`, or the author's own
/// `|text`), and each link to a workspace file points at that file's page or copy.
pub fn shown_markdown_linked(
    doc: &Document,
    sections: &[Range<usize>],
    hidden: &Hidden,
    links: &dyn LinkResolver,
) -> String {
    let mut cuts = hidden_cuts(doc, sections, hidden);
    for r in &doc.refs {
        if !matches!(r.origin, RefOrigin::Text) || hidden.id(&r.target) {
            continue;
        }
        let brackets = wiki_brackets(&doc.text, &r.span);
        if brackets.start == r.span.start {
            continue; // not written as `[[…]]`: nothing to turn into a link
        }
        let own_text = doc.text[r.span.end..brackets.end]
            .split_once('|')
            .map(|(_, text)| text.trim_end_matches("]]").trim());
        let replacement = match links.document(&r.target, r.anchor.as_deref()) {
            RefResolution::Found(target) => {
                let text = own_text
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("{}: {}", r.target, target.title));
                format!("[{}]({})", escape_link_text(&text), target.url)
            }
            RefResolution::Hidden => HIDDEN_REFERENCE.to_owned(),
            RefResolution::Missing => own_text.unwrap_or(&r.target).to_owned(),
        };
        cuts.push((brackets, replacement.into()));
    }
    for link in &doc.links {
        let LinkTarget::File { path, anchor } = &link.target else {
            continue;
        };
        if hidden.file(path) {
            continue;
        }
        let Some(url) = links.file(path, anchor.as_deref()) else {
            continue;
        };
        // The destination as written: inside the link, or in its definition.
        let written_in = link.definition.clone().unwrap_or_else(|| link.span.clone());
        let Some(at) = doc.text[written_in.clone()].rfind(link.dest.as_str()) else {
            continue;
        };
        let start = written_in.start + at;
        cuts.push((start..start + link.dest.len(), url.into()));
    }
    splice(doc, cuts)
}

/// `[` and `]` escaped, so a title cannot end a link's text.
fn escape_link_text(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

/// What the policy takes out of the body: hidden sections, and references and links to
/// hidden documents (with the definitions those links take their destination from).
fn hidden_cuts<'t>(
    doc: &Document,
    sections: &[Range<usize>],
    hidden: &Hidden,
) -> Vec<(Range<usize>, std::borrow::Cow<'t, str>)> {
    let mut cuts: Vec<(Range<usize>, std::borrow::Cow<str>)> =
        sections.iter().map(|r| (r.clone(), "".into())).collect();
    for r in &doc.refs {
        if matches!(r.origin, RefOrigin::Text) && hidden.id(&r.target) {
            cuts.push((wiki_brackets(&doc.text, &r.span), HIDDEN_REFERENCE.into()));
        }
    }
    for link in &doc.links {
        if let LinkTarget::File { path, .. } = &link.target
            && hidden.file(path)
        {
            cuts.push((link.span.clone(), HIDDEN_REFERENCE.into()));
            if let Some(definition) = &link.definition {
                cuts.push((definition.clone(), "".into()));
            }
        }
    }
    cuts
}

/// The body with each cut's range replaced by its text. Outermost first: a cut inside
/// one already made (a reference in a hidden section) is skipped.
fn splice(doc: &Document, mut cuts: Vec<(Range<usize>, std::borrow::Cow<str>)>) -> String {
    cuts.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let body = doc.body.clone();
    let mut out = String::new();
    let mut at = body.start;
    for (range, with) in cuts {
        if range.start < at || range.start >= body.end {
            continue;
        }
        out.push_str(&doc.text[at..range.start]);
        out.push_str(&with);
        at = range.end.min(body.end);
    }
    out.push_str(&doc.text[at..body.end]);
    out
}

/// A `[[…]]` reference's whole text, brackets and any `|text` included, from the span
/// of the ID inside it (what the parser records).
fn wiki_brackets(text: &str, span: &Range<usize>) -> Range<usize> {
    let before = &text[..span.start];
    let start = before
        .strip_suffix("[[")
        .map_or(span.start, |rest| rest.len());
    let end = text[span.end..]
        .find("]]")
        .filter(|&at| !text[span.end..span.end + at].contains('\n'))
        .map_or(span.end, |at| span.end + at + 2);
    start..end
}
