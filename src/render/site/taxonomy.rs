//! Pages per tag, owner and team: an index of terms and one page per term.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::{DocRef, SiteContext, id_order};
use super::urls::safe_segment;
use crate::model::FieldValue;
use crate::parse::slug::slugify;

/// The three taxonomies: (folder, field, singular title, plural title).
pub const TAXONOMIES: [(&str, &str, &str, &str); 3] = [
    ("tags", "tags", "Tag", "Tags"),
    ("owners", "owner", "Owner", "Owners"),
    ("teams", "team", "Team", "Teams"),
];

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

/// The page of a term, relative to the site root. Slugs keep URLs readable; the
/// `safe_segment` pass guarantees they stay inside the output.
pub fn term_url(folder: &str, term: &str) -> String {
    let slug = slugify(term);
    let slug = if slug.is_empty() {
        "_".to_owned()
    } else {
        slug
    };
    format!("{folder}/{}.html", safe_segment(&slug))
}

/// All three taxonomies with their terms and documents.
pub fn taxonomies(site: &SiteContext) -> Vec<Taxonomy> {
    TAXONOMIES
        .iter()
        .map(|&(folder, field, singular, title)| {
            let mut terms: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (i, doc) in site.visible_docs() {
                let values: Vec<String> = match doc.field(field) {
                    Some(FieldValue::List(items)) => {
                        items.iter().map(|f| f.value.to_string()).collect()
                    }
                    Some(v) => vec![v.to_string()],
                    None => Vec::new(),
                };
                for value in values {
                    terms.entry(value).or_default().push(i);
                }
            }
            // Two spellings that slug alike ("Q&A", "QA") would share a page: merge them.
            let mut merged: BTreeMap<String, Term> = BTreeMap::new();
            for (name, mut docs) in terms {
                docs.sort_by(|&a, &b| id_order(&site.ws.docs[a], &site.ws.docs[b]));
                let url = term_url(folder, &name);
                let entry = merged.entry(url.clone()).or_insert_with(|| Term {
                    name: name.clone(),
                    url,
                    docs: Vec::new(),
                });
                entry.docs.extend(docs.into_iter().map(|i| site.doc_ref(i)));
            }
            let mut terms: Vec<Term> = merged.into_values().collect();
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
