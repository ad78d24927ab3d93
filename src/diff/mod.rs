//! Semantic diff: two compiled workspaces → what changed in product terms (documents,
//! fields, references, roadmap items, sections, diagnostics), not in lines of text.
//! `spex diff` renders it; the digests build on it.

mod compare;
mod confidential;
pub mod impact;
pub mod render;

use serde::Serialize;

pub use compare::{CompareOptions, compare};

use std::sync::Arc;

use crate::model::{CommitInfo, Document};

/// What a change to references naming documents the reader may not see reads as: the
/// same words in the diff and the digests, and never the names.
pub const HIDDEN_REFERENCES: &str = "references changed";

/// Everything that changed between a base and a head.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SemanticDiff {
    /// The base commit.
    pub base: Option<CommitInfo>,
    /// The head commit; `None` means the work tree.
    pub head: Option<CommitInfo>,
    pub added: Vec<DocSummary>,
    pub removed: Vec<DocSummary>,
    pub renamed: Vec<Renamed>,
    pub changed: Vec<DocChange>,
    pub diagnostics_introduced: Vec<DiagnosticSummary>,
    pub diagnostics_fixed: Vec<DiagnosticSummary>,
    /// `suspect-link` notes in the head: documents to re-read.
    pub suspect_links: Vec<DiagnosticSummary>,
    /// Confidential documents that were added, removed, renamed or changed: without
    /// `--include-confidential` they are counted here and named nowhere else.
    pub confidential_changed: usize,
    /// Those documents, for callers that judge visibility themselves (the digests keep
    /// their IDs out of every line); never printed.
    #[serde(skip)]
    pub confidential: Vec<DocSummary>,
}

impl SemanticDiff {
    /// No document changed (diagnostics aside).
    pub fn is_empty(&self) -> bool {
        self.confidential_changed == 0
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.changed.is_empty()
    }
}

/// A document as the diff names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocSummary {
    /// Empty for plain pages.
    pub id: String,
    pub title: String,
    /// Empty for plain pages.
    pub kind: String,
    pub path: String,
    pub status: Option<String>,
    pub confidential: bool,
    /// The `audience:` field: the only audiences whose digests may name the document
    /// (empty: every audience). Kept so a removed document stays hidden from the rest.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<String>,
}

impl DocSummary {
    /// What the audience policy needs to know of a document the diff describes.
    pub fn described(&self) -> crate::audience::Described<'_> {
        crate::audience::Described {
            kind: &self.kind,
            status: self.status.as_deref(),
            audience: &self.audience,
            confidential: self.confidential,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Renamed {
    pub doc: DocSummary,
    pub from: String,
}

/// How one document changed.
#[derive(Debug, Clone, Serialize)]
pub struct DocChange {
    pub doc: DocSummary,
    pub fields: Vec<FieldChange>,
    pub references_added: Vec<RefChange>,
    pub references_removed: Vec<RefChange>,
    pub roadmap: Vec<RoadmapChange>,
    pub sections_added: Vec<String>,
    pub sections_removed: Vec<String>,
    pub sections_changed: Vec<String>,
    /// How many references and roadmap items naming a document the diff may only
    /// count were added or removed: the document changed, but what it now names is not
    /// said ("references changed").
    #[serde(skip_serializing_if = "is_zero")]
    pub hidden_references: usize,
    /// The document as it was at the base, for outputs that quote what a section lost
    /// or gained (digests: "requirement added — …"). Not serialized: what a reader may
    /// see of it is the reader's policy's question, which the diff cannot answer.
    #[serde(skip)]
    pub before: Option<Arc<Document>>,
}

impl DocChange {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
            && self.references_added.is_empty()
            && self.references_removed.is_empty()
            && self.roadmap.is_empty()
            && self.sections_added.is_empty()
            && self.sections_removed.is_empty()
            && self.sections_changed.is_empty()
            && self.hidden_references == 0
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// A target moved later.
    pub slip: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RefChange {
    /// The front-matter field, or `text` for `[[…]]` in the body.
    pub field: String,
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoadmapChange {
    /// `added`, `removed` or `moved`.
    pub change: &'static str,
    pub id: String,
    /// horizon / quarter before (`next 2027-Q1`), for moved and removed items.
    pub from: Option<String>,
    /// horizon / quarter after, for moved and added items.
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DiagnosticSummary {
    pub rule: String,
    pub severity: String,
    pub file: String,
    pub message: String,
}
