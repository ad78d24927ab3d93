use super::*;
use crate::model::test_workspace::workspace;

const PRD7: &str = "---\nid: \"PRD-007\" # keep me\ntitle: Seven\nowner: ann\n---\n# Seven\n\nSee [the objective](../objectives/OBJ-1.md#why) and [[PRD-008]].\n";
const PRD8: &str = "---\nid: PRD-008\ntitle: Eight\nowner: ann\ndepends_on: [PRD-007, 'PRD-009']\nrelated: PRD-007, PRD-009\n---\n# Eight\n\nAfter [[ PRD-007#seven|PRD-007 ]] ships; [details](PRD-007-seven.md#seven).\n";
const OBJ1: &str = "---\nid: OBJ-1\ntitle: One\nstatus: active\n---\n# One\n\n## Why\n\n- [x][ref]\n- blocked_by:\n\n[ref]: ../prds/PRD-007-seven.md\n";

fn ws() -> Workspace {
    workspace(&[
        ("prds/PRD-007-seven.md", PRD7),
        ("prds/PRD-008.md", PRD8),
        ("objectives/OBJ-1.md", OBJ1),
    ])
}

fn after<'p>(plan: &'p RenamePlan, path: &str) -> &'p FileChange {
    plan.changes
        .iter()
        .find(|c| c.path == path)
        .unwrap_or_else(|| panic!("{path} unchanged: {plan:#?}"))
}

#[test]
fn an_id_rename_edits_every_reference_style_and_renames_the_file() {
    let plan = plan_id_rename(&ws(), "PRD-007", "PRD-012").unwrap();
    let seven = after(&plan, "prds/PRD-007-seven.md");
    assert_eq!(seven.new_path, "prds/PRD-012-seven.md");
    assert_eq!(seven.after, PRD7.replace("\"PRD-007\"", "\"PRD-012\""));
    let eight = after(&plan, "prds/PRD-008.md");
    assert_eq!(eight.new_path, "prds/PRD-008.md");
    assert_eq!(
        eight.after,
        PRD8.replace("[PRD-007,", "[PRD-012,")
            .replace("related: PRD-007", "related: PRD-012")
            .replace("[[ PRD-007#", "[[ PRD-012#")
            .replace("(PRD-007-seven.md", "(PRD-012-seven.md")
    );
    let one = after(&plan, "objectives/OBJ-1.md");
    assert_eq!(
        one.after,
        OBJ1.replace("prds/PRD-007-seven", "prds/PRD-012-seven")
    );
    assert_eq!(plan.changes.len(), 3);
}

#[test]
fn a_move_rewrites_links_to_the_document_and_its_own_links() {
    let plan = plan_move(&ws(), "prds/PRD-007-seven.md", "specs/old/seven.md").unwrap();
    let seven = after(&plan, "prds/PRD-007-seven.md");
    assert_eq!(seven.new_path, "specs/old/seven.md");
    assert!(
        seven.after.contains("(../../objectives/OBJ-1.md#why)"),
        "{}",
        seven.after
    );
    assert!(seven.after.contains("\"PRD-007\" # keep me"));
    let eight = after(&plan, "prds/PRD-008.md");
    assert!(eight.after.contains("(../specs/old/seven.md#seven)"));
    assert!(eight.after.contains("depends_on: [PRD-007, 'PRD-009']"));
}

#[test]
fn refusals_name_what_is_wrong() {
    let ws = ws();
    assert_eq!(
        plan_id_rename(&ws, "PRD-099", "PRD-100"),
        Err(RenameError::UnknownId("PRD-099".into()))
    );
    assert!(matches!(
        plan_id_rename(&ws, "PRD-007", "PRD-008"),
        Err(RenameError::IdExists { .. })
    ));
    assert!(matches!(
        plan_id_rename(&ws, "PRD-007", "FEAT-8"),
        Err(RenameError::BadId { .. })
    ));
    assert!(matches!(
        plan_move(&ws, "prds/PRD-007-seven.md", "prds/PRD-008.md"),
        Err(RenameError::PathExists(_))
    ));
    assert!(matches!(
        plan_move(&ws, "prds/none.md", "prds/x.md"),
        Err(RenameError::UnknownPath(_))
    ));
    assert!(matches!(
        plan_move(&ws, "prds/PRD-008.md", "../x.md"),
        Err(RenameError::BadPath(_))
    ));
}

const DEFS: &str = "---\nid: OBJ-2\ntitle: Two\nstatus: active\n---\n# Two\n\n[../prds/PRD-007-seven.md][seven] and [goals].\n\n[seven]: ../prds/PRD-007-seven.md \"../prds/PRD-007-seven.md\"\n[goals]:\n  <../prds/PRD-007-seven.md#seven> 'Seven'\n[unused]: ../prds/PRD-007-seven.md#seven\n[other]: ../prds/PRD-008.md\n";

#[test]
fn reference_definitions_used_or_not_follow_a_moved_file_and_nothing_else_changes() {
    let ws = workspace(&[
        ("prds/PRD-007-seven.md", PRD7),
        ("prds/PRD-008.md", PRD8),
        ("objectives/OBJ-2.md", DEFS),
    ]);
    let plan = plan_id_rename(&ws, "PRD-007", "PRD-012").unwrap();
    let expected = DEFS
        .replace(
            "[seven]: ../prds/PRD-007-seven.md",
            "[seven]: ../prds/PRD-012-seven.md",
        )
        .replace("<../prds/PRD-007", "<../prds/PRD-012")
        .replace("[unused]: ../prds/PRD-007", "[unused]: ../prds/PRD-012");
    assert_eq!(after(&plan, "objectives/OBJ-2.md").after, expected);

    let plan = plan_move(&ws, "prds/PRD-008.md", "PRD-008.md").unwrap();
    assert_eq!(
        after(&plan, "objectives/OBJ-2.md").after,
        DEFS.replace("[other]: ../prds/PRD-008.md", "[other]: ../PRD-008.md")
    );
    // The moved document's own definitions are written from its new folder.
    let own = "---\nid: PRD-009\ntitle: Nine\nowner: ann\n---\n# Nine\n\n[seven]: PRD-007-seven.md#seven\n";
    let ws = workspace(&[("prds/PRD-007-seven.md", PRD7), ("prds/PRD-009.md", own)]);
    let plan = plan_move(&ws, "prds/PRD-009.md", "specs/PRD-009.md").unwrap();
    assert_eq!(
        after(&plan, "prds/PRD-009.md").after,
        own.replace("]: PRD-007", "]: ../prds/PRD-007")
    );
}

#[test]
fn a_heading_rename_follows_into_definitions_used_or_not() {
    let one = "---\nid: OBJ-3\ntitle: Three\nstatus: active\n---\n# Three\n\n[x][g]\n\n[g]: ../prds/PRD-007-seven.md#seven \"#seven\"\n[u]: ../prds/PRD-007-seven.md#seven\n";
    let ws = workspace(&[
        ("prds/PRD-007-seven.md", PRD7),
        ("objectives/OBJ-3.md", one),
    ]);
    let plan = plan_heading_rename(&ws, "prds/PRD-007-seven.md", 0, "Sept").unwrap();
    assert_eq!(
        after(&plan, "objectives/OBJ-3.md").after,
        one.replace("md#seven \"", "md#sept \"").replace(
            "[u]: ../prds/PRD-007-seven.md#seven",
            "[u]: ../prds/PRD-007-seven.md#sept"
        )
    );
}
