//! Validate stage: cross-document rules over the resolved [`Workspace`]. Each rule of
//! the catalogue ([`Rule`]) that has a workspace-level check is paired with it here;
//! the others are emitted by the loader, parser, resolver or renderers.

mod rules;

pub use rules::people::person_fields_of;
pub use rules::people_draft::PersonSpellings;
pub use rules::references::unknown_reference_at;

use rayon::prelude::*;

use crate::config::{Config, Level};
use crate::diag::{Diagnostic, Rule};
use crate::model::Workspace;

/// A rule check over the whole workspace.
pub type Check = fn(&Workspace, &mut Vec<Diagnostic>);

/// The workspace-level checks, each with the rule it reports.
pub static CHECKS: &[(Rule, Check)] = &[
    (Rule::UnknownReference, rules::references::unknown_reference),
    (
        Rule::WrongReferenceKind,
        rules::references::wrong_reference_kind,
    ),
    (Rule::SelfReference, rules::references::self_reference),
    (
        Rule::DeprecatedReference,
        rules::lifecycle::deprecated_reference,
    ),
    (Rule::DependencyCycle, rules::dependencies::dependency_cycle),
    (Rule::RoadmapUnapproved, rules::roadmap::roadmap_unapproved),
    (
        Rule::ScheduleInversion,
        rules::dependencies::schedule_inversion,
    ),
    (Rule::BrokenLink, rules::links::broken_link),
    (Rule::BrokenAnchor, rules::links::broken_anchor),
    (Rule::StatusOrder, rules::lifecycle::status_order),
    (
        Rule::ConfidentialReference,
        rules::references::confidential_reference,
    ),
    (Rule::Orphan, rules::roadmap::orphan),
    (Rule::SimilarNames, rules::people::similar_names),
    (Rule::UnknownPerson, rules::people::unknown_person),
    (Rule::PersonAlias, rules::people::person_alias),
    (Rule::EmptyBody, rules::body::empty_body),
    (Rule::HtmlTooDeep, rules::body::html_too_deep),
    (Rule::SuspectLink, rules::history::suspect_link),
    (Rule::Stale, rules::history::stale),
];

/// The rules that read git history; with all of them turned off a check needs no history.
pub const HISTORY_RULES: [Rule; 2] = [Rule::SuspectLink, Rule::Stale];

/// Whether any enabled rule reads git history.
pub fn needs_history(config: &Config) -> bool {
    HISTORY_RULES
        .iter()
        .any(|&rule| config.rule_level(rule) != Level::Allow)
}

/// Runs every workspace-level rule that is not turned off. Rules only read the
/// workspace, so they run in parallel; the output order is still the list's.
pub fn validate(ws: &Workspace) -> Vec<Diagnostic> {
    validate_rules(ws, |_| true)
}

/// [`validate`] with only the rules `keep` selects (a compile after a change re-runs
/// some rules over the whole workspace, others over the documents the change touched).
pub fn validate_rules(ws: &Workspace, keep: impl Fn(Rule) -> bool + Sync) -> Vec<Diagnostic> {
    // One rule per task: a few rules cost more than all the others together, and
    // rayon's default would give one thread a run of them in a row.
    let per_rule: Vec<Vec<Diagnostic>> = CHECKS
        .par_iter()
        .with_max_len(1)
        .filter_map(|&(rule, check)| {
            (keep(rule) && ws.config.rule_level(rule) != Level::Allow).then(|| {
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
    fn each_rule_has_at_most_one_check() {
        let mut rules: Vec<Rule> = CHECKS.iter().map(|(rule, _)| *rule).collect();
        rules.sort_unstable();
        let before = rules.len();
        rules.dedup();
        assert_eq!(before, rules.len());
    }
}
