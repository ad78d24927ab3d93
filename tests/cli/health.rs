//! Health is worked out once and every output shows the same answer: on a scripted
//! history where two targets slip, with work blocked by a draft, work due after what it
//! depends on, low confidence and an unapproved item planned next, the site's home page,
//! its document pages and every digest name the same PRDs in the same states for the
//! same reasons, and none of them names a confidential dependency. The slip reads the
//! same in every digest, sales's included (they do not read roadmaps, but a slip against
//! one is theirs to tell), and plainly for sales, with the forwardable block giving the
//! new date only.

use std::collections::BTreeSet;

use crate::git_repo::{TestRepo, day};
use crate::support::spex;

fn prd(id: &str, status: &str, target: &str, extra: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Work {id}\nowner: ann\nstatus: {status}\ntarget: {target}\n{extra}---\n# {id}\n\nWhy it matters.\n"
    )
}

const ROADMAP: &str = "---
id: RM-1
title: Quarterly plan
items:
  - { ref: PRD-1, horizon: now, quarter: 2027-Q1, confidence: high }
  - { ref: PRD-2, horizon: now, quarter: 2027-Q1, confidence: high }
  - { ref: PRD-3, horizon: next, quarter: 2027-Q2, confidence: high }
  - { ref: PRD-4, horizon: next, quarter: 2027-Q3 }
  - { ref: PRD-6, horizon: next, quarter: 2027-Q2, confidence: high }
  - { ref: PRD-7, horizon: next, quarter: 2027-Q2, confidence: low }
  - { ref: PRD-9, horizon: next, quarter: 2027-Q2, confidence: high }
---
The plan.
";

/// A plan, then a commit that moves two targets a quarter later than the roadmap plans.
fn two_slips() -> (TestRepo, String) {
    let repo = TestRepo::new();
    repo.write("spex.yaml", "site:\n  title: Health\n")
        // A board without quarters comes first: the timeline must still find the plan.
        .write(
            "roadmaps/RM-0.md",
            "---\nid: RM-0\ntitle: Board\nitems:\n  - { ref: PRD-1, horizon: now }\n---\nNow.\n",
        )
        .write("roadmaps/RM-1.md", ROADMAP)
        .write("prds/PRD-1.md", &prd("PRD-1", "approved", "2027-Q1", ""))
        .write("prds/PRD-2.md", &prd("PRD-2", "in-progress", "2027-Q1", ""))
        .write(
            "prds/PRD-3.md",
            &prd("PRD-3", "approved", "2027-Q2", "depends_on: [PRD-4]\n"),
        )
        .write("prds/PRD-4.md", &prd("PRD-4", "draft", "2027-Q3", ""))
        .write(
            "prds/PRD-5.md",
            &prd("PRD-5", "approved", "2027-Q3", "confidential: true\n"),
        )
        .write(
            "prds/PRD-6.md",
            &prd("PRD-6", "approved", "2027-Q2", "depends_on: [PRD-5]\n"),
        )
        .write("prds/PRD-7.md", &prd("PRD-7", "approved", "2027-Q2", ""))
        .write("prds/PRD-8.md", &prd("PRD-8", "approved", "2027-Q3", ""))
        .write(
            "prds/PRD-9.md",
            &prd("PRD-9", "approved", "2027-Q2", "depends_on: [PRD-8]\n"),
        );
    let base = repo.commit("Plan 2027", "Ann Lee", day(2026, 10, 1));
    repo.write("prds/PRD-1.md", &prd("PRD-1", "approved", "2027-Q2", ""))
        .write("prds/PRD-2.md", &prd("PRD-2", "in-progress", "2027-Q2", ""));
    repo.commit("Move two targets", "Ben Ode", day(2026, 11, 2));
    (repo, base.to_string())
}

/// (ID, state, reasons) of every PRD that is not on track.
type Exceptions = BTreeSet<(String, String, String)>;

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    Some(&text[from..from + text[from..].find(end)?])
}

