//! Reading spex.yaml nodes with diagnostics: every wrong shape or unknown key is
//! reported at its line, with a did-you-mean where one fits.

use std::ops::Range;

use crate::diag::{Diagnostic, Rule, Span, suggestion_help};
use crate::parse::yaml::{Node, Value};

/// Collects `config` diagnostics for one file while its nodes are read.
pub struct Reader<'a> {
    pub file: &'a str,
    pub diagnostics: Vec<Diagnostic>,
    /// Kind names used in `kinds:` of reference fields, checked once all kinds are known.
    pub kind_mentions: Vec<(String, Range<usize>)>,
    /// What this file sets, as JSON pointers into the effective configuration
    /// (`/kinds/prd/fields/jira`) with the span of the key that sets it.
    pub origins: Vec<(String, Range<usize>)>,
    /// Conditions of fields just decoded (`required_if: { status: … }`), checked against
    /// their sibling fields once all of those are known.
    pub conditions: Vec<PendingCondition>,
    /// Status names used under `rules:`, checked once all kinds are known.
    pub status_mentions: Vec<(String, Range<usize>)>,
}

/// A condition whose sibling field is not checked yet, with the spans to report at.
pub struct PendingCondition {
    /// The field that carries the condition.
    pub field: String,
    pub condition: super::schema::Condition,
    /// The sibling's name as written in the condition.
    pub sibling: Range<usize>,
    /// Each compared value as written.
    pub values: Vec<Range<usize>>,
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a str) -> Reader<'a> {
        Reader {
            file,
            diagnostics: Vec::new(),
            kind_mentions: Vec::new(),
            origins: Vec::new(),
            conditions: Vec::new(),
            status_mentions: Vec::new(),
        }
    }

    /// Records that this file sets `pointer` (see [`Reader::origins`]) at `key`.
    pub fn set_at(&mut self, pointer: String, key: &Node) {
        self.origins.push((pointer, key.span.clone()));
    }

    pub fn error(&mut self, range: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic::new(
            Rule::Config,
            message,
            Span::new(self.file, range),
        ));
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// The entries of a mapping, reporting anything else. Null reads as empty.
    pub fn map<'n>(&mut self, node: &'n Node, what: &str) -> &'n [(Node, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            other => {
                let found = other.type_name();
                self.error(
                    node.span.clone(),
                    format!("{what} must be a mapping, found {found}"),
                );
                &[]
            }
        }
    }

    /// The entries of a mapping whose keys must be among `allowed`.
    pub fn keyed<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Vec<(&'n str, &'n Node)> {
        self.keyed_entries(node, what, allowed)
            .into_iter()
            .map(|(name, _, value)| (name, value))
            .collect()
    }

    /// Like [`Reader::keyed`], with each key's node (for where a setting was made).
    pub fn keyed_entries<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Vec<(&'n str, &'n Node, &'n Node)> {
        let mut out = Vec::new();
        for (key, value) in self.map(node, what) {
            let Some(name) = self.key(key) else { continue };
            if allowed.contains(&name) {
                out.push((name, key, value));
            } else {
                let help = suggestion_help(name, allowed.iter().copied()).unwrap_or_else(|| {
                    format!("the keys allowed here are: {}", allowed.join(", "))
                });
                self.error(key.span.clone(), format!("unknown key `{name}` in {what}"))
                    .help = Some(help);
            }
        }
        out
    }

    /// A mapping key as text; keys must be strings.
    pub fn key<'n>(&mut self, key: &'n Node) -> Option<&'n str> {
        match &key.value {
            Value::Str(s) => Some(s),
            other => {
                let found = other.type_name();
                self.error(
                    key.span.clone(),
                    format!("keys must be strings, found {found}"),
                );
                None
            }
        }
    }

    pub fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => node.value.scalar_text(),
            other => {
                let found = other.type_name();
                self.error(
                    node.span.clone(),
                    format!("{what} must be a string, found {found}"),
                );
                None
            }
        }
    }

    /// A list of strings; a single string is accepted as a list of one.
    pub fn strings(&mut self, node: &Node, what: &str) -> Vec<(String, Range<usize>)> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| self.string(item, what).map(|s| (s, item.span.clone())))
                .collect(),
            Value::Null => Vec::new(),
            _ => self
                .string(node, what)
                .map(|s| (s, node.span.clone()))
                .into_iter()
                .collect(),
        }
    }

    pub fn bool(&mut self, node: &Node, what: &str) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            ref other => {
                let found = other.type_name();
                self.error(
                    node.span.clone(),
                    format!("{what} must be true or false, found {found}"),
                );
                None
            }
        }
    }

    pub fn number(&mut self, node: &Node, what: &str) -> Option<f64> {
        match node.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            ref other => {
                let found = other.type_name();
                self.error(
                    node.span.clone(),
                    format!("{what} must be a number, found {found}"),
                );
                None
            }
        }
    }

    /// A string that must be one of `allowed`, with a did-you-mean when it is not.
    pub fn one_of<T>(
        &mut self,
        node: &Node,
        what: &str,
        allowed: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.string(node, what)?;
        if let Some(v) = parse(&text) {
            return Some(v);
        }
        let help = suggestion_help(&text, allowed.iter().copied())
            .unwrap_or_else(|| format!("expected one of: {}", allowed.join(", ")));
        self.error(node.span.clone(), format!("invalid {what} `{text}`"))
            .help = Some(help);
        None
    }
}

/// A JSON pointer (RFC 6901) from its parts: `["kinds", "prd"]` → `/kinds/prd`.
pub fn pointer(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| format!("/{}", p.replace('~', "~0").replace('/', "~1")))
        .collect()
}
