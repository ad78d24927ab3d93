//! Decoding `kinds:` in spex.yaml (and the built-in kinds, in the same syntax): a new
//! kind, a built-in one extended, or one that starts from another (`extends:`), with
//! its ID rule, paths, fields and document conventions.

use std::collections::BTreeMap;
use std::sync::Arc;

use globset::GlobSet;

use super::condition::{check_conditions, decode_condition};
use super::decode::glob_set;
use super::field_spec::record_fields;
use super::reader::{Reader, pointer};
use super::schema::{Condition, FieldSpec, FieldType, IdFormat, IdPattern, IdSpec, KindSpec, Role};
use crate::diag::suggestion_help;
use crate::parse::yaml::{Node, Value};

const KIND_KEYS: [&str; 13] = [
    "description",
    "label",
    "index",
    "role",
    "extends",
    "id",
    "paths",
    "fields",
    "remove",
    "file_name",
    "field_order",
    "sections",
    "title",
];
const ID_KEYS: [&str; 3] = ["field", "format", "pattern"];
/// Decodes `kinds:`. A kind named like one already in `kinds` (a built-in one, when
/// this is a workspace's spex.yaml) extends it: its fields merge into that kind's.
pub(super) fn decode_kinds(
    r: &mut Reader,
    node: &Node,
    kinds: &mut BTreeMap<String, Arc<KindSpec>>,
) {
    for (key, value) in r.map(node, "`kinds`") {
        let Some(name) = r.key(key) else { continue };
        if !is_kind_name(name) {
            r.error(key.span.clone(), format!("invalid kind name `{name}`"))
                .help = Some("use lowercase letters, digits, `-` and `_`".into());
            continue;
        }
        r.set_at(pointer(&["kinds", name]), key);
        if let Some(kind) = decode_kind(r, name, value, kinds) {
            kinds.insert(name.to_owned(), Arc::new(kind));
        }
    }
}

fn is_kind_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// One kind: a new one, one extending the same-named kind in `known`, or one that
/// starts from another kind's fields (`extends:`).
fn decode_kind(
    r: &mut Reader,
    name: &str,
    node: &Node,
    known: &BTreeMap<String, Arc<KindSpec>>,
) -> Option<KindSpec> {
    let what = format!("kind `{name}`");
    let entries = r.keyed_entries(node, &what, &KIND_KEYS);
    let mut kind = match known.get(name) {
        Some(same_name) => (**same_name).clone(),
        None => new_kind(name),
    };
    if let Some((_, key, value)) = entries.iter().find(|(k, _, _)| *k == "extends") {
        r.set_at(pointer(&["kinds", name, "extends"]), key);
        extend(r, &mut kind, value, known);
    }
    let mut removed = Vec::new();
    let mut field_order = Vec::new();
    let mut index = None;
    let mut title = None;
    let conditions_mark = r.conditions.len();
    for (key, key_node, value) in &entries {
        r.set_at(pointer(&["kinds", name, key]), key_node);
        match *key {
            "description" => kind.description = r.string(value, "`description`"),
            "label" => kind.label = r.string(value, "`label`"),
            "index" => index = Some(r.strings(value, "a column name")),
            "role" => kind.role = r.one_of(value, "role", &Role::NAMES, Role::parse),
            "id" => kind.id = decode_id(r, value, &what, kind.id.clone())?,
            "paths" => (kind.path_globs, kind.paths) = glob_set(r, value, "a path glob"),
            "fields" => merge_fields(r, &mut kind, value),
            "remove" => removed = r.strings(value, "a field name"),
            "file_name" => kind.file_name = decode_file_name(r, value),
            "field_order" => field_order = r.strings(value, "a field name"),
            "sections" => {
                (kind.sections, kind.sections_ordered, kind.sections_when) =
                    decode_sections(r, value, &what);
            }
            "title" => title = Some(*value),
            _ => {}
        }
    }
    let declared = entries
        .iter()
        .find(|(k, _, _)| *k == "fields")
        .map(|(_, _, v)| *v);
    remove_fields(r, &mut kind, &removed, declared);
    check_conditions(r, conditions_mark, &kind.fields);
    if !field_order.is_empty() {
        kind.field_order = decode_field_order(r, &kind, field_order);
    }
    if let Some(columns) = index {
        kind.index = decode_index(r, &kind, columns);
    }
    if let Some(value) = title {
        decode_title(r, &mut kind, value);
    }
    // Any document can be confidential: a kind that does not declare the field still
    // accepts it, so `confidential: true` on a decision is honoured and not reported
    // as an unknown field (the audience policy reads it from every kind).
    kind.fields
        .entry("confidential".into())
        .or_insert_with(|| FieldSpec::of(FieldType::Bool));
    Some(kind)
}

