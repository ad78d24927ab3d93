//! Rules that need git history: `suspect-link` and `stale`. Without history they stay
//! silent (the CLI says once that history is off).

use std::collections::BTreeSet;

use super::resolved_refs;
use crate::config::Phase;
use crate::diag::{Diagnostic, Span};
use crate::model::Workspace;

/// How many days without a change make an active document stale, unless configured.
pub const DEFAULT_STALE_DAYS: u32 = 90;

/// "Now" for history rules: `SOURCE_DATE_EPOCH` when set (reproducible builds), else the
/// clock.
pub fn now() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| jiff::Timestamp::now().as_second())
}

/// A document that references another which changed after the document itself did:
/// someone should re-read it.
pub fn suspect_link(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(history) = &ws.history else { return };
    let now = now();
    let mut reported: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (from, r, to) in resolved_refs(ws) {
        let Some(to) = to.filter(|&t| t != from) else {
            continue;
        };
        let (doc, target) = (&ws.docs[from], &ws.docs[to]);
        let (Some(mine), Some(theirs)) = (
            history.last_change_time(&doc.path, now),
            history.last_change_time(&target.path, now),
        ) else {
            continue;
        };
        if theirs <= mine || !reported.insert((from, to)) {
            continue;
        }
        let when = |path: &str| match (
            history.of(path).and_then(|h| h.uncommitted),
            history.updated(path),
        ) {
            (Some(_), _) => "has uncommitted changes".to_owned(),
            (None, Some(c)) => {
                format!("last changed {} ({} \"{}\")", c.date, c.short_id, c.subject)
            }
            (None, None) => "is new".to_owned(),
        };
        out.push(
            Diagnostic::new(
                "suspect-link",
                format!(
                    "`{}` changed after this document did: re-read it",
                    target.label()
                ),
                Span::new(&doc.path, r.span.clone()),
            )
            .with_help(format!(
                "`{}` {}; this document {}",
                target.label(),
                when(&target.path),
                when(&doc.path)
            )),
        );
    }
}

/// A document in an active status not changed for longer than the configured days.
pub fn stale(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(history) = &ws.history else { return };
    let days = ws
        .config
        .rules
        .get("stale")
        .and_then(|s| s.days)
        .unwrap_or(DEFAULT_STALE_DAYS);
    let now = now();
    for doc in &ws.docs {
        if !matches!(doc.phase(), Some(Phase::Committed | Phase::Started)) {
            continue;
        }
        let Some(changed) = history.last_change_time(&doc.path, now) else {
            continue;
        };
        let age = (now - changed) / 86_400;
        if age <= i64::from(days) {
            continue;
        }
        let last = history
            .updated(&doc.path)
            .map(|c| c.date.clone())
            .unwrap_or_default();
        out.push(
            Diagnostic::new(
                "stale",
                format!("`{}` is {} but has not changed for {age} days (since {last})", doc.label(), doc.status().unwrap_or("active")),
                super::doc_span(doc),
            )
            .with_help(format!("review it and commit an update, or change its status; the limit is {days} days (`rules: {{stale: {{days: N}}}}`)")),
        );
    }
}
