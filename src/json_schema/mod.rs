//! JSON Schemas (draft 2020-12) of each kind's front matter, generated from the same
//! [`Config`] that typing reads (`src/resolve/typing.rs`), so an editor's schema and
//! `spex check` agree: what the schema rejects, typing reports; what typing accepts, the
//! schema accepts. Config → one `serde_json::Value` per kind; no documents involved.
//!
//! A few checks are beyond a schema and stay with `spex check`: whether a referenced ID
//! exists, calendar validity of a date (the schema says `"format": "date"`, which a
//! validator asserts only when asked), and the cross-document rules.

mod field;

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::config::{Config, IdFormat, KindSpec};
use crate::diag::{Level, Rule};

pub use field::field_schema;

/// The dialect every schema names.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Every kind's schema, by kind name.
pub fn kind_schemas(config: &Config) -> BTreeMap<String, Value> {
    config
        .kinds
        .values()
        .map(|kind| (kind.name.clone(), kind_schema(config, kind)))
        .collect()
}

/// The schema of one kind's front matter: its ID field, `kind`, and its declared fields.
///
/// Extension point: kind-level constraints the configuration may declare (conditional
/// requirements such as "`target` is required once `status` is `approved`") become
/// `allOf` entries of `if`/`then` subschemas, added at the end of this function; the
/// field-level ones (bounds, patterns, lengths) go in `field_constraints`
/// (`src/json_schema/field.rs`).
pub fn kind_schema(config: &Config, kind: &KindSpec) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    properties.insert("kind".into(), json!({ "const": kind.name }));
    // A kind identified by path has no ID field to describe.
    if let Some(schema) = id_schema(kind) {
        required.push(Value::String(kind.id.field.clone()));
        properties.insert(kind.id.field.clone(), schema);
    }
    for (name, spec) in &kind.fields {
        properties.insert(
            name.clone(),
            field::field_schema(config, spec, !spec.required),
        );
        if spec.required {
            required.push(Value::String(name.clone()));
        }
    }
    let mut schema = Map::new();
    schema.insert("$schema".into(), DIALECT.into());
    schema.insert(
        "title".into(),
        format!("spex {} front matter", kind.name).into(),
    );
    if let Some(description) = &kind.description {
        schema.insert("description".into(), description.clone().into());
    }
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), Value::Object(properties));
    schema.insert("required".into(), Value::Array(required));
    schema.insert(
        "additionalProperties".into(),
        allows_unknown_fields(config).into(),
    );
    Value::Object(schema)
}

/// Whether keys a kind does not declare are accepted: only when the workspace turns
/// `unknown-field` off. At any other level `spex check` reports them, and so does the
/// schema.
pub fn allows_unknown_fields(config: &Config) -> bool {
    config.rule_level(Rule::UnknownField) == Level::Allow
}

/// The ID field (none for a kind identified by path): a string of the kind's pattern, or a whole number for integer IDs.
fn id_schema(kind: &KindSpec) -> Option<Value> {
    Some(match (kind.id.format, &kind.id.pattern) {
        (IdFormat::Path, _) => return None,
        (IdFormat::Integer, _) => json!({
            "description": format!("The {} ID: a whole number.", kind.name),
            "anyOf": [
                { "type": "integer", "minimum": 0 },
                { "type": "string", "pattern": "^\\s*\\+?[0-9]+\\s*$" }
            ]
        }),
        (IdFormat::String, Some(pattern)) => json!({
            "description": format!("The {} ID, `{pattern}`.", kind.name),
            "type": "string",
            "pattern": format!("^\\s*{}\\s*$", field::pattern_atom(pattern)),
        }),
        (IdFormat::String, None) => json!({
            "description": format!("The {} ID.", kind.name),
            "type": ["string", "number", "boolean"]
        }),
    })
}

#[cfg(test)]
mod tests;
