//! Git-native behaviour on real repositories: history (renames, merges, uncommitted
//! changes, shallow clones), compiling at a revision, the semantic diff, focused checks,
//! and the history rules.

mod config_for_revisions;
mod diff;
mod events;
mod focus;
mod history;
mod history_cache;
mod material;
mod missing;
mod scope;
mod trust;

use std::fs;

use git2::Oid;

use crate::git_repo::{TestRepo, day};
use crate::support::{assert_golden, repo_root, spex};

const VISION: &str = "---\nid: VIS-1\ntitle: Parcels without surprises\nstatus: active\n---\nEvery merchant knows where every parcel is.\n";
const OBJECTIVE: &str = "---\nid: OBJ-1\ntitle: Halve order-status tickets\nstatus: active\nvision: VIS-1\n---\nTickets cost money.\n";

fn prd(id: &str, title: &str, status: &str, target: &str, extra: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {title}\nstatus: {status}\nowner: Ann Lee\ntarget: {target}\nobjectives: OBJ-1\n{extra}---\n{body}"
    )
}

const TRACKING_BODY: &str =
    "## Problem\nShoppers ask where parcels are.\n\n## Requirements\n1. A branded page.\n";

fn roadmap(prd1: &str) -> String {
    format!(
        "---\nid: RM-1\ntitle: Tracking roadmap\nitems:\n  - {{ ref: PRD-1, horizon: {prd1} }}\n  - {{ ref: PRD-2, horizon: later }}\n---\nTracking first.\n"
    )
}

/// The commits of the scenario every test here uses.
struct Scenario {
    repo: TestRepo,
    c1: Oid,
    c4: Oid,
    c7: Oid,
}

/// A workspace in `specs/` of a repository: a rename, a side branch merged back, a
/// removal, a status change and a slipped target.
fn scenario() -> Scenario {
    let repo = TestRepo::new();
    repo.write("README.md", "# Product repo\n")
        .write("specs/spex.yaml", "site:\n  title: Tracking specs\n")
        .write("specs/vision/VIS-1.md", VISION)
        .write("specs/objectives/OBJ-1.md", OBJECTIVE)
        .write(
            "specs/prds/PRD-1.md",
            &prd(
                "PRD-1",
                "Tracking page",
                "draft",
                "2027-Q1",
                "",
                TRACKING_BODY,
            ),
        )
        .write(
            "specs/prds/PRD-2.md",
            &prd(
                "PRD-2",
                "Delay alerts",
                "draft",
                "2027-Q2",
                "depends_on: PRD-1\n",
                "Tell shoppers first.\n",
            ),
        )
        .write(
            "specs/prds/PRD-3.md",
            &prd(
                "PRD-3",
                "Paper labels",
                "draft",
                "2027-Q3",
                "",
                "Print labels.\n",
            ),
        )
        .write("specs/roadmaps/RM-1.md", &roadmap("next"));
    let c1 = repo.commit("Add tracking specs", "Ann Lee", day(2026, 1, 5));

    let approved = format!("{TRACKING_BODY}\n## Rollout plan\nThree pilot merchants.\n");
    repo.write(
        "specs/prds/PRD-1.md",
        &prd(
            "PRD-1",
            "Tracking page",
            "approved",
            "2027-Q2",
            "",
            &approved,
        ),
    );
    repo.commit("Approve the tracking page", "Ben Ode", day(2026, 2, 10));

    repo.rename("specs/prds/PRD-1.md", "specs/prds/PRD-001-tracking.md");
    repo.commit("Name the tracking PRD file", "Cy Dunn", day(2026, 3, 4));

    repo.branch("delay");
    let delay = prd(
        "PRD-4",
        "Delay predictions",
        "draft",
        "2027-Q3",
        "related: PRD-9\n",
        "Predict delays.\n",
    );
    repo.write("specs/prds/PRD-4.md", &delay);
    let c4 = repo.commit("Draft delay predictions", "Dee Fox", day(2026, 3, 10));

    repo.checkout("main");
    repo.write("specs/roadmaps/RM-1.md", &roadmap("now"));
    repo.commit("Plan the tracking page now", "Ann Lee", day(2026, 3, 12));

    repo.write("specs/prds/PRD-4.md", &delay);
    repo.commit_with_parents(
        "Merge delay predictions",
        "Ben Ode",
        day(2026, 3, 15),
        &[c4],
    );

    repo.remove("specs/prds/PRD-3.md");
    repo.write(
        "specs/prds/PRD-4.md",
        &prd(
            "PRD-4",
            "Delay predictions",
            "draft",
            "2027-Q3",
            "related: PRD-2\n",
            "Predict delays.\n",
        ),
    );
    let c7 = repo.commit(
        "Drop paper labels; relate delay predictions",
        "Cy Dunn",
        day(2026, 4, 1),
    );
    Scenario { repo, c1, c4, c7 }
}

