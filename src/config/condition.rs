//! Decoding conditional requirements: `required_if: { status: Last Call }`,
//! `required_unless`, `forbidden_if` and `forbidden_unless` on a field declaration
//! (eipw's `preamble-required-if-eq`, in both directions). The sibling field a condition
//! reads is checked once every sibling is known ([`check_conditions`]).

use std::collections::BTreeMap;

use super::reader::{PendingCondition, Reader};
use super::schema::{Condition, Effect, FieldSpec, FieldType};
use crate::diag::suggestion_help;
use crate::parse::yaml::Node;

/// The four keys, with what each declares.
pub const CONDITION_KEYS: [(&str, Effect, bool); 4] = [
    ("required_if", Effect::Required, false),
    ("required_unless", Effect::Required, true),
    ("forbidden_if", Effect::Forbidden, false),
    ("forbidden_unless", Effect::Forbidden, true),
];

/// One condition: a mapping with one sibling field and its value (or list of values).
/// `field` is the field that carries it, empty for a kind's `sections`.
pub fn decode_condition(r: &mut Reader, key: &str, node: &Node, field: &str) -> Option<Condition> {
    let (_, effect, unless) = CONDITION_KEYS.iter().find(|(k, _, _)| *k == key)?;
    let what = format!("`{key}` of {}", owner(field));
    let entries = r.map(node, &what);
    let [(sibling_node, values_node)] = entries else {
        if !entries.is_empty() || matches!(node.value, crate::parse::yaml::Value::Null) {
            r.error(
                node.span.clone(),
                format!("{what} must name exactly one field and its value"),
            )
            .help = Some(format!(
                "write `{key}: {{ status: Last Call }}`, or a list of values: `{key}: {{ status: [Withdrawn, Stagnant] }}`"
            ));
        }
        return None;
    };
    let sibling = r.key(sibling_node)?.to_owned();
    let values = r.strings(values_node, "a value");
    if values.is_empty() {
        r.error(
            values_node.span.clone(),
            format!("{what} compares `{sibling}` with no value"),
        )
        .help = Some(format!(
            "write the value that decides it: `{key}: {{ {sibling}: … }}`"
        ));
        return None;
    }
    let condition = Condition {
        effect: *effect,
        unless: *unless,
        field: sibling,
        values: values.iter().map(|(v, _)| v.clone()).collect(),
    };
    r.conditions.push(PendingCondition {
        field: field.to_owned(),
        condition: condition.clone(),
        sibling: sibling_node.span.clone(),
        values: values.into_iter().map(|(_, span)| span).collect(),
    });
    Some(condition)
}

/// Checks the conditions decoded since `mark` against `fields`, their siblings: the
/// field each reads must exist, and must be able to hold the values it is compared with.
pub fn check_conditions(r: &mut Reader, mark: usize, fields: &BTreeMap<String, FieldSpec>) {
    if mark > r.conditions.len() {
        return;
    }
    for pending in r.conditions.split_off(mark) {
        let sibling = &pending.condition.field;
        if !pending.field.is_empty() && *sibling == pending.field {
            r.error(
                pending.sibling.clone(),
                format!("field `{sibling}` cannot depend on its own value"),
            );
            continue;
        }
        let Some(spec) = fields.get(sibling) else {
            let help = suggestion_help(sibling, fields.keys().map(String::as_str))
                .unwrap_or_else(|| format!("the fields here are: {}", field_names(fields)));
            r.error(
                pending.sibling.clone(),
                format!(
                    "`{}` of {} reads an unknown field `{sibling}`",
                    pending.condition.key(),
                    owner(&pending.field)
                ),
            )
            .help = Some(help);
            continue;
        };
        let allowed: Vec<&str> = match &spec.ty {
            FieldType::Enum(values) => values.iter().map(String::as_str).collect(),
            FieldType::Status(values) => values.iter().map(|(v, _)| v.as_str()).collect(),
            _ => continue,
        };
        for (value, span) in pending.condition.values.iter().zip(&pending.values) {
            if !allowed.contains(&value.as_str()) {
                let help = suggestion_help(value, allowed.iter().copied())
                    .unwrap_or_else(|| format!("`{sibling}` is one of: {}", allowed.join(", ")));
                r.error(
                    span.clone(),
                    format!("`{sibling}` can never be `{value}`: the condition never holds"),
                )
                .help = Some(help);
            }
        }
    }
}

/// What carries a condition, for messages: `field \`title\`` or `` `sections` ``.
fn owner(field: &str) -> String {
    match field {
        "" => "`sections`".into(),
        field => format!("field `{field}`"),
    }
}

fn field_names(fields: &BTreeMap<String, FieldSpec>) -> String {
    fields
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}
