//! Index pages: one table per kind, sortable and filterable when JavaScript is on.

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use super::doc_page::format_score;
use crate::config::Role;
use crate::model::DocIdx;
use crate::model::{field_label, kind_labels};

/// Columns shown when the kind has the field, in this order.
const COLUMNS: [&str; 8] = [
    "owner", "team", "priority", "target", "quarter", "date", "period", "horizon",
];

#[derive(Serialize)]
pub struct KindIndex {
    pub kind: String,
    pub label: String,
    pub plural: String,
    pub description: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    pub has_status: bool,
    pub has_rice: bool,
}

#[derive(Serialize)]
pub struct Row {
    pub doc: DocRef,
    pub cells: Vec<String>,
    /// The page each cell links to, if any (owners and teams), beside `cells` so
    /// templates written for plain text cells keep working.
    pub cell_urls: Vec<Option<String>>,
    pub rice: Option<String>,
    /// The status's place in the kind's lifecycle, so sorting follows the lifecycle
    /// (draft, review, approved…) rather than the alphabet.
    pub status_rank: Option<usize>,
}

pub fn kind_index(site: &SiteContext, kind: &str, docs: &[DocIdx]) -> KindIndex {
    let spec = site.ws.config.kind(kind);
    let columns: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| spec.is_some_and(|k| k.fields.contains_key(*c)))
        .collect();
    let has_rice = spec.is_some_and(|k| k.role == Some(Role::Prd) && k.fields.contains_key("rice"));
    let rows = docs
        .iter()
        .map(|&i| {
            let doc = &site.ws.docs[i];
            let cells: Vec<String> = columns
                .iter()
                .map(|c| doc.field(c).map(|v| v.to_string()).unwrap_or_default())
                .collect();
            let cell_urls = columns
                .iter()
                .zip(&cells)
                .map(|(&c, text)| {
                    let folder = match c {
                        "owner" => "owners",
                        "team" => "teams",
                        _ => return None,
                    };
                    (!text.is_empty()).then(|| site.term_urls.url(folder, text))
                })
                .collect();
            Row {
                doc: site.doc_ref(i),
                cells,
                cell_urls,
                rice: doc.rice_score().map(format_score),
                status_rank: doc.status_rank(),
            }
        })
        .collect();
    let (label, plural) = kind_labels(kind);
    KindIndex {
        kind: kind.to_owned(),
        label,
        plural,
        description: spec.and_then(|k| k.description.clone()),
        columns: columns.iter().map(|c| field_label(c)).collect(),
        rows,
        has_status: spec.is_some_and(|k| k.status_field().is_some()),
        has_rice,
    }
}
