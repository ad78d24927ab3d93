//! The home page: visions, the active roadmap at a glance, counts, and a health panel
//! whose roadmap health is the one every output shows (`super::health`).

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use super::health::{RoadmapHealth, roadmap_health};
use super::links::PageLinks;
use super::roadmap::{Board, all_boards};
use crate::audience::Policy;
use crate::config::Role;
use crate::diag::{Severity, Tally};
use crate::markup::body::render_body;
use crate::model::{DocIdx, RefOrigin, kind_folder};

#[derive(Serialize)]
pub struct Home {
    pub visions: Vec<Summary>,
    pub board: Option<Board>,
    pub counts: Vec<KindCount>,
    pub health: Health,
    pub recent: Vec<super::history::RecentEvent>,
}

#[derive(Serialize)]
pub struct Summary {
    pub doc: DocRef,
    pub summary: String,
}

#[derive(Serialize)]
pub struct KindCount {
    pub kind: String,
    pub label: String,
    pub url: String,
    pub total: usize,
    pub statuses: Vec<StatusCount>,
}

#[derive(Serialize)]
pub struct StatusCount {
    pub status: String,
    pub phase: Option<&'static str>,
    pub count: usize,
}

#[derive(Serialize)]
pub struct Health {
    pub prds_without_objective: Vec<DocRef>,
    pub objectives_without_prd: Vec<DocRef>,
    pub roadmap: RoadmapHealth,
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<DiagnosticLine>,
    pub ok: bool,
}

#[derive(Serialize)]
pub struct DiagnosticLine {
    pub severity: &'static str,
    pub rule: &'static str,
    pub message: String,
    pub file: String,
}

/// How many diagnostics the home page lists; the rest are counted.
const DIAGNOSTICS_SHOWN: usize = 20;

pub fn home(site: &SiteContext) -> Home {
    let visions = site
        .with_role(Role::Vision)
        .into_iter()
        .filter(|(_, d)| !d.is_inactive())
        .map(|(i, _)| Summary {
            doc: site.doc_ref(i),
            summary: summary(site, i, 320),
        })
        .collect();
    // The active roadmap: the first that plans by horizon, else the first with items.
    let boards = all_boards(site);
    let board = boards
        .iter()
        .find(|b| b.layout == "horizon")
        .or(boards.first())
        .cloned();
    Home {
        visions,
        board,
        counts: counts(site),
        health: health(site),
        recent: super::history::recent_events(
            site,
            super::history::RECENT,
            super::history::RECENT_DOCS,
        ),
    }
}

fn counts(site: &SiteContext) -> Vec<KindCount> {
    site.by_kind()
        .into_iter()
        .map(|(kind, docs)| {
            let spec = site.ws.config.kind(kind);
            let mut statuses: Vec<StatusCount> = spec
                .and_then(|k| k.status_field())
                .map(|(_, values)| {
                    values
                        .iter()
                        .map(|(status, phase)| StatusCount {
                            status: crate::model::status_label(status),
                            phase: Some(phase.name()),
                            count: docs
                                .iter()
                                .filter(|&&i| site.ws.docs[i].status() == Some(status))
                                .count(),
                        })
                        .filter(|s| s.count > 0)
                        .collect()
                })
                .unwrap_or_default();
            let unset = docs
                .iter()
                .filter(|&&i| site.ws.docs[i].status().is_none())
                .count();
            if unset > 0 && spec.is_some_and(|k| k.status_field().is_some()) {
                statuses.push(StatusCount {
                    status: "No status".into(),
                    phase: None,
                    count: unset,
                });
            }
            KindCount {
                kind: kind.to_owned(),
                label: crate::model::kind_plural(&site.ws.config, kind),
                url: format!("{}/index.html", kind_folder(kind)),
                total: docs.len(),
                statuses,
            }
        })
        .collect()
}

fn health(site: &SiteContext) -> Health {
    let owned: Vec<crate::diag::Diagnostic> =
        site.diagnostics.iter().map(|d| (*d).clone()).collect();
    let tally = Tally::of(&owned);
    let diagnostics = site
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .take(DIAGNOSTICS_SHOWN)
        .map(|d| DiagnosticLine {
            severity: d.severity.as_str(),
            rule: d.rule.name(),
            message: d.message.clone(),
            file: d.primary.file.clone(),
        })
        .collect::<Vec<_>>();
    let mut health = Health {
        prds_without_objective: prds_without_objective(site),
        objectives_without_prd: objectives_without_prd(site),
        roadmap: roadmap_health(site),
        errors: tally.errors,
        warnings: tally.warnings,
        diagnostics,
        ok: false,
    };
    health.ok = health.prds_without_objective.is_empty()
        && health.objectives_without_prd.is_empty()
        && health.roadmap.ok
        && health.errors + health.warnings == 0;
    health
}

/// Whether `id` names a document of this role.
fn is_role(site: &SiteContext, id: &str, role: Role) -> bool {
    site.ws.by_id(id).is_some_and(|d| d.role() == Some(role))
}

/// Active PRDs whose fields name no objective.
fn prds_without_objective(site: &SiteContext) -> Vec<DocRef> {
    site.with_role(Role::Prd)
        .iter()
        .filter(|(_, d)| !d.is_inactive())
        .filter(|(_, d)| {
            !d.refs
                .iter()
                .any(|r| r.field().is_some() && is_role(site, &r.target, Role::Objective))
        })
        .map(|(i, _)| site.doc_ref(*i))
        .collect()
}

/// Active objectives no PRD serves, in either direction of a field reference.
fn objectives_without_prd(site: &SiteContext) -> Vec<DocRef> {
    let ws = site.ws;
    site.with_role(Role::Objective)
        .into_iter()
        .filter(|(_, d)| !d.is_inactive())
        .filter(|(i, d)| {
            let from_prds = ws.backlinks[*i].iter().any(|b| {
                let from = &ws.docs[b.from];
                from.role() == Some(Role::Prd)
                    && matches!(from.refs[b.reference].origin, RefOrigin::Field(_))
            });
            let to_prds = d
                .refs
                .iter()
                .any(|r| r.field().is_some() && is_role(site, &r.target, Role::Prd));
            !from_prds && !to_prds
        })
        .map(|(i, _)| site.doc_ref(i))
        .collect()
}

/// The first visible paragraph of a document as plain text, cut at a word.
fn summary(site: &SiteContext, idx: DocIdx, max_chars: usize) -> String {
    let doc = &site.ws.docs[idx];
    let hidden = site.visibility.hidden_ranges(doc);
    // Links are not rendered into a summary, so the root does not matter.
    let body = render_body(doc, &hidden, &PageLinks { site, root: "" });
    truncate_words(body.summary.trim(), max_chars)
}

pub fn truncate_words(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}
