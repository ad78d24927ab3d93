//! What a listing may show of a document its policy shows: the fields the policy shows,
//! without references to documents it hides (confidential, not surely public, or not
//! for the listing's audience). A public roadmap's item on a confidential PRD carries a
//! note about it, so such an item is dropped whole, as the site drops it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::audience::Policy;
use crate::model::{Document, Field, FieldValue, Workspace};

/// `doc` as a listing under `policy` shows it: borrowed when it has no field the policy
/// hides and nothing in its fields points at a hidden document.
pub(super) fn visible<'a>(
    ws: &Workspace,
    doc: &'a Document,
    policy: &impl Policy,
) -> Cow<'a, Document> {
    let hidden = |id: &str| ws.by_id(id).is_some_and(|d| !policy.shows(d));
    let untouched = doc
        .fields
        .iter()
        .all(|(name, f)| policy.shows_field(name) && !mentions(&f.value, &hidden));
    if untouched {
        return Cow::Borrowed(doc);
    }
    let fields: BTreeMap<String, Field> = doc
        .fields
        .iter()
        .filter(|(name, _)| policy.shows_field(name))
        .filter_map(|(name, field)| Some((name.clone(), without(field, &hidden)?)))
        .collect();
    Cow::Owned(Document {
        fields,
        ..doc.clone()
    })
}

/// Whether a value refers to a hidden document anywhere inside it.
fn mentions(value: &FieldValue, hidden: &impl Fn(&str) -> bool) -> bool {
    match value {
        FieldValue::Ref(id) => hidden(id),
        FieldValue::List(items) => items.iter().any(|i| mentions(&i.value, hidden)),
        FieldValue::Record(fields) => fields.values().any(|f| mentions(&f.value, hidden)),
        _ => false,
    }
}

/// The field without what refers to hidden documents: list items that do are dropped,
/// and a scalar or record that does is dropped whole (`None`).
fn without(field: &Field, hidden: &impl Fn(&str) -> bool) -> Option<Field> {
    match &field.value {
        FieldValue::List(items) => Some(Field {
            value: FieldValue::List(
                items
                    .iter()
                    .filter(|i| !mentions(&i.value, hidden))
                    .cloned()
                    .collect(),
            ),
            span: field.span.clone(),
        }),
        value if mentions(value, hidden) => None,
        _ => Some(field.clone()),
    }
}
