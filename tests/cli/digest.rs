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

/// Approved and next on the roadmap, in a dependency cycle with the confidential PRD-4.
const RETURNS_BODY: &str = "Print return labels.

## Requirements
- QR codes.

## Technical approach {.engineering}
Reuse the label service. NEXT-ENG-MARKER
";

/// In progress; engineering notes nested in a sales section still reach engineering.
/// Longer lists than a digest quotes: the markers are past the caps.
const LABELS_BODY: &str = "Print labels from the browser.

## Requirements
1. Print from Chrome.
2. Print from Safari.
3. Print from Firefox.
4. Print from Edge. REQUIREMENT-CAP-MARKER

## Open questions
- Which label sizes?
- Thermal printers first?
- Batch printing? QUESTION-CAP-MARKER

## Customer value {.sales}
No printer drivers. SALES-MARKER

### Integration notes {.engineering}
Use the print queue. NESTED-ENG-MARKER

## Rollout
Beta with ten merchants.
";

/// Tagged sections in every kind: leadership reads visions, objectives and decisions;
/// sales reads releases; a section tagged for an audience that does not read the kind
/// (engineering in a vision) reaches nobody.
const VISION: &str = "---\nid: VIS-1\ntitle: Parcels without surprises\nstatus: active\n---\nEvery merchant knows where every parcel is.\n\n## Why it pays {.leadership}\nRetention. VIS-LEAD-MARKER\n\n## Platform {.engineering}\nOne stream. VIS-ENG-MARKER\n";
const OBJECTIVE: &str = "---\nid: OBJ-1\ntitle: Halve order-status tickets\nstatus: active\nvision: VIS-1\nquarter: 2027-Q1\nmetrics:\n  - { name: Tickets per 1k orders, baseline: 40, target: 20, unit: tickets }\n---\nTickets cost money.\n\n## Board view {.leadership}\nOn plan. OBJ-LEAD-MARKER\n\n### Carrier deal {.confidential}\nTerms. OBJ-CONF-MARKER\n";
const DECISION: &str = "---\nid: DEC-2\ntitle: Send SMS through one provider\nstatus: accepted\ndate: 2026-02-02\naffects: PRD-2\n---\nDecided.\n\n## Cost {.leadership}\nCheaper. DEC-LEAD-MARKER\n\n### Contract {.confidential}\nPrice. DEC-CONF-MARKER\n";
const RELEASE: &str = "---\nid: REL-1\ntitle: February release\nstatus: released\ndate: 2026-02-03\nincludes: PRD-1\n---\nTracking for everyone.\n\n## Talking points {.sales}\nBranded tracking. REL-SALES-MARKER\n\n## Rollout {.engineering}\nFlags. REL-ENG-MARKER\n\n## Revenue {.leadership}\nUpsell. REL-LEAD-MARKER\n";

