//! Rules about planning: `roadmap-unapproved` and `orphan`.

use super::{doc_span, status_span};
use crate::config::Role;
use crate::diag::{Diagnostic, Rule, Span};
use crate::model::{RefOrigin, Workspace};

/// A roadmap item in horizon now or next whose PRD is not approved yet (still proposed,
/// or with no status at all when its kind has one).
pub fn roadmap_unapproved(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for (idx, roadmap) in ws.with_role(Role::Roadmap) {
        for item in ws.roadmap_items(idx) {
            let Some(horizon) = item.horizon.as_ref().filter(|h| h.is_near()) else {
                continue;
            };
            let id = &item.prd;
            let Some(prd) = ws.by_id(id) else { continue };
            let message = match prd.status() {
                Some(status) if prd.is_proposed() => format!("its status is still `{status}`"),
                // Front matter that did not parse already has its error; its status
                // is unknown, not missing.
                None if prd.has_lifecycle() && prd.front_matter_ok => "it has no status".to_owned(),
                _ => continue,
            };
            let mut d = Diagnostic::new(
                Rule::RoadmapUnapproved,
                format!("roadmap item `{id}` is planned for `{horizon}` but {message}"),
                Span::new(&roadmap.path, item.ref_span.clone()),
            )
            .with_help(format!("get `{id}` approved, or move the item to `later`"));
            if let (Some(span), Some(status)) = (status_span(prd), prd.status()) {
                d = d.with_label(span, format!("{status} here"));
            } else {
                d = d.with_label(doc_span(prd), "no `status` field");
            }
            out.push(d);
        }
    }
}

/// A PRD linked to no vision or objective and on no roadmap.
pub fn orphan(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let is_anchor_role = |role: Option<Role>| matches!(role, Some(Role::Vision | Role::Objective));
    for (i, prd) in ws.with_role(Role::Prd) {
        if prd.is_inactive() || !prd.front_matter_ok || prd.id.is_none() {
            continue;
        }
        // A reference that does not resolve still shows the intent to link up; it is
        // reported as `unknown-reference`, and calling the PRD an orphan too is noise.
        let links_up = prd.refs.iter().any(|r| {
            let Some(field) = r.field() else { return false };
            match ws.by_id(&r.target) {
                Some(target) => is_anchor_role(target.role()),
                None => field
                    .kinds
                    .iter()
                    .any(|k| is_anchor_role(ws.config.kind(k).and_then(|k| k.role))),
            }
        });
        let linked_from = ws.backlinks[i].iter().any(|b| {
            let from = &ws.docs[b.from];
            let via_field = matches!(from.refs[b.reference].origin, RefOrigin::Field(_));
            is_anchor_role(from.role()) || (from.role() == Some(Role::Roadmap) && via_field)
        });
        if !links_up && !linked_from {
            out.push(
                Diagnostic::new(
                    Rule::Orphan,
                    format!(
                        "`{}` is linked to no vision or objective and is on no roadmap",
                        prd.label()
                    ),
                    doc_span(prd),
                )
                .with_help("add `objectives: [OBJ-…]` or `vision: VIS-…`, or put it on a roadmap"),
            );
        }
    }
}
