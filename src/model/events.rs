//! Model: change as product events ("PRD-7 shipped", "PRD-16 moved 2027-Q1 → 2027-Q2",
//! "PRD-12: requirement added"), derived from the fingerprints the history walk keeps
//! of every version of every document (`Fingerprint`): each commit's version of a
//! document is compared with the one before it. The same field change across many
//! documents in one commit (a metadata-only bulk edit) is one event.
//!
//! Events name fields, sections and documents that an output may not show: every
//! output filters them through the audience policy (`audience::visible_events`) before
//! it renders one.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::document::DocIdx;
use super::fingerprint::Fingerprint;
use super::history::History;
use super::materiality::Materiality;
use super::quarter::Quarter;
use super::workspace::Workspace;
use crate::config::Phase;

/// Fields whose values an event quotes: scalars that name no document. Any other field
/// (references, roadmap items, records) is said to have changed, without its values:
/// they may name a document an output does not show, even one deleted since.
const QUOTED_FIELDS: &[&str] = &[
    "audience",
    "confidence",
    "horizon",
    "owner",
    "priority",
    "tags",
    "team",
];

/// This many documents or more with the same field change in one commit are one event.
pub const BULK_DOCS: usize = 3;

/// One thing that happened to the product in one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeEvent {
    /// Index into `History::commits`.
    pub commit: usize,
    /// The document; several only for a bulk field change.
    pub docs: Vec<DocIdx>,
    pub change: EventChange,
}

