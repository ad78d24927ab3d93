//! Model: the health of planned work, worked out once per workspace from its roadmaps,
//! targets, lifecycle and dependencies, with the reasons behind it. The site's home
//! page, boards, timeline and document pages and every digest show this one answer;
//! what each may see of it is the caller's policy's to decide ([`DocHealth::seen`]).

use std::fmt;

use serde::Serialize;

use super::{DocIdx, Horizon, Quarter, Workspace};
use crate::config::Role;

/// How a planned piece of work stands, worst last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HealthState {
    OnTrack,
    /// Approved, but something it needs may not be ready in time, or the roadmap
    /// rates it low confidence.
    AtRisk,
    /// Not approved yet: its date is not a commitment.
    NotApproved,
    /// Its target is later than a roadmap plans it.
    Slipped,
}

impl HealthState {
    /// Every state, in the order reports list them: exceptions first.
    pub const ALL: [HealthState; 4] = [
        HealthState::Slipped,
        HealthState::AtRisk,
        HealthState::NotApproved,
        HealthState::OnTrack,
    ];

    /// The slug templates and JSON use: `on-track`, `at-risk`, `not-approved`, `slipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            HealthState::OnTrack => "on-track",
            HealthState::AtRisk => "at-risk",
            HealthState::NotApproved => "not-approved",
            HealthState::Slipped => "slipped",
        }
    }

    /// The words a reader sees: `On track`, `At risk`, `Not yet approved`, `Slipped`.
    pub fn label(self) -> &'static str {
        match self {
            HealthState::OnTrack => "On track",
            HealthState::AtRisk => "At risk",
            HealthState::NotApproved => "Not yet approved",
            HealthState::Slipped => "Slipped",
        }
    }
}

/// Why a piece of work is not on track. Each names the documents it rests on, so that an
/// output that may not see one of them leaves the reason out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HealthReason {
    /// The PRD is not approved (`status` as written); `near` is set when a roadmap
    /// plans it for now or next anyway.
    Unapproved {
        status: Option<String>,
        near: Option<(DocIdx, Horizon)>,
    },
    /// Its target is later than the quarter `roadmap` plans.
    Slipped {
        roadmap: DocIdx,
        planned: Quarter,
        target: Quarter,
    },
    /// Its target moved later since the revision a report compares with (`spex digest
    /// --since`), from `from` to `to`; only a report with such a base knows it.
    MovedLater { from: Quarter, to: Quarter },
    /// It depends on something not started yet (a draft, in review).
    BlockedBy {
        dependency: DocIdx,
        status: Option<String>,
    },
    /// A dependency that has not shipped is due in the same quarter or later.
    DependencyDue { dependency: DocIdx, due: Quarter },
    /// `roadmap` rates its confidence low.
    LowConfidence { roadmap: DocIdx },
}

impl HealthReason {
    /// The state this reason alone puts the work in.
    pub fn state(&self) -> HealthState {
        match self {
            HealthReason::Unapproved { .. } => HealthState::NotApproved,
            HealthReason::Slipped { .. } | HealthReason::MovedLater { .. } => HealthState::Slipped,
            HealthReason::BlockedBy { .. }
            | HealthReason::DependencyDue { .. }
            | HealthReason::LowConfidence { .. } => HealthState::AtRisk,
        }
    }

    /// The documents the reason names besides the work itself.
    pub fn names(&self) -> Option<DocIdx> {
        match self {
            HealthReason::Unapproved { near, .. } => near.as_ref().map(|(rm, _)| *rm),
            HealthReason::Slipped { roadmap, .. } | HealthReason::LowConfidence { roadmap } => {
                Some(*roadmap)
            }
            HealthReason::BlockedBy { dependency, .. }
            | HealthReason::DependencyDue { dependency, .. } => Some(*dependency),
            HealthReason::MovedLater { .. } => None,
        }
    }

    /// Whether the reason rests on a `target` (its own or a dependency's).
    pub fn reads_target(&self) -> bool {
        matches!(
            self,
            HealthReason::Slipped { .. }
                | HealthReason::MovedLater { .. }
                | HealthReason::DependencyDue { .. }
        )
    }

