//! The engineering digest: what is in progress and next, requirements, dependencies and
//! blockers, problems in the plan, open questions, recent decisions.

use super::Context;
use super::excerpt::Limit;
use super::model::{Blocker, Decision, DocExcerpts, Engineering, SectionLink, Work};
use crate::audience::Policy;
use crate::config::{Phase, Role};
use crate::diag::{Diagnostic, Rule};
use crate::model::{DocIdx, Horizon, Workspace};

/// How many recent decisions to list.
const DECISIONS: usize = 5;
/// Requirements quoted per PRD; the rest are a link away.
const REQUIREMENTS: usize = 3;
/// Open questions quoted per PRD, and in the whole digest.
const QUESTIONS_PER_DOC: usize = 2;
const QUESTIONS: usize = 6;
/// Characters of a technical approach quoted for work in progress, and for work next.
const TECHNICAL: usize = 500;
const TECHNICAL_NEXT: usize = 280;

/// Highest priority first (`P0` before `P1`; none last), then the sooner target.
pub fn by_priority(ws: &Workspace, docs: &mut [DocIdx]) {
    docs.sort_by_key(|&i| {
        let doc = &ws.docs[i];
        let priority = doc.text_field("priority").map(str::to_owned);
        let target = doc.target_quarter();
        (priority.is_none(), priority, target.is_none(), target)
    });
}

pub fn engineering(ctx: &Context) -> Engineering {
    let (in_progress, next) = in_progress_and_next(ctx);
    let (open_questions, more_questions) = open_questions(ctx, &in_progress, &next);
    Engineering {
        in_progress: in_progress
            .iter()
            .map(|&i| work(ctx, i, TECHNICAL))
            .collect(),
        next: next.iter().map(|&i| work(ctx, i, TECHNICAL_NEXT)).collect(),
        blockers: blockers(ctx, &in_progress, &next),
        problems: plan_problems(ctx),
        open_questions,
        more_questions,
        decisions: recent_decisions(ctx, DECISIONS),
        re_read: re_read(ctx),
        needs_review: needs_review(ctx),
        health: super::health::exceptions(ctx),
    }
}

/// The PRDs in progress, and those next (approved, or next on a roadmap), each by
/// priority.
fn in_progress_and_next(ctx: &Context) -> (Vec<DocIdx>, Vec<DocIdx>) {
    let ws = ctx.ws();
    let prds = ctx.docs_with_role(Role::Prd);
    let next_on_roadmap = roadmap_horizon(ctx, &Horizon::Next);
    let mut in_progress: Vec<DocIdx> = prds
        .iter()
        .copied()
        .filter(|&i| ws.docs[i].is_in_progress())
        .collect();
    by_priority(ws, &mut in_progress);
    let mut next: Vec<DocIdx> = prds
        .iter()
        .copied()
        .filter(|&i| {
            ws.docs[i].phase() == Some(Phase::Committed)
                || (next_on_roadmap.contains(&i) && !ws.docs[i].is_in_progress())
        })
        .filter(|&i| !ws.docs[i].is_closed())
        .collect();
    by_priority(ws, &mut next);
    (in_progress, next)
}

fn is_requirements(heading: &str) -> bool {
    heading.eq_ignore_ascii_case("requirements")
}

/// Sections tagged for the audience itself (`{.engineering}` for engineering).
fn is_technical(ctx: &Context, classes: &[String]) -> bool {
    ctx.audience.is_own_section(classes)
}

/// One piece of work, quoting `technical` characters of its approach.
fn work(ctx: &Context, idx: DocIdx, technical: usize) -> Work {
    Work {
        doc: ctx.item(idx),
        depends_on: dependencies(ctx, idx)
            .into_iter()
            .map(|d| ctx.item(d))
            .collect(),
        requirements: ctx
            .sections_within(idx, Limit::items(REQUIREMENTS), |h, _| is_requirements(h)),
        // The lead paragraph says what the approach is; the spec has the rest.
        technical: ctx.sections_within(idx, Limit::lead(technical), |_, classes| {
            is_technical(ctx, classes)
        }),
        // Everything else engineering reads (untagged sections), by name and link.
        more: ctx.section_refs(idx, |h, classes| {
            !is_requirements(h)
                && !is_technical(ctx, classes)
                && !h.eq_ignore_ascii_case("open questions")
        }),
    }
}

/// A blocker is not normal sequencing (the dependency in progress first): it is a
/// dependency that is not approved yet, or due after the work that needs it.
fn blockers(ctx: &Context, in_progress: &[DocIdx], next: &[DocIdx]) -> Vec<Blocker> {
    let ws = ctx.ws();
    let mut blockers = Vec::new();
    for &idx in in_progress.iter().chain(next) {
        for dep in dependencies(ctx, idx) {
            let d = &ws.docs[dep];
            if d.is_shipped() {
                continue;
            }
            let reason = if !d.is_approved() {
                Some(format!(
                    "not approved yet (still {})",
                    d.status().unwrap_or("without a status")
                ))
            } else if let (Some(mine), Some(theirs)) =
                (ws.docs[idx].target_quarter(), d.target_quarter())
            {
                (theirs > mine).then(|| format!("due {theirs}, after this work's {mine}"))
            } else {
                None
            };
            if let Some(reason) = reason {
                blockers.push(Blocker {
                    doc: ctx.item(idx),
                    waits_on: ctx.item(dep),
                    reason,
                });
            }
        }
    }
    blockers
}

