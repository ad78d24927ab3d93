//! Comparing two workspaces document by document.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::confidential::HiddenDocs;
use super::{
    DiagnosticSummary, DocChange, DocSummary, FieldChange, RefChange, Renamed, RoadmapChange,
    SemanticDiff,
};
use crate::audience::{Policy, Visibility, audience_marks};
use crate::config::Role;
use crate::diag::{Diagnostic, Rule};
use crate::model::{Document, FieldValue, RefOrigin, Workspace, roadmap_items};

/// What to compare.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompareOptions {
    /// Include confidential documents' details and `{.confidential}` sections.
    pub include_confidential: bool,
}

/// Fields compared in their own way (references, roadmap items) or not at all.
const NOT_FIELDS: [&str; 1] = ["items"];

/// Compares `base` with `head`, and their diagnostics.
pub fn compare(
    base: &Workspace,
    base_diags: &[Diagnostic],
    head: &Workspace,
    head_diags: &[Diagnostic],
    options: CompareOptions,
) -> SemanticDiff {
    let key = |d: &Document| super::confidential::key(d);
    // Without `--include-confidential`, diagnostics that would reveal a confidential
    // document never enter the diff (see `confidential`).
    let hidden = (!options.include_confidential).then(|| HiddenDocs::new(base, head));
    let base_diags = shown(hidden.as_ref(), base, head, base_diags);
    let head_diags = shown(hidden.as_ref(), head, base, head_diags);
    let old: BTreeMap<String, &Arc<Document>> = base.docs.iter().map(|d| (key(d), d)).collect();
    let new: BTreeMap<String, &Arc<Document>> = head.docs.iter().map(|d| (key(d), d)).collect();
    let mut diff = SemanticDiff::default();
    compare_documents(&old, &new, hidden.as_ref(), options, &mut diff);
    compare_diagnostics(&base_diags, &head_diags, &mut diff);
    diff.suspect_links = suspect_links(head, &head_diags, &old);
    if let Some(hidden) = &hidden {
        hidden.redact(&mut diff);
    }
    diff
}

/// Documents added, renamed, changed and removed, by their key on each side.
fn compare_documents(
    old: &BTreeMap<String, &Arc<Document>>,
    new: &BTreeMap<String, &Arc<Document>>,
    hidden: Option<&HiddenDocs>,
    options: CompareOptions,
    diff: &mut SemanticDiff,
) {
    for (k, doc) in new {
        match old.get(k) {
            None => diff.added.push(summary(doc)),
            Some(before) => {
                if before.path != doc.path {
                    diff.renamed.push(Renamed {
                        doc: summary(doc),
                        from: before.path.clone(),
                    });
                }
                // A hidden document is compared in full, so that any change to it is
                // counted; only the count is kept (see `HiddenDocs::redact`).
                let whole = hidden.is_some_and(|h| h.hides(before) || h.hides(doc));
                let doc_options = if whole {
                    CompareOptions {
                        include_confidential: true,
                    }
                } else {
                    options
                };
                let mut change = compare_doc(before, doc, doc_options);
                if !change.is_empty() {
                    change.before = Some(Arc::clone(before));
                    diff.changed.push(change);
                }
            }
        }
    }
    diff.removed = old
        .iter()
        .filter(|(k, _)| !new.contains_key(*k))
        .map(|(_, d)| summary(d))
        .collect();
}

fn summarize(d: &Diagnostic) -> DiagnosticSummary {
    DiagnosticSummary {
        rule: d.rule.name().to_owned(),
        severity: d.severity.as_str().to_owned(),
        file: d.primary.file.clone(),
        message: d.message.clone(),
    }
}

/// Diagnostics introduced and fixed. Positions shift with every edit; a diagnostic is
/// the same if its rule, file and message are. History notes are listed on their own.
fn compare_diagnostics(
    base_diags: &[&Diagnostic],
    head_diags: &[&Diagnostic],
    diff: &mut SemanticDiff,
) {
    // A renamed file's diagnostics are the same ones under its new name.
    let renamed: BTreeMap<&str, &str> = diff
        .renamed
        .iter()
        .map(|r| (r.from.as_str(), r.doc.path.as_str()))
        .collect();
    let summarize_base = |d: &Diagnostic| {
        let mut summary = summarize(d);
        if let Some(now) = renamed.get(summary.file.as_str()) {
            summary.file = (*now).to_owned();
        }
        summary
    };
    let is_history = |d: &&Diagnostic| d.rule == Rule::SuspectLink || d.rule == Rule::Stale;
    let before: BTreeSet<DiagnosticSummary> = base_diags
        .iter()
        .filter(|d| !is_history(d))
        .map(|d| summarize_base(d))
        .collect();
    let after: BTreeSet<DiagnosticSummary> = head_diags
        .iter()
        .filter(|d| !is_history(d))
        .map(|d| summarize(d))
        .collect();
    diff.diagnostics_introduced = after.difference(&before).cloned().collect();
    diff.diagnostics_fixed = before.difference(&after).cloned().collect();
}

