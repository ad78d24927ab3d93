//! Site data: the health of planned work as the site shows it — on the home page, the
//! boards, the timeline and document pages — from the one computation in the model
//! (`crate::model::DocHealth`), filtered by the site's policy (`crate::audience::seen_health`).

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use crate::model::{DocHealth, DocIdx, HealthReason, HealthState};

/// One document's health: its state and the reasons, in the words every output uses.
#[derive(Debug, Clone, Serialize)]
pub struct HealthBadge {
    /// `on-track`, `at-risk`, `not-approved` or `slipped`.
    pub state: &'static str,
    pub label: &'static str,
    pub reasons: Vec<String>,
    /// Worth a mark on a board or the timeline: slipped, at risk, or unapproved though
    /// planned for now or next (a draft in "later" is no news).
    pub flagged: bool,
    /// A slip as a roadmap plans it: where the plan was and where the target is now,
    /// for the timeline's marker and the document page.
    pub slips: Vec<Slip>,
}

/// A target later than a roadmap plans it.
#[derive(Debug, Clone, Serialize)]
pub struct Slip {
    pub roadmap: DocRef,
    pub planned: String,
    pub now: String,
}

/// A row of the home page's health list.
#[derive(Serialize)]
pub struct HealthRow {
    pub doc: DocRef,
    pub health: HealthBadge,
}

/// How many planned PRDs are in one state.
#[derive(Serialize)]
pub struct StateCount {
    pub state: &'static str,
    pub label: &'static str,
    pub count: usize,
}

/// The roadmap health summary of the home page: counts by state, and every PRD that is
/// not on track with its reasons.
#[derive(Serialize)]
pub struct RoadmapHealth {
    pub total: usize,
    pub counts: Vec<StateCount>,
    pub exceptions: Vec<HealthRow>,
    /// Nothing slipped or at risk, and nothing planned for now or next unapproved.
    pub ok: bool,
}

fn badge(site: &SiteContext, h: &DocHealth) -> HealthBadge {
    HealthBadge {
        state: h.state.as_str(),
        label: h.state.label(),
        reasons: h.reasons.iter().map(|r| r.describe(site.ws)).collect(),
        flagged: needs_attention(h),
        slips: h
            .reasons
            .iter()
            .filter_map(|r| match r {
                HealthReason::Slipped {
                    roadmap,
                    planned,
                    target,
                } => Some(Slip {
                    roadmap: site.doc_ref(*roadmap),
                    planned: planned.to_string(),
                    now: target.to_string(),
                }),
                _ => None,
            })
            .collect(),
    }
}

/// Slipped, at risk, or planned for now or next without approval.
fn needs_attention(h: &DocHealth) -> bool {
    matches!(h.state, HealthState::Slipped | HealthState::AtRisk)
        || h.reasons
            .iter()
            .any(|r| matches!(r, HealthReason::Unapproved { near: Some(_), .. }))
}

/// Document `idx`'s health as the site shows it, when it is planned work.
pub fn health_badge(site: &SiteContext, idx: DocIdx) -> Option<HealthBadge> {
    site.health_of(idx).map(|h| badge(site, h))
}

/// The home page's roadmap health.
pub fn roadmap_health(site: &SiteContext) -> RoadmapHealth {
    let health = site.health();
    let counts = HealthState::ALL
        .iter()
        .map(|&state| StateCount {
            state: state.as_str(),
            label: state.label(),
            count: health.iter().filter(|h| h.state == state).count(),
        })
        .collect();
    let exceptions: Vec<HealthRow> = HealthState::ALL
        .iter()
        .filter(|&&s| s != HealthState::OnTrack)
        .flat_map(|&state| health.iter().filter(move |h| h.state == state))
        .map(|h| HealthRow {
            doc: site.doc_ref(h.doc),
            health: badge(site, h),
        })
        .collect();
    let ok = health.iter().all(|h| {
        h.state != HealthState::Slipped
            && h.state != HealthState::AtRisk
            && !h
                .reasons
                .iter()
                .any(|r| matches!(r, HealthReason::Unapproved { near: Some(_), .. }))
    });
    RoadmapHealth {
        total: health.len(),
        counts,
        exceptions,
        ok,
    }
}
