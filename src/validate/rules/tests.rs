//! Unit tests per workspace rule: each rule runs alone on a workspace built in memory,
//! once where it must fire (and where), once where it must stay silent. The golden
//! fixtures under `tests/fixtures/` cover the same rules end to end through the binary.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{body, dependencies, history, lifecycle, links, references, roadmap};
use crate::config::Config;
use crate::diag::{Diagnostic, Rule};
use crate::load::decode_source;
use crate::model::{CommitInfo, DocHistory, History, Workspace};
use crate::parse::parse_doc;
use crate::resolve::{assemble, resolve_document};
use crate::validate::Check;

/// A workspace of `(path, text)` files with the built-in kinds.
fn workspace(files: &[(&str, &str)]) -> Workspace {
    assembled(files).0
}

/// The workspace, and every diagnostic building it gives: reading, parsing and resolving
/// each file, then assembling them (`duplicate-id`).
fn assembled(files: &[(&str, &str)]) -> (Workspace, Vec<Diagnostic>) {
    assembled_with(Config::builtin(), files)
}

/// A workspace with `spex_yaml` as its configuration.
fn workspace_with(spex_yaml: &str, files: &[(&str, &str)]) -> Workspace {
    let (config, problems) = crate::config::parse_config(spex_yaml, "spex.yaml");
    assert!(problems.is_empty(), "{problems:?}");
    assembled_with(config, files).0
}

fn assembled_with(config: Config, files: &[(&str, &str)]) -> (Workspace, Vec<Diagnostic>) {
    let config = Arc::new(config);
    let mut diagnostics = Vec::new();
    let docs = files
        .iter()
        .map(|(path, text)| {
            let source = decode_source(path, text.as_bytes().to_vec()).expect("test text");
            let (doc, found) = resolve_document(&config, parse_doc(&source));
            diagnostics.extend(found);
            Arc::new(doc)
        })
        .collect();
    let listed: BTreeSet<String> = files.iter().map(|(p, _)| (*p).to_owned()).collect();
    let (ws, found) = assemble(&config, docs, listed);
    diagnostics.extend(found);
    (ws, diagnostics)
}

/// Asserts that `rule` is silent on `files`, and that the files themselves are clean: a
/// typo in fixture YAML (a parse or resolve diagnostic) could drop the very field the
/// rule reads, and the rule would then be silent for the wrong reason.
fn assert_silent(rule: Check, files: &[(&str, &str)]) {
    let (ws, problems) = assembled(files);
    assert!(
        problems.is_empty(),
        "the fixture itself is broken: {problems:?}"
    );
    let found = run(rule, &ws);
    assert!(found.is_empty(), "expected no diagnostics: {found:?}");
}

fn run(check: Check, ws: &Workspace) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check(ws, &mut out);
    out
}

fn check(rule: Check, files: &[(&str, &str)]) -> Vec<Diagnostic> {
    run(rule, &workspace(files))
}

/// The text a diagnostic's primary span covers, so tests say *what* is pointed at
/// instead of counting bytes.
fn pointed_at<'a>(files: &[(&str, &'a str)], d: &Diagnostic) -> &'a str {
    let (_, text) = files
        .iter()
        .find(|(p, _)| *p == d.primary.file.as_str())
        .expect("the diagnostic points into a test file");
    &text[d.primary.range.clone()]
}

const OBJ: (&str, &str) = (
    "objectives/OBJ-1.md",
    "---\nid: OBJ-1\ntitle: Grow\nstatus: active\n---\nWhy we grow.\n",
);

fn prd(id: &str, extra: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Spec {id}\nowner: Ana\nobjectives: [OBJ-1]\n{extra}---\nBody of {id}.\n"
    )
}

