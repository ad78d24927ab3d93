//! The shape of `spex export`: plain serializable structs, in the order they print.
//! `export.schema.json` beside this file describes the same shape for other tools; the
//! export test validates the example workspace's export against it.

use std::collections::BTreeMap;

use serde::Serialize;

/// The version of this shape. Raise it when a field changes meaning or goes away; adding
/// a field keeps it.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole compiled workspace, as one document.
#[derive(Debug, Serialize)]
pub struct Export {
    pub schema_version: u32,
    /// Whether confidential documents and sections are in it (`--include-confidential`).
    pub include_confidential: bool,
    /// The commit compiled, when the workspace is in a git repository with commits.
    pub revision: Option<Revision>,
    pub documents: Vec<ExportDoc>,
    /// Every roadmap's items, in roadmap order then item order.
    pub roadmap: Vec<ExportRoadmapItem>,
    pub health: Health,
    /// In the shape of `spex check --format json`.
    pub diagnostics: Vec<serde_json::Value>,
}

#[derive(Debug, Serialize)]
pub struct Revision {
    pub commit: String,
    pub date: String,
    /// The history is a shallow clone's: dates and authors go back only so far.
    pub truncated: bool,
}

/// One document: a spec of some kind, or a plain page (`kind` null).
#[derive(Debug, Serialize)]
pub struct ExportDoc {
    pub path: String,
    pub id: Option<String>,
    pub kind: Option<String>,
    pub title: String,
    pub status: Option<String>,
    /// Where the status sits in the lifecycle (`proposed` … `inactive`).
    pub phase: Option<crate::config::Phase>,
    /// Only ever true with `--include-confidential`.
    pub confidential: bool,
    /// Front-matter fields, typed: dates and quarters as strings, references as IDs.
    pub fields: BTreeMap<String, serde_json::Value>,
    pub rice: Option<Rice>,
    pub references: Vec<ExportReference>,
    pub backlinks: Vec<ExportBacklink>,
    pub sections: Vec<ExportSection>,
    pub git: Option<GitInfo>,
}

/// A reference this document makes, by ID (a front-matter field or `[[ID]]` in the body).
#[derive(Debug, Serialize)]
pub struct ExportReference {
    pub target: String,
    pub anchor: Option<String>,
    /// The front-matter field (`objectives`, `items[].ref`); null for `[[ID]]` in the body.
    pub field: Option<String>,
    /// A `depends_on`-like reference: the target must be done first.
    pub dependency: bool,
    /// Whether the target exists in the workspace.
    pub resolved: bool,
    pub line: usize,
}

/// A document that refers to this one.
#[derive(Debug, Serialize)]
pub struct ExportBacklink {
    /// The referring document's ID, or its path when it has none.
    pub from: String,
    pub field: Option<String>,
    pub dependency: bool,
}

/// A heading and the section below it.
#[derive(Debug, Serialize)]
pub struct ExportSection {
    pub heading: String,
    pub anchor: String,
    pub level: u8,
    /// The heading's classes (`{.sales .confidential}`): audience and confidentiality tags.
    pub tags: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Serialize)]
pub struct Rice {
    pub score: f64,
    pub reach: f64,
    pub impact: f64,
    pub confidence: f64,
    pub effort: f64,
}

/// What git says about a document.
#[derive(Debug, Serialize)]
pub struct GitInfo {
    /// Null when history does not reach back to the document's first commit.
    pub created: Option<Change>,
    pub updated: Option<Change>,
    /// By number of commits, most first.
    pub authors: Vec<String>,
    /// The work tree has changes to it that are not committed.
    pub uncommitted: bool,
}

#[derive(Debug, Serialize)]
pub struct Change {
    pub date: String,
    pub author: String,
    pub commit: String,
}

#[derive(Debug, Serialize)]
pub struct ExportRoadmapItem {
    /// The roadmap's ID (or path).
    pub roadmap: String,
    pub target: String,
    /// `now`, `next`, `later`, `done` or the workspace's own word.
    pub horizon: Option<String>,
    pub quarter: Option<String>,
    pub confidence: Option<String>,
    pub note: Option<String>,
}

/// Counts a dashboard needs. The site's health panel lists the same diagnostics; a
/// shared, richer health computation (stale documents, coverage) would add fields here.
#[derive(Debug, Serialize)]
pub struct Health {
    pub documents: usize,
    /// Documents by kind (plain pages under `page`).
    pub by_kind: BTreeMap<String, usize>,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Diagnostics by rule name.
    pub by_rule: BTreeMap<String, usize>,
}
