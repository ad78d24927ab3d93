//! Digest data: the health of planned work as this audience sees it, from the one
//! computation in the model (`crate::model::DocHealth`) through the audience policy
//! (`crate::audience::seen_health`), with the reasons in the words every output uses.
//! With `--since`, a target that moved later since the base is a slip too.

use super::Context;
use super::model::Health;
use crate::audience::seen_health;
use crate::model::{DocIdx, HealthReason, HealthState, Quarter};

/// Every piece of planned work the audience sees, in the model's order.
pub fn roadmap_health(ctx: &Context) -> Vec<Health> {
    let ws = ctx.ws();
    let moved_from = |idx: DocIdx| -> Option<Quarter> {
        let id = ws.docs[idx].id.as_deref()?;
        let change = ctx.input.diff?.changed.iter().find(|c| c.doc.id == id)?;
        let slip = change.fields.iter().find(|f| f.slip)?;
        Quarter::parse(slip.old.as_deref()?)
    };
    seen_health(ctx.audience, ws)
        .into_iter()
        .map(|h| {
            let from = moved_from(h.doc);
            h.with_move(ws, from)
        })
        .map(|h| Health {
            doc: ctx.item(h.doc),
            state: h.state.as_str(),
            reason: (!h.reasons.is_empty()).then(|| {
                h.reasons
                    .iter()
                    .map(|r| r.describe(ws))
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
            planned: h.reasons.iter().find_map(|r| match r {
                HealthReason::Slipped { planned, .. } => Some(planned.to_string()),
                HealthReason::MovedLater { from, .. } => Some(from.to_string()),
                _ => None,
            }),
            confidence: h.confidence().map(str::to_owned),
            note: h.note().map(str::to_owned),
        })
        .collect()
}

/// The planned work that is not on track: slipped, at risk, not approved.
pub fn exceptions(ctx: &Context) -> Vec<Health> {
    let mut out: Vec<Health> = roadmap_health(ctx)
        .into_iter()
        .filter(|h| h.state != HealthState::OnTrack.as_str())
        .collect();
    // Worst first, as the leadership digest groups them; the model's order within.
    let rank = |state: &str| {
        HealthState::ALL
            .iter()
            .position(|s| s.as_str() == state)
            .unwrap_or(HealthState::ALL.len())
    };
    out.sort_by_key(|h| rank(h.state));
    out
}
