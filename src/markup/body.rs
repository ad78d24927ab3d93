//! A document body → safe HTML, its table of contents and its plain text (for search),
//! in one pass over pulldown-cmark's events. Sections hidden from this output (confidential
//! ones, or ones for another audience) are dropped here, so they reach no later stage.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, RefDefs, Tag, TagEnd};
use serde::Serialize;

use super::escape::escape;
use super::sanitize::{clean_html, is_safe_url};
use crate::config::Phase;
use crate::model::{Document, LinkTarget};
use crate::parse::html_depth::too_deep;
use crate::parse::markdown::{definition_span, options};
use crate::parse::slug::AnchorMatching;
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
    /// How a `#fragment` finds its heading (`anchors:`), so a link into this page
    /// written as GitHub resolves it can be pointed at the id the page gives it.
    fn anchors(&self) -> AnchorMatching {
        AnchorMatching::Exact
    }
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
    let mut writer = BodyWriter::new(doc, links);
    let mut heading_index = 0;
    // The page shows the title as its `<h1>`; a first `# Title` in the body would repeat it.
    let title_heading = doc
        .headings
        .iter()
        .position(|h| h.level == 1 && h.text == doc.title);
    let mut in_title_heading = false;
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
        let dropped_link = match &event {
            Event::Start(Tag::Link { link_type, id, .. } | Tag::Image { link_type, id, .. }) => {
                hidden_definition(parser.reference_definitions(), *link_type, id)
            }
            _ => false,
        };
        writer.push(event, heading_index, dropped_link);
    }
    writer.finish()
}

/// The state of one body's rendering: the events kept so far, and where in the body
/// the last one was (a heading, a link, the summary paragraph, raw HTML).
struct BodyWriter<'a, 'd> {
    doc: &'d Document,
    links: &'a dyn LinkResolver,
    out: RenderedBody,
    events: Vec<Event<'d>>,
    user_html: bool,
    /// Too deep to sanitize in linear time (`html-too-deep`): raw HTML becomes text.
    html_as_text: bool,
    /// Inside `[[ID]]` without custom text: its text is replaced by the target's title.
    replace_link_text: bool,
    link_close: Vec<LinkClose>,
    /// Collecting the summary: inside the first visible paragraph / done with it.
    in_summary: bool,
    summary_done: bool,
    /// The text of the heading being rendered, for its TOC entry: built from what the
    /// page shows, so `## A <script>x</script>` reads "A", and `[[ID]]` reads as the title.
    heading_text: Option<String>,
    /// Inside raw `<script>`/`<style>`: the sanitizer drops that text, so must we.
    raw_depth: usize,
    /// Images whose definition is hidden: their alt text stays, as plain text.
    dropped_images: Vec<bool>,
}

impl<'a, 'd> BodyWriter<'a, 'd> {
    fn new(doc: &'d Document, links: &'a dyn LinkResolver) -> Self {
        BodyWriter {
            doc,
            links,
            out: RenderedBody::default(),
            events: Vec::new(),
            user_html: false,
            html_as_text: doc.deep_html.is_some(),
            replace_link_text: false,
            link_close: Vec::new(),
            in_summary: false,
            summary_done: false,
            heading_text: None,
            raw_depth: 0,
            dropped_images: Vec::new(),
        }
    }

