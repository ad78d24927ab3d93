//! A draft checked against the compiled workspace (`compile_draft`) reports in its file
//! exactly what a full compile with the file saved reports there: over every document of
//! the example workspace (taken out and drafted back, and drafted over itself) and over
//! drafts that break each whole-workspace rule.

use std::path::Path;

use crate::compiler::{Compilation, Compiler, compile_draft, load_config};
use crate::diag::{Diagnostic, Rule};
use crate::load::FsTree;

fn compile(root: &Path) -> Compilation {
    let tree = FsTree::new(root);
    let config = load_config(&tree).unwrap();
    Compiler::with_config(tree, &config).compile()
}

/// What a full compile with `text` saved at `path` reports in that file; the tree is
/// left as it was.
fn saved(root: &Path, path: &str, text: &str) -> Vec<Diagnostic> {
    let file = root.join(path);
    let before = std::fs::read_to_string(&file).ok();
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, text).unwrap();
    let compiled = compile(root);
    match before {
        Some(before) => std::fs::write(&file, before).unwrap(),
        None => std::fs::remove_file(&file).unwrap(),
    }
    compiled
        .diagnostics
        .into_iter()
        .filter(|d| d.primary.file == path)
        .collect()
}

/// What `compile_draft` reports for `text` at `path` over the tree as it is.
fn drafted(root: &Path, compiled: &Compilation, path: &str, text: &str) -> Vec<Diagnostic> {
    compile_draft(compiled, &FsTree::new(root), path, text)
        .unwrap_or_else(|| panic!("{path} is a document the draft path takes"))
        .diagnostics
}

fn assert_same(root: &Path, compiled: &Compilation, path: &str, text: &str) -> Vec<Diagnostic> {
    let draft = drafted(root, compiled, path, text);
    let full = saved(root, path, text);
    assert_eq!(draft, full, "{path}:\n{text}");
    draft
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn example_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("example-workspace"),
        dir.path(),
    );
    dir
}

fn documents(root: &Path) -> Vec<String> {
    let mut paths: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_example_document_drafted_anew_or_over_itself_matches_a_full_compile() {
    let dir = example_workspace();
    let root = dir.path();
    let compiled = compile(root);
    let paths = documents(root);
    assert!(paths.len() > 20, "{paths:?}");
    for path in &paths {
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        // Over itself, with a reference to no one added.
        assert_same(
            root,
            &compiled,
            path,
            &format!("{text}\nSee [[PRD-9999]].\n"),
        );
        // Taken out of the workspace and drafted back: a new document, whose ID others
        // reference (its backlinks, its place on the roadmaps).
        std::fs::remove_file(root.join(path)).unwrap();
        let without = compile(root);
        assert_same(root, &without, path, &text);
        std::fs::write(root.join(path), &text).unwrap();
    }
}

const PRD_002: &str = "prds/PRD-002-bring-your-own-carrier-accounts.md";

fn prd(id: &str, extra: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Draft {id}\nstatus: draft\nowner: Maya Chen\nobjectives: OBJ-001\n{extra}---\n\n{body}\n\n## Problem\n\nText.\n"
    )
}

