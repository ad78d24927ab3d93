//! Markdown body → headings (with anchors and section tags), links and `[[ID]]` references,
//! each with its byte range in the file.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, RefDefs, Tag, TagEnd};

use super::html_depth::{DeepHtml, HtmlDepth};
use super::slug::{AnchorSet, slugify};

/// The Markdown dialect spex reads, shared by the parser and the site renderer.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// The heading's plain text, without its `{.class}` attributes.
    pub text: String,
    /// Unique within the document: the `{#id}` attribute, else the GitHub slug.
    pub anchor: String,
    /// Classes from `{.sales .engineering}`; the ones naming audiences or `confidential`
    /// tag the section below the heading.
    pub classes: Vec<String>,
    pub span: Range<usize>,
    /// Inside a list item, block quote or footnote (`- ## x`, `> ## x`). Such a heading
    /// never ends a section: only a top-level one does, so a nested heading cannot cut a
    /// `{.confidential}` section short and publish the rest of it.
    pub nested: bool,
    /// The heading asks for `confidential` in a form Markdown did not read as the tag
    /// (`## x {.confidential} ##`, `## x {confidential}`, `{.Confidential}`): the class
    /// was added anyway, failing closed, and validation reports the spelling.
    pub confidential_repaired: bool,
}

/// Whether a heading's source asks for confidentiality in a `{…}` group, whatever the
/// spelling (`{confidential}`, `{.Confidential}`, `{.confidental}`).
fn asks_for_confidential(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.split('{').skip(1).any(|group| {
        let group = group.split('}').next().unwrap_or(group);
        group.contains("confiden") || group.contains("confidental")
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)` or a reference-style link.
    Inline,
    Image,
    /// `[[PRD-12]]`, `[[PRD-12#slug]]`, `[[PRD-12|text]]`
    Wiki,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    pub dest: String,
    /// The destination text in the file (for `[[…]]`, the target inside the brackets).
    pub span: Range<usize>,
    /// For a reference-style link (`[text][label]`), where its definition
    /// (`[label]: dest`) is: the destination was written there, not at `span`.
    pub definition: Option<Range<usize>>,
}

/// A heading and everything under it up to the next top-level heading of the same or higher
/// level (see [`Heading::nested`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Index into the document's headings.
    pub heading: usize,
    pub range: Range<usize>,
}

/// What the parse stage pulls out of a body.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BodyOutline {
    pub headings: Vec<Heading>,
    pub sections: Vec<Section>,
    pub links: Vec<Link>,
    /// The text of the first level-1 heading, a fallback title.
    pub first_h1: Option<String>,
    /// Set when raw HTML comes with nesting too deep to sanitize (see [`HtmlDepth`]);
    /// without raw HTML a body is never sanitized, so its depth does not matter.
    pub deep_html: Option<DeepHtml>,
}

/// Extracts the outline of `text[body]`; all ranges are offsets into `text`.
pub fn outline(text: &str, body: Range<usize>) -> BodyOutline {
    let base = body.start;
    let source = &text[body.clone()];
    let mut out = BodyOutline::default();
    let mut anchors = AnchorSet::default();
    let mut open_heading: Option<OpenHeading> = None;
    // How many list items, block quotes and footnotes are open around the current event.
    let mut containers = 0usize;
    let mut depth = HtmlDepth::default();

    // Offsets into the body → offsets into the whole text.
    let shift = |r: Range<usize>| r.start + base..r.end + base;
    let mut events = MarkdownEvents::new(source);
    while let Some((event, range)) = events.next() {
        let range = shift(range);
        depth.see(&event, &range);
        let is_image = matches!(event, Event::Start(Tag::Image { .. }));
        match event {
            Event::Start(Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                containers += 1;
            }
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                containers = containers.saturating_sub(1);
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let nested = containers > 0;
                open_heading = Some(OpenHeading::open(level, id, &classes, range.start, nested));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(open) = open_heading.take() {
                    let heading = open.close(text, range.end, &mut anchors);
                    if heading.level == 1 && out.first_h1.is_none() {
                        out.first_h1 = Some(heading.text.clone());
                    }
                    out.headings.push(heading);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(heading) = open_heading.as_mut() {
                    heading.text.push_str(&t);
                }
            }
            Event::Start(
                Tag::Link {
                    link_type,
                    dest_url,
                    id,
                    ..
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    id,
                    ..
                },
            ) => {
                let kind = match link_type {
                    _ if is_image => LinkKind::Image,
                    LinkType::WikiLink { .. } => LinkKind::Wiki,
                    LinkType::Autolink | LinkType::Email => continue,
                    _ => LinkKind::Inline,
                };
                let definitions = events.reference_definitions();
                let definition = definition_span(definitions, link_type, &id).map(shift);
                out.links
                    .push(link(text, &range, kind, &dest_url, definition));
            }
            _ => {}
        }
    }

    out.sections = sections(&out.headings, body.end);
    out.deep_html = depth.finish().filter(|deep| deep.raw_html);
    out
}

/// The heading being read: its text arrives in the events between start and end.
struct OpenHeading {
    level: u8,
    id: Option<String>,
    classes: Vec<String>,
    start: usize,
    text: String,
    nested: bool,
}

impl OpenHeading {
    /// A heading that starts at `start`; `nested` in a list item, quote or footnote.
    fn open(
        level: HeadingLevel,
        id: Option<CowStr>,
        classes: &[CowStr],
        start: usize,
        nested: bool,
    ) -> OpenHeading {
        OpenHeading {
            level: level as u8,
            id: id.map(|i| i.to_string()),
            classes: classes.iter().map(|c| c.to_string()).collect(),
            start,
            text: String::new(),
            nested,
        }
    }

    /// The heading, now that its text is read and it ends at `end` (its line's end, in
    /// `text`), with an anchor unique in the document.
    fn close(self, text: &str, end: usize, anchors: &mut AnchorSet) -> Heading {
        let OpenHeading {
            level,
            id,
            mut classes,
            start,
            text: heading_text,
            nested,
        } = self;
        let heading_text = heading_text.trim().to_owned();
        let anchor = anchors.unique(id.unwrap_or_else(|| slugify(&heading_text)));
        let end = trim_end_offset(text, start, end);
        let confidential_repaired = !classes.iter().any(|c| c == "confidential")
            && asks_for_confidential(&text[start..end]);
        if confidential_repaired {
            classes.push("confidential".into());
        }
        Heading {
            level,
            text: heading_text,
            anchor,
            classes,
            span: start..end,
            nested,
            confidential_repaired,
        }
    }
}

/// A link or image whose destination `dest` is written at `range` of `text`.
fn link(
    text: &str,
    range: &Range<usize>,
    kind: LinkKind,
    dest: &str,
    definition: Option<Range<usize>>,
) -> Link {
    Link {
        kind,
        dest: dest.to_owned(),
        span: locate(text, range, dest),
        definition,
    }
}

/// Where the definition a reference-style link or image takes its destination from is,
/// as an offset range into the text the parser was given.
pub fn definition_span(
    definitions: &RefDefs<'_>,
    link_type: LinkType,
    label: &str,
) -> Option<Range<usize>> {
    match link_type {
        LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
            definitions.get(label).map(|d| d.span.clone())
        }
        _ => None,
    }
}