/// Two commits: the base, and a change with every kind of news.
fn repository() -> (TestRepo, String) {
    let repo = TestRepo::new();
    repo.write("spex.yaml", "site:\n  title: Tracking specs\n")
        .write("vision/VIS-1.md", VISION)
        .write("objectives/OBJ-1.md", OBJECTIVE)
        .write("prds/PRD-1.md", &prd("PRD-1", "Tracking page", "in-progress", "2026-Q4", "", TRACKING_BODY))
        .write("prds/PRD-2.md", &prd("PRD-2", "Delay alerts", "review", "2029-Q2", "depends_on: PRD-1\n", "Tell shoppers first.\n\n## Customer value {.sales}\nNo surprises.\n"))
        .write("prds/PRD-3.md", &prd("PRD-3", "Returns labels", "approved", "2027-Q1", "depends_on: PRD-4\n", RETURNS_BODY))
        .write("prds/PRD-4.md", &prd("PRD-4", "CONF-TITLE-MARKER acquisition", "approved", "2027-Q2", "confidential: true\ndepends_on: PRD-3\n", "Buy a company. CONF-MARKER\n"))
        .write("prds/PRD-7.md", &prd("PRD-7", "SALES-ONLY-MARKER bundle", "approved", "2027-Q2", "audience: [sales]\n", "A bundle for resellers.\n"))
        .write("prds/PRD-8.md", &prd("PRD-8", "Label printing", "in-progress", "2026-Q4", "", LABELS_BODY))
        .write("prds/PRD-5.md", &prd("PRD-5", "Carbon labels", "draft", "2028-Q3", "", "Show emissions.\n"))
        .write("prds/PRD-6.md", &prd("PRD-6", "ENG-ONLY-MARKER rate limiter", "approved", "2027-Q2", "audience: [engineering]\n", "Protect the carriers.\n"))
        .write("roadmaps/RM-1.md", "---\nid: RM-1\ntitle: Tracking roadmap\nitems:\n  - { ref: PRD-1, horizon: now }\n  - { ref: PRD-2, horizon: later }\n  - { ref: PRD-3, horizon: next }\n  - { ref: PRD-5, horizon: later }\n  - { ref: PRD-7, horizon: next }\n---\nTracking first.\n")
        .write("decisions/DEC-1.md", "---\nid: DEC-1\ntitle: Use one event stream\nstatus: accepted\ndate: 2026-01-10\naffects: PRD-1\n---\nDecided.\n");
    let base = repo.commit("Plan tracking", "Ann Lee", day(2026, 1, 12));

    repo.write("prds/PRD-1.md", &prd("PRD-1", "Tracking page", "shipped", "2026-Q4", "", TRACKING_BODY))
        .write("prds/PRD-2.md", &prd("PRD-2", "Delay alerts", "approved", "2027-Q4", "depends_on: PRD-1\n", "Tell shoppers first.\n\n## Customer value {.sales}\nNo surprises.\n"))
        .write("prds/PRD-3.md", &prd("PRD-3", "Returns labels", "approved", "2027-Q3", "depends_on: PRD-4\n", RETURNS_BODY))
        .write("roadmaps/RM-1.md", "---\nid: RM-1\ntitle: Tracking roadmap\nitems:\n  - { ref: PRD-1, horizon: now }\n  - { ref: PRD-2, horizon: later }\n  - { ref: PRD-3, horizon: next }\n  - { ref: PRD-5, horizon: later }\n---\nTracking first.\n")
        .remove("prds/PRD-7.md")
        .write("decisions/DEC-2.md", DECISION)
        .write("releases/REL-1.md", RELEASE);
    repo.commit(
        "Ship tracking, approve alerts, move returns",
        "Ben Ode",
        day(2026, 2, 3),
    );
    (repo, base.to_string())
}

/// Runs `spex digest` with `args` and returns every file it wrote, by name.
/// The digests go to `.out/digests/` in the repository (hidden folders are not read as
/// specs), so file links are `../../prds/…` whatever the temporary folder is called.
fn digests(repo: &TestRepo, args: &[&str]) -> BTreeMap<String, String> {
    let out = repo.path().join(".out/digests");
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).expect("output folder");
    let output = run_digest(repo, args, &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files = read_dir(&out);
    fs::remove_dir_all(&out).expect("clean up");
    files
}

fn run_digest(repo: &TestRepo, args: &[&str], out: &Path) -> std::process::Output {
    spex()
        .arg("digest")
        .args(args)
        .arg("--out")
        .arg(out)
        .current_dir(repo.path())
        .env("SOURCE_DATE_EPOCH", day(2026, 2, 10).to_string())
        // Outside GitHub Actions links are relative paths; these would make them URLs.
        .env_remove("GITHUB_SHA")
        .env_remove("GITHUB_SERVER_URL")
        .env_remove("GITHUB_REPOSITORY")
        .output()
        .expect("spex runs")
}

