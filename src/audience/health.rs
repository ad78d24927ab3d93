//! Audience policy: the health of planned work as one output may see it. The model
//! works health out once (`crate::model::DocHealth`); this leaves out the work an output
//! does not show and every reason that names a document it does not show or rests on
//! a target it may not show, so a reason never leaks what is hidden (fails closed).

use super::Policy;
use crate::model::{DocHealth, Workspace};

/// The health of every piece of planned work `policy` shows, in the model's order. A
/// reason may name what the policy would name though it does not show it
/// ([`Policy::may_name`]: sales are told a slip against a roadmap), but the plans'
/// confidence and notes come only from roadmaps it shows.
pub fn seen_health(policy: &(impl Policy + ?Sized), ws: &Workspace) -> Vec<DocHealth> {
    let shows_target = policy.shows_field("target");
    ws.health()
        .iter()
        .filter(|h| policy.shows(&ws.docs[h.doc]))
        .filter_map(|h| h.seen(|i| policy.may_name(&ws.docs[i]), shows_target))
        .map(|mut h| {
            h.plans.retain(|p| policy.shows(&ws.docs[p.roadmap]));
            h
        })
        .collect()
}