/// Diagnostics are the authors' words; one that names a document engineering must
/// not know of (a cycle through a confidential PRD) is left out.
fn shown_diagnostics<'c>(
    ctx: &'c Context,
    rule: impl Fn(Rule) -> bool + 'c,
) -> impl Iterator<Item = &'c Diagnostic> + 'c {
    ctx.input
        .diagnostics
        .iter()
        .filter(move |d| rule(d.rule))
        .filter(|d| !ctx.hidden.diagnostic(d))
}

/// Problems in the plan: dependency cycles, schedule inversions, status order.
fn plan_problems(ctx: &Context) -> Vec<String> {
    shown_diagnostics(ctx, |rule| {
        matches!(
            rule,
            Rule::DependencyCycle | Rule::ScheduleInversion | Rule::StatusOrder
        )
    })
    .map(|d| d.message.clone())
    .collect()
}

/// Documents to re-read because what they link to changed after them (`suspect-link`).
/// PRDs waiting for reviewers: a status named `review` (any case), active ones only.
fn needs_review(ctx: &Context) -> Vec<super::model::Item> {
    let ws = ctx.ws();
    ctx.docs_with_role(Role::Prd)
        .into_iter()
        .filter(|&i| {
            ws.docs[i]
                .status()
                .is_some_and(|s| s.eq_ignore_ascii_case("review"))
        })
        .map(|i| ctx.item(i))
        .collect()
}

fn re_read(ctx: &Context) -> Vec<String> {
    let ws = ctx.ws();
    shown_diagnostics(ctx, |rule| rule == Rule::SuspectLink)
        .map(|d| {
            let titled = |i: DocIdx| format!("{} {}", ws.docs[i].label(), ws.docs[i].title);
            let place = ws
                .index_of_path(&d.primary.file)
                .map_or_else(|| d.primary.file.clone(), titled);
            // The message names the changed documents in backticks:
            // `PRD-2` and `PRD-3` changed after…
            // Named with their titles: a bare ID means nothing to a reader in a hurry.
            let changed: Vec<String> = d
                .message
                .split('`')
                .skip(1)
                .step_by(2)
                .map(|id| ws.index_of_id(id).map_or_else(|| id.to_owned(), titled))
                .collect();
            match changed.as_slice() {
                [] => format!("{place}: {}", d.message),
                [one] => {
                    format!("{place} may be out of date: {one} changed after it was last edited")
                }
                [init @ .., last] => format!(
                    "{place} may be out of date: {} and {last} changed after it was last edited",
                    init.join(", ")
                ),
            }
        })
        .collect()
}

/// Questions that still shape work: in progress and next, not the whole backlog; the
/// most important work first, and no more than a screenful. The rest are links.
fn open_questions(
    ctx: &Context,
    in_progress: &[DocIdx],
    next: &[DocIdx],
) -> (Vec<DocExcerpts>, Vec<SectionLink>) {
    let is_questions = |h: &str, _: &[String]| h.eq_ignore_ascii_case("open questions");
    let mut asking: Vec<DocIdx> = in_progress.iter().chain(next).copied().collect();
    by_priority(ctx.ws(), &mut asking);
    let mut open_questions = Vec::new();
    let mut more_questions = Vec::new();
    let mut budget = QUESTIONS;
    for i in asking {
        if budget == 0 {
            more_questions.extend(
                ctx.section_refs(i, is_questions)
                    .into_iter()
                    .take(1)
                    .map(|s| SectionLink {
                        doc: ctx.item(i),
                        url: s.url,
                    }),
            );
            continue;
        }
        let limit = Limit::items(QUESTIONS_PER_DOC.min(budget));
        let excerpts = ctx.sections_within(i, limit, is_questions);
        if excerpts.is_empty() {
            continue;
        }
        let shown: usize = excerpts.iter().map(|e| e.shown_items.max(1)).sum();
        budget = budget.saturating_sub(shown);
        open_questions.push(DocExcerpts {
            doc: ctx.item(i),
            excerpts,
        });
    }
    (open_questions, more_questions)
}

/// PRDs the roadmaps the audience sees place in `horizon`, each once.
pub fn roadmap_horizon(ctx: &Context, horizon: &Horizon) -> Vec<DocIdx> {
    let ws = ctx.ws();
    let mut out = Vec::new();
    for idx in ctx.docs_with_role(Role::Roadmap) {
        for item in ws.roadmap_items(idx) {
            if item.horizon.as_ref() == Some(horizon)
                && let Some(i) = ws.index_of_id(&item.prd)
                && ctx.audience.shows(&ws.docs[i])
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
    ws.dependency_graph()
        .dependencies(idx)
        .iter()
        .copied()
        .filter(|&i| ctx.audience.shows(&ws.docs[i]))
        .collect()
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
            notes: Vec::new(),
        })
        .collect()
}
