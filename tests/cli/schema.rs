//! `spex schema`: the JSON Schemas it writes agree with `spex check`, as judged by an
//! independent validator (Python's `jsonschema`, run on `tests/schema/validate.py`):
//! the example workspace's front matter validates; each invalid fixture is rejected by
//! both; each unusual but valid form is accepted by both.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{repo_root, run_in, write_file};

/// The rules typing reports: what a front-matter schema can express.
const TYPING_RULES: [&str; 6] = [
    "missing-field",
    "unknown-field",
    "invalid-type",
    "invalid-value",
    "invalid-id",
    "unknown-reference",
];

/// Whether Python with `jsonschema` and PyYAML is here. `.ci/run` installs them, so under
/// CI=true their absence fails the test instead of skipping it.
fn validator_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import jsonschema, yaml"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs python3 with jsonschema and PyYAML (installed by .ci/run)"
        );
        eprintln!("skipped: python3 with jsonschema and PyYAML is not installed");
    }
    ok
}

/// Writes the workspace's schemas into a temporary folder.
fn schemas(workspace: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = run_in(
        workspace,
        &["schema", "--out", dir.path().to_str().expect("UTF-8")],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir
}

/// Every spec document of the workspace (confidential ones too) with its kind.
fn documents(workspace: &Path) -> Vec<serde_json::Value> {
    let output = run_in(workspace, &["export", "--include-confidential"]);
    let export: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    export["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter(|d| d["kind"].is_string())
        .map(|d| serde_json::json!({ "path": d["path"], "kind": d["kind"] }))
        .collect()
}

/// The validator's errors, by document path.
fn validate(workspace: &Path) -> BTreeMap<String, Vec<String>> {
    let schema_dir = schemas(workspace);
    let docs = documents(workspace);
    assert!(!docs.is_empty());
    let mut child = Command::new("python3")
        .arg(repo_root().join("tests/schema/validate.py"))
        .arg(schema_dir.path())
        .arg(workspace)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let input = serde_json::to_vec(&docs).expect("JSON");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("write");
    let output = child.wait_with_output().expect("python3 ends");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// The files in which `spex check` reports a typing diagnostic.
fn rejected_by_check(workspace: &Path) -> BTreeSet<String> {
    let output = run_in(workspace, &["check", "--format", "json"]);
    let diagnostics: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("JSON");
    diagnostics
        .iter()
        .filter(|d| TYPING_RULES.contains(&d["rule"].as_str().unwrap_or_default()))
        .map(|d| d["file"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_example_workspace_front_matter_validates() {
    if !validator_available() {
        return;
    }
    let results = validate(&repo_root().join("example-workspace"));
    assert!(results.len() > 20, "only {} documents", results.len());
    let invalid: Vec<_> = results.iter().filter(|(_, e)| !e.is_empty()).collect();
    assert!(invalid.is_empty(), "{invalid:#?}");
}

/// Front matter `spex check` rejects, each with what is wrong.
const INVALID: &[(&str, &str)] = &[
    ("missing-owner", "title: T\n"),
    ("missing-title", "owner: ann\n"),
    ("bad-status", "title: T\nowner: ann\nstatus: finished\n"),
    ("bad-quarter", "title: T\nowner: ann\ntarget: 2027-Q5\n"),
    ("bad-date", "title: T\nowner: ann\ntarget: 2027-02-30\n"),
    ("bad-priority", "title: T\nowner: ann\npriority: P9\n"),
    ("unknown-field", "title: T\nowner: ann\ntagz: [a]\n"),
    ("bool-as-text", "title: T\nowner: ann\nconfidential: very\n"),
    (
        "rice-too-confident",
        "title: T\nowner: ann\nrice: { reach: 1, impact: 1, confidence: 2, effort: 1 }\n",
    ),
    (
        "rice-without-effort",
        "title: T\nowner: ann\nrice: { reach: 1, impact: 1, confidence: 1 }\n",
    ),
    (
        "ref-of-no-kind",
        "title: T\nowner: ann\ndepends_on: [FOO-1]\n",
    ),
    (
        "comma-ref-of-no-kind",
        "title: T\nowner: ann\nobjectives: OBJ-1, FOO-2\n",
    ),
    (
        "unknown-audience",
        "title: T\nowner: ann\naudience: [marketing]\n",
    ),
    ("list-as-mapping", "title: T\nowner: ann\ntags: { a: 1 }\n"),
    (
        "number-as-text",
        "title: T\nowner: ann\nrice: { reach: \"1\", impact: 1, confidence: 1, effort: 1 }\n",
    ),
];

/// Unusual front matter `spex check` accepts.
const VALID: &[(&str, &str)] = &[
    (
        "comma-refs",
        "title: T\nowner: ann\ndepends_on: PRD-1, PRD-2\n",
    ),
    ("single-ref", "title: T\nowner: ann\nobjectives: OBJ-1\n"),
    (
        "ref-with-anchor",
        "title: T\nowner: ann\nrelated: [\"PRD-1#goals\"]\n",
    ),
    ("date-target", "title: T\nowner: ann\ntarget: 2027-03-15\n"),
    (
        "lowercase-quarter",
        "title: T\nowner: ann\ntarget: 2027-q2\n",
    ),
    ("empty-optional", "title: T\nowner: ann\nteam:\n"),
    (
        "null-list-item",
        "title: T\nowner: ann\ntags:\n  - a\n  -\n  - b\n",
    ),
    ("number-title", "title: 42\nowner: ann\n"),
    (
        "comma-audiences",
        "title: T\nowner: ann\naudience: sales, engineering\n",
    ),
    ("kind-named", "kind: prd\ntitle: T\nowner: ann\n"),
];

fn fixture_workspace(dir: &Path) {
    write_file(dir, "spex.yaml", "site:\n  title: Schema cases\n");
    write_file(
        dir,
        "objectives/OBJ-1.md",
        "---\nid: OBJ-1\ntitle: O\n---\nBody.\n",
    );
    for (i, (name, front_matter)) in INVALID.iter().chain(VALID).enumerate() {
        let id = i + 1;
        write_file(
            dir,
            &format!("prds/{name}.md"),
            &format!("---\nid: PRD-{id}\n{front_matter}---\n# Goals\nBody.\n"),
        );
    }
    write_file(
        dir,
        "prds/bad-id.md",
        "---\nid: PRD-x9\ntitle: T\nowner: ann\n---\nBody.\n",
    );
}

#[test]
fn spex_check_and_the_validator_agree_on_every_fixture() {
    if !validator_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    fixture_workspace(dir.path());
    let by_validator = validate(dir.path());
    let by_check = rejected_by_check(dir.path());
    let mut disagreements = Vec::new();
    let invalid = INVALID.iter().map(|(n, _)| *n).chain(["bad-id"]);
    for name in invalid {
        let path = format!("prds/{name}.md");
        if !by_check.contains(&path) {
            disagreements.push(format!("{name}: spex check accepts it"));
        }
        if by_validator.get(&path).is_none_or(Vec::is_empty) {
            disagreements.push(format!("{name}: the validator accepts it"));
        }
    }
    for (name, _) in VALID {
        let path = format!("prds/{name}.md");
        if by_check.contains(&path) {
            disagreements.push(format!("{name}: spex check rejects it"));
        }
        if let Some(errors) = by_validator.get(&path).filter(|e| !e.is_empty()) {
            disagreements.push(format!("{name}: the validator rejects it: {errors:?}"));
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

#[test]
fn schema_of_one_kind_prints_it_and_an_unknown_kind_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = run_in(dir.path(), &["schema", "prd"]);
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(schema["title"], "spex prd front matter");
    let output = run_in(dir.path(), &["schema", "prdd"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("did you mean `prd`?"), "{stderr}");
}
