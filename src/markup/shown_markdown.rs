//! A body's Markdown as an output may show it, for outputs that give Markdown rather than
//! HTML (the MCP server, the site's `llms-full.txt`). In: a document, the ranges of its
//! hidden sections and what is hidden (both from the audience policy). Out: the body
//! without those sections, each `[[ID]]` reference or link to a hidden document replaced
//! as the site renders it.

use std::ops::Range;

use crate::audience::Hidden;
use crate::model::{Document, LinkTarget, RefOrigin};

/// What a hidden reference or link reads as, as on the site.
const HIDDEN_REFERENCE: &str = "a confidential document";

/// The body's Markdown as this server may show it: without the hidden sections, and with
/// each `[[ID]]` reference or link to a hidden document (and the definition a
/// reference-style link takes its destination from) replaced, as the site renders them.
pub fn shown_markdown(doc: &Document, sections: &[Range<usize>], hidden: &Hidden) -> String {
    let mut cuts: Vec<(Range<usize>, &str)> = sections.iter().map(|r| (r.clone(), "")).collect();
    for r in &doc.refs {
        if matches!(r.origin, RefOrigin::Text) && hidden.id(&r.target) {
            cuts.push((wiki_brackets(&doc.text, &r.span), HIDDEN_REFERENCE));
        }
    }
    for link in &doc.links {
        if let LinkTarget::File { path, .. } = &link.target
            && hidden.file(path)
        {
            cuts.push((link.span.clone(), HIDDEN_REFERENCE));
            if let Some(definition) = &link.definition {
                cuts.push((definition.clone(), ""));
            }
        }
    }
    // Outermost first: a cut inside one already made (a reference in a hidden section)
    // is skipped.
    cuts.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let body = doc.body.clone();
    let mut out = String::new();
    let mut at = body.start;
    for (range, with) in cuts {
        if range.start < at || range.start >= body.end {
            continue;
        }
        out.push_str(&doc.text[at..range.start]);
        out.push_str(with);
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
