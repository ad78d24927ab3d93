//! Model: what counts as a material change to a document, by kind: which front-matter
//! fields are cosmetic and which body sections are normative. Built-in defaults,
//! overridden under `rules: { suspect-link: { cosmetic, normative } }` in spex.yaml.

use std::collections::BTreeMap;

use super::fingerprint::Fingerprint;
use crate::config::Config;
use crate::diag::Rule;

/// Fields that say who looks after a document, how it is filed and when it was touched,
/// not what it commits to: a new owner or an extra tag asks nobody to re-read anything.
/// `status`, `target`, dependencies and every field a kind adds stay material.
pub const DEFAULT_COSMETIC_FIELDS: &[&str] = &[
    "title",
    "owner",
    "authors",
    "reviewers",
    "team",
    "tags",
    "audience",
    "created",
    "updated",
];

/// The sections of the built-in kinds whose text is what others build on. A PRD's
/// problem statement, users and open questions are context; its requirements, scope,
/// goals and acceptance criteria are the commitment. A decision's outcome and
/// consequences are the commitment; its context and alternatives are history. Kinds not
/// listed (vision, roadmap, release, custom kinds) count their whole body.
const DEFAULT_NORMATIVE_SECTIONS: &[(&str, &[&str])] = &[
    (
        "prd",
        &[
            "Requirements",
            "Acceptance criteria",
            "Specification",
            "Scope",
            "Goals",
            "Non-goals",
            "Success metrics",
        ],
    ),
    ("decision", &["Decision", "Consequences"]),
    ("objective", &["Outcome", "Key results", "How we measure"]),
];

/// The material parts of every kind, as configured.
#[derive(Debug, Clone, PartialEq)]
pub struct Materiality {
    pub cosmetic: Vec<String>,
    /// Normative headings by kind name; kinds not here count their whole body.
    pub normative: BTreeMap<String, Vec<String>>,
}

impl Materiality {
    /// The built-in lists with the workspace's `suspect-link` settings over them.
    pub fn new(config: &Config) -> Materiality {
        let setting = config.rules.get(&Rule::SuspectLink);
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let cosmetic = setting
            .and_then(|s| s.cosmetic.clone())
            .unwrap_or_else(|| owned(DEFAULT_COSMETIC_FIELDS));
        let mut normative: BTreeMap<String, Vec<String>> = DEFAULT_NORMATIVE_SECTIONS
            .iter()
            .map(|(kind, headings)| ((*kind).to_owned(), owned(headings)))
            .collect();
        if let Some(setting) = setting {
            normative.extend(setting.normative.clone());
        }
        Materiality {
            cosmetic,
            normative,
        }
    }

    /// The normative headings of a kind (none: the whole body counts).
    pub fn normative_of(&self, kind: Option<&str>) -> &[String] {
        kind.and_then(|k| self.normative.get(k))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether going from `older` to `newer`, versions of a document of `kind`, is a
    /// material change.
    pub fn differs(&self, newer: &Fingerprint, older: &Fingerprint, kind: Option<&str>) -> bool {
        newer.differs_materially(older, &self.cosmetic, self.normative_of(kind))
    }
}