/// Only the re-reads this change asks for: those whose referenced document was added
/// or edited in the range. (A note that is new since the base is one of these: the
/// referencing document, unchanged or edited earlier, is now older than its target.)
/// Every older note would otherwise be listed again on every pull request.
fn suspect_links(
    head: &Workspace,
    head_diags: &[&Diagnostic],
    old: &BTreeMap<String, &Arc<Document>>,
) -> Vec<DiagnosticSummary> {
    head_diags
        .iter()
        .filter(|d| d.rule == Rule::SuspectLink)
        .filter(|d| {
            let targets = suspect_targets(head, d);
            targets.is_empty()
                || targets.iter().any(|target| {
                    old.get(&super::confidential::key(target))
                        .is_none_or(|before| before.text != target.text)
                })
        })
        .map(|d| summarize(d))
        .collect()
}

/// One side's diagnostics the diff may carry (all of them when nothing is hidden).
fn shown<'a>(
    hidden: Option<&HiddenDocs>,
    side: &Workspace,
    other: &Workspace,
    diagnostics: &'a [Diagnostic],
) -> Vec<&'a Diagnostic> {
    match hidden {
        Some(hidden) => hidden.shown(side, other, diagnostics),
        None => diagnostics.iter().collect(),
    }
}

/// The documents a `suspect-link` note says changed: the targets of the references it
/// points at (its primary span and its labels).
fn suspect_targets<'a>(ws: &'a Workspace, d: &Diagnostic) -> Vec<&'a Document> {
    let Some(doc) = ws.index_of_path(&d.primary.file).map(|i| &ws.docs[i]) else {
        return Vec::new();
    };
    std::iter::once(&d.primary)
        .chain(d.labels.iter().map(|l| &l.span))
        .filter_map(|span| doc.refs.iter().find(|r| r.span == span.range))
        .filter_map(|r| ws.by_id(&r.target))
        .collect()
}

fn summary(doc: &Document) -> DocSummary {
    DocSummary {
        id: doc.id.clone().unwrap_or_default(),
        title: doc.title.clone(),
        kind: doc.kind_name().unwrap_or_default().to_owned(),
        path: doc.path.clone(),
        status: doc.status().map(str::to_owned),
        confidential: doc.is_confidential(),
        audience: audience_marks(doc).into_iter().map(str::to_owned).collect(),
    }
}

fn compare_doc(before: &Document, after: &Document, options: CompareOptions) -> DocChange {
    let mut change = DocChange {
        doc: summary(after),
        fields: Vec::new(),
        references_added: Vec::new(),
        references_removed: Vec::new(),
        roadmap: Vec::new(),
        sections_added: Vec::new(),
        sections_removed: Vec::new(),
        sections_changed: Vec::new(),
        hidden_references: 0,
        before: None,
    };
    let policy = Visibility {
        include_confidential: options.include_confidential,
    };
    let show_details = policy.shows(before) && policy.shows(after);
    if before.title != after.title && show_details {
        change.fields.push(FieldChange {
            field: "title".into(),
            old: Some(before.title.clone()),
            new: Some(after.title.clone()),
            slip: false,
        });
    }
    let names: BTreeSet<&String> = before.fields.keys().chain(after.fields.keys()).collect();
    for name in names {
        if name == "title"
            || NOT_FIELDS.contains(&name.as_str())
            || is_reference_field(after, name)
            || is_reference_field(before, name)
        {
            continue;
        }
        let (old, new) = (before.field(name), after.field(name));
        // Values carry source positions, so compare what they say, not where they are.
        let (old_text, new_text) = (old.map(|v| v.to_string()), new.map(|v| v.to_string()));
        if old_text == new_text || (!show_details && name != "status") {
            continue;
        }
        let slip = name == "target" && is_later(old, new);
        change.fields.push(FieldChange {
            field: name.clone(),
            old: old_text,
            new: new_text,
            slip,
        });
    }
    let refs = |d: &Document| references(d, options.include_confidential);
    let (old_refs, new_refs) = (refs(before), refs(after));
    change.references_added = new_refs.difference(&old_refs).cloned().collect();
    change.references_removed = old_refs.difference(&new_refs).cloned().collect();
    if after.role() == Some(Role::Roadmap) || before.role() == Some(Role::Roadmap) {
        change.roadmap = roadmap_changes(before, after);
    }
    if show_details {
        let hidden = |d: &Document| sections(d, options.include_confidential);
        let (old_sections, new_sections) = (hidden(before), hidden(after));
        for (heading, text) in &new_sections {
            match old_sections.get(heading) {
                None => change.sections_added.push(heading.clone()),
                Some(old_text) if old_text != text => change.sections_changed.push(heading.clone()),
                Some(_) => {}
            }
        }
        change.sections_removed = old_sections
            .keys()
            .filter(|h| !new_sections.contains_key(*h))
            .cloned()
            .collect();
    }
    change
}

