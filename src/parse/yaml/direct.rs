//! The common case of [`parse_yaml`](super::parse_yaml), read straight from the YAML
//! parser's events: plain mappings, lists and scalars, no tags, anchors, aliases or merge
//! keys. serde-saphyr's `Spanned` wrapper records and replays every key and synthesizes a
//! struct per node, which made reading front matter most of `spex check`; building the
//! tree from the events is several times cheaper.
//!
//! Whatever this reader is not sure to read exactly as serde-saphyr does (an error, a
//! tag, an alias, a number spelled in an unusual way, anything near a budget) it gives
//! up on, and serde-saphyr reads the text instead: the tree and every error stay the
//! same, byte for byte (`tests.rs` compares the two on many inputs).

use std::borrow::Cow;

use granit_parser::{Event, Parser, ScalarStyle, Span};

use super::{Node, Value};

/// Nesting beyond this is left to serde-saphyr, whose budget (32 levels) decides.
const MAX_DEPTH: usize = 16;
/// Events beyond this are left to serde-saphyr, whose budget counts them.
const MAX_EVENTS: usize = 10_000;

/// A list or mapping whose end has not been read yet.
enum Open {
    Seq {
        items: Vec<Node>,
        span: std::ops::Range<usize>,
    },
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        span: std::ops::Range<usize>,
    },
}

/// The tree of `text` with every node's span (containers: where they start, as
/// serde-saphyr reports them), or `None` when serde-saphyr must read it.
pub(super) fn read_direct(text: &str, options: granit_parser::Options) -> Option<Node> {
    let parser = Parser::new_from_str_with_options(text, options);
    let mut open: Vec<Open> = Vec::new();
    let mut root = None;
    let mut documents = 0;
    for (count, item) in parser.enumerate() {
        let (event, span) = item.ok()?;
        if count > MAX_EVENTS {
            return None;
        }
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
            Event::DocumentStart(_, version) => {
                documents += 1;
                if documents > 1 || version.is_some() {
                    return None;
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                Node {
                    value: scalar(value, style)?,
                    span: byte_range(&span)?,
                }
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                if anchor != 0 || tag.is_some() || open.len() >= MAX_DEPTH {
                    return None;
                }
                let span = byte_range(&span)?;
                open.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq {
                        items: Vec::new(),
                        span,
                    }
                } else {
                    Open::Map {
                        entries: Vec::new(),
                        key: None,
                        span,
                    }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match open.pop()? {
                Open::Seq { items, span } => Node {
                    value: Value::Seq(items),
                    span,
                },
                Open::Map {
                    entries,
                    key: None,
                    span,
                } => Node {
                    value: Value::Map(entries),
                    span,
                },
                Open::Map { key: Some(_), .. } => return None,
            },
            // Aliases, anchors, comments: serde-saphyr's to resolve.
            _ => return None,
        };
        match open.last_mut() {
            None if root.is_none() => root = Some(node),
            None => return None,
            Some(Open::Seq { items, .. }) => items.push(node),
            Some(Open::Map { entries, key, .. }) => match key.take() {
                Some(key) => entries.push((key, node)),
                // A list or mapping as a key is rare enough to leave alone.
                None if matches!(node.value, Value::Seq(_) | Value::Map(_)) => return None,
                None => *key = Some(node),
            },
        }
    }
    if !open.is_empty() {
        return None;
    }
    root
}

fn byte_range(span: &Span) -> Option<std::ops::Range<usize>> {
    let start = span.start.byte_offset()?;
    let end = span.end.byte_offset()?;
    Some(start..end.max(start))
}

/// A scalar's value as serde-saphyr's typeless reading (strict booleans, YAML 1.2 core
/// numbers) gives it, or `None` for a spelling left to serde-saphyr.
pub(super) fn scalar(value: Cow<'_, str>, style: ScalarStyle) -> Option<Value> {
    if style != ScalarStyle::Plain {
        return Some(Value::Str(value.into_owned()));
    }
    match &*value {
        // A merge key: serde-saphyr merges the mapping it names.
        "<<" => return None,
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let t = value.trim_matches([' ', '\t', '\r', '\n']);
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    // Only a digit or a dot after the sign can start a number; `inf`, `nan` and every
    // other word stay strings.
    if !unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return Some(Value::Str(value.into_owned()));
    }
    let radix = ["0x", "0X", "0o", "0O", "0b", "0B"]
        .iter()
        .any(|prefix| unsigned.starts_with(prefix));
    // Underscores, radix prefixes and leading zeros (`0127` reads as a float) each
    // have their own rules.
    let leading_zero = unsigned.len() > 1 && unsigned.starts_with('0');
    if radix
        || unsigned.contains('_')
        || (leading_zero && unsigned.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    if unsigned.bytes().all(|b| b.is_ascii_digit()) {
        // Out of i64's range reads as a float: left to serde-saphyr.
        let magnitude: i64 = unsigned.parse().ok()?;
        return Some(Value::Int(if t.starts_with('-') {
            -magnitude
        } else {
            magnitude
        }));
    }
    match t.parse::<f64>() {
        Ok(f) if f.is_finite() => Some(Value::Float(f)),
        // `1e999`, and `.inf`/`.nan`: not finite, which serde-saphyr rejects.
        Ok(_) => None,
        Err(_) if [".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF"].contains(&unsigned) => None,
        Err(_) => Some(Value::Str(value.into_owned())),
    }
}

#[cfg(test)]
mod tests;
