//! Typed front-matter values, after checking against the kind's schema.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::Quarter;

/// A typed value with the byte range of its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub value: FieldValue,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Strings, text, persons, URLs, enum and status values.
    Text(String),
    Number(f64),
    Integer(i64),
    Bool(bool),
    Date(jiff::civil::Date),
    Quarter(Quarter),
    /// A canonical document ID (`PRD-12`); the reference itself is in `Document::refs`.
    Ref(String),
    List(Vec<Field>),
    Record(BTreeMap<String, Field>),
}

impl FieldValue {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(s) | FieldValue::Ref(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match *self {
            FieldValue::Number(n) => Some(n),
            FieldValue::Integer(i) => Some(i as f64),
            _ => None,
        }
    }

    /// The quarter a quarter or date value falls in.
    pub fn as_quarter(&self) -> Option<Quarter> {
        match *self {
            FieldValue::Quarter(q) => Some(q),
            FieldValue::Date(d) => Some(Quarter::of_date(d)),
            _ => None,
        }
    }

    /// The items of a list value (empty for anything else).
    pub fn items(&self) -> &[Field] {
        match self {
            FieldValue::List(items) => items,
            _ => &[],
        }
    }

    pub fn get(&self, key: &str) -> Option<&Field> {
        match self {
            FieldValue::Record(fields) => fields.get(key),
            _ => None,
        }
    }
}

impl std::fmt::Display for FieldValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldValue::Text(s) | FieldValue::Ref(s) => f.write_str(s),
            FieldValue::Number(n) => write!(f, "{n}"),
            FieldValue::Integer(i) => write!(f, "{i}"),
            FieldValue::Bool(b) => write!(f, "{b}"),
            FieldValue::Date(d) => write!(f, "{d}"),
            FieldValue::Quarter(q) => write!(f, "{q}"),
            FieldValue::List(items) => {
                let parts: Vec<String> = items.iter().map(|i| i.value.to_string()).collect();
                f.write_str(&parts.join(", "))
            }
            FieldValue::Record(fields) => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", v.value))
                    .collect();
                f.write_str(&parts.join(", "))
            }
        }
    }
}

/// Serializes to the natural JSON shape (strings, numbers, arrays, objects) for
/// templates and JSON output; spans are left out.
impl Serialize for FieldValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Text(t) | FieldValue::Ref(t) => s.serialize_str(t),
            FieldValue::Number(n) => s.serialize_f64(*n),
            FieldValue::Integer(i) => s.serialize_i64(*i),
            FieldValue::Bool(b) => s.serialize_bool(*b),
            FieldValue::Date(d) => s.collect_str(d),
            FieldValue::Quarter(q) => s.collect_str(q),
            FieldValue::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&item.value)?;
                }
                seq.end()
            }
            FieldValue::Record(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, &v.value)?;
                }
                map.end()
            }
        }
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}
