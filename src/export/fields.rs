//! A front-matter value as an export may show it: without references to hidden
//! documents, and without text naming one.

use serde_json::Value;

use crate::audience::Hidden;
use crate::model::FieldValue;

/// `value` as JSON, or `None` when it would reveal something `hidden` holds. A list
/// keeps its other items; a record (a roadmap item, a metric) that refers to a hidden
/// document goes whole, since its other values (a note, a quarter) are about it.
pub fn shown(value: &FieldValue, hidden: &Hidden) -> Option<Value> {
    match value {
        FieldValue::Ref(id) => (!hidden.id(id)).then(|| Value::String(id.clone())),
        FieldValue::Text(text) => (!hidden.named_in(text)).then(|| Value::String(text.clone())),
        FieldValue::List(items) => Some(Value::Array(
            items
                .iter()
                .filter_map(|i| shown(&i.value, hidden))
                .collect(),
        )),
        FieldValue::Record(fields) => fields
            .iter()
            .map(|(k, f)| Some((k.clone(), shown(&f.value, hidden)?)))
            .collect::<Option<serde_json::Map<_, _>>>()
            .map(Value::Object),
        // Numbers, booleans, dates and quarters name no document; serializing them
        // cannot fail (a non-finite number becomes null).
        other => Some(serde_json::to_value(other).unwrap_or(Value::Null)),
    }
}
