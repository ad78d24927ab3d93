//! The leadership digest: visions and objectives with progress, roadmap health, counts,
//! key decisions, and the business cases tagged `.leadership`.

use std::collections::BTreeMap;

use super::Context;
use super::excerpt::Limit;
use super::health::roadmap_health;
use super::model::{
    Decision, DocExcerpts, Leadership, Metric, ObjectiveProgress, StatusCount, VisionProgress,
};
use crate::audience::Policy;
use crate::config::Role;
use crate::model::{
    DocIdx, Document, EventChange, FieldValue, HealthState, Workspace, change_events, is_approved,
};

const DECISIONS: usize = 5;

pub fn leadership(ctx: &Context) -> Leadership {
    let ws = ctx.ws();
    let objectives: Vec<DocIdx> = ctx.docs_with_role(Role::Objective);
    let prds = ctx.docs_with_role(Role::Prd);
    // Counts and progress reveal no content, so they cover every PRD that is not
    // confidential, including ones marked for other audiences; listings do not.
    let counted: Vec<DocIdx> = ws
        .with_role(Role::Prd)
        .filter(|(_, d)| ctx.audience.counts(d))
        .map(|(i, _)| i)
        .collect();
    let visions: Vec<VisionProgress> = ctx
        .docs_with_role(Role::Vision)
        .into_iter()
        .filter(|&v| !ws.docs[v].is_inactive())
        .map(|v| VisionProgress {
            doc: ctx.item(v),
            notes: ctx.own_sections(v, Limit::FULL),
            objectives: objectives
                .iter()
                .copied()
                .filter(|&o| vision_of(ctx, o) == Some(v))
                .map(|o| objective_progress(ctx, &counted, o))
                .collect(),
        })
        .collect();
    let other_objectives = objectives
        .iter()
        .copied()
        .filter(|&o| {
            vision_of(ctx, o)
                .is_none_or(|v| !ctx.audience.shows(&ws.docs[v]) || ws.docs[v].is_inactive())
        })
        .map(|o| objective_progress(ctx, &counted, o))
        .collect();

    let health = roadmap_health(ctx);
    let count = |state: &str| health.iter().filter(|h| h.state == state).count();
    let on_track_items = health
        .iter()
        .filter(|h| h.state == HealthState::OnTrack.as_str())
        .map(|h| h.doc.clone())
        .collect();
    let has_product_docs = [Role::Vision, Role::Objective, Role::Prd]
        .into_iter()
        .any(|role| ws.with_role(role).any(|(_, d)| ctx.audience.counts(d)));
    Leadership {
        exceptions: super::health::exceptions(ctx),
        on_track_items,
        has_product_docs,
        visions,
        other_objectives,
        on_track: count("on-track"),
        slipped: count("slipped"),
        at_risk: count("at-risk"),
        not_approved: count("not-approved"),
        counts: status_counts(ctx, &counted),
        health,
        total: counted.len(),
        unlisted: counted
            .iter()
            .filter(|&&p| !ctx.audience.shows(&ws.docs[p]))
            .count(),
        decisions: key_decisions(ctx),
        business_cases: business_cases(ctx, &prds),
    }
}

/// The vision an objective serves: the first vision it references.
fn vision_of(ctx: &Context, idx: DocIdx) -> Option<DocIdx> {
    let ws = ctx.ws();
    ws.docs[idx].refs.iter().find_map(|r| {
        ws.index_of_id(&r.target)
            .filter(|&v| ws.docs[v].role() == Some(Role::Vision))
    })
}

