//! The page URL of every tag, owner and team shown on the site: a readable slug, unique
//! within its folder, bounded in length and never the folder's `index.html`.
//!
//! Slugs lose information (`Foo`/`foo`, `a b`/`a-b`, every non-ASCII letter), so one URL
//! cannot be a function of one name alone: the names of a folder are placed together.
//! Of names sharing a slug, the one spelt like its slug (else the first in byte order)
//! keeps it; the others get the slug plus a hash of their name. Ordinary names keep the
//! URL they always had.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rayon::prelude::*;

use crate::config::{People, PersonMatch};
use crate::model::{Document, FieldValue};
use crate::model::{bounded_segment, safe_segment, with_hash};
use crate::parse::slug::slugify;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The three taxonomies: (folder, field, singular title, plural title).
pub const TAXONOMIES: [(&str, &str, &str, &str); 3] = [
    ("tags", "tags", "Tag", "Tags"),
    ("owners", "owner", "Owner", "Owners"),
    ("teams", "team", "Team", "Teams"),
];

/// The terms a document has in a taxonomy `field`, owners under the name `people:` lists
/// them by: a document owned by an alias (`Riley`, an e-mail address, `@login`) is on the
/// person's page, and the alias gets no page of its own.
pub fn terms_of(doc: &Document, field: &str, people: Option<&People>) -> Vec<String> {
    let terms = match doc.field(field) {
        Some(FieldValue::List(items)) => items.iter().map(|f| f.value.to_string()).collect(),
        Some(v) => vec![v.to_string()],
        None => Vec::new(),
    };
    if field != "owner" {
        return terms;
    }
    terms
        .into_iter()
        .map(|term| canonical_person(people, term))
        .collect()
}

/// The listed name of the person `written` stands for, else `written` as it is.
pub fn canonical_person(people: Option<&People>, written: String) -> String {
    match people.and_then(|p| p.find(&written)) {
        Some(PersonMatch::Alias(person)) => person.name.clone(),
        _ => written,
    }
}

/// Page URLs (relative to the site root) of the terms of every taxonomy.
#[derive(Debug, Default)]
pub struct TermUrls {
    /// folder → term → URL
    urls: BTreeMap<&'static str, BTreeMap<String, String>>,
    /// `people:` from spex.yaml, so an owner written as an alias links to the person.
    people: Option<People>,
}

impl TermUrls {
    /// Places the terms of `docs` (the documents the site shows).
    pub fn new(docs: &[&Document], people: Option<&People>) -> TermUrls {
        // The three taxonomies side by side, each over the documents on every core: the
        // live preview places every term again before it renders the page just saved.
        let urls = TAXONOMIES
            .par_iter()
            .map(|&(folder, field, _, _)| {
                let names: BTreeSet<String> = docs
                    .par_iter()
                    .fold(BTreeSet::new, |mut names, doc| {
                        names.extend(terms_of(doc, field, people));
                        names
                    })
                    .reduce(BTreeSet::new, |mut a, mut b| {
                        a.append(&mut b);
                        a
                    });
                let pages = place(&names)
                    .into_iter()
                    .map(|(name, page)| (name, format!("{folder}/{page}.html")))
                    .collect();
                (folder, pages)
            })
            .collect();
        TermUrls {
            urls,
            people: people.cloned(),
        }
    }

    /// The URL of `term` in `folder` (an owner's alias: the person's). A term no shown
    /// document has (none is asked for) still gets a safe, bounded URL.
    pub fn url(&self, folder: &str, term: &str) -> String {
        let term = if folder == "owners" {
            canonical_person(self.people.as_ref(), term.to_owned())
        } else {
            term.to_owned()
        };
        let term = term.as_str();
        match self.urls.get(folder).and_then(|terms| terms.get(term)) {
            Some(url) => url.clone(),
            None => format!("{folder}/{}.html", base(term)),
        }
    }
}

/// A term's slug as a safe, bounded page name (`index` excepted). Accents are folded
/// first (`Tomás Ruiz` → `tomas-ruiz`, not `tom-s-ruiz`), as the index filter folds them.
fn base(name: &str) -> String {
    let folded: String = name.nfd().filter(|&c| !is_combining_mark(c)).collect();
    let slug = slugify(&folded);
    let slug = if slug.is_empty() { "_".into() } else { slug };
    bounded_segment(&safe_segment(&slug), name)
}

/// Gives each name a unique page name (without `.html`).
fn place(names: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut by_base: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for name in names {
        by_base.entry(base(name)).or_default().push(name);
    }
    let mut taken: HashSet<String> = HashSet::from(["index".to_owned()]);
    let mut placed = BTreeMap::new();
    let mut others = Vec::new();
    for (base, mut group) in by_base {
        // The name spelt like its slug first, then byte order (the group's order).
        if let Some(i) = group.iter().position(|n| **n == base) {
            let exact = group.remove(i);
            group.insert(0, exact);
        }
        taken.insert(base.clone());
        placed.insert(group[0].clone(), base.clone());
        others.extend(group[1..].iter().map(|name| (base.clone(), *name)));
    }
    for (base, name) in others {
        let mut page = with_hash(&base, name);
        let mut n = 2;
        while !taken.insert(page.clone()) {
            page = with_hash(&base, &format!("{name}\u{0}{n}"));
            n += 1;
        }
        placed.insert(name.clone(), page);
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(names: &[&str]) -> Vec<(String, String)> {
        let names: BTreeSet<String> = names.iter().map(|n| n.to_string()).collect();
        place(&names).into_iter().collect()
    }

    #[test]
    fn ordinary_names_keep_their_slug() {
        let pages = placed(&["Dana Kim", "payments", "Q&A"]);
        let pages: Vec<&str> = pages.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(pages, ["dana-kim", "qa", "payments"]);
    }

    #[test]
    fn accents_are_folded_not_dashed() {
        let pages = placed(&["Tomás Ruiz", "Zoë Ångström", "Renée"]);
        let pages: Vec<&str> = pages.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(pages, ["renee", "tomas-ruiz", "zoe-angstrom"]);
    }

    #[test]
    fn names_that_slug_alike_get_pages_of_their_own() {
        let pages = placed(&["Foo", "foo", "a b", "a-b", "日本", "中国"]);
        let unique: HashSet<&String> = pages.iter().map(|(_, p)| p).collect();
        assert_eq!(unique.len(), pages.len(), "{pages:?}");
        let page = |name: &str| pages.iter().find(|(n, _)| n == name).unwrap().1.clone();
        // The spelling that equals the slug keeps it.
        assert_eq!(page("foo"), "foo");
        assert_eq!(page("a-b"), "a-b");
        assert!(page("Foo").starts_with("foo-"));
        assert!(page("a b").starts_with("a-b-"));
    }

    #[test]
    fn index_and_long_names_are_bounded_and_apart() {
        let long_a = format!("{}a", "x".repeat(300));
        let long_b = format!("{}b", "x".repeat(300));
        let pages = placed(&["index", "Index", &long_a, &long_b]);
        let unique: HashSet<&String> = pages.iter().map(|(_, p)| p).collect();
        assert_eq!(unique.len(), 4, "{pages:?}");
        for (name, page) in &pages {
            assert_ne!(page, "index", "{name}");
            assert!(page.len() <= 120, "{page}");
        }
    }

    #[test]
    fn placing_is_deterministic() {
        let names = ["Foo", "foo", "FOO", "index", "a b", "a-b"];
        assert_eq!(placed(&names), placed(&names));
    }
}
