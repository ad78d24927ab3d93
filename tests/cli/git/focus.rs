//! `check --changed-since`: the changed documents, and only the damage done elsewhere.

use super::{json_rules, prd, run, scenario};
use crate::git_repo::{TestRepo, day};

/// `spex check --changed-since HEAD` of the scenario's workspace, as JSON.
fn focused_check(repo: &TestRepo) -> (i32, String, String) {
    run(
        repo,
        &[
            "check",
            "specs",
            "--changed-since",
            "HEAD",
            "--format",
            "json",
            "--quiet",
        ],
    )
}

/// The whole workspace's check, as JSON.
fn full_check(repo: &TestRepo) -> (i32, String, String) {
    run(repo, &["check", "specs", "--format", "json", "--quiet"])
}

#[test]
fn changed_since_catches_links_to_a_heading_the_change_removed() {
    let s = scenario();
    s.repo
        .write(
            "specs/README.md",
            "# Specs\n\nStart with [the requirements](prds/PRD-001-tracking.md#requirements).\n",
        )
        .write(
            "specs/prds/PRD-2.md",
            &prd(
                "PRD-2",
                "Delay alerts",
                "draft",
                "2027-Q2",
                "depends_on: PRD-1\n",
                "Builds on [[PRD-1#requirements]]. An old slip: [notes](notes.md).\n",
            ),
        );
    s.repo
        .commit("Point at the requirements", "Ann Lee", day(2026, 4, 2));
    // The change: the heading is renamed, uncommitted.
    let tracking =
        std::fs::read_to_string(s.repo.join("specs/prds/PRD-001-tracking.md")).expect("read");
    assert!(tracking.contains("## Requirements"));
    s.repo.write(
        "specs/prds/PRD-001-tracking.md",
        &tracking.replace("## Requirements", "## Needs"),
    );

    let anchors = |stdout: &str| -> Vec<(String, String)> {
        json_rules(stdout)
            .into_iter()
            .filter(|(r, _)| r == "broken-anchor")
            .collect()
    };
    let (_, all, _) = full_check(&s.repo);
    let (_, focused, _) = focused_check(&s.repo);
    let expected = [
        ("broken-anchor".to_owned(), "README.md".to_owned()),
        ("broken-anchor".to_owned(), "prds/PRD-2.md".to_owned()),
    ];
    assert_eq!(anchors(&all), expected, "{all}");
    assert_eq!(anchors(&focused), expected, "{focused}");
    assert!(
        json_rules(&all).contains(&("broken-link".into(), "prds/PRD-2.md".into())),
        "{all}"
    );
    assert!(
        !json_rules(&focused)
            .iter()
            .any(|(r, _)| r != "broken-anchor"),
        "an unchanged document keeps only what the change broke: {focused}"
    );
}

#[test]
fn changed_since_reports_warnings_the_change_causes_in_untouched_documents() {
    let s = scenario();
    // An old problem in an untouched document, which the focused check must not repeat.
    s.repo.write(
        "specs/prds/PRD-3.md",
        &prd(
            "PRD-3",
            "Paper labels",
            "draft",
            "2027-Q3",
            "",
            "Print labels, see [[PRD-99]].\n",
        ),
    );
    s.repo
        .commit("Mention a PRD to come", "Ann Lee", day(2026, 4, 2));
    // The change: PRD-1 is deprecated. PRD-2, untouched, still depends on it.
    let tracking =
        std::fs::read_to_string(s.repo.join("specs/prds/PRD-001-tracking.md")).expect("read");
    s.repo.write(
        "specs/prds/PRD-001-tracking.md",
        &tracking.replace("status: approved", "status: deprecated"),
    );

    let (_, focused, _) = focused_check(&s.repo);
    let rules = json_rules(&focused);
    assert!(
        rules.contains(&("deprecated-reference".into(), "prds/PRD-2.md".into())),
        "the warning the deprecation causes in PRD-2: {focused}"
    );
    assert!(
        !rules.iter().any(|(_, file)| file == "prds/PRD-3.md"),
        "PRD-3's old unknown reference is not the change's: {focused}"
    );
    let (_, all, _) = full_check(&s.repo);
    assert!(
        all.contains("PRD-99"),
        "the full check still reports it: {all}"
    );
}
