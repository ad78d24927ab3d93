use super::*;
use crate::diff::{DocChange, RefChange};

fn doc(id: &str, path: &str) -> DocSummary {
    DocSummary {
        id: id.into(),
        title: "Tracking page".into(),
        kind: "prd".into(),
        path: path.into(),
        status: Some("draft".into()),
        confidential: false,
        audience: Vec::new(),
    }
}

fn change_with_refs() -> DocChange {
    DocChange {
        doc: doc("PRD-1", "prds/PRD-1.md"),
        fields: Vec::new(),
        references_added: vec![RefChange {
            field: "depends_on".into(),
            target: "PRD-2".into(),
        }],
        references_removed: vec![RefChange {
            field: "related".into(),
            target: "PRD-9".into(),
        }],
        roadmap: Vec::new(),
        sections_added: vec!["Rollout *plan*".into()],
        sections_removed: Vec::new(),
        sections_changed: Vec::new(),
        hidden_references: 0,
        before: None,
    }
}

#[test]
fn code_spans_fence_around_backticks() {
    assert_eq!(code_span("depends_on"), "`depends_on`");
    assert_eq!(code_span("a`b"), "`` a`b ``");
}

#[test]
fn markdown_reference_changes_are_words_not_nested_lists() {
    let lines = change_lines(&change_with_refs(), Style::Markdown);
    assert_eq!(
        lines,
        [
            "added: `depends_on` PRD-2",
            "removed: `related` PRD-9",
            "sections added: Rollout \\*plan\\*"
        ]
    );
    assert!(
        change_lines(&change_with_refs(), Style::Text).contains(&"+ depends_on PRD-2".to_owned())
    );
}

#[test]
fn links_go_to_the_site_then_the_forge_then_the_repository_path() {
    let d = doc("PRD-1", "prds/PRD 1 (old).md");
    let repo = Links {
        site_url: None,
        blob_url: None,
        path_prefix: "specs/",
    };
    assert_eq!(repo.url(&d), "specs/prds/PRD%201%20%28old%29.md");
    let forge = Links {
        blob_url: Some("https://github.com/acme/specs/blob/abc123/"),
        ..repo
    };
    assert_eq!(
        forge.url(&d),
        "https://github.com/acme/specs/blob/abc123/specs/prds/PRD%201%20%28old%29.md"
    );
    let site = Links {
        site_url: Some("https://specs.example.com/"),
        ..forge
    };
    assert_eq!(site.url(&d), "https://specs.example.com/prd/PRD-1.html");
}
