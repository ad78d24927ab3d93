//! Roadmap views: a board per roadmap — quarter columns when its items have quarters,
//! now/next/later otherwise, shipped work in a Done lane — and a quarterly timeline with
//! one lane per team.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use super::health::{HealthBadge, health_badge};
use super::term_urls::canonical_person;
use crate::config::Role;
use crate::model::{DocIdx, HealthReason, Horizon, Quarter, RefOrigin, RoadmapItem};

#[derive(Serialize, Clone)]
pub struct Board {
    pub roadmap: DocRef,
    pub period: Option<String>,
    /// `horizon` boards have now/next/later columns; `quarter` boards one per quarter.
    pub layout: &'static str,
    pub columns: Vec<Column>,
    pub item_count: usize,
    /// The teams and objectives of its cards, for the board's filters.
    pub teams: Vec<String>,
    pub objectives: Vec<DocRef>,
}

#[derive(Serialize, Clone)]
pub struct Column {
    pub key: String,
    pub label: String,
    pub items: Vec<Item>,
}

#[derive(Serialize, Clone)]
pub struct Item {
    pub doc: DocRef,
    pub quarter: Option<String>,
    pub confidence: Option<String>,
    pub note: Option<String>,
    pub team: Option<String>,
    pub owner: Option<String>,
    /// IDs of the visible objectives the PRD serves, for the board's filter.
    pub objectives: Vec<String>,
    /// Visible dependencies that have not shipped yet.
    pub waits_on: Vec<DocRef>,
    /// Something it depends on has not started (the health's "blocked by").
    pub blocked: bool,
    pub horizon: Option<String>,
    /// The PRD's health, as every output shows it.
    pub health: Option<HealthBadge>,
    /// Set on the timeline's marker at the quarter a roadmap planned for a PRD whose
    /// target slipped: the quarter it moved to (the item itself is shown there).
    pub moved_to: Option<String>,
}

/// A roadmap item with its PRD.
struct RawItem<'a> {
    prd: DocIdx,
    item: &'a RoadmapItem,
}

/// The visible items of a roadmap; items pointing at hidden or unknown PRDs are left out.
fn items_of<'a>(site: &SiteContext<'a>, roadmap: DocIdx) -> Vec<RawItem<'a>> {
    site.ws
        .roadmap_items(roadmap)
        .iter()
        .filter_map(|item| {
            Some(RawItem {
                prd: site.find(&item.prd)?,
                item,
            })
        })
        .collect()
}

fn item_view(site: &SiteContext, raw: &RawItem) -> Item {
    let prd = &site.ws.docs[raw.prd];
    let health = health_badge(site, raw.prd);
    let objectives = prd
        .refs
        .iter()
        .filter(|r| matches!(&r.origin, RefOrigin::Field(f) if f.field == "objectives"))
        .filter_map(|r| site.find(&r.target))
        .filter_map(|i| site.ws.docs[i].id.clone())
        .collect();
    let waits_on = site
        .ws
        .dependency_graph()
        .dependencies(raw.prd)
        .iter()
        .filter(|&&d| site.visible(d) && !site.ws.docs[d].is_shipped())
        .map(|&d| site.doc_ref(d))
        .collect();
    Item {
        doc: site.doc_ref(raw.prd),
        quarter: raw
            .item
            .quarter
            .or_else(|| prd.target_quarter())
            .map(|q| q.to_string()),
        confidence: raw.item.confidence.clone(),
        note: raw.item.note.clone(),
        team: prd.text_field("team").map(str::to_owned),
        // An owner written as an alias shows as the person's listed name.
        owner: prd
            .text_field("owner")
            .map(|o| canonical_person(site.ws.config.people.as_ref(), o.to_owned())),
        objectives,
        waits_on,
        // A document has one health entry at most (one per planned PRD).
        blocked: site.health_of(raw.prd).is_some_and(|h| {
            h.reasons
                .iter()
                .any(|r| matches!(r, HealthReason::BlockedBy { .. }))
        }),
        horizon: raw.item.horizon.as_ref().map(|h| h.as_str().to_owned()),
        health,
        moved_to: None,
    }
}

