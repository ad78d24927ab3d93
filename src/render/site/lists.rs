//! Index pages: one table per kind, with the columns the kind's `index:` setting names
//! (or sensible ones for its role), facets (status, team, owner) and groupings (status,
//! team, objective) that the page's script applies in the browser; without it the table
//! is all there, unfiltered.

use std::collections::BTreeSet;

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use super::doc_page::format_score;
use super::progress::objective_progress;
use super::term_urls::{canonical_person, terms_of};
use crate::config::{KindSpec, Role};
use crate::model::{DocIdx, Document, FieldValue, RefOrigin};
use crate::model::{field_label, kind_labels, status_label};

/// Columns shown by default when the kind has the field, in this order.
const FIELD_COLUMNS: [&str; 8] = [
    "owner", "team", "priority", "target", "quarter", "date", "period", "horizon",
];

/// Fields whose values are dates or names that must not wrap in a cell.
const NOWRAP: [&str; 7] = [
    "owner", "team", "priority", "target", "quarter", "date", "period",
];

#[derive(Serialize)]
pub struct KindIndex {
    pub kind: String,
    pub label: String,
    pub plural: String,
    pub description: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Filters offered above the table: each facet with its values.
    pub facets: Vec<Facet>,
    /// What the table can be grouped by (`status`, `team`, `objective`).
    pub groupings: Vec<Grouping>,
    pub has_status: bool,
    pub has_rice: bool,
}

/// One column: what it shows and how it sorts.
#[derive(Serialize)]
pub struct Column {
    /// `id`, `title`, `status`, `rice`, `progress`, `superseded_by`, or a field name.
    pub key: String,
    pub label: String,
    /// `natural`, `text` or `number` (numbers sort descending first).
    pub sort: &'static str,
    pub numeric: bool,
}

#[derive(Serialize)]
pub struct Row {
    pub doc: DocRef,
    pub cells: Vec<Cell>,
    /// Facet and grouping values of the row, by facet key (`status`, `team`, `owner`,
    /// `objective`), as the page's script reads them from `data-*` attributes.
    pub facets: Vec<FacetValue>,
    /// The status's place in the kind's lifecycle, so sorting follows the lifecycle.
    pub status_rank: Option<usize>,
    pub rice: Option<String>,
}

/// One cell. Templates show `docs` when there are any, else `text` (a link when `url`
/// is set), except for the `id`, `title`, `status` and `progress` columns, which they
/// draw from the row.
#[derive(Serialize, Default)]
pub struct Cell {
    pub text: String,
    pub url: Option<String>,
    pub docs: Vec<DocRef>,
    /// What the column sorts by, when not the text.
    pub value: Option<String>,
    pub nowrap: bool,
    /// For `progress`: the mean metric progress, and the PRDs shipped.
    pub percent: Option<u32>,
    pub measured: bool,
}

/// A row's value for one facet.
#[derive(Serialize)]
pub struct FacetValue {
    pub key: &'static str,
    pub value: String,
}

#[derive(Serialize)]
pub struct Facet {
    pub key: &'static str,
    pub label: &'static str,
    pub values: Vec<String>,
}

#[derive(Serialize)]
pub struct Grouping {
    pub key: &'static str,
    pub label: &'static str,
}

/// The columns of a kind's index: its `index:` setting, or the defaults for its role.
fn column_keys(spec: Option<&KindSpec>) -> Vec<String> {
    let Some(spec) = spec else {
        return vec!["id".into(), "title".into()];
    };
    if !spec.index.is_empty() {
        return spec.index.clone();
    }
    let mut keys: Vec<String> = vec!["id".into(), "title".into()];
    if spec.status_field().is_some() {
        keys.push("status".into());
    }
    keys.extend(
        FIELD_COLUMNS
            .iter()
            .filter(|c| spec.fields.contains_key(**c))
            .map(|c| (*c).to_owned()),
    );
    match spec.role {
        Some(Role::Prd) if spec.fields.contains_key("rice") => keys.push("rice".into()),
        Some(Role::Objective) => keys.push("progress".into()),
        Some(Role::Decision) => {
            keys.push("superseded_by".into());
            if spec.fields.contains_key("affects") {
                keys.push("affects".into());
            }
        }
        _ => {}
    }
    keys
}

