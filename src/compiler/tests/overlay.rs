//! Overlays of unsaved texts, what is parsed again, the diagnostics delta, and a new
//! spex.yaml.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use crate::compiler::{Compiler, DiagnosticsDelta, load_config};
use crate::config::Config;
use crate::diag::{Diagnostic, Files, Rule, Severity};
use crate::load::FsTree;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn prd(id: &str, title: &str, body: &str) -> String {
    format!("---\nid: {id}\ntitle: {title}\nowner: X\n---\n{body}\n")
}

fn compiler_for(root: &Path) -> Compiler<FsTree> {
    compiler(root)
}

fn compiler(root: &Path) -> Compiler<FsTree> {
    Compiler::new(
        FsTree::new(root),
        Arc::new(Config::builtin()),
        Files::default(),
    )
}

fn apply(compiler: &mut Compiler<FsTree>, paths: &[&str]) -> bool {
    let paths: BTreeSet<String> = paths.iter().map(|p| (*p).to_owned()).collect();
    compiler.apply(&paths).structural
}

fn title(compiler: &mut Compiler<FsTree>, id: &str) -> Option<String> {
    let compilation = compiler.compile();
    compilation.workspace.by_id(id).map(|d| d.title.clone())
}

/// The rules of the diagnostics, for comparing deltas.
fn rules(diagnostics: &[Diagnostic]) -> Vec<Rule> {
    diagnostics.iter().map(|d| d.rule).collect()
}

/// Three PRDs: a refers to b, c stands alone.
fn workspace(root: &Path) {
    write(root, "prds/a.md", &prd("PRD-1", "A", "See [[PRD-2]]."));
    write(root, "prds/b.md", &prd("PRD-2", "B", "Body."));
    write(root, "prds/c.md", &prd("PRD-3", "C", "Body."));
}

#[test]
fn an_overlay_shadows_the_file_on_disk_and_clearing_it_restores_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    workspace(root);
    let mut compiler = compiler(root);
    assert_eq!(title(&mut compiler, "PRD-2").as_deref(), Some("B"));

    let unsaved = prd("PRD-2", "B, unsaved", "Body.");
    assert!(
        !compiler
            .set_overlay("prds/b.md", unsaved.as_str())
            .structural
    );
    let compilation = compiler.compile();
    assert_eq!(
        compilation.workspace.by_id("PRD-2").unwrap().title,
        "B, unsaved"
    );
    // Diagnostics quote the text compiled, not the one on disk.
    assert_eq!(compilation.files.text("prds/b.md"), Some(unsaved.as_str()));
    assert_eq!(
        std::fs::read_to_string(root.join("prds/b.md")).unwrap(),
        prd("PRD-2", "B", "Body.")
    );

    compiler.clear_overlay("prds/b.md");
    assert_eq!(title(&mut compiler, "PRD-2").as_deref(), Some("B"));
}

#[test]
fn an_overlay_of_a_file_not_on_disk_adds_a_document_until_it_is_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    workspace(root);
    let mut compiler = compiler(root);
    compiler.compile();

    let applied = compiler.set_overlay("prds/new.md", prd("PRD-9", "New", "See [[PRD-1]]."));
    assert!(applied.structural);
    assert_eq!(title(&mut compiler, "PRD-9").as_deref(), Some("New"));

    assert!(compiler.clear_overlay("prds/new.md").structural);
    assert_eq!(title(&mut compiler, "PRD-9"), None);
}

