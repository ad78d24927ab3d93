//! Change as product events: a scripted history with a ship, a slip, an approval, a new
//! decision, a new draft PRD, a requirement added and a metadata-only bulk edit gives
//! one event line each, on the home page, the history cards and in the feed; nothing
//! about a confidential document appears.

use std::fs;

use super::{OBJECTIVE, VISION, prd, run};
use crate::git_repo::{TestRepo, day};

const REQS: &str = "## Problem\nShoppers ask.\n\n## Requirements\n- A page.\n";

fn decision(status: &str) -> String {
    format!("---\nid: DEC-1\ntitle: Use webhooks\nstatus: {status}\n---\n## Decision\nWebhooks.\n")
}

fn scripted() -> TestRepo {
    let repo = TestRepo::new();
    let p = |id: &str, status: &str, target: &str, audience: &str, body: &str| {
        prd(id, &format!("Spec {id}"), status, target, audience, body)
    };
    let all = "audience: [engineering, sales]\n";
    repo.write("vision/VIS-1.md", VISION)
        .write("objectives/OBJ-1.md", OBJECTIVE)
        .write(
            "prds/PRD-1.md",
            &p("PRD-1", "in-progress", "2027-Q1", all, REQS),
        )
        .write(
            "prds/PRD-2.md",
            &p("PRD-2", "approved", "2027-Q1", all, REQS),
        )
        .write("prds/PRD-3.md", &p("PRD-3", "review", "2027-Q2", all, REQS))
        .write(
            "prds/PRD-9.md",
            &p(
                "PRD-9",
                "draft",
                "2027-Q1",
                "confidential: true\n",
                "Secret plan.\n",
            ),
        );
    repo.commit("Import", "Ann Lee", day(2026, 1, 5));

    repo.write(
        "prds/PRD-1.md",
        &p("PRD-1", "shipped", "2027-Q1", all, REQS),
    );
    repo.commit("Ship it", "Ann Lee", day(2026, 2, 1));
    repo.write(
        "prds/PRD-2.md",
        &p("PRD-2", "approved", "2027-Q2", all, REQS),
    );
    repo.write(
        "prds/PRD-9.md",
        &p(
            "PRD-9",
            "draft",
            "2027-Q4",
            "confidential: true\n",
            "Secret plan.\n",
        ),
    );
    repo.commit("Replan", "Ben Ode", day(2026, 2, 2));
    repo.write(
        "prds/PRD-3.md",
        &p("PRD-3", "approved", "2027-Q2", all, REQS),
    );
    repo.commit("Approve", "Cy Dunn", day(2026, 2, 3));
    repo.write("decisions/DEC-1.md", &decision("accepted"));
    repo.commit("Decide", "Cy Dunn", day(2026, 2, 4));
    repo.write(
        "prds/PRD-4.md",
        &p("PRD-4", "draft", "2027-Q3", "", "Idea.\n"),
    );
    repo.commit("Draft", "Dee Fox", day(2026, 2, 5));
    repo.write(
        "prds/PRD-3.md",
        &p(
            "PRD-3",
            "approved",
            "2027-Q2",
            all,
            &format!("{REQS}- Email too.\n"),
        ),
    );
    repo.commit("More", "Cy Dunn", day(2026, 2, 6));
    for (id, status, target) in [
        ("PRD-1", "shipped", "2027-Q1"),
        ("PRD-2", "approved", "2027-Q2"),
        ("PRD-3", "approved", "2027-Q2"),
    ] {
        let body = if id == "PRD-3" {
            format!("{REQS}- Email too.\n")
        } else {
            REQS.to_owned()
        };
        repo.write(
            &format!("prds/{id}.md"),
            &p(id, status, target, "audience: []\n", &body),
        );
    }
    repo.write(
        "prds/PRD-2.md",
        &fs::read_to_string(repo.join("prds/PRD-2.md"))
            .expect("read")
            .replace("Shoppers ask.", "Shoppers ask  often."),
    );
    repo.commit("Everyone sees everything", "Ann Lee", day(2026, 2, 7));
    repo
}

fn feed_titles(feed: &str) -> Vec<String> {
    feed.split("<entry>")
        .skip(1)
        .map(|e| {
            let t = &e[e.find("<title>").expect("title") + 7..];
            t[..t.find("</title>").expect("closed")].replace("&gt;", ">")
        })
        .collect()
}

/// The titles of the feed `spex build` makes with `args`.
fn built_feed_titles(repo: &TestRepo, args: &[&str]) -> Vec<String> {
    let out = tempfile::tempdir().expect("dir");
    let mut argv = vec!["build", "--out", out.path().to_str().expect("utf-8")];
    argv.extend_from_slice(args);
    let (code, _, stderr) = run(repo, &argv);
    assert_eq!(code, 0, "{stderr}");
    feed_titles(&fs::read_to_string(out.path().join("feed.xml")).expect("feed"))
}