/// An objective with its metrics and how many of the PRDs serving it have shipped.
fn objective_progress(ctx: &Context, counted: &[DocIdx], idx: DocIdx) -> ObjectiveProgress {
    let ws = ctx.ws();
    let doc = &ws.docs[idx];
    let id = doc.id.as_deref().unwrap_or_default();
    let linked: Vec<DocIdx> = counted
        .iter()
        .copied()
        .filter(|&p| !ws.docs[p].is_inactive())
        .filter(|&p| {
            ws.docs[p]
                .refs
                .iter()
                // Progress is what the PRD says it serves (`objectives:`), not
                // every mention (`related:`).
                .any(|r| r.field().is_some_and(|f| f.field == "objectives") && r.target == id)
        })
        .collect();
    let shipped_docs: Vec<DocIdx> = linked
        .iter()
        .copied()
        .filter(|&p| ws.docs[p].is_shipped())
        .collect();
    let shipped = shipped_docs.len();
    let shipped_items = shipped_docs
        .iter()
        .filter(|&&p| ctx.audience.shows(&ws.docs[p]))
        .map(|&p| ctx.item(p))
        .collect();
    ObjectiveProgress {
        doc: ctx.item(idx),
        quarter: doc.field("quarter").map(|q| q.to_string()),
        metrics: metrics(doc),
        prds: linked.len(),
        shipped,
        shipped_items,
        percent_shipped: if linked.is_empty() {
            0
        } else {
            (shipped * 100 / linked.len()) as u32
        },
        notes: ctx.own_sections(idx, Limit::FULL),
    }
}