#[test]
fn only_files_whose_text_changed_are_parsed_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    workspace(root);
    let mut compiler = compiler(root);
    compiler.compile();
    assert_eq!(compiler.parses(), 3);

    write(root, "prds/c.md", &prd("PRD-3", "C2", "Body."));
    apply(&mut compiler, &["prds/c.md"]);
    let incremental = compiler.compile();
    assert_eq!(compiler.parses(), 4, "only c.md again");
    assert_eq!(incremental.workspace.by_id("PRD-3").unwrap().title, "C2");
    assert_eq!(
        incremental.diagnostics,
        compiler_for(root).compile().diagnostics
    );

    // Saved again with the same text (a touch, an editor's save-all): nothing to parse.
    apply(&mut compiler, &["prds/a.md", "prds/b.md", "prds/c.md"]);
    compiler.compile();
    assert_eq!(compiler.parses(), 4);

    // An overlay with the disk's text is no change either.
    compiler.set_overlay("prds/a.md", prd("PRD-1", "A", "See [[PRD-2]]."));
    assert_eq!(compiler.parses(), 4);
}

#[test]
fn the_delta_names_the_diagnostics_each_file_gained_and_lost() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    workspace(root);
    let mut compiler = compiler(root);
    // The first recompile reports everything there is as added.
    let first = compiler.recompile();
    assert_eq!(
        first.delta,
        DiagnosticsDelta::between(&[], &first.compilation.diagnostics)
    );
    assert!(first.delta.files.values().all(|f| f.removed.is_empty()));

    // b.md takes another ID: a.md's reference breaks, and b.md's orphan warning names
    // the new ID; c.md is untouched, so it is not in the delta.
    compiler.set_overlay("prds/b.md", prd("PRD-7", "B", "Body."));
    let broken = compiler.recompile();
    assert_eq!(
        broken.delta.files.keys().collect::<Vec<_>>(),
        ["prds/a.md", "prds/b.md"],
        "{:?}",
        broken.delta
    );
    let a = &broken.delta.files["prds/a.md"];
    assert_eq!(rules(&a.added), [Rule::UnknownReference]);
    assert!(a.removed.is_empty());
    let b = &broken.delta.files["prds/b.md"];
    assert_eq!(
        (rules(&b.added), rules(&b.removed)),
        (vec![Rule::Orphan], vec![Rule::Orphan])
    );
    assert!(b.added[0].message.contains("PRD-7") && b.removed[0].message.contains("PRD-2"));

    // Nothing changed: nothing to publish.
    assert!(compiler.recompile().delta.is_empty());

    compiler.clear_overlay("prds/b.md");
    let fixed = compiler.recompile();
    let a = &fixed.delta.files["prds/a.md"];
    assert!(a.added.is_empty());
    assert_eq!(rules(&a.removed), [Rule::UnknownReference]);
}

#[test]
fn deleted_and_added_files_leave_and_join_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    workspace(root);
    let mut compiler = compiler(root);
    compiler.recompile();

    std::fs::remove_file(root.join("prds/b.md")).unwrap();
    assert!(apply(&mut compiler, &["prds/b.md"]));
    let deleted = compiler.recompile();
    assert!(deleted.compilation.workspace.by_id("PRD-2").is_none());
    assert_eq!(
        rules(&deleted.delta.files["prds/a.md"].added),
        [Rule::UnknownReference]
    );
    assert_eq!(compiler.parses(), 3, "a deletion parses nothing");

    write(root, "prds/d.md", &prd("PRD-2", "D", "Body."));
    assert!(apply(&mut compiler, &["prds/d.md"]));
    let added = compiler.recompile();
    assert_eq!(
        added.compilation.workspace.by_id("PRD-2").unwrap().title,
        "D"
    );
    assert_eq!(
        rules(&added.delta.files["prds/a.md"].removed),
        [Rule::UnknownReference]
    );
    assert_eq!(compiler.parses(), 4, "only the new file");
}

