//! The rule catalogue: every diagnostic spex can emit has a [`Rule`], with its stable
//! name, default level and documentation (what it flags, why, an example and its fix).
//!
//! It sits at the bottom of the stack, below config and validation, so that
//! diagnostics, `rules:` in spex.yaml, `spex rules`, SARIF and the README all read one
//! list. Validation only pairs rules with their checks (`validate::CHECKS`).

mod docs;

use super::Level;

/// A rule. Its name (kebab-case) is public: it appears in output and in `rules:`
/// overrides, so it never changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Config,
    SkippedFile,
    InvalidEncoding,
    YamlSyntax,
    LateFrontMatter,
    MissingField,
    UnknownField,
    ForbiddenField,
    InvalidType,
    InvalidValue,
    QuarterSpelling,
    ListOrder,
    FieldOrder,
    InvalidId,
    FileName,
    DuplicateId,
    Template,
    UnknownTemplate,
    UnknownReference,
    WrongReferenceKind,
    SelfReference,
    DeprecatedReference,
    DependencyCycle,
    RoadmapUnapproved,
    ScheduleInversion,
    BrokenLink,
    BrokenAnchor,
    StatusOrder,
    ConfidentialReference,
    Orphan,
    PlainPage,
    SimilarNames,
    UnknownPerson,
    PersonAlias,
    EmptyBody,
    MissingSection,
    HtmlTooDeep,
    SuspectLink,
    Stale,
}

/// A rule's documentation, in the ruff "what / why / example" shape.
#[derive(Debug)]
pub struct RuleDoc {
    pub name: &'static str,
    pub default: Level,
    /// One line: what it flags.
    pub summary: &'static str,
    /// Why it matters: a short paragraph.
    pub why: &'static str,
    /// A file (or its front matter) that breaks the rule.
    pub example: &'static str,
    /// The same file fixed.
    pub fix: &'static str,
}

impl Rule {
    /// Every rule, in the order the README and `spex rules` list them.
    pub const ALL: [Rule; 39] = [
        Rule::Config,
        Rule::SkippedFile,
        Rule::InvalidEncoding,
        Rule::YamlSyntax,
        Rule::LateFrontMatter,
        Rule::MissingField,
        Rule::UnknownField,
        Rule::ForbiddenField,
        Rule::InvalidType,
        Rule::InvalidValue,
        Rule::QuarterSpelling,
        Rule::ListOrder,
        Rule::FieldOrder,
        Rule::InvalidId,
        Rule::FileName,
        Rule::DuplicateId,
        Rule::Template,
        Rule::UnknownTemplate,
        Rule::UnknownReference,
        Rule::WrongReferenceKind,
        Rule::SelfReference,
        Rule::DeprecatedReference,
        Rule::DependencyCycle,
        Rule::RoadmapUnapproved,
        Rule::ScheduleInversion,
        Rule::BrokenLink,
        Rule::BrokenAnchor,
        Rule::StatusOrder,
        Rule::ConfidentialReference,
        Rule::Orphan,
        Rule::PlainPage,
        Rule::SimilarNames,
        Rule::UnknownPerson,
        Rule::PersonAlias,
        Rule::EmptyBody,
        Rule::MissingSection,
        Rule::HtmlTooDeep,
        Rule::SuspectLink,
        Rule::Stale,
    ];

    /// The rule's documentation.
    pub fn doc(self) -> &'static RuleDoc {
        docs::doc(self)
    }

    /// The stable kebab-case name, e.g. `unknown-reference`.
    pub fn name(self) -> &'static str {
        self.doc().name
    }

    /// The rule with this name, if there is one.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The level a workspace without `rules:` overrides reports it at.
    pub fn default_level(self) -> Level {
        self.doc().default
    }

    pub fn summary(self) -> &'static str {
        self.doc().summary
    }

    pub fn why(self) -> &'static str {
        self.doc().why
    }

    pub fn example(self) -> &'static str {
        self.doc().example
    }

    pub fn fix(self) -> &'static str {
        self.doc().fix
    }

    /// Where this rule's documentation lives under a docs URL (`docs_url` in
    /// spex.yaml): the name appended as the last path segment.
    pub fn url(self, docs_url: &str) -> String {
        format!("{}/{}", docs_url.trim_end_matches('/'), self.name())
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_round_trip() {
        let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        for name in &names {
            assert!(
                !name.is_empty()
                    && !name.starts_with('-')
                    && !name.ends_with('-')
                    && !name.contains("--")
                    && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "not kebab-case: {name:?}"
            );
            assert_eq!(Rule::from_name(name).map(Rule::name), Some(*name));
        }
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "duplicate rule names");
    }

    #[test]
    fn every_rule_has_docs_and_an_example_with_its_fix() {
        for rule in Rule::ALL {
            let doc = rule.doc();
            assert!(
                doc.summary.ends_with('.'),
                "{rule}: summary is one sentence"
            );
            assert!(!doc.summary.contains('\n'), "{rule}: summary is one line");
            assert!(doc.why.len() > 20, "{rule}: why is missing");
            assert!(!doc.example.trim().is_empty(), "{rule}: example is missing");
            assert!(!doc.fix.trim().is_empty(), "{rule}: fix is missing");
            assert_ne!(doc.example, doc.fix, "{rule}: the fix changes the example");
        }
    }

    #[test]
    fn all_lists_every_variant_once_in_declaration_order() {
        // Discriminants count up from 0, so ALL holds every variant exactly when the
        // i-th entry is the i-th variant and the last one is the last declared.
        for (i, rule) in Rule::ALL.into_iter().enumerate() {
            assert_eq!(rule as usize, i, "{rule} is out of place in Rule::ALL");
        }
        assert_eq!(Rule::Stale as usize + 1, Rule::ALL.len());
    }

    #[test]
    fn docs_urls_end_in_the_rule_name() {
        assert_eq!(
            Rule::BrokenAnchor.url("https://x.test/spex/rules/"),
            "https://x.test/spex/rules/broken-anchor"
        );
        assert_eq!(
            Rule::Orphan.url("https://x.test/r"),
            "https://x.test/r/orphan"
        );
    }
}
