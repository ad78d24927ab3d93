//! `spex digest`: golden digests per audience and format on a repository with history,
//! and leak tests: markers in audience-tagged and confidential content are searched in
//! every output.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::git_repo::{TestRepo, day};
use crate::support::{assert_golden, repo_root, spex};

fn prd(id: &str, title: &str, status: &str, target: &str, extra: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {title}\nstatus: {status}\nowner: Ann Lee\nteam: Tracking\ntarget: {target}\nobjectives: OBJ-1\n{extra}---\n{body}"
    )
}

const TRACKING_BODY: &str = "Shoppers see where their parcel is.

## Requirements
1. A branded page per parcel.
2. Carrier events in plain words.

## Customer value {.sales}
Fewer tickets. SALES-MARKER

## Technical approach {.engineering}
One event stream. ENG-MARKER

## Business case {.leadership}
Retention. LEAD-MARKER

## Carrier terms {.confidential}
Rates. CONF-MARKER

## Open questions
- SMS first?
";

/// Two commits: the base, and a change with every kind of news.
fn repository() -> (TestRepo, String) {
    let repo = TestRepo::new();
    repo.write("spex.yaml", "site:\n  title: Tracking specs\n")
        .write("vision/VIS-1.md", "---\nid: VIS-1\ntitle: Parcels without surprises\nstatus: active\n---\nEvery merchant knows where every parcel is.\n")
        .write("objectives/OBJ-1.md", "---\nid: OBJ-1\ntitle: Halve order-status tickets\nstatus: active\nvision: VIS-1\nquarter: 2027-Q1\nmetrics:\n  - { name: Tickets per 1k orders, baseline: 40, target: 20, unit: tickets }\n---\nTickets cost money.\n")
        .write("prds/PRD-1.md", &prd("PRD-1", "Tracking page", "in-progress", "2026-Q4", "", TRACKING_BODY))
        .write("prds/PRD-2.md", &prd("PRD-2", "Delay alerts", "review", "2027-Q1", "depends_on: PRD-1\n", "Tell shoppers first.\n\n## Customer value {.sales}\nNo surprises.\n"))
        .write("prds/PRD-3.md", &prd("PRD-3", "Returns labels", "approved", "2027-Q1", "", "Print return labels.\n\n## Requirements\n- QR codes.\n\n## Technical approach {.engineering}\nReuse the label service. ENG-MARKER\n"))
        .write("prds/PRD-4.md", &prd("PRD-4", "CONF-TITLE-MARKER acquisition", "approved", "2027-Q2", "confidential: true\n", "Buy a company. CONF-MARKER\n"))
        .write("prds/PRD-5.md", &prd("PRD-5", "Carbon labels", "draft", "2028-Q3", "", "Show emissions.\n"))
        .write("prds/PRD-6.md", &prd("PRD-6", "ENG-ONLY-MARKER rate limiter", "approved", "2027-Q2", "audience: [engineering]\n", "Protect the carriers.\n"))
        .write("roadmaps/RM-1.md", "---\nid: RM-1\ntitle: Tracking roadmap\nitems:\n  - { ref: PRD-1, horizon: now }\n  - { ref: PRD-2, horizon: later }\n  - { ref: PRD-3, horizon: next }\n  - { ref: PRD-5, horizon: later }\n---\nTracking first.\n")
        .write("decisions/DEC-1.md", "---\nid: DEC-1\ntitle: Use one event stream\nstatus: accepted\ndate: 2026-01-10\naffects: PRD-1\n---\nDecided.\n");
    let base = repo.commit("Plan tracking", "Ann Lee", day(2026, 1, 12));

    repo.write("prds/PRD-1.md", &prd("PRD-1", "Tracking page", "shipped", "2026-Q4", "", TRACKING_BODY))
        .write("prds/PRD-2.md", &prd("PRD-2", "Delay alerts", "approved", "2027-Q1", "depends_on: PRD-1\n", "Tell shoppers first.\n\n## Customer value {.sales}\nNo surprises.\n"))
        .write("prds/PRD-3.md", &prd("PRD-3", "Returns labels", "approved", "2027-Q3", "", "Print return labels.\n\n## Requirements\n- QR codes.\n\n## Technical approach {.engineering}\nReuse the label service. ENG-MARKER\n"))
        .write("decisions/DEC-2.md", "---\nid: DEC-2\ntitle: Send SMS through one provider\nstatus: accepted\ndate: 2026-02-02\naffects: PRD-2\n---\nDecided.\n");
    repo.commit(
        "Ship tracking, approve alerts, move returns",
        "Ben Ode",
        day(2026, 2, 3),
    );
    (repo, base.to_string())
}

