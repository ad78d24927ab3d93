//! Issue 13.6: older revisions are read with the current configuration, so a repository
//! that adopted spex in its last commit still gets the right diff of what came before.

use super::run;
use crate::git_repo::{TestRepo, day};

const CONFIG: &str = "kinds:\n  eip:\n    id: { field: eip, format: integer, pattern: \"EIP-{n}\" }\n    paths: [\"EIPS/**\"]\n    fields:\n      title: string\n      status:\n        type: status\n        values: { Draft: proposed, Review: proposed, Final: done }\n";

fn eip(n: u32, title: &str, status: &str) -> String {
    format!("---\neip: {n}\ntitle: {title}\nstatus: {status}\n---\n## Abstract\n\n{title}.\n")
}

/// Two proposals move on over three commits; spex.yaml arrives with the last one.
fn adopted_late() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("EIPS/eip-1.md", &eip(1, "Process", "Draft"))
        .write("EIPS/eip-2.md", &eip(2, "Blobs", "Draft"));
    repo.commit("Propose", "Ana Lima", day(2026, 1, 5));
    repo.write("EIPS/eip-1.md", &eip(1, "Process", "Review"));
    repo.commit("Review the process", "Ana Lima", day(2026, 2, 5));
    repo.write("EIPS/eip-2.md", &eip(2, "Blobs", "Final"))
        .write("spex.yaml", CONFIG);
    repo.commit("Adopt spex", "Ana Lima", day(2026, 3, 5));
    repo
}

fn diff_json(repo: &TestRepo, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let (code, stdout, stderr) = run(repo, &all);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("JSON")
}

/// `(id, field, old, new)` of every field change, and the counts of added and removed.
fn summary(json: &serde_json::Value) -> (Vec<String>, usize, usize) {
    let mut changes = Vec::new();
    for doc in json["changed"].as_array().expect("changed") {
        for field in doc["fields"].as_array().expect("fields") {
            changes.push(format!(
                "{} {}: {} -> {}",
                doc["doc"]["id"].as_str().unwrap_or(""),
                field["field"].as_str().unwrap_or(""),
                field["old"].as_str().unwrap_or(""),
                field["new"].as_str().unwrap_or("")
            ));
        }
    }
    let count = |key: &str| json[key].as_array().map_or(0, Vec::len);
    (changes, count("added"), count("removed"))
}

#[test]
fn issue_13_diff_across_a_revision_without_spex_yaml_uses_the_current_config() {
    let repo = adopted_late();
    let expected = vec![
        "EIP-1 status: Draft -> Review".to_owned(),
        "EIP-2 status: Draft -> Final".to_owned(),
    ];
    // The base with the work tree's config, then a range with the head's.
    for args in [&["HEAD~2"][..], &["HEAD~2..HEAD"][..]] {
        let (changes, added, removed) = summary(&diff_json(&repo, args));
        assert_eq!(changes, expected, "{args:?}");
        assert_eq!((added, removed), (0, 0), "{args:?}");
    }
}

#[test]
fn issue_13_config_from_rev_reads_each_revision_with_its_own_config() {
    let repo = adopted_late();
    let json = diff_json(&repo, &["HEAD~2", "--config-from-rev"]);
    let (changes, added, _) = summary(&json);
    // Without spex.yaml the base has no proposals at all: today's behaviour, on request.
    assert!(changes.is_empty(), "{json}");
    assert_eq!(added, 2, "{json}");
}

#[test]
fn issue_13_verbose_says_which_config_read_each_revision() {
    let repo = adopted_late();
    let (code, _, stderr) = run(&repo, &["diff", "HEAD~2", "-v"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("configuration: spex.yaml from the work tree"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "reading `HEAD~2` with the same configuration (spex.yaml from the work tree)"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = run(&repo, &["check", "--rev", "HEAD~1", "-v"]);
    assert!(code == 0 || code == 1, "{stderr}");
    assert!(
        stderr.contains("configuration: spex.yaml from the work tree (`HEAD~1` has none;"),
        "{stderr}"
    );
    let (_, _, stderr) = run(
        &repo,
        &["check", "--rev", "HEAD~1", "-v", "--config-from-rev"],
    );
    assert!(
        stderr.contains("configuration: built-in defaults (`HEAD~1` has no spex.yaml)"),
        "{stderr}"
    );
}

#[test]
fn issue_13_digest_since_a_revision_without_spex_yaml_sees_no_new_documents() {
    let repo = adopted_late();
    let (code, stdout, stderr) = run(
        &repo,
        &[
            "digest",
            "--since",
            "HEAD~2",
            "--audience",
            "engineering",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let changes = &json["changes"];
    assert_eq!(changes["added"], serde_json::json!([]), "{changes}");
    assert_eq!(changes["removed"], serde_json::json!([]), "{changes}");
    let lines: Vec<String> = changes["changed"]
        .as_array()
        .expect("changed")
        .iter()
        .map(|c| format!("{} {}", c["doc"]["id"].as_str().unwrap_or(""), c["lines"]))
        .collect();
    assert_eq!(
        lines,
        [
            "EIP-1 [\"status: Draft → Review\"]",
            "EIP-2 [\"status: Draft → Final\"]"
        ],
        "{changes}"
    );
}