#[test]
fn unknown_reference_points_at_the_id_and_suggests_a_near_one() {
    let a = prd("PRD-1", "depends_on: [PDR-2, PRD-22]\n");
    let b = prd("PRD-2", "");
    let files = [OBJ, ("prds/a.md", a.as_str()), ("prds/b.md", b.as_str())];
    let found = check(references::unknown_reference, &files);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(pointed_at(&files, &found[0]), "PDR-2");
    assert_eq!(found[0].help.as_deref(), Some("did you mean `PRD-2`?"));
    // Issue 13 §12: another number is another document, never a typo to suggest.
    assert_eq!(pointed_at(&files, &found[1]), "PRD-22");
    assert_eq!(found[1].help, None);
}

#[test]
fn known_references_in_every_spelling_are_accepted() {
    let a = prd("PRD-1", "depends_on: PRD-2, PRD-3\nrelated: PRD-3\n");
    let (b, c) = (prd("PRD-2", ""), prd("PRD-3", ""));
    let files = [
        OBJ,
        ("prds/a.md", a.as_str()),
        ("prds/b.md", b.as_str()),
        ("prds/c.md", c.as_str()),
    ];
    assert_silent(references::unknown_reference, &files);
}

#[test]
fn unknown_reference_in_body_text_is_reported() {
    let a = format!("{}See [[PRD-9]].\n", prd("PRD-1", ""));
    let files = [OBJ, ("prds/a.md", a.as_str())];
    let found = check(references::unknown_reference, &files);
    assert_eq!(found.len(), 1);
    assert!(pointed_at(&files, &found[0]).contains("PRD-9"));
}

#[test]
fn wrong_reference_kind_names_expected_and_actual_kinds() {
    let a = prd("PRD-1", "depends_on: [OBJ-1]\n");
    let files = [OBJ, ("prds/a.md", a.as_str())];
    let found = check(references::wrong_reference_kind, &files);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "`depends_on[0]` expects a prd, but `OBJ-1` is an objective"
    );
    assert_eq!(pointed_at(&files, &found[0]), "OBJ-1");
    assert_eq!(
        found[0].labels.len(),
        1,
        "points at the target's definition too"
    );
}

#[test]
fn right_reference_kind_is_silent() {
    let a = prd("PRD-1", "");
    let files = [OBJ, ("prds/a.md", a.as_str())];
    assert_silent(references::wrong_reference_kind, &files);
}

#[test]
fn self_reference_is_flagged_but_a_link_to_an_own_heading_is_not() {
    let a = prd("PRD-1", "depends_on: [PRD-1]\n");
    let files = [OBJ, ("prds/a.md", a.as_str())];
    let found = check(references::self_reference, &files);
    assert_eq!(found.len(), 1);
    assert_eq!(pointed_at(&files, &found[0]), "PRD-1");

    let b = format!("{}## Scope\n\nSee [[PRD-1#scope]].\n", prd("PRD-1", ""));
    let files = [OBJ, ("prds/b.md", b.as_str())];
    assert!(check(references::self_reference, &files).is_empty());
}

#[test]
fn confidential_reference_is_flagged_from_public_documents_only() {
    let secret = prd("PRD-2", "confidential: true\n");
    let public = prd("PRD-1", "related: [PRD-2]\n");
    let also_secret = prd("PRD-3", "confidential: true\nrelated: [PRD-2]\n");
    let files = [
        OBJ,
        ("prds/1.md", public.as_str()),
        ("prds/2.md", secret.as_str()),
        ("prds/3.md", also_secret.as_str()),
    ];
    let found = check(references::confidential_reference, &files);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].primary.file.as_str(), "prds/1.md");
}

#[test]
fn confidential_reference_covers_plain_markdown_links() {
    let secret = prd("PRD-2", "confidential: true\n");
    let page = "# Notes\n\nSee [the plan](prds/2.md).\n";
    let files = [OBJ, ("prds/2.md", secret.as_str()), ("notes.md", page)];
    let found = check(references::confidential_reference, &files);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].primary.file.as_str(), "notes.md");
}