    /// Takes one visible event. `heading_index` counts the headings so far;
    /// `dropped_link` is a link or image whose reference definition is hidden.
    fn push(&mut self, event: Event<'d>, heading_index: usize, dropped_link: bool) {
        match event {
            Event::Start(Tag::Heading { level, classes, .. }) => {
                self.heading_start(level, classes, heading_index)
            }
            Event::End(TagEnd::Heading(level)) => self.heading_end(level),
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => self.wiki_link(&dest_url, has_pothole),
            // `[text][label]` whose `[label]: dest` is in a hidden section: that
            // definition does not exist here, so the text stays and the link goes.
            Event::Start(Tag::Link { .. }) if dropped_link => {
                self.link_close.push(LinkClose::Dropped);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = rewrite_url(self.doc, &dest_url, self.links);
                self.events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
                self.link_close.push(LinkClose::Markdown);
            }
            Event::End(TagEnd::Link) => {
                self.replace_link_text = false;
                match self.link_close.pop() {
                    Some(LinkClose::Markdown) | None => self.events.push(Event::End(TagEnd::Link)),
                    Some(LinkClose::Html(close)) => {
                        self.events.push(Event::InlineHtml(close.into()))
                    }
                    Some(LinkClose::Dropped) => {}
                }
            }
            Event::Start(Tag::Image { .. }) if dropped_link => {
                self.dropped_images.push(true);
            }
            Event::End(TagEnd::Image) => {
                if !self.dropped_images.pop().unwrap_or(false) {
                    self.events.push(event);
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.dropped_images.push(false);
                let dest = rewrite_url(self.doc, &dest_url, self.links);
                self.events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
            }
            // The target's title is shown instead of the ID the author wrote.
            Event::Text(_) | Event::Code(_) if self.replace_link_text => {}
            Event::Text(text) if self.raw_depth > 0 => self.events.push(Event::Text(text)),
            Event::Text(text) => {
                self.visible_text(&text);
                self.events.push(Event::Text(text));
            }
            Event::Code(text) => {
                self.visible_text(&text);
                self.events.push(Event::Code(text));
            }
            other => self.push_block(other),
        }
    }

    /// Paragraphs, breaks, raw HTML and what needs no rewriting.
    fn push_block(&mut self, event: Event<'d>) {
        match event {
            Event::Start(Tag::Paragraph) => {
                self.in_summary = !self.summary_done;
                self.events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                if self.in_summary {
                    self.out.summary.push(' ');
                }
                self.events.push(event);
            }
            Event::Html(html) | Event::InlineHtml(html) if self.html_as_text => {
                self.events.push(Event::Text(html));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.user_html = true;
                self.raw_depth = raw_text_depth(self.raw_depth, &html);
                self.events.push(Event::Html(html));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                if self.in_summary && event == Event::End(TagEnd::Paragraph) {
                    self.in_summary = false;
                    self.summary_done = !self.out.summary.trim().is_empty();
                }
                self.out.text.push('\n');
                self.events.push(event);
            }
            other => self.events.push(other),
        }
    }

    /// Custom `{key=value}` attributes are dropped: `{onclick=…}` would be an event
    /// handler, and a body without raw HTML is never run through the sanitiser.
    fn heading_start(
        &mut self,
        level: HeadingLevel,
        classes: Vec<CowStr<'d>>,
        heading_index: usize,
    ) {
        let heading = &self.doc.headings[heading_index - 1];
        if level as u8 >= 2 && level as u8 <= 3 {
            self.out.toc.push(TocEntry {
                level: level as u8,
                text: String::new(),
                anchor: heading.anchor.clone(),
            });
            self.heading_text = Some(String::new());
        }
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: Some(heading.anchor.clone().into()),
            classes,
            attrs: Vec::new(),
        }));
    }

    fn heading_end(&mut self, level: HeadingLevel) {
        if let Some(text) = self.heading_text.take() {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if text.is_empty() {
                self.out.toc.pop(); // nothing visible to list
            } else if let Some(entry) = self.out.toc.last_mut() {
                entry.text = text;
            }
        }
        self.out.text.push('\n');
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    fn wiki_link(&mut self, dest_url: &str, has_pothole: bool) {
        let (open, inner, close) = wiki_link(dest_url, has_pothole, self.links);
        self.events.push(Event::InlineHtml(open.into()));
        if let Some(inner) = inner {
            self.out.text.push_str(&inner.1);
            if let Some(heading) = self.heading_text.as_mut() {
                heading.push_str(&inner.1);
            }
            if self.in_summary {
                self.out.summary.push_str(&inner.1);
            }
            self.events.push(Event::InlineHtml(inner.0.into()));
        }
        self.replace_link_text = !has_pothole;
        self.link_close.push(LinkClose::Html(close));
    }

    /// Text the page shows: for the heading's TOC entry, the search text and the
    /// summary.
    fn visible_text(&mut self, text: &str) {
        if let Some(heading) = self.heading_text.as_mut() {
            heading.push_str(text);
        }
        self.out.text.push_str(text);
        self.out.text.push(' ');
        if self.in_summary {
            self.out.summary.push_str(text);
        }
    }

    fn finish(self) -> RenderedBody {
        let mut out = self.out;
        let mut html = String::with_capacity(self.doc.body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        out.html = if self.user_html {
            clean_html(&html)
        } else {
            html
        };
        out
    }
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
                        p.name(),
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
        LinkTarget::SameDocument { anchor } => match doc.heading_matching(&anchor, links.anchors())
        {
            Some(heading) if heading.anchor != anchor => format!("#{}", heading.anchor),
            _ => dest.to_owned(),
        },
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

#[cfg(test)]
mod tests;
