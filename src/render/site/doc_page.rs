//! One page per document: metadata panel, body with table of contents, references with
//! titles and statuses, backlinks, dependencies, and for roadmaps the board.

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use super::links::PageLinks;
use super::roadmap::{Board, board_for};
use super::term_urls::canonical_person;
use crate::audience::Policy;
use crate::config::FieldType;
use crate::markup::body::{RenderedBody, TocEntry, render_body};
use crate::model::{DocIdx, Field, FieldValue, RefOrigin, field_label, kind_labels};

/// Fields shown in this order in the metadata panel; the rest follow alphabetically.
const META_ORDER: [&str; 17] = [
    "owner",
    "team",
    "priority",
    "target",
    "quarter",
    "date",
    "period",
    "horizon",
    "vision",
    "objectives",
    "depends_on",
    "supersedes",
    "includes",
    "affects",
    "related",
    "tags",
    "audience",
];
/// Fields summed up in the header's facts line on narrow screens.
const FACTS: [&str; 3] = ["owner", "team", "priority"];
/// Fields with a place of their own on the page.
const NOT_META: [&str; 5] = ["title", "status", "confidential", "rice", "items"];

#[derive(Serialize)]
pub struct DocPage {
    pub doc: DocRef,
    pub kind_label: String,
    pub kind_plural: String,
    pub source_path: String,
    /// The file on the hosting platform, when `site.repo_url` is set.
    pub source_url: Option<String>,
    pub confidential: bool,
    pub meta: Vec<MetaRow>,
    /// Details in one line (owner, team, target, priority), for narrow screens, where
    /// Details follow the body.
    pub facts: Vec<String>,
    pub tables: Vec<FieldTable>,
    pub rice: Option<Rice>,
    pub body: String,
    pub toc: Vec<TocEntry>,
    pub backlinks: Vec<Backlink>,
    /// Who refers to it, grouped by how; what Details shows is left out.
    pub referenced_by: Vec<super::relations::RefGroup>,
    /// Where each roadmap places it (Details).
    pub placements: Vec<super::relations::Placement>,
    /// The releases that include it (Details).
    pub releases: Vec<DocRef>,
    /// An objective's metrics and work.
    pub progress: Option<super::progress::ObjectiveProgress>,
    /// A vision's objectives with their progress.
    pub rollup: Option<super::progress::VisionRollup>,
    pub depends_on: Vec<DocRef>,
    pub depended_on_by: Vec<DocRef>,
    pub board: Option<Board>,
    /// Its health when it is planned work, as every output shows it.
    pub health: Option<super::health::HealthBadge>,
    pub history: Option<super::history::DocHistoryView>,
}

#[derive(Serialize)]
pub struct MetaRow {
    pub label: String,
    pub items: Vec<MetaItem>,
}

#[derive(Serialize)]
pub struct MetaItem {
    pub text: String,
    /// A page of the site, relative to its root.
    pub url: Option<String>,
    /// A web address: a `url` field, or a URL in a reference field.
    pub href: Option<String>,
    pub doc: Option<DocRef>,
}

#[derive(Serialize)]
pub struct FieldTable {
    pub label: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Serialize)]
pub struct Rice {
    pub score: String,
    pub reach: String,
    pub impact: String,
    pub confidence: String,
    pub effort: String,
}

#[derive(Serialize)]
pub struct Backlink {
    pub doc: DocRef,
    /// How it refers: field labels, or "mentions" for `[[…]]` in text.
    pub via: Vec<String>,
}