#[test]
fn deprecated_reference_points_at_the_reference_and_the_status() {
    let old = prd("PRD-2", "status: deprecated\n");
    let user = prd("PRD-1", "depends_on: [PRD-2]\n");
    let files = [
        OBJ,
        ("prds/1.md", user.as_str()),
        ("prds/2.md", old.as_str()),
    ];
    let found = check(lifecycle::deprecated_reference, &files);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].message, "`PRD-2` is deprecated");
    assert_eq!(pointed_at(&files, &found[0]), "PRD-2");
    assert_eq!(found[0].labels[0].message, "marked deprecated here");
}

#[test]
fn deprecated_documents_may_reference_each_other_and_supersedes_is_allowed() {
    let old = prd("PRD-2", "status: deprecated\n");
    let also_old = prd("PRD-1", "status: deprecated\ndepends_on: [PRD-2]\n");
    let files = [
        OBJ,
        ("prds/1.md", also_old.as_str()),
        ("prds/2.md", old.as_str()),
    ];
    assert_silent(lifecycle::deprecated_reference, &files);

    let dec1 = "---\nid: DEC-1\ntitle: Old\nstatus: superseded\n---\nOld call.\n";
    let dec2 = "---\nid: DEC-2\ntitle: New\nstatus: accepted\nsupersedes: DEC-1\n---\nNew call.\n";
    let files = [("decisions/1.md", dec1), ("decisions/2.md", dec2)];
    assert_silent(lifecycle::deprecated_reference, &files);
}

#[test]
fn status_order_flags_an_approved_prd_on_a_draft_dependency() {
    let draft = prd("PRD-2", "status: draft\n");
    let approved = prd("PRD-1", "status: approved\ndepends_on: [PRD-2]\n");
    let files = [
        OBJ,
        ("prds/1.md", approved.as_str()),
        ("prds/2.md", draft.as_str()),
    ];
    let found = check(lifecycle::status_order, &files);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "`PRD-1` is `approved` but depends on `PRD-2`, whose status is only `draft`"
    );
}

#[test]
fn status_order_flags_a_released_release_with_an_unshipped_prd() {
    let work = prd("PRD-1", "status: in-progress\n");
    let release =
        "---\nid: REL-1\ntitle: Autumn\nstatus: released\nincludes: [PRD-1]\n---\nNotes.\n";
    let files = [
        OBJ,
        ("prds/1.md", work.as_str()),
        ("releases/1.md", release),
    ];
    let found = check(lifecycle::status_order, &files);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("includes `PRD-1`"),
        "{}",
        found[0].message
    );
}

#[test]
fn status_order_is_silent_when_dependencies_are_further_along() {
    let shipped = prd("PRD-2", "status: shipped\n");
    let approved = prd("PRD-1", "status: approved\ndepends_on: [PRD-2]\n");
    let draft = prd("PRD-3", "status: draft\ndepends_on: [PRD-1]\n");
    let files = [
        OBJ,
        ("prds/1.md", approved.as_str()),
        ("prds/2.md", shipped.as_str()),
        ("prds/3.md", draft.as_str()),
    ];
    assert_silent(lifecycle::status_order, &files);
}

/// Issue 13 §4: "Review requires Draft" is out of order inside one phase.
#[test]
fn status_order_compares_statuses_inside_a_phase_by_the_configured_order() {
    let draft = prd("PRD-2", "status: draft\n");
    let review = prd("PRD-1", "status: review\ndepends_on: [PRD-2]\n");
    let files = [
        OBJ,
        ("prds/1.md", review.as_str()),
        ("prds/2.md", draft.as_str()),
    ];
    assert_silent(lifecycle::status_order, &files);
    let ordered =
        "rules:\n  status-order: { order: [draft, review, approved, in-progress, shipped] }\n";
    let found = run(lifecycle::status_order, &workspace_with(ordered, &files));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].message,
        "`PRD-1` is `review` but depends on `PRD-2`, whose status is only `draft`"
    );
    assert_eq!(pointed_at(&files, &found[0]), "PRD-2");
}