/// Runs `spex digest` with `args` and returns every file it wrote, by name.
fn digests(repo: &TestRepo, args: &[&str]) -> BTreeMap<String, String> {
    let out = tempfile::tempdir().expect("dir");
    let output = spex()
        .arg("digest")
        .args(args)
        .arg("--out")
        .arg(out.path())
        .current_dir(repo.path())
        .env("SOURCE_DATE_EPOCH", day(2026, 2, 10).to_string())
        .output()
        .expect("spex runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    read_dir(out.path())
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    fs::read_dir(dir)
        .expect("output folder")
        .map(|e| e.expect("entry").path())
        .map(|p| {
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                fs::read_to_string(&p).expect("utf-8"),
            )
        })
        .collect()
}

#[test]
fn digests_since_a_revision_match_their_golden_files() {
    let (repo, base) = repository();
    let expected = repo_root().join("tests/digest-expected");
    for format in ["markdown", "html", "json"] {
        let files = digests(
            &repo,
            &["--audience", "all", "--since", &base, "--format", format],
        );
        assert_eq!(files.len(), 3, "{:?}", files.keys());
        for (name, text) in files {
            assert_golden(text, &expected.join(name));
        }
    }
}

#[test]
fn the_digests_say_what_changed() {
    let (repo, base) = repository();
    let files = digests(&repo, &["--audience", "all", "--since", &base]);
    let engineering = &files["digest-engineering.md"];
    assert!(
        engineering.contains("**shipped**: status: in-progress → shipped"),
        "{engineering}"
    );
    assert!(engineering.contains("**approved**: status: review → approved"));
    assert!(engineering.contains("target: 2027-Q1 → 2027-Q3 (slipped)"));
    assert!(
        engineering.contains("DEC-2 Send SMS through one provider"),
        "new decision listed"
    );
    let leadership = &files["digest-leadership.md"];
    assert!(leadership.contains("1 slipped"), "{leadership}");
    let sales = &files["digest-sales.md"];
    assert!(sales.contains("Planned for **2027-Q1**"), "{sales}");
}

/// Markers must reach only their audience; confidential ones no one.
#[test]
fn tagged_and_confidential_content_never_leaks() {
    let (repo, base) = repository();
    let mut outputs: Vec<(String, String)> = Vec::new();
    for since in [None, Some(base.as_str())] {
        for format in ["markdown", "html", "json"] {
            let mut args = vec!["--audience", "all", "--format", format];
            if let Some(since) = since {
                args.extend(["--since", since]);
            }
            outputs.extend(digests(&repo, &args));
        }
    }
    assert_eq!(outputs.len(), 18);
    let owner = |marker: &str| match marker {
        "SALES-MARKER" => Some("sales"),
        "ENG-MARKER" | "ENG-ONLY-MARKER" => Some("engineering"),
        "LEAD-MARKER" => Some("leadership"),
        _ => None, // confidential: nobody
    };
    for marker in [
        "SALES-MARKER",
        "ENG-MARKER",
        "ENG-ONLY-MARKER",
        "LEAD-MARKER",
        "CONF-MARKER",
        "CONF-TITLE-MARKER",
    ] {
        let audience = owner(marker);
        let mut seen_by_owner = false;
        for (name, text) in &outputs {
            let mine = audience.is_some_and(|a| name.contains(a));
            if text.contains(marker) {
                assert!(mine, "{marker} leaked into {name}");
                seen_by_owner = true;
            }
        }
        assert_eq!(
            seen_by_owner,
            audience.is_some(),
            "{marker} should reach {audience:?}"
        );
    }
    // Sales never sees dates of unapproved work.
    for (name, text) in outputs.iter().filter(|(n, _)| n.contains("sales")) {
        assert!(!text.contains("2028-Q3"), "a draft's target reached {name}");
    }
    // Asked for, confidential content does appear.
    let with = digests(
        &repo,
        &["--audience", "engineering", "--include-confidential"],
    );
    assert!(with.values().any(|t| t.contains("CONF-TITLE-MARKER")));
}

#[test]
fn nothing_changed_says_so_in_one_line() {
    let (repo, _) = repository();
    let files = digests(&repo, &["--audience", "all", "--since", "HEAD"]);
    for (name, text) in files {
        assert_eq!(text.lines().count(), 1, "{name}: {text}");
        assert!(text.starts_with("No changes for "), "{name}: {text}");
    }
}
