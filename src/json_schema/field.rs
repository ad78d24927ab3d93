//! One field type → its JSON Schema, accepting exactly what typing accepts: any scalar
//! where text is expected, a single item or a comma-separated string where a list is,
//! `null` for an optional field (typing counts it as absent).

use serde_json::{Map, Value, json};

use crate::config::{Config, FieldSpec, FieldType, IdFormat, IdPattern};

/// Any YAML scalar: typing reads `title: 42` as the text `42`.
const SCALAR: [&str; 3] = ["string", "number", "boolean"];

/// The schema of a field; `nullable` for one that may be left empty.
pub fn field_schema(config: &Config, spec: &FieldSpec, nullable: bool) -> Value {
    let mut schema = type_schema(config, &spec.ty, spec);
    field_constraints(spec, &mut schema);
    if nullable {
        schema = json!({ "anyOf": [schema, { "type": "null" }] });
    }
    if let Some(description) = &spec.description
        && let Value::Object(map) = &mut schema
    {
        map.insert("description".into(), description.clone().into());
    }
    schema
}

/// Extension point: field-level constraints from the configuration. Bounds (`min`,
/// `max`) apply to numbers; patterns, lengths and the like join them here as
/// `FieldSpec` learns them.
fn field_constraints(spec: &FieldSpec, schema: &mut Value) {
    if !matches!(spec.ty, FieldType::Number | FieldType::Integer) {
        return;
    }
    let Value::Object(map) = schema else { return };
    if let Some(min) = spec.min {
        map.insert("minimum".into(), json!(min));
    }
    if let Some(max) = spec.max {
        map.insert("maximum".into(), json!(max));
    }
}

fn type_schema(config: &Config, ty: &FieldType, spec: &FieldSpec) -> Value {
    match ty {
        FieldType::String | FieldType::Text | FieldType::Person => json!({ "type": SCALAR }),
        FieldType::Url => json!({
            "type": "string",
            "pattern": "^(https?://|mailto:)[^\\s]+$",
        }),
        FieldType::Date => json!({
            "type": "string",
            "format": "date",
            "pattern": format!("^{}$", DATE),
        }),
        FieldType::Quarter => json!({ "type": "string", "pattern": format!("^{}$", QUARTER) }),
        FieldType::Number => json!({ "type": "number" }),
        FieldType::Integer => json!({ "type": "integer" }),
        FieldType::Bool => json!({ "type": "boolean" }),
        FieldType::Audience => names(config.audiences.keys()),
        FieldType::Enum(values) => names(values.iter()),
        FieldType::Status(values) => names(values.iter().map(|(v, _)| v)),
        FieldType::Ref(kinds) => reference(config, kinds),
        FieldType::List(item) => list(config, item, spec),
        FieldType::Record(fields) => {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for (name, field) in fields {
                properties.insert(name.clone(), field_schema(config, field, !field.required));
                if field.required {
                    required.push(Value::String(name.clone()));
                }
            }
            json!({
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": super::allows_unknown_fields(config),
            })
        }
        FieldType::OneOf(types) => json!({
            "anyOf": types.iter().map(|t| type_schema(config, t, spec)).collect::<Vec<_>>()
        }),
    }
}

const DATE: &str = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
const QUARTER: &str = "[0-9]{4}-[Qq][1-4]";

/// One of a list of names (enum values, statuses, audiences), as written.
fn names<'a>(values: impl Iterator<Item = &'a String>) -> Value {
    json!({ "enum": values.collect::<Vec<_>>() })
}

/// An ID of one of `kinds` (any kind when empty), maybe with `#anchor`: a string of the
/// kinds' ID patterns, or a whole number when one of them has integer IDs. A kind with
/// no pattern accepts any string.
fn reference(config: &Config, kinds: &[String]) -> Value {
    let mut schemas = vec![json!({
        "type": "string",
        "pattern": format!("^\\s*{}\\s*$", ref_atom(config, kinds)),
    })];
    if allowed(config, kinds).any(|k| k.id.format == IdFormat::Integer) {
        schemas.push(json!({ "type": "integer" }));
    }
    json!({ "anyOf": schemas })
}

