//! `spex rules`: the rule catalogue on the command line, with this workspace's levels.

use crate::support::{run_in, write_file};

/// Every rule name, from the catalogue (the one list the tests compare against).
fn catalogue_names() -> Vec<&'static str> {
    spex::diag::Rule::ALL.iter().map(|r| r.name()).collect()
}

#[test]
fn rules_lists_every_rule_with_its_level_and_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = run_in(dir.path(), &["rules"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let lines: Vec<&str> = stdout.lines().collect();
    // A header line, then one line per rule in catalogue order.
    assert_eq!(lines.len(), 1 + spex::diag::Rule::ALL.len(), "{stdout}");
    for (line, rule) in lines[1..].iter().zip(spex::diag::Rule::ALL) {
        let mut words = line.split_whitespace();
        assert_eq!(words.next(), Some(rule.name()), "{line}");
        assert_eq!(words.next(), Some(rule.default_level().as_str()), "{line}");
        assert!(line.ends_with(rule.summary()), "{line}");
    }
    // Aligned: every summary starts in the same column.
    let column = |line: &str, rule: spex::diag::Rule| line.rfind(rule.summary());
    let columns: Vec<_> = lines[1..]
        .iter()
        .zip(spex::diag::Rule::ALL)
        .map(|(l, r)| column(l, r))
        .collect();
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{stdout}");
    assert!(catalogue_names().contains(&"unknown-template"));
}

#[test]
fn rules_shows_levels_after_spex_yaml_overrides() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_file(
        dir.path(),
        "spex.yaml",
        "rules:\n  orphan: allow\n  stale: { severity: warn, days: 30 }\n",
    );
    let output = run_in(dir.path(), &["rules", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rules = json.as_array().expect("an array");
    let names: Vec<&str> = rules.iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names, catalogue_names());
    let orphan = rules
        .iter()
        .find(|r| r["name"] == "orphan")
        .expect("orphan");
    assert_eq!(orphan["level"], "allow");
    assert_eq!(orphan["default"], "warn");
    let stale = rules.iter().find(|r| r["name"] == "stale").expect("stale");
    assert_eq!(stale["level"], "warn");
    assert_eq!(stale["default"], "allow");
}

#[test]
fn rules_name_prints_the_rule_documentation() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_file(dir.path(), "spex.yaml", "rules:\n  broken-anchor: warn\n");
    let output = run_in(dir.path(), &["rules", "broken-anchor"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let rule = spex::diag::Rule::BrokenAnchor;
    for part in [rule.summary(), rule.why(), rule.example(), rule.fix()] {
        assert!(stdout.contains(part), "missing {part:?} in:\n{stdout}");
    }
    assert!(stdout.contains("default level: error"), "{stdout}");
    assert!(stdout.contains("level here: warn"), "{stdout}");
    assert!(
        stdout.contains("broken-anchor: allow"),
        "how to change it: {stdout}"
    );

    let output = run_in(dir.path(), &["rules", "broken-anchor", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["name"], "broken-anchor");
    assert_eq!(json["level"], "warn");
    assert_eq!(json["why"], rule.why());
    assert_eq!(json["example"]["violation"], rule.example());
    assert_eq!(json["example"]["fix"], rule.fix());
}

#[test]
fn rules_with_an_unknown_name_exits_2_with_did_you_mean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = run_in(dir.path(), &["rules", "broken-ancor"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown rule `broken-ancor`"), "{stderr}");
    assert!(stderr.contains("did you mean `broken-anchor`?"), "{stderr}");
    assert!(output.stdout.is_empty());
}

/// A workspace with one unknown reference, and `extra` appended to its spex.yaml.
fn workspace_with_a_broken_reference(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write_file(
        dir.path(),
        "spex.yaml",
        &format!("rules:\n  orphan: allow\n{extra}"),
    );
    write_file(
        dir.path(),
        "prds/PRD-1-a.md",
        "---\nid: PRD-1\ntitle: A\nowner: ana\ndepends_on: [PRD-9]\n---\nBody.\n",
    );
    dir
}

#[test]
fn diagnostics_point_at_their_rule_docs_when_docs_url_is_set() {
    let dir =
        workspace_with_a_broken_reference("docs_url: https://docs.example.test/spex/rules/\n");
    let output = run_in(dir.path(), &["check", "--format", "json", "--quiet"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let first = &json[0];
    assert_eq!(first["rule"], "unknown-reference");
    assert_eq!(
        first["url"],
        "https://docs.example.test/spex/rules/unknown-reference"
    );

    let output = run_in(dir.path(), &["check", "--format", "sarif", "--quiet"]);
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let rule = spex::diag::Rule::UnknownReference;
    let descriptor = rules
        .iter()
        .find(|r| r["id"] == rule.name())
        .expect("the rule is listed");
    assert_eq!(
        descriptor["helpUri"],
        "https://docs.example.test/spex/rules/unknown-reference"
    );
    assert_eq!(descriptor["shortDescription"]["text"], rule.summary());
    assert_eq!(descriptor["fullDescription"]["text"], rule.why());
    let help = descriptor["help"]["text"].as_str().expect("help text");
    assert!(
        help.contains(rule.example()) && help.contains(rule.fix()),
        "{help}"
    );
}

#[test]
fn without_docs_url_json_has_no_url_and_sarif_no_help_uri() {
    let dir = workspace_with_a_broken_reference("");
    let output = run_in(dir.path(), &["check", "--format", "json", "--quiet"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(json[0].get("url").is_none(), "{json}");
    let output = run_in(dir.path(), &["check", "--format", "sarif", "--quiet"]);
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert!(rules.iter().all(|r| r.get("helpUri").is_none()));
}

#[test]
fn a_docs_url_that_is_not_an_absolute_url_is_a_config_error_at_its_line() {
    let dir = workspace_with_a_broken_reference("docs_url: rules/\n");
    let output = run_in(dir.path(), &["check", "--color", "never"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("error[config]"), "{stdout}");
    assert!(stdout.contains("spex.yaml:3:11"), "{stdout}");
}

/// `unknown-template` is emitted by `spex digest` only, so it has no check fixture.
#[test]
fn digest_with_a_missing_audience_template_reports_unknown_template() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_file(
        dir.path(),
        "spex.yaml",
        "audiences:\n  partners:\n    template: digest-partner\n",
    );
    write_file(dir.path(), "notes.md", "# Notes\n");
    let output = run_in(
        dir.path(),
        &["digest", "--audience", "partners", "--color", "never"],
    );
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error[unknown-template]"), "{stderr}");
    assert!(stderr.contains("spex.yaml:3:15"), "{stderr}");
}

/// `unknown-template` takes its level from `rules:` like every other rule: a warning
/// is shown and the digest falls back to the built-in template; `allow` silences it.
#[test]
fn unknown_template_follows_its_level_in_spex_yaml() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_file(dir.path(), "notes.md", "# Notes\n");
    let audience = "audiences:\n  partners:\n    template: digest-partner\n";
    write_file(
        dir.path(),
        "spex.yaml",
        &format!("{audience}rules:\n  unknown-template: warn\n"),
    );
    let args = ["digest", "--audience", "partners", "--color", "never"];
    let output = run_in(dir.path(), &args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("warning[unknown-template]"), "{stderr}");
    assert!(!output.stdout.is_empty(), "the built-in template is used");

    write_file(
        dir.path(),
        "spex.yaml",
        &format!("{audience}rules:\n  unknown-template: allow\n"),
    );
    let output = run_in(dir.path(), &args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("unknown-template"), "{stderr}");
    assert!(!output.stdout.is_empty(), "the built-in template is used");
}

/// With no close match, an unknown rule name in spex.yaml points at `spex rules`.
#[test]
fn an_unknown_rule_without_a_close_match_points_at_spex_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_file(dir.path(), "spex.yaml", "rules:\n  zzzzzz: allow\n");
    let output = run_in(dir.path(), &["check", "--color", "never"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("unknown rule `zzzzzz`"), "{stdout}");
    assert!(stdout.contains("`spex rules` lists them all"), "{stdout}");
}

#[test]
fn rules_with_a_broken_spex_yaml_reports_it_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_file(dir.path(), "spex.yaml", "rules:\n  orphans: allow\n");
    let output = run_in(dir.path(), &["rules", "--color", "never"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(output.stdout.is_empty(), "no table with wrong levels");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown rule `orphans`"), "{stderr}");
    assert!(stderr.contains("spex.yaml:2:3"), "{stderr}");
    assert!(stderr.contains("did you mean `orphan`?"), "{stderr}");
}
