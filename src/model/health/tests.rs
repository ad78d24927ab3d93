use super::*;
use crate::model::test_workspace::{prd, workspace};

const ROADMAP: &str = "---
id: RM-1
title: Plan
items:
  - { ref: PRD-1, horizon: now, quarter: 2027-Q1, confidence: high }
  - { ref: PRD-2, horizon: next, quarter: 2027-Q2 }
  - { ref: PRD-3, horizon: now, quarter: 2027-Q1, confidence: low }
  - { ref: PRD-4, horizon: later }
---
# Plan
";

fn health_of_files(
    files: &[(String, String)],
) -> (Workspace, Vec<(String, HealthState, Vec<String>)>) {
    let mut all: Vec<(&str, &str)> = vec![("roadmaps/rm.md", ROADMAP)];
    all.extend(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let ws = workspace(&all);
    let out = ws
        .health()
        .iter()
        .map(|h| {
            (
                ws.docs[h.doc].label().to_owned(),
                h.state,
                h.reasons.iter().map(|r| r.describe(&ws)).collect(),
            )
        })
        .collect();
    (ws, out)
}

#[test]
fn a_target_later_than_the_roadmap_plans_is_a_slip_with_both_quarters() {
    let (_, health) = health_of_files(&[
        prd("PRD-1", "status: approved\ntarget: 2027-Q2\n"),
        prd("PRD-2", "status: approved\ntarget: 2027-Q2\n"),
    ]);
    assert_eq!(
        health,
        [
            (
                "PRD-1".to_owned(),
                HealthState::Slipped,
                vec!["planned 2027-Q1 in RM-1, now 2027-Q2".to_owned()]
            ),
            ("PRD-2".to_owned(), HealthState::OnTrack, vec![]),
        ]
    );
}

#[test]
fn unapproved_blocked_late_dependency_and_low_confidence_are_reasons() {
    let (_, health) = health_of_files(&[
        prd(
            "PRD-1",
            "status: approved\ntarget: 2027-Q1\ndepends_on: [PRD-2]\n",
        ),
        prd("PRD-2", "status: approved\ntarget: 2027-Q2\n"),
        prd(
            "PRD-3",
            "status: in-progress\ntarget: 2027-Q1\ndepends_on: [PRD-4]\n",
        ),
        prd("PRD-4", "status: draft\n"),
    ]);
    let states: Vec<(&str, HealthState, Vec<&str>)> = health
        .iter()
        .map(|(id, s, r)| (id.as_str(), *s, r.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        states,
        [
            (
                "PRD-1",
                HealthState::AtRisk,
                vec!["depends on PRD-2, due 2027-Q2"]
            ),
            (
                "PRD-3",
                HealthState::AtRisk,
                vec!["blocked by PRD-4, still draft", "low confidence on RM-1"]
            ),
            ("PRD-2", HealthState::OnTrack, vec![]),
            (
                "PRD-4",
                HealthState::NotApproved,
                vec!["still draft, so its date is not a commitment"]
            ),
        ]
    );
}

#[test]
fn a_draft_planned_for_now_or_next_names_the_roadmap() {
    let (_, health) = health_of_files(&[prd("PRD-1", "status: draft\n")]);
    assert_eq!(health[0].2, ["still draft, but RM-1 plans it for now"]);
}

#[test]
fn shipped_work_has_no_health_and_approved_dated_work_off_the_roadmap_has() {
    let (_, health) = health_of_files(&[
        prd("PRD-1", "status: shipped\ntarget: 2027-Q3\n"),
        prd("PRD-9", "status: approved\ntarget: 2027-Q3\n"),
    ]);
    let ids: Vec<&str> = health.iter().map(|h| h.0.as_str()).collect();
    assert_eq!(ids, ["PRD-9"]);
}

#[test]
fn an_output_that_may_not_see_what_a_reason_names_loses_the_reason_and_its_state() {
    let (ws, _) = health_of_files(&[
        prd(
            "PRD-1",
            "status: approved\ntarget: 2027-Q2\ndepends_on: [PRD-2]\n",
        ),
        prd("PRD-2", "status: draft\n"),
    ]);
    let one = ws.index_of_id("PRD-1").unwrap();
    let two = ws.index_of_id("PRD-2").unwrap();
    let health = ws.health_of(one).unwrap();
    assert_eq!(health.state, HealthState::Slipped);
    assert_eq!(health.reasons.len(), 2);

    let without_two = health.seen(|i| i != two, true).unwrap();
    assert_eq!(without_two.state, HealthState::Slipped);
    assert!(without_two.reasons.iter().all(|r| r.names() != Some(two)));

    // Without targets the slip goes too, and nothing is left to say.
    let blind = health.seen(|i| i != two, false).unwrap();
    assert_eq!(blind.state, HealthState::OnTrack);
    assert!(blind.reasons.is_empty());

    assert!(health.seen(|i| i != one, true).is_none());
}

#[test]
fn a_roadmap_the_output_does_not_see_gives_it_no_confidence_or_note() {
    let (ws, _) = health_of_files(&[prd("PRD-3", "status: approved\ntarget: 2027-Q1\n")]);
    let rm = ws.index_of_id("RM-1").unwrap();
    let three = ws.index_of_id("PRD-3").unwrap();
    let health = ws.health_of(three).unwrap();
    assert_eq!(health.confidence(), Some("low"));
    assert_eq!(health.state, HealthState::AtRisk);

    let seen = health.seen(|i| i != rm, true).unwrap();
    assert_eq!(seen.confidence(), None);
    assert!(seen.plans.is_empty());
    assert_eq!(
        seen.state,
        HealthState::OnTrack,
        "low confidence came from RM-1"
    );
}
