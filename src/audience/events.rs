//! Which change events (`model::change_events`) an output may show: none about a
//! document it does not show, or one that was confidential when the change was made;
//! none about a field or section it leaves out, nor about a reference field of which
//! only references to documents it hides changed. A bulk event keeps the documents that
//! may be shown.

use rayon::prelude::*;

use super::hidden::Hidden;
use super::policy::Policy;
use crate::model::{ChangeEvent, EventChange, History, Workspace};

/// `events`, less what `policy` may not show; `hidden` is what `policy` hides.
pub fn visible_events(
    policy: &(impl Policy + Sync + ?Sized),
    hidden: &Hidden,
    ws: &Workspace,
    history: &History,
    events: Vec<ChangeEvent>,
) -> Vec<ChangeEvent> {
    // On every core, in order: a site asks for all of them at once (tens of thousands).
    events
        .into_par_iter()
        .filter_map(|mut event| {
            event.docs.retain(|&i| {
                let path = &ws.docs[i].path;
                policy.shows(&ws.docs[i])
                    && (policy.includes_confidential()
                        || !was_confidential(history, path, event.commit))
                    && !match &event.change {
                        EventChange::Field { field, .. } => {
                            only_hidden_changed(hidden, history, path, event.commit, field)
                        }
                        _ => false,
                    }
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

/// Whether `field` of the document at `path` changed in `commit` only in the documents
/// it names that `hidden` hides: "depends_on changed" would tell a reader that something
/// they may not see was added or removed. A value kept only as a hash (a long one) could
/// say anything, so its change is shown, as it was before this check.
fn only_hidden_changed(
    hidden: &Hidden,
    history: &History,
    path: &str,
    commit: usize,
    field: &str,
) -> bool {
    let Some(doc) = history.of(path) else {
        return false;
    };
    let Some(n) = doc.commits.iter().position(|&c| c == commit) else {
        return false;
    };
    let value = |n: usize| {
        let version = doc.versions.get(n)?.as_ref()?;
        Some(
            version
                .fields
                .get(field)
                .map(String::as_str)
                .unwrap_or_default(),
        )
    };
    let (Some(newer), Some(older)) = (value(n), value(n + 1)) else {
        return false;
    };
    // Words are compared without their punctuation, so a change that names nothing
    // hidden on either side (`Foo, bar` → `Foo bar`) is shown whatever it is.
    if !hidden.named_in(newer) && !hidden.named_in(older) {
        return false;
    }
    match (shown_words(hidden, newer), shown_words(hidden, older)) {
        (Some(newer), Some(older)) => newer == older,
        _ => false,
    }
}

/// The words of a field's value (as a fingerprint keeps it) that name nothing `hidden`
/// hides, in order; `None` for a value kept only as a hash.
fn shown_words<'v>(hidden: &Hidden, value: &'v str) -> Option<Vec<&'v str>> {
    if value.starts_with('#') {
        return None;
    }
    Some(
        value
            .split(|c: char| c.is_whitespace() || matches!(c, '[' | ']' | ','))
            .map(|word| word.trim_matches(['"', '\'']))
            .filter(|word| !word.is_empty() && *word != "-" && !hidden.named_in(word))
            .collect(),
    )
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