/// A target moved later: a later quarter, or a later date within the same quarter.
fn is_later(old: Option<&FieldValue>, new: Option<&FieldValue>) -> bool {
    match (old, new) {
        (Some(FieldValue::Date(o)), Some(FieldValue::Date(n))) => n > o,
        (Some(o), Some(n)) => {
            matches!((o.as_quarter(), n.as_quarter()), (Some(o), Some(n)) if n > o)
        }
        _ => false,
    }
}

fn is_reference_field(doc: &Document, name: &str) -> bool {
    doc.refs
        .iter()
        .any(|r| r.field().is_some_and(|f| f.field == name))
        || doc
            .kind
            .as_ref()
            .and_then(|k| k.fields.get(name))
            .is_some_and(|spec| is_ref_type(&spec.ty))
}

fn is_ref_type(ty: &crate::config::FieldType) -> bool {
    use crate::config::FieldType;
    match ty {
        FieldType::Ref(_) => true,
        FieldType::List(item) => matches!(item.as_ref(), FieldType::Ref(_)),
        _ => false,
    }
}

/// References outside roadmap items (those are compared as roadmap changes), and
/// outside `{.confidential}` sections unless those are shown.
fn references(doc: &Document, include_confidential: bool) -> BTreeSet<RefChange> {
    let hidden = hidden_sections(doc, include_confidential);
    doc.refs
        .iter()
        .filter(|r| !hidden.iter().any(|range| range.contains(&r.span.start)))
        .filter_map(|r| match &r.origin {
            RefOrigin::Field(f) if f.field == "items" => None,
            RefOrigin::Field(f) => Some(RefChange {
                field: f.field.clone(),
                target: r.target.clone(),
            }),
            RefOrigin::Text => Some(RefChange {
                field: "text".into(),
                target: r.target.clone(),
            }),
        })
        .collect()
}

/// A roadmap's items: PRD ID → "horizon quarter". Either revision of the document may
/// not be a roadmap, so its items are decoded here rather than read from the workspace.
fn places(doc: &Document) -> BTreeMap<String, String> {
    roadmap_items(doc)
        .into_iter()
        .map(|item| {
            let place = item.place();
            (item.prd, place)
        })
        .collect()
}

fn roadmap_changes(before: &Document, after: &Document) -> Vec<RoadmapChange> {
    let (old, new) = (places(before), places(after));
    let mut out = Vec::new();
    for (id, place) in &new {
        match old.get(id) {
            None => out.push(RoadmapChange {
                change: "added",
                id: id.clone(),
                from: None,
                to: Some(place.clone()),
            }),
            Some(was) if was != place => out.push(RoadmapChange {
                change: "moved",
                id: id.clone(),
                from: Some(was.clone()),
                to: Some(place.clone()),
            }),
            Some(_) => {}
        }
    }
    for (id, place) in &old {
        if !new.contains_key(id) {
            out.push(RoadmapChange {
                change: "removed",
                id: id.clone(),
                from: Some(place.clone()),
                to: None,
            });
        }
    }
    out
}

/// Each heading's own text (up to the next heading of any level), by heading text.
/// `{.confidential}` sections and their subsections are left out unless included.
/// The byte ranges of `doc`'s `{.confidential}` sections, unless those are shown.
fn hidden_sections(doc: &Document, include_confidential: bool) -> Vec<std::ops::Range<usize>> {
    Visibility {
        include_confidential,
    }
    .hidden_ranges(doc)
}

fn sections(doc: &Document, include_confidential: bool) -> BTreeMap<String, String> {
    let hidden = hidden_sections(doc, include_confidential);
    let mut out = BTreeMap::new();
    for (i, heading) in doc.headings.iter().enumerate() {
        if hidden.iter().any(|r| r.contains(&heading.span.start)) {
            continue;
        }
        let end = doc
            .headings
            .get(i + 1)
            .map_or(doc.body.end, |next| next.span.start);
        let text = doc
            .text
            .get(heading.span.end..end)
            .unwrap_or_default()
            .trim()
            .to_owned();
        let mut key = heading.text.clone();
        let mut n = 2;
        while out.contains_key(&key) {
            key = format!("{} ({n})", heading.text);
            n += 1;
        }
        out.insert(key, text);
    }
    out
}
