//! What changed in scope, quoted: the list items (requirements, scope lines) that a
//! normative section gained or lost between the base of `--since` and now, as lines
//! such as `requirement added — "Refunds complete within 2 s"`. An item is quoted only
//! when the audience may read it in the version it comes from: an added one in today's
//! document, a removed one in the base's, each judged by the audience policy's hidden
//! ranges (`{.confidential}` sections, other audiences' sections).

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::Context;
use crate::audience::Policy;
use crate::model::{Document, Materiality, section_key};

/// Quoted items per document; the rest are counted.
const QUOTED: usize = 5;
/// Characters of one item quoted.
const ITEM_CHARS: usize = 160;

/// The quoted scope changes of one document, and the headings of the sections they
/// speak for, subsections included (so that "updated: Requirements" is not said too).
#[derive(Default)]
pub struct ScopeLines {
    pub lines: Vec<String>,
    pub headings: Vec<String>,
    /// Every item quoted in `lines`, as data: the "What happened" events quote them too.
    pub quotes: Vec<Quote>,
}

/// One added or removed item, clipped and quoted (`"Refunds complete within 2 s"`).
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The section key (`requirements`).
    pub key: String,
    pub added: bool,
    pub text: String,
}

/// Items added to and removed from the normative sections of `after`'s kind, from
/// `before` (the same document at the base) to `after`.
pub fn scope_lines(ctx: &Context, before: &Document, after: &Document) -> ScopeLines {
    let mut out = ScopeLines::default();
    let materiality = Materiality::new(&ctx.ws().config);
    let mut more = 0;
    for heading in materiality.normative_of(after.kind_name()) {
        let key = section_key(heading);
        // A document the audience could not see at the base gives no removed items.
        let old = if ctx.audience.shows(before) {
            visible_items(ctx, before, &key)
        } else {
            Vec::new()
        };
        let new = visible_items(ctx, after, &key);
        let removed = missing_from(&old, &new);
        let added = missing_from(&new, &old);
        if added.is_empty() && removed.is_empty() {
            continue;
        }
        out.headings.extend(headings_within(before, &key));
        out.headings.extend(headings_within(after, &key));
        let label = |verb: &str| {
            if key == "requirements" {
                format!("requirement {verb}")
            } else {
                format!("{heading}: item {verb}")
            }
        };
        let quoted = added
            .iter()
            .map(|t| (true, t))
            .chain(removed.iter().map(|t| (false, t)));
        for (was_added, text) in quoted {
            if out.lines.len() < QUOTED {
                let what = label(if was_added { "added" } else { "removed" });
                let text = format!("\"{}\"", clipped(text));
                out.lines.push(format!("{what} — {text}"));
                out.quotes.push(Quote {
                    key: key.clone(),
                    added: was_added,
                    text,
                });
            } else {
                more += 1;
            }
        }
    }
    if more > 0 {
        out.lines.push(format!("{more} more scope changes"));
    }
    out
}

/// The items of `a` that `b` lacks, as many times as `a` has them more often.
fn missing_from<'a>(a: &'a [String], b: &[String]) -> Vec<&'a String> {
    let mut left: BTreeMap<&str, usize> = BTreeMap::new();
    for item in b {
        *left.entry(item.as_str()).or_default() += 1;
    }
    a.iter()
        .filter(|item| match left.get_mut(item.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// The headings of `doc`'s sections with `key` and of their subsections.
fn headings_within(doc: &Document, key: &str) -> Vec<String> {
    let ranges: Vec<&Range<usize>> = doc
        .sections
        .iter()
        .filter(|s| section_key(&doc.headings[s.heading].text) == key)
        .map(|s| &s.range)
        .collect();
    doc.headings
        .iter()
        .filter(|h| ranges.iter().any(|r| r.contains(&h.span.start)))
        .map(|h| h.text.clone())
        .collect()
}

/// The plain text of every list item in `doc`'s sections under headings with `key`
/// (their subsections included) that the audience may read.
fn visible_items(ctx: &Context, doc: &Document, key: &str) -> Vec<String> {
    let hidden = ctx.audience.hidden_ranges(doc);
    let is_hidden = |at: usize| hidden.iter().any(|r| r.contains(&at));
    let mut items = Vec::new();
    for section in &doc.sections {
        let heading = &doc.headings[section.heading];
        if section_key(&heading.text) != key
            || is_hidden(heading.span.start)
            || !ctx.audience.shows_section(&heading.classes)
        {
            continue;
        }
        items.extend(
            list_items(&doc.text, section.range.clone())
                .into_iter()
                .filter(|(at, _)| !is_hidden(*at))
                .map(|(_, text)| text),
        );
    }
    items
}

/// Every list item in `text[range]`, by where it starts (in `text`): its own plain text
/// (a nested list's items are items of their own), whitespace collapsed.
fn list_items(text: &str, range: Range<usize>) -> Vec<(usize, String)> {
    let Some(slice) = text.get(range.clone()) else {
        return Vec::new();
    };
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut items = Vec::new();
    for (event, at) in Parser::new_ext(slice, crate::parse::markdown::options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::Item) => open.push((range.start + at.start, String::new())),
            Event::End(TagEnd::Item) => {
                if let Some((start, words)) = open.pop() {
                    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !words.is_empty() {
                        items.push((start, words));
                    }
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => {
                if let Some((_, words)) = open.last_mut() {
                    words.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, words)) = open.last_mut() {
                    words.push(' ');
                }
            }
            _ => {}
        }
    }
    items.sort_by_key(|(at, _)| *at);
    items
}

/// `text`, cut at a word boundary to `ITEM_CHARS` characters with an ellipsis.
fn clipped(text: &str) -> String {
    if text.chars().count() <= ITEM_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(ITEM_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_are_plain_text_and_nested_items_stand_alone() {
        let text = "## Requirements\n1. Refunds complete within **2 s**.\n   - in `EUR`\n2. Two\n   lines.\n\nNot an item.\n";
        let items: Vec<String> = list_items(text, 0..text.len())
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(
            items,
            ["Refunds complete within 2 s.", "in EUR", "Two lines."]
        );
    }

    #[test]
    fn an_item_said_twice_and_removed_once_is_one_removal() {
        let old = ["a".to_owned(), "a".to_owned(), "b".to_owned()];
        let new = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert_eq!(missing_from(&old, &new), [&"a".to_owned()]);
        assert_eq!(missing_from(&new, &old), [&"c".to_owned()]);
    }

    #[test]
    fn long_items_are_clipped_at_a_word() {
        let long = "word ".repeat(60);
        let clipped = clipped(long.trim());
        assert!(clipped.ends_with("word…"), "{clipped}");
        assert!(clipped.chars().count() <= ITEM_CHARS + 1);
    }
}
