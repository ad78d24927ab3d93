//! The semantic diff, filtered and phrased for one audience.

use super::Context;
use super::model::{ChangedItem, Changes, Item};
use crate::config::Phase;
use crate::diff::{DocSummary, SemanticDiff};

pub fn changes(ctx: &Context, diff: &SemanticDiff) -> Changes {
    let ws = ctx.ws();
    let sales = ctx.audience.name == "sales";
    // Sales hears about work once it is approved, never about drafts.
    let relevant = |idx: usize| {
        let doc = &ws.docs[idx];
        ctx.audience.sees(doc)
            && (!sales
                || doc
                    .phase()
                    .is_some_and(|p| p >= Phase::Committed && p != Phase::Inactive))
    };
    let find = |d: &DocSummary| {
        ws.index_of_id(&d.id)
            .filter(|_| !d.id.is_empty())
            .or_else(|| ws.index_of_path(&d.path))
    };

    let added = diff
        .added
        .iter()
        .filter_map(find)
        .filter(|&i| relevant(i))
        .map(|i| ctx.item(i))
        .collect();
    // Removed documents are gone from the workspace: describe them from the diff, if the
    // audience could have seen them.
    let removed = diff
        .removed
        .iter()
        .filter(|d| !d.confidential || ctx.audience.include_confidential)
        .filter(|d| ctx.audience.spec.kinds.is_empty() || ctx.audience.spec.kinds.contains(&d.kind))
        .filter(|d| !sales || d.kind != "prd")
        .map(|d| Item {
            id: d.id.clone(),
            title: d.title.clone(),
            kind: d.kind.clone(),
            status: None,
            url: String::new(),
            team: None,
            owner: None,
            target: None,
        })
        .collect();

    let mut changed = Vec::new();
    for change in &diff.changed {
        let Some(idx) = find(&change.doc).filter(|&i| relevant(i)) else {
            continue;
        };
        let doc = &ws.docs[idx];
        let mut lines = Vec::new();
        let mut slipped = false;
        let mut newly_approved = false;
        let mut shipped = false;
        for f in &change.fields {
            if !ctx.audience.sees_field(&f.field) {
                continue;
            }
            let old = f.old.as_deref().unwrap_or("none");
            let new = f.new.as_deref().unwrap_or("none");
            if f.field == "status" {
                let phase_of = |s: &str| {
                    doc.kind
                        .as_ref()
                        .and_then(|k| k.status_field())
                        .and_then(|(_, v)| v.iter().find(|(x, _)| x == s).map(|(_, p)| *p))
                };
                let (was, now) = (
                    f.old.as_deref().and_then(phase_of),
                    f.new.as_deref().and_then(phase_of),
                );
                newly_approved =
                    now == Some(Phase::Committed) && was.is_none_or(|w| w < Phase::Committed);
                shipped = now == Some(Phase::Done) && was != Some(Phase::Done);
            }
            slipped |= f.slip;
            let note = if f.slip { " (slipped)" } else { "" };
            lines.push(format!(
                "{}: {old} → {new}{note}",
                crate::render::site::field_label(&f.field).to_lowercase()
            ));
        }
        for r in &change.references_added {
            if ws.by_id(&r.target).is_some_and(|t| ctx.audience.sees(t)) && r.field != "text" {
                lines.push(format!(
                    "now linked to {} ({})",
                    r.target,
                    r.field.replace('_', " ")
                ));
            }
        }
        for r in &change.references_removed {
            if r.field != "text" && (ws.by_id(&r.target).is_none_or(|t| ctx.audience.sees(t))) {
                lines.push(format!(
                    "no longer linked to {} ({})",
                    r.target,
                    r.field.replace('_', " ")
                ));
            }
        }
        for item in &change.roadmap {
            if ws.by_id(&item.id).is_some_and(|t| !ctx.audience.sees(t)) {
                continue;
            }
            lines.push(match item.change {
                "added" => format!(
                    "roadmap: {} added ({})",
                    item.id,
                    item.to.as_deref().unwrap_or("")
                ),
                "removed" => format!("roadmap: {} removed", item.id),
                _ => format!(
                    "roadmap: {} moved {} → {}",
                    item.id,
                    item.from.as_deref().unwrap_or(""),
                    item.to.as_deref().unwrap_or("")
                ),
            });
        }
        // Only sections this audience may read, found by heading in the current text.
        let hidden = ctx.audience.hidden_ranges(doc);
        let visible_heading = |heading: &str| {
            doc.headings
                .iter()
                .find(|h| h.text == heading)
                .is_some_and(|h| {
                    !hidden.iter().any(|r| r.contains(&h.span.start))
                        && ctx.audience.sees_section(&h.classes)
                })
        };
        let added: Vec<&String> = change
            .sections_added
            .iter()
            .filter(|h| visible_heading(h))
            .collect();
        let edited: Vec<&String> = change
            .sections_changed
            .iter()
            .filter(|h| visible_heading(h))
            .collect();
        if !added.is_empty() {
            lines.push(format!("new: {}", join(&added)));
        }
        if !edited.is_empty() {
            lines.push(format!("updated: {}", join(&edited)));
        }
        if ctx.audience.spec.untagged && !change.sections_removed.is_empty() {
            lines.push(format!("removed: {}", change.sections_removed.join(", ")));
        }
        if !lines.is_empty() {
            changed.push(ChangedItem {
                doc: ctx.item(idx),
                lines,
                slipped,
                newly_approved,
                shipped,
            });
        }
    }

    // Problems matter to the people who fix them.
    let engineering = ctx.audience.name == "engineering";
    let phrase =
        |d: &crate::diff::DiagnosticSummary| format!("{} ({}, {})", d.message, d.rule, d.file);
    let hidden_file = |file: &str| {
        ws.index_of_path(file)
            .is_some_and(|i| !ctx.audience.sees(&ws.docs[i]))
    };
    let introduced: Vec<String> = if engineering {
        diff.diagnostics_introduced
            .iter()
            .filter(|d| !hidden_file(&d.file))
            .map(phrase)
            .collect()
    } else {
        Vec::new()
    };
    let fixed: Vec<String> = if engineering {
        diff.diagnostics_fixed
            .iter()
            .filter(|d| !hidden_file(&d.file))
            .map(phrase)
            .collect()
    } else {
        Vec::new()
    };
    let mut changes = Changes {
        empty: false,
        added,
        removed,
        changed,
        introduced,
        fixed,
    };
    changes.empty = changes.added.is_empty()
        && changes.removed.is_empty()
        && changes.changed.is_empty()
        && changes.introduced.is_empty()
        && changes.fixed.is_empty();
    changes
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