/// Runs spex in the repository with fixed "now" for the history rules.
fn run(repo: &TestRepo, args: &[&str]) -> (i32, String, String) {
    let output = spex()
        .args(args)
        .current_dir(repo.path())
        .env("SOURCE_DATE_EPOCH", day(2026, 6, 1).to_string())
        // Outside GitHub Actions, whatever runs the tests: diff links stay paths.
        .env_remove("GITHUB_SERVER_URL")
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("GITHUB_SHA")
        .env_remove("GITHUB_HEAD_REF")
        .output()
        .expect("spex runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn json_rules(stdout: &str) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(stdout).expect("JSON output");
    json.as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["file"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn history_follows_renames_and_side_branches_in_one_walk() {
    let s = scenario();
    let git = spex::git::GitRepo::open(&s.repo.join("specs"))
        .expect("opens")
        .expect("a repository");
    let history = git.history(None, true).expect("history");
    assert!(!history.truncated);

    let tracking = "prds/PRD-001-tracking.md";
    let subjects: Vec<&str> = history
        .of(tracking)
        .expect("tracked")
        .commits
        .iter()
        .map(|&i| history.commits[i].subject.as_str())
        .collect();
    assert_eq!(
        subjects,
        [
            "Name the tracking PRD file",
            "Approve the tracking page",
            "Add tracking specs"
        ]
    );
    let updated = history.updated(tracking).expect("updated");
    assert_eq!(
        (updated.date.as_str(), updated.author.as_str()),
        ("2026-03-04", "Cy Dunn")
    );
    let created = history
        .created(tracking)
        .expect("created, across the rename");
    assert_eq!(
        (created.date.as_str(), created.author.as_str()),
        ("2026-01-05", "Ann Lee")
    );
    assert_eq!(history.authors(tracking), ["Ann Lee", "Ben Ode", "Cy Dunn"]);

    // Made on a side branch and merged: the branch commit counts, the merge does not.
    let delay: Vec<&str> = history
        .of("prds/PRD-4.md")
        .expect("tracked")
        .commits
        .iter()
        .map(|&i| history.commits[i].author.as_str())
        .collect();
    assert_eq!(delay, ["Cy Dunn", "Dee Fox"]);
    assert!(
        history.of("prds/PRD-3.md").is_none(),
        "a deleted file has no history"
    );
    assert_eq!(
        history.head.as_ref().map(|c| c.id.clone()),
        Some(s.c7.to_string())
    );
}

#[test]
fn uncommitted_changes_show_on_the_site() {
    let s = scenario();
    s.repo.write(
        "specs/prds/PRD-2.md",
        &prd(
            "PRD-2",
            "Delay alerts",
            "review",
            "2027-Q2",
            "depends_on: PRD-1\n",
            "Tell shoppers first.\n",
        ),
    );
    let out = tempfile::tempdir().expect("dir");
    let (code, _, stderr) = run(
        &s.repo,
        &[
            "build",
            "specs",
            "--out",
            out.path().to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let page = |p: &str| fs::read_to_string(out.path().join(p)).expect("page");
    let tracking = page("prd/PRD-1.html");
    assert!(
        tracking.contains("Last updated 2026-03-04 by Cy Dunn · created 2026-01-05 by Ann Lee"),
        "{tracking}"
    );
    assert!(tracking.contains("Approve the tracking page"));
    assert!(page("prd/PRD-2.html").contains("modified, not committed"));
    let feed = page("feed.xml");
    assert!(
        feed.contains("<updated>2026-04-01T12:00:00Z</updated>"),
        "the feed's time comes from git: {feed}"
    );
    assert!(page("index.html").contains("Recently changed"));
}

#[test]
fn rev_compiles_the_past_without_touching_the_work_tree_or_index() {
    let s = scenario();
    let index_before = fs::read(s.repo.join(".git/index")).expect("index");
    s.repo.write(
        "specs/prds/PRD-2.md",
        "---\nid: PRD-2\ntitle: Broken now\nowner: A\ndepends_on: PRD-77\n---\nBody.\n",
    );
    let (code, _, _) = run(&s.repo, &["check", "specs"]);
    assert_eq!(code, 1, "the work tree is broken");
    let (code, stdout, stderr) = run(
        &s.repo,
        &[
            "check", "specs", "--rev", "HEAD", "--format", "json", "--quiet",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let c4 = s.c4.to_string();
    let (code, stdout, _) = run(
        &s.repo,
        &[
            "check", "specs", "--rev", &c4, "--format", "json", "--quiet",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        json_rules(&stdout).contains(&("unknown-reference".into(), "prds/PRD-4.md".into())),
        "{stdout}"
    );
    let (code, _, _) = run(&s.repo, &["check", "specs", "--rev", "delay~1"]);
    assert_eq!(code, 0, "branch expressions work");
    assert!(
        fs::read_to_string(s.repo.join("specs/prds/PRD-2.md"))
            .expect("file")
            .contains("Broken now")
    );
    assert_eq!(
        fs::read(s.repo.join(".git/index")).expect("index"),
        index_before,
        "the index is untouched"
    );

    let out = tempfile::tempdir().expect("dir");
    let c1 = s.c1.to_string();
    let (code, _, stderr) = run(
        &s.repo,
        &[
            "build",
            "specs",
            "--rev",
            &c1,
            "--out",
            out.path().to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        out.path().join("prd/PRD-3.html").exists(),
        "PRD-3 existed at the first commit"
    );
    let (code, _, stderr) = run(&s.repo, &["check", "specs", "--rev", "no-such-branch"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown revision `no-such-branch`"),
        "{stderr}"
    );
}

#[test]
fn semantic_diff_matches_its_golden_files() {
    let s = scenario();
    let range = format!("{}..{}", s.c1, s.c7);
    let expected = repo_root().join("tests/git-expected");
    for (format, file) in [
        ("human", "diff.txt"),
        ("markdown", "diff.md"),
        ("json", "diff.json"),
    ] {
        let (code, stdout, stderr) = run(
            &s.repo,
            &["diff", &range, "--path", "specs", "--format", format],
        );
        assert_eq!(code, 0, "{stderr}");
        assert_golden(stdout, &expected.join(file));
    }
    // From the side branch to main: the unknown reference was fixed.
    let (_, stdout, _) = run(
        &s.repo,
        &[
            "diff",
            &format!("{}..{}", s.c4, s.c7),
            "--path",
            "specs",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(
        json["diagnostics_fixed"][0]["rule"], "unknown-reference",
        "{stdout}"
    );
}

#[test]
fn diff_defaults_to_the_merge_base_with_the_default_branch() {
    let s = scenario();
    s.repo.branch("feature");
    s.repo.write(
        "specs/prds/PRD-2.md",
        &prd(
            "PRD-2",
            "Delay alerts",
            "review",
            "2027-Q2",
            "depends_on: PRD-1\n",
            "Tell shoppers first.\n",
        ),
    );
    let (code, stdout, stderr) = run(&s.repo, &["diff", "--path", "specs"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!(
            "spex diff {}..the work tree",
            &s.c7.to_string()[..7]
        )),
        "{stdout}"
    );
    assert!(stdout.contains("status: draft → review"), "{stdout}");
}

#[test]
fn changed_since_reports_changed_documents_and_the_damage_elsewhere() {
    let s = scenario();
    // An old problem in a document the change does not touch.
    s.repo.write(
        "specs/prds/PRD-001-tracking.md",
        &prd(
            "PRD-1",
            "Tracking page",
            "approved",
            "2027-Q2",
            "",
            "See [the guide](guide.md).\n",
        ),
    );
    s.repo.commit("Link the guide", "Ann Lee", day(2026, 4, 2));
    // The change: PRD-2 goes, and PRD-4 and RM-1 still refer to it.
    s.repo.remove("specs/prds/PRD-2.md");
    let (_, all, _) = run(&s.repo, &["check", "specs", "--format", "json", "--quiet"]);
    assert!(json_rules(&all).contains(&("broken-link".into(), "prds/PRD-001-tracking.md".into())));
    let (code, focused, _) = run(
        &s.repo,
        &[
            "check",
            "specs",
            "--changed-since",
            "HEAD",
            "--format",
            "json",
            "--quiet",
        ],
    );
    assert_eq!(code, 1);
    let rules = json_rules(&focused);
    assert!(
        rules.contains(&("unknown-reference".into(), "prds/PRD-4.md".into())),
        "{focused}"
    );
    assert!(
        rules.contains(&("unknown-reference".into(), "roadmaps/RM-1.md".into())),
        "{focused}"
    );
    assert!(
        !rules.iter().any(|(_, f)| f == "prds/PRD-001-tracking.md"),
        "unrelated old problems stay quiet: {focused}"
    );
}

#[test]
fn suspect_links_and_stale_documents_come_from_history() {
    let s = scenario();
    let (_, stdout, _) = run(&s.repo, &["check", "specs", "--format", "json", "--quiet"]);
    let rules = json_rules(&stdout);
    assert!(
        rules.contains(&("suspect-link".into(), "prds/PRD-2.md".into())),
        "PRD-2 depends on PRD-1, which changed after it: {stdout}"
    );
    assert!(
        !rules.iter().any(|(r, _)| r == "stale"),
        "stale is off by default"
    );

    s.repo.write(
        "specs/spex.yaml",
        "site:\n  title: Tracking specs\nrules:\n  stale: { severity: warn, days: 60 }\n",
    );
    let (code, stdout, _) = run(&s.repo, &["check", "specs", "--format", "json", "--quiet"]);
    assert_eq!(code, 0, "warnings only");
    let stale: Vec<String> = json_rules(&stdout)
        .into_iter()
        .filter(|(r, _)| r == "stale")
        .map(|(_, f)| f)
        .collect();
    // Active or approved and unchanged for over 60 days on 2026-06-01: the vision and
    // objective (since 2026-01-05) and the tracking PRD (since 2026-03-04); drafts never.
    assert_eq!(
        stale,
        [
            "objectives/OBJ-1.md",
            "prds/PRD-001-tracking.md",
            "vision/VIS-1.md"
        ],
        "{stdout}"
    );
}

#[test]
fn a_shallow_clone_says_history_is_truncated_and_still_works() {
    let s = scenario();
    let third = s.repo.repo.revparse_single("HEAD~3").expect("rev").id(); // "Name the tracking PRD file"
    s.repo.make_shallow_at(third);
    let git = spex::git::GitRepo::open(&s.repo.join("specs"))
        .expect("opens")
        .expect("repository");
    let history = git.history(None, false).expect("history");
    assert!(history.truncated);
    assert!(
        history.created("prds/PRD-001-tracking.md").is_none(),
        "its creation is beyond the cut"
    );
    assert_eq!(
        history
            .updated("prds/PRD-001-tracking.md")
            .expect("known")
            .author,
        "Cy Dunn"
    );
    let (code, _, stderr) = run(&s.repo, &["check", "specs"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr.matches("shallow clone").count(),
        1,
        "said once: {stderr}"
    );
}

#[test]
fn without_a_repository_git_features_are_off_with_one_note() {
    let dir = tempfile::tempdir().expect("dir");
    fs::create_dir_all(dir.path().join("prds")).expect("mkdir");
    fs::write(
        dir.path().join("prds/PRD-1.md"),
        prd("PRD-1", "Tracking", "draft", "2027-Q1", "", "Body.\n")
            .replace("objectives: OBJ-1\n", ""),
    )
    .expect("write");
    let output = spex()
        .args(["check", "."])
        .current_dir(dir.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().expect("parent"),
        )
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.matches("not in a git repository").count(),
        1,
        "{stderr}"
    );
    let output = spex()
        .args(["diff"])
        .current_dir(dir.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().expect("parent"),
        )
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("needs a git repository"));
}

#[test]
fn rev_accepts_tags_on_check_and_digest() {
    let s = scenario();
    let first = s.repo.repo.find_object(s.c1, None).expect("commit");
    s.repo
        .repo
        .tag_lightweight("v1", &first, false)
        .expect("tag");
    let signature = git2::Signature::new(
        "Ann Lee",
        "ann@example.com",
        &git2::Time::new(day(2026, 1, 6), 0),
    )
    .expect("signature");
    s.repo
        .repo
        .tag("v1-annotated", &first, &signature, "First cut", false)
        .expect("annotated tag");
    for tag in ["v1", "v1-annotated"] {
        let (code, stdout, stderr) = run(
            &s.repo,
            &[
                "check", "specs", "--rev", tag, "--format", "json", "--quiet",
            ],
        );
        assert_eq!(code, 0, "{tag}: {stdout}{stderr}");
        let (code, digest, stderr) = run(
            &s.repo,
            &[
                "digest",
                "specs",
                "--rev",
                tag,
                "--audience",
                "engineering",
                "--format",
                "json",
            ],
        );
        assert_eq!(code, 0, "{tag}: {stderr}");
        let json: serde_json::Value = serde_json::from_str(&digest).expect("JSON");
        assert_eq!(
            json["head"]["id"].as_str(),
            Some(s.c1.to_string().as_str()),
            "{tag}: the digest describes the tagged commit"
        );
        assert!(
            digest.contains("PRD-1") && !digest.contains("Delay predictions"),
            "{tag}: PRD-4 did not exist yet: {digest}"
        );
    }
}