/// A kind as a workspace starts it: no fields, IDs in an `id` field, no paths.
fn new_kind(name: &str) -> KindSpec {
    KindSpec {
        name: name.to_owned(),
        role: None,
        extends: None,
        removed: Vec::new(),
        description: None,
        id: IdSpec {
            field: "id".into(),
            format: IdFormat::String,
            pattern: None,
        },
        path_globs: Vec::new(),
        paths: GlobSet::empty(),
        fields: BTreeMap::new(),
        file_name: None,
        field_order: Vec::new(),
        sections: Vec::new(),
        sections_ordered: false,
        sections_when: Vec::new(),
        title_from_heading: false,
        title_field: "title".into(),
        label: None,
        index: Vec::new(),
    }
}

/// `fields:` of a kind: each declared field added, or replacing the one of the same name.
fn merge_fields(r: &mut Reader, kind: &mut KindSpec, value: &Node) {
    let name = kind.name.clone();
    for (field, spec) in record_fields(r, Some(value), &name) {
        kind.fields.insert(field, spec);
    }
    for (field_key, _) in r.map(value, "fields") {
        if let Some(field) = field_key.value.scalar_text() {
            r.set_at(pointer(&["kinds", &name, "fields", &field]), field_key);
        }
    }
}

/// `title: heading | field | <field name>`: where the display title comes from. The
/// first heading; the `title` field (`field`); or a field of the repository's own name
/// (`title: headline`), which must be a field of the kind. Decoded after `fields:`.
fn decode_title(r: &mut Reader, kind: &mut KindSpec, value: &Node) {
    let Some(text) = r.string(value, "`title`") else {
        return;
    };
    match text.as_str() {
        "heading" => kind.title_from_heading = true,
        "field" => {
            kind.title_from_heading = false;
            kind.title_field = "title".into();
        }
        name if kind.fields.contains_key(name) => {
            kind.title_from_heading = false;
            kind.title_field = name.to_owned();
        }
        name => {
            let candidates = kind.fields.keys().map(String::as_str);
            let help = suggestion_help(name, candidates).unwrap_or_else(|| {
                "declare it under `fields:`, or use `heading` (the first `# heading`)".into()
            });
            r.error(
                value.span.clone(),
                format!(
                    "`title` is `heading`, `field` or a field of kind `{}`, found `{name}`",
                    kind.name
                ),
            )
            .help = Some(help);
        }
    }
}

/// `extends: prd`: a new kind starts with another kind's fields and description; its
/// ID, paths and role stay its own (two kinds claiming the same files or IDs would
/// fight over them).
fn extend(
    r: &mut Reader,
    kind: &mut KindSpec,
    node: &Node,
    known: &BTreeMap<String, Arc<KindSpec>>,
) {
    let Some(base_name) = r.string(node, "`extends`") else {
        return;
    };
    if known.contains_key(&kind.name) {
        r.error(
            node.span.clone(),
            format!(
                "kind `{}` already extends the built-in `{}`: `extends` is for new kinds",
                kind.name, kind.name
            ),
        )
        .help =
            Some("remove `extends`; the fields you declare merge into the built-in ones".into());
        return;
    }
    let Some(base) = known.get(&base_name) else {
        let help =
            suggestion_help(&base_name, known.keys().map(String::as_str)).unwrap_or_else(|| {
                "a kind can extend a built-in kind or one defined above it in spex.yaml".into()
            });
        r.error(
            node.span.clone(),
            format!("`extends`: unknown kind `{base_name}`"),
        )
        .help = Some(help);
        return;
    };
    kind.fields = base.fields.clone();
    kind.description = base.description.clone();
    kind.extends = Some(base_name);
}

