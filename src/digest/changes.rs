//! The semantic diff, filtered and phrased for one audience.

use super::Context;
use super::model::{ChangedItem, Changes, FieldChange, Item};
use crate::audience::Policy;
use crate::config::{DigestLayout, Phase};
use crate::diff::{DocSummary, SemanticDiff};

pub fn changes(ctx: &Context, diff: &SemanticDiff) -> Changes {
    let ws = ctx.ws();
    let customers = ctx.audience.speaks_to_customers();
    // Customers hear about work once it is approved, never about drafts.
    let relevant = |idx: usize| {
        let doc = &ws.docs[idx];
        ctx.audience.shows(doc)
            && (!customers
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
    // audience could have seen them (confidential and `audience:` marks included).
    let removed = diff
        .removed
        .iter()
        .filter(|d| ctx.audience.shows_described(&d.described()))
        .filter(|d| !customers || d.kind != "prd")
        .map(|d| Item {
            id: d.id.clone(),
            title: d.title.clone(),
            kind: d.kind.clone(),
            status: None,
            url: String::new(),
            team: None,
            owner: None,
            target: None,
            availability: None,
        })
        .collect();

    let mut changed = Vec::new();
    for change in &diff.changed {
        let Some(idx) = find(&change.doc).filter(|&i| relevant(i)) else {
            continue;
        };
        let doc = &ws.docs[idx];
        // Only sections this audience may read, found by heading in the current text.
        let hidden = ctx.audience.hidden_ranges(doc);
        let visible_heading = |heading: &str| {
            doc.headings
                .iter()
                .find(|h| h.text == heading)
                .is_some_and(|h| {
                    !hidden.iter().any(|r| r.contains(&h.span.start))
                        && ctx.audience.shows_section(&h.classes)
                })
        };
        let sections_added: Vec<&String> = change
            .sections_added
            .iter()
            .filter(|h| visible_heading(h))
            .collect();
        let sections_edited: Vec<&String> = change
            .sections_changed
            .iter()
            .filter(|h| visible_heading(h))
            .collect();
        let mut lines = Vec::new();
        let mut fields = Vec::new();
        let mut slipped = false;
        let mut newly_approved = false;
        let mut shipped = false;
        for f in &change.fields {
            if !ctx.audience.shows_field(&f.field) {
                continue;
            }
            // Status names are identifiers; the line is for people ("in progress").
            let words = |v: Option<&str>| match v {
                Some(v) if f.field == "status" => super::render::human(v),
                Some(v) => v.to_owned(),
                None => "none".to_owned(),
            };
            let (old, new) = (words(f.old.as_deref()), words(f.new.as_deref()));
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
            // The **slipped** mark says it; the line only says from when to when.
            slipped |= f.slip;
            fields.push(FieldChange {
                field: f.field.clone(),
                old: f.old.clone(),
                new: f.new.clone(),
                slip: f.slip,
            });
            lines.push(format!(
                "{}: {old} → {new}",
                crate::render::site::field_label(&f.field).to_lowercase()
            ));
        }
        if customers {
            // Customers hear what a change means to them, in their words, nothing else;
            // raw fields would carry status names and pre-approval dates.
            let both: Vec<&String> = sections_added
                .iter()
                .chain(&sections_edited)
                .copied()
                .collect();
            lines = super::customer::change_lines(doc, change, &both);
            fields.clear();
        } else {
            for r in &change.references_added {
                if ws.by_id(&r.target).is_some_and(|t| ctx.audience.shows(t))
                    && !ctx.hidden.id(&r.target)
                    && r.field != "text"
                {
                    lines.push(format!(
                        "now linked to {} ({})",
                        r.target,
                        r.field.replace('_', " ")
                    ));
                }
            }
            for r in &change.references_removed {
                if r.field != "text" && !ctx.hidden.id(&r.target) {
                    lines.push(format!(
                        "no longer linked to {} ({})",
                        r.target,
                        r.field.replace('_', " ")
                    ));
                }
            }
            for item in &change.roadmap {
                // Hidden now, or hidden when it was removed: the ID alone says too much.
                if ctx.hidden.id(&item.id) {
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
            if !sections_added.is_empty() {
                lines.push(format!("new: {}", join(&sections_added)));
            }
            if !sections_edited.is_empty() {
                lines.push(format!("updated: {}", join(&sections_edited)));
            }
            if ctx.audience.spec().untagged && !change.sections_removed.is_empty() {
                lines.push(format!("removed: {}", change.sections_removed.join(", ")));
            }
        }
        if !lines.is_empty() {
            changed.push(ChangedItem {
                doc: ctx.item(idx),
                lines,
                fields,
                slipped,
                newly_approved,
                shipped,
            });
        }
    }

    // Problems matter to the people who fix them; one naming a document the audience
    // must not know of is left out.
    let engineering = ctx.audience.layout() == DigestLayout::Engineering;
    let phrase = |d: &crate::diff::DiagnosticSummary| {
        let place = ws
            .index_of_path(&d.file)
            .map_or(d.file.as_str(), |i| ws.docs[i].label());
        format!("{place}: {}", d.message)
    };
    let problems = |list: &[crate::diff::DiagnosticSummary]| -> Vec<String> {
        if !engineering {
            return Vec::new();
        }
        list.iter()
            .filter(|d| !ctx.hidden.message(&d.file, &d.message))
            .map(phrase)
            .collect()
    };
    let introduced = problems(&diff.diagnostics_introduced);
    let fixed = problems(&diff.diagnostics_fixed);
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
