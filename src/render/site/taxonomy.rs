//! Pages per tag, owner and team: an index of terms and one page per term.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::{DocRef, SiteContext};
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
}

/// All three taxonomies with their terms and documents.
pub fn taxonomies(site: &SiteContext) -> Vec<Taxonomy> {
    TAXONOMIES
        .iter()
        .map(|&(folder, field, singular, title)| {
            let mut terms: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (i, doc) in site.visible_docs() {
                for value in terms_of(doc, field) {
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
