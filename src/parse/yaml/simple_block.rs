//! The plainest front matter, read line by line without the YAML parser: block mappings
//! of `key: value` lines, where a value is a one-line plain scalar, a one-line flow list
//! of plain scalars (`[a, b]`), or a more indented mapping of the same kind. Nearly every
//! generated or hand-written spec is only that, and reading it here costs a small part of
//! running the full YAML scanner over it (which was a third of `spex check`).
//!
//! A one-line quoted value is read too when it holds no escape and no quote. Anything
//! else — comments, tabs, blank lines, block lists, empty values, multi-line scalars,
//! control characters, any character that might mean something to YAML — and this
//! reader gives up and [`read_direct`](super::direct::read_direct) reads the
//! text. When it does read a text, the tree is the one `read_direct` gives, spans and
//! all (`simple_block/tests.rs` compares the two).

use std::borrow::Cow;
use std::ops::Range;

use granit_parser::ScalarStyle;

use super::direct::scalar;
use super::{Node, Value};

/// Mappings nested deeper than this are left to the YAML parser.
const MAX_DEPTH: usize = 4;
/// Longer keys are left to the YAML parser, which limits how far it looks for a key's
/// `:` (1,024 characters by default).
const MAX_KEY_LEN: usize = 128;

/// The tree of `text` as [`read_direct`](super::direct::read_direct) gives it (containers
/// spanning where they start), or `None` when `text` is not of the plain kind read here.
pub(super) fn read_simple_block(text: &str) -> Option<Node> {
    if !text.chars().all(is_ordinary) {
        return None;
    }
    let mut lines = Lines::new(text);
    let root = mapping(text, &mut lines, 0, 0)?;
    // Every line must belong to the mapping: one indented less than its first key, or a
    // stray deeper one, is not plain.
    lines.peek().is_none().then_some(root)
}

/// A line break, or a character that is text to YAML wherever it is printable: no tab,
/// no control character, no byte-order mark, no `U+0085` (a line break to YAML 1.1).
fn is_ordinary(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFEFE | 0xFF00..=0xFFFD | 0x10000..)
}

/// One `key: rest` line: where it starts, how far its key is indented.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indent: usize,
}

/// The lines of a text, with one line of look-ahead.
struct Lines<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        Lines { text, at: 0 }
    }

    fn peek(&self) -> Option<Line> {
        if self.at >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.at..];
        let len = rest.find('\n').unwrap_or(rest.len());
        let indent = rest[..len].len() - rest[..len].trim_start_matches(' ').len();
        Some(Line {
            start: self.at,
            end: self.at + len,
            indent,
        })
    }

    fn advance(&mut self, line: Line) {
        self.at = (line.end + 1).min(self.text.len());
    }
}

/// The block mapping whose keys start at column `indent` on the next lines.
fn mapping(text: &str, lines: &mut Lines<'_>, indent: usize, depth: usize) -> Option<Node> {
    if depth >= MAX_DEPTH {
        return None;
    }
    let first = lines.peek()?;
    if first.indent != indent {
        return None;
    }
    let key_start = first.start + indent;
    let mut entries = Vec::new();
    while let Some(line) = lines.peek() {
        if line.indent < indent {
            break;
        }
        if line.indent > indent {
            return None;
        }
        lines.advance(line);
        let content = &text[line.start + indent..line.end];
        let colon = content.find(':').filter(|&colon| colon <= MAX_KEY_LEN)?;
        let key_end = line.start + indent + colon;
        let key = plain_scalar(text, line.start + indent..key_end, false)?;
        let after = &content[colon + 1..];
        let value = if after.is_empty() {
            // `key:` and a more indented mapping on the next lines.
            let nested = lines.peek().filter(|next| next.indent > indent)?;
            mapping(text, lines, nested.indent, depth + 1)?
        } else {
            let spaces = after.len() - after.trim_start_matches(' ').len();
            let value_start = key_end + 1 + spaces;
            if spaces == 0 || value_start == line.end {
                return None;
            }
            let value_end = line.start + text[line.start..line.end].trim_end_matches(' ').len();
            // A more indented line next would continue the scalar: not plain.
            if lines.peek().is_some_and(|next| next.indent > indent) {
                return None;
            }
            let first = text.as_bytes()[value_start];
            if first == b'[' {
                flow_list(text, value_start..value_end)?
            } else if first == b'"' || first == b'\'' {
                quoted(text, value_start..value_end)?
            } else {
                plain_scalar(text, value_start..value_end, false)?
            }
        };
        entries.push((key, value));
    }
    Some(Node {
        value: Value::Map(entries),
        span: key_start..key_start,
    })
}

/// `[a, b, c]` on one line, items plain, exactly `range`.
fn flow_list(text: &str, range: Range<usize>) -> Option<Node> {
    let inner = text[range.clone()].strip_prefix('[')?.strip_suffix(']')?;
    let inner_start = range.start + 1;
    let mut items = Vec::new();
    if !inner.trim_start_matches(' ').is_empty() {
        let mut at = inner_start;
        for item in inner.split(',') {
            let leading = item.len() - item.trim_start_matches(' ').len();
            let trimmed = item.trim_matches(' ');
            let start = at + leading;
            items.push(plain_scalar(text, start..start + trimmed.len(), true)?);
            at += item.len() + 1;
        }
    }
    Some(Node {
        value: Value::Seq(items),
        span: range.start..range.start + 1,
    })
}

/// `"text"` or `'text'` that is exactly `range`, with no escape or quote inside: the
/// text as written.
fn quoted(text: &str, range: Range<usize>) -> Option<Node> {
    let s = &text[range.clone()];
    let quote = s.chars().next()?;
    let inner = s.strip_prefix(quote)?.strip_suffix(quote)?;
    if inner.contains([quote, '\\']) {
        return None;
    }
    Some(Node {
        value: Value::Str(inner.to_owned()),
        span: range,
    })
}

/// A plain scalar that is exactly `range` of `text`, as `read_direct` reads it; `None`
/// for one that is empty or might mean anything else to YAML. `in_flow`: inside `[…]`,
/// where `,[]{}` end a scalar.
fn plain_scalar(text: &str, range: Range<usize>, in_flow: bool) -> Option<Node> {
    let s = &text[range.clone()];
    let first = *s.as_bytes().first()?;
    // Indicators that start something other than a plain scalar (or might: `-`, `?`
    // and `:` start one only when a non-space follows); a space means the range is off.
    if b"-?:,[]{}#&*!|>'\"%@` ".contains(&first) || s.ends_with(' ') {
        return None;
    }
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied();
        let breaks = match b {
            // `#` after a space starts a comment; anywhere else keep it simple.
            b'#' => true,
            // `: ` ends a key; in a list `:` is too close to a mapping to keep.
            b':' => in_flow || matches!(next, None | Some(b' ')),
            b',' | b'[' | b']' | b'{' | b'}' => in_flow,
            _ => false,
        };
        if breaks {
            return None;
        }
    }
    Some(Node {
        value: scalar(Cow::Borrowed(s), ScalarStyle::Plain)?,
        span: range,
    })
}

#[cfg(test)]
mod tests;
