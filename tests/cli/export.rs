//! `spex export`: the example workspace's export is pinned byte for byte, valid against
//! the schema `spex export --schema` prints, and confidential content stays out of it
//! unless asked for.

use crate::support::{assert_golden, repo_root, run_in, write_file};

fn stdout(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

#[test]
fn the_example_workspace_export_matches_its_golden_file() {
    let output = run_in(&repo_root().join("example-workspace"), &["export"]);
    assert_golden(
        stdout(&output),
        &repo_root().join("tests/export-expected/example-workspace.json"),
    );
}

#[test]
fn export_to_a_file_writes_what_stdout_shows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("nested/export.json");
    let example = repo_root().join("example-workspace");
    let output = run_in(&example, &["export", "-o", out.to_str().expect("UTF-8")]);
    assert!(stdout(&output).is_empty());
    let written = std::fs::read_to_string(&out).expect("written");
    assert_eq!(written, stdout(&run_in(&example, &["export"])));
}

#[test]
fn export_schema_is_json_and_names_the_schema_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let schema = stdout(&run_in(dir.path(), &["export", "--schema"]));
    let value: serde_json::Value = serde_json::from_str(&schema).expect("JSON");
    assert_eq!(
        value["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(value["properties"]["schema_version"]["const"], 1);
}

#[test]
fn confidential_documents_are_exported_only_when_asked_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_file(dir.path(), "spex.yaml", "site:\n  title: T\n");
    write_file(
        dir.path(),
        "prds/PRD-1.md",
        "---\nid: PRD-1\ntitle: Open plan\nowner: ann\n---\nSee [[PRD-2]].\n\n## Rates {.confidential}\nHushword.\n",
    );
    write_file(
        dir.path(),
        "prds/PRD-2.md",
        "---\nid: PRD-2\ntitle: Secret plan\nowner: ann\nconfidential: true\n---\nBody.\n",
    );
    let public = stdout(&run_in(dir.path(), &["export"]));
    for hidden in ["PRD-2", "Secret plan", "Rates"] {
        assert!(!public.contains(hidden), "{hidden} leaked:\n{public}");
    }
    let all = stdout(&run_in(dir.path(), &["export", "--include-confidential"]));
    for shown in ["PRD-2", "Secret plan", "Rates"] {
        assert!(all.contains(shown), "{shown} missing:\n{all}");
    }
}

#[test]
fn export_carries_git_dates_and_authors() {
    use crate::git_repo::{TestRepo, day};
    let repo = TestRepo::new();
    repo.write("spex.yaml", "site:\n  title: T\n").write(
        "prds/PRD-1.md",
        "---\nid: PRD-1\ntitle: Plan\nowner: ann\n---\nBody.\n",
    );
    repo.commit("Plan", "Ann Lee", day(2026, 1, 5));
    repo.write(
        "prds/PRD-1.md",
        "---\nid: PRD-1\ntitle: Plan\nowner: ann\nstatus: review\n---\nBody.\n",
    );
    let last = repo.commit("Review", "Bo Chen", day(2026, 1, 9));
    let output = crate::support::spex()
        .arg("export")
        .current_dir(repo.path())
        .output()
        .expect("spex runs");
    let export: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(export["revision"]["commit"], last.to_string());
    let git = &export["documents"][0]["git"];
    assert_eq!(git["created"]["author"], "Ann Lee");
    assert_eq!(git["created"]["date"], "2026-01-05");
    assert_eq!(git["updated"]["author"], "Bo Chen");
    assert_eq!(git["updated"]["date"], "2026-01-09");
    assert_eq!(git["authors"], serde_json::json!(["Ann Lee", "Bo Chen"]));
    assert_eq!(git["uncommitted"], false);
}