#[test]
fn status_order_skips_exempt_statuses_on_either_side() {
    let draft = prd("PRD-2", "status: draft\n");
    let approved = prd("PRD-1", "status: approved\ndepends_on: [PRD-2]\n");
    let deprecated = prd("PRD-3", "status: deprecated\ndepends_on: [PRD-2]\n");
    let files = [
        OBJ,
        ("prds/1.md", approved.as_str()),
        ("prds/2.md", draft.as_str()),
        ("prds/3.md", deprecated.as_str()),
    ];
    let exempt = "rules:\n  status-order: { exempt: [draft] }\n";
    assert!(run(lifecycle::status_order, &workspace_with(exempt, &files)).is_empty());
    // Listing the exempt statuses replaces the default (the inactive phase): a
    // deprecated PRD ranked after draft is checked like any other.
    let ordered = "rules:\n  status-order: { order: [draft, deprecated], exempt: [] }\n";
    let found = run(lifecycle::status_order, &workspace_with(ordered, &files));
    let flagged: Vec<&str> = found.iter().map(|d| d.primary.file.as_str()).collect();
    assert_eq!(flagged, ["prds/1.md", "prds/3.md"], "{found:?}");
}

#[test]
fn dependency_cycle_spells_out_the_cycle_with_a_label_per_step() {
    let a = prd("PRD-1", "depends_on: [PRD-2]\n");
    let b = prd("PRD-2", "depends_on: [PRD-3]\n");
    let c = prd("PRD-3", "depends_on: [PRD-1]\n");
    let files = [
        OBJ,
        ("prds/1.md", a.as_str()),
        ("prds/2.md", b.as_str()),
        ("prds/3.md", c.as_str()),
    ];
    let found = check(dependencies::dependency_cycle, &files);
    assert_eq!(found.len(), 1, "one cycle, reported once: {found:?}");
    assert_eq!(
        found[0].message,
        "dependency cycle: PRD-1 → PRD-2 → PRD-3 → PRD-1"
    );
    assert_eq!(found[0].labels.len(), 2);
}

#[test]
fn a_dependency_chain_without_a_cycle_is_silent() {
    let a = prd("PRD-1", "depends_on: [PRD-2, PRD-3]\n");
    let b = prd("PRD-2", "depends_on: [PRD-3]\n");
    let c = prd("PRD-3", "related: [PRD-1]\n");
    let files = [
        OBJ,
        ("prds/1.md", a.as_str()),
        ("prds/2.md", b.as_str()),
        ("prds/3.md", c.as_str()),
    ];
    assert_silent(dependencies::dependency_cycle, &files);
}

#[test]
fn schedule_inversion_compares_quarters_and_dates() {
    let early = prd("PRD-1", "target: 2027-Q1\ndepends_on: [PRD-2]\n");
    let late = prd("PRD-2", "target: 2027-05-10\n");
    let files = [
        OBJ,
        ("prds/1.md", early.as_str()),
        ("prds/2.md", late.as_str()),
    ];
    let found = check(dependencies::schedule_inversion, &files);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "`PRD-1` targets 2027-Q1 but depends on `PRD-2`, which targets 2027-Q2"
    );
    assert_eq!(found[0].labels.len(), 2, "both targets are shown");

    let same = prd("PRD-1", "target: 2027-Q2\ndepends_on: [PRD-2]\n");
    let files = [
        OBJ,
        ("prds/1.md", same.as_str()),
        ("prds/2.md", late.as_str()),
    ];
    assert!(check(dependencies::schedule_inversion, &files).is_empty());
}

#[test]
fn broken_link_points_at_the_link_and_suggests_a_near_file() {
    let a = format!("{}See [returns](returs.md).\n", prd("PRD-1", ""));
    let b = prd("PRD-2", "");
    let files = [
        OBJ,
        ("prds/a.md", a.as_str()),
        ("prds/returns.md", b.as_str()),
    ];
    let found = check(links::broken_link, &files);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].message, "`returs.md` does not exist");
    assert_eq!(found[0].help.as_deref(), Some("did you mean `returns.md`?"));
}