/// Builds the page of document `idx`, plus what remains of its rendered body (the text
/// and summary that feed search; the HTML and table of contents are in the page).
pub fn doc_page(site: &SiteContext, idx: DocIdx, root: &str) -> (DocPage, RenderedBody) {
    let doc = &site.ws.docs[idx];
    let hidden = site.visibility.hidden_ranges(doc);
    let mut body = render_body(doc, &hidden, &PageLinks { site, root });
    let (kind_label, kind_plural) = doc
        .kind_name()
        .map_or(("Page".into(), "Pages".into()), kind_labels);
    let page = DocPage {
        doc: site.doc_ref(idx),
        kind_label,
        kind_plural,
        source_path: doc.path.clone(),
        source_url: site
            .ws
            .config
            .site
            .repo_url
            .as_ref()
            .map(|base| format!("{base}{}", doc.path)),
        confidential: doc.is_confidential(),
        meta: meta_rows(site, idx),
        facts: FACTS
            .iter()
            .filter_map(|f| {
                doc.text_field(f)
                    .map(|v| format!("{}: {v}", field_label(f)))
            })
            .chain(doc.field("target").map(|t| format!("Target: {t}")))
            .collect(),
        tables: field_tables(doc),
        rice: rice(doc),
        // Moved, not copied: the caller only needs the body's text and summary.
        body: std::mem::take(&mut body.html),
        toc: std::mem::take(&mut body.toc),
        backlinks: backlinks(site, idx),
        referenced_by: referenced_by(site, idx),
        placements: super::relations::placements(site, idx),
        releases: super::relations::releases(site, idx),
        progress: super::progress::objective_progress(site, idx),
        rollup: super::progress::vision_rollup(site, idx),
        depends_on: refs(site, site.ws.dependency_graph().dependencies(idx)),
        depended_on_by: refs(site, site.ws.dependency_graph().dependents(idx)),
        board: board_for(site, idx),
        health: super::health::health_badge(site, idx),
        history: super::history::doc_history(site, idx),
    };
    (page, body)
}

/// Who refers to `idx`, less the work an objective's progress already lists.
fn referenced_by(site: &SiteContext, idx: DocIdx) -> Vec<super::relations::RefGroup> {
    let mut groups = super::relations::referenced_by(site, idx);
    if site.ws.docs[idx].role() == Some(crate::config::Role::Objective) {
        groups.retain(|g| g.label != super::relations::CONTRIBUTING);
    }
    groups
}

fn refs(site: &SiteContext, list: &[DocIdx]) -> Vec<DocRef> {
    list.iter()
        .filter(|&&i| site.visible(i))
        .map(|&i| site.doc_ref(i))
        .collect()
}

fn meta_rows(site: &SiteContext, idx: DocIdx) -> Vec<MetaRow> {
    let doc = &site.ws.docs[idx];
    let mut names: Vec<&String> = doc
        .fields
        .keys()
        .filter(|k| !NOT_META.contains(&k.as_str()))
        // The field the kind takes its title from (`title: headline`) is the heading.
        .filter(|k| {
            doc.kind
                .as_ref()
                .is_none_or(|kind| kind.title_from_heading || kind.title_field != **k)
        })
        .filter(|k| !matches!(doc.fields[*k].value, FieldValue::List(ref items) if items.iter().any(|i| matches!(i.value, FieldValue::Record(_)))))
        .collect();
    names.sort_by_key(|k| {
        (
            META_ORDER
                .iter()
                .position(|o| o == k)
                .unwrap_or(META_ORDER.len()),
            (*k).clone(),
        )
    });
    names
        .into_iter()
        .map(|name| {
            let field = &doc.fields[name];
            let values: Vec<&Field> = match &field.value {
                FieldValue::List(items) => items.iter().collect(),
                _ => vec![field],
            };
            let items = values
                .into_iter()
                .filter_map(|v| meta_item(site, name, v))
                .collect();
            MetaRow {
                label: field_label(name),
                items,
            }
        })
        .filter(|row| !row.items.is_empty())
        .collect()
}

fn meta_item(site: &SiteContext, field: &str, value: &Field) -> Option<MetaItem> {
    let text = value.value.to_string();
    match &value.value {
        FieldValue::Ref(id) => match site.ws.index_of_id(id) {
            Some(i) if site.visible(i) => Some(MetaItem {
                text,
                url: None,
                href: None,
                doc: Some(site.doc_ref(i)),
            }),
            Some(_) => None, // a confidential document: not even its ID
            None => Some(MetaItem {
                text,
                url: None,
                href: None,
                doc: None,
            }),
        },
        _ => {
            // An owner written as an alias shows as the person's listed name.
            let text = match field {
                "owner" => canonical_person(site.ws.config.people.as_ref(), text),
                _ => text,
            };
            let url = match field {
                "owner" => Some(site.term_urls.url("owners", &text)),
                "team" => Some(site.term_urls.url("teams", &text)),
                "tags" => Some(site.term_urls.url("tags", &text)),
                _ => None,
            };
            // Only web addresses become links: a `javascript:` value stays text.
            let href =
                (text.starts_with("https://") || text.starts_with("http://")).then(|| text.clone());
            Some(MetaItem {
                text,
                url,
                href,
                doc: None,
            })
        }
    }
}

