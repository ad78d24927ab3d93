//! Decoding a field declaration: `title: string`, `target: quarter | date`, or a mapping
//! `{ type: refs, kinds: [prd], required: true }`.

use std::collections::BTreeMap;

use super::condition::{check_conditions, decode_condition};
use super::reader::Reader;
use super::schema::{Effect, FieldPattern, FieldSpec, FieldType, Phase};
use crate::parse::yaml::{Node, Value};

const TYPE_NAMES: [&str; 16] = [
    "string", "text", "person", "url", "date", "quarter", "number", "integer", "bool", "audience",
    "enum", "status", "ref", "refs", "list", "record",
];

const FIELD_KEYS: [&str; 23] = [
    "type",
    "required",
    "values",
    "kinds",
    "items",
    "fields",
    "dependency",
    "allow_inactive",
    "min",
    "max",
    "description",
    "required_if",
    "required_unless",
    "forbidden_if",
    "forbidden_unless",
    "pattern",
    "min_length",
    "max_length",
    "sorted",
    "unique",
    "min_items",
    "max_items",
    "placeholders",
];

/// A field declaration. Kind names in `kinds:` are checked later, once all kinds are known.
pub fn decode_field(r: &mut Reader, node: &Node, field: &str) -> Option<FieldSpec> {
    if let Value::Str(expr) = &node.value {
        return scalar_type_expr(r, node, expr, field).map(FieldSpec::of);
    }
    let what = format!("field `{field}`");
    let entries = r.keyed(node, &what, &FIELD_KEYS);
    let get = |key: &str| entries.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let Some(type_node) = get("type") else {
        r.error(node.span.clone(), format!("{what} has no `type`"))
            .help = Some(format!("types: {}", TYPE_NAMES.join(", ")));
        return None;
    };
    let type_name = r.string(type_node, "a field type")?;
    let ty = match type_name.as_str() {
        "enum" => FieldType::Enum(enum_values(r, get("values"), node, &what)?),
        "status" => FieldType::Status(status_values(r, get("values"), node, &what)?),
        "ref" => FieldType::Ref(kind_names(r, get("kinds"))),
        "refs" => FieldType::List(Box::new(FieldType::Ref(kind_names(r, get("kinds"))))),
        "list" => {
            let Some(items) = get("items") else {
                r.error(
                    node.span.clone(),
                    format!("{what} is a list but has no `items`"),
                );
                return None;
            };
            FieldType::List(Box::new(decode_field(r, items, field)?.ty))
        }
        "record" => {
            let mark = r.conditions.len();
            let fields = record_fields(r, get("fields"), field);
            check_conditions(r, mark, &fields);
            FieldType::Record(fields)
        }
        _ => scalar_type_expr(r, type_node, &type_name, field)?,
    };
    let mut spec = FieldSpec::of(ty);
    for (key, value) in &entries {
        apply_setting(r, &mut spec, key, value, field);
    }
    check_constraints_fit(r, &entries, &spec, field);
    refuse_required_twice(r, node, &spec, field);
    Some(spec)
}