    /// The reason in words, the same everywhere it is shown: `planned 2027-Q1 in
    /// RM-002, now 2027-Q2`.
    pub fn describe(&self, ws: &Workspace) -> String {
        let label = |i: &DocIdx| ws.docs[*i].label().to_owned();
        match self {
            HealthReason::Unapproved { status, near } => {
                let status = status.as_deref().unwrap_or("without a status");
                match near {
                    Some((rm, horizon)) => {
                        format!("still {status}, but {} plans it for {horizon}", label(rm))
                    }
                    None => format!("still {status}, so its date is not a commitment"),
                }
            }
            HealthReason::Slipped {
                roadmap,
                planned,
                target,
            } => format!("planned {planned} in {}, now {target}", label(roadmap)),
            HealthReason::MovedLater { from, to } => format!("moved later from {from} to {to}"),
            HealthReason::BlockedBy { dependency, status } => format!(
                "blocked by {}, still {}",
                label(dependency),
                status.as_deref().unwrap_or("unapproved")
            ),
            HealthReason::DependencyDue { dependency, due } => {
                format!("depends on {}, due {due}", label(dependency))
            }
            HealthReason::LowConfidence { roadmap } => {
                format!("low confidence on {}", label(roadmap))
            }
        }
    }
}

impl fmt::Display for HealthState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The health of one PRD a roadmap plans (or that is approved with a target).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocHealth {
    pub doc: DocIdx,
    pub state: HealthState,
    /// Worst first; empty when on track.
    pub reasons: Vec<HealthReason>,
    /// Every roadmap item that plans it, roadmaps in ID order.
    pub plans: Vec<Plan>,
}

/// A roadmap item's plan for a PRD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub roadmap: DocIdx,
    pub horizon: Option<Horizon>,
    pub quarter: Option<Quarter>,
    pub confidence: Option<String>,
    pub note: Option<String>,
}

impl DocHealth {
    /// The first plan's confidence.
    pub fn confidence(&self) -> Option<&str> {
        self.plans.iter().find_map(|p| p.confidence.as_deref())
    }

    /// The first plan's note.
    pub fn note(&self) -> Option<&str> {
        self.plans.iter().find_map(|p| p.note.as_deref())
    }

    /// The health as an output sees it, or `None` when it may not see the work itself.
    /// A reason that names something the output does not see (`shows` says no), or
    /// rests on a target it may not show (`shows_target`), is left out, and the state
    /// follows from the reasons that remain: what is hidden cannot be read off it. So
    /// are the plans of roadmaps it does not show (their confidence and notes).
    pub fn seen(&self, shows: impl Fn(DocIdx) -> bool, shows_target: bool) -> Option<DocHealth> {
        if !shows(self.doc) {
            return None;
        }
        let reasons: Vec<HealthReason> = self
            .reasons
            .iter()
            .filter(|r| r.names().is_none_or(&shows))
            .filter(|r| shows_target || !r.reads_target())
            .cloned()
            .collect();
        Some(DocHealth {
            state: state_of(&reasons),
            reasons,
            plans: self
                .plans
                .iter()
                .filter(|p| shows(p.roadmap))
                .cloned()
                .collect(),
            doc: self.doc,
        })
    }
}

impl DocHealth {
    /// The health with the move of its target since a report's base revision: `from`
    /// is the target it had there. Approved work whose target is now later slipped,
    /// unless a roadmap already says so (the roadmap's plan is the stronger reason).
    pub fn with_move(mut self, ws: &Workspace, from: Option<Quarter>) -> DocHealth {
        let doc = &ws.docs[self.doc];
        let already = self
            .reasons
            .iter()
            .any(|r| matches!(r, HealthReason::Slipped { .. }));
        if let (Some(from), Some(to)) = (from, doc.target_quarter())
            && to > from
            && doc.is_approved()
            && !already
        {
            self.reasons
                .insert(0, HealthReason::MovedLater { from, to });
            self.state = state_of(&self.reasons);
        }
        self
    }
}

fn state_of(reasons: &[HealthReason]) -> HealthState {
    reasons
        .iter()
        .map(HealthReason::state)
        .max()
        .unwrap_or(HealthState::OnTrack)
}

