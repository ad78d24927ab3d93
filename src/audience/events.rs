//! Which change events (`model::change_events`) an output may show: none about a
//! document it does not show, or one that was confidential when the change was made;
//! none about a field or section it leaves out. A bulk event keeps the documents that
//! may be shown.

use rayon::prelude::*;

use super::policy::Policy;
use crate::model::{ChangeEvent, EventChange, History, Workspace};

/// `events`, less what `policy` may not show.
pub fn visible_events(
    policy: &(impl Policy + Sync + ?Sized),
    ws: &Workspace,
    history: &History,
    events: Vec<ChangeEvent>,
) -> Vec<ChangeEvent> {
    // On every core, in order: a site asks for all of them at once (tens of thousands).
    events
        .into_par_iter()
        .filter_map(|mut event| {
            event.docs.retain(|&i| {
                policy.shows(&ws.docs[i])
                    && (policy.includes_confidential()
                        || !was_confidential(history, &ws.docs[i].path, event.commit))
            });
            if event.docs.is_empty() {
                return None;
            }
            match &mut event.change {
                EventChange::Created { status } => {
                    if !policy.shows_field("status") {
                        *status = None;
                    }
                }
                EventChange::Status { .. } => {
                    if !policy.shows_field("status") {
                        return None;
                    }
                }
                EventChange::Moved { field, .. } | EventChange::Field { field, .. } => {
                    if !policy.shows_field(field) {
                        return None;
                    }
                }
                EventChange::Section { classes, .. } => {
                    if !policy.shows_section(classes) {
                        return None;
                    }
                }
                EventChange::Edited { sections } => {
                    // An edit made only in sections this reader may not see is no
                    // event for them: "text edited" would still say something changed.
                    let named = sections.len();
                    sections.retain(|(_, classes)| policy.shows_section(classes));
                    if named > 0 && sections.is_empty() {
                        return None;
                    }
                }
            }
            Some(event)
        })
        .collect()
}

/// Whether the document said `confidential: true` just before or after `commit`: a
/// document made public later must not reveal what happened while it was not.
fn was_confidential(history: &History, path: &str, commit: usize) -> bool {
    let Some(doc) = history.of(path) else {
        return true; // nothing known: fail closed
    };
    let Some(n) = doc.commits.iter().position(|&c| c == commit) else {
        return true;
    };
    doc.versions.iter().skip(n).take(2).any(|v| match v {
        Some(v) => v
            .fields
            .get("confidential")
            .is_some_and(|c| !matches!(c.as_str(), "false" | "no" | "off")),
        None => true,
    })
}
