//! `llms.txt` and `llms-full.txt` on the built site (the llms.txt proposal): the example
//! workspace's index links every public document's page, grouped by kind; the full text
//! has each document's Markdown without hidden sections; neither names a confidential
//! document; `site: { llms_txt: false }` turns both off.

use crate::support::{TestWorkspace, repo_root, run_in};

/// In PRD-019 (confidential) and PRD-001's `{.confidential}` section.
const MARKER: &str = "CONFIDENTIAL-MARKER";

fn build(workspace: &TestWorkspace) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let path = workspace.path().to_str().expect("UTF-8");
    let out_path = out.path().to_str().expect("UTF-8");
    let built = run_in(workspace.path(), &["build", path, "--out", out_path]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    out
}

#[test]
fn the_example_site_has_llms_txt_with_every_public_document_and_nothing_confidential() {
    let workspace = TestWorkspace::copy_of(&repo_root().join("example-workspace"));
    let out = build(&workspace);
    let index = std::fs::read_to_string(out.path().join("llms.txt")).expect("llms.txt");
    let full = std::fs::read_to_string(out.path().join("llms-full.txt")).expect("llms-full.txt");

    assert!(
        index.starts_with("# Parcelwise Product Specs\n\n> "),
        "{index}"
    );
    assert!(index.contains("\n## PRDs\n\n"), "{index}");
    assert!(index.contains("\n## Objectives\n\n"), "{index}");
    assert!(
        index.contains("- [PRD-003: Delivery date promise at checkout](/prd/PRD-003.html): Show shoppers a specific, honest delivery date"),
        "{index}"
    );
    // Every link is a page the build wrote.
    for link in index.lines().filter_map(|l| l.split("](/").nth(1)) {
        let page = link.split(')').next().expect("a closing parenthesis");
        assert!(out.path().join(page).is_file(), "{page} is not in the site");
    }
    assert!(!index.contains("PRD-019") && !full.contains("PRD-019"));

    assert!(full.contains("\n## PRD-003: Delivery date promise at checkout\n\n- page: /prd/PRD-003.html\n- kind: prd\n"), "{full}");
    assert!(full.contains("- owner: Tomás Rivera\n"));
    assert!(full.contains("\n### Problem\n"));
    assert!(full.contains("### Success metrics") && !full.contains("Carrier contract terms"));
    // Read away from the repository: references and links go to the site's pages, with
    // the author's own link text and heading anchors kept.
    assert!(full.contains("by [DEC-003: Move the top four carriers to direct integrations](/decision/DEC-003.html)."), "{full}");
    assert!(full.contains("link to the [branded tracking page](/prd/PRD-006.html)."));
    assert!(full.contains("([PRD-004: Shipping rules engine](/prd/PRD-004.html#open-questions))"));
    assert!(full.contains("([REL-001](/release/REL-001.html))"));
    assert!(!full.contains("[[") && !full.contains(".md)") && !full.contains(".md#"));
    assert!(
        !full.contains("- confidential:"),
        "only public documents are listed"
    );
    for text in [&index, &full] {
        assert!(!text.contains(MARKER), "the confidential marker leaked");
        assert!(
            !text.contains("ShipLoop"),
            "the confidential PRD's title leaked"
        );
    }
}

#[test]
fn llms_txt_can_be_turned_off() {
    let workspace = TestWorkspace::new()
        .file("spex.yaml", "site:\n  llms_txt: false\n")
        .file(
            "prds/PRD-1.md",
            "---\nid: PRD-1\ntitle: One\nowner: Ann\n---\nText.\n",
        );
    let out = build(&workspace);
    assert!(out.path().join("index.html").is_file());
    assert!(!out.path().join("llms.txt").exists() && !out.path().join("llms-full.txt").exists());

    let bad = TestWorkspace::new().file("spex.yaml", "site:\n  llms_txt: sometimes\n");
    let checked = bad.run(["check"]);
    assert_eq!(checked.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&checked.stdout)
            .contains("`site.llms_txt` is `true` or `false`, found `sometimes`")
    );
}
