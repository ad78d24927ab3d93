//! The semantic diff on a change that touches every kind of field, reference, roadmap
//! item and section, plus a renamed file and links for pull-request comments.

use super::{OBJECTIVE, VISION, run};
use crate::git_repo::{TestRepo, day};
use crate::support::{assert_golden, repo_root};

const VISION_EDITED: &str = "---\nid: VIS-1\ntitle: Parcels without surprises\nstatus: active\n---\nEvery merchant, and every shopper, knows where every parcel is.\n";

fn tracking(front: &str, body: &str) -> String {
    format!(
        "---\nid: PRD-1\ntitle: Tracking page\nstatus: draft\nobjectives: OBJ-1\n{front}---\n{body}"
    )
}

fn simple(id: &str, title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {title}\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n{extra}---\n{body}"
    )
}

const ROADMAP_BASE: &str = "---\nid: RM-1\ntitle: Tracking roadmap\nitems:\n  - { ref: PRD-1, horizon: later }\n  - { ref: PRD-2, horizon: later, quarter: 2027-Q1 }\n  - { ref: PRD-3, horizon: later }\n---\nTracking first.\n";
const ROADMAP_HEAD: &str = "---\nid: RM-1\ntitle: Tracking roadmap\nitems:\n  - { ref: PRD-1, horizon: later }\n  - { ref: PRD-2, horizon: later, quarter: 2027-Q3 }\n  - { ref: PRD-5, horizon: later }\n---\nTracking first.\n";

/// Returns the repository and the base and head commits.
fn rich_change() -> (TestRepo, String, String) {
    let repo = TestRepo::new();
    repo.write("specs/spex.yaml", "site:\n  title: Tracking specs\n")
        .write("specs/vision/VIS-1.md", VISION)
        .write("specs/objectives/OBJ-1.md", OBJECTIVE)
        .write(
            "specs/prds/PRD-1.md",
            &tracking(
                "owner: Ann Lee\npriority: P2\ntags: [tracking]\nteam: Web\nrelated: PRD-3\n",
                "## Problem\nShoppers ask.\n\n## Scope\nA page.\n\n## Risks\nCarrier data.\n",
            ),
        )
        .write(
            "specs/prds/PRD-2.md",
            &simple("PRD-2", "Delay alerts", "depends_on: PRD-1\n", "Alerts.\n"),
        )
        .write(
            "specs/prds/PRD-3.md",
            &simple(
                "PRD-3",
                "Paper labels",
                "",
                "See [the label spec](label-spec.md).\n",
            ),
        )
        .write(
            "specs/prds/PRD-5.md",
            &simple("PRD-5", "Carrier feed", "", "Feed.\n"),
        )
        .write("specs/roadmaps/RM-1.md", ROADMAP_BASE);
    repo.commit("Add tracking specs", "Ann Lee", day(2026, 1, 5));
    // Before the range: the objective now lags its vision. That note is old news.
    repo.write("specs/vision/VIS-1.md", VISION_EDITED);
    let base = repo.commit("Widen the vision", "Ben Ode", day(2026, 1, 20));

    repo.write(
        "specs/prds/PRD-1.md",
        &tracking(
            "owner: Ben Ode\npriority: P1\ntags: [tracking, mobile]\nteam: Apps\ndepends_on: PRD-5\n",
            "## Problem\nShoppers ask, often.\n\n## Scope\nA page.\n\nSee [[PRD-404]].\n",
        ),
    )
    .rename("specs/prds/PRD-3.md", "specs/prds/PRD-003-labels.md")
    .write("specs/roadmaps/RM-1.md", ROADMAP_HEAD);
    let head = repo.commit("Rework the tracking page", "Cy Dunn", day(2026, 2, 2));
    (repo, base.to_string(), head.to_string())
}

#[test]
fn a_rich_change_matches_its_golden_files() {
    let (repo, base, head) = rich_change();
    let range = format!("{base}..{head}");
    let expected = repo_root().join("tests/git-expected");
    for (format, file) in [
        ("human", "rich.txt"),
        ("markdown", "rich.md"),
        ("json", "rich.json"),
    ] {
        let (code, stdout, stderr) = run(
            &repo,
            &["diff", &range, "--path", "specs", "--format", format],
        );
        assert_eq!(code, 0, "{stderr}");
        assert_golden(stdout, &expected.join(file));
    }
}