/// The board of a roadmap document, or `None` for other documents.
pub fn board_for(site: &SiteContext, idx: DocIdx) -> Option<Board> {
    let doc = &site.ws.docs[idx];
    if doc.role() != Some(Role::Roadmap) {
        return None;
    }
    let all = items_of(site, idx);
    // Shipped work leaves the plan for a Done lane, so it does not sit in "now".
    let (done, items): (Vec<&RawItem>, Vec<&RawItem>) =
        all.iter().partition(|i| site.ws.docs[i.prd].is_shipped());
    let by_quarter = all.iter().any(|i| i.item.quarter.is_some());
    let by_horizon = !by_quarter && all.iter().any(|i| i.item.horizon.is_some());
    let mut columns = if by_horizon {
        let mut columns: Vec<Column> = Horizon::PLANNED
            .iter()
            .map(|horizon| Column {
                key: horizon.as_str().into(),
                label: horizon.label().into(),
                items: items
                    .iter()
                    .filter(|i| i.item.horizon.as_ref() == Some(horizon))
                    .map(|i| item_view(site, i))
                    .collect(),
            })
            .collect();
        let unplaced: Vec<Item> = items
            .iter()
            .filter(|i| {
                !i.item
                    .horizon
                    .as_ref()
                    .is_some_and(|h| Horizon::PLANNED.contains(h))
            })
            .map(|i| item_view(site, i))
            .collect();
        if !unplaced.is_empty() {
            columns.push(Column {
                key: "unplaced".into(),
                label: "No horizon".into(),
                items: unplaced,
            });
        }
        columns
    } else {
        let mut by_quarter: BTreeMap<Option<Quarter>, Vec<Item>> = BTreeMap::new();
        for raw in &items {
            let q = raw
                .item
                .quarter
                .or_else(|| site.ws.docs[raw.prd].target_quarter());
            by_quarter.entry(q).or_default().push(item_view(site, raw));
        }
        // Quarters in order, undated last.
        let mut columns: Vec<Column> = by_quarter
            .iter()
            .filter_map(|(q, items)| {
                q.map(|q| Column {
                    key: q.to_string(),
                    label: q.to_string(),
                    items: items.clone(),
                })
            })
            .collect();
        if let Some(items) = by_quarter.get(&None) {
            columns.push(Column {
                key: "unscheduled".into(),
                label: "Unscheduled".into(),
                items: items.clone(),
            });
        }
        columns
    };
    if !done.is_empty() {
        columns.push(Column {
            key: "done".into(),
            label: "Done".into(),
            items: done.iter().map(|i| item_view(site, i)).collect(),
        });
    }
    let cards = || columns.iter().flat_map(|c| &c.items);
    let teams: BTreeSet<String> = cards().filter_map(|i| i.team.clone()).collect();
    let objective_ids: BTreeSet<&String> = cards().flat_map(|i| &i.objectives).collect();
    let mut objective_idxs: Vec<DocIdx> = objective_ids
        .into_iter()
        .filter_map(|id| site.find(id))
        .collect();
    site.ws.sort_by_id(&mut objective_idxs);
    let objectives = objective_idxs
        .into_iter()
        .map(|i| site.doc_ref(i))
        .collect();
    let teams = teams.into_iter().collect();
    Some(Board {
        roadmap: site.doc_ref(idx),
        period: doc.text_field("period").map(str::to_owned),
        layout: if by_horizon { "horizon" } else { "quarter" },
        item_count: all.len(),
        columns,
        teams,
        objectives,
    })
}

