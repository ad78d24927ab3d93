//! A document body → safe HTML, its table of contents and its plain text (for search),
//! in one pass over pulldown-cmark's events. Sections hidden from this output (confidential
//! ones, or ones for another audience) are dropped here, so they reach no later stage.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, RefDefs, Tag, TagEnd};
use serde::Serialize;

use super::sanitize::{clean_html, is_safe_url};
use crate::config::Phase;
use crate::model::{Document, LinkTarget};
use crate::parse::html_depth::too_deep;
use crate::parse::markdown::{definition_span, options};
use crate::resolve::resolve_link;

/// What a reference to a document shows.
#[derive(Debug, Clone)]
pub struct RefTarget {
    /// URL relative to the page being rendered, anchor included.
    pub url: String,
    pub title: String,
    pub status: Option<String>,
    pub phase: Option<Phase>,
}

/// How a reference resolves from the page being rendered.
pub enum RefResolution {
    Found(RefTarget),
    /// The target exists but may not be shown here (confidential).
    Hidden,
    Missing,
}

/// Resolves links for the page being rendered.
pub trait LinkResolver {
    /// A document by canonical ID, with an optional heading anchor.
    fn document(&self, id: &str, anchor: Option<&str>) -> RefResolution;
    /// A workspace file (a Markdown document or an asset) by workspace path.
    fn file(&self, path: &str, anchor: Option<&str>) -> Option<String>;
    /// The canonical form of an ID written in `[[…]]`.
    fn canonical_id(&self, written: &str) -> String;
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The visible text, for the search index.
    pub text: String,
    /// The plain text of the first visible paragraph, for summaries. Taken from the
    /// rendered events, so a hidden section that opens the body never leaks into one.
    pub summary: String,
}

/// The byte ranges of sections whose classes make `hide` true.
pub fn hidden_ranges(doc: &Document, hide: impl Fn(&[String]) -> bool) -> Vec<Range<usize>> {
    doc.sections
        .iter()
        .filter(|s| hide(&doc.headings[s.heading].classes))
        .map(|s| s.range.clone())
        .collect()
}

