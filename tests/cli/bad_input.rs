//! Hostile input: every case yields a diagnostic or a skip, never a panic or a hang,
//! and the other documents are still checked.

use crate::support::TestWorkspace;

const GOOD_PRD: &str =
    "---\nid: PRD-1\ntitle: Good\nowner: Ann\nobjectives: [OBJ-404]\n---\nBody.\n";

/// Writes a workspace with one good document (whose reference is broken, so we can see
/// it was checked) plus the given files, then checks it and returns the JSON diagnostics.
fn check_with(files: &[(&str, &[u8])]) -> (i32, Vec<serde_json::Value>) {
    let workspace = files.iter().fold(
        TestWorkspace::new().file("prds/good.md", GOOD_PRD),
        |workspace, (path, bytes)| workspace.file(path, bytes),
    );
    run_json(&workspace)
}

fn run_json(workspace: &TestWorkspace) -> (i32, Vec<serde_json::Value>) {
    let output = workspace.run(["check", "--format", "json", "--quiet"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "spex panicked: {stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    (
        output.status.code().expect("exit code"),
        json.as_array().expect("array").clone(),
    )
}

fn rules_in(diagnostics: &[serde_json::Value], file: &str) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| d["rule"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The good document was still checked: its broken reference is reported.
fn assert_good_doc_checked(diagnostics: &[serde_json::Value]) {
    assert_eq!(
        rules_in(diagnostics, "prds/good.md"),
        ["unknown-reference"],
        "{diagnostics:#?}"
    );
}

#[test]
fn non_utf8_bytes_are_reported_at_their_line() {
    let (code, diags) = check_with(&[(
        "prds/bad.md",
        b"---\nid: PRD-2\ntitle: Caf\xe9\nowner: Ann\nvision: VIS-1\n---\nBody\n",
    )]);
    assert_eq!(code, 1);
    assert_good_doc_checked(&diags);
    let bad: Vec<_> = diags
        .iter()
        .filter(|d| d["file"] == "prds/bad.md")
        .collect();
    assert_eq!(bad[0]["rule"], "invalid-encoding");
    assert_eq!(bad[0]["line"], 3);
    assert_eq!(bad[0]["column"], 11);
}

#[test]
fn a_binary_file_named_md_is_skipped_with_a_warning() {
    let (_, diags) = check_with(&[("prds/image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")]);
    assert_good_doc_checked(&diags);
    assert_eq!(rules_in(&diags, "prds/image.md"), ["skipped-file"]);
}

#[test]
fn unterminated_front_matter_is_a_yaml_error() {
    let (_, diags) = check_with(&[("prds/open.md", b"---\nid: PRD-2\ntitle: Never closed\n")]);
    assert_good_doc_checked(&diags);
    assert_eq!(rules_in(&diags, "prds/open.md"), ["yaml-syntax"]);
}

#[test]
fn front_matter_that_is_not_a_mapping_is_an_invalid_type() {
    let (_, diags) = check_with(&[("prds/list.md", b"---\n- a\n- b\n---\nBody\n")]);
    assert_good_doc_checked(&diags);
    assert_eq!(rules_in(&diags, "prds/list.md"), ["invalid-type"]);
}

#[test]
fn alias_bombs_and_deep_nesting_are_refused() {
    let mut bomb = String::from("---\nid: PRD-2\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{p}"); 10].join(", ")
        ));
    }
    bomb.push_str("---\nBody\n");
    let deep = format!(
        "---\nid: PRD-3\nx: {}{}\n---\nBody\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (_, diags) = check_with(&[
        ("prds/bomb.md", bomb.as_bytes()),
        ("prds/deep.md", deep.as_bytes()),
    ]);
    assert_good_doc_checked(&diags);
    assert_eq!(rules_in(&diags, "prds/bomb.md"), ["yaml-syntax"]);
    assert_eq!(rules_in(&diags, "prds/deep.md"), ["yaml-syntax"]);
}

#[test]
fn duplicate_keys_point_at_the_repeated_key() {
    let (_, diags) = check_with(&[(
        "prds/dup.md",
        b"---\nid: PRD-2\ntitle: A\ntitle: B\nowner: Ann\n---\nBody\n",
    )]);
    assert_good_doc_checked(&diags);
    let dup: Vec<_> = diags
        .iter()
        .filter(|d| d["file"] == "prds/dup.md")
        .collect();
    assert_eq!(dup[0]["rule"], "yaml-syntax");
    assert_eq!(dup[0]["line"], 4);
    assert_eq!(dup[0]["related"][0]["line"], 3);
}

#[test]
fn a_50_megabyte_file_is_skipped_without_being_read() {
    let big = vec![b'a'; 50 * 1024 * 1024];
    let (_, diags) = check_with(&[("prds/huge.md", &big)]);
    assert_good_doc_checked(&diags);
    assert_eq!(rules_in(&diags, "prds/huge.md"), ["skipped-file"]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_skipped() {
    let workspace = TestWorkspace::new().file("prds/good.md", GOOD_PRD);
    std::os::unix::fs::symlink(workspace.path(), workspace.join("prds/loop")).expect("symlink");
    std::os::unix::fs::symlink(
        workspace.join("missing.md"),
        workspace.join("prds/dangling.md"),
    )
    .expect("symlink");
    let (_, diags) = run_json(&workspace);
    assert_good_doc_checked(&diags);
    assert_eq!(rules_in(&diags, "prds/loop"), ["skipped-file"]);
    assert_eq!(rules_in(&diags, "prds/dangling.md"), ["skipped-file"]);
}
