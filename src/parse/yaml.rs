//! Parse stage helper: YAML text → a generic tree whose every node knows its byte range.
//!
//! Front matter and `spex.yaml` are schema-driven (kinds are user-defined), so we cannot
//! deserialize into fixed structs. Instead serde-saphyr fills this small recursive tree,
//! wrapping every node in `Spanned` so diagnostics can point at the exact value.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A YAML node with the byte range it occupies in the parsed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// Byte range relative to the start of the parsed text.
    pub span: Range<usize>,
}

/// The YAML data model, as far as front matter needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// A short noun for messages such as "expected a list, found a number".
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The scalar as text, for fields where YAML guessed a number but we want a string
    /// (an owner called `2024`, an ID written as `42`).
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }
}

impl Node {
    /// Looks a key up in a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Shifts every span by `offset`, used to place front matter inside its file.
    pub fn shift(&mut self, offset: usize) {
        self.span = self.span.start + offset..self.span.end + offset;
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| n.shift(offset)),
            Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.shift(offset);
                v.shift(offset);
            }),
            _ => {}
        }
    }
}

fn byte_range(loc: &serde_saphyr::Location) -> Range<usize> {
    let span = loc.span();
    let start = span.byte_offset().unwrap_or(0) as usize;
    let len = span.byte_len().unwrap_or(0) as usize;
    start..start + len
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            span: byte_range(&spanned.referenced),
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<Node, Node>()? {
            entries.push((k, v));
        }
        Ok(Value::Map(entries))
    }
}

/// A YAML error with the byte offset it refers to (relative to the parsed text).
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub offset: usize,
    /// For duplicate keys: where the key was first defined.
    pub first: Option<Range<usize>>,
    pub end: usize,
    /// Help for a common mistake, retold in plain words (`yaml/plain_words.rs`).
    pub hint: Option<&'static str>,
}

/// The deepest nesting of lists and mappings front matter and config may use.
pub const MAX_DEPTH: usize = 32;

/// Parses YAML into a spanned tree, with limits suited to front matter and config:
/// small documents, so aliases, anchors and depth are capped tightly (alias bombs and
/// deeply nested input fail fast instead of eating memory).
pub fn parse_yaml(text: &str) -> Result<Node, YamlError> {
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Null,
            span: 0..0,
        });
    }
    let budget = budget();
    // Most front matter is `key: value` lines, read without the YAML parser; most of
    // the rest is plain fields and lists, read straight from the parser's events; the
    // rest (and every error) is serde-saphyr's.
    let mut node = match simple_block::read_simple_block(text)
        .or_else(|| direct::read_direct(text, parser_options(&budget)))
    {
        Some(node) => node,
        None => read_with_serde_saphyr(text, budget)?,
    };
    node.fill_container_spans(text);
    if let Some((first, dup)) = node.find_duplicate_key() {
        return Err(YamlError {
            message: format!("duplicate key `{}`", &text[dup.clone()]),
            offset: dup.start,
            end: dup.end,
            first: Some(first),
            hint: None,
        });
    }
    Ok(node)
}

/// The limits front matter and config are read under.
fn budget() -> serde_saphyr::Budget {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = 200_000;
    budget.max_aliases = 200;
    budget.max_anchors = 200;
    // Each level costs stack in the recursive deserializer; front matter never needs
    // more than a handful, and 32 stays far from any thread's limit.
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = 100_000;
    budget.max_documents = 1;
    budget.max_recorded_anchor_events = 10_000;
    budget
}

/// The YAML parser's options under `budget`, as serde-saphyr sets them, so the direct
/// reader accepts exactly the syntax serde-saphyr does.
fn parser_options(budget: &serde_saphyr::Budget) -> granit_parser::Options {
    granit_parser::options! {
        simple_key_max_lookahead: budget.simple_key_max_lookahead,
        flow_nesting_limit: budget.flow_nesting_limit,
        block_nesting_limit: granit_parser::Options::default()
            .block_nesting_limit
            .max(budget.max_depth + 1),
        emit_comments: false,
    }
}

/// Reads `text` with serde-saphyr, which also explains every error.
fn read_with_serde_saphyr(text: &str, budget: serde_saphyr::Budget) -> Result<Node, YamlError> {
    let mut alias_limits = serde_saphyr::options::AliasLimits::default();
    alias_limits.max_total_replayed_events = 10_000;
    alias_limits.max_replay_stack_depth = 16;
    alias_limits.max_alias_expansions_per_anchor = 100;
    let options = serde_saphyr::options! {
        budget: Some(budget),
        alias_limits: alias_limits,
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::PassThrough,
        strict_booleans: true,
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let offset = e.location().map_or(0, |l| offset_of(text, &l));
        let message = plain_message(&e);
        if let Some(retold) = plain_words::retell(text, offset, &message) {
            return YamlError {
                message: retold.message,
                offset: retold.at.start,
                end: retold.at.end,
                first: None,
                hint: Some(retold.help),
            };
        }
        YamlError {
            message,
            offset,
            end: next_char_boundary(text, offset),
            first: None,
            hint: None,
        }
    })
}