#[test]
fn broken_link_refuses_links_out_of_the_workspace_and_accepts_real_files() {
    let a = format!(
        "{}See [secrets](../../etc/passwd) and [b](b.md).\n",
        prd("PRD-1", "")
    );
    let b = prd("PRD-2", "");
    let files = [OBJ, ("prds/a.md", a.as_str()), ("prds/b.md", b.as_str())];
    let found = check(links::broken_link, &files);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "`../../etc/passwd` points outside the workspace"
    );
}

#[test]
fn broken_anchor_checks_links_and_id_references_with_a_suggestion() {
    let a = format!(
        "{}## Open questions\n\nSee [[PRD-2#scpe]], [there](b.md#rollout) and [here](#open-question).\n",
        prd("PRD-1", "")
    );
    let b = format!("{}## Scope\n\n## Rollout\n", prd("PRD-2", ""));
    let files = [OBJ, ("prds/a.md", a.as_str()), ("prds/b.md", b.as_str())];
    let found = check(links::broken_anchor, &files);
    assert_eq!(found.len(), 2, "{found:?}");
    let helps: Vec<_> = found.iter().filter_map(|d| d.help.as_deref()).collect();
    assert!(helps.iter().any(|h| h.contains("scope")), "{helps:?}");
    assert!(
        helps.iter().any(|h| h.contains("open-questions")),
        "{helps:?}"
    );
}

/// Issue 13 §10: anchors declared in raw HTML are valid targets.
#[test]
fn broken_anchor_accepts_anchors_declared_in_raw_html() {
    let a = format!(
        "{}See [why](b.md#rationale), [[PRD-2#table-3]], [x](#top) and [gone](b.md#nowhere).\n\n<a id=\"top\"></a>\n",
        prd("PRD-1", "")
    );
    let b = format!(
        "{}<a name=\"rationale\"></a>\n\n## Scope\n\n<table id=\"table-3\"><tr><td>x</td></tr></table>\n",
        prd("PRD-2", "")
    );
    let files = [OBJ, ("prds/a.md", a.as_str()), ("prds/b.md", b.as_str())];
    let found = check(links::broken_anchor, &files);
    let pointed: Vec<&str> = found.iter().map(|d| pointed_at(&files, d)).collect();
    assert_eq!(pointed, ["b.md#nowhere"], "{found:?}");
}

/// Issue 13 §10a: with `anchors: github`, fragments match headings as GitHub resolves
/// them, case-insensitively; by default they must be written as the anchor is.
#[test]
fn github_anchors_match_headings_case_insensitively() {
    let a = format!(
        "{}## Proposal\n\nSee [it](#Proposal), [[PRD-2#Scope]] and [gone](#Proposals).\n",
        prd("PRD-1", "")
    );
    let b = format!("{}## Scope\n", prd("PRD-2", ""));
    let files = [OBJ, ("prds/a.md", a.as_str()), ("prds/b.md", b.as_str())];
    let ws = workspace_with("anchors: github\n", &files);
    let found = run(links::broken_anchor, &ws);
    let pointed: Vec<&str> = found.iter().map(|d| pointed_at(&files, d)).collect();
    assert_eq!(pointed, ["#Proposals"], "{found:?}");
    let exact = check(links::broken_anchor, &files);
    assert_eq!(exact.len(), 3, "{exact:?}");
}

#[test]
fn duplicate_headings_get_numbered_anchors_that_links_may_use() {
    let a = format!(
        "{}## Notes\n\n## Notes\n\nSee [second](#notes-1).\n",
        prd("PRD-1", "")
    );
    let files = [OBJ, ("prds/a.md", a.as_str())];
    assert_silent(links::broken_anchor, &files);
}

fn roadmap_with(horizon: &str) -> String {
    format!(
        "---\nid: RM-1\ntitle: Plan\nitems:\n  - ref: PRD-1\n    horizon: {horizon}\n---\nThe plan.\n"
    )
}

