//! `spex config`: the effective configuration, and where each setting comes from; and
//! what extending a built-in kind does to `spex check`.

use crate::support::TestWorkspace;

/// Issue 13 §1: one added field dropped every built-in prd field (17 errors).
const JIRA_CONFIG: &str = "kinds:\n  prd:\n    fields:\n      jira: url\n";

fn prd_with_jira() -> TestWorkspace {
    TestWorkspace::new()
        .file("spex.yaml", JIRA_CONFIG)
        .file(
            "prds/PRD-1.md",
            "---\nid: PRD-1\ntitle: Labels\nstatus: draft\nowner: Riley Chen\npriority: P1\njira: https://jira.example.com/browse/SHIP-1\n---\n# Labels\n\nPrint labels.\n",
        )
}

#[test]
fn adding_a_field_to_a_built_in_kind_keeps_its_other_fields() {
    let ws = prd_with_jira();
    let output = ws.run(["check", "--color", "never", "--quiet"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("error"), "{stdout}");
    assert!(!stdout.contains("unknown field"), "{stdout}");
}

#[test]
fn config_marks_each_setting_with_its_origin() {
    let output = prd_with_jira().run(["config"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    for line in [
        "  prd:  # built-in, extended at spex.yaml:2",
        "      jira: url  # spex.yaml:4",
        "      owner: { type: person, required: true }  # built-in",
        "  vision:  # built-in",
        "  title: Product specs  # built-in",
    ] {
        assert!(
            stdout.lines().any(|l| l == line),
            "no `{line}` in\n{stdout}"
        );
    }
}

#[test]
fn config_as_json_gives_origins_by_pointer() {
    let output = prd_with_jira().run(["config", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["config"]["kinds"]["prd"]["fields"]["jira"], "url");
    assert_eq!(
        json["config"]["kinds"]["prd"]["fields"]["owner"]["required"],
        true
    );
    assert_eq!(json["origins"]["/kinds/prd/fields/jira"], "spex.yaml:4");
    assert_eq!(json["origins"]["/kinds/prd/fields/owner"], "built-in");
    assert_eq!(
        json["config"]["kinds"]["prd"]["fields"]["status"]["values"]
            .as_object()
            .map(|m| m.len()),
        Some(6)
    );
}

#[test]
fn config_with_a_broken_spex_yaml_reports_it_and_exits_2() {
    let ws = TestWorkspace::new().file("spex.yaml", "kinds:\n  prd:\n    remove: [teem]\n");
    let output = ws.run(["config"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("spex.yaml:3:14"), "{stderr}");
    assert!(
        stderr.contains("kind `prd` has no field `teem` to remove"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `team`?"), "{stderr}");
}

/// Issue 13 §5c: a required field written empty is as missing as one not written.
#[test]
fn a_required_field_written_empty_or_as_a_placeholder_is_reported_at_its_value() {
    let ws = TestWorkspace::new()
        .file(
            "spex.yaml",
            "rules:\n  orphan: allow\nkinds:\n  prd:\n    fields:\n      owner: { type: person, required: true, placeholders: [TBD] }\n",
        )
        .file(
            "prds/PRD-1.md",
            "---\nid: PRD-1\ntitle: \"\"\nowner: TBD\n---\n# Labels\n\nPrint labels.\n",
        );
    let output = ws.run(["check", "--color", "never", "--quiet"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("error[missing-field]: required field `owner` holds the placeholder `TBD`\n --> prds/PRD-1.md:4:8"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "error[missing-field]: required field `title` is empty\n --> prds/PRD-1.md:3:8"
        ),
        "{stdout}"
    );
}
