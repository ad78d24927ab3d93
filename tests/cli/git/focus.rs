//! `check --changed-since`: the changed documents, and only the damage done elsewhere.

use super::{json_rules, prd, run, scenario};
use crate::git_repo::day;

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
    let (_, all, _) = run(&s.repo, &["check", "specs", "--format", "json", "--quiet"]);
    let (_, focused, _) = run(
        &s.repo,
        &[
            "check",
            "specs",
            "--changed-since",
            "HEAD",
            "--format",
            "json",
            "--quiet",
        ],
    );
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
