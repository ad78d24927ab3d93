//! Compiles after a change against full compiles, and what the preview keeps.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use crate::compiler::{Compilation, Compiler};
use crate::config::Config;
use crate::diag::{Files, Rule};
use crate::load::FsTree;

fn compiler(root: &Path) -> Compiler<FsTree> {
    Compiler::new(
        FsTree::new(root),
        Arc::new(Config::builtin()),
        Files::default(),
    )
}

/// A compiler used once: what every change must end up equal to.
fn full_compile(root: &Path) -> Compilation {
    compiler(root).compile()
}

fn update(compiler: &mut Compiler<FsTree>, paths: &[&str]) -> bool {
    let paths: BTreeSet<String> = paths.iter().map(|p| (*p).to_owned()).collect();
    compiler.apply(&paths).structural
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn an_update_matches_a_full_compile() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "prds/a.md",
        "---\nid: PRD-1\ntitle: A\nowner: X\n---\nSee [[PRD-2]].\n",
    );
    write(
        root,
        "prds/b.md",
        "---\nid: PRD-2\ntitle: B\nowner: X\n---\nBody.\n",
    );
    let mut compiler = compiler(root);
    assert_eq!(
        compiler
            .compile()
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::UnknownReference)
            .count(),
        0
    );

    // Edit: PRD-2 becomes PRD-3, so a.md's reference breaks.
    write(
        root,
        "prds/b.md",
        "---\nid: PRD-3\ntitle: B\nowner: X\n---\nBody.\n",
    );
    update(&mut compiler, &["prds/b.md"]);
    let incremental = compiler.compile();
    let full = full_compile(root);
    assert_eq!(incremental.diagnostics, full.diagnostics);
    assert!(
        incremental
            .diagnostics
            .iter()
            .any(|d| d.rule == Rule::UnknownReference)
    );

    // Create and delete.
    write(
        root,
        "prds/c.md",
        "---\nid: PRD-2\ntitle: C\nowner: X\n---\nBody.\n",
    );
    std::fs::remove_file(root.join("prds/b.md")).unwrap();
    update(&mut compiler, &["prds/b.md", "prds/c.md"]);
    let incremental = compiler.compile();
    let full = full_compile(root);
    assert_eq!(incremental.diagnostics, full.diagnostics);
    assert_eq!(incremental.workspace.docs.len(), 2);
}

/// Edits that change no index take the swap-in path; its result must still be what a
/// full compile gives, diagnostics included (a broken anchor, an invalid status).
#[test]
fn a_content_edit_swaps_the_document_in_and_matches_a_full_compile() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "prds/a.md",
        "---\nid: PRD-1\ntitle: A\nowner: X\n---\nSee [[PRD-2#goals]].\n",
    );
    write(
        root,
        "prds/b.md",
        "---\nid: PRD-2\ntitle: B\nowner: X\n---\n## Goals\n\nBody.\n",
    );
    let mut compiler = compiler(root);
    let before = compiler.compile();
    assert!(
        before
            .diagnostics
            .iter()
            .all(|d| d.rule != Rule::BrokenAnchor)
    );

    // Same ID and references: a new title, a renamed heading, a bad status.
    write(
        root,
        "prds/b.md",
        "---\nid: PRD-2\ntitle: B2\nowner: X\nstatus: shiped\n---\n## Aims\n\nBody.\n",
    );
    update(&mut compiler, &["prds/b.md"]);
    let (replaced, _) = compiler
        .swap_in()
        .expect("a content edit swaps the document in");
    assert_eq!(replaced.workspace.by_id("PRD-2").unwrap().title, "B2");
    let incremental = compiler.compile();
    let full = full_compile(root);
    assert_eq!(incremental.diagnostics, full.diagnostics);
    for rule in [Rule::BrokenAnchor, Rule::InvalidValue] {
        assert!(
            incremental.diagnostics.iter().any(|d| d.rule == rule),
            "{rule}"
        );
    }

    // A new reference (and a lost one) moves backlinks: swapped in all the same.
    write(
        root,
        "prds/b.md",
        "---\nid: PRD-2\ntitle: B2\nowner: X\n---\nSee [[PRD-1]].\n",
    );
    update(&mut compiler, &["prds/b.md"]);
    let (replaced, _) = compiler
        .swap_in()
        .expect("a new reference swaps the document in");
    assert_eq!(replaced.workspace.backlinks[0].len(), 1);
    let incremental = compiler.compile();
    let full = full_compile(root);
    assert_eq!(incremental.diagnostics, full.diagnostics);
    assert_eq!(incremental.workspace.backlinks, full.workspace.backlinks);
}