#[test]
fn a_scripted_history_reads_as_product_events_on_the_site_and_in_the_feed() {
    let repo = scripted();
    let out = tempfile::tempdir().expect("dir");
    let (code, _, stderr) = run(
        &repo,
        &["build", "--out", out.path().to_str().expect("utf-8")],
    );
    assert_eq!(code, 0, "{stderr}");
    let page = |p: &str| fs::read_to_string(out.path().join(p)).expect("page");
    let feed = page("feed.xml");
    assert_eq!(
        feed_titles(&feed),
        [
            "audience: [engineering, sales] → [] on 3 documents",
            "PRD-2 edited (Problem)",
            "PRD-3: requirement added",
            "PRD-4 added as draft",
            "DEC-1 added as accepted",
            "PRD-3 approved",
            "PRD-2 moved 2027-Q1 → 2027-Q2",
            "PRD-1 shipped",
            "OBJ-1 added as active",
            "PRD-1 added as in progress",
            "PRD-2 added as approved",
            "PRD-3 added as review",
            "VIS-1 added as active",
        ],
        "{feed}"
    );
    assert!(!feed.contains("PRD-9"), "{feed}");

    let home = page("index.html");
    assert!(
        home.contains("<span class=\"event\">PRD-1 shipped</span>"),
        "{home}"
    );
    assert!(home.contains("on 3 documents"), "{home}");
    assert!(!home.contains("PRD-9"));

    let card = page("prd/PRD-3.html");
    assert!(
        card.contains("<span class=\"event\">PRD-3: requirement added</span>"),
        "{card}"
    );
    assert!(
        card.contains("title=\"More\""),
        "the commit keeps its subject as a tooltip"
    );
    assert!(!out.path().join("prd/PRD-9.html").exists());
}