/// An objective's `metrics:` list.
fn metrics(doc: &Document) -> Vec<Metric> {
    match doc.field("metrics") {
        Some(FieldValue::List(items)) => items
            .iter()
            .map(|m| {
                let text = |k: &str| m.value.get(k).map(|f| f.value.to_string());
                let (baseline, current, target, unit) = (
                    text("baseline"),
                    text("current"),
                    text("target"),
                    text("unit"),
                );
                let values = [baseline.as_deref(), current.as_deref(), target.as_deref()];
                Metric {
                    name: text("name").unwrap_or_default(),
                    summary: metric_summary(values, unit.as_deref(), true),
                    brief: metric_summary(values, unit.as_deref(), false),
                    baseline,
                    current,
                    target,
                    unit,
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// How many counted PRDs have each status, in lifecycle order, as the kind declares
/// its statuses.
fn status_counts(ctx: &Context, counted: &[DocIdx]) -> Vec<StatusCount> {
    let ws = ctx.ws();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for &p in counted {
        *counts
            .entry(ws.docs[p].status().unwrap_or("no status").to_owned())
            .or_default() += 1;
    }
    let order: Vec<String> = ws
        .config
        .kind("prd")
        .and_then(|k| k.status_field())
        .map(|(_, v)| v.iter().map(|(s, _)| s.clone()).collect())
        .unwrap_or_default();
    let mut counts: Vec<StatusCount> = counts
        .into_iter()
        .map(|(status, count)| StatusCount { status, count })
        .collect();
    counts.sort_by_key(|c| {
        order
            .iter()
            .position(|s| *s == c.status)
            .unwrap_or(order.len())
    });
    counts
}

/// Key decisions are the ones in force: not superseded, rejected or withdrawn, which the
/// decision kind's lifecycle marks inactive (whatever it calls them).
fn key_decisions(ctx: &Context) -> Vec<Decision> {
    let ws = ctx.ws();
    // With `--since`, the decisions taken since then: what is new to the reader. The
    // history says when a decision was added or accepted; without it, its `date:`.
    let base = ctx.input.diff.and_then(|d| d.base.as_ref());
    let taken = base.and_then(|base| taken_since(ws, base.time));
    let since = base.map(|c| c.date.as_str());
    let mut decisions = super::engineering::recent_decisions(ctx, usize::MAX)
        .into_iter()
        .filter_map(|mut d| {
            let i = ws.index_of_id(&d.doc.id)?;
            match (&taken, since) {
                (Some(taken), _) => d.date = Some(taken.get(&i)?.clone()),
                (None, Some(since)) if d.date.as_deref().is_none_or(|date| date < since) => {
                    return None;
                }
                _ => {}
            }
            (!ws.docs[i].is_inactive()).then_some((i, d))
        })
        .collect::<Vec<_>>();
    // Newest first (stable: `recent_decisions` already ordered equal dates).
    decisions.sort_by(|(_, a), (_, b)| b.date.cmp(&a.date));
    decisions
        .into_iter()
        .take(DECISIONS)
        .map(|(i, mut d)| {
            d.notes = ctx.own_sections(i, Limit::FULL);
            d
        })
        .collect()
}

/// The decisions added or accepted in a commit after `time`, with the date of the
/// latest such commit; `None` without history.
fn taken_since(ws: &Workspace, time: i64) -> Option<BTreeMap<DocIdx, String>> {
    let history = ws.history.as_ref()?;
    let mut taken = BTreeMap::new();
    // Newest commit first: the first date seen for a decision is its latest.
    for event in change_events(ws, history) {
        let commit = &history.commits[event.commit];
        if commit.time <= time {
            continue;
        }
        for &i in &event.docs {
            let doc = &ws.docs[i];
            let accepted = match &event.change {
                EventChange::Created { .. } => true,
                EventChange::Status { to, .. } => is_approved(doc.phase_of(to)),
                _ => false,
            };
            if accepted && doc.role() == Some(Role::Decision) {
                taken.entry(i).or_insert_with(|| commit.date.clone());
            }
        }
    }
    Some(taken)
}

/// The active PRDs' sections tagged `.leadership`.
fn business_cases(ctx: &Context, prds: &[DocIdx]) -> Vec<DocExcerpts> {
    let ws = ctx.ws();
    prds.iter()
        .filter(|&&p| !ws.docs[p].is_inactive())
        .filter_map(|&p| {
            let excerpts = ctx.own_sections(p, Limit::FULL);
            (!excerpts.is_empty()).then(|| DocExcerpts {
                doc: ctx.item(p),
                excerpts,
            })
        })
        .collect()
}

/// `baseline 9.4 → now 9.12 → target 8.65 USD`, as the objective's page reads it
/// (baseline, current, target), or with only `now` labelled (`9.4 → now 9.12 → 8.65 USD`);
/// `percent` reads as `%` on each value, another unit once at the end.
fn metric_summary(values: [Option<&str>; 3], unit: Option<&str>, labelled: bool) -> String {
    let percent = matches!(unit, Some("percent" | "%"));
    let shown: Vec<String> = ["baseline ", "now ", "target "]
        .into_iter()
        .zip(values)
        .filter_map(|(label, v)| {
            let label = if labelled || label == "now " {
                label
            } else {
                ""
            };
            let sign = if percent { "%" } else { "" };
            Some(format!("{label}{}{sign}", v?))
        })
        .collect();
    if shown.is_empty() {
        return "no baseline or target yet".to_owned();
    }
    let mut out = shown.join(" → ");
    if let Some(u) = unit.filter(|u| !percent && !u.is_empty()) {
        out = format!("{out} {u}");
    }
    if values[2].is_none() {
        out.push_str(", no target yet");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::metric_summary;

    #[test]
    fn a_metric_reads_baseline_now_target_with_its_unit_once() {
        let all = [Some("9.4"), Some("9.12"), Some("8.65")];
        assert_eq!(
            metric_summary(all, Some("USD"), true),
            "baseline 9.4 → now 9.12 → target 8.65 USD"
        );
        assert_eq!(
            metric_summary(all, Some("USD"), false),
            "9.4 → now 9.12 → 8.65 USD"
        );
        assert_eq!(
            metric_summary([Some("31"), None, Some("70")], Some("percent"), false),
            "31% → 70%"
        );
        assert_eq!(
            metric_summary([Some("38"), Some("31"), None], None, false),
            "38 → now 31, no target yet"
        );
        assert_eq!(
            metric_summary([None; 3], Some("USD"), true),
            "no baseline or target yet"
        );
    }
}