/// Applies one setting of a field declaration (`required`, `pattern`, `min_items`, …) to
/// `spec`; `type`, `values`, `items`, `kinds` and `fields` were read with the type.
fn apply_setting(r: &mut Reader, spec: &mut FieldSpec, key: &str, value: &Node, field: &str) {
    match key {
        "required" => spec.required = r.bool(value, "`required`").unwrap_or(false),
        "dependency" => spec.dependency = r.bool(value, "`dependency`").unwrap_or(false),
        "allow_inactive" => {
            spec.allow_inactive = r.bool(value, "`allow_inactive`").unwrap_or(false)
        }
        "min" => spec.min = r.number(value, "`min`"),
        "max" => spec.max = r.number(value, "`max`"),
        "description" => spec.description = r.string(value, "`description`"),
        "pattern" => {
            if let Some(source) = r.string(value, "`pattern`") {
                match FieldPattern::new(&source) {
                    Ok(p) => spec.pattern = Some(p),
                    Err(why) => {
                        r.error(
                            value.span.clone(),
                            format!("field `{field}`: invalid pattern `{source}`"),
                        )
                        .help = Some(last_line(&why));
                    }
                }
            }
        }
        "min_length" => spec.min_length = count(r, value, "`min_length`"),
        "max_length" => spec.max_length = count(r, value, "`max_length`"),
        "sorted" => spec.sorted = r.bool(value, "`sorted`").unwrap_or(false),
        "unique" => spec.unique = r.bool(value, "`unique`").unwrap_or(false),
        "min_items" => spec.min_items = count(r, value, "`min_items`"),
        "max_items" => spec.max_items = count(r, value, "`max_items`"),
        "placeholders" => {
            spec.placeholders = r
                .strings(value, "a placeholder")
                .into_iter()
                .map(|(s, _)| s)
                .collect();
        }
        "required_if" | "required_unless" | "forbidden_if" | "forbidden_unless" => {
            spec.conditions
                .extend(decode_condition(r, key, value, field));
        }
        _ => {}
    }
}

/// `required: true` beside a conditional requirement says two different things.
fn refuse_required_twice(r: &mut Reader, node: &Node, spec: &FieldSpec, field: &str) {
    if spec.required
        && let Some(conditional) = spec
            .conditions
            .iter()
            .find(|c| c.effect == Effect::Required)
    {
        r.error(
            node.span.clone(),
            format!(
                "field `{field}` is both `required: true` and `{}`",
                conditional.key()
            ),
        )
        .help = Some("`required: true` requires it always: keep one of the two".into());
    }
}

/// A whole number of at least 0 (`min_length: 3`).
fn count(r: &mut Reader, node: &Node, what: &str) -> Option<usize> {
    let n = r.number(node, what)?;
    if n >= 0.0 && n.fract() == 0.0 {
        Some(n as usize)
    } else {
        r.error(
            node.span.clone(),
            format!("{what} must be a whole number, at least 0"),
        );
        None
    }
}

/// Constraints that cannot apply to the field's type are config errors, not silence.
fn check_constraints_fit(r: &mut Reader, entries: &[(&str, &Node)], spec: &FieldSpec, field: &str) {
    let at = |key: &str| {
        entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.span.clone())
    };
    let item = match &spec.ty {
        FieldType::List(item) => item.as_ref(),
        other => other,
    };
    let textual = !matches!(
        item,
        FieldType::Number | FieldType::Integer | FieldType::Bool | FieldType::Record(_)
    );
    for key in ["pattern", "min_length", "max_length", "placeholders"] {
        if let Some(span) = at(key)
            && !textual
        {
            r.error(
                span,
                format!(
                    "field `{field}`: `{key}` applies to text, not to {}",
                    spec.ty.describe()
                ),
            );
        }
    }
    for key in ["sorted", "unique", "min_items", "max_items"] {
        if let Some(span) = at(key)
            && !matches!(spec.ty, FieldType::List(_))
        {
            r.error(
                span,
                format!("field `{field}`: `{key}` applies to lists only"),
            )
            .help = Some(format!("`{field}` is {}", spec.ty.describe()));
        }
    }
    // Records have no written value to compare or sort by.
    let of_records =
        matches!(&spec.ty, FieldType::List(item) if matches!(**item, FieldType::Record(_)));
    for key in ["sorted", "unique"] {
        if let Some(span) = at(key)
            && of_records
        {
            r.error(
                span,
                format!("field `{field}`: `{key}` applies to lists of values, not of mappings"),
            );
        }
    }
    for (min, max, min_key, max_key) in [
        (spec.min_length, spec.max_length, "min_length", "max_length"),
        (spec.min_items, spec.max_items, "min_items", "max_items"),
    ] {
        if let (Some(min), Some(max)) = (min, max)
            && min > max
            && let Some(span) = at(min_key)
        {
            r.error(
                span,
                format!("field `{field}`: `{min_key}` {min} is above `{max_key}` {max}"),
            );
        }
    }
}

