//! The semantic diff, filtered and phrased for one audience.

use std::collections::BTreeMap;

use super::Context;
use super::model::{ChangedItem, Changes, FieldChange, Item};
use super::scope::Quote;
use crate::audience::{Policy, visible_events};
use crate::config::{DigestLayout, Phase};
use crate::diff::{DiagnosticSummary, DocChange, DocSummary, HIDDEN_REFERENCES, SemanticDiff};
use crate::model::{
    ChangeEvent, DocIdx, Document, EventChange, SectionChange, change_events, field_label,
    is_approved, section_key,
};

pub fn changes(ctx: &Context, diff: &SemanticDiff) -> Changes {
    let customers = ctx.audience.speaks_to_customers();
    let added = diff
        .added
        .iter()
        .filter_map(|d| find(ctx, d))
        .filter(|&i| relevant(ctx, customers, i))
        .map(|i| ctx.item(i))
        .collect();
    let removed = removed_items(ctx, customers, diff);
    let changed = diff
        .changed
        .iter()
        .filter_map(|change| {
            let idx = find(ctx, &change.doc).filter(|&i| relevant(ctx, customers, i))?;
            changed_item(ctx, customers, change, idx)
        })
        .collect();
    let quotes = if customers {
        BTreeMap::new()
    } else {
        scope_quotes(ctx, diff)
    };
    let events = events(ctx, customers, diff, quotes);
    let introduced = problems(ctx, &diff.diagnostics_introduced);
    let fixed = problems(ctx, &diff.diagnostics_fixed);
    let mut changes = Changes {
        empty: false,
        events,
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

/// The change events (`model::change_events`) of the commits after the diff's base, as
/// this audience may see them: customers hear only that work they hear about at all was
/// approved or shipped (a target that moved while the work was unapproved is not
/// theirs to hear, and the diff's lines already say a slip in customer words).
/// The quoted scope changes of each changed document (see `scope`), by document.
fn scope_quotes(ctx: &Context, diff: &SemanticDiff) -> BTreeMap<DocIdx, Vec<Quote>> {
    diff.changed
        .iter()
        .filter_map(|change| {
            let idx = find(ctx, &change.doc).filter(|&i| ctx.audience.shows(&ctx.ws().docs[i]))?;
            let before = change.before.as_ref()?;
            let quotes = super::scope::scope_lines(ctx, before, &ctx.ws().docs[idx]).quotes;
            (!quotes.is_empty()).then_some((idx, quotes))
        })
        .collect()
}

/// An event that adds or removes items of a normative section, with the items quoted
/// as the scope lines quote them (`PRD-12: requirement added — "Refunds in 2 s"`), so
/// "What happened" and the document's lines tell the same change. Quotes are handed
/// out once, in order, to the events of their document, section and direction.
fn with_quotes(
    event: &ChangeEvent,
    text: String,
    pool: &mut BTreeMap<DocIdx, Vec<Quote>>,
) -> String {
    let (
        EventChange::Section {
            heading, change, ..
        },
        [doc],
    ) = (&event.change, event.docs.as_slice())
    else {
        return text;
    };
    // Which items the event speaks for: (added or removed, how many); a changed
    // section with as many items as before has both, and says which is which.
    let (wanted, say_direction) = match *change {
        SectionChange::ItemsAdded(n) => ([n as usize, 0], false),
        SectionChange::ItemsRemoved(n) => ([0, n as usize], false),
        SectionChange::Added => ([usize::MAX, 0], false),
        SectionChange::Removed => ([0, usize::MAX], false),
        SectionChange::Changed => ([usize::MAX, usize::MAX], true),
    };
    let Some(quotes) = pool.get_mut(doc) else {
        return text;
    };
    let key = section_key(heading);
    let mut counts = [0, 0];
    let mut taken = Vec::new();
    quotes.retain(|q| {
        let side = usize::from(!q.added);
        let take = q.key == key && counts[side] < wanted[side];
        if take {
            counts[side] += 1;
            taken.push(match (say_direction, q.added) {
                (false, _) => q.text.clone(),
                (true, true) => format!("added {}", q.text),
                (true, false) => format!("removed {}", q.text),
            });
        }
        !take
    });
    if taken.is_empty() {
        text
    } else {
        format!("{text} — {}", taken.join(", "))
    }
}

fn events(
    ctx: &Context,
    customers: bool,
    diff: &SemanticDiff,
    mut quotes: BTreeMap<DocIdx, Vec<Quote>>,
) -> Vec<String> {
    let ws = ctx.ws();
    let (Some(history), Some(base)) = (&ws.history, &diff.base) else {
        return Vec::new();
    };
    let since: Vec<ChangeEvent> = change_events(ws, history)
        .into_iter()
        .filter(|e| history.commits[e.commit].time > base.time)
        .collect();
    visible_events(ctx.audience, &ctx.hidden, ws, history, since)
        .into_iter()
        .filter_map(|mut e| {
            if customers {
                e.docs.retain(|&i| relevant(ctx, customers, i));
                let kept = match &e.change {
                    EventChange::Status {
                        to, forward: true, ..
                    } => e.docs.iter().all(|&i| is_approved(ws.docs[i].phase_of(to))),
                    _ => false,
                };
                if !kept || e.docs.is_empty() {
                    return None;
                }
            }
            let text = e.text(ws);
            Some(with_quotes(&e, text, &mut quotes))
        })
        .collect()
}

/// Whether the audience hears about the document at `idx`: customers hear about work once
/// it is approved, never about drafts.
fn relevant(ctx: &Context, customers: bool, idx: usize) -> bool {
    let doc = &ctx.ws().docs[idx];
    ctx.audience.shows(doc) && (!customers || (doc.is_approved() && !doc.is_inactive()))
}

/// The document a diff summary names, in the current workspace.
fn find(ctx: &Context, d: &DocSummary) -> Option<usize> {
    let ws = ctx.ws();
    ws.index_of_id(&d.id)
        .filter(|_| !d.id.is_empty())
        .or_else(|| ws.index_of_path(&d.path))
}

/// Removed documents are gone from the workspace: describe them from the diff, if the
/// audience could have seen them (confidential and `audience:` marks included).
fn removed_items(ctx: &Context, customers: bool, diff: &SemanticDiff) -> Vec<Item> {
    diff.removed
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
        .collect()
}

/// One changed document as the audience hears of it; `None` when nothing it may read
/// changed.
fn changed_item(
    ctx: &Context,
    customers: bool,
    change: &DocChange,
    idx: usize,
) -> Option<ChangedItem> {
    let doc = &ctx.ws().docs[idx];
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
    let FieldLines {
        mut lines,
        mut fields,
        slipped,
        newly_approved,
        shipped,
    } = field_lines(ctx, doc, change);
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
        lines.extend(link_lines(ctx, change));
        if !sections_added.is_empty() {
            lines.push(format!("new: {}", join(&sections_added)));
        }
        // Requirements added or removed are quoted; a section whose change they say is
        // not also said to be "updated".
        let scope = match &change.before {
            Some(before) => super::scope::scope_lines(ctx, before, doc),
            None => super::scope::ScopeLines::default(),
        };
        let sections_edited: Vec<&String> = sections_edited
            .into_iter()
            .filter(|h| !scope.headings.contains(h))
            .collect();
        lines.extend(scope.lines);
        if !sections_edited.is_empty() {
            lines.push(format!("updated: {}", join(&sections_edited)));
        }
        if ctx.audience.spec().untagged && !change.sections_removed.is_empty() {
            lines.push(format!("removed: {}", change.sections_removed.join(", ")));
        }
    }
    (!lines.is_empty()).then(|| ChangedItem {
        doc: ctx.item(idx),
        lines,
        fields,
        slipped,
        newly_approved,
        shipped,
    })
}

/// The field changes the audience may read: a line each, the raw changes, and the
/// marks they imply.
struct FieldLines {
    lines: Vec<String>,
    fields: Vec<FieldChange>,
    slipped: bool,
    newly_approved: bool,
    shipped: bool,
}

fn field_lines(ctx: &Context, doc: &Document, change: &DocChange) -> FieldLines {
    let mut out = FieldLines {
        lines: Vec::new(),
        fields: Vec::new(),
        slipped: false,
        newly_approved: false,
        shipped: false,
    };
    for f in &change.fields {
        if !ctx.audience.shows_field(&f.field) {
            continue;
        }
        // Status names are identifiers; the line is for people ("in progress").
        let words = |v: Option<&str>| match v {
            Some(v) if f.field == "status" => super::render::human(v),
            // An emptied list (`audience: []`) reads as nothing, not as a blank.
            Some(v) if !v.trim().is_empty() => v.to_owned(),
            _ => "none".to_owned(),
        };
        let (old, new) = (words(f.old.as_deref()), words(f.new.as_deref()));
        if f.field == "status" {
            let phase_of = |s: &str| doc.phase_of(s);
            let (was, now) = (
                f.old.as_deref().and_then(phase_of),
                f.new.as_deref().and_then(phase_of),
            );
            out.newly_approved = now == Some(Phase::Committed) && !is_approved(was);
            out.shipped = now == Some(Phase::Done) && was != Some(Phase::Done);
        }
        // The **slipped** mark says it; the line only says from when to when.
        out.slipped |= f.slip;
        out.fields.push(FieldChange {
            field: f.field.clone(),
            old: f.old.clone(),
            new: f.new.clone(),
            slip: f.slip,
        });
        out.lines.push(format!(
            "{}: {old} → {new}",
            field_label(&f.field).to_lowercase()
        ));
    }
    out
}

/// References and roadmap items the change added, removed or moved, leaving out what
/// names a document the audience must not know of.
fn link_lines(ctx: &Context, change: &DocChange) -> Vec<String> {
    let ws = ctx.ws();
    let mut lines = Vec::new();
    // A reference to what this audience may not see changed: said, never named, in
    // the words `spex diff` uses.
    let mut unnamed = change.hidden_references > 0;
    for r in &change.references_added {
        if r.field == "text" {
            continue;
        }
        if ws.by_id(&r.target).is_some_and(|t| ctx.audience.shows(t)) && !ctx.hidden.id(&r.target) {
            lines.push(format!(
                "now linked to {} ({})",
                r.target,
                r.field.replace('_', " ")
            ));
        } else {
            unnamed = true;
        }
    }
    for r in &change.references_removed {
        if r.field == "text" {
            continue;
        }
        if ctx.hidden.id(&r.target) {
            unnamed = true;
        } else {
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
            unnamed = true;
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
    if unnamed {
        lines.push(HIDDEN_REFERENCES.to_owned());
    }
    lines
}

/// Problems matter to the people who fix them (engineering only); one naming a
/// document the audience must not know of is left out.
fn problems(ctx: &Context, list: &[DiagnosticSummary]) -> Vec<String> {
    if ctx.audience.layout() != DigestLayout::Engineering {
        return Vec::new();
    }
    let ws = ctx.ws();
    list.iter()
        .filter(|d| !ctx.hidden.message(&d.file, &d.message))
        .map(|d| {
            let place = ws
                .index_of_path(&d.file)
                .map_or(d.file.as_str(), |i| ws.docs[i].label());
            format!("{place}: {}", d.message)
        })
        .collect()
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