/// Lists of records (objective metrics) as tables; the roadmap's items are a board instead.
fn field_tables(doc: &crate::model::Document) -> Vec<FieldTable> {
    let Some(kind) = &doc.kind else {
        return Vec::new();
    };
    let mut tables = Vec::new();
    for (name, field) in &doc.fields {
        let FieldValue::List(items) = &field.value else {
            continue;
        };
        let Some(FieldType::List(item_type)) = kind.fields.get(name).map(|s| &s.ty) else {
            continue;
        };
        let FieldType::Record(columns) = item_type.as_ref() else {
            continue;
        };
        // An objective's metrics are shown with their progress instead.
        let shown_elsewhere = name == "items"
            || (name == "metrics" && doc.role() == Some(crate::config::Role::Objective));
        if shown_elsewhere || items.is_empty() {
            continue;
        }
        let columns: Vec<&String> = columns.keys().collect();
        let rows = items
            .iter()
            .map(|item| {
                columns
                    .iter()
                    .map(|c| {
                        item.value
                            .get(c)
                            .map(|f| f.value.to_string())
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect();
        tables.push(FieldTable {
            label: field_label(name),
            columns: columns.iter().map(|c| field_label(c)).collect(),
            rows,
        });
    }
    tables
}

fn rice(doc: &crate::model::Document) -> Option<Rice> {
    let score = doc.rice_score()?;
    let rice = doc.field("rice")?;
    let get = |k: &str| rice.get(k).map(|f| f.value.to_string()).unwrap_or_default();
    Some(Rice {
        score: format_score(score),
        reach: get("reach"),
        impact: get("impact"),
        confidence: get("confidence"),
        effort: get("effort"),
    })
}

/// Scores are shown with at most one decimal, which is all the precision a RICE input
/// has, and none when it would be `.0` (`12`, not `12.0`).
pub fn format_score(score: f64) -> String {
    let text = format!("{score:.1}");
    match text.strip_suffix(".0") {
        Some(whole) if whole != "-0" => whole.to_owned(),
        Some(_) => "0".to_owned(),
        None => text,
    }
}

/// Visible documents that refer to this one, each once, with how they refer.
fn backlinks(site: &SiteContext, idx: DocIdx) -> Vec<Backlink> {
    let mut out: Vec<(DocIdx, Vec<String>)> = Vec::new();
    for b in &site.ws.backlinks[idx] {
        if !site.visible(b.from) {
            continue;
        }
        let from = &site.ws.docs[b.from];
        let reference = &from.refs[b.reference];
        if reference.is_dependency() {
            continue; // listed under "Depended on by"
        }
        // A mention inside a hidden section is not there for this site's readers.
        let hidden = site.visibility.hidden_ranges(from);
        if hidden.iter().any(|r| r.contains(&reference.span.start)) {
            continue;
        }
        let via = match &reference.origin {
            RefOrigin::Field(_) if from.role() == Some(crate::config::Role::Roadmap) => {
                "roadmap".into()
            }
            RefOrigin::Field(f) => field_label(&f.field),
            RefOrigin::Text => "mentions".into(),
        };
        match out.iter_mut().find(|(from, _)| *from == b.from) {
            Some((_, vias)) if !vias.contains(&via) => vias.push(via),
            Some(_) => {}
            None => out.push((b.from, vec![via])),
        }
    }
    out.sort_by_key(|a| site.ws.id_rank(a.0));
    out.into_iter()
        .map(|(from, via)| Backlink {
            doc: site.doc_ref(from),
            via,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::format_score;

    #[test]
    fn scores_have_no_spurious_decimal() {
        assert_eq!(format_score(12.0), "12");
        assert_eq!(format_score(12.04), "12");
        assert_eq!(format_score(7.26), "7.3");
        assert_eq!(format_score(0.3), "0.3");
        assert_eq!(format_score(-0.01), "0");
    }
}
