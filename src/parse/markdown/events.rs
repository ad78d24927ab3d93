//! The Markdown events every reader of a body uses (the outline here, the site
//! renderer), with one repair over pulldown-cmark's: `[[Groth16]](https://…)`, a
//! citation style, is a normal link whose text is `[Groth16]`, not a `[[ID]]` reference
//! followed by text in parentheses.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, OffsetIter, Parser, RefDefs, Tag, TagEnd};

use super::options;

type Item<'a> = (Event<'a>, Range<usize>);

/// pulldown-cmark's offset iterator over `source` with spex's options, citations
/// repaired. Ranges are offsets into `source`.
pub struct MarkdownEvents<'a> {
    inner: OffsetIter<'a>,
    source: &'a str,
    queue: VecDeque<Item<'a>>,
}

impl<'a> MarkdownEvents<'a> {
    pub fn new(source: &'a str) -> MarkdownEvents<'a> {
        MarkdownEvents {
            inner: Parser::new_ext(source, options()).into_offset_iter(),
            source,
            queue: VecDeque::new(),
        }
    }

    /// The reference definitions (`[label]: dest`) of the whole body.
    pub fn reference_definitions(&self) -> &RefDefs<'_> {
        self.inner.reference_definitions()
    }

    /// After a `[[…]]` that ends at `at` and is followed by `(dest)`: the link it
    /// really is, or `None` with every event read queued unchanged.
    fn citation(&mut self, start: Item<'a>) -> Item<'a> {
        let at = start.1.end;
        let Some(paren) = inline_destination(self.source, at) else {
            return start;
        };
        let mut inside = Vec::new();
        let mut end = None;
        for (event, range) in self.inner.by_ref() {
            if matches!(event, Event::End(TagEnd::Link)) {
                end = Some((event, range));
                break;
            }
            inside.push((event, range));
        }
        // The parenthesis arrives as plain text; anything else there (emphasis inside a
        // URL, a line break) leaves the events as pulldown-cmark gave them.
        let mut tail = Vec::new();
        let mut plain = true;
        while tail
            .last()
            .is_none_or(|(_, r): &Item<'a>| r.end < paren.close)
        {
            let Some((event, range)) = self.inner.next() else {
                plain = false;
                break;
            };
            let is_plain = matches!(&event, Event::Text(t) if **t == self.source[range.clone()]);
            plain &= is_plain && range.start >= at;
            tail.push((event, range));
            if !plain {
                break;
            }
        }
        let end = match end {
            Some(end) if plain => end,
            end => {
                self.queue.extend(inside);
                self.queue.extend(end);
                self.queue.extend(tail);
                return start;
            }
        };
        let whole = start.1.start..paren.close;
        let open = Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: CowStr::Borrowed(paren.dest),
            title: CowStr::Borrowed(paren.title),
            id: CowStr::Borrowed(""),
        });
        let bracket = |s: &'static str, at: usize| (Event::Text(CowStr::Borrowed(s)), at..at + 1);
        self.queue.push_back(bracket("[", start.1.start + 1));
        self.queue.extend(inside);
        self.queue.push_back(bracket("]", at - 2));
        self.queue.push_back((end.0, whole.clone()));
        if let Some((_, last)) = tail.last()
            && last.end > paren.close
        {
            let rest = &self.source[paren.close..last.end];
            self.queue
                .push_back((Event::Text(CowStr::Borrowed(rest)), paren.close..last.end));
        }
        (open, whole)
    }
}

impl<'a> Iterator for MarkdownEvents<'a> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        if let Some(item) = self.queue.pop_front() {
            return Some(item);
        }
        let item = self.inner.next()?;
        match &item.0 {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                ..
            }) => Some(self.citation(item)),
            _ => Some(item),
        }
    }
}

/// `(dest)` or `(dest "title")` right at `at`.
struct Paren<'a> {
    dest: &'a str,
    title: &'a str,
    /// Just past the closing `)`.
    close: usize,
}

/// Reads an inline link's destination part, as CommonMark writes it, starting at `at`.
fn inline_destination(source: &str, at: usize) -> Option<Paren<'_>> {
    let rest = source.get(at..)?.strip_prefix('(')?;
    let mut i = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let dest = if rest[i..].starts_with('<') {
        let len = rest[i + 1..].find(['>', '\n'])?;
        let dest = &rest[i + 1..i + 1 + len];
        i += len + 2;
        dest
    } else {
        // Balanced parentheses may appear inside a bare destination.
        let mut depth = 0usize;
        let len = rest[i..]
            .char_indices()
            .find(|&(_, c)| match c {
                '(' => {
                    depth += 1;
                    false
                }
                ')' if depth > 0 => {
                    depth -= 1;
                    false
                }
                ')' => true,
                c => c.is_whitespace() || c.is_control(),
            })
            .map_or(rest.len() - i, |(j, _)| j);
        let dest = &rest[i..i + len];
        i += len;
        dest
    };
    if dest.is_empty() {
        return None;
    }
    i += rest[i..].len() - rest[i..].trim_start_matches([' ', '\t']).len();
    let mut title = "";
    if let Some(quote) = rest[i..].chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let len = rest[i + 1..].find(quote)?;
        title = &rest[i + 1..i + 1 + len];
        i += len + 2;
        i += rest[i..].len() - rest[i..].trim_start_matches([' ', '\t']).len();
    }
    rest[i..].starts_with(')').then_some(Paren {
        dest,
        title,
        close: at + 1 + i + 1,
    })
}