fn allowed<'a>(
    config: &'a Config,
    kinds: &'a [String],
) -> impl Iterator<Item = &'a crate::config::KindSpec> {
    config
        .kinds
        .values()
        .filter(move |k| kinds.is_empty() || kinds.contains(&k.name))
        .map(|k| &**k)
}

/// The regular expression (unanchored) of one reference.
fn ref_atom(config: &Config, kinds: &[String]) -> String {
    let mut alternatives: Vec<String> = Vec::new();
    for kind in allowed(config, kinds) {
        match (&kind.id.pattern, kind.id.format) {
            (None, _) | (_, IdFormat::Path) => return "[^,#]+(#[^,]*)?".into(),
            (Some(pattern), IdFormat::String) => alternatives.push(pattern_atom(pattern)),
            (Some(pattern), IdFormat::Integer) => {
                alternatives.push(pattern_atom(pattern));
                alternatives.push("[0-9]+".into());
            }
        }
    }
    if alternatives.is_empty() {
        // A reference to a kind the config does not have types as written.
        return "[^,#]+(#[^,]*)?".into();
    }
    alternatives.sort();
    alternatives.dedup();
    format!("({})(#[^,]*)?", alternatives.join("|"))
}

/// `PRD-{n}` as a regular expression: its literal parts escaped, `{n}` as digits.
pub fn pattern_atom(pattern: &IdPattern) -> String {
    format!(
        "{}[0-9]+{}",
        regex_escape(&pattern.prefix),
        regex_escape(&pattern.suffix)
    )
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Only syntax characters: a needless escape (`\-`) is an error in the Unicode
        // mode editors compile patterns in.
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A list: a sequence (empty entries skipped), one item on its own, or for items that
/// split on commas, a comma-separated string of them.
fn list(config: &Config, item: &FieldType, spec: &FieldSpec) -> Value {
    let mut item_schema = type_schema(config, item, spec);
    field_constraints(spec, &mut item_schema);
    let mut choices = vec![
        json!({ "type": "array", "items": { "anyOf": [item_schema.clone(), { "type": "null" }] } }),
        item_schema,
    ];
    if item.splits_on_commas()
        && let Some(atom) = comma_atom(config, item)
    {
        // At least one comma: without one the string is a single item, above.
        choices.push(json!({
            "type": "string",
            "pattern": format!("^(\\s*({atom})?\\s*,)+\\s*({atom})?\\s*$"),
        }));
    }
    json!({ "anyOf": choices })
}

/// The regular expression (unanchored) of one item of a comma-separated list, for the
/// item types typing reads from a piece of text; numbers and booleans are not among them
/// (a piece is a string, which typing does not read as a number).
fn comma_atom(config: &Config, item: &FieldType) -> Option<String> {
    Some(match item {
        FieldType::String => "[^,]*".to_owned(),
        FieldType::Url => "(https?://|mailto:)[^\\s,]+".to_owned(),
        FieldType::Ref(kinds) => ref_atom(config, kinds),
        FieldType::Date => DATE.to_owned(),
        FieldType::Quarter => QUARTER.to_owned(),
        FieldType::Enum(values) => alternation(values.iter()),
        FieldType::Status(values) => alternation(values.iter().map(|(v, _)| v)),
        FieldType::Audience => alternation(config.audiences.keys()),
        FieldType::OneOf(types) => {
            let atoms: Option<Vec<String>> = types.iter().map(|t| comma_atom(config, t)).collect();
            format!("({})", atoms?.join("|"))
        }
        _ => return None,
    })
}

fn alternation<'a>(values: impl Iterator<Item = &'a String>) -> String {
    let escaped: Vec<String> = values.map(|v| regex_escape(v)).collect();
    format!("({})", escaped.join("|"))
}
