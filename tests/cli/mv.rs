//! `spex mv`: ID renames and moves across the example workspace, each refusal leaving the
//! tree untouched, the dry-run diff byte for byte, confidential documents counted and not
//! shown, and renaming every ID away and back giving the same bytes with `check` clean.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{TestWorkspace, assert_golden, repo_root, transcript};

fn example() -> TestWorkspace {
    TestWorkspace::copy_of(&repo_root().join("example-workspace"))
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_path_buf();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Fails naming each file that differs, with both texts.
fn assert_same_tree(now: &BTreeMap<PathBuf, Vec<u8>>, before: &BTreeMap<PathBuf, Vec<u8>>) {
    let paths: std::collections::BTreeSet<&PathBuf> = now.keys().chain(before.keys()).collect();
    let differ: Vec<String> = paths
        .into_iter()
        .filter(|p| now.get(*p) != before.get(*p))
        .map(|p| {
            let text = |t: Option<&Vec<u8>>| t.map(|b| String::from_utf8_lossy(b).into_owned());
            format!(
                "{}:\n{:?}\n{:?}",
                p.display(),
                text(before.get(p)),
                text(now.get(p))
            )
        })
        .collect();
    assert!(differ.is_empty(), "files differ:\n{}", differ.join("\n"));
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_check_clean(ws: &TestWorkspace, after: &str) {
    let check = ws.run(["check"]);
    assert!(
        check.status.success()
            && String::from_utf8_lossy(&check.stdout).contains("0 errors, 0 warnings"),
        "check after {after}:\n{}{}",
        String::from_utf8_lossy(&check.stdout),
        stderr(&check)
    );
}

fn run_mv(ws: &TestWorkspace, args: &[&str]) {
    let mut all = vec!["mv"];
    all.extend_from_slice(args);
    let out = ws.run(all.iter().copied());
    assert!(out.status.success(), "mv {args:?}: {}", stderr(&out));
}

#[test]
fn each_refusal_says_why_and_changes_nothing() {
    let ws = example();
    let before = tree(ws.path());
    for (args, says) in [
        (
            &["mv", "PRD-099", "PRD-100"][..],
            "no document has the ID `PRD-099`",
        ),
        (&["mv", "PRD-07", "PRD-100"], "did you mean `PRD-007`?"),
        (
            &["mv", "PRD-007", "PRD-008"],
            "`PRD-008` is already the ID of `prds/PRD-008-multi-location-order-routing.md`",
        ),
        (
            &["mv", "PRD-007", "FEAT-9"],
            "`FEAT-9` is not a prd ID: prd IDs look like `PRD-{n}`",
        ),
        (&["mv", "PRD-007", "PRD-007"], "already its name"),
        (
            &["mv", "prds/nothing.md", "prds/x.md"],
            "`prds/nothing.md` is not a document in this workspace",
        ),
        (
            &[
                "mv",
                "prds/PRD-007-proactive-delay-notifications.md",
                "docs/glossary.md",
            ],
            "`docs/glossary.md` exists",
        ),
        (
            &[
                "mv",
                "prds/PRD-007-proactive-delay-notifications.md",
                "prds/notes.txt",
            ],
            "is not a Markdown path inside the workspace",
        ),
    ] {
        let out = ws.run(args.iter().copied());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(err.contains("nothing was changed"), "{args:?}: {err}");
    }
    // A move out of the workspace (hidden folders are not read) would leave every
    // reference to the document unknown: refused, with the problems it would cause.
    let out = ws.run([
        "mv",
        "prds/PRD-003-checkout-delivery-promise.md",
        ".drafts/PRD-003.md",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("error[unknown-reference]: unknown document ID `PRD-003`"),
        "{err}"
    );
    assert!(err.contains("after this rename `spex check` would report the problems above"));
    assert!(!ws.join(".drafts").exists());
    // A file outside the model (not Markdown) is still in the way.
    ws.write("prds/PRD-021-proactive-delay-notifications.md.keep", "x");
    std::fs::write(ws.join("prds/PRD-021-proactive-delay-notifications.md"), "").expect("write");
    let out = ws.run(["mv", "PRD-007", "PRD-021"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    std::fs::remove_file(ws.join("prds/PRD-021-proactive-delay-notifications.md")).expect("rm");
    std::fs::remove_file(ws.join("prds/PRD-021-proactive-delay-notifications.md.keep"))
        .expect("rm");
    assert_same_tree(&tree(ws.path()), &before);
}

#[test]
fn a_write_that_fails_changes_nothing() {
    let ws = example();
    let before = tree(ws.path());
    // `docs/glossary.md` is a file, so no folder can be made under it: the move's new
    // text cannot be staged, after another file's (PRD-003's link to it) may have been.
    let out = ws.run([
        "mv",
        "prds/PRD-001-multi-carrier-rate-shopping.md",
        "docs/glossary.md/old/PRD-001.md",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
    assert_same_tree(&tree(ws.path()), &before);
}

#[test]
fn dry_run_prints_a_unified_diff_and_writes_nothing() {
    let ws = example();
    let before = tree(ws.path());
    let out = ws.run(["mv", "PRD-007", "PRD-021", "--dry-run"]);
    assert_golden(
        transcript(&out),
        &repo_root().join("tests/mv-expected/dry-run-prd-007.txt"),
    );
    assert_same_tree(&tree(ws.path()), &before);
}

#[test]
fn renaming_every_id_away_and_back_gives_the_same_bytes() {
    let ws = example();
    let before = tree(ws.path());
    let list = ws.run(["list", "--format", "csv", "--fields", "id"]);
    let ids: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect();
    assert!(ids.len() > 30, "{ids:?}");
    // `PRD-007` → `PRD-9007`: the kind's pattern, a number no document has.
    let renamed = |id: &str| {
        let (prefix, number) = id.rsplit_once('-').expect("PREFIX-NUMBER");
        format!("{prefix}-9{number}")
    };
    for id in &ids {
        run_mv(&ws, &[id, &renamed(id)]);
        assert_check_clean(&ws, &format!("{id} → {}", renamed(id)));
    }
    assert_ne!(tree(ws.path()), before);
    for id in &ids {
        run_mv(&ws, &[&renamed(id), id]);
    }
    assert_check_clean(&ws, "renaming back");
    assert_same_tree(&tree(ws.path()), &before);
}

#[test]
fn moving_a_document_keeps_every_link_working_and_changes_no_more_than_it_must() {
    let ws = example();
    let mut before = tree(ws.path());
    let (from, to) = (
        "prds/PRD-003-checkout-delivery-promise.md",
        "prds/checkout/PRD-003-checkout-delivery-promise.md",
    );
    run_mv(&ws, &[from, to]);
    assert!(ws.join(to).is_file() && !ws.join(from).exists());
    assert_check_clean(&ws, "the move");
    let moved = std::fs::read_to_string(ws.join(to)).expect("read");
    assert!(
        moved.contains("(../PRD-001-multi-carrier-rate-shopping.md#technical-approach)"),
        "its own link now climbs one folder more: {moved}"
    );
    run_mv(&ws, &[to, from]);
    assert_check_clean(&ws, "the move back");
    std::fs::remove_dir(ws.join("prds/checkout")).expect("the folder is empty again");
    // Every link is back as it was, but one that took a detour (`../prds/` from `prds/`)
    // now takes the short way.
    let own = before.get_mut(Path::new(from)).expect("the moved file");
    *own = String::from_utf8_lossy(own)
        .replace("(../prds/PRD-001-multi", "(PRD-001-multi")
        .into_bytes();
    assert_same_tree(&tree(ws.path()), &before);
}

const PUBLIC: &str = "---\nid: PRD-001\ntitle: Public\nstatus: draft\nowner: ann\n---\n# Public\n";
const SECRET: &str = "---\nid: PRD-002\ntitle: Secret\nstatus: draft\nowner: ann\nrelated: PRD-001\nconfidential: true\n---\n# Secret\n\nSecretmarker plans.\n";
const SECTION: &str = "---\nid: PRD-003\ntitle: Mixed\nstatus: draft\nowner: ann\n---\n# Mixed\n\nOpen part.\n\n## Margins {.confidential}\n\nSecretsection: see [[PRD-001]].\n";

#[test]
fn dry_run_counts_confidential_files_unless_asked_to_show_them() {
    let ws = TestWorkspace::new()
        .file("prds/PRD-001-public.md", PUBLIC)
        .file("prds/PRD-002-secret.md", SECRET)
        .file("prds/PRD-003-mixed.md", SECTION);
    let out = ws.run(["mv", "PRD-001", "PRD-009", "--dry-run"]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(shown.contains("+id: PRD-009"), "{shown}");
    assert!(!shown.to_lowercase().contains("secret"), "{shown}");
    assert!(shown.ends_with("and 2 confidential files\n"), "{shown}");

    let out = ws.run([
        "mv",
        "PRD-001",
        "PRD-009",
        "--dry-run",
        "--include-confidential",
    ]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("+related: PRD-009"), "{shown}");
    assert!(
        shown.contains("+Secretsection: see [[PRD-009]]."),
        "{shown}"
    );
    assert!(!shown.contains("confidential files"), "{shown}");

    // Writing edits them all: renaming is a writer's tool.
    run_mv(&ws, &["PRD-001", "PRD-009"]);
    let secret = std::fs::read_to_string(ws.join("prds/PRD-002-secret.md")).expect("read");
    assert_eq!(
        secret,
        SECRET.replace("related: PRD-001", "related: PRD-009")
    );
    assert!(ws.join("prds/PRD-009-public.md").is_file());
}

const RFC_YAML: &str = "kinds:\n  rfc:\n    id: { field: number, format: integer, pattern: \"RFC-{n}\" }\n    paths: [\"rfcs/**\"]\n    fields:\n      title: { type: string, required: true }\n      requires: { type: refs, kinds: [rfc] }\n";
const RFC1: &str = "---\nnumber: 1 # the first\ntitle: Process\n---\nSee [[RFC-2]].\n";
const RFC2: &str = "---\nnumber: 2\ntitle: Bus\nrequires: [1]\n---\nAfter [[RFC-1]].\n";

#[test]
fn integer_ids_are_renamed_as_numbers_where_written_as_numbers() {
    let ws = TestWorkspace::new()
        .file("spex.yaml", RFC_YAML)
        .file("rfcs/0001-process.md", RFC1)
        .file("rfcs/0002-bus.md", RFC2);
    assert_check_clean(&ws, "nothing");
    run_mv(&ws, &["RFC-1", "RFC-7"]);
    let read = |p: &str| std::fs::read_to_string(ws.join(p)).expect("read");
    // Named by its number, padded: renamed, padded alike.
    assert!(!ws.join("rfcs/0001-process.md").exists());
    assert_eq!(
        read("rfcs/0007-process.md"),
        RFC1.replace("number: 1 #", "number: 7 #")
    );
    assert_eq!(
        read("rfcs/0002-bus.md"),
        RFC2.replace("[1]", "[7]").replace("RFC-1", "RFC-7")
    );
    assert_check_clean(&ws, "RFC-1 → RFC-7");
    let out = ws.run(["mv", "RFC-7", "7b"]);
    assert_eq!(out.status.code(), Some(2));
}

const LINKED: &str = "---\nid: OBJ-1\ntitle: Grow\nstatus: active\n---\n# Grow\n\nSee [the spec][spec].\n\n[spec]: ../prds/PRD-001-public.md#public \"../prds/PRD-001-public.md\"\n[spare]: <../prds/PRD-001-public.md>\n";

#[test]
fn reference_definitions_used_or_not_follow_the_file_they_point_to() {
    let ws = TestWorkspace::new()
        .file("prds/PRD-001-public.md", PUBLIC)
        .file("objectives/OBJ-1.md", LINKED);
    let read = |p: &str| std::fs::read_to_string(ws.join(p)).expect("read");
    run_mv(
        &ws,
        &["prds/PRD-001-public.md", "prds/done/PRD-001-public.md"],
    );
    let moved = LINKED
        .replace("]: ../prds/PRD-001", "]: ../prds/done/PRD-001")
        .replace("<../prds/PRD-001", "<../prds/done/PRD-001");
    assert_eq!(read("objectives/OBJ-1.md"), moved);
    run_mv(&ws, &["PRD-001", "PRD-002"]);
    assert_eq!(
        read("objectives/OBJ-1.md"),
        moved
            .replace("done/PRD-001-public.md#", "done/PRD-002-public.md#")
            .replace("done/PRD-001-public.md>", "done/PRD-002-public.md>")
    );
    assert!(ws.join("prds/done/PRD-002-public.md").is_file());
}

#[test]
fn files_named_by_a_number_follow_the_id_as_the_kinds_file_name_says() {
    let ws = TestWorkspace::copy_of(&repo_root().join("tests/fixtures/proposal-repository"));
    let before = std::fs::read_to_string(ws.join("EIPS/eip-20.md")).expect("read");
    // `file_name: "eip-{id}.md"`, the ID written as a bare number.
    run_mv(&ws, &["3", "30"]);
    assert!(ws.join("EIPS/eip-30.md").is_file() && !ws.join("EIPS/eip-3.md").exists());
    assert_eq!(
        std::fs::read_to_string(ws.join("EIPS/eip-20.md")).expect("read"),
        before
            .replace("requires: 1, 3", "requires: 1, 30")
            .replace("[[EIP-3]]", "[[EIP-30]]")
    );
    run_mv(&ws, &["EIP-20", "EIP-150"]);
    assert!(ws.join("EIPS/eip-150.md").is_file() && !ws.join("EIPS/eip-20.md").exists());
    assert_check_clean(&ws, "renaming EIPs");
}

const NUMBERED_YAML: &str = "kinds:\n  rfc:\n    id: { field: number, format: integer }\n    paths: [\"rfcs/**\"]\n    fields:\n      title: { type: string, required: true }\n  adr:\n    id: { field: id, format: string, pattern: \"ADR-{n}\" }\n    paths: [\"decisions/**\"]\n    fields:\n      title: { type: string, required: true }\n";

#[test]
fn files_named_by_a_bare_or_padded_number_are_renamed_without_a_file_name_template() {
    let ws = TestWorkspace::new()
        .file("spex.yaml", NUMBERED_YAML)
        .file(
            "rfcs/150.md",
            "---\nnumber: 150\ntitle: Bus\n---\nSee [[7]].\n",
        )
        .file(
            "rfcs/0007-process.md",
            "---\nnumber: 7\ntitle: Process\n---\nAfter [150](150.md).\n",
        )
        .file(
            "decisions/adr-12-use-postgres.md",
            "---\nid: ADR-12\ntitle: Postgres\n---\n# Postgres\n",
        );
    run_mv(&ws, &["150", "151"]);
    assert!(ws.join("rfcs/151.md").is_file() && !ws.join("rfcs/150.md").exists());
    let process = std::fs::read_to_string(ws.join("rfcs/0007-process.md")).expect("read");
    assert!(process.contains("[150](151.md)"), "{process}");
    run_mv(&ws, &["7", "12"]);
    assert!(
        ws.join("rfcs/0012-process.md").is_file(),
        "padded like the name was"
    );
    run_mv(&ws, &["ADR-12", "ADR-13"]);
    assert!(ws.join("decisions/adr-13-use-postgres.md").is_file());
}

#[test]
fn a_read_only_file_among_the_changes_stops_the_rename_naming_it() {
    let ws = example();
    let target = ws.join("roadmaps/RM-002-2027-quarterly-plan.md");
    assert!(
        std::fs::read_to_string(&target)
            .expect("read")
            .contains("PRD-007"),
        "the rename edits it"
    );
    let mut perms = std::fs::metadata(&target).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&target, perms).expect("chmod");
    let before = tree(ws.path());
    let out = ws.run(["mv", "PRD-007", "PRD-021"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("cannot write") && err.contains("RM-002-2027-quarterly-plan.md"),
        "{err}"
    );
    assert!(err.contains("read-only"), "{err}");
    assert_same_tree(&tree(ws.path()), &before);
}