/// Renders the body of `doc`, leaving out `hidden` byte ranges.
pub fn render_body(
    doc: &Document,
    hidden: &[Range<usize>],
    links: &dyn LinkResolver,
) -> RenderedBody {
    let base = doc.body.start;
    let is_hidden = |offset: usize| hidden.iter().any(|r| r.contains(&offset));
    // Whether a reference-style link takes its destination from a hidden definition.
    let hidden_definition = |definitions: &RefDefs, link_type: LinkType, label: &str| {
        definition_span(definitions, link_type, label).is_some_and(|d| is_hidden(d.start + base))
    };
    let mut out = RenderedBody::default();
    let mut events: Vec<Event> = Vec::new();
    let mut user_html = false;
    // Too deep to sanitize in linear time (`html-too-deep`): raw HTML becomes text.
    let html_as_text = doc.deep_html.is_some();
    let mut heading_index = 0;
    // Inside `[[ID]]` without custom text: its text is replaced by the target's title.
    let mut replace_link_text = false;
    let mut link_close: Vec<LinkClose> = Vec::new();

    // The page shows the title as its `<h1>`; a first `# Title` in the body would repeat it.
    let title_heading = doc
        .headings
        .iter()
        .position(|h| h.level == 1 && h.text == doc.title);
    let mut in_title_heading = false;
    // Collecting the summary: inside the first visible paragraph / done with it.
    let (mut in_summary, mut summary_done) = (false, false);
    // The text of the heading being rendered, for its TOC entry: built from what the
    // page shows, so `## A <script>x</script>` reads "A", and `[[ID]]` reads as the title.
    let mut heading_text: Option<String> = None;
    // Inside raw `<script>`/`<style>`: the sanitizer drops that text, so must we.
    let mut raw_depth = 0usize;
    // Images whose definition is hidden: their alt text stays, as plain text.
    let mut dropped_images: Vec<bool> = Vec::new();
    // The same events the outline read, `[[Groth16]](https://…)` citations included.
    let mut parser = crate::parse::MarkdownEvents::new(doc.body_text());
    while let Some((event, range)) = parser.next() {
        let hidden_here = is_hidden(range.start + base);
        if let Event::Start(Tag::Heading { .. }) = event {
            heading_index += 1;
            in_title_heading = title_heading == Some(heading_index - 1);
        }
        if in_title_heading {
            in_title_heading = !matches!(event, Event::End(TagEnd::Heading(_)));
            continue;
        }
        if hidden_here {
            continue;
        }
        match event {
            // Custom `{key=value}` attributes are dropped: `{onclick=…}` would be an event
            // handler, and a body without raw HTML is never run through the sanitiser.
            Event::Start(Tag::Heading { level, classes, .. }) => {
                let heading = &doc.headings[heading_index - 1];
                if level as u8 >= 2 && level as u8 <= 3 {
                    out.toc.push(TocEntry {
                        level: level as u8,
                        text: String::new(),
                        anchor: heading.anchor.clone(),
                    });
                    heading_text = Some(String::new());
                }
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(heading.anchor.clone().into()),
                    classes,
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(text) = heading_text.take() {
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if text.is_empty() {
                        out.toc.pop(); // nothing visible to list
                    } else if let Some(entry) = out.toc.last_mut() {
                        entry.text = text;
                    }
                }
                out.text.push('\n');
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                let (open, inner, close) = wiki_link(&dest_url, has_pothole, links);
                events.push(Event::InlineHtml(open.into()));
                if let Some(inner) = inner {
                    out.text.push_str(&inner.1);
                    if let Some(heading) = heading_text.as_mut() {
                        heading.push_str(&inner.1);
                    }
                    if in_summary {
                        out.summary.push_str(&inner.1);
                    }
                    events.push(Event::InlineHtml(inner.0.into()));
                }
                replace_link_text = !has_pothole;
                link_close.push(LinkClose::Html(close));
            }
            // `[text][label]` whose `[label]: dest` is in a hidden section: that
            // definition does not exist here, so the text stays and the link goes.
            Event::Start(Tag::Link { link_type, id, .. })
                if hidden_definition(parser.reference_definitions(), link_type, &id) =>
            {
                link_close.push(LinkClose::Dropped);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = rewrite_url(doc, &dest_url, links);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
                link_close.push(LinkClose::Markdown);
            }
            Event::End(TagEnd::Link) => {
                replace_link_text = false;
                match link_close.pop() {
                    Some(LinkClose::Markdown) | None => events.push(Event::End(TagEnd::Link)),
                    Some(LinkClose::Html(close)) => events.push(Event::InlineHtml(close.into())),
                    Some(LinkClose::Dropped) => {}
                }
            }
            Event::Start(Tag::Image { link_type, id, .. })
                if hidden_definition(parser.reference_definitions(), link_type, &id) =>
            {
                dropped_images.push(true);
            }
            Event::End(TagEnd::Image) => {
                if !dropped_images.pop().unwrap_or(false) {
                    events.push(event);
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                dropped_images.push(false);
                let dest = rewrite_url(doc, &dest_url, links);
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
            }
            // The target's title is shown instead of the ID the author wrote.
            Event::Text(_) | Event::Code(_) if replace_link_text => {}
            Event::Text(text) if raw_depth > 0 => events.push(Event::Text(text)),
            Event::Text(text) => {
                if let Some(heading) = heading_text.as_mut() {
                    heading.push_str(&text);
                }
                out.text.push_str(&text);
                out.text.push(' ');
                if in_summary {
                    out.summary.push_str(&text);
                }
                events.push(Event::Text(text));
            }
            Event::Code(text) => {
                if let Some(heading) = heading_text.as_mut() {
                    heading.push_str(&text);
                }
                out.text.push_str(&text);
                out.text.push(' ');
                if in_summary {
                    out.summary.push_str(&text);
                }
                events.push(Event::Code(text));
            }
            Event::Start(Tag::Paragraph) => {
                in_summary = !summary_done;
                events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_summary {
                    out.summary.push(' ');
                }
                events.push(event);
            }
            Event::Html(html) | Event::InlineHtml(html) if html_as_text => {
                events.push(Event::Text(html));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                user_html = true;
                raw_depth = raw_text_depth(raw_depth, &html);
                events.push(Event::Html(html));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                if in_summary && event == Event::End(TagEnd::Paragraph) {
                    in_summary = false;
                    summary_done = !out.summary.trim().is_empty();
                }
                out.text.push('\n');
                events.push(event);
            }
            other => events.push(other),
        }
    }

    let mut html = String::with_capacity(doc.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    out.html = if user_html { clean_html(&html) } else { html };
    out
}

/// What ends a link in the rendered events.
enum LinkClose {
    /// The Markdown link's own end.
    Markdown,
    /// Closing HTML of our own (`[[ID]]` links).
    Html(&'static str),
    /// Nothing: the link was dropped and only its text is shown.
    Dropped,
}

/// How deep inside raw-text elements (`<script>`, `<style>`), whose content the sanitizer
/// removes, the text after this piece of raw HTML is.
fn raw_text_depth(depth: usize, html: &str) -> usize {
    let mut depth = depth;
    let lower = html.to_ascii_lowercase();
    for (i, _) in lower.match_indices('<') {
        let tag = &lower[i + 1..];
        if tag.starts_with("script") || tag.starts_with("style") {
            depth += 1;
        } else if tag.starts_with("/script") || tag.starts_with("/style") {
            depth = depth.saturating_sub(1);
        }
    }
    depth
}

/// The HTML for `[[ID]]`: opening tag, the default content (HTML, plain text) when the
/// author gave no text of their own, and the closing tag.
fn wiki_link(
    dest: &str,
    has_pothole: bool,
    links: &dyn LinkResolver,
) -> (String, Option<(String, String)>, &'static str) {
    let (written, anchor) = match dest.split_once('#') {
        Some((id, anchor)) => (id.trim(), Some(anchor.trim())),
        None => (dest.trim(), None),
    };
    let id = links.canonical_id(written);
    match links.document(&id, anchor) {
        RefResolution::Found(target) => {
            let status = target.status.as_deref().unwrap_or_default();
            let tooltip = if status.is_empty() {
                format!("{id}: {}", target.title)
            } else {
                format!("{id}: {} ({status})", target.title)
            };
            let open = format!(
                r#"<a class="ref" href="{}" title="{}">"#,
                escape(&target.url),
                escape(&tooltip)
            );
            let inner = (!has_pothole).then(|| {
                let badge = match (&target.status, target.phase) {
                    (Some(s), Some(p)) => format!(
                        r#" <span class="badge phase-{}">{}</span>"#,
                        phase_name(p),
                        escape(s)
                    ),
                    (Some(s), None) => format!(r#" <span class="badge">{}</span>"#, escape(s)),
                    _ => String::new(),
                };
                (
                    format!(
                        r#"<span class="ref-id">{}</span> {}{badge}"#,
                        escape(&id),
                        escape(&target.title)
                    ),
                    format!("{id} {} ", target.title),
                )
            });
            (open, inner, "</a>")
        }
        RefResolution::Hidden => (
            r#"<span class="ref ref-hidden" title="not shown here">"#.into(),
            (!has_pothole).then(|| ("a confidential document".into(), String::new())),
            "</span>",
        ),
        RefResolution::Missing => (
            r#"<span class="ref ref-missing" title="unknown document">"#.into(),
            (!has_pothole).then(|| (escape(&id), format!("{id} "))),
            "</span>",
        ),
    }
}

/// Rewrites a Markdown link: workspace files to their page or asset URL, unsafe URLs to
/// nothing. Links spex cannot resolve are kept (they are reported as `broken-link`).
fn rewrite_url(doc: &Document, dest: &str, links: &dyn LinkResolver) -> String {
    if !is_safe_url(dest) {
        return "#".into();
    }
    match resolve_link(&doc.path, dest) {
        LinkTarget::File { path, anchor } => links
            .file(&path, anchor.as_deref())
            .unwrap_or_else(|| dest.to_owned()),
        _ => dest.to_owned(),
    }
}

/// Markdown from anywhere (a digest excerpt) → HTML that is sanitized and whose link URLs
/// are checked.
pub fn markdown_to_safe_html(markdown: &str) -> String {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect();
    // Too deep to sanitize in linear time (`html-too-deep`): raw HTML becomes text and
    // heading attributes go, which leaves only what pulldown-cmark escapes itself.
    let unsanitized = too_deep(&events);
    let events = events.into_iter().map(|(event, _)| match event {
        Event::Html(html) | Event::InlineHtml(html) if unsanitized => Event::Text(html),
        Event::Start(Tag::Heading {
            level, id, classes, ..
        }) if unsanitized => Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs: Vec::new(),
        }),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !is_safe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: "#".into(),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !is_safe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: "#".into(),
            title,
            id,
        }),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    if unsanitized { html } else { clean_html(&html) }
}

pub fn phase_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Proposed => "proposed",
        Phase::Committed => "committed",
        Phase::Started => "started",
        Phase::Done => "done",
        Phase::Inactive => "inactive",
    }
}

/// HTML-escapes text for our own generated markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