#[test]
fn roadmap_unapproved_flags_drafts_in_now_and_next_only() {
    let draft = prd("PRD-1", "status: draft\n");
    for (horizon, expected) in [("now", 1), ("next", 1), ("later", 0)] {
        let rm = roadmap_with(horizon);
        let files = [
            OBJ,
            ("prds/1.md", draft.as_str()),
            ("roadmaps/rm.md", rm.as_str()),
        ];
        let found = check(roadmap::roadmap_unapproved, &files);
        assert_eq!(found.len(), expected, "horizon {horizon}: {found:?}");
        if let Some(d) = found.first() {
            assert_eq!(pointed_at(&files, d), "PRD-1");
        }
    }
    let approved = prd("PRD-1", "status: approved\n");
    let rm = roadmap_with("now");
    let files = [
        OBJ,
        ("prds/1.md", approved.as_str()),
        ("roadmaps/rm.md", rm.as_str()),
    ];
    assert!(check(roadmap::roadmap_unapproved, &files).is_empty());
}

#[test]
fn orphan_flags_a_prd_with_no_objective_vision_or_roadmap() {
    let lonely = "---\nid: PRD-1\ntitle: Lonely\nowner: Ana\n---\nBody.\n";
    let files = [("prds/1.md", lonely)];
    let found = check(roadmap::orphan, &files);
    assert_eq!(found.len(), 1);
    assert_eq!(pointed_at(&files, &found[0]), "PRD-1");

    // On a roadmap, it is planned work.
    let rm = roadmap_with("later");
    let files = [("prds/1.md", lonely), ("roadmaps/rm.md", rm.as_str())];
    assert!(check(roadmap::orphan, &files).is_empty());

    // Linked to an objective, it is traced to a goal.
    let linked = prd("PRD-1", "");
    let files = [OBJ, ("prds/1.md", linked.as_str())];
    assert!(check(roadmap::orphan, &files).is_empty());
}

#[test]
fn empty_body_flags_prose_kinds_but_not_roadmaps() {
    let empty = "---\nid: PRD-1\ntitle: Empty\nowner: Ana\nobjectives: [OBJ-1]\n---\n\n  \n";
    let rm = "---\nid: RM-1\ntitle: Plan\nitems: []\n---\n";
    let files = [OBJ, ("prds/1.md", empty), ("roadmaps/rm.md", rm)];
    let found = check(body::empty_body, &files);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].primary.file.as_str(), "prds/1.md");
}

/// A history in which each path last changed at the given Unix time.
fn history_of(changes: &[(&str, i64)]) -> Arc<History> {
    let mut history = History::default();
    for (n, (path, time)) in changes.iter().enumerate() {
        history.commits.push(CommitInfo {
            id: format!("{n:040}"),
            short_id: format!("{n:07}"),
            time: *time,
            date: "2026-01-01".into(),
            author: "Ana".into(),
            email: "ana@example.com".into(),
            subject: format!("Change {path}"),
        });
        history.docs.insert(
            (*path).to_owned(),
            DocHistory {
                commits: vec![n],
                created_known: true,
                uncommitted: None,
                last_content: Some(n),
                versions: vec![None],
            },
        );
    }
    Arc::new(history)
}

const DAY: i64 = 86_400;

#[test]
fn suspect_link_flags_a_reference_to_a_document_changed_later() {
    let a = prd("PRD-1", "depends_on: [PRD-2]\n");
    let b = prd("PRD-2", "");
    let files = [OBJ, ("prds/1.md", a.as_str()), ("prds/2.md", b.as_str())];
    let mut ws = workspace(&files);
    assert!(
        run(history::suspect_link, &ws).is_empty(),
        "silent without history"
    );

    ws.history = Some(history_of(&[
        ("objectives/OBJ-1.md", 0),
        ("prds/1.md", 10 * DAY),
        ("prds/2.md", 20 * DAY),
    ]));
    let found = run(history::suspect_link, &ws);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].primary.file.as_str(), "prds/1.md");
    assert_eq!(pointed_at(&files, &found[0]), "PRD-2");
}

