//! Running a query: which documents (kind, conditions, confidentiality), in which order,
//! with which columns.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::Condition;
use super::condition::{ATTRIBUTES, Looked, field_type, lookup, sort_order};
use super::visible::visible;
use crate::audience::Policy;
use crate::config::FieldType;
use crate::diag::suggestion_help;
use crate::model::{Document, FieldValue, Workspace};

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Only documents of this kind.
    pub kind: Option<String>,
    /// All must hold.
    pub conditions: Vec<Condition>,
    /// Columns; empty means the default ones.
    pub fields: Vec<String>,
    /// Order by this field (then by ID); default: ID order.
    pub sort: Option<String>,
}

/// One document's values for the query's columns (`None`: it has no such field).
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Option<Cell>>,
}

/// A value in a row: a typed field, or a plain attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Field(FieldValue),
    Text(String),
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Field(value) => value.fmt(f),
            Cell::Text(text) => f.write_str(text),
        }
    }
}

/// A query that names something the workspace does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("unknown kind `{name}`{}", help_suffix(.help))]
    UnknownKind { name: String, help: Option<String> },
    #[error("no document {scope} has a field `{name}`{}", help_suffix(.help))]
    UnknownField {
        name: String,
        scope: String,
        help: Option<String>,
    },
    #[error("`{value}` in `{condition}` is not {expected}")]
    BadValue {
        condition: String,
        value: String,
        expected: String,
    },
}

fn help_suffix(help: &Option<String>) -> String {
    help.as_ref().map(|h| format!(": {h}")).unwrap_or_default()
}

/// The default columns: the ID, the kind when several are listed, the title, and the
/// status and owner when the kinds listed have them.
fn default_fields(ws: &Workspace, kind: Option<&str>) -> Vec<String> {
    let mut fields = vec!["id".to_owned()];
    if kind.is_none() {
        fields.push("kind".into());
    }
    fields.push("title".into());
    let kinds: Vec<_> = match kind {
        Some(name) => ws.config.kind(name).into_iter().collect(),
        None => ws.config.kinds.values().collect(),
    };
    if kinds.iter().any(|k| k.status_field().is_some()) {
        fields.push("status".into());
    }
    if kinds.iter().any(|k| k.fields.contains_key("owner")) {
        fields.push("owner".into());
    }
    fields
}

/// The query's column names and rows, of the documents `policy` shows and as it shows
/// them: only the fields it shows, without references to documents it hides.
pub fn run_query(
    ws: &Workspace,
    query: &Query,
    policy: &impl Policy,
) -> Result<(Vec<String>, Vec<Row>), QueryError> {
    let fields = if query.fields.is_empty() {
        default_fields(ws, query.kind.as_deref())
    } else {
        query.fields.clone()
    };
    check_names(ws, query, &fields)?;
    let rows = select(ws, query, policy)
        .iter()
        .map(|(_, doc)| Row {
            cells: fields.iter().map(|f| cell(doc, f)).collect(),
        })
        .collect();
    Ok((fields, rows))
}

/// The listed documents in order, as the listing may show them.
fn select<'a>(
    ws: &'a Workspace,
    query: &Query,
    policy: &impl Policy,
) -> Vec<(usize, Cow<'a, Document>)> {
    // Conditions see what the listing shows, so a filter cannot find hidden text.
    let mut selected: Vec<(usize, Cow<Document>)> = ws
        .specs()
        .filter(|(_, d)| policy.shows(d))
        .filter(|(_, d)| query.kind.as_ref().is_none_or(|k| d.kind_name() == Some(k)))
        .map(|(i, d)| (i, visible(ws, d, policy)))
        .filter(|(_, d)| query.conditions.iter().all(|c| c.matches(d)))
        .collect();
    selected.sort_by(|(a, da), (b, db)| {
        let by_field = match &query.sort {
            Some(field) => sort_order(
                lookup(da, field),
                lookup(db, field),
                field_type(da.kind.as_deref(), field),
            ),
            None => Ordering::Equal,
        };
        by_field.then_with(|| ws.id_rank(*a).cmp(&ws.id_rank(*b)))
    });
    selected
}

/// Refuses a query that names a kind or field the workspace does not have, or compares
/// a field with a value its type cannot hold: a typo is an error, not an empty list.
fn check_names(ws: &Workspace, query: &Query, fields: &[String]) -> Result<(), QueryError> {
    if let Some(name) = &query.kind
        && ws.config.kind(name).is_none()
    {
        return Err(QueryError::UnknownKind {
            name: name.clone(),
            help: suggestion_help(name, ws.config.kinds.keys().map(String::as_str)),
        });
    }
    let kinds: Vec<_> = ws
        .config
        .kinds
        .values()
        .filter(|k| query.kind.as_ref().is_none_or(|name| *name == k.name))
        .collect();
    let types = |field: &str| -> Vec<&FieldType> {
        kinds
            .iter()
            .filter_map(|k| field_type(Some(k), field))
            .collect()
    };
    let names = fields
        .iter()
        .map(String::as_str)
        .chain(query.conditions.iter().map(|c| c.field.as_str()))
        .chain(query.sort.as_deref());
    for name in names {
        if !ATTRIBUTES.contains(&name) && types(name).is_empty() {
            let candidates = kinds
                .iter()
                .flat_map(|k| k.fields.keys().map(String::as_str))
                .chain(ATTRIBUTES);
            return Err(QueryError::UnknownField {
                name: name.to_owned(),
                scope: match &query.kind {
                    Some(kind) => format!("of kind `{kind}`"),
                    None => "here".to_owned(),
                },
                help: suggestion_help(name, candidates),
            });
        }
    }
    for condition in &query.conditions {
        let types = types(&condition.field);
        if let Some(ty) = types.first()
            && !types.iter().any(|ty| condition.literal_fits(ty))
        {
            return Err(QueryError::BadValue {
                condition: condition.to_string(),
                value: condition.value.clone(),
                expected: ty.describe(),
            });
        }
    }
    Ok(())
}

fn cell(doc: &Document, field: &str) -> Option<Cell> {
    Some(match lookup(doc, field)? {
        Looked::Field(value) => Cell::Field(value.clone()),
        Looked::Text(text) => Cell::Text(text.to_owned()),
    })
}