impl YamlError {
    /// A hint for the YAML mistakes authors make most.
    pub fn help(&self) -> Option<&'static str> {
        let m = self.message.as_str();
        if self.hint.is_some() {
            self.hint
        } else if m.starts_with("lists and mappings nest") {
            Some("front matter holds short fields, lists and small records: flatten the structure")
        } else if m.starts_with("YAML aliases") {
            Some(
                "write the values out instead of repeating them with anchors and aliases (`&a`, `*a`)",
            )
        } else if m.contains("mapping values are not allowed") {
            Some(
                "a value that contains `: ` must be quoted, e.g. `title: \"Returns: self-service\"`",
            )
        } else if m.starts_with("duplicate key") {
            Some("each field may appear once; remove or merge the repeated one")
        } else if m.contains("found character that cannot start any token") {
            Some("a value starting with `@`, `` ` `` or `%` must be quoted")
        } else if m.contains("did not find expected") || m.contains("unclosed") {
            Some("check the indentation and that every quote and bracket is closed")
        } else {
            None
        }
    }
}

/// Byte offset of a location: its byte info when there is some, else its 1-based line
/// and character column (errors carry only those).
fn offset_of(text: &str, loc: &serde_saphyr::Location) -> usize {
    if let Some(offset) = loc.span().byte_offset() {
        return (offset as usize).min(text.len());
    }
    let line_start = text
        .split_inclusive('\n')
        .take((loc.line() as usize).saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let column = (loc.column() as usize).saturating_sub(1);
    text[line_start..]
        .char_indices()
        .nth(column)
        .map_or(text.len(), |(i, _)| line_start + i)
}

fn next_char_boundary(text: &str, offset: usize) -> usize {
    text[offset..]
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8())
}

/// The error under serde-saphyr's wrappers (a snippet, the alias it was met through).
fn innermost(mut e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    loop {
        match e {
            serde_saphyr::Error::WithSnippet { error, .. }
            | serde_saphyr::Error::AliasError { error, .. } => e = error,
            other => return other,
        }
    }
}

/// The error message without serde-saphyr's own snippet or "at line X" suffix: we render
/// positions ourselves, relative to the whole file.
fn plain_message(e: &serde_saphyr::Error) -> String {
    use serde_saphyr::budget::BudgetBreach;
    // Budget breaches print as Rust debug text; say what the author did instead.
    if let serde_saphyr::Error::Budget { breach, .. } = innermost(e) {
        return match breach {
            BudgetBreach::Depth { .. } => {
                format!("lists and mappings nest more than {MAX_DEPTH} levels deep")
            }
            BudgetBreach::Aliases { .. }
            | BudgetBreach::Anchors { .. }
            | BudgetBreach::AliasAnchorRatio { .. }
            | BudgetBreach::RecordedAnchorEvents { .. } => {
                "YAML aliases (`*name`) expand too far: front matter may not repeat anchors this much".to_owned()
            }
            _ => "the YAML is too large for front matter".to_owned(),
        };
    }
    let text = e.without_snippet().to_string();
    let first = text.lines().next().unwrap_or("invalid YAML").trim();
    let cut = first
        .find(" at line ")
        .map_or(first, |i| first[..i].trim_end_matches(','));
    cut.to_owned()
}

impl Node {
    /// Containers only know where they start; stretch them over their children so
    /// a diagnostic about a whole list underlines all of it.
    /// Flow collections (`[a, b]`, `{k: v}`) also take in their closing bracket.
    fn fill_container_spans(&mut self, text: &str) {
        let end = match &mut self.value {
            Value::Seq(items) => {
                items.iter_mut().for_each(|n| n.fill_container_spans(text));
                items.last().map(|n| n.span.end)
            }
            Value::Map(entries) => {
                entries.iter_mut().for_each(|(k, v)| {
                    k.fill_container_spans(text);
                    v.fill_container_spans(text);
                });
                entries.last().map(|(k, v)| v.span.end.max(k.span.end))
            }
            _ => return,
        };
        let mut end = end.unwrap_or(self.span.end).max(self.span.end);
        let closing = match text.as_bytes().get(self.span.start) {
            Some(b'[') => Some(b']'),
            Some(b'{') => Some(b'}'),
            _ => None,
        };
        if let Some(closing) = closing {
            let rest = &text.as_bytes()[end.min(text.len())..];
            let skip = rest
                .iter()
                .take_while(|b| b.is_ascii_whitespace() || **b == b',')
                .count();
            if rest.get(skip) == Some(&closing) {
                end += skip + 1;
            }
        }
        self.span.end = end;
    }

    /// The first key repeated within one mapping, anywhere in the tree:
    /// (first definition, repetition).
    fn find_duplicate_key(&self) -> Option<(Range<usize>, Range<usize>)> {
        match &self.value {
            Value::Seq(items) => items.iter().find_map(Node::find_duplicate_key),
            Value::Map(entries) => {
                for (i, (key, _)) in entries.iter().enumerate() {
                    if let Some((earlier, _)) =
                        entries[..i].iter().find(|(k, _)| k.value == key.value)
                    {
                        return Some((earlier.span.clone(), key.span.clone()));
                    }
                }
                entries.iter().find_map(|(_, v)| v.find_duplicate_key())
            }
            _ => None,
        }
    }
}

mod direct;
mod plain_words;
mod simple_block;

#[cfg(test)]
mod tests;