/// A heading's event range includes its line break; diagnostics look better without it.
fn trim_end_offset(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

/// Finds the destination text inside a link's range, so diagnostics underline `PRD-99`
/// rather than the whole `[see the spec](PRD-99.md)`. Falls back to the whole link.
fn locate(text: &str, link: &Range<usize>, dest: &str) -> Range<usize> {
    let slice = &text[link.clone()];
    if dest.is_empty() {
        return link.clone();
    }
    // A link is short: comparing at each position beats setting up `str::rfind`'s
    // searcher, once per link. A match of valid UTF-8 starts on a character boundary.
    let found = slice
        .as_bytes()
        .windows(dest.len())
        .rposition(|window| window == dest.as_bytes());
    match found {
        Some(i) => {
            // `[[ PRD-82 ]]`: underline the ID, not the spaces around it.
            let start = link.start + i + (dest.len() - dest.trim_start().len());
            start..start + dest.trim().len()
        }
        None => link.clone(),
    }
}

/// Each heading's section runs to the next top-level heading of the same or a higher
/// level. The one place section ranges are computed: the site, digests, diffs and the
/// diagnostics filter all read them from here.
fn sections(headings: &[Heading], body_end: usize) -> Vec<Section> {
    headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let end = headings[i + 1..]
                .iter()
                .find(|next| !next.nested && next.level <= h.level)
                .map_or(body_end, |next| next.span.start);
            Section {
                heading: i,
                range: h.span.start..end,
            }
        })
        .collect()
}

mod definitions;
mod events;
mod html_anchors;
#[cfg(test)]
mod tests;

pub use definitions::{LinkDefinition, link_definitions};
pub use events::MarkdownEvents;
pub use html_anchors::html_anchors;
