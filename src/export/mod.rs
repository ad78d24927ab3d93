//! `spex export`: the compiled workspace → one deterministic JSON document (documents
//! with typed fields, references both ways, sections and their tags, git dates and
//! authors, RICE scores, roadmap items, health counts and diagnostics), for other tools.
//!
//! What an export shows is the audience policy's answer for an output anyone may read
//! ([`Visibility`]): without `--include-confidential`, confidential documents, the
//! sections tagged `{.confidential}`, references and field values naming hidden
//! documents, and diagnostics that would reveal any of them are left out.

mod fields;
mod model;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::audience::{Hidden, Policy, Visibility};
use crate::diag::{Diagnostic, Files, Severity};
use crate::model::{DocIdx, Document, Workspace};

pub use model::{
    Change, Export, ExportBacklink, ExportDoc, ExportReference, ExportRoadmapItem, ExportSection,
    GitInfo, Health, Revision, Rice, SCHEMA_VERSION,
};

/// The JSON Schema (draft 2020-12) of [`Export`], which `spex export --schema` prints.
pub const EXPORT_SCHEMA: &str = include_str!("export.schema.json");

/// Everything `visibility` lets an export show of `ws`, with the diagnostics it may show.
pub fn export(
    ws: &Workspace,
    diagnostics: &[Diagnostic],
    files: &Files,
    visibility: Visibility,
) -> Export {
    let hidden = Hidden::of_workspace(ws, &visibility);
    let view = View {
        ws,
        files,
        policy: &visibility,
        hidden: &hidden,
    };
    let shown: Vec<DocIdx> = (0..ws.len())
        .filter(|&i| visibility.shows(&ws.docs[i]))
        .collect();
    let diagnostics = hidden.shown(diagnostics);
    Export {
        schema_version: SCHEMA_VERSION,
        include_confidential: visibility.include_confidential,
        revision: ws.history.as_ref().and_then(|h| {
            h.head.as_ref().map(|head| Revision {
                commit: head.id.clone(),
                date: head.date.clone(),
                truncated: h.truncated,
            })
        }),
        documents: shown.iter().map(|&i| view.document(i)).collect(),
        roadmap: shown.iter().flat_map(|&i| view.roadmap(i)).collect(),
        health: health(ws, &shown, &diagnostics),
        diagnostics: crate::diag::json::to_values(
            diagnostics.iter().copied(),
            files,
            ws.config.docs_url.as_deref(),
        ),
    }
}

/// One document `idx` as [`export`] shows it, under any `policy` (the caller has asked
/// it that the document may be shown at all): the MCP server's `get_document` answers
/// with the same shape.
pub fn export_document(
    ws: &Workspace,
    files: &Files,
    policy: &dyn Policy,
    hidden: &Hidden,
    idx: DocIdx,
) -> (ExportDoc, Vec<ExportRoadmapItem>) {
    let view = View {
        ws,
        files,
        policy,
        hidden,
    };
    (view.document(idx), view.roadmap(idx))
}

/// The workspace as one export sees it.
struct View<'a> {
    ws: &'a Workspace,
    files: &'a Files,
    policy: &'a dyn Policy,
    hidden: &'a Hidden,
}

