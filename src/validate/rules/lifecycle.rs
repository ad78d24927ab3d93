//! Rules about statuses along references: `deprecated-reference` and `status-order`.

use super::{resolved_refs, status_span};
use crate::config::Phase;
use crate::diag::{Diagnostic, Rule, Span};
use crate::model::Workspace;

/// A reference to a deprecated, retired, superseded, rejected or dropped document.
pub fn deprecated_reference(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for (from, r, to) in resolved_refs(ws) {
        let Some(to) = to else { continue };
        let (doc, target) = (&ws.docs[from], &ws.docs[to]);
        let allowed = r.field().is_some_and(|f| f.allow_inactive);
        if to == from || allowed || !target.is_inactive() || doc.is_inactive() {
            continue;
        }
        let status = target.status().unwrap_or("inactive");
        let mut d = Diagnostic::new(
            Rule::DeprecatedReference,
            format!("`{}` is {status}", r.target),
            Span::new(&doc.path, r.span.clone()),
        )
        .with_help("point at the document that replaces it, or remove the reference");
        if let Some(span) = status_span(target) {
            d = d.with_label(span, format!("marked {status} here"));
        }
        out.push(d);
    }
}

/// A document further along its lifecycle than something it depends on: by phase, or,
/// for statuses listed in the rule's `order`, by their place there (so "Review depends
/// on Draft" is caught inside one phase). Exempt statuses are never checked.
pub fn status_order(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let setting = ws.config.rules.get(&Rule::StatusOrder);
    let order = setting.map_or(&[][..], |s| s.order.as_slice());
    let exempt = setting.and_then(|s| s.exempt.as_deref());
    let is_exempt = |status: Option<&str>, phase: Phase| match exempt {
        Some(statuses) => status.is_some_and(|s| statuses.iter().any(|e| e == s)),
        None => phase == Phase::Inactive,
    };
    let rank = |status: Option<&str>| status.and_then(|s| order.iter().position(|o| o == s));
    for (from, r, to) in resolved_refs(ws) {
        let Some(to) = to else { continue };
        if !r.is_dependency() || to == from {
            continue;
        }
        let (doc, target) = (&ws.docs[from], &ws.docs[to]);
        let (Some(mine), Some(theirs)) = (doc.phase(), target.phase()) else {
            continue;
        };
        if is_exempt(doc.status(), mine) || is_exempt(target.status(), theirs) {
            continue;
        }
        let ahead = match (rank(doc.status()), rank(target.status())) {
            (Some(my_rank), Some(their_rank)) => my_rank > their_rank,
            _ => {
                mine != Phase::Inactive
                    && theirs != Phase::Inactive
                    && mine.is_approved()
                    && mine > theirs
            }
        };
        if !ahead {
            continue;
        }
        let (my_status, their_status) =
            (doc.status().unwrap_or("?"), target.status().unwrap_or("?"));
        let verb = if r.field().is_some_and(|f| f.field == "includes") {
            "includes"
        } else {
            "depends on"
        };
        let mut d = Diagnostic::new(
            Rule::StatusOrder,
            format!(
                "`{}` is `{my_status}` but {verb} `{}`, whose status is only `{their_status}`",
                doc.label(),
                r.target
            ),
            Span::new(&doc.path, r.span.clone()),
        )
        .with_help(format!(
            "update the status of one of them, or remove `{}` from `{}`",
            r.target,
            r.field().map_or("", |f| f.field.as_str())
        ));
        if let Some(span) = status_span(target) {
            d = d.with_label(span, format!("{their_status} here"));
        }
        out.push(d);
    }
}
