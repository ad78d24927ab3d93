//! Model: roadmap items, decoded once from a roadmap's `items` field into typed values.
//! Every reader (the site's boards and health panel, the digests, the
//! `roadmap-unapproved` rule, `spex diff`) gets the same items from here, through
//! [`super::Workspace::roadmap_items`]; none reads the `items` records itself.

use std::fmt;
use std::ops::Range;

use super::{Document, FieldValue, Quarter};

/// When a roadmap plans an item: the `horizon` of a now/next/later roadmap.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Horizon {
    Now,
    Next,
    Later,
    /// A value a workspace's own roadmap kind allows besides these three. No board
    /// column shows it, and it is not "near".
    Other(String),
}

impl Horizon {
    /// The horizons a board has columns for, in order.
    pub const PLANNED: [Horizon; 3] = [Horizon::Now, Horizon::Next, Horizon::Later];

    /// Reads a value as written: `now`, `next` and `later` (exactly), else `Other`.
    pub fn parse(text: &str) -> Horizon {
        match text {
            "now" => Horizon::Now,
            "next" => Horizon::Next,
            "later" => Horizon::Later,
            other => Horizon::Other(other.to_owned()),
        }
    }

    /// The value as written in the roadmap.
    pub fn as_str(&self) -> &str {
        match self {
            Horizon::Now => "now",
            Horizon::Next => "next",
            Horizon::Later => "later",
            Horizon::Other(text) => text,
        }
    }

    /// The column heading on a board: `Now`, `Next`, `Later`.
    pub fn label(&self) -> &str {
        match self {
            Horizon::Now => "Now",
            Horizon::Next => "Next",
            Horizon::Later => "Later",
            Horizon::Other(text) => text,
        }
    }

    /// Now or next: work the roadmap commits to soon, so its PRD should be approved
    /// (the `roadmap-unapproved` rule, the site's health panel).
    pub fn is_near(&self) -> bool {
        matches!(self, Horizon::Now | Horizon::Next)
    }
}

impl fmt::Display for Horizon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One item of a roadmap's `items`, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadmapItem {
    /// The ID of the PRD the item plans (its `ref`), canonical.
    pub prd: String,
    /// Where the `ref` value is in the roadmap, for diagnostics about the item.
    pub ref_span: Range<usize>,
    pub horizon: Option<Horizon>,
    /// The item's own quarter (a date counts as its quarter); readers that need a date
    /// for every item fall back to the PRD's target.
    pub quarter: Option<Quarter>,
    pub confidence: Option<String>,
    pub note: Option<String>,
}

impl RoadmapItem {
    /// Where the item is placed, as `spex diff` reports a move: `next 2027-Q1`.
    pub fn place(&self) -> String {
        let horizon = self.horizon.as_ref().map(Horizon::to_string);
        let quarter = self.quarter.map(|q| q.to_string());
        [horizon, quarter]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The items of a document's `items` field, in their order; an item without a `ref`
/// that typed (the rules report it) is left out. Any document can be asked, so that
/// `spex diff` can compare a document that was a roadmap in only one revision.
pub fn roadmap_items(doc: &Document) -> Vec<RoadmapItem> {
    let Some(FieldValue::List(items)) = doc.field("items") else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let reference = item.value.get("ref")?;
            let FieldValue::Ref(prd) = &reference.value else {
                return None;
            };
            let text = |key: &str| item.value.get(key).and_then(|f| f.value.as_text());
            Some(RoadmapItem {
                prd: prd.clone(),
                ref_span: reference.span.clone(),
                horizon: text("horizon").map(Horizon::parse),
                quarter: item.value.get("quarter").and_then(|f| f.value.as_quarter()),
                confidence: text("confidence").map(str::to_owned),
                note: text("note").map(str::to_owned),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_workspace::{prd, workspace};

    const ROADMAP: &str = "---
id: RM-1
title: Plan
items:
  - { ref: PRD-1, horizon: now, confidence: high, note: first }
  - { ref: PRD-2, horizon: later, quarter: 2027-Q3 }
  - { ref: PRD-3 }
---
# Plan
";

    #[test]
    fn items_are_typed_in_their_order() {
        let (p1, t1) = prd("PRD-1", "");
        let ws = workspace(&[("roadmaps/rm.md", ROADMAP), (&p1, &t1)]);
        let rm = ws.index_of_id("RM-1").unwrap();
        let items = ws.roadmap_items(rm);
        let prds: Vec<&str> = items.iter().map(|i| i.prd.as_str()).collect();
        assert_eq!(
            prds,
            ["PRD-1", "PRD-2", "PRD-3"],
            "unknown PRDs are still items"
        );
        assert_eq!(items[0].horizon, Some(Horizon::Now));
        assert_eq!(items[0].confidence.as_deref(), Some("high"));
        assert_eq!(items[0].note.as_deref(), Some("first"));
        assert_eq!(&ROADMAP[items[0].ref_span.clone()], "PRD-1");
        assert_eq!(items[1].place(), "later 2027-Q3");
        assert_eq!(items[2].horizon, None);
        assert_eq!(items[2].place(), "");
        assert_eq!(items, roadmap_items(&ws.docs[rm]));
        // Only roadmaps have items.
        assert!(
            ws.roadmap_items(ws.index_of_id("PRD-1").unwrap())
                .is_empty()
        );
    }

    #[test]
    fn horizons_read_back_and_only_now_and_next_are_near() {
        for horizon in Horizon::PLANNED {
            assert_eq!(Horizon::parse(horizon.as_str()), horizon);
        }
        assert!(Horizon::Now.is_near() && Horizon::Next.is_near());
        assert!(!Horizon::Later.is_near());
        let other = Horizon::parse("Now");
        assert_eq!(other, Horizon::Other("Now".into()), "values are exact");
        assert!(!other.is_near());
        assert_eq!(Horizon::Later.label(), "Later");
    }
}