/// A regex syntax error ends with its reason (`error: unclosed character class`); the
/// lines before repeat the pattern with a caret.
fn last_line(text: &str) -> String {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Record fields: `fields: { name: string, target: number }`.
pub fn record_fields(
    r: &mut Reader,
    node: Option<&Node>,
    parent: &str,
) -> BTreeMap<String, FieldSpec> {
    let mut fields = BTreeMap::new();
    let Some(node) = node else { return fields };
    for (key, value) in r.map(node, &format!("the fields of `{parent}`")) {
        let Some(name) = r.key(key) else { continue };
        if let Some(spec) = decode_field(r, value, name) {
            fields.insert(name.to_owned(), spec);
        }
    }
    fields
}

/// `string`, `date`, or alternatives such as `quarter | date`.
fn scalar_type_expr(r: &mut Reader, node: &Node, expr: &str, field: &str) -> Option<FieldType> {
    let mut types = Vec::new();
    for part in expr.split('|').map(str::trim) {
        let ty = match part {
            "string" => FieldType::String,
            "text" => FieldType::Text,
            "person" => FieldType::Person,
            "url" => FieldType::Url,
            "date" => FieldType::Date,
            "quarter" => FieldType::Quarter,
            "number" => FieldType::Number,
            "integer" => FieldType::Integer,
            "bool" => FieldType::Bool,
            "audience" => FieldType::Audience,
            "ref" => FieldType::Ref(Vec::new()),
            "refs" => FieldType::List(Box::new(FieldType::Ref(Vec::new()))),
            "enum" | "status" | "list" | "record" => {
                r.error(
                    node.span.clone(),
                    format!("field `{field}`: type `{part}` needs more than a name"),
                )
                .help = Some(match part {
                    "enum" => "write `{ type: enum, values: [a, b] }`".into(),
                    "status" => "write `{ type: status, values: { draft: proposed } }`".into(),
                    "list" => "write `{ type: list, items: string }`".into(),
                    _ => "write `{ type: record, fields: { name: string } }`".into(),
                });
                return None;
            }
            unknown => {
                let help = super::super::diag::suggestion_help(unknown, TYPE_NAMES)
                    .unwrap_or_else(|| format!("types: {}", TYPE_NAMES.join(", ")));
                r.error(
                    node.span.clone(),
                    format!("field `{field}`: unknown type `{unknown}`"),
                )
                .help = Some(help);
                return None;
            }
        };
        types.push(ty);
    }
    if types.len() == 1 {
        types.pop()
    } else {
        Some(FieldType::OneOf(types))
    }
}

fn enum_values(
    r: &mut Reader,
    node: Option<&Node>,
    field_node: &Node,
    what: &str,
) -> Option<Vec<String>> {
    let Some(node) = node else {
        r.error(
            field_node.span.clone(),
            format!("{what} is an enum but has no `values`"),
        );
        return None;
    };
    Some(
        r.strings(node, "an enum value")
            .into_iter()
            .map(|(s, _)| s)
            .collect(),
    )
}

fn status_values(
    r: &mut Reader,
    node: Option<&Node>,
    field_node: &Node,
    what: &str,
) -> Option<Vec<(String, Phase)>> {
    let Some(node) = node else {
        r.error(
            field_node.span.clone(),
            format!("{what} is a status but has no `values`"),
        )
        .help = Some(
            "map each status to its phase: proposed, committed, started, done or inactive".into(),
        );
        return None;
    };
    let mut values = Vec::new();
    for (key, phase) in r.map(node, "status values") {
        let Some(status) = r.key(key) else { continue };
        if let Some(phase) = r.one_of(phase, "phase", &Phase::NAMES, Phase::parse) {
            values.push((status.to_owned(), phase));
        }
    }
    Some(values)
}

/// Kind names are kept with no check here; `decode` checks them against all kinds.
fn kind_names(r: &mut Reader, node: Option<&Node>) -> Vec<String> {
    let names = node
        .map(|n| r.strings(n, "a kind name"))
        .unwrap_or_default();
    r.kind_mentions.extend(names.iter().cloned());
    names.into_iter().map(|(s, _)| s).collect()
}
