//! `spex new`: the next free ID, the kind's file-name convention and template, `owner`
//! from git, only the path on stdout, and a refusal for every bad request.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::support::{TestWorkspace, repo_root};

/// Runs spex in `ws` as `user` (see [`crate::support::run_as`]).
fn run_as(ws: &TestWorkspace, user: Option<&str>, args: &[&str]) -> Output {
    crate::support::run_as(ws.path(), user, args)
}

fn example() -> TestWorkspace {
    TestWorkspace::copy_of(&repo_root().join("example-workspace"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn files_under(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir).into_iter().count()
}

#[test]
fn a_new_prd_gets_the_next_padded_id_the_naming_convention_and_the_owner_from_git() {
    let ws = example();
    let out = run_as(
        &ws,
        Some("Ada Lovelace"),
        &[
            "new",
            "prd",
            "Shipping insurance",
            "--field",
            "priority=P1",
            "--field",
            "tags=claims, insurance",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "prds/PRD-021-shipping-insurance.md\n");
    let text = fs::read_to_string(ws.join("prds/PRD-021-shipping-insurance.md")).unwrap();
    assert!(text.starts_with("---\nid: PRD-021\ntitle: Shipping insurance\nstatus: draft\nowner: Ada Lovelace\npriority: P1\n"), "{text}");
    assert!(text.contains("\ntags: [claims, insurance]\n"), "{text}");

    // spex check types it as a PRD with no errors (a new PRD is an orphan until linked).
    let check = ws.run(["check", "--format", "json"]);
    let report = stdout(&check);
    assert_eq!(check.status.code(), Some(0), "{report}");
    assert!(!report.contains("\"severity\": \"error\""), "{report}");

    let next = run_as(&ws, Some("Ada Lovelace"), &["new", "prd", "Another one"]);
    assert_eq!(stdout(&next), "prds/PRD-022-another-one.md\n");
}

#[test]
fn after_init_new_prd_then_build_works() {
    let ws = TestWorkspace::new();
    assert_eq!(ws.run(["init"]).status.code(), Some(0));
    let out = run_as(
        &ws,
        Some("Grace Hopper"),
        &[
            "new",
            "prd",
            "Gift wrapping",
            "--field",
            "objectives=OBJ-001",
        ],
    );
    assert_eq!(
        stdout(&out),
        "prds/PRD-002-gift-wrapping.md\n",
        "{}",
        stderr(&out)
    );
    let check = ws.run(["check"]);
    assert_eq!(stdout(&check), "0 errors, 0 warnings in 5 documents\n");
    assert_eq!(ws.run(["build"]).status.code(), Some(0));
    assert!(ws.join("_site/prd/PRD-002.html").is_file());
}

#[test]
fn dry_run_prints_the_document_and_writes_nothing() {
    let ws = example();
    let before = files_under(ws.path());
    let out = run_as(
        &ws,
        None,
        &["new", "decision", "Use Postgres: for real", "--dry-run"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("---\nid: DEC-004\ntitle: \"Use Postgres: for real\"\nstatus: proposed\ndate: 2026-05-28\n"), "{}", stdout(&out));
    assert!(stderr(&out).contains("would create decisions/DEC-004-use-postgres-for-real.md"));
    assert_eq!(files_under(ws.path()), before);
}

#[test]
fn a_bad_field_is_refused_at_its_line_before_anything_is_written() {
    let ws = example();
    let before = files_under(ws.path());
    let out = run_as(
        &ws,
        Some("Ada"),
        &[
            "new",
            "prd",
            "X",
            "--field",
            "priorty=P1",
            "--field",
            "target=2027-Q9",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("error[unknown-field]: unknown field `priorty`"),
        "{err}"
    );
    assert!(err.contains("did you mean `priority`?"), "{err}");
    assert!(
        err.contains("error[invalid-value]: `target` is not a quarter: `2027-Q9`"),
        "{err}"
    );
    assert!(err.contains("not creating `prds/PRD-021-x.md`"), "{err}");
    assert_eq!(stdout(&out), "");
    assert_eq!(files_under(ws.path()), before);
}

#[test]
fn a_required_owner_nobody_configured_is_refused_with_a_hint() {
    let ws = example();
    let out = run_as(&ws, None, &["new", "prd", "X"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("git config user.name"),
        "{}",
        stderr(&out)
    );
    let out = run_as(&ws, None, &["new", "prd", "X", "--field", "owner=Ann Lee"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn an_existing_id_or_file_is_never_overwritten() {
    let ws = example();
    let taken = run_as(
        &ws,
        Some("Ada"),
        &["new", "prd", "Again", "--id", "PRD-003"],
    );
    assert_eq!(taken.status.code(), Some(2));
    assert!(
        stderr(&taken)
            .contains("`PRD-003` is taken by `prds/PRD-003-checkout-delivery-promise.md`")
    );

    let padded = run_as(&ws, Some("Ada"), &["new", "prd", "Again", "--id", "PRD-3"]);
    assert_eq!(padded.status.code(), Some(2));
    assert!(
        stderr(&padded).contains("`PRD-3` is taken by `prds/PRD-003-checkout-delivery-promise.md`"),
        "{}",
        stderr(&padded)
    );

    ws.write("prds/PRD-021-clash.md", "a page, not a spec\n");
    let clash = run_as(&ws, Some("Ada"), &["new", "prd", "Clash"]);
    assert_eq!(clash.status.code(), Some(2));
    assert!(
        stderr(&clash).contains("`prds/PRD-021-clash.md` exists"),
        "{}",
        stderr(&clash)
    );
    assert_eq!(
        fs::read_to_string(ws.join("prds/PRD-021-clash.md")).unwrap(),
        "a page, not a spec\n"
    );
}

#[test]
fn an_unknown_kind_suggests_the_nearest() {
    let out = run_as(&example(), None, &["new", "prdd", "X"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown kind `prdd`"));
    assert!(
        stderr(&out).contains("did you mean `prd`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_workspace_template_and_a_custom_kind_are_used() {
    let ws = TestWorkspace::new()
        .file(
            "spex.yaml",
            "kinds:\n  rfc:\n    id: { field: number, format: integer, pattern: \"RFC-{n}\" }\n    paths: [\"rfcs/**\"]\n    fields:\n      title: { type: string, required: true }\n      owner: person\n",
        )
        .file("rfcs/RFC-7-old.md", "---\nnumber: 7\ntitle: Old\n---\nText.\n");
    let out = run_as(&ws, Some("Ada"), &["new", "rfc", "Hello there"]);
    assert_eq!(
        stdout(&out),
        "rfcs/RFC-8-hello-there.md\n",
        "{}",
        stderr(&out)
    );
    let text = fs::read_to_string(ws.join("rfcs/RFC-8-hello-there.md")).unwrap();
    assert!(
        text.starts_with("---\nnumber: 8\ntitle: Hello there\nowner: Ada\n---\n"),
        "{text}"
    );

    ws.write(
        "templates/new/rfc.md",
        "---\nnumber: {{ id }}\ntitle: {{ title }}\n---\n\nOurs, by {{ owner }} on {{ today }}.\n",
    );
    let out = run_as(&ws, Some("Ada"), &["new", "rfc", "Second"]);
    assert_eq!(stdout(&out), "rfcs/RFC-9-second.md\n", "{}", stderr(&out));
    let text = fs::read_to_string(ws.join("rfcs/RFC-9-second.md")).unwrap();
    assert_eq!(
        text,
        "---\nnumber: 9\ntitle: Second\n---\n\nOurs, by Ada on 2026-05-28.\n"
    );
    assert_eq!(ws.run(["check"]).status.code(), Some(0));
}

/// Issue 14: a kind's `file_name:` in spex.yaml names the new file, even where the
/// existing files follow another style (the convention is not guessed from them), and
/// `spex check` then finds the name right.
#[test]
fn a_configured_file_name_convention_names_the_new_file() {
    let yaml = |file_name: &str| {
        format!(
            "kinds:\n  eip:\n    id: {{ field: eip, format: integer, pattern: \"EIP-{{n}}\" }}\n    paths: [\"EIPS/**\"]\n    file_name: \"{file_name}\"\n    fields:\n      title: {{ type: string, required: true }}\n"
        )
    };
    let ws = TestWorkspace::new()
        .file("spex.yaml", yaml("eip-{id}.md"))
        // An old file the template allows only through `*`: not a style to copy.
        .file("EIPS/eip-7.md", "---\neip: 7\ntitle: Old\n---\nText.\n");
    let out = run_as(&ws, None, &["new", "eip", "Hello there"]);
    assert_eq!(stdout(&out), "EIPS/eip-8.md\n", "{}", stderr(&out));
    assert_eq!(ws.run(["check"]).status.code(), Some(0));

    ws.write("spex.yaml", yaml("EIPS/{n}-*.md"));
    fs::remove_file(ws.join("EIPS/eip-8.md")).unwrap();
    fs::remove_file(ws.join("EIPS/eip-7.md")).unwrap();
    ws.write("EIPS/7-old.md", "---\neip: 7\ntitle: Old\n---\nText.\n");
    let out = run_as(&ws, None, &["new", "eip", "Hello there"]);
    assert_eq!(stdout(&out), "EIPS/8-hello-there.md\n", "{}", stderr(&out));
    let out = run_as(&ws, None, &["new", "eip"]);
    assert_eq!(stdout(&out), "EIPS/9-untitled.md\n", "{}", stderr(&out));
    assert_eq!(ws.run(["check"]).status.code(), Some(0));
}

#[test]
fn a_kind_identified_by_its_path_gets_the_next_numbered_file_its_heading_and_its_sections() {
    let ws = TestWorkspace::copy_of(&repo_root().join("tests/fixtures/adr-folder"));
    let made = run_as(&ws, None, &["new", "adr", "Use Kafka"]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert_eq!(stdout(&made).trim(), "docs/decisions/0004-use-kafka.md");
    let text = std::fs::read_to_string(ws.path().join("docs/decisions/0004-use-kafka.md"))
        .expect("written");
    assert_eq!(
        text,
        "---\nstatus: proposed\n---\n\n# Use Kafka\n\nUse Kafka: what this adr is about, in a paragraph.\n\n## Context and Problem Statement\n\n## Considered Options\n\n## Decision Outcome\n"
    );
    let checked = ws.run(["check"]);
    assert!(checked.status.success(), "{}", stdout(&checked));

    // `--id` is the path, as references write it: with or without `.md` or a leading `/`.
    let given = run_as(
        &ws,
        None,
        &[
            "new",
            "adr",
            "Use NATS",
            "--id",
            "/docs/decisions/0009-use-nats.md",
        ],
    );
    assert!(given.status.success(), "{}", stderr(&given));
    assert!(ws.path().join("docs/decisions/0009-use-nats.md").is_file());
    let outside = run_as(&ws, None, &["new", "adr", "Notes", "--id", "notes/x"]);
    assert_eq!(outside.status.code(), Some(2));
    assert!(
        stderr(&outside).contains("`notes/x` is not an ID of kind `adr`"),
        "{}",
        stderr(&outside)
    );
}

#[test]
fn a_path_kind_whose_files_are_not_numbered_is_named_by_the_title() {
    let ws = TestWorkspace::copy_of(&repo_root().join("tests/fixtures/design-proposals"));
    let made = run_as(
        &ws,
        None,
        &["new", "proposal", "Pod sandboxing", "--dry-run"],
    );
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(
        stdout(&made).contains("# Pod sandboxing\n"),
        "{}",
        stdout(&made)
    );
    assert!(
        stderr(&made).contains("/pod-sandboxing.md")
            || stdout(&made).contains("/pod-sandboxing.md")
    );
}
