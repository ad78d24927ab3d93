//! Parse stage helper: how deeply a Markdown body nests HTML elements, counting Markdown
//! containers (lists, quotes, emphasis) and raw HTML tags together, as the HTML the
//! sanitizer parses will nest them.
//!
//! Why: raw HTML sends a body through ammonia, whose HTML parser (html5ever) scans the
//! stack of open elements for many start tags, as the HTML standard says to. That makes
//! each tag cost as much as the nesting is deep: 40,000 nested `<div>` took 6 s to build,
//! 100,000 over 30 s. Bodies nested deeper than [`MAX_HTML_DEPTH`] have their raw HTML
//! shown as text instead (no sanitizer pass needed), with an `html-too-deep` warning.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// The deepest HTML nesting spex sends through the sanitizer. Real documents nest a dozen
/// levels; browsers themselves flatten past 512 (Chromium's parser limit). At 256 the
/// sanitizer's per-tag stack scan stays a small constant, so its time stays linear.
pub const MAX_HTML_DEPTH: usize = 256;

/// HTML elements that never have content, so never nest anything.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// A body nested deeper than [`MAX_HTML_DEPTH`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeepHtml {
    /// The Markdown or raw HTML that first went past the limit (offsets as given).
    pub span: Range<usize>,
    /// The deepest nesting seen.
    pub depth: usize,
    /// Whether the body has raw HTML, which is what sends it through the sanitizer.
    pub raw_html: bool,
}

/// Measures nesting over a stream of pulldown-cmark events, in one linear pass.
#[derive(Debug, Default)]
pub struct HtmlDepth {
    /// Open Markdown containers (each `Start` not yet `End`ed).
    containers: usize,
    /// Raw HTML tags opened and not closed, across all raw HTML of the body.
    raw: usize,
    max: usize,
    has_raw_html: bool,
    first_too_deep: Option<Range<usize>>,
}

impl HtmlDepth {
    /// Takes the next event and its range.
    pub fn see(&mut self, event: &Event, range: &Range<usize>) {
        match event {
            // An HTML block is a Markdown container but no element of the output.
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => return,
            Event::Start(_) => self.containers += 1,
            Event::End(_) => self.containers = self.containers.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                self.has_raw_html = true;
                let limit = MAX_HTML_DEPTH.saturating_sub(self.containers);
                let raw = raw_depth_after(self.raw, html, limit);
                self.raw = raw.depth;
                // Point at the tag that crossed the limit when the event's text is the
                // source itself (it is, unless a container prefix like `> ` was cut out).
                let at = raw
                    .crossed
                    .map(|tag| range.start + tag.start..range.start + tag.end)
                    .filter(|tag| tag.end <= range.end)
                    .unwrap_or_else(|| range.clone());
                self.note(self.containers + raw.deepest, &at);
                return;
            }
            _ => return,
        }
        self.note(self.containers + self.raw, range);
    }

    fn note(&mut self, depth: usize, range: &Range<usize>) {
        self.max = self.max.max(depth);
        if depth > MAX_HTML_DEPTH && self.first_too_deep.is_none() {
            self.first_too_deep = Some(range.clone());
        }
    }

    /// The verdict: `Some` when the body nests deeper than [`MAX_HTML_DEPTH`].
    pub fn finish(self) -> Option<DeepHtml> {
        Some(DeepHtml {
            span: self.first_too_deep?,
            depth: self.max,
            raw_html: self.has_raw_html,
        })
    }
}

/// Whether Markdown nests too deeply to sanitize: [`HtmlDepth`] over all its events.
pub fn too_deep<'a>(events: impl IntoIterator<Item = &'a (Event<'a>, Range<usize>)>) -> bool {
    let mut meter = HtmlDepth::default();
    for (event, range) in events {
        meter.see(event, range);
    }
    meter.finish().is_some()
}

/// What one piece of raw HTML does to the count of open tags.
struct RawDepth {
    /// Open tags after it.
    depth: usize,
    /// The most open at any point inside it.
    deepest: usize,
    /// The first tag (range in the piece) that took the count past the limit.
    crossed: Option<Range<usize>>,
}

/// The count of open raw HTML tags after `html`, starting from `depth`. An estimate on the
/// safe side: every start tag that is not void or self-closing opens, every end tag closes.
fn raw_depth_after(depth: usize, html: &str, limit: usize) -> RawDepth {
    let mut out = RawDepth {
        depth,
        deepest: depth,
        crossed: None,
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        let start = i + lt;
        let at = start + 1;
        i = at;
        match bytes.get(at) {
            Some(b'/') if bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) => {
                out.depth = out.depth.saturating_sub(1);
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name_len = html[at..]
                    .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                    .unwrap_or(html.len() - at);
                let name = &html[at..at + name_len];
                let end = html[at..].find('>').map(|n| at + n);
                let self_closing = end.is_some_and(|end| bytes[end - 1] == b'/');
                let void = VOID_ELEMENTS.iter().any(|v| v.eq_ignore_ascii_case(name));
                if !self_closing && !void {
                    out.depth += 1;
                    out.deepest = out.deepest.max(out.depth);
                    if out.depth > limit && out.crossed.is_none() {
                        out.crossed = Some(start..end.map_or(at + name_len, |end| end + 1));
                    }
                }
                // Skip the attributes, so a `<` inside a quoted value is not a tag.
                if let Some(end) = end {
                    i = end + 1;
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Parser;

    use super::*;
    use crate::parse::markdown::options;

    /// What the parse stage keeps: deep bodies with raw HTML.
    fn measure(markdown: &str) -> Option<DeepHtml> {
        let mut meter = HtmlDepth::default();
        for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
            meter.see(&event, &range);
        }
        meter.finish().filter(|deep| deep.raw_html)
    }

    #[test]
    fn ordinary_html_is_not_too_deep() {
        let body = "<div class=\"x\">\n\n- <b>a</b><br><img src=x />\n\n</div>\n";
        assert_eq!(measure(body), None);
    }

    #[test]
    fn nested_raw_tags_past_the_limit_are_found_where_they_cross_it() {
        let body = format!("Intro.\n\n{}x\n", "<div>".repeat(MAX_HTML_DEPTH + 10));
        let deep = measure(&body).expect("too deep");
        assert!(deep.depth > MAX_HTML_DEPTH + 9, "{deep:?}");
        let crossing = "Intro.\n\n".len() + MAX_HTML_DEPTH * "<div>".len();
        assert_eq!(deep.span, crossing..crossing + "<div>".len());
    }

    #[test]
    fn closed_tags_do_not_add_up() {
        let body = "<span>a</span>".repeat(MAX_HTML_DEPTH * 4);
        assert_eq!(measure(&body), None);
    }

    #[test]
    fn deep_markdown_with_one_raw_tag_is_too_deep() {
        let body = format!("{} x <b>y</b>\n", ">".repeat(MAX_HTML_DEPTH + 1));
        assert!(measure(&body).is_some());
        // Without raw HTML, a body is not sanitized, so its depth does not matter.
        let body = format!("{} x y\n", ">".repeat(MAX_HTML_DEPTH + 1));
        assert_eq!(measure(&body), None);
    }
}
