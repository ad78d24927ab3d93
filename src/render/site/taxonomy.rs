//! Pages per tag, owner and team: an index of terms and one page per term, which is a
//! small board of the term's documents by lifecycle phase, with their health.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use super::health::{HealthBadge, health_badge};
use super::term_urls::{TAXONOMIES, terms_of};

#[derive(Serialize)]
pub struct Taxonomy {
    pub folder: &'static str,
    pub title: &'static str,
    pub singular: &'static str,
    pub terms: Vec<Term>,
}

/// A taxonomy without its terms, for the page of one term.
#[derive(Serialize)]
pub struct TaxonomyInfo {
    pub folder: &'static str,
    pub title: &'static str,
    pub singular: &'static str,
}

impl TaxonomyInfo {
    pub fn of(taxonomy: &Taxonomy) -> TaxonomyInfo {
        TaxonomyInfo {
            folder: taxonomy.folder,
            title: taxonomy.title,
            singular: taxonomy.singular,
        }
    }
}

#[derive(Serialize)]
pub struct Term {
    pub name: String,
    pub url: String,
    pub docs: Vec<DocRef>,
    /// The same documents by phase, each column in lifecycle order.
    pub lanes: Vec<Lane>,
}

/// One column of a term's board: the documents in one lifecycle phase.
#[derive(Serialize)]
pub struct Lane {
    pub key: &'static str,
    pub label: &'static str,
    pub cards: Vec<Card>,
}

#[derive(Serialize)]
pub struct Card {
    pub doc: DocRef,
    pub health: Option<HealthBadge>,
}

/// The board's columns: each phase's name and the label readers see.
const LANES: [(&str, &str); 6] = [
    ("proposed", "Proposed"),
    ("committed", "Approved"),
    ("started", "In progress"),
    ("done", "Done"),
    ("inactive", "Retired"),
    ("none", "No status"),
];

fn lanes(site: &SiteContext, docs: &[usize]) -> Vec<Lane> {
    LANES
        .iter()
        .map(|&(key, label)| Lane {
            key,
            label,
            cards: docs
                .iter()
                .filter(|&&i| site.ws.docs[i].phase().map_or("none", |p| p.name()) == key)
                .map(|&i| Card {
                    doc: site.doc_ref(i),
                    health: health_badge(site, i),
                })
                .collect(),
        })
        .filter(|lane| !lane.cards.is_empty())
        .collect()
}

/// All three taxonomies with their terms and documents.
pub fn taxonomies(site: &SiteContext) -> Vec<Taxonomy> {
    TAXONOMIES
        .iter()
        .map(|&(folder, field, singular, title)| {
            let mut terms: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (i, doc) in site.visible_docs() {
                for value in terms_of(doc, field, site.ws.config.people.as_ref()) {
                    terms.entry(value).or_default().push(i);
                }
            }
            // Every name its own page, even when two slug alike ("Q&A", "QA").
            let mut terms: Vec<Term> = terms
                .into_iter()
                .map(|(name, mut docs)| {
                    site.ws.sort_by_id(&mut docs);
                    Term {
                        url: site.term_urls.url(folder, &name),
                        lanes: lanes(site, &docs),
                        name,
                        docs: docs.into_iter().map(|i| site.doc_ref(i)).collect(),
                    }
                })
                .collect();
            terms.sort_by(|a, b| {
                a.name
                    .to_lowercase()
                    .cmp(&b.name.to_lowercase())
                    .then(a.name.cmp(&b.name))
            });
            Taxonomy {
                folder,
                title,
                singular,
                terms,
            }
        })
        .collect()
}