/// `sections: [Summary, Motivation]`, or `sections: { required: [...], ordered: true }`.
fn decode_sections(r: &mut Reader, node: &Node, what: &str) -> (Vec<String>, bool, Vec<Condition>) {
    let mut when = Vec::new();
    let (list, ordered) = match &node.value {
        Value::Map(_) => {
            let mut list = None;
            let mut ordered = false;
            for (key, value) in r.keyed(
                node,
                &format!("`sections` of {what}"),
                &["required", "ordered", "required_if", "required_unless"],
            ) {
                match key {
                    "required" => list = Some(value),
                    "ordered" => ordered = r.bool(value, "`ordered`").unwrap_or(false),
                    "required_if" | "required_unless" => {
                        when.extend(decode_condition(r, key, value, ""));
                    }
                    _ => {}
                }
            }
            let Some(list) = list else {
                r.error(
                    node.span.clone(),
                    format!("`sections` of {what} has no `required` list"),
                )
                .help = Some(
                    "write `sections: { required: [Summary, Motivation], ordered: true }`".into(),
                );
                return (Vec::new(), false, Vec::new());
            };
            (list, ordered)
        }
        _ => (node, false),
    };
    let mut sections: Vec<String> = Vec::new();
    for (name, range) in r.strings(list, "a section heading") {
        let name = name.trim().to_owned();
        if name.is_empty() {
            r.error(range, "a required section needs a heading text");
        } else if sections.iter().any(|s| s.eq_ignore_ascii_case(&name)) {
            r.error(
                range,
                format!("section `{name}` is listed twice (headings match in any case)"),
            );
        } else {
            sections.push(name);
        }
    }
    (sections, ordered, when)
}

/// `file_name: "eip-{id}.md"`: it must say where the ID goes.
fn decode_file_name(r: &mut Reader, node: &Node) -> Option<String> {
    let template = r.string(node, "`file_name`")?;
    if template.contains("{id}") || template.contains("{n}") {
        Some(template)
    } else {
        r.error(
            node.span.clone(),
            format!("`file_name: {template}` does not say where the ID goes"),
        )
        .help = Some(
            "write `{id}` for the ID as written (`eip-{id}.md`), or `{n}` for its number (`PRD-{n}.md`)"
                .into(),
        );
        None
    }
}

/// `field_order: [id, title, …]`: every name must be a field of the kind (or its ID
/// field, or `kind`), each named once.
fn decode_field_order(
    r: &mut Reader,
    kind: &KindSpec,
    names: Vec<(String, std::ops::Range<usize>)>,
) -> Vec<String> {
    let known =
        |name: &str| kind.fields.contains_key(name) || name == kind.id.field || name == "kind";
    let mut order: Vec<String> = Vec::new();
    for (name, range) in names {
        if order.contains(&name) {
            r.error(range, format!("`field_order` lists `{name}` twice"));
        } else if !known(&name) {
            let candidates = kind
                .fields
                .keys()
                .map(String::as_str)
                .chain([kind.id.field.as_str(), "kind"]);
            let help = suggestion_help(&name, candidates);
            r.error(
                range,
                format!("`field_order`: kind `{}` has no field `{name}`", kind.name),
            )
            .help = help;
        } else {
            order.push(name);
        }
    }
    order
}

/// Columns the site's index can show besides the kind's fields.
const INDEX_COLUMNS: [&str; 6] = ["id", "title", "status", "rice", "progress", "superseded_by"];