/// What happened. (Ordered only to group alike changes.)
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventChange {
    /// The document was created, with this status.
    Created { status: Option<String> },
    /// Its status changed; `forward` when the new status's phase is not earlier.
    Status {
        from: String,
        to: String,
        forward: bool,
    },
    /// A quarter-valued field (`target`) moved.
    Moved {
        field: String,
        from: String,
        to: String,
    },
    /// Another field changed (values only for `QUOTED_FIELDS`, and not too long).
    Field {
        field: String,
        from: Option<String>,
        to: Option<String>,
    },
    /// A normative section (Requirements, Scope…) appeared, went or changed.
    Section {
        heading: String,
        classes: Vec<String>,
        change: SectionChange,
    },
    /// The text changed outside the normative sections: these sections (heading,
    /// classes), or none when the change is outside every section.
    Edited {
        sections: Vec<(String, Vec<String>)>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SectionChange {
    Added,
    Removed,
    ItemsAdded(u32),
    ItemsRemoved(u32),
    Changed,
}

/// Every event in the history of today's documents, newest commit first; within a
/// commit by document path. Events of one document in one commit come in a fixed order:
/// created, status, moves, sections, fields, edits.
pub fn change_events(ws: &Workspace, history: &History) -> Vec<ChangeEvent> {
    let materiality = Materiality::new(&ws.config);
    let mut docs: Vec<(DocIdx, &str)> = ws
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (i, d.path.as_str()))
        .collect();
    docs.sort_by_key(|&(_, path)| path);
    // Each document's events on every core (comparing versions is the work), then
    // gathered by commit in path order, as one loop would.
    let per_doc: Vec<Vec<(usize, EventChange)>> = docs
        .par_iter()
        .map(|&(idx, path)| document_events(ws, &materiality, history, idx, path))
        .collect();
    let mut by_commit: BTreeMap<usize, Vec<ChangeEvent>> = BTreeMap::new();
    for ((idx, _), events) in docs.iter().zip(per_doc) {
        for (commit, change) in events {
            by_commit.entry(commit).or_default().push(ChangeEvent {
                commit,
                docs: vec![*idx],
                change,
            });
        }
    }
    by_commit.into_values().flat_map(collapse_bulk).collect()
}

/// The events of document `idx` at `path`, by commit index, newest first.
fn document_events(
    ws: &Workspace,
    materiality: &Materiality,
    history: &History,
    idx: DocIdx,
    path: &str,
) -> Vec<(usize, EventChange)> {
    let mut events = Vec::new();
    let Some(h) = history.of(path) else {
        return events;
    };
    for (n, &commit) in h.commits.iter().enumerate() {
        let Some(Some(newer)) = h.versions.get(n) else {
            continue;
        };
        let older = match h.versions.get(n + 1) {
            Some(Some(older)) => older,
            Some(None) => continue, // the version before could not be read
            None if h.created_known => {
                let status = newer.fields.get("status").cloned();
                events.push((commit, EventChange::Created { status }));
                continue;
            }
            None => continue,
        };
        let kind = ws.docs[idx].kind_name();
        let changes = compare(ws, idx, older, newer, materiality, kind);
        events.extend(changes.into_iter().map(|change| (commit, change)));
    }
    events
}

/// What changed from `older` to `newer`, one version of document `idx` to the next.
fn compare(
    ws: &Workspace,
    idx: DocIdx,
    older: &Fingerprint,
    newer: &Fingerprint,
    m: &Materiality,
    kind: Option<&str>,
) -> Vec<EventChange> {
    let mut events = Vec::new();
    let mut fields: Vec<&String> = newer.fields.keys().chain(older.fields.keys()).collect();
    fields.sort();
    fields.dedup();
    let mut field_events = Vec::new();
    for field in fields {
        let (from, to) = (older.fields.get(field), newer.fields.get(field));
        if from == to {
            continue;
        }
        let quotable = QUOTED_FIELDS.contains(&field.as_str());
        let quoted = |v: Option<&String>| v.filter(|v| quotable && !v.starts_with('#')).cloned();
        match (field.as_str(), from, to) {
            ("status", Some(from), Some(to)) => {
                let doc = &ws.docs[idx];
                let rank = |s: &str| doc.phase_of(s).map(phase_rank);
                events.push(EventChange::Status {
                    forward: rank(to) >= rank(from),
                    from: from.clone(),
                    to: to.clone(),
                });
            }
            (_, Some(from), Some(to))
                if Quarter::parse(from).is_some() && Quarter::parse(to).is_some() =>
            {
                events.push(EventChange::Moved {
                    field: field.clone(),
                    from: from.clone(),
                    to: to.clone(),
                });
            }
            _ => field_events.push(EventChange::Field {
                field: field.clone(),
                from: quoted(from),
                to: quoted(to),
            }),
        }
    }
    let normative = m.normative_of(kind);
    let mut section_events = Vec::new();
    for heading in normative {
        let key = super::fingerprint::section_key(heading);
        let change = match (older.sections.get(&key), newer.sections.get(&key)) {
            (None, Some(_)) => SectionChange::Added,
            (Some(_), None) => SectionChange::Removed,
            (Some(a), Some(b)) if a.open_hash == b.open_hash => continue,
            (Some(a), Some(b)) if b.items > a.items => SectionChange::ItemsAdded(b.items - a.items),
            (Some(a), Some(b)) if b.items < a.items => {
                SectionChange::ItemsRemoved(a.items - b.items)
            }
            (Some(_), Some(_)) => SectionChange::Changed,
            (None, None) => continue,
        };
        let classes = newer
            .sections
            .get(&key)
            .or_else(|| older.sections.get(&key))
            .map(|s| s.classes.clone())
            .unwrap_or_default();
        section_events.push(EventChange::Section {
            heading: heading.clone(),
            classes,
            change,
        });
    }
    events.extend(section_events.iter().cloned());
    events.extend(field_events);
    if section_events.is_empty() && newer.body != older.body {
        let is_normative = |key: &str| {
            normative
                .iter()
                .any(|h| super::fingerprint::section_key(h) == key)
        };
        let changed: Vec<(&String, &super::fingerprint::Section)> = newer
            .sections
            .iter()
            .filter(|(key, s)| {
                !is_normative(key)
                    && older.sections.get(*key).map(|o| o.open_hash) != Some(s.open_hash)
            })
            .collect();
        // A title heading holds the whole document: name it only when nothing below
        // it is named.
        let deepest = changed.iter().map(|(_, s)| s.level).max().unwrap_or(0);
        let sections = changed
            .into_iter()
            .filter(|(_, s)| s.level > 1 || deepest == 1)
            .map(|(key, s)| (key.clone(), s.classes.clone()))
            .collect();
        events.push(EventChange::Edited { sections });
    }
    events
}

/// A phase's place in the lifecycle, to tell a step forward from a step back.
fn phase_rank(phase: Phase) -> u8 {
    match phase {
        Phase::Proposed => 0,
        Phase::Committed => 1,
        Phase::Started => 2,
        Phase::Done => 3,
        Phase::Inactive => 4,
    }
}

/// One commit's events with every field change made to `BULK_DOCS` or more documents
/// alike merged into one event (in the place of its first document's).
fn collapse_bulk(events: Vec<ChangeEvent>) -> Vec<ChangeEvent> {
    let mut alike: BTreeMap<&EventChange, usize> = BTreeMap::new();
    for e in &events {
        if matches!(e.change, EventChange::Field { .. }) {
            *alike.entry(&e.change).or_default() += 1;
        }
    }
    let bulk: Vec<EventChange> = alike
        .into_iter()
        .filter(|&(_, n)| n >= BULK_DOCS)
        .map(|(c, _)| c.clone())
        .collect();
    let mut out: Vec<ChangeEvent> = Vec::new();
    for e in events {
        if bulk.contains(&e.change)
            && let Some(first) = out.iter_mut().find(|o| o.change == e.change)
        {
            first.docs.extend(e.docs);
            continue;
        }
        out.push(e);
    }
    out
}

impl ChangeEvent {
    /// The event in words, naming documents by their labels ("PRD-7 shipped").
    pub fn text(&self, ws: &Workspace) -> String {
        let label = |i: DocIdx| ws.docs[i].label().to_owned();
        let who = match self.docs.as_slice() {
            [one] => label(*one),
            many => format!("{} documents", many.len()),
        };
        let words = |s: &str| s.replace(['-', '_'], " ");
        match &self.change {
            EventChange::Created { status: Some(s) } => format!("{who} added as {}", words(s)),
            EventChange::Created { status: None } => format!("{who} added"),
            EventChange::Status {
                to, forward: true, ..
            } => format!("{who} {}", words(to)),
            EventChange::Status { to, .. } => format!("{who} back to {}", words(to)),
            EventChange::Moved { field, from, to } if field == "target" => {
                format!("{who} moved {from} → {to}")
            }
            EventChange::Moved { field, from, to } => format!("{who}: {field} {from} → {to}"),
            EventChange::Field { field, from, to } => {
                let what = match (from, to) {
                    (Some(from), Some(to)) => format!("{field}: {from} → {to}"),
                    (None, Some(to)) => format!("{field}: {to}"),
                    _ => format!("{field} changed"),
                };
                if self.docs.len() == 1 {
                    format!("{who}: {what}")
                } else {
                    format!("{what} on {who}")
                }
            }
            EventChange::Section {
                heading, change, ..
            } => {
                let requirement = super::fingerprint::section_key(heading) == "requirements";
                let items = |n: u32, verb: &str| match (requirement, n) {
                    (true, 1) => format!("requirement {verb}"),
                    (true, n) => format!("{n} requirements {verb}"),
                    (false, 1) => format!("{heading}: item {verb}"),
                    (false, n) => format!("{heading}: {n} items {verb}"),
                };
                let what = match change {
                    SectionChange::Added => format!("{heading} added"),
                    SectionChange::Removed => format!("{heading} removed"),
                    SectionChange::ItemsAdded(n) => items(*n, "added"),
                    SectionChange::ItemsRemoved(n) => items(*n, "removed"),
                    SectionChange::Changed => format!("{heading} changed"),
                };
                format!("{who}: {what}")
            }
            EventChange::Edited { sections } if sections.is_empty() => format!("{who} edited"),
            EventChange::Edited { sections } => {
                let names: Vec<String> = sections.iter().map(|(k, _)| capitalized(k)).collect();
                format!("{who} edited ({})", names.join(", "))
            }
        }
    }
}

/// A section key ("open questions") as a heading ("Open questions").
fn capitalized(key: &str) -> String {
    let mut chars = key.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
