//! The sales digest: what shipped and what is shipping when, in customer language. Only
//! approved or later work; no internal fields; only sections tagged `.sales`, with the
//! sentences that coach the audience itself taken out of the forwardable copy, and the
//! work whose very title is internal jargon held out of it whole.

use super::Context;
use super::coaching::{take_coaching, terms_in};
use super::excerpt::Limit;
use super::model::{Coaching, Feature, Held, ReleaseNote, Sales};
use crate::audience::Policy;
use crate::config::Role;
use crate::model::DocIdx;

pub fn sales(ctx: &Context) -> Sales {
    let ws = ctx.ws();
    let audience = ctx.audience.name();
    let avoid = &ctx.audience.spec().avoid;
    let mut coaching = Vec::new();
    let mut held: Vec<Held> = Vec::new();
    // The customer copy of a document, and what it says to the audience itself aside;
    // `None` when its title uses a glossary term: renaming is the writer's call, and a
    // made-up title would not match the page its link opens.
    let mut customer_copy = |idx: DocIdx| -> Option<Feature> {
        let doc = ctx.item(idx);
        let terms = terms_in(&doc.title, avoid);
        if !terms.is_empty() {
            if !held.iter().any(|h| h.doc.id == doc.id) {
                held.push(Held { doc, terms });
            }
            return None;
        }
        let mut value = ctx.own_sections(idx, Limit::FULL);
        let taken = take_coaching(&mut value, audience, avoid);
        if !taken.sentences.is_empty() && !coaching.iter().any(|c: &Coaching| c.doc.id == doc.id) {
            coaching.push(Coaching {
                doc: doc.clone(),
                sentences: taken.sentences,
                terms: taken.terms,
            });
        }
        Some(Feature { doc, value })
    };
    let prds = ctx.docs_with_role(Role::Prd);
    let mut releases = Vec::new();
    for i in ctx.docs_with_role(Role::Release).into_iter().rev() {
        if !ws.docs[i].is_approved() {
            continue;
        }
        // A held release's PRDs are told on their own, as if no release listed them.
        let Some(own) = customer_copy(i) else {
            continue;
        };
        let includes: Vec<Feature> = super::engineering::dependencies(ctx, i)
            .into_iter()
            .filter(|&p| ws.docs[p].is_approved())
            .filter_map(&mut customer_copy)
            .collect();
        // A release that lists nothing and says nothing to customers is only a heading:
        // the features after it would read as its contents.
        if includes.is_empty() && own.value.is_empty() {
            continue;
        }
        releases.push(ReleaseNote {
            doc: own.doc,
            date: ws.docs[i].field("date").map(|d| d.to_string()),
            released: ws.docs[i].is_shipped(),
            value: own.value,
            includes,
        });
    }
    // A shipped PRD is told once: under its release when one lists it.
    let in_release = |i: DocIdx| {
        let id = ws.docs[i].id.as_deref().unwrap_or_default();
        releases
            .iter()
            .any(|r: &ReleaseNote| r.includes.iter().any(|f| f.doc.id == id))
    };
    let shipped_docs: Vec<DocIdx> = prds
        .iter()
        .copied()
        .filter(|&i| ws.docs[i].is_shipped() && !in_release(i))
        .collect();
    let shipped = shipped_docs
        .into_iter()
        .filter_map(&mut customer_copy)
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
    let coming = coming.into_iter().filter_map(&mut customer_copy).collect();
    let has_product_docs = [Role::Prd, Role::Release]
        .into_iter()
        .any(|role| ws.with_role(role).any(|(_, d)| ctx.audience.shows(d)));
    Sales {
        shipped,
        coming,
        releases,
        slipped: super::health::exceptions(ctx)
            .into_iter()
            .filter(|h| h.state == crate::model::HealthState::Slipped.as_str())
            .collect(),
        coaching,
        held,
        has_product_docs,
    }
}
