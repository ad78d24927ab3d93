use super::export;
use crate::audience::Visibility;
use crate::diag::Files;
use crate::model::test_workspace::{prd, workspace};

const ROADMAP: &str = "---
id: RM-1
title: Plan
items:
  - { ref: PRD-1, horizon: now, note: first }
  - { ref: PRD-9, horizon: next, quarter: 2031-Q3, note: secret-plan }
---
# Plan
";

const PUBLIC: &str = "---
id: PRD-1
title: Tracking
owner: ann
depends_on: [PRD-9]
rice: { reach: 100, impact: 2, confidence: 0.5, effort: 4 }
---
# Tracking
See [[PRD-9]].

## Pricing {.confidential}
Secret rates, and [[PRD-9]] again.

## Pitch {.sales}
Fewer tickets.
";

fn example() -> crate::model::Workspace {
    let (p9, t9) = prd("PRD-9", "confidential: true\n");
    workspace(&[
        ("roadmaps/rm.md", ROADMAP),
        ("prds/PRD-1.md", PUBLIC),
        (&p9, &t9),
    ])
}

fn exported(include_confidential: bool) -> String {
    let ws = example();
    let data = export(
        &ws,
        &[],
        &Files::default(),
        Visibility {
            include_confidential,
        },
    );
    serde_json::to_string_pretty(&data).unwrap()
}

#[test]
fn a_confidential_document_and_everything_naming_it_is_left_out() {
    let text = exported(false);
    for hidden in ["PRD-9", "secret-plan", "2031-Q3", "Pricing", "pricing"] {
        assert!(!text.contains(hidden), "{hidden} leaked:\n{text}");
    }
    // What is public stays: the other roadmap item, the audience-tagged section.
    assert!(text.contains("\"note\": \"first\""), "{text}");
    assert!(text.contains("\"sales\""), "{text}");
}

#[test]
fn include_confidential_exports_everything() {
    let text = exported(true);
    for shown in ["prds/PRD-9.md", "secret-plan", "2031-Q3", "Pricing"] {
        assert!(text.contains(shown), "{shown} missing:\n{text}");
    }
}

#[test]
fn references_backlinks_and_rice_are_resolved() {
    let ws = example();
    let data = export(&ws, &[], &Files::default(), Visibility::default());
    let prd1 = data
        .documents
        .iter()
        .find(|d| d.id.as_deref() == Some("PRD-1"))
        .unwrap();
    assert_eq!(prd1.rice.as_ref().map(|r| r.score), Some(25.0));
    assert_eq!(
        prd1.backlinks
            .iter()
            .map(|b| (b.from.as_str(), b.field.as_deref()))
            .collect::<Vec<_>>(),
        [("RM-1", Some("items"))]
    );
    assert!(prd1.references.is_empty(), "only PRD-9 is referred to");
    assert_eq!(data.roadmap.len(), 1);
    assert_eq!(data.health.documents, 2);
}