impl View<'_> {
    fn document(&self, idx: DocIdx) -> ExportDoc {
        let doc = &*self.ws.docs[idx];
        let hidden_ranges = self.policy.hidden_ranges(doc);
        ExportDoc {
            path: doc.path.clone(),
            id: doc.id.clone(),
            kind: doc.kind_name().map(str::to_owned),
            title: doc.title.clone(),
            status: doc.status().map(str::to_owned),
            phase: doc.phase(),
            confidential: doc.is_confidential(),
            fields: doc
                .fields
                .iter()
                .filter(|(name, _)| self.policy.shows_field(name))
                .filter_map(|(name, f)| Some((name.clone(), fields::shown(&f.value, self.hidden)?)))
                .collect(),
            rice: rice(doc),
            references: self.references(doc, &hidden_ranges),
            backlinks: self.backlinks(idx),
            sections: self.sections(doc, &hidden_ranges),
            git: self.git(doc),
        }
    }

    /// References outside hidden sections to documents this export shows (or to IDs
    /// that exist nowhere, which name nothing hidden).
    fn references(&self, doc: &Document, hidden: &[Range<usize>]) -> Vec<ExportReference> {
        doc.refs
            .iter()
            .filter(|r| !inside(hidden, r.span.start) && !self.hidden.id(&r.target))
            .map(|r| ExportReference {
                target: r.target.clone(),
                anchor: r.anchor.clone(),
                field: r.field().map(|f| f.path.clone()),
                dependency: r.is_dependency(),
                resolved: self.ws.index_of_id(&r.target).is_some(),
                line: self.files.position(&doc.path, r.span.start).line,
            })
            .collect()
    }

    /// Shown documents referring to `idx` from outside their hidden sections, one entry
    /// per document and field.
    fn backlinks(&self, idx: DocIdx) -> Vec<ExportBacklink> {
        let mut out: Vec<ExportBacklink> = Vec::new();
        for b in &self.ws.backlinks[idx] {
            let from = &*self.ws.docs[b.from];
            if !self.policy.shows(from) {
                continue;
            }
            let reference = &from.refs[b.reference];
            if inside(&self.policy.hidden_ranges(from), reference.span.start) {
                continue;
            }
            let link = ExportBacklink {
                from: from.label().to_owned(),
                field: reference.field().map(|f| f.field.clone()),
                dependency: reference.is_dependency(),
            };
            if !out
                .iter()
                .any(|o| o.from == link.from && o.field == link.field)
            {
                out.push(link);
            }
        }
        out.sort_by(|a, b| (&a.from, &a.field).cmp(&(&b.from, &b.field)));
        out
    }

    /// Headings with their tags, leaving out those inside a hidden section.
    fn sections(&self, doc: &Document, hidden: &[Range<usize>]) -> Vec<ExportSection> {
        doc.headings
            .iter()
            .filter(|h| !inside(hidden, h.span.start))
            .map(|h| ExportSection {
                heading: h.text.clone(),
                anchor: h.anchor.clone(),
                level: h.level,
                tags: h.classes.clone(),
                line: self.files.position(&doc.path, h.span.start).line,
            })
            .collect()
    }

    fn git(&self, doc: &Document) -> Option<GitInfo> {
        let history = self.ws.history.as_ref()?;
        let change = |c: &crate::model::CommitInfo| Change {
            date: c.date.clone(),
            author: c.author.clone(),
            commit: c.id.clone(),
        };
        Some(GitInfo {
            created: history.created(&doc.path).map(change),
            updated: history.updated(&doc.path).map(change),
            authors: history
                .authors(&doc.path)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            uncommitted: history
                .of(&doc.path)
                .is_some_and(|h| h.uncommitted.is_some()),
        })
    }

    /// The items of roadmap `idx` that plan documents this export shows.
    fn roadmap(&self, idx: DocIdx) -> Vec<ExportRoadmapItem> {
        let roadmap = self.ws.docs[idx].label();
        self.ws
            .roadmap_items(idx)
            .iter()
            .filter(|item| !self.hidden.id(&item.prd))
            .map(|item| ExportRoadmapItem {
                roadmap: roadmap.to_owned(),
                target: item.prd.clone(),
                horizon: item.horizon.as_ref().map(|h| h.as_str().to_owned()),
                quarter: item.quarter.map(|q| q.to_string()),
                confidence: item.confidence.clone(),
                note: item.note.clone(),
            })
            .collect()
    }
}

fn inside(ranges: &[Range<usize>], offset: usize) -> bool {
    ranges.iter().any(|r| r.contains(&offset))
}

fn rice(doc: &Document) -> Option<Rice> {
    let score = doc.rice_score()?;
    let rice = doc.field("rice")?;
    let get = |k: &str| rice.get(k).and_then(|f| f.value.as_number()).unwrap_or(0.0);
    Some(Rice {
        score,
        reach: get("reach"),
        impact: get("impact"),
        confidence: get("confidence"),
        effort: get("effort"),
    })
}

fn health(ws: &Workspace, shown: &[DocIdx], diagnostics: &[&Diagnostic]) -> Health {
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    for &i in shown {
        let kind = ws.docs[i].kind_name().unwrap_or("page");
        *by_kind.entry(kind.to_owned()).or_default() += 1;
    }
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    for d in diagnostics {
        *by_rule.entry(d.rule.name().to_owned()).or_default() += 1;
    }
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    Health {
        documents: shown.len(),
        by_kind,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        notes: count(Severity::Note),
        by_rule,
    }
}

#[cfg(test)]
mod tests;