#[test]
fn bad_drafts_report_what_a_full_compile_reports() {
    let dir = example_workspace();
    let root = dir.path();
    let compiled = compile(root);
    let rules = |d: &[Diagnostic]| d.iter().map(|d| d.rule).collect::<Vec<_>>();
    let cases = [
        // The ID of another document, after it and (taking the ID) before it.
        ("prds/PRD-900-dup.md", prd("PRD-002", "", "Dup.")),
        ("prds/PRD-000-dup.md", prd("PRD-002", "", "Dup.")),
        // A mistyped reference, a self-reference, a wrong kind.
        (
            "prds/PRD-901-typo.md",
            prd("PRD-901", "depends_on: [PRD-0O2]\n", "See [[PRD-901]]."),
        ),
        (
            "prds/PRD-902-kind.md",
            prd("PRD-902", "depends_on: [OBJ-001]\n", "Body."),
        ),
        // A person spelled like another.
        (
            "prds/PRD-903-name.md",
            prd("PRD-903", "", "Body.").replace("Maya Chen", "Maya Chenn"),
        ),
        // Broken links and anchors, and a link to a document.
        (
            "prds/PRD-904-links.md",
            prd(
                "PRD-904",
                "",
                "[gone](./nope.md), [anchor](PRD-001-multi-carrier-rate-shopping.md#nowhere), [ok](../objectives/OBJ-001-cut-shipping-cost-per-order.md).",
            ),
        ),
        // Front matter that does not parse, and none at all.
        ("prds/PRD-905-yaml.md", "---\nid: [PRD-905\n---\nBody.\n".to_owned()),
        ("docs/notes.md", "# Notes\n\nSee [[PRD-001]].\n".to_owned()),
        // An empty body, a status out of order, a bad date.
        (
            "prds/PRD-906-empty.md",
            "---\nid: PRD-906\ntitle: Empty\nstatus: shipped\nowner: Maya Chen\ntarget: 2026-13-45\n---\n".to_owned(),
        ),
    ];
    for (path, text) in &cases {
        assert_same(root, &compiled, path, text);
    }
    let dup = drafted(root, &compiled, cases[0].0, &cases[0].1);
    assert!(rules(&dup).contains(&Rule::DuplicateId), "{dup:?}");
    let typo = drafted(root, &compiled, cases[2].0, &cases[2].1);
    assert!(rules(&typo).contains(&Rule::UnknownReference), "{typo:?}");
    let name = drafted(root, &compiled, cases[4].0, &cases[4].1);
    assert!(rules(&name).contains(&Rule::SimilarNames), "{name:?}");
    let links = drafted(root, &compiled, cases[5].0, &cases[5].1);
    assert!(rules(&links).contains(&Rule::BrokenLink), "{links:?}");
}

#[test]
fn a_draft_others_reference_or_link_to_closes_their_cycles_and_links() {
    let dir = example_workspace();
    let root = dir.path();
    // On disk: a PRD depending on one not written yet, and a page linking to its file.
    std::fs::write(
        root.join("prds/PRD-950-waiting.md"),
        prd("PRD-950", "depends_on: [PRD-951]\n", "Waits."),
    )
    .unwrap();
    std::fs::write(
        root.join("docs/links.md"),
        "# Links\n\n[next](../prds/PRD-951-next.md)\n",
    )
    .unwrap();
    let compiled = compile(root);
    let cycle = prd("PRD-951", "depends_on: [PRD-950]\n", "Closes the loop.");
    let found = assert_same(root, &compiled, "prds/PRD-951-next.md", &cycle);
    let full = compile_with(root, "prds/PRD-951-next.md", &cycle);
    assert!(
        full.iter().any(|d| d.rule == Rule::DependencyCycle),
        "{full:?}"
    );
    // The draft's own diagnostics are the same either way, with or without the cycle
    // reported in it.
    assert_eq!(
        found,
        full.into_iter()
            .filter(|d| d.primary.file == "prds/PRD-951-next.md")
            .collect::<Vec<_>>()
    );
    assert_same(
        root,
        &compiled,
        "prds/PRD-951-next.md",
        &prd("PRD-951", "", "Free."),
    );
    // Over an existing document, taking another's ID, and over PRD-002 with a new ID.
    assert_same(
        root,
        &compiled,
        "prds/PRD-950-waiting.md",
        &prd("PRD-951", "", "Moved."),
    );
    let text = std::fs::read_to_string(root.join(PRD_002)).unwrap();
    assert_same(
        root,
        &compiled,
        PRD_002,
        &text.replace("id: PRD-002", "id: PRD-952"),
    );
}

#[test]
fn drafts_the_walk_would_not_list_are_left_to_a_full_compile() {
    let dir = example_workspace();
    let root = dir.path();
    let compiled = compile(root);
    let tree = FsTree::new(root);
    for path in [
        "drafts/PRD-960.md",
        "spex.yaml",
        "prds/notes.txt",
        ".hidden/a.md",
    ] {
        assert!(
            compile_draft(&compiled, &tree, path, "# A\n").is_none(),
            "{path}"
        );
    }
}

/// Every diagnostic of a full compile with `text` saved at `path`.
fn compile_with(root: &Path, path: &str, text: &str) -> Vec<Diagnostic> {
    let file = root.join(path);
    std::fs::write(&file, text).unwrap();
    let compiled = compile(root);
    std::fs::remove_file(&file).unwrap();
    compiled.diagnostics
}
