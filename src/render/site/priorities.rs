//! Prioritisation: open PRDs ranked by RICE score beside their priority (P0–P3), with
//! the two flagged where they disagree; shipped and retired work in a list of its own;
//! and an impact × effort matrix.

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use super::doc_page::format_score;
use crate::config::Role;

#[derive(Serialize)]
pub struct Priorities {
    pub ranked: Vec<Ranked>,
    pub unscored: Vec<DocRef>,
    /// Shipped and retired PRDs: out of the ranking, listed apart.
    pub closed: Vec<DocRef>,
    /// How many ranked PRDs carry a conflict.
    pub conflicts: usize,
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
    /// `P0`…`P3`, as written.
    pub priority: Option<String>,
    /// Where priority and RICE disagree: "P0, but ranked 9 of 12 by RICE".
    pub conflict: Option<String>,
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
    let mut closed = Vec::new();
    for (i, doc) in site.with_role(Role::Prd) {
        if doc.is_inactive() || doc.is_shipped() {
            closed.push(site.doc_ref(i));
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
    let ranked = ranked(site, &scored);
    Priorities {
        conflicts: ranked.iter().filter(|r| r.conflict.is_some()).count(),
        ranked,
        unscored,
        closed,
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
    let total = scored.len();
    scored
        .iter()
        .enumerate()
        .map(|(rank, (i, score))| {
            let priority = site.ws.docs[*i].text_field("priority").map(str::to_owned);
            Ranked {
                rank: rank + 1,
                doc: site.doc_ref(*i),
                score: format_score(*score),
                reach: text(*i, "reach"),
                impact: text(*i, "impact"),
                confidence: text(*i, "confidence"),
                effort: text(*i, "effort"),
                conflict: priority
                    .as_deref()
                    .and_then(|p| conflict(p, rank + 1, total)),
                priority,
            }
        })
        .collect()
}

/// Whether a priority and a RICE rank disagree: a P0 or P1 in the lower half of the
/// ranking, or a P3 in its top quarter. Too few PRDs to rank say nothing.
pub fn conflict(priority: &str, rank: usize, total: usize) -> Option<String> {
    if total < 4 {
        return None;
    }
    let low = rank * 2 > total;
    let top = rank * 4 <= total;
    let disagrees = match priority {
        "P0" | "P1" => low,
        "P3" => top,
        _ => false,
    };
    disagrees.then(|| format!("{priority}, but ranked {rank} of {total} by RICE"))
}

#[cfg(test)]
mod tests {
    use super::conflict;

    #[test]
    fn a_high_priority_ranked_low_is_a_conflict_and_an_agreeing_one_is_not() {
        assert_eq!(
            conflict("P0", 9, 12).as_deref(),
            Some("P0, but ranked 9 of 12 by RICE")
        );
        assert_eq!(conflict("P0", 6, 12), None);
        assert_eq!(
            conflict("P3", 2, 12).as_deref(),
            Some("P3, but ranked 2 of 12 by RICE")
        );
        assert_eq!(conflict("P2", 12, 12), None);
        assert_eq!(conflict("P0", 3, 3), None);
    }
}