#[test]
fn a_renamed_file_keeps_its_diagnostics() {
    let (repo, base, head) = rich_change();
    let (_, stdout, _) = run(
        &repo,
        &[
            "diff",
            &format!("{base}..{head}"),
            "--path",
            "specs",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let rules = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .expect("array")
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    d["rule"].as_str().unwrap_or(""),
                    d["file"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    assert!(
        !rules("diagnostics_fixed")
            .iter()
            .any(|d| d.starts_with("broken-link")),
        "{stdout}"
    );
    assert!(
        !rules("diagnostics_introduced")
            .iter()
            .any(|d| d.starts_with("broken-link")),
        "{stdout}"
    );
    let (_, check, _) = run(
        &repo,
        &[
            "check", "specs", "--rev", &head, "--format", "json", "--quiet",
        ],
    );
    assert!(
        super::json_rules(&check).contains(&("suspect-link".into(), "objectives/OBJ-1.md".into())),
        "{check}"
    );
    assert_eq!(
        rules("suspect_links"),
        ["suspect-link prds/PRD-2.md"],
        "the objective lagged its vision before the range: {stdout}"
    );
}

#[test]
fn markdown_links_do_not_depend_on_the_current_folder() {
    let (repo, base, head) = rich_change();
    let range = format!("{base}..{head}");
    let from_root = run(
        &repo,
        &["diff", &range, "--path", "specs", "--format", "markdown"],
    )
    .1;
    let output = crate::support::spex()
        .args(["diff", &range, "--path", "..", "--format", "markdown"])
        .current_dir(repo.join("specs/prds"))
        .env_remove("GITHUB_SERVER_URL")
        .output()
        .expect("runs");
    let from_sub = String::from_utf8_lossy(&output.stdout);
    assert!(from_root.contains("(specs/prds/PRD-1.md)"), "{from_root}");
    assert_eq!(from_sub, from_root);

    let output = crate::support::spex()
        .args(["diff", &range, "--path", "specs", "--format", "markdown"])
        .current_dir(repo.path())
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "acme/specs")
        .env("GITHUB_SHA", "0123abc")
        .output()
        .expect("runs");
    let on_github = String::from_utf8_lossy(&output.stdout);
    assert!(
        on_github.contains(&format!(
            "(https://github.com/acme/specs/blob/{head}/specs/prds/PRD-1.md)"
        )),
        "links to the head commit's files: {on_github}"
    );
}

#[test]
fn three_dots_start_at_the_merge_base() {
    let (repo, base, _) = rich_change();
    repo.branch("side");
    repo.write(
        "specs/prds/PRD-5.md",
        &simple("PRD-5", "Carrier feed v2", "", "Feed.\n"),
    );
    repo.commit("Rename the feed", "Dee Fox", day(2026, 2, 3));
    // `main...side` is what side did since it left main: the feed's title only.
    let (code, stdout, stderr) = run(&repo, &["diff", "main...side", "--path", "specs"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("title: Carrier feed → Carrier feed v2"),
        "{stdout}"
    );
    assert!(
        stdout.contains("0 added, 0 removed, 0 renamed, 1 changed"),
        "{stdout}"
    );
    // `..side` is HEAD..side; HEAD is side, so nothing changed.
    let (_, stdout, _) = run(&repo, &["diff", "..side", "--path", "specs"]);
    assert!(stdout.contains("No document changed."), "{stdout}");
    let _ = base;
}

/// Like every other command, `diff` shows what is wrong in spex.yaml and exits 2.
#[test]
fn a_broken_spex_yaml_is_reported_at_its_line() {
    let (repo, _, _) = rich_change();
    repo.write(
        "specs/spex.yaml",
        "site:\n  title: Tracking specs\nrules:\n  orphans: allow\n",
    );
    let (code, stdout, stderr) = run(&repo, &["diff", "--path", "specs", "--color", "never"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty(), "no diff from a broken config: {stdout}");
    assert!(stderr.contains("unknown rule `orphans`"), "{stderr}");
    assert!(stderr.contains("spex.yaml:4:3"), "{stderr}");
}