/// The digests in a folder (not the hidden marker that keeps spex from reading it).
fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    fs::read_dir(dir)
        .expect("output folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
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
        engineering.contains("**shipped**: status: in progress → shipped"),
        "{engineering}"
    );
    assert!(engineering.contains("**approved**: status: review → approved"));
    // The mark says slipped; the line does not say it again.
    assert!(engineering.contains("**slipped**: target: 2027-Q1 → 2027-Q3\n"));
    assert_eq!(
        engineering
            .matches("DEC-2 Send SMS through one provider")
            .count(),
        1,
        "a new decision is listed once: {engineering}"
    );
    assert!(engineering.contains("NESTED-ENG-MARKER"), "{engineering}");
    let leadership = &files["digest-leadership.md"];
    assert!(leadership.contains("1 slipped"), "{leadership}");
    let sales = &files["digest-sales.md"];
    assert!(sales.contains("Coming in 2027-Q4"), "{sales}");
    // In customer words, without internal IDs or status names.
    assert!(
        sales.contains("[Delay alerts](../../prds/PRD-2.md): approved, planned for 2027-Q4"),
        "{sales}"
    );
    assert!(sales.contains("[Tracking page](../../prds/PRD-1.md): now available"));
    assert!(sales.contains("[Returns labels](../../prds/PRD-3.md): now planned for 2027-Q3"));
    assert!(
        !sales.contains("status:") && !sales.contains("`approved`"),
        "{sales}"
    );
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
        // PRD-7 (`audience: [sales]`) is removed: sales does not hear of removed PRDs.
        "SALES-MARKER" | "REL-SALES-MARKER" => Some("sales"),
        "SALES-ONLY-MARKER" | "PRD-7" => None,
        "ENG-MARKER" | "ENG-ONLY-MARKER" | "NESTED-ENG-MARKER" | "NEXT-ENG-MARKER" => {
            Some("engineering")
        }
        "LEAD-MARKER" | "VIS-LEAD-MARKER" | "OBJ-LEAD-MARKER" | "DEC-LEAD-MARKER" => {
            Some("leadership")
        }
        // Tagged for an audience whose digest does not read the kind: nobody.
        "VIS-ENG-MARKER" | "REL-ENG-MARKER" | "REL-LEAD-MARKER" => None,
        // Confidential (PRD-4, in a dependency cycle with PRD-3, and sections): nobody.
        _ => None,
    };
    for marker in [
        "SALES-MARKER",
        "REL-SALES-MARKER",
        "SALES-ONLY-MARKER",
        "PRD-7",
        "ENG-MARKER",
        "NESTED-ENG-MARKER",
        "NEXT-ENG-MARKER",
        "ENG-ONLY-MARKER",
        "VIS-ENG-MARKER",
        "REL-ENG-MARKER",
        "LEAD-MARKER",
        "VIS-LEAD-MARKER",
        "OBJ-LEAD-MARKER",
        "DEC-LEAD-MARKER",
        "REL-LEAD-MARKER",
        "CONF-MARKER",
        "OBJ-CONF-MARKER",
        "DEC-CONF-MARKER",
        "CONF-TITLE-MARKER",
        "PRD-4",
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
    // Sales never sees dates of unapproved work (PRD-5 is a draft; PRD-2 was in review
    // at 2029-Q2), nor decisions.
    for (name, text) in outputs.iter().filter(|(n, _)| n.contains("sales")) {
        assert!(!text.contains("2028-Q3"), "a draft's target reached {name}");
        assert!(
            !text.contains("2029-Q2"),
            "a pre-approval target reached {name}"
        );
        assert!(
            !text.contains("DEC-") && !text.contains("Send SMS"),
            "a decision reached {name}"
        );
        assert!(!text.contains("a confidential document"), "{name}");
    }
    // Asked for, confidential content does appear.
    let with = digests(
        &repo,
        &["--audience", "engineering", "--include-confidential"],
    );
    assert!(with.values().any(|t| t.contains("CONF-TITLE-MARKER")));
    // The leadership digest links notes rather than pasting them: its data has them.
    let with = digests(
        &repo,
        &[
            "--audience",
            "leadership",
            "--include-confidential",
            "--format",
            "json",
        ],
    );
    let text = with.values().next().expect("one digest");
    assert!(
        text.contains("OBJ-CONF-MARKER") && text.contains("DEC-CONF-MARKER"),
        "{text}"
    );
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

#[test]
fn links_to_files_work_from_the_folder_the_digest_is_written_to() {
    let (repo, _) = repository();
    let files = digests(
        &repo,
        &["--audience", "engineering", "--format", "markdown"],
    );
    let text = files.values().next().expect("one digest");
    assert!(text.contains("](../../prds/PRD-8.md)"), "{text}");
}

#[test]
fn out_naming_a_new_folder_gets_one_file_per_audience() {
    let (repo, _) = repository();
    let dir = repo.path().join(".out/new");
    let out = format!("{}/", dir.display());
    let output = run_digest(&repo, &["--audience", "sales"], Path::new(&out));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.join("digest-sales.md").is_file());
}

