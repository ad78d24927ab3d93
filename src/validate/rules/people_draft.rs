//! `similar-names` for one draft, against every person spelling of the workspace it is
//! checked in, gathered and folded once per compilation: a draft's few spellings are
//! compared with the others without reading every document's fields again (at 10,000
//! documents that pass was most of a draft check).

use std::collections::BTreeMap;
use std::ops::Range;

use super::people::{alike, person_fields_of, similar_names_diagnostic};
use crate::config::Config;
use crate::diag::{Diagnostic, Level, Rule};
use crate::model::{Document, Workspace};
use crate::parse::slug::slugify;

/// Every spelling of a person in one workspace: folded, with its uses (file and value
/// span) in workspace order.
#[derive(Debug, Default)]
pub struct PersonSpellings {
    by_name: BTreeMap<String, Spelling>,
}

#[derive(Debug)]
struct Spelling {
    folded: Vec<char>,
    uses: Vec<(String, Range<usize>)>,
}

impl PersonSpellings {
    pub fn of(ws: &Workspace) -> PersonSpellings {
        let mut by_name: BTreeMap<String, Spelling> = BTreeMap::new();
        for doc in &ws.docs {
            for (span, person) in person_fields_of(doc) {
                let person = person.trim();
                by_name
                    .entry(person.to_owned())
                    .or_insert_with(|| Spelling {
                        folded: slugify(person).chars().collect(),
                        uses: Vec::new(),
                    })
                    .uses
                    .push((doc.path.clone(), span));
            }
        }
        PersonSpellings { by_name }
    }

    /// What `similar-names` reports in `draft` in the workspace these spellings are of,
    /// with `draft` saved (in place of `replaced`, the document at its path before, if
    /// any): the same as the rule over that whole workspace reports in the draft's file.
    pub fn similar_names_in_draft(
        &self,
        config: &Config,
        draft: &Document,
        replaced: Option<&Document>,
    ) -> Vec<Diagnostic> {
        if config.people.is_some() || config.rule_level(Rule::SimilarNames) == Level::Allow {
            return Vec::new();
        }
        let file = draft.path.as_str();
        let mut own: BTreeMap<&str, Vec<Range<usize>>> = BTreeMap::new();
        for (span, person) in person_fields_of(draft) {
            own.entry(person.trim()).or_default().push(span);
        }
        let mut gone: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, person) in replaced.map(person_fields_of).unwrap_or_default() {
            *gone.entry(person.trim()).or_default() += 1;
        }
        let drafted_only: BTreeMap<&str, Vec<char>> = own
            .keys()
            .filter(|name| !self.by_name.contains_key(**name))
            .map(|name| (*name, slugify(name).chars().collect()))
            .collect();

        // Each spelling's uses and first use with the draft saved.
        let base_first = |name: &str| {
            self.by_name.get(name).and_then(|s| {
                s.uses
                    .iter()
                    .find(|(f, _)| f != file)
                    .map(|(f, span)| (f.as_str(), span.clone()))
            })
        };
        let first = |name: &str| -> Option<(&str, Range<usize>)> {
            let drafted = own.get(name).map(|spans| (file, spans[0].clone()));
            match (base_first(name), drafted) {
                (Some(base), Some(_)) if base.0 < file => Some(base),
                (base, drafted) => drafted.or(base),
            }
        };
        let uses = |name: &str| {
            let base = self.by_name.get(name).map_or(0, |s| s.uses.len());
            let own = own.get(name).map_or(0, Vec::len);
            base - gone.get(name).copied().unwrap_or(0) + own
        };
        // Every spelling still written somewhere, with its folded form.
        let spellings: Vec<(&str, &[char])> = self
            .by_name
            .iter()
            .map(|(name, s)| (name.as_str(), s.folded.as_slice()))
            .filter(|(name, _)| uses(name) > 0)
            .chain(drafted_only.iter().map(|(n, f)| (*n, f.as_slice())))
            .collect();
        let rank = |name: &str| (std::cmp::Reverse(uses(name)), name.to_owned());

        let mut out = Vec::new();
        let folded_of = |name: &str| {
            spellings
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, f)| *f)
                .unwrap_or_default()
        };
        for rare in own.keys().copied() {
            let Some((rare_file, rare_span)) = first(rare).filter(|(f, _)| *f == file) else {
                continue;
            };
            let rare_rank = rank(rare);
            let rare_folded = folded_of(rare);
            let common = spellings
                .iter()
                .filter(|(other, folded)| rank(other) < rare_rank && alike(rare_folded, folded))
                .min_by_key(|(other, _)| rank(other));
            if let Some((common, _)) = common
                && let Some((common_file, common_span)) = first(common)
            {
                out.push(similar_names_diagnostic(
                    rare,
                    (rare_file, rare_span),
                    common,
                    (common_file, common_span),
                ));
            }
        }
        out
    }
}