/// `index: [id, title, status, category]`: the columns of the kind's index page, each
/// a field of the kind (its ID field reads as `id`) or one of [`INDEX_COLUMNS`].
fn decode_index(
    r: &mut Reader,
    kind: &KindSpec,
    names: Vec<(String, std::ops::Range<usize>)>,
) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for (name, range) in names {
        let name = if name == kind.id.field {
            "id".to_owned()
        } else {
            name
        };
        if columns.contains(&name) {
            r.error(range, format!("`index` lists `{name}` twice"));
        } else if kind.fields.contains_key(&name) || INDEX_COLUMNS.contains(&name.as_str()) {
            columns.push(name);
        } else {
            let candidates = kind.fields.keys().map(String::as_str).chain(INDEX_COLUMNS);
            let help = suggestion_help(&name, candidates);
            r.error(
                range,
                format!(
                    "`index`: kind `{}` has no field or column `{name}`",
                    kind.name
                ),
            )
            .help = help;
        }
    }
    columns
}

/// `remove: [team, priority]`: fields of the extended kind this one does without.
fn remove_fields(
    r: &mut Reader,
    kind: &mut KindSpec,
    removed: &[(String, std::ops::Range<usize>)],
    declared: Option<&Node>,
) {
    for (field, range) in removed {
        let redeclared = declared.is_some_and(|fields| match &fields.value {
            Value::Map(entries) => entries
                .iter()
                .any(|(k, _)| k.value.scalar_text().as_deref() == Some(field.as_str())),
            _ => false,
        });
        if redeclared {
            r.error(
                range.clone(),
                format!(
                    "field `{field}` is both removed and declared in kind `{}`",
                    kind.name
                ),
            )
            .help =
                Some("declaring a field replaces the inherited one: drop it from `remove`".into());
        } else if field == "confidential" {
            r.error(range.clone(), "`confidential` cannot be removed")
                .help = Some(
                "every kind accepts `confidential: true`: the audience policy reads it".into(),
            );
        } else if kind.fields.remove(field).is_some() {
            kind.removed.push(field.clone());
        } else {
            let help = suggestion_help(field, kind.fields.keys().map(String::as_str))
                .unwrap_or_else(|| {
                    format!(
                        "the fields of kind `{}` are: {}",
                        kind.name,
                        kind.fields
                            .keys()
                            .map(String::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
            r.error(
                range.clone(),
                format!("kind `{}` has no field `{field}` to remove", kind.name),
            )
            .help = Some(help);
        }
    }
}

/// `id:` over `id`, the kind's ID rule so far (the built-in one when extending).
fn decode_id(r: &mut Reader, node: &Node, what: &str, mut id: IdSpec) -> Option<IdSpec> {
    // `id: path`: no ID field, the document's path is its ID.
    if let Value::Str(_) = node.value {
        r.one_of(node, "ID source", &["path"], |s| {
            (s == "path").then_some(())
        })?;
        return Some(IdSpec {
            field: String::new(),
            format: IdFormat::Path,
            pattern: None,
        });
    }
    for (key, value) in r.keyed(node, &format!("the id of {what}"), &ID_KEYS) {
        match key {
            "field" => id.field = r.string(value, "`id.field`")?,
            "format" => {
                id.format =
                    r.one_of(
                        value,
                        "ID format",
                        &["string", "integer", "path"],
                        |s| match s {
                            "string" => Some(IdFormat::String),
                            "integer" => Some(IdFormat::Integer),
                            "path" => Some(IdFormat::Path),
                            _ => None,
                        },
                    )?
            }
            "pattern" => {
                let text = r.string(value, "`id.pattern`")?;
                match IdPattern::parse(&text) {
                    Some(p) => id.pattern = Some(p),
                    None => {
                        r.error(value.span.clone(), format!("invalid ID pattern `{text}`"))
                            .help = Some(
                            "write the pattern with one `{n}` for the number, like `PRD-{n}`"
                                .into(),
                        );
                        return None;
                    }
                }
            }
            _ => {}
        }
    }
    Some(id)
}