#[test]
fn a_confidential_document_s_events_appear_only_when_asked_for() {
    let repo = scripted();
    let out = tempfile::tempdir().expect("dir");
    let (code, _, stderr) = run(
        &repo,
        &[
            "build",
            "--include-confidential",
            "--out",
            out.path().to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let feed = fs::read_to_string(out.path().join("feed.xml")).expect("feed");
    assert!(feed.contains("PRD-9 moved 2027-Q1 → 2027-Q4"), "{feed}");
}

#[test]
fn the_engineering_digest_quotes_the_requirement_the_scripted_history_added() {
    let repo = scripted();
    let (code, stdout, stderr) = run(
        &repo,
        &["digest", "--audience", "engineering", "--since", "HEAD~7"],
    );
    assert_eq!(code, 0, "{stderr}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("- [PRD-3 "))
        .unwrap_or_else(|| panic!("PRD-3 changed:\n{stdout}"));
    assert_eq!(
        line,
        "- [PRD-3 Spec PRD-3](prds/PRD-3.md) **approved**: audience: engineering, sales → none; \
         status: review → approved; requirement added — \"Email too.\"",
        "{stdout}"
    );
    assert!(!stdout.contains("updated: Requirements"), "{stdout}");
}

/// A requirement added inside a confidential subsection of Requirements is no event for
/// readers without `--include-confidential`: neither "requirement added" nor "edited".
#[test]
fn a_change_inside_a_confidential_subsection_is_no_event_for_other_readers() {
    let repo = TestRepo::new();
    let all = "audience: [engineering, sales]\n";
    let body = |secret: &str| {
        format!(
            "## Requirements\n- A page.\n\n### Pricing {{.confidential}}\n- Keep margins.\n{secret}"
        )
    };
    repo.write("vision/VIS-1.md", VISION)
        .write("objectives/OBJ-1.md", OBJECTIVE)
        .write(
            "prds/PRD-1.md",
            &prd("PRD-1", "Spec", "approved", "2027-Q1", all, &body("")),
        );
    repo.commit("Import", "Ann Lee", day(2026, 1, 5));
    repo.write(
        "prds/PRD-1.md",
        &prd(
            "PRD-1",
            "Spec",
            "approved",
            "2027-Q1",
            all,
            &body("- Floor price 9 EUR.\n"),
        ),
    );
    repo.commit("Price floor", "Ann Lee", day(2026, 1, 6));

    let feed_of = |args: &[&str]| built_feed_titles(&repo, args);
    let public = feed_of(&[]);
    assert_eq!(
        public,
        [
            "OBJ-1 added as active",
            "PRD-1 added as approved",
            "VIS-1 added as active"
        ],
        "{public:?}"
    );
    let internal = feed_of(&["--include-confidential"]);
    assert_eq!(internal[0], "PRD-1 edited (Pricing)", "{internal:?}");
    for audience in ["engineering", "sales", "leadership"] {
        let (code, stdout, stderr) = run(
            &repo,
            &["digest", "--audience", audience, "--since", "HEAD~1"],
        );
        assert_eq!(code, 0, "{stderr}");
        assert!(!stdout.contains("Floor price"), "{audience}: {stdout}");
        assert!(
            !stdout.contains("requirement added"),
            "{audience}: {stdout}"
        );
    }
}

/// A reference field whose only change is a reference to a confidential document is no
/// event for other readers: "PRD-1: depends_on changed" would tell them something they
/// may not see was added. A change they can see in the same field still is one.
#[test]
fn a_reference_to_a_hidden_document_added_or_removed_is_no_event_for_other_readers() {
    let repo = TestRepo::new();
    let all = "audience: [engineering, sales]\n";
    let depends = |on: &str| format!("{all}depends_on: [{on}]\n");
    let p1 = |on: &str| prd("PRD-1", "Spec", "approved", "2027-Q1", &depends(on), REQS);
    repo.write("vision/VIS-1.md", VISION)
        .write("objectives/OBJ-1.md", OBJECTIVE)
        .write("prds/PRD-1.md", &p1("PRD-2"))
        .write(
            "prds/PRD-2.md",
            &prd("PRD-2", "Two", "approved", "2027-Q1", all, REQS),
        )
        .write(
            "prds/PRD-3.md",
            &prd("PRD-3", "Three, again", "approved", "2027-Q1", all, REQS),
        )
        .write(
            "prds/PRD-9.md",
            &prd(
                "PRD-9",
                "Nine",
                "draft",
                "2027-Q1",
                "confidential: true\n",
                REQS,
            ),
        );
    repo.commit("Import", "Ann Lee", day(2026, 1, 5));
    repo.write("prds/PRD-1.md", &p1("PRD-2, PRD-9"));
    repo.commit("Depend on the secret", "Ann Lee", day(2026, 1, 6));
    repo.write("prds/PRD-1.md", &p1("PRD-2, PRD-9, PRD-3"));
    repo.commit("Depend on three", "Ann Lee", day(2026, 1, 7));
    // Naming nothing hidden, a change is shown even when only punctuation changed.
    repo.write(
        "prds/PRD-3.md",
        &prd("PRD-3", "Three again", "approved", "2027-Q1", all, REQS),
    );
    repo.commit("Retitle three", "Ann Lee", day(2026, 1, 8));

    let feed_of = |args: &[&str]| built_feed_titles(&repo, args);
    let changed = |feed: &[String]| {
        feed.iter()
            .filter(|t| *t == "PRD-1: depends_on changed")
            .count()
    };
    let public = feed_of(&[]);
    assert_eq!(changed(&public), 1, "only the visible change: {public:?}");
    assert!(
        public.iter().any(|t| t == "PRD-3: title changed"),
        "{public:?}"
    );
    let internal = feed_of(&["--include-confidential"]);
    assert_eq!(changed(&internal), 2, "{internal:?}");
    let (code, stdout, stderr) = run(
        &repo,
        &["digest", "--audience", "engineering", "--since", "HEAD~2"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("PRD-9"), "{stdout}");
    let (code, stdout, stderr) = run(
        &repo,
        &["digest", "--audience", "engineering", "--since", "HEAD~3"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("PRD-9"), "{stdout}");
}

/// "Decisions since" goes by the history: a decision accepted since the base is listed
/// with the day it was accepted, whatever its `date:` says; one dated later but already
/// accepted at the base is not new.
#[test]
fn leadership_decisions_since_are_those_the_history_added_or_accepted() {
    let repo = TestRepo::new();
    let dec = |id: &str, status: &str, date: &str| {
        format!(
            "---\nid: {id}\ntitle: Decision {id}\nstatus: {status}\ndate: {date}\n---\n## Decision\nYes.\n"
        )
    };
    repo.write("vision/VIS-1.md", VISION)
        .write(
            "decisions/DEC-1.md",
            &dec("DEC-1", "proposed", "2025-06-01"),
        )
        .write(
            "decisions/DEC-2.md",
            &dec("DEC-2", "accepted", "2026-03-01"),
        );
    let base = repo
        .commit("Import", "Ann Lee", day(2026, 1, 5))
        .to_string();
    repo.write(
        "decisions/DEC-1.md",
        &dec("DEC-1", "accepted", "2025-06-01"),
    );
    repo.commit("Accept DEC-1", "Ann Lee", day(2026, 2, 1));
    let (code, stdout, stderr) = run(
        &repo,
        &["digest", "--audience", "leadership", "--since", &base],
    );
    assert_eq!(code, 0, "{stderr}");
    let list = &stdout[stdout.find("## Decisions since").expect(&stdout)..];
    assert!(
        list.contains("[DEC-1 Decision DEC-1](decisions/DEC-1.md) · 2026-02-01"),
        "{list}"
    );
    assert!(!list.contains("DEC-2"), "{list}");
}