fn column(spec: Option<&KindSpec>, key: &str) -> Column {
    let is_number = |k: &str| {
        spec.and_then(|s| s.fields.get(k)).is_some_and(|f| {
            matches!(
                f.ty,
                crate::config::FieldType::Number | crate::config::FieldType::Integer
            )
        })
    };
    let (label, sort, numeric) = match key {
        "id" => ("ID".to_owned(), "natural", false),
        "title" => ("Title".to_owned(), "text", false),
        "status" => ("Status".to_owned(), "number", false),
        "rice" => ("RICE".to_owned(), "number", true),
        "progress" => ("Progress".to_owned(), "number", true),
        "superseded_by" => ("Superseded by".to_owned(), "natural", false),
        field if is_number(field) => (field_label(field), "number", true),
        field => (field_label(field), "text", false),
    };
    Column {
        key: key.to_owned(),
        label,
        sort,
        numeric,
    }
}

/// [`kind_index`] as the template value `index`. Each row is turned into a template
/// value and dropped in turn: at 10,000 documents the rows of the PRD index held twice
/// (as rows and as their template values) were the largest item live at the peak.
pub fn kind_index_value(site: &SiteContext, kind: &str, docs: &[DocIdx]) -> tera::Value {
    let mut index = kind_index(site, kind, docs);
    let rows: Vec<tera::Value> = std::mem::take(&mut index.rows)
        .into_iter()
        .map(|row| tera::Value::from_serializable(&row))
        .collect();
    let mut value = tera::Value::from_serializable(&index)
        .into_map()
        .expect("a struct serializes to a map");
    value.insert("rows".into(), tera::Value::from(rows));
    tera::Value::from(value)
}

pub fn kind_index(site: &SiteContext, kind: &str, docs: &[DocIdx]) -> KindIndex {
    let spec = site.ws.config.kind(kind);
    let columns: Vec<Column> = column_keys(spec.map(|s| &**s))
        .iter()
        .map(|k| column(spec.map(|s| &**s), k))
        .collect();
    let mut docs = docs.to_vec();
    // Decisions read as a log: newest first.
    if spec.is_some_and(|s| s.role == Some(Role::Decision)) {
        docs.sort_by(|&a, &b| {
            let date = |i: DocIdx| site.ws.docs[i].field("date").map(ToString::to_string);
            date(b)
                .cmp(&date(a))
                .then_with(|| site.ws.id_rank(a).cmp(&site.ws.id_rank(b)))
        });
    }
    let rows: Vec<Row> = docs.iter().map(|&i| row(site, i, &columns)).collect();
    let facets = facets(&rows);
    let groupings = [
        ("status", "Status"),
        ("team", "Team"),
        ("objective", "Objective"),
    ]
    .into_iter()
    .filter(|(key, _)| rows.iter().any(|r| r.facets.iter().any(|f| f.key == *key)))
    .map(|(key, label)| Grouping { key, label })
    .collect();
    let label = kind_labels(kind).0;
    let plural = crate::model::kind_plural(&site.ws.config, kind);
    KindIndex {
        kind: kind.to_owned(),
        label,
        plural,
        description: spec.and_then(|k| k.description.clone()),
        has_status: columns.iter().any(|c| c.key == "status"),
        has_rice: columns.iter().any(|c| c.key == "rice"),
        columns,
        rows,
        facets,
        groupings,
    }
}

fn row(site: &SiteContext, i: DocIdx, columns: &[Column]) -> Row {
    let doc = &site.ws.docs[i];
    let cells = columns.iter().map(|c| cell(site, i, &c.key)).collect();
    let mut facets: Vec<FacetValue> = Vec::new();
    if let Some(status) = doc.status() {
        facets.push(FacetValue {
            key: "status",
            value: status_label(status),
        });
    }
    for key in ["team", "owner"] {
        if let Some(text) = doc.text_field(key) {
            // An owner written as an alias filters (and groups) with the person.
            let value = terms_of(doc, key, site.ws.config.people.as_ref())
                .into_iter()
                .next()
                .unwrap_or_else(|| text.to_owned());
            facets.push(FacetValue { key, value });
        }
    }
    let objectives: Vec<String> = doc
        .field("objectives")
        .map(|v| match v {
            FieldValue::List(items) => items.iter().map(|f| &f.value).collect(),
            other => vec![other],
        })
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| site.find(v.as_text()?))
        .map(|o| {
            let d = &site.ws.docs[o];
            format!("{} {}", d.label(), d.title)
        })
        .collect();
    if !objectives.is_empty() {
        // A PRD serving two objectives is grouped under the first.
        facets.push(FacetValue {
            key: "objective",
            value: objectives[0].clone(),
        });
    }
    Row {
        doc: site.doc_ref(i),
        cells,
        facets,
        status_rank: doc.status_rank(),
        rice: doc.rice_score().map(format_score),
    }
}

