//! The leadership digest: visions and objectives with progress, roadmap health, counts,
//! key decisions, and the business cases tagged `.leadership`.

use std::collections::BTreeMap;

use super::Context;
use super::model::{
    DocExcerpts, Health, Leadership, Metric, ObjectiveProgress, StatusCount, VisionProgress,
};
use crate::config::{Phase, Role};
use crate::model::{DocIdx, FieldValue};

const DECISIONS: usize = 5;

pub fn leadership(ctx: &Context) -> Leadership {
    let ws = ctx.ws();
    let objectives: Vec<DocIdx> = ctx.docs_with_role(Role::Objective);
    let prds = ctx.docs_with_role(Role::Prd);
    // Counts and progress reveal no content, so they cover every PRD that is not
    // confidential, including ones marked for other audiences; listings do not.
    let counted: Vec<DocIdx> = ws
        .with_role(Role::Prd)
        .filter(|(_, d)| ctx.audience.include_confidential || !d.is_confidential())
        .map(|(i, _)| i)
        .collect();
    let objective_progress = |idx: DocIdx| {
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
                    .any(|r| r.field().is_some() && r.target == id)
            })
            .collect();
        let shipped = linked
            .iter()
            .filter(|&&p| ws.docs[p].phase() == Some(Phase::Done))
            .count();
        let metrics = match doc.field("metrics") {
            Some(FieldValue::List(items)) => items
                .iter()
                .map(|m| {
                    let text = |k: &str| m.value.get(k).map(|f| f.value.to_string());
                    Metric {
                        name: text("name").unwrap_or_default(),
                        baseline: text("baseline"),
                        target: text("target"),
                        unit: text("unit"),
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        ObjectiveProgress {
            doc: ctx.item(idx),
            quarter: doc.field("quarter").map(|q| q.to_string()),
            metrics,
            prds: linked.len(),
            shipped,
            percent_shipped: if linked.is_empty() {
                0
            } else {
                (shipped * 100 / linked.len()) as u32
            },
        }
    };
    let vision_of = |idx: DocIdx| {
        ws.docs[idx].refs.iter().find_map(|r| {
            ws.index_of_id(&r.target)
                .filter(|&v| ws.docs[v].role() == Some(Role::Vision))
        })
    };
    let visions: Vec<VisionProgress> = ctx
        .docs_with_role(Role::Vision)
        .into_iter()
        .filter(|&v| !ws.docs[v].is_inactive())
        .map(|v| VisionProgress {
            doc: ctx.item(v),
            objectives: objectives
                .iter()
                .copied()
                .filter(|&o| vision_of(o) == Some(v))
                .map(objective_progress)
                .collect(),
        })
        .collect();
    let other_objectives = objectives
        .iter()
        .copied()
        .filter(|&o| vision_of(o).is_none_or(|v| !ctx.audience.sees(&ws.docs[v])))
        .map(objective_progress)
        .collect();

    let health = roadmap_health(ctx, &prds);
    let count = |state: &str| health.iter().filter(|h| h.state == state).count();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for &p in &counted {
        *counts
            .entry(ws.docs[p].status().unwrap_or("no status").to_owned())
            .or_default() += 1;
    }
    // In lifecycle order, as the kind declares its statuses.
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

    let business_cases = prds
        .iter()
        .filter(|&&p| !ws.docs[p].is_inactive())
        .filter_map(|&p| {
            let excerpts = ctx.sections(p, |_, classes| classes.iter().any(|c| c == "leadership"));
            (!excerpts.is_empty()).then(|| DocExcerpts {
                doc: ctx.item(p),
                excerpts,
            })
        })
        .collect();

    Leadership {
        visions,
        other_objectives,
        on_track: count("on-track"),
        slipped: count("slipped"),
        at_risk: count("at-risk"),
        health,
        counts,
        decisions: super::engineering::recent_decisions(ctx, DECISIONS)
            .into_iter()
            .filter(|d| d.doc.status.as_deref() != Some("rejected"))
            .collect(),
        business_cases,
    }
}

/// Every PRD on a roadmap that is not done: slipped (its target moved later since the
/// base), at risk (it depends on something unapproved or due later), or on track.
fn roadmap_health(ctx: &Context, prds: &[DocIdx]) -> Vec<Health> {
    let ws = ctx.ws();
    let mut planned: Vec<DocIdx> = Vec::new();
    for horizon in ["now", "next", "later"] {
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
            && ws.docs[p].phase().is_some_and(|ph| ph >= Phase::Committed)
        {
            planned.push(p);
        }
    }
    let slipped_ids: Vec<&str> = ctx
        .input
        .diff
        .map(|d| {
            d.changed
                .iter()
                .filter(|c| c.fields.iter().any(|f| f.slip))
                .map(|c| c.doc.id.as_str())
                .collect()
        })
        .unwrap_or_default();
    planned
        .into_iter()
        .filter(|&p| !matches!(ws.docs[p].phase(), Some(Phase::Done | Phase::Inactive)))
        .map(|p| {
            let doc = &ws.docs[p];
            if slipped_ids.contains(&doc.id.as_deref().unwrap_or_default()) {
                let target = doc
                    .field("target")
                    .map(|t| t.to_string())
                    .unwrap_or_default();
                return Health {
                    doc: ctx.item(p),
                    state: "slipped",
                    reason: Some(format!("target moved to {target}")),
                };
            }
            let risk = super::engineering::dependencies(ctx, p)
                .into_iter()
                .find_map(|d| {
                    let dep = &ws.docs[d];
                    if dep.phase().is_some_and(|ph| ph < Phase::Committed) {
                        Some(format!(
                            "depends on {}, still {}",
                            dep.label(),
                            dep.status().unwrap_or("unapproved")
                        ))
                    } else if let (Some(mine), Some(theirs)) =
                        (doc.target_quarter(), dep.target_quarter())
                    {
                        (theirs > mine).then(|| format!("depends on {}, due {theirs}", dep.label()))
                    } else {
                        None
                    }
                });
            match risk {
                Some(reason) => Health {
                    doc: ctx.item(p),
                    state: "at-risk",
                    reason: Some(reason),
                },
                None => Health {
                    doc: ctx.item(p),
                    state: "on-track",
                    reason: None,
                },
            }
        })
        .collect()
}