/// Work out the health of every open PRD a roadmap plans, and of every approved PRD
/// with a target: roadmap items by horizon (now, next, later, then the rest), roadmaps
/// in ID order, then the other PRDs in ID order.
pub(crate) fn workspace_health(ws: &Workspace) -> Vec<DocHealth> {
    let mut roadmaps: Vec<DocIdx> = ws.with_role(Role::Roadmap).map(|(i, _)| i).collect();
    ws.sort_by_id(&mut roadmaps);
    let mut placements: Vec<(DocIdx, Plan)> = Vec::new();
    for &rm in &roadmaps {
        for item in ws.roadmap_items(rm) {
            let Some(prd) = ws.index_of_id(&item.prd) else {
                continue;
            };
            placements.push((
                prd,
                Plan {
                    roadmap: rm,
                    horizon: item.horizon.clone(),
                    quarter: item.quarter,
                    confidence: item.confidence.clone(),
                    note: item.note.clone(),
                },
            ));
        }
    }
    // Now, next, later, then items placed otherwise; a stable sort keeps roadmap order.
    let rank = |h: &Option<Horizon>| match h {
        Some(Horizon::Now) => 0,
        Some(Horizon::Next) => 1,
        Some(Horizon::Later) => 2,
        _ => 3,
    };
    // Membership and each PRD's plans by index: scanning lists per PRD grew with the
    // square of the workspace.
    let mut order: Vec<DocIdx> = Vec::new();
    let mut ordered = vec![false; ws.docs.len()];
    let mut plans_of: Vec<Vec<&Plan>> = vec![Vec::new(); ws.docs.len()];
    let mut by_rank: Vec<&(DocIdx, Plan)> = placements.iter().collect();
    by_rank.sort_by_key(|(_, p)| rank(&p.horizon));
    for &(prd, _) in by_rank {
        if !ordered[prd] {
            ordered[prd] = true;
            order.push(prd);
        }
    }
    for (prd, plan) in &placements {
        plans_of[*prd].push(plan);
    }
    let mut dated: Vec<DocIdx> = ws
        .with_role(Role::Prd)
        .filter(|(i, d)| d.target_quarter().is_some() && d.is_approved() && !ordered[*i])
        .map(|(i, _)| i)
        .collect();
    ws.sort_by_id(&mut dated);
    order.extend(dated);
    order
        .into_iter()
        .filter(|&p| !ws.docs[p].is_closed())
        .map(|p| health_of(ws, p, &plans_of[p]))
        .collect()
}

fn health_of(ws: &Workspace, p: DocIdx, placements: &[&Plan]) -> DocHealth {
    let doc = &ws.docs[p];
    let mut reasons = Vec::new();
    if !doc.is_approved() {
        let near = placements
            .iter()
            .find_map(|pl| Some((pl.roadmap, pl.horizon.clone().filter(Horizon::is_near)?)));
        reasons.push(HealthReason::Unapproved {
            status: doc.status().map(str::to_owned),
            near,
        });
    } else {
        let target = doc.target_quarter();
        for pl in placements {
            if let (Some(planned), Some(target)) = (pl.quarter, target)
                && target > planned
            {
                reasons.push(HealthReason::Slipped {
                    roadmap: pl.roadmap,
                    planned,
                    target,
                });
            }
        }
        for &d in ws.dependency_graph().dependencies(p) {
            let dep = &ws.docs[d];
            if dep.is_proposed() {
                reasons.push(HealthReason::BlockedBy {
                    dependency: d,
                    status: dep.status().map(str::to_owned),
                });
            } else if let (Some(mine), Some(due)) = (target, dep.target_quarter())
                && !dep.is_closed()
                && due >= mine
            {
                reasons.push(HealthReason::DependencyDue { dependency: d, due });
            }
        }
        if let Some(pl) = placements
            .iter()
            .find(|pl| pl.confidence.as_deref() == Some("low"))
        {
            reasons.push(HealthReason::LowConfidence {
                roadmap: pl.roadmap,
            });
        }
    }
    reasons.sort_by_key(|r| std::cmp::Reverse(r.state()));
    DocHealth {
        doc: p,
        state: state_of(&reasons),
        reasons,
        plans: placements.iter().map(|&pl| pl.clone()).collect(),
    }
}

impl Workspace {
    /// The health of every PRD a roadmap plans or that is approved with a target, in
    /// the order reports list them (roadmap items by horizon, then approved PRDs with a target, by ID).
    pub fn health(&self) -> &[DocHealth] {
        self.health_view()
    }

    /// The health of document `idx`, when it is planned work.
    pub fn health_of(&self, idx: DocIdx) -> Option<&DocHealth> {
        self.health().iter().find(|h| h.doc == idx)
    }
}

#[cfg(test)]
mod tests;