/// The home page's health list.
fn site_exceptions(repo: &TestRepo) -> Exceptions {
    let out = repo.path().join(".out/site");
    let output = spex()
        .args(["build", "--out"])
        .arg(&out)
        .current_dir(repo.path())
        .output()
        .expect("spex runs");
    assert!(output.status.success(), "{output:?}");
    let home = std::fs::read_to_string(out.join("index.html")).expect("home page");
    let list =
        between(&home, "<ul class=\"doclist health-exceptions\">", "</ul>").expect("a health list");
    list.split("<li>")
        .skip(1)
        .map(|li| {
            (
                between(li, "<span class=\"ref-id\">", "<")
                    .expect("id")
                    .to_owned(),
                between(li, "class=\"health health-", "\"")
                    .expect("state")
                    .to_owned(),
                between(li, "<span class=\"health-reasons\">", "</span>")
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

/// A digest's health (`list` in section `audience`), from its JSON.
fn digest_exceptions(
    repo: &TestRepo,
    audience: &str,
    list: &str,
    since: Option<&str>,
) -> Exceptions {
    let mut cmd = spex();
    cmd.args(["digest", "--audience", audience, "--format", "json"])
        .current_dir(repo.path());
    if let Some(base) = since {
        cmd.args(["--since", base]);
    }
    let output = cmd.output().expect("spex runs");
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    json[audience][list]
        .as_array()
        .expect("health list")
        .iter()
        .filter(|h| h["state"] != "on-track")
        .map(|h| {
            (
                h["doc"]["id"].as_str().expect("id").to_owned(),
                h["state"].as_str().expect("state").to_owned(),
                h["reason"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn after_two_slips_the_site_and_the_digest_show_the_same_health() {
    let (repo, base) = two_slips();
    let site = site_exceptions(&repo);
    let expected: Exceptions = [
        ("PRD-1", "slipped", "planned 2027-Q1 in RM-1, now 2027-Q2"),
        ("PRD-2", "slipped", "planned 2027-Q1 in RM-1, now 2027-Q2"),
        ("PRD-3", "at-risk", "blocked by PRD-4, still draft"),
        (
            "PRD-4",
            "not-approved",
            "still draft, but RM-1 plans it for next",
        ),
        ("PRD-7", "at-risk", "low confidence on RM-1"),
        ("PRD-9", "at-risk", "depends on PRD-8, due 2027-Q3"),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    .collect();
    // PRD-6 depends on the confidential PRD-5, due later: that reason names a hidden
    // document, so no output gives it, and PRD-6 reads as on track everywhere.
    assert_eq!(site, expected);
    for since in [None, Some(base.as_str())] {
        assert_eq!(
            digest_exceptions(&repo, "leadership", "health", since),
            expected
        );
        assert_eq!(
            digest_exceptions(&repo, "engineering", "health", since),
            expected
        );
        // Sales do not read roadmaps, but a slip against one is theirs to know: the
        // same slips, for the same reasons.
        let slipped: Exceptions = expected
            .iter()
            .filter(|(_, state, _)| state == "slipped")
            .cloned()
            .collect();
        assert_eq!(digest_exceptions(&repo, "sales", "slipped", since), slipped);
    }

    // The document page says the same.
    let page =
        std::fs::read_to_string(repo.path().join(".out/site/prd/PRD-1.html")).expect("PRD-1 page");
    assert!(
        page.contains("planned 2027-Q1 in RM-1, now 2027-Q2"),
        "{page}"
    );
}

#[test]
fn a_slip_shows_on_the_timeline_as_a_marker_at_the_plan_pointing_to_the_target() {
    let (repo, _) = two_slips();
    site_exceptions(&repo);
    let timeline = std::fs::read_to_string(repo.path().join(".out/site/timeline.html"))
        .expect("timeline page");
    let header = between(&timeline, "<thead>", "</thead>").expect("header");
    assert!(
        header.contains(">2027-Q1<") && header.contains(">2027-Q2<"),
        "{header}"
    );
    let row = between(&timeline, "<tbody>", "</tbody>").expect("one lane");
    // Cells in quarter order: which one holds the marker and which the item.
    let cell_of = |needle: &str| {
        row.split("<td>")
            .skip(1)
            .position(|cell| cell.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in {row}"))
    };
    assert_eq!(
        cell_of("data-planned-item=\"PRD-1\""),
        0,
        "marker at 2027-Q1"
    );
    assert_eq!(cell_of("data-roadmap-item=\"PRD-1\""), 1, "item at 2027-Q2");
    assert!(row.contains("planned here <span class=\"moved\">→ 2027-Q2</span>"));
    // Work that did not slip has no marker.
    assert!(!row.contains("data-planned-item=\"PRD-3\""));
}

/// The slip as each reader gets it with `--since`: engineering and leadership mark it
/// slipped; sales's internal notes say it plainly ("if you quoted 2027-Q1, tell the
/// customer") and the forwardable block gives the new date, without the old one.
#[test]
fn a_slip_is_said_plainly_to_sales_and_the_same_to_everyone() {
    let (repo, base) = two_slips();
    let markdown = |audience: &str| {
        let output = spex()
            .args(["digest", "--audience", audience, "--since", &base])
            .current_dir(repo.path())
            .output()
            .expect("spex runs");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).expect("utf-8")
    };
    for audience in ["engineering", "leadership"] {
        let text = markdown(audience);
        assert!(
            text.contains(
                "[PRD-1 Work PRD-1](prds/PRD-1.md) **slipped**: target: 2027-Q1 → 2027-Q2"
            ),
            "{audience}:\n{text}"
        );
    }
    // Without a base, the roadmap's plan tells sales the same slip.
    let plain = spex()
        .args(["digest", "--audience", "sales"])
        .current_dir(repo.path())
        .output()
        .expect("spex runs");
    let plain = String::from_utf8(plain.stdout).expect("utf-8");
    assert!(
        plain.contains(
            "- **Work PRD-1 moved from 2027-Q1 to 2027-Q2**: if you quoted 2027-Q1, tell the customer."
        ),
        "{plain}"
    );
    let sales = markdown("sales");
    let customers = sales.find("## For customers").expect(&sales);
    let (internal, forwardable) = sales.split_at(customers);
    assert!(
        internal.contains(
            "- **Work PRD-1 moved from 2027-Q1 to 2027-Q2**: if you quoted 2027-Q1, tell the customer."
        ),
        "{internal}"
    );
    let entry = forwardable
        .lines()
        .find(|l| l.starts_with("**[Work PRD-1]"))
        .expect(forwardable);
    assert!(entry.ends_with("· Coming in 2027-Q2"), "{entry}");
    assert!(!forwardable.contains("2027-Q1"), "{forwardable}");
    assert!(!forwardable.contains("slip"), "{forwardable}");
}
