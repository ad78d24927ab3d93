//! The leadership digest: visions and objectives with progress, roadmap health, counts,
//! key decisions, and the business cases tagged `.leadership`.

use std::collections::BTreeMap;

use super::Context;
use super::excerpt::Limit;
use super::model::{
    Decision, DocExcerpts, Health, Leadership, Metric, ObjectiveProgress, StatusCount,
    VisionProgress,
};
use crate::audience::Policy;
use crate::config::Role;
use crate::model::{DocIdx, Document, FieldValue, Horizon, Quarter};

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

    let health = roadmap_health(ctx, &prds);
    let count = |state: &str| health.iter().filter(|h| h.state == state).count();
    Leadership {
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
                let (baseline, target, unit) = (text("baseline"), text("target"), text("unit"));
                Metric {
                    name: text("name").unwrap_or_default(),
                    summary: metric_summary(
                        baseline.as_deref(),
                        target.as_deref(),
                        unit.as_deref(),
                    ),
                    baseline,
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
    super::engineering::recent_decisions(ctx, usize::MAX)
        .into_iter()
        .filter(|d| {
            ws.index_of_id(&d.doc.id)
                .is_some_and(|i| !ws.docs[i].is_inactive())
        })
        .take(DECISIONS)
        .map(|mut d| {
            if let Some(i) = ws.index_of_id(&d.doc.id) {
                d.notes = ctx.own_sections(i, Limit::FULL);
            }
            d
        })
        .collect()
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

/// `baseline 9.4 → target 8.65 USD`; `percent` reads as `%`.
fn metric_summary(baseline: Option<&str>, target: Option<&str>, unit: Option<&str>) -> String {
    let with_unit = |v: &str| match unit {
        Some("percent" | "%") => format!("{v}%"),
        Some(u) => format!("{v} {u}"),
        None => v.to_owned(),
    };
    match (baseline, target) {
        (Some(b), Some(t)) => format!("baseline {} → target {}", with_unit(b), with_unit(t)),
        (None, Some(t)) => format!("target {}", with_unit(t)),
        (Some(b), None) => format!("baseline {}, no target yet", with_unit(b)),
        (None, None) => "no baseline or target yet".to_owned(),
    }
}

/// What a roadmap says about one PRD: the quarter it plans, its confidence and note.
#[derive(Default)]
struct Plan {
    quarter: Option<Quarter>,
    confidence: Option<String>,
    note: Option<String>,
}

/// The first roadmap item for each PRD (roadmaps in ID order, items in their order).
fn plans(ctx: &Context) -> BTreeMap<DocIdx, Plan> {
    let ws = ctx.ws();
    let mut out = BTreeMap::new();
    for rm in ctx.docs_with_role(Role::Roadmap) {
        for item in ws.roadmap_items(rm) {
            let Some(idx) = ws.index_of_id(&item.prd) else {
                continue;
            };
            let plan: &mut Plan = out.entry(idx).or_default();
            plan.quarter = plan.quarter.or(item.quarter);
            plan.confidence = plan.confidence.take().or_else(|| item.confidence.clone());
            plan.note = plan.note.take().or_else(|| item.note.clone());
        }
    }
    out
}

/// Every PRD on a roadmap that is not done: not approved yet (draft, review), slipped
/// (its target moved later since the base, or is later than the roadmap plans), at risk
/// (it depends on something unapproved or due later), or on track.
fn roadmap_health(ctx: &Context, prds: &[DocIdx]) -> Vec<Health> {
    let ws = ctx.ws();
    let mut planned: Vec<DocIdx> = Vec::new();
    for horizon in &Horizon::PLANNED {
        for p in super::engineering::roadmap_horizon(ctx, horizon) {
            if !planned.contains(&p) {
                planned.push(p);
            }
        }
    }
    // Quarterly roadmaps place items without a horizon; so do PRDs with a target.
    for &p in prds {
        if ws.docs[p].target_quarter().is_some()
            && !planned.contains(&p)
            && ws.docs[p].is_approved()
        {
            planned.push(p);
        }
    }
    // ID → the target it had at the base, for PRDs whose target moved later.
    let slipped_ids: Vec<(&str, Option<&str>)> = ctx
        .input
        .diff
        .map(|d| {
            d.changed
                .iter()
                .filter_map(|c| {
                    let slip = c.fields.iter().find(|f| f.slip)?;
                    Some((c.doc.id.as_str(), slip.old.as_deref()))
                })
                .collect()
        })
        .unwrap_or_default();
    let plans = plans(ctx);
    planned
        .into_iter()
        .filter(|&p| !ws.docs[p].is_closed())
        .map(|p| {
            let doc = &ws.docs[p];
            let plan = plans.get(&p);
            let target = doc.target_quarter();
            let (state, reason) =
                health_of(ctx, p, &slipped_ids, plan.and_then(|pl| pl.quarter), target);
            Health {
                doc: ctx.item(p),
                state,
                reason,
                confidence: plan.and_then(|pl| pl.confidence.clone()),
                note: plan.and_then(|pl| pl.note.clone()),
            }
        })
        .collect()
}

fn health_of(
    ctx: &Context,
    p: DocIdx,
    slipped_ids: &[(&str, Option<&str>)],
    planned: Option<Quarter>,
    target: Option<Quarter>,
) -> (&'static str, Option<String>) {
    let ws = ctx.ws();
    let doc = &ws.docs[p];
    if !doc.is_approved() {
        let status = doc.status().unwrap_or("no status");
        return (
            "not-approved",
            Some(format!("still {status}, so its date is not a commitment")),
        );
    }
    let id = doc.id.as_deref().unwrap_or_default();
    if let Some((_, old)) = slipped_ids.iter().find(|(s, _)| *s == id) {
        // The target is on the same line; say where it came from.
        let reason = match old {
            Some(old) => format!("moved later from {old}"),
            None => "target moved later".to_owned(),
        };
        return ("slipped", Some(reason));
    }
    if let (Some(planned), Some(target)) = (planned, target)
        && target > planned
    {
        return (
            "slipped",
            Some(format!("target {target}, the roadmap plans {planned}")),
        );
    }
    let risk = super::engineering::dependencies(ctx, p)
        .into_iter()
        .find_map(|d| {
            let dep = &ws.docs[d];
            if dep.is_proposed() {
                Some(format!(
                    "depends on {}, still {}",
                    dep.label(),
                    dep.status().unwrap_or("unapproved")
                ))
            } else if let (Some(mine), Some(theirs)) = (target, dep.target_quarter())
                && !dep.is_shipped()
            {
                (theirs > mine).then(|| format!("depends on {}, due {theirs}", dep.label()))
            } else {
                None
            }
        });
    match risk {
        Some(reason) => ("at-risk", Some(reason)),
        None => ("on-track", None),
    }
}
