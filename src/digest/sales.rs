//! The sales digest: what shipped and what is shipping when, in customer language. Only
//! approved or later work; no internal fields; only sections tagged `.sales`.

use super::Context;
use super::excerpt::Limit;
use super::model::{Feature, ReleaseNote, Sales};
use crate::config::Role;
use crate::model::DocIdx;

pub fn sales(ctx: &Context) -> Sales {
    let ws = ctx.ws();
    let feature = |idx: DocIdx| Feature {
        doc: ctx.item(idx),
        value: ctx.own_sections(idx, Limit::FULL),
    };
    let prds = ctx.docs_with_role(Role::Prd);
    let releases: Vec<ReleaseNote> = ctx
        .docs_with_role(Role::Release)
        .into_iter()
        .rev()
        .filter(|&i| ws.docs[i].is_approved())
        .map(|i| ReleaseNote {
            doc: ctx.item(i),
            date: ws.docs[i].field("date").map(|d| d.to_string()),
            released: ws.docs[i].is_shipped(),
            value: ctx.own_sections(i, Limit::FULL),
            includes: super::engineering::dependencies(ctx, i)
                .into_iter()
                .filter(|&p| ws.docs[p].is_approved())
                .map(feature)
                .collect(),
        })
        .collect();
    // A shipped PRD is told once: under its release when one lists it.
    let in_release = |i: DocIdx| {
        let id = ws.docs[i].id.as_deref().unwrap_or_default();
        releases
            .iter()
            .any(|r| r.includes.iter().any(|f| f.doc.id == id))
    };
    let shipped = prds
        .iter()
        .copied()
        .filter(|&i| ws.docs[i].is_shipped() && !in_release(i))
        .map(feature)
        .collect();
    let mut coming: Vec<DocIdx> = prds
        .iter()
        .copied()
        .filter(|&i| ws.docs[i].is_active())
        .collect();
    // Soonest first; no target last.
    coming.sort_by_key(|&i| {
        (
            ws.docs[i].target_quarter().is_none(),
            ws.docs[i].target_quarter(),
        )
    });
    Sales {
        shipped,
        coming: coming.into_iter().map(feature).collect(),
        releases,
        slipped: super::health::exceptions(ctx)
            .into_iter()
            .filter(|h| h.state == crate::model::HealthState::Slipped.as_str())
            .collect(),
    }
}