/// Boards of every visible roadmap, by ID.
pub fn all_boards(site: &SiteContext) -> Vec<Board> {
    site.with_role(Role::Roadmap)
        .into_iter()
        .filter_map(|(i, _)| board_for(site, i))
        .collect()
}

#[derive(Serialize)]
pub struct Timeline {
    pub quarters: Vec<String>,
    pub lanes: Vec<Lane>,
}

#[derive(Serialize)]
pub struct Lane {
    pub team: String,
    /// One cell per quarter, in `quarters` order.
    pub cells: Vec<Vec<Item>>,
}

/// Every roadmap item with a quarter (its own, else its PRD's target), once per PRD,
/// in lanes by team and columns by quarter. A PRD whose target slipped past the plan
/// sits at its target, with a marker at the planned quarter pointing to it.
pub fn timeline(site: &SiteContext) -> Timeline {
    let mut placed: BTreeMap<DocIdx, (Quarter, Item)> = BTreeMap::new();
    for (roadmap, _) in site.with_role(Role::Roadmap) {
        for raw in items_of(site, roadmap) {
            let Some(q) = raw
                .item
                .quarter
                .or_else(|| site.ws.docs[raw.prd].target_quarter())
            else {
                continue;
            };
            placed
                .entry(raw.prd)
                .or_insert_with(|| (q, item_view(site, &raw)));
        }
    }
    let mut entries: Vec<(Quarter, Item)> = Vec::new();
    for (prd, (q, item)) in placed {
        let target = site.ws.docs[prd].target_quarter();
        // The quarters roadmaps planned before the target slipped past them.
        let mut planned: Vec<Quarter> = item
            .health
            .iter()
            .flat_map(|h| &h.slips)
            .filter_map(|s| Quarter::parse(&s.planned))
            .filter(|p| target.is_some_and(|t| *p < t))
            .collect();
        planned.sort();
        planned.dedup();
        match target.filter(|_| !planned.is_empty()) {
            Some(now) => {
                for p in planned {
                    let mut ghost = item.clone();
                    ghost.moved_to = Some(now.to_string());
                    entries.push((p, ghost));
                }
                entries.push((now, item));
            }
            None => entries.push((q, item)),
        }
    }
    let placed = entries;
    let quarters: Vec<Quarter> = match (
        placed.iter().map(|p| p.0).min(),
        placed.iter().map(|p| p.0).max(),
    ) {
        (Some(first), Some(last)) => quarter_range(first, last),
        _ => Vec::new(),
    };
    let teams: BTreeSet<String> = placed.iter().map(|(_, item)| team_of(item)).collect();
    let mut lanes: Vec<Lane> = teams
        .into_iter()
        .map(|team| {
            let cells = quarters
                .iter()
                .map(|q| {
                    placed
                        .iter()
                        .filter(|(pq, item)| pq == q && team_of(item) == team)
                        .map(|(_, item)| item.clone())
                        .collect()
                })
                .collect();
            Lane { team, cells }
        })
        .collect();
    // "No team" reads best last.
    lanes.sort_by_key(|l| (l.team == NO_TEAM, l.team.clone()));
    Timeline {
        quarters: quarters.iter().map(|q| q.to_string()).collect(),
        lanes,
    }
}

const NO_TEAM: &str = "No team";

fn team_of(item: &Item) -> String {
    item.team.clone().unwrap_or_else(|| NO_TEAM.into())
}

/// Every quarter from `first` to `last`, capped at five years so one typo'd target
/// cannot make a thousand empty columns.
fn quarter_range(first: Quarter, last: Quarter) -> Vec<Quarter> {
    let mut out = vec![first];
    let mut q = first;
    while q < last && out.len() < 20 {
        q = if q.q == 4 {
            Quarter {
                year: q.year + 1,
                q: 1,
            }
        } else {
            Quarter {
                year: q.year,
                q: q.q + 1,
            }
        };
        out.push(q);
    }
    if q < last {
        out.push(last);
    }
    out
}