#[test]
fn an_audience_naming_a_missing_template_is_reported() {
    let (repo, _) = repository();
    repo.write(
        "spex.yaml",
        "site:\n  title: Tracking specs\naudiences:\n  partners:\n    template: digest-partnrs\n",
    );
    let dir = repo.path().join(".out/partners");
    let output = run_digest(&repo, &["--audience", "partners"], &dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("digest-partnrs"), "{stderr}");
}

#[test]
fn a_relative_base_url_warns_that_mailed_links_need_an_absolute_one() {
    let (repo, _) = repository();
    repo.write(
        "spex.yaml",
        "site:\n  title: Tracking specs\n  base_url: /specs/\n",
    );
    let dir = repo.path().join(".out/relative");
    let output = run_digest(&repo, &["--audience", "engineering"], &dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(stderr.matches("not an absolute URL").count(), 1, "{stderr}");
}

#[test]
fn long_requirements_and_open_questions_are_capped_with_a_link_to_the_rest() {
    let (repo, _) = repository();
    let files = digests(&repo, &["--audience", "engineering"]);
    let text = &files["digest-engineering.md"];
    assert!(text.contains("3. Print from Firefox."), "{text}");
    assert!(!text.contains("REQUIREMENT-CAP-MARKER"), "{text}");
    assert!(
        text.contains("[… and 1 more](../../prds/PRD-8.md#requirements)"),
        "{text}"
    );
    assert!(!text.contains("QUESTION-CAP-MARKER"), "{text}");
    assert!(text.contains("[… and 1 more](../../prds/PRD-8.md#open-questions)"));
}

/// Eight PRDs in progress with three questions each: the digest quotes six questions,
/// highest priority first, and links the rest.
#[test]
fn open_questions_are_capped_across_the_digest_by_priority() {
    let repo = TestRepo::new();
    repo.write("spex.yaml", "rules:\n  orphan: allow\n");
    for n in 1..=8 {
        let priority = if n == 8 { "P0" } else { "P2" };
        repo.write(
            &format!("prds/PRD-{n}.md"),
            &format!(
                "---\nid: PRD-{n}\ntitle: Work {n}\nstatus: in-progress\npriority: {priority}\n---\nText.\n\n## Open questions\n- Q{n}a?\n- Q{n}b?\n- Q{n}c?\n"
            ),
        );
    }
    repo.commit("Plan", "Ann Lee", day(2026, 1, 12));
    let files = digests(&repo, &["--audience", "engineering"]);
    let text = &files["digest-engineering.md"];
    let quoted = text.lines().filter(|l| l.starts_with("- Q")).count();
    assert_eq!(quoted, 6, "{text}");
    // P0 comes first, whatever its ID.
    assert!(text.find("Q8a").expect("P0 quoted") < text.find("Q1a").expect("quoted"));
    assert!(
        text.contains("More open questions in [PRD-3 Work 3](../../prds/PRD-3.md#open-questions)"),
        "{text}"
    );
}

#[test]
fn bare_digest_prints_every_audience_to_standard_output() {
    let (repo, _) = repository();
    let run = |args: &[&str]| {
        spex()
            .arg("digest")
            .args(args)
            .current_dir(repo.path())
            .env("SOURCE_DATE_EPOCH", day(2026, 2, 10).to_string())
            .env_remove("GITHUB_SHA")
            .output()
            .expect("spex runs")
    };
    let output = run(&[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for audience in ["engineering", "leadership", "sales"] {
        assert_eq!(
            stdout
                .matches(&format!("<!-- spex digest: {audience} -->\n# "))
                .count(),
            1,
            "{stdout}"
        );
    }
    assert_eq!(stdout.matches("\n---\n").count(), 2, "{stdout}");
    // Links from standard output are relative to the workspace.
    assert!(stdout.contains("](prds/PRD-8.md)"), "{stdout}");

    let output = run(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON array");
    let names: Vec<&str> = json
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["audience"].as_str().expect("audience"))
        .collect();
    assert_eq!(names, ["engineering", "leadership", "sales"]);

    let output = run(&["--format", "html"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--out"));
}

#[test]
fn json_digests_carry_a_schema_version_and_changes_as_data() {
    let (repo, base) = repository();
    let files = digests(
        &repo,
        &["--audience", "all", "--since", &base, "--format", "json"],
    );
    let parse = |name: &str| -> serde_json::Value {
        serde_json::from_str(&files[name]).expect("valid JSON")
    };
    let engineering = parse("digest-engineering.json");
    assert_eq!(engineering["schema_version"], 1);
    let changed = engineering["changes"]["changed"].as_array().expect("list");
    let returns = changed
        .iter()
        .find(|c| c["doc"]["id"] == "PRD-3")
        .expect("PRD-3 changed");
    assert_eq!(
        returns["fields"],
        serde_json::json!([{"field": "target", "old": "2027-Q1", "new": "2027-Q3", "slip": true}])
    );
    // Sales hears customer words only: no raw statuses or pre-approval dates as data.
    let sales = parse("digest-sales.json");
    for c in sales["changes"]["changed"].as_array().expect("list") {
        assert_eq!(c["fields"], serde_json::json!([]), "{c}");
    }
}

#[test]
fn leadership_reads_as_a_product_update() {
    let (repo, _) = repository();
    let files = digests(&repo, &["--audience", "leadership"]);
    let text = &files["digest-leadership.md"];
    assert!(
        text.starts_with("# Product update for leadership\n"),
        "{text}"
    );
    // Human status words, and PRDs marked for others counted in their own sentence.
    assert!(text.contains("in progress 1"), "{text}");
    assert!(!text.contains("in-progress"), "{text}");
    assert!(
        text.contains(". One of them is written for another audience and not named here."),
        "{text}"
    );
}

#[test]
fn digests_written_inside_the_workspace_are_never_read_or_published() {
    let (repo, _) = repository();
    let out = repo.path().join("digests");
    let output = run_digest(&repo, &["--include-confidential"], &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.join(".spex-digests").is_file(), "the folder is marked");
    let written: String = read_dir(&out).into_values().collect();
    assert!(
        written.contains("CONF-TITLE-MARKER"),
        "the digests include it"
    );

    let check = spex()
        .args(["check", "--format", "json", "--quiet"])
        .current_dir(repo.path())
        .output()
        .expect("spex runs");
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        !text.contains("digests/"),
        "digests are not documents: {text}"
    );
    let site = repo.path().join("site-out");
    let build = spex()
        .args(["build", "--allow-errors", "--out"])
        .arg(&site)
        .current_dir(repo.path())
        .output()
        .expect("spex runs");
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(
        !site.join("pages/digests").exists(),
        "no digest pages in the site"
    );
    for page in walk(&site) {
        let text = fs::read_to_string(&page).unwrap_or_default();
        assert!(!text.contains("CONF-TITLE-MARKER"), "{}", page.display());
    }

    // One Markdown file inside the workspace would be read; with confidential content
    // it is refused.
    let single = spex()
        .args([
            "digest",
            "--audience",
            "leadership",
            "--include-confidential",
            "--out",
            "lead.md",
        ])
        .current_dir(repo.path())
        .output()
        .expect("spex runs");
    assert_eq!(single.status.code(), Some(2));
    assert!(!repo.path().join("lead.md").exists());
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn several_audiences_into_a_file_name_is_a_usage_error() {
    let (repo, _) = repository();
    let output = run_digest(&repo, &["--audience", "all"], &repo.path().join("all.md"));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("give a folder"));
    assert!(!repo.path().join("all.md").exists());
}

fn tree_of(dir: &Path) -> BTreeMap<std::path::PathBuf, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|p| {
            let bytes = fs::read(&p).expect("read");
            (p, bytes)
        })
        .collect()
}

/// What `spex check` prints (standard output, standard error).
fn checked_documents(repo: &TestRepo) -> (String, String) {
    let check = spex()
        .args(["check", "--color", "never"])
        .current_dir(repo.path())
        .output()
        .expect("spex runs");
    (
        String::from_utf8_lossy(&check.stdout).into_owned(),
        String::from_utf8_lossy(&check.stderr).into_owned(),
    )
}

/// Issue 1/8 audit, point 10: `spex digest --out prds/` marked the folder, and every
/// spec in it vanished from `check` and the site. A folder of documents is refused, and a
/// marker found among documents (from an older spex) hides none of them.
#[test]
fn issue_10_a_digest_folder_never_hides_documents() {
    let (repo, _) = repository();
    let (before, _) = checked_documents(&repo);
    let prds = repo.path().join("prds");
    let files_before = tree_of(&prds);
    let output = run_digest(&repo, &["--audience", "all"], &repo.path().join("prds/"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("holds documents"), "{stderr}");
    assert!(tree_of(&prds) == files_before, "nothing written into prds/");
    assert!(!prds.join(".spex-digests").exists());

    // A marker an older spex left there: the documents are still read, with a warning.
    fs::write(
        prds.join(".spex-digests"),
        "Written by `spex digest`. spex does not read this folder as part of the workspace,\nso digests here never become pages of the site.\n",
    )
    .expect("write");
    let (after, stderr) = checked_documents(&repo);
    // "1 error, 3 warnings in 13 documents": the document count must not change.
    let summary = |text: &str| {
        text.lines()
            .filter_map(|l| {
                l.rsplit_once(" in ")
                    .filter(|(_, n)| n.ends_with(" documents"))
            })
            .map(|(_, n)| n.to_owned())
            .next_back()
            .unwrap_or_default()
    };
    assert!(summary(&before).ends_with(" documents"), "{before}");
    assert_eq!(summary(&after), summary(&before), "{after}{stderr}");
    assert!(
        after.contains("prds/.spex-digests") && after.contains("they are read"),
        "{after}"
    );
}

/// Issue 1/8 audit, point 11: `spex digest --out prds/PRD-1.md` replaced a spec with a
/// digest. A file spex digest did not write is never overwritten; its own digests are.
#[test]
fn issue_11_a_digest_never_overwrites_a_file_it_did_not_write() {
    let (repo, _) = repository();
    let spec = fs::read(repo.path().join("prds/PRD-1.md")).expect("read");
    let output = run_digest(
        &repo,
        &["--audience", "sales"],
        &repo.path().join("prds/PRD-1.md"),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("refusing to overwrite"), "{stderr}");
    assert_eq!(
        fs::read(repo.path().join("prds/PRD-1.md")).expect("read"),
        spec
    );

    // A folder holding a file of the same name as a digest: nothing at all is written.
    let outside = tempfile::tempdir().expect("dir");
    fs::write(outside.path().join("digest-sales.md"), "my notes").expect("write");
    let output = run_digest(&repo, &["--audience", "all"], outside.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(fs::read_dir(outside.path()).expect("dir").count(), 1);
    assert_eq!(
        fs::read_to_string(outside.path().join("digest-sales.md")).expect("kept"),
        "my notes"
    );

    // Re-running the same command replaces spex's own digests, one file or a folder.
    let single = outside.path().join("sales.md");
    for _ in 0..2 {
        let output = run_digest(&repo, &["--audience", "sales"], &single);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let output = run_digest(&repo, &["--audience", "all"], &repo.path().join("digests/"));
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(
        fs::read_to_string(&single)
            .expect("written")
            .starts_with("# ")
    );
    // The digest written inside the workspace is not a document.
    let (check, _) = checked_documents(&repo);
    assert!(!check.contains("digests/"), "{check}");
}

/// What makes the sales digest the sales digest is configuration (`digest: sales`,
/// `wording: customer` in `src/config/builtin_audiences.yaml`), not its name: an
/// audience of the workspace configured the same way gets the same digest.
#[test]
fn an_audience_configured_like_sales_gets_the_sales_digest() {
    let (repo, base) = repository();
    repo.write(
        "spex.yaml",
        "site:\n  title: Tracking specs\naudiences:\n  buyers:\n    digest: sales\n    wording: customer\n    kinds: [prd, release]\n    fields: [id, title, status, target, tags, team]\n    tags: [sales]\n    untagged: false\n  readers:\n    tags: [sales]\n    untagged: false\n",
    );
    let files = digests(
        &repo,
        &["--audience", "all", "--since", &base, "--format", "json"],
    );
    let parse = |name: &str| -> serde_json::Value {
        serde_json::from_str(&files[name]).expect("valid JSON")
    };
    let (sales, buyers) = (parse("digest-sales.json"), parse("digest-buyers.json"));
    assert!(sales["sales"].is_object(), "{sales}");
    assert_eq!(buyers["sales"], sales["sales"]);
    assert_eq!(buyers["changes"], sales["changes"]);
    // Without those settings the same tags make an audience of tagged sections, worded
    // for the team: IDs, and dates from before approval.
    let readers = parse("digest-readers.json");
    assert!(
        readers["sales"].is_null() && readers["sections"].is_array(),
        "{readers}"
    );
    let changed = readers["changes"]["changed"].as_array().expect("list");
    assert!(
        changed.iter().any(|c| c["fields"] != serde_json::json!([])),
        "{readers}"
    );
}

/// Issue 17: "What happened" quotes the requirements it says were added or removed,
/// as the documents' own lines do.
#[test]
fn issue_17_what_happened_quotes_added_and_removed_requirements() {
    let repo = TestRepo::new();
    let doc = |id: &str, items: &str| {
        let body = format!("Refunds.\n\n## Requirements\n{items}\n");
        prd(id, "Refunds", "approved", "2027-Q1", "", &body)
    };
    repo.write("spex.yaml", "site:\n  title: Refunds\n")
        .write("prds/PRD-1.md", &doc("PRD-1", "1. Refund by card."))
        .write(
            "prds/PRD-2.md",
            &doc("PRD-2", "- Refund by card.\n- Refund by PayPal."),
        );
    let base = repo.commit("Plan refunds", "Ann Lee", day(2026, 1, 12));
    repo.write(
        "prds/PRD-1.md",
        &doc(
            "PRD-1",
            "1. Refund by card.\n2. Refunds complete within **2 s**.",
        ),
    )
    .write(
        "prds/PRD-2.md",
        &doc("PRD-2", "- Refund by card.\n- Refund by bank transfer."),
    );
    repo.commit("Faster refunds", "Ben Ode", day(2026, 2, 3));
    let base = base.to_string();
    let files = digests(&repo, &["--audience", "engineering", "--since", &base]);
    let text = &files["digest-engineering.md"];
    let happened = text
        .lines()
        .find(|l| l.starts_with("What happened:"))
        .expect(text);
    for quoted in [
        r#"PRD-1: requirement added — "Refunds complete within 2 s.""#,
        r#"PRD-2: Requirements changed — added "Refund by bank transfer.", removed "Refund by PayPal.""#,
    ] {
        assert!(happened.contains(quoted), "{quoted}\n{happened}");
    }
    for line in [
        r#"requirement added — "Refunds complete within 2 s.""#,
        r#"requirement added — "Refund by bank transfer."; requirement removed — "Refund by PayPal.""#,
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
}

/// A confidential digest written beside the specs is refused, and the help points out
/// of the workspace, never at a folder inside it that `git add .` would commit.
#[test]
fn a_confidential_digest_inside_the_workspace_is_refused_with_a_way_out() {
    let (repo, _) = repository();
    let out = repo.path().join("leadership.md");
    let output = run_digest(
        &repo,
        &["--audience", "leadership", "--include-confidential"],
        &out,
    );
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("refusing to write"), "{said}");
    assert!(said.contains("write it outside the workspace"), "{said}");
    assert!(!said.contains("--out digests/"), "{said}");
    assert!(!out.exists());
}

/// A planned release that lists nothing is no heading for the features after it, and an
/// "Available now" with nothing released says so.
#[test]
fn the_sales_digest_puts_no_feature_under_an_empty_release() {
    let ws = crate::support::TestWorkspace::new()
        .file(
            "prds/PRD-1.md",
            "---\nid: PRD-1\ntitle: Shipping insurance\nstatus: approved\nowner: Ann\ntarget: 2027-Q3\n---\nInsure parcels.\n\n## Customer value {.sales}\nFewer refunds for lost parcels.\n",
        )
        .file(
            "releases/REL-1.md",
            "---\nid: REL-1\ntitle: Spring release\nstatus: planned\n---\nWhat this release brings.\n",
        );
    let output = ws.run(["digest", "--audience", "sales"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains("Spring release"), "{text}");
    assert!(
        text.contains("### Available now\n\nNothing has shipped yet."),
        "{text}"
    );
    assert!(text.contains("**[Shipping insurance]"), "{text}");
}
