//! Prioritisation: PRDs ranked by RICE score, and an impact × effort matrix.

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use super::doc_page::format_score;
use crate::config::Role;

#[derive(Serialize)]
pub struct Priorities {
    pub ranked: Vec<Ranked>,
    pub unscored: Vec<DocRef>,
    pub quadrants: Vec<Quadrant>,
    /// The effort that splits "low" from "high": the median of the scored PRDs.
    pub effort_split: String,
}

#[derive(Serialize)]
pub struct Ranked {
    pub rank: usize,
    pub doc: DocRef,
    pub score: String,
    pub reach: String,
    pub impact: String,
    pub confidence: String,
    pub effort: String,
}

#[derive(Serialize)]
pub struct Quadrant {
    pub key: &'static str,
    pub title: &'static str,
    pub hint: &'static str,
    pub docs: Vec<DocRef>,
}

/// RICE impact of 2 ("high") or more counts as high impact.
const HIGH_IMPACT: f64 = 2.0;

pub fn priorities(site: &SiteContext) -> Priorities {
    let mut scored = Vec::new();
    let mut unscored = Vec::new();
    for (i, doc) in site.with_role(Role::Prd) {
        if doc.is_inactive() {
            continue;
        }
        match doc.rice_score() {
            Some(score) => scored.push((i, score)),
            None => unscored.push(site.doc_ref(i)),
        }
    }
    scored.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| site.ws.id_rank(a.0).cmp(&site.ws.id_rank(b.0)))
    });
    let input = |i: usize, key: &str| {
        site.ws.docs[i]
            .field("rice")
            .and_then(|r| r.get(key))
            .and_then(|f| f.value.as_number())
            .unwrap_or(0.0)
    };
    let mut efforts: Vec<f64> = scored.iter().map(|(i, _)| input(*i, "effort")).collect();
    efforts.sort_by(f64::total_cmp);
    let split = efforts
        .get(efforts.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or(0.0);
    let mut quadrants = empty_quadrants();
    for (i, _) in &scored {
        let high_impact = input(*i, "impact") >= HIGH_IMPACT;
        let low_effort = input(*i, "effort") <= split;
        let q = match (high_impact, low_effort) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 3,
        };
        quadrants[q].docs.push(site.doc_ref(*i));
    }
    Priorities {
        ranked: ranked(site, &scored),
        unscored,
        quadrants: quadrants.into(),
        effort_split: format!("{split}"),
    }
}

/// The impact × effort matrix, in reading order, before PRDs are placed in it.
fn empty_quadrants() -> [Quadrant; 4] {
    let quadrant = |key, title, hint| Quadrant {
        key,
        title,
        hint,
        docs: Vec::new(),
    };
    [
        quadrant("quick-wins", "Quick wins", "high impact, low effort"),
        quadrant("big-bets", "Big bets", "high impact, high effort"),
        quadrant("fill-ins", "Fill-ins", "lower impact, low effort"),
        quadrant("reconsider", "Reconsider", "lower impact, high effort"),
    ]
}

/// The scored PRDs, highest score first, with their RICE inputs as written.
fn ranked(site: &SiteContext, scored: &[(usize, f64)]) -> Vec<Ranked> {
    let text = |i: usize, key: &str| {
        site.ws.docs[i]
            .field("rice")
            .and_then(|r| r.get(key))
            .map(|f| f.value.to_string())
            .unwrap_or_default()
    };
    scored
        .iter()
        .enumerate()
        .map(|(rank, (i, score))| Ranked {
            rank: rank + 1,
            doc: site.doc_ref(*i),
            score: format_score(*score),
            reach: text(*i, "reach"),
            impact: text(*i, "impact"),
            confidence: text(*i, "confidence"),
            effort: text(*i, "effort"),
        })
        .collect()
}
