//! `suspect-link` counts only material changes to the referenced document: a typo fix
//! outside its requirements, a reflowed paragraph or a cosmetic field leave the
//! documents that cite it alone; a requirement or its status does not.

use super::{OBJECTIVE, VISION, json_rules, prd, run};
use crate::git_repo::{TestRepo, day};

const BODY: &str = "## Problem\nShoppers ask where\nparcels are.\n\n## Requirements\n1. A branded page.\n2. Email on delay.\n";

/// PRD-2 depends on PRD-1; both committed, PRD-2 last. Then `edit` rewrites PRD-1 in a
/// later commit.
fn suspect_links_after(edit: impl Fn(&str) -> String) -> Vec<(String, String)> {
    suspect_links_with_config_after(None, edit)
}

/// [`suspect_links_after`], with `config` as the workspace's spex.yaml when given.
fn suspect_links_with_config_after(
    config: Option<&str>,
    edit: impl Fn(&str) -> String,
) -> Vec<(String, String)> {
    let repo = TestRepo::new();
    if let Some(config) = config {
        repo.write("spex.yaml", config);
    }
    let prd1 = prd("PRD-1", "Tracking", "draft", "2027-Q1", "", BODY);
    repo.write("vision/VIS-1.md", VISION)
        .write("objectives/OBJ-1.md", OBJECTIVE)
        .write("prds/PRD-1.md", &prd1);
    repo.commit("Add tracking", "Ann Lee", day(2026, 3, 1));
    repo.write(
        "prds/PRD-2.md",
        &prd(
            "PRD-2",
            "Alerts",
            "draft",
            "2027-Q2",
            "depends_on: PRD-1\n",
            "Alerts.\n",
        ),
    );
    repo.commit("Add alerts", "Ben Ode", day(2026, 3, 2));
    repo.write("prds/PRD-1.md", &edit(&prd1));
    repo.commit("Edit tracking", "Ann Lee", day(2026, 3, 3));
    let (_, stdout, _) = run(&repo, &["check", "--format", "json", "--quiet"]);
    json_rules(&stdout)
        .into_iter()
        .filter(|(rule, _)| rule == "suspect-link")
        .collect()
}

#[test]
fn a_typo_fix_outside_the_requirements_asks_nobody_to_re_read() {
    assert_eq!(
        suspect_links_after(|t| t.replace("Shoppers ask where", "Shoppers ask wher")),
        []
    );
}

#[test]
fn reflowing_a_requirement_asks_nobody_to_re_read() {
    let reflowed = |t: &str| t.replace("1. A branded page.", "1.  A branded\n    PAGE.");
    assert_eq!(suspect_links_after(reflowed), []);
}

#[test]
fn a_cosmetic_field_edit_asks_nobody_to_re_read() {
    assert_eq!(
        suspect_links_after(|t| t.replace("owner: Ann Lee", "owner: Ben Ode")),
        []
    );
}

#[test]
fn editing_a_requirement_makes_the_dependent_suspect() {
    assert_eq!(
        suspect_links_after(|t| t.replace("Email on delay.", "Email and SMS on delay.")),
        [("suspect-link".to_owned(), "prds/PRD-2.md".to_owned())]
    );
}

#[test]
fn a_status_change_makes_the_dependent_suspect() {
    assert_eq!(
        suspect_links_after(|t| t.replace("status: draft", "status: approved")),
        [("suspect-link".to_owned(), "prds/PRD-2.md".to_owned())]
    );
}

#[test]
fn cosmetic_fields_and_normative_sections_are_configurable() {
    // With `owner` material and no normative sections for PRDs, the owner change and the
    // typo fix both count.
    for edit in [
        |t: &str| t.replace("owner: Ann Lee", "owner: Ben Ode"),
        |t: &str| t.replace("Shoppers ask where", "Shoppers ask wher"),
    ] {
        let links = suspect_links_with_config_after(
            Some("rules:\n  suspect-link: { cosmetic: [updated], normative: { prd: [] } }\n"),
            edit,
        );
        assert!(
            links.contains(&("suspect-link".into(), "prds/PRD-2.md".into())),
            "{links:?}"
        );
    }
}

#[test]
fn the_note_names_the_material_commit_not_a_later_typo_fix() {
    let repo = TestRepo::new();
    let prd1 = prd("PRD-1", "Tracking", "draft", "2027-Q1", "", BODY);
    repo.write("vision/VIS-1.md", VISION)
        .write("objectives/OBJ-1.md", OBJECTIVE)
        .write("prds/PRD-1.md", &prd1);
    repo.commit("Add tracking", "Ann Lee", day(2026, 3, 1));
    repo.write(
        "prds/PRD-2.md",
        &prd(
            "PRD-2",
            "Alerts",
            "draft",
            "2027-Q2",
            "depends_on: PRD-1\n",
            "Alerts.\n",
        ),
    );
    repo.commit("Add alerts", "Ben Ode", day(2026, 3, 2));
    let approved = prd1.replace("status: draft", "status: approved");
    repo.write("prds/PRD-1.md", &approved);
    repo.commit("Approve tracking", "Ann Lee", day(2026, 3, 3));
    repo.write("prds/PRD-1.md", &approved.replace("where", "wher"));
    repo.commit("Typo", "Ann Lee", day(2026, 3, 4));
    let (_, stdout, _) = run(&repo, &["check", "--format", "json", "--quiet"]);
    assert!(stdout.contains("Approve tracking"), "{stdout}");
    assert!(!stdout.contains("\\\"Typo\\\""), "{stdout}");
}