#[test]
fn a_new_spex_yaml_compiles_everything_again_and_a_broken_one_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    workspace(root);
    write(root, "prds/a.md", &prd("PRD-1", "A", "See [[PRD-404]]."));
    let mut compiler = compiler(root);
    let before = compiler.compile();
    let level = |c: &crate::Compilation| {
        c.diagnostics
            .iter()
            .find(|d| d.rule == Rule::UnknownReference)
            .map(|d| d.severity)
    };
    assert_eq!(level(&before), Some(Severity::Error));

    write(root, "spex.yaml", "rules:\n  unknown-reference: warn\n");
    let applied = compiler.apply(&BTreeSet::from(["spex.yaml".to_owned()]));
    assert!(applied.config_replaced() && applied.structural);
    let after = compiler.compile();
    assert_eq!(compiler.parses(), 6, "every document again");
    assert_eq!(level(&after), Some(Severity::Warning));
    let loaded = load_config(&FsTree::new(root)).unwrap();
    let fresh = Compiler::with_config(FsTree::new(root), &loaded).compile();
    assert_eq!(after.diagnostics, fresh.diagnostics);

    // A broken one (here an editor's unsaved buffer) is read, reported to the caller,
    // and not used.
    let applied = compiler.set_overlay("spex.yaml", "rules: [unclosed\n");
    let Some(Ok(config)) = &applied.config else {
        panic!("spex.yaml was read");
    };
    assert!(!config.diagnostics.is_empty());
    assert!(!applied.config_replaced());
    assert_eq!(level(&compiler.compile()), Some(Severity::Warning));
    assert_eq!(compiler.parses(), 6);
}

/// The preview assembles (to render the edited page) before it validates; two edits
/// assembled before one validation are both validated again.
#[test]
fn edits_assembled_one_after_another_are_all_validated() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    workspace(root);
    let mut compiler = compiler(root);
    compiler.compile();

    let deprecated = "---\nid: PRD-2\ntitle: B\nowner: X\nstatus: deprecated\n---\nBody.\n";
    compiler.set_overlay("prds/b.md", deprecated);
    compiler.assemble();
    compiler.set_overlay("prds/c.md", prd("PRD-3", "C2", "Body."));
    let assembled = compiler.assemble();
    let compilation = compiler.validate(assembled);
    assert!(
        compilation
            .diagnostics
            .iter()
            .any(|d| d.rule == Rule::DeprecatedReference && d.primary.file == "prds/a.md"),
        "{:?}",
        compilation.diagnostics
    );
    let mut fresh = compiler_for(root);
    fresh.set_overlay("prds/b.md", deprecated);
    fresh.set_overlay("prds/c.md", prd("PRD-3", "C2", "Body."));
    assert_eq!(compilation.diagnostics, fresh.compile().diagnostics);
}

/// An editor opening a file overlays the text on disk: that is no edit, so the history
/// rules must see the file as git does (`spex check`'s answer), before and after the
/// history arrives.
#[test]
fn a_buffer_equal_to_the_disk_is_not_an_uncommitted_change() {
    use crate::model::{History, Uncommitted};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    workspace(root);
    let uncommitted = |compiler: &mut Compiler<FsTree>, path: &str| {
        let compilation = compiler.compile();
        let history = compilation.workspace.history.as_ref().expect("history set");
        history.docs.get(path).and_then(|d| d.uncommitted)
    };

    let mut compiler = compiler(root);
    compiler.set_overlay("prds/a.md", prd("PRD-1", "A", "See [[PRD-2]]."));
    compiler.set_overlay("prds/b.md", prd("PRD-2", "B, unsaved", "Body."));
    compiler.set_history(Some(Arc::new(History::default())));
    assert_eq!(uncommitted(&mut compiler, "prds/a.md"), None);
    assert_eq!(
        uncommitted(&mut compiler, "prds/b.md"),
        Some(Uncommitted::New)
    );

    compiler.set_overlay("prds/c.md", prd("PRD-3", "C", "Body."));
    assert_eq!(uncommitted(&mut compiler, "prds/c.md"), None);
    compiler.set_overlay("prds/c.md", prd("PRD-3", "C, typed", "Body."));
    assert_eq!(
        uncommitted(&mut compiler, "prds/c.md"),
        Some(Uncommitted::New)
    );
}
