//! Validate stage: cross-document rules over the resolved [`Workspace`], and the rule
//! registry that names every diagnostic spex can emit, with its default level.

pub mod graph;
mod rules;

use rayon::prelude::*;

use crate::config::{Config, Level};
use crate::diag::{Diagnostic, Severity};
use crate::model::Workspace;

/// A rule check over the whole workspace.
pub type Check = fn(&Workspace, &mut Vec<Diagnostic>);

/// A rule's public description. The README's rules table is tested against this list.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// Stable kebab-case name used in output and in `rules:` overrides.
    pub name: &'static str,
    pub default: Level,
    /// One line: what it flags.
    pub summary: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// Workspace-level check; `None` for rules the loader, parser or resolver emit.
    pub check: Option<Check>,
}

/// Every rule, in the order the README lists them.
pub static RULES: &[RuleInfo] = &[
    RuleInfo {
        name: "config",
        default: Level::Error,
        summary: "spex.yaml has an unknown key or a bad value.",
        why: "A misspelt setting would otherwise be ignored silently.",
        check: None,
    },
    RuleInfo {
        name: "skipped-file",
        default: Level::Warn,
        summary: "A file could not be read as a document (binary, too large, unreadable, not a regular file, symlink loop), or a linked file is not copied into the site (not a regular file, over `site.max_attachment_size`, Markdown that is not clearly public).",
        why: "Its content is missing from every output.",
        check: None,
    },
    RuleInfo {
        name: "invalid-encoding",
        default: Level::Error,
        summary: "A document is not valid UTF-8.",
        why: "Invalid bytes render as replacement characters.",
        check: None,
    },
    RuleInfo {
        name: "yaml-syntax",
        default: Level::Error,
        summary: "Front matter is not valid YAML, is never closed, or repeats a key.",
        why: "Nothing in the front matter can be read.",
        check: None,
    },
    RuleInfo {
        name: "missing-field",
        default: Level::Error,
        summary: "A required field (or the ID) is missing.",
        why: "Indexes, roadmaps and digests depend on it.",
        check: None,
    },
    RuleInfo {
        name: "unknown-field",
        default: Level::Error,
        summary: "A front-matter field the kind does not declare.",
        why: "Usually a typo (`depends-on` for `depends_on`) that silently drops data.",
        check: None,
    },
    RuleInfo {
        name: "invalid-type",
        default: Level::Error,
        summary: "A value has the wrong shape (a list where a string belongs).",
        why: "The value cannot be used.",
        check: None,
    },
    RuleInfo {
        name: "invalid-value",
        default: Level::Error,
        summary: "A value has the right shape but is not allowed (unknown status, impossible date, unknown kind or section tag).",
        why: "The value cannot be used.",
        check: None,
    },
    RuleInfo {
        name: "invalid-id",
        default: Level::Error,
        summary: "An ID does not match its kind's pattern.",
        why: "Nothing can reference the document reliably.",
        check: None,
    },
    RuleInfo {
        name: "duplicate-id",
        default: Level::Error,
        summary: "Two documents share an ID.",
        why: "References to it are ambiguous; the first by path wins.",
        check: None,
    },
    RuleInfo {
        name: "template",
        default: Level::Error,
        summary: "A template in the workspace's `templates/` folder does not compile or fails to render.",
        why: "Nothing can be rendered with it.",
        check: None,
    },
    RuleInfo {
        name: "unknown-reference",
        default: Level::Error,
        summary: "A reference to an ID no document has.",
        why: "A roadmap item pointing at a deleted PRD silently loses its spec.",
        check: Some(rules::references::unknown_reference),
    },
    RuleInfo {
        name: "wrong-reference-kind",
        default: Level::Error,
        summary: "A reference field points at a document of a kind it does not allow.",
        why: "An objective listed under `depends_on` is not a dependency.",
        check: Some(rules::references::wrong_reference_kind),
    },
    RuleInfo {
        name: "self-reference",
        default: Level::Error,
        summary: "A document references itself.",
        why: "Always a copy-paste slip.",
        check: Some(rules::references::self_reference),
    },
    RuleInfo {
        name: "deprecated-reference",
        default: Level::Warn,
        summary: "A reference to a deprecated, retired, superseded, rejected or dropped document.",
        why: "Work built on something abandoned needs a new basis.",
        check: Some(rules::lifecycle::deprecated_reference),
    },
    RuleInfo {
        name: "dependency-cycle",
        default: Level::Error,
        summary: "Documents depend on each other in a cycle (the cycle is printed).",
        why: "Nothing in a cycle can ship first.",
        check: Some(rules::dependencies::dependency_cycle),
    },
    RuleInfo {
        name: "roadmap-unapproved",
        default: Level::Warn,
        summary: "A roadmap item in horizon now or next refers to a PRD that is not approved yet.",
        why: "Committed work should rest on an agreed spec.",
        check: Some(rules::roadmap::roadmap_unapproved),
    },
    RuleInfo {
        name: "schedule-inversion",
        default: Level::Warn,
        summary: "A document targets an earlier quarter than something it depends on.",
        why: "It cannot ship before its dependency does.",
        check: Some(rules::dependencies::schedule_inversion),
    },
    RuleInfo {
        name: "broken-link",
        default: Level::Error,
        summary: "A relative link to a file that does not exist (or lies outside the workspace).",
        why: "Readers hit a dead end, on GitHub and on the site.",
        check: Some(rules::links::broken_link),
    },
    RuleInfo {
        name: "broken-anchor",
        default: Level::Error,
        summary: "A link or `[[ID#slug]]` to a heading that does not exist.",
        why: "Headings get renamed; links to them rot silently.",
        check: Some(rules::links::broken_anchor),
    },
    RuleInfo {
        name: "status-order",
        default: Level::Warn,
        summary: "A document is further along its lifecycle than something it depends on (an approved PRD depending on a draft, a released release including an unshipped PRD).",
        why: "The plan is inconsistent: one of the two statuses is wrong.",
        check: Some(rules::lifecycle::status_order),
    },
    RuleInfo {
        name: "confidential-reference",
        default: Level::Warn,
        summary: "A non-confidential document references a confidential one.",
        why: "The confidential document's title would show in public output.",
        check: Some(rules::references::confidential_reference),
    },
    RuleInfo {
        name: "orphan",
        default: Level::Warn,
        summary: "A PRD linked to no vision or objective and on no roadmap.",
        why: "Work nobody can trace to a goal is work nobody prioritised.",
        check: Some(rules::roadmap::orphan),
    },
    RuleInfo {
        name: "empty-body",
        default: Level::Warn,
        summary: "A spec has front matter but no body text.",
        why: "A spec with no content says nothing to its readers.",
        check: Some(rules::body::empty_body),
    },
    RuleInfo {
        name: "html-too-deep",
        default: Level::Warn,
        summary: "A document with raw HTML nests elements more than 256 levels deep (Markdown and HTML together); its raw HTML is shown as text.",
        why: "Sanitizing HTML takes time that grows with its depth for every tag: one such document would stall every build.",
        check: Some(rules::body::html_too_deep),
    },
    RuleInfo {
        name: "suspect-link",
        default: Level::Note,
        summary: "A document references another that changed after it did (needs git history).",
        why: "The referencing document may rest on assumptions that no longer hold: someone should re-read it.",
        check: Some(rules::history::suspect_link),
    },
    RuleInfo {
        name: "stale",
        default: Level::Allow,
        summary: "A document in an active status (approved, in progress, active) has not changed for longer than `days` (default 90; needs git history).",
        why: "Active plans that nobody touches drift from reality.",
        check: Some(rules::history::stale),
    },
];

