//! The engineering digest: what is in progress and next, requirements, dependencies and
//! blockers, problems in the plan, open questions, recent decisions.

use super::Context;
use super::model::{Blocker, Decision, DocExcerpts, Engineering, Work};
use crate::config::{Phase, Role};
use crate::model::{DocIdx, FieldValue};

/// How many recent decisions to list.
const DECISIONS: usize = 5;

pub fn engineering(ctx: &Context) -> Engineering {
    let ws = ctx.ws();
    let prds = ctx.docs_with_role(Role::Prd);
    let next_on_roadmap = roadmap_horizon(ctx, "next");
    let in_progress: Vec<DocIdx> = prds
        .iter()
        .copied()
        .filter(|&i| ws.docs[i].phase() == Some(Phase::Started))
        .collect();
    let next: Vec<DocIdx> = prds
        .iter()
        .copied()
        .filter(|&i| {
            ws.docs[i].phase() == Some(Phase::Committed)
                || (next_on_roadmap.contains(&i) && ws.docs[i].phase() != Some(Phase::Started))
        })
        .filter(|&i| !matches!(ws.docs[i].phase(), Some(Phase::Done | Phase::Inactive)))
        .collect();

    let work = |idx: DocIdx| Work {
        doc: ctx.item(idx),
        depends_on: dependencies(ctx, idx)
            .into_iter()
            .map(|d| ctx.item(d))
            .collect(),
        requirements: ctx.sections(idx, |h, _| h.eq_ignore_ascii_case("requirements")),
        technical: ctx.sections(idx, |_, classes| classes.iter().any(|c| c == "engineering")),
    };

    // A blocker: active work waiting on something not done yet.
    let mut blockers = Vec::new();
    for &idx in in_progress.iter().chain(&next) {
        let phase = ws.docs[idx].phase().unwrap_or(Phase::Proposed);
        for dep in dependencies(ctx, idx) {
            let dep_phase = ws.docs[dep].phase().unwrap_or(Phase::Proposed);
            if dep_phase < Phase::Done {
                let status = ws.docs[dep].status().unwrap_or("no status");
                let reason = if dep_phase < phase {
                    format!("still {status}, behind this work")
                } else {
                    format!("{status}, not shipped yet")
                };
                blockers.push(Blocker {
                    doc: ctx.item(idx),
                    waits_on: ctx.item(dep),
                    reason,
                });
            }
        }
    }

    let visible_file = |file: &str| {
        ws.index_of_path(file)
            .is_none_or(|i| ctx.audience.sees(&ws.docs[i]))
    };
    let problems = ctx
        .input
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.rule,
                "dependency-cycle" | "schedule-inversion" | "status-order"
            ) && visible_file(&d.primary.file)
        })
        .map(|d| d.message.clone())
        .collect();
    let re_read = ctx
        .input
        .diagnostics
        .iter()
        .filter(|d| d.rule == "suspect-link" && visible_file(&d.primary.file))
        .map(|d| {
            format!(
                "{}: {}",
                ws.index_of_path(&d.primary.file)
                    .map_or(d.primary.file.as_str(), |i| ws.docs[i].label()),
                d.message
            )
        })
        .collect();

    let open_questions = prds
        .iter()
        .filter(|&&i| !matches!(ws.docs[i].phase(), Some(Phase::Done | Phase::Inactive)))
        .filter_map(|&i| {
            let excerpts = ctx.sections(i, |h, _| h.eq_ignore_ascii_case("open questions"));
            (!excerpts.is_empty()).then(|| DocExcerpts {
                doc: ctx.item(i),
                excerpts,
            })
        })
        .collect();

    Engineering {
        in_progress: in_progress.iter().map(|&i| work(i)).collect(),
        next: next.iter().map(|&i| work(i)).collect(),
        blockers,
        problems,
        open_questions,
        decisions: recent_decisions(ctx, DECISIONS),
        re_read,
    }
}

/// PRDs a roadmap places in `horizon`.
pub fn roadmap_horizon(ctx: &Context, horizon: &str) -> Vec<DocIdx> {
    let ws = ctx.ws();
    let mut out = Vec::new();
    for idx in ctx.docs_with_role(Role::Roadmap) {
        let Some(FieldValue::List(items)) = ws.docs[idx].field("items") else {
            continue;
        };
        for item in items {
            let in_horizon =
                item.value.get("horizon").and_then(|f| f.value.as_text()) == Some(horizon);
            if let (true, Some(FieldValue::Ref(id))) =
                (in_horizon, item.value.get("ref").map(|f| &f.value))
                && let Some(i) = ws.index_of_id(id)
                && ctx.audience.sees(&ws.docs[i])
                && !out.contains(&i)
            {
                out.push(i);
            }
        }
    }
    out
}

/// What a document depends on, that the audience sees.
pub fn dependencies(ctx: &Context, idx: DocIdx) -> Vec<DocIdx> {
    let ws = ctx.ws();
    let mut out = Vec::new();
    for r in ws.docs[idx].refs.iter().filter(|r| r.is_dependency()) {
        if let Some(i) = ws.index_of_id(&r.target)
            && i != idx
            && ctx.audience.sees(&ws.docs[i])
            && !out.contains(&i)
        {
            out.push(i);
        }
    }
    out
}

/// Decisions, newest first (undated last).
pub fn recent_decisions(ctx: &Context, limit: usize) -> Vec<Decision> {
    let ws = ctx.ws();
    let mut decisions: Vec<(Option<String>, DocIdx)> = ctx
        .docs_with_role(Role::Decision)
        .into_iter()
        .map(|i| (ws.docs[i].field("date").map(|d| d.to_string()), i))
        .collect();
    decisions.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    decisions
        .into_iter()
        .take(limit)
        .map(|(date, i)| Decision {
            doc: ctx.item(i),
            date,
        })
        .collect()
}