fn cell(site: &SiteContext, i: DocIdx, key: &str) -> Cell {
    let doc = &site.ws.docs[i];
    match key {
        "id" | "title" => Cell::default(),
        "status" if doc.status().is_some() => Cell {
            value: doc.status_rank().map(|r| r.to_string()),
            ..Cell::default()
        },
        "rice" => {
            let score = doc.rice_score().map(format_score);
            Cell {
                value: score.clone(),
                text: score.unwrap_or_default(),
                ..Cell::default()
            }
        }
        "progress" => {
            let Some(progress) = objective_progress(site, i) else {
                return Cell::default();
            };
            Cell {
                text: format!(
                    "{} of {} PRDs shipped",
                    progress.work.shipped, progress.work.total
                ),
                value: progress.metrics_percent.map(|p| p.to_string()),
                percent: progress.metrics_percent,
                measured: progress.measured,
                ..Cell::default()
            }
        }
        "superseded_by" => Cell {
            docs: superseded_by(site, i),
            ..Cell::default()
        },
        field => field_cell(site, doc, field),
    }
}

/// A front-matter field: references as document links (hidden ones left out), owners
/// and teams as links to their pages, anything else as text.
fn field_cell(site: &SiteContext, doc: &Document, field: &str) -> Cell {
    let Some(value) = doc.field(field) else {
        return Cell::default();
    };
    let values: Vec<&FieldValue> = match value {
        FieldValue::List(items) => items.iter().map(|f| &f.value).collect(),
        other => vec![other],
    };
    if values.iter().any(|v| matches!(v, FieldValue::Ref(_))) {
        let docs: Vec<DocRef> = values
            .iter()
            .filter_map(|v| match v {
                FieldValue::Ref(id) => site.find(id),
                _ => None,
            })
            .map(|d| site.doc_ref(d))
            .collect();
        return Cell {
            value: Some(
                docs.iter()
                    .map(|d| d.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            docs,
            nowrap: true,
            ..Cell::default()
        };
    }
    let text = match field {
        // An owner written as an alias shows as the person's listed name.
        "owner" => canonical_person(site.ws.config.people.as_ref(), value.to_string()),
        _ => value.to_string(),
    };
    let folder = match field {
        "owner" => Some("owners"),
        "team" => Some("teams"),
        _ => None,
    };
    Cell {
        url: folder
            .filter(|_| !text.is_empty())
            .map(|f| site.term_urls.url(f, &text)),
        value: value.as_number().map(|n| n.to_string()),
        nowrap: NOWRAP.contains(&field),
        text,
        ..Cell::default()
    }
}

/// The visible decisions whose `supersedes` names decision `idx`.
fn superseded_by(site: &SiteContext, idx: DocIdx) -> Vec<DocRef> {
    let mut found: Vec<DocIdx> = site.ws.backlinks[idx]
        .iter()
        .filter(|b| site.visible(b.from))
        .filter(|b| {
            matches!(&site.ws.docs[b.from].refs[b.reference].origin,
                RefOrigin::Field(f) if f.field == "supersedes")
        })
        .map(|b| b.from)
        .collect();
    site.ws.sort_by_id(&mut found);
    found.dedup();
    found.into_iter().map(|i| site.doc_ref(i)).collect()
}

/// The status, team and owner facets, each with the values its rows have; a facet
/// with fewer than two values filters nothing and is left out. Statuses come in
/// lifecycle order (Draft, Review, Approved, …, as `statuses:` lists them), the rest
/// alphabetically; grouping by a facet's key keeps the same order (spex.js).
fn facets(rows: &[Row]) -> Vec<Facet> {
    [("status", "Status"), ("team", "Team"), ("owner", "Owner")]
        .into_iter()
        .filter_map(|(key, label)| {
            // (lifecycle rank for statuses, value): a set sorts by rank, then name.
            let values: BTreeSet<(usize, &str)> = rows
                .iter()
                .flat_map(|r| r.facets.iter().map(move |f| (r, f)))
                .filter(|(_, f)| f.key == key)
                .map(|(r, f)| {
                    let rank = if key == "status" { r.status_rank } else { None };
                    (rank.unwrap_or(usize::MAX), f.value.as_str())
                })
                .collect();
            let mut names: Vec<String> = Vec::with_capacity(values.len());
            for (_, name) in values {
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_owned());
                }
            }
            (names.len() > 1).then_some(Facet {
                key,
                label,
                values: names,
            })
        })
        .collect()
}
