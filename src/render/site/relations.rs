//! Site data: how a document stands among the others, for its page — where roadmaps
//! place it, which releases include it (both in Details), and who else refers to it,
//! grouped by how ("Depended on by", "Mentioned in"…), leaving out what Details shows.

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use crate::audience::Policy;
use crate::config::Role;
use crate::model::{DocIdx, RefOrigin, field_label, kind_labels};

/// Where one roadmap places the document.
#[derive(Serialize)]
pub struct Placement {
    pub roadmap: DocRef,
    /// `Now`, `Next`, `Later` (or the workspace's own value).
    pub horizon: Option<String>,
    pub quarter: Option<String>,
    /// `high`, `medium` or `low`, for the class; the label says it in words.
    pub confidence: Option<String>,
}

/// The documents that refer to this one in one way.
#[derive(Serialize)]
pub struct RefGroup {
    pub label: String,
    pub docs: Vec<DocRef>,
}

/// The label of the group a referring document goes in, by its role and how it refers.
fn relation(site: &SiteContext, from: DocIdx, origin: &RefOrigin, dependency: bool) -> String {
    let from_doc = &site.ws.docs[from];
    match (from_doc.role(), origin) {
        (_, RefOrigin::Text) => "Mentioned in".into(),
        (Some(Role::Roadmap), _) => "Roadmaps".into(),
        (Some(Role::Release), _) => "Included in release".into(),
        _ if dependency => "Depended on by".into(),
        (_, RefOrigin::Field(f)) => match f.field.as_str() {
            "supersedes" => "Superseded by".into(),
            "related" => "Related".into(),
            "affects" => "Affected by".into(),
            "objectives" | "vision" => CONTRIBUTING.into(),
            other => {
                let kind = from_doc
                    .kind_name()
                    .map_or_else(|| "Pages".to_owned(), |k| kind_labels(k).1);
                format!("{kind} ({})", field_label(other).to_lowercase())
            }
        },
    }
}

/// The group of work that names an objective or vision it serves.
pub const CONTRIBUTING: &str = "Contributing work";

/// Groups already shown in Details, on every page that has them.
const IN_DETAILS: [&str; 2] = ["Roadmaps", "Included in release"];

/// The order groups are listed in; others follow by label.
const GROUP_ORDER: [&str; 6] = [
    "Depended on by",
    "Contributing work",
    "Superseded by",
    "Affected by",
    "Related",
    "Mentioned in",
];

/// Visible documents that refer to `idx`, grouped by relation; a document may be in
/// several groups, but once in each. Mentions inside a section the site hides count
/// for nothing.
pub fn referenced_by(site: &SiteContext, idx: DocIdx) -> Vec<RefGroup> {
    let mut groups: Vec<(String, Vec<DocIdx>)> = Vec::new();
    for b in &site.ws.backlinks[idx] {
        if !site.visible(b.from) {
            continue;
        }
        let from = &site.ws.docs[b.from];
        let reference = &from.refs[b.reference];
        let hidden = site.visibility.hidden_ranges(from);
        if hidden.iter().any(|r| r.contains(&reference.span.start)) {
            continue;
        }
        let label = relation(site, b.from, &reference.origin, reference.is_dependency());
        if IN_DETAILS.contains(&label.as_str()) {
            continue;
        }
        match groups.iter_mut().find(|(l, _)| *l == label) {
            Some((_, docs)) if !docs.contains(&b.from) => docs.push(b.from),
            Some(_) => {}
            None => groups.push((label, vec![b.from])),
        }
    }
    groups.sort_by(|a, b| {
        let rank = |l: &str| {
            GROUP_ORDER
                .iter()
                .position(|o| *o == l)
                .unwrap_or(GROUP_ORDER.len())
        };
        rank(&a.0).cmp(&rank(&b.0)).then_with(|| a.0.cmp(&b.0))
    });
    groups
        .into_iter()
        .map(|(label, mut docs)| {
            site.ws.sort_by_id(&mut docs);
            RefGroup {
                label,
                docs: docs.into_iter().map(|i| site.doc_ref(i)).collect(),
            }
        })
        .collect()
}

/// Where each visible roadmap places `idx`, in roadmap ID order.
pub fn placements(site: &SiteContext, idx: DocIdx) -> Vec<Placement> {
    let Some(id) = site.ws.docs[idx].id.as_deref() else {
        return Vec::new();
    };
    site.placements_of(id)
        .iter()
        .map(|&(rm, n)| {
            let item = &site.ws.roadmap_items(rm)[n];
            Placement {
                roadmap: site.doc_ref(rm),
                horizon: item.horizon.as_ref().map(|h| h.label().to_owned()),
                quarter: item.quarter.map(|q| q.to_string()),
                confidence: item.confidence.clone(),
            }
        })
        .collect()
}

/// The visible releases that include `idx`, in ID order.
pub fn releases(site: &SiteContext, idx: DocIdx) -> Vec<DocRef> {
    let mut found: Vec<DocIdx> = site.ws.backlinks[idx]
        .iter()
        .filter(|b| site.visible(b.from))
        .filter(|b| site.ws.docs[b.from].role() == Some(Role::Release))
        .filter(|b| site.ws.docs[b.from].refs[b.reference].is_dependency())
        .map(|b| b.from)
        .collect();
    found.sort_by_key(|&i| site.ws.id_rank(i));
    found.dedup();
    found.into_iter().map(|i| site.doc_ref(i)).collect()
}