fn prd(id: &str, title: &str, body: &str) -> String {
    format!("---\nid: {id}\ntitle: {title}\nowner: X\n---\n{body}\n")
}

/// inotify reports a folder moved in or out as the folder alone, not the files in it.
#[test]
fn a_folder_moved_in_or_out_is_structural_and_its_documents_come_and_go() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    let away = dir.path().join("away");
    write(&root, "prds/a.md", &prd("PRD-1", "A", "Body."));
    write(&away, "more/b.md", &prd("PRD-2", "B", "Body."));
    write(&away, "more/c.md", &prd("PRD-3", "C", "Body."));
    let mut compiler = compiler(&root);
    assert_eq!(compiler.compile().workspace.docs.len(), 1);

    std::fs::rename(away.join("more"), root.join("prds/more")).unwrap();
    assert!(update(&mut compiler, &["prds/more"]));
    let ids = |c: &mut Compiler<FsTree>| {
        let compilation = c.compile();
        let mut ids: Vec<String> = compilation
            .workspace
            .docs
            .iter()
            .filter_map(|d| d.id.clone())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&mut compiler), ["PRD-1", "PRD-2", "PRD-3"]);

    std::fs::rename(root.join("prds/more"), away.join("back")).unwrap();
    assert!(update(&mut compiler, &["prds/more"]));
    assert_eq!(ids(&mut compiler), ["PRD-1"]);
}

#[test]
fn a_vanished_temporary_file_is_not_structural() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "prds/a.md", &prd("PRD-1", "A", "Body."));
    let mut compiler = compiler(root);
    assert!(!update(&mut compiler, &["prds/gone.tmp"]));
}

#[test]
fn a_broken_save_keeps_the_last_good_version_until_it_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "prds/a.md", &prd("PRD-1", "A", "See [[PRD-2]]."));
    write(root, "prds/b.md", &prd("PRD-2", "B", "Body."));
    let mut compiler = compiler(root).keep_last_good();
    compiler.compile();
    let title_of_a = |c: &mut Compiler<FsTree>| {
        c.compile()
            .workspace
            .by_id("PRD-1")
            .map(|d| d.title.clone())
    };

    write(root, "prds/a.md", "---\nid: PRD-1\ntitle: [unclosed\n---\n");
    update(&mut compiler, &["prds/a.md"]);
    assert!(compiler.held_back()["prds/a.md"].diagnostics[0].rule == Rule::YamlSyntax);
    assert_eq!(title_of_a(&mut compiler).as_deref(), Some("A"));

    // Another document's save (index-changing or not) still assembles the good A.
    write(root, "prds/b.md", &prd("PRD-2", "B2", "See [[PRD-1]]."));
    update(&mut compiler, &["prds/b.md"]);
    assert_eq!(title_of_a(&mut compiler).as_deref(), Some("A"));
    assert!(compiler.held_back().contains_key("prds/a.md"));

    // Emptied (a half-written save) is broken too.
    write(root, "prds/a.md", "");
    update(&mut compiler, &["prds/a.md"]);
    assert_eq!(title_of_a(&mut compiler).as_deref(), Some("A"));

    write(root, "prds/a.md", &prd("PRD-1", "A fixed", "Body."));
    update(&mut compiler, &["prds/a.md"]);
    assert!(compiler.held_back().is_empty());
    assert_eq!(title_of_a(&mut compiler).as_deref(), Some("A fixed"));
}

#[test]
fn without_keep_last_good_a_broken_save_is_compiled_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "prds/a.md", &prd("PRD-1", "A", "Body."));
    let mut compiler = compiler(root);
    compiler.compile();
    write(root, "prds/a.md", "");
    update(&mut compiler, &["prds/a.md"]);
    assert!(compiler.held_back().is_empty());
    assert!(compiler.compile().workspace.by_id("PRD-1").is_none());
}