pub fn rule(name: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.name == name)
}

/// The default level of a rule (error for names the registry does not know, which a
/// unit test rules out).
pub fn default_level(name: &str) -> Level {
    rule(name).map_or(Level::Error, |r| r.default)
}

pub fn default_severity(name: &str) -> Severity {
    default_level(name).severity().unwrap_or(Severity::Note)
}

/// Runs every workspace-level rule that is not turned off. Rules only read the
/// workspace, so they run in parallel; the output order is still the registry's.
pub fn validate(ws: &Workspace) -> Vec<Diagnostic> {
    let per_rule: Vec<Vec<Diagnostic>> = RULES
        .par_iter()
        .filter_map(|rule| {
            let check = rule.check?;
            (ws.config.rule_level(rule.name) != Level::Allow).then(|| {
                let mut out = Vec::new();
                check(ws, &mut out);
                out
            })
        })
        .collect();
    per_rule.into_iter().flatten().collect()
}

/// Applies the workspace's rule levels: drops allowed rules, sets severities, and sorts
/// into a stable order.
pub fn apply_levels(config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain_mut(|d| match config.rule_level(d.rule).severity() {
        Some(severity) => {
            d.severity = severity;
            true
        }
        None => false,
    });
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_unique_kebab_case() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        for name in &names {
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{name}"
            );
        }
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }
}
