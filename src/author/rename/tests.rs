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