#[test]
fn suspect_link_names_a_commit_that_touched_a_confidential_document_without_its_subject() {
    let a = prd("PRD-1", "depends_on: [PRD-2]\n");
    let files_with = |b: &str| {
        let b = prd("PRD-2", b);
        let mut ws = workspace(&[OBJ, ("prds/1.md", a.as_str()), ("prds/2.md", b.as_str())]);
        ws.history = Some(history_of(&[
            ("objectives/OBJ-1.md", 0),
            ("prds/1.md", 10 * DAY),
            ("prds/2.md", 20 * DAY),
        ]));
        run(history::suspect_link, &ws)
    };
    let help = |found: &[Diagnostic]| found[0].help.clone().unwrap_or_default();
    let public = help(&files_with(""));
    assert!(
        public.contains("(0000002 \"Change prds/2.md\")"),
        "{public}"
    );
    let secret = help(&files_with("confidential: true\n"));
    assert!(!secret.contains("Change prds/2.md"), "{secret}");
    assert!(
        secret.contains("`PRD-2` last changed 2026-01-01 (0000002);"),
        "{secret}"
    );
    assert!(
        secret.contains("\"Change prds/1.md\""),
        "a public one keeps it: {secret}"
    );
}

#[test]
fn issue_13_suspect_link_skips_inactive_documents_and_uncommitted_edits_of_targets() {
    let with_status = |status: &str| {
        let a = prd("PRD-1", &format!("status: {status}\ndepends_on: [PRD-2]\n"));
        let b = prd("PRD-2", "");
        let mut ws = workspace(&[OBJ, ("prds/1.md", a.as_str()), ("prds/2.md", b.as_str())]);
        ws.history = Some(history_of(&[
            ("objectives/OBJ-1.md", 0),
            ("prds/1.md", 10 * DAY),
            ("prds/2.md", 20 * DAY),
        ]));
        ws
    };
    assert_eq!(run(history::suspect_link, &with_status("draft")).len(), 1);
    // A deprecated PRD is nobody's to re-read.
    assert!(run(history::suspect_link, &with_status("deprecated")).is_empty());

    // PRD-2 was committed before PRD-1 and is being edited now: no note for PRD-1 yet.
    let mut ws = with_status("draft");
    let mut edited = (**ws.history.as_ref().expect("history")).clone();
    edited.commits[1].time = 30 * DAY; // PRD-1's last commit
    edited.docs.get_mut("prds/2.md").expect("PRD-2").uncommitted =
        Some(crate::model::Uncommitted::Modified);
    ws.history = Some(Arc::new(edited));
    assert!(run(history::suspect_link, &ws).is_empty());
}

#[test]
fn suspect_links_of_one_document_are_one_note_with_a_label_per_target() {
    let a = prd("PRD-1", "depends_on: [PRD-2, PRD-3]\nrelated: [PRD-2]\n");
    let (b, c) = (prd("PRD-2", ""), prd("PRD-3", ""));
    let files = [
        OBJ,
        ("prds/1.md", a.as_str()),
        ("prds/2.md", b.as_str()),
        ("prds/3.md", c.as_str()),
    ];
    let mut ws = workspace(&files);
    ws.history = Some(history_of(&[
        ("objectives/OBJ-1.md", 0),
        ("prds/1.md", 10 * DAY),
        ("prds/2.md", 20 * DAY),
        ("prds/3.md", 30 * DAY),
    ]));
    let found = run(history::suspect_link, &ws);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].message,
        "`PRD-2` and `PRD-3` changed after this document did: re-read them"
    );
    // PRD-2 is referenced twice but named once; PRD-3 gets the label.
    assert_eq!(found[0].labels.len(), 1);
    assert_eq!(&a[found[0].labels[0].span.range.clone()], "PRD-3");
}

