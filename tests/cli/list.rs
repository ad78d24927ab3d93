//! `spex list`: typed `--where` conditions, columns, order, the three formats (goldens
//! in `tests/list-expected/`), confidential documents only on request, and errors for
//! what the workspace does not have.

use std::process::Output;

use crate::support::{assert_golden, repo_root, run_in};

fn list(args: &[&str]) -> Output {
    let mut all = vec!["list"];
    all.extend_from_slice(args);
    run_in(&repo_root().join("example-workspace"), &all)
}

fn stdout(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The IDs in a table's first column.
fn ids(args: &[&str]) -> Vec<String> {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--fields", "id"]);
    stdout(&list(&all))
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect()
}

fn golden(name: &str) -> std::path::PathBuf {
    repo_root().join("tests/list-expected").join(name)
}

#[test]
fn the_table_of_every_document_matches_its_golden() {
    assert_golden(stdout(&list(&[])), &golden("all.txt"));
}

#[test]
fn csv_quotes_what_a_spreadsheet_needs_and_matches_its_golden() {
    let out = stdout(&list(&[
        "objective",
        "--format",
        "csv",
        "--fields",
        "id,title,quarter,metrics",
    ]));
    // A title with double quotes, and metrics (records) with commas in them.
    assert!(
        out.contains("\"Cut \"\"where is my order\"\" contacts by 40%\""),
        "{out}"
    );
    assert_golden(out, &golden("objectives.csv"));
}

#[test]
fn json_has_typed_values_and_matches_its_golden() {
    let out = stdout(&list(&[
        "prd",
        "--where",
        "status=approved",
        "--fields",
        "id,title,target,priority,tags,rice.reach,confidential",
        "--format",
        "json",
    ]));
    assert!(
        out.contains("\"rice.reach\": 1500.0") || out.contains("\"rice.reach\": 1500"),
        "{out}"
    );
    assert!(out.contains("\"confidential\": false"), "{out}");
    assert_golden(out, &golden("approved-prds.json"));
}

#[test]
fn quarters_and_dates_compare_by_time() {
    // `target` is a quarter or a date; a date counts as its quarter against a quarter.
    assert_eq!(
        ids(&["prd", "--where", "target<2027-Q1"]),
        [
            "PRD-001", "PRD-002", "PRD-006", "PRD-007", "PRD-011", "PRD-018"
        ]
    );
    assert_eq!(
        ids(&["prd", "--where", "target<=2026-08-31"]),
        ["PRD-002", "PRD-018"]
    );
}

#[test]
fn statuses_and_enums_compare_in_declared_order_and_numbers_by_size() {
    assert_eq!(
        ids(&[
            "prd",
            "--where",
            "status>=in-progress",
            "--where",
            "status<deprecated",
            "--where",
            "priority<P1"
        ]),
        ["PRD-001", "PRD-002", "PRD-007", "PRD-011", "PRD-016"]
    );
    let big = ids(&["prd", "--where", "rice.reach>=1000"]);
    assert!(big.contains(&"PRD-004".to_owned()), "{big:?}");
    assert!(
        ids(&["prd", "--where", "rice.reach>1500"])
            .iter()
            .all(|id| id != "PRD-004")
    );
}

#[test]
fn strings_and_lists_match_exactly_or_by_containing() {
    assert_eq!(ids(&["--where", "owner=Maya Chen"]), ["RM-001", "VIS-001"]);
    assert_eq!(
        ids(&["--where", "title~PARCEL"]),
        ["DEC-002", "PRD-010", "VIS-001"]
    );
    let returns = ids(&["prd", "--where", "tags~returns"]);
    assert_eq!(
        returns,
        ["PRD-011", "PRD-012", "PRD-013", "PRD-014", "PRD-015"]
    );
    let others = ids(&["prd", "--where", "tags!=returns"]);
    assert!(others.iter().all(|id| !returns.contains(id)) && others.len() > 10);
}

#[test]
fn sort_orders_by_a_typed_field_then_by_id() {
    let sorted = ids(&["prd", "--where", "target<2027-Q1", "--sort", "target"]);
    assert_eq!(
        sorted,
        [
            "PRD-018", "PRD-002", "PRD-001", "PRD-006", "PRD-007", "PRD-011"
        ]
    );
}

#[test]
fn confidential_documents_are_listed_only_on_request() {
    for format in ["table", "json", "csv"] {
        let hidden = stdout(&list(&["--format", format]));
        assert!(
            !hidden.contains("PRD-019") && !hidden.contains("ShipLoop"),
            "{hidden}"
        );
        let shown = stdout(&list(&["--format", format, "--include-confidential"]));
        assert!(shown.contains("PRD-019"), "{shown}");
    }
}

#[test]
fn unknown_kinds_fields_and_bad_values_are_errors_with_help() {
    let out = list(&["prd", "--where", "prio=P1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("no document of kind `prd` has a field `prio`: did you mean `priority`?"),
        "{}",
        stderr(&out)
    );

    let out = list(&["prd", "--where", "target<=2027-Q5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`2027-Q5` in `target<=2027-Q5` is not a quarter"),
        "{}",
        stderr(&out)
    );

    let out = list(&["prdd"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown kind `prdd`: did you mean `prd`?"),
        "{}",
        stderr(&out)
    );

    let out = list(&["--where", "status"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a condition"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn errors_in_the_workspace_are_noted_on_stderr_only() {
    let ws = crate::support::TestWorkspace::new().file(
        "prds/PRD-1.md",
        "---\nid: PRD-1\ntitle: One\nowner: Ann\ntarget: 2027-Q9\n---\n\nText.\n",
    );
    let out = ws.run(["list", "prd", "--fields", "id,target"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "id     target\nPRD-1\n"
    );
    assert!(
        stderr(&out).contains("note: the workspace has 1 error;"),
        "{}",
        stderr(&out)
    );
}