#[test]
fn stale_flags_active_documents_untouched_for_longer_than_the_limit() {
    let approved = prd("PRD-1", "status: approved\n");
    let draft = prd("PRD-2", "status: draft\n");
    let files = [
        OBJ,
        ("prds/1.md", approved.as_str()),
        ("prds/2.md", draft.as_str()),
    ];
    let mut ws = workspace(&files);
    let now = history::now();
    ws.history = Some(history_of(&[
        ("objectives/OBJ-1.md", now - 200 * DAY),
        ("prds/1.md", now - 200 * DAY),
        ("prds/2.md", now - 200 * DAY),
    ]));
    let found = run(history::stale, &ws);
    let paths: Vec<&str> = found.iter().map(|d| d.primary.file.as_str()).collect();
    // The objective is `active` too; the draft is not in an active status.
    assert_eq!(paths, ["objectives/OBJ-1.md", "prds/1.md"], "{found:?}");

    ws.history = Some(history_of(&[("prds/1.md", now - 10 * DAY)]));
    assert!(run(history::stale, &ws).is_empty());
}

/// Diagnostics that reading, parsing and resolving one document gives on their own.
fn document_diagnostics(path: &str, text: &str) -> Vec<Diagnostic> {
    let config = Config::builtin();
    let source = decode_source(path, text.as_bytes().to_vec()).expect("test text");
    resolve_document(&config, parse_doc(&source)).1
}

#[test]
fn duplicate_id_points_at_the_second_document_and_labels_the_first() {
    let (a, b) = (prd("PRD-1", ""), prd("PRD-1", ""));
    let files = [OBJ, ("prds/a.md", a.as_str()), ("prds/b.md", b.as_str())];
    let found = assembled(&files).1;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rule, Rule::DuplicateId);
    assert_eq!(found[0].primary.file, "prds/b.md");
    assert_eq!(found[0].labels[0].span.file, "prds/a.md");
}

#[test]
fn unknown_fields_and_bad_ids_point_at_their_line_not_at_the_top() {
    let text = "---\nid: PRD-x1\ntitle: T\nowner: Ana\ndepends-on: [PRD-2]\n---\nBody.\n";
    let found = document_diagnostics("prds/a.md", text);
    let by_rule = |rule: Rule| {
        found
            .iter()
            .find(|d| d.rule == rule)
            .unwrap_or_else(|| panic!("no {rule} in {found:?}"))
    };
    let unknown = by_rule(Rule::UnknownField);
    assert_eq!(&text[unknown.primary.range.clone()], "depends-on");
    assert_eq!(unknown.help.as_deref(), Some("did you mean `depends_on`?"));
    let bad_id = by_rule(Rule::InvalidId);
    assert_eq!(&text[bad_id.primary.range.clone()], "PRD-x1");
}

/// Issue 13: a path reference to no document says the path does not exist, which file
/// was looked for, and the nearest document path (a typo, or the same file moved).
#[test]
fn issue_13_a_missing_path_says_which_file_was_looked_for_and_the_nearest_path() {
    let yaml = "kinds:\n  proposal:\n    id: path\n    paths: [\"proposals/**\"]\n    fields:\n      see-also: { type: refs, kinds: [proposal] }\n";
    let doc = |refs: &str| format!("---\nsee-also: [{refs}]\n---\n# P\n");
    let a = doc("proposals/node/pod-overheads, proposals/node/snapshots, proposals/x/y");
    let ws = workspace_with(
        yaml,
        &[
            ("proposals/node/a.md", &a),
            ("proposals/node/pod-overhead.md", &doc("proposals/node/a")),
            ("proposals/storage/snapshots.md", &doc("proposals/node/a")),
        ],
    );
    let found = run(references::unknown_reference, &ws);
    let shown: Vec<(&str, Option<&str>, Option<&str>)> = found
        .iter()
        .map(|d| {
            (
                d.message.as_str(),
                d.primary_label.as_deref(),
                d.help.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (
                "path `proposals/node/pod-overheads` does not exist",
                Some("looked for `proposals/node/pod-overheads.md`"),
                Some("did you mean `proposals/node/pod-overhead`?")
            ),
            (
                "path `proposals/node/snapshots` does not exist",
                Some("looked for `proposals/node/snapshots.md`"),
                Some("did you mean `proposals/storage/snapshots`?")
            ),
            (
                "path `proposals/x/y` does not exist",
                Some("looked for `proposals/x/y.md`"),
                None
            ),
        ]
    );
}
