//! Issue 13, "diagnostics a new user hit": each mistake gets one diagnostic at the right
//! line, in plain words, with the fix, and no cascade from it.

use crate::support::TestWorkspace;

/// `(rule, file:line, message, help)` of every diagnostic `spex check` reports.
fn diagnostics(ws: &TestWorkspace) -> Vec<(String, String, String, String)> {
    let output = ws.run(["check", ".", "--format", "json", "--quiet"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    json.as_array()
        .expect("an array")
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_owned();
            (
                text("rule"),
                format!("{}:{}", text("file"), d["line"]),
                text("message"),
                text("help"),
            )
        })
        .collect()
}

const ROADMAP: &str =
    "---\nid: RM-1\ntitle: Returns\nitems:\n  - { ref: PRD-4, horizon: now }\n---\nFirst.\n";

#[test]
fn issue_13_a_tab_in_front_matter_is_one_error_at_its_line_with_no_cascade() {
    let ws = TestWorkspace::new().file("roadmaps/RM-1.md", ROADMAP).file(
        "prds/PRD-4.md",
        "---\nid: PRD-4\ntitle: Returns\n\tstatus: draft\nowner: Ann Lee\n---\nBody.\n",
    );
    let found = diagnostics(&ws);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (rule, at, message, help) = &found[0];
    assert_eq!(
        (rule.as_str(), at.as_str()),
        ("yaml-syntax", "prds/PRD-4.md:4")
    );
    assert_eq!(message, "a tab character: YAML indents with spaces only");
    assert_eq!(help, "replace the tab with spaces (two per level is usual)");
}

#[test]
fn issue_13_three_space_indentation_is_said_in_plain_words() {
    let ws = TestWorkspace::new().file(
        "roadmaps/RM-1.md",
        "---\nid: RM-1\ntitle: Returns\nitems:\n  - ref: PRD-4\n   horizon: now\n---\nFirst.\n",
    );
    let found = diagnostics(&ws);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (rule, at, message, help) = &found[0];
    assert_eq!(
        (rule.as_str(), at.as_str()),
        ("yaml-syntax", "roadmaps/RM-1.md:6")
    );
    assert_eq!(
        message,
        "this line is indented by 3 spaces, and no line above it lines up with that"
    );
    assert!(help.starts_with("YAML nests by indentation"), "{help}");
}

#[test]
fn issue_13_a_reference_to_a_document_with_errors_points_at_that_document() {
    let ws = TestWorkspace::new()
        .file("roadmaps/RM-1.md", ROADMAP)
        .file(
            "prds/PRD-4.md",
            "---\nid: PRD-4\nkind: feature\ntitle: Returns\nstatus: draft\nowner: Ann Lee\n---\nBody.\n",
        );
    let found = diagnostics(&ws);
    let rules: Vec<&str> = found.iter().map(|(r, ..)| r.as_str()).collect();
    assert_eq!(rules, ["invalid-value", "unknown-reference"], "{found:#?}");
    let (_, at, message, help) = &found[1];
    assert_eq!(at, "roadmaps/RM-1.md:5");
    assert_eq!(message, "`PRD-4` has errors of its own (see prds/PRD-4.md)");
    assert!(!help.contains("did you mean"), "{help}");
}

#[test]
fn issue_13_an_unknown_id_is_never_offered_another_kinds_id() {
    let ws = TestWorkspace::new().file("roadmaps/RM-4.md", ROADMAP.replace("RM-1", "RM-4"));
    let found = diagnostics(&ws);
    let unknown: Vec<_> = found
        .iter()
        .filter(|(r, ..)| r == "unknown-reference")
        .collect();
    assert_eq!(unknown.len(), 1, "{found:#?}");
    assert_eq!(unknown[0].2, "unknown document ID `PRD-4`");
    assert_eq!(unknown[0].3, "", "no `did you mean RM-4`: {found:#?}");
}

#[test]
fn issue_13_notes_are_summed_up_in_one_line_unless_asked_for() {
    let ws = TestWorkspace::copy_of(&crate::support::fixtures_dir().join("rule-levels"));
    let human = |extra: &[&str]| {
        let mut args = vec!["check", ".", "--color", "never"];
        args.extend_from_slice(extra);
        String::from_utf8_lossy(&ws.run(args).stdout).into_owned()
    };
    let short = human(&[]);
    assert!(!short.contains("note[orphan]"), "{short}");
    assert!(short.contains("warning[broken-link]"), "{short}");
    assert!(
        short.contains("note: 2 notes not shown (orphan: 2); `--notes` or `-v` prints them\n"),
        "{short}"
    );
    assert!(
        short.ends_with("0 errors, 2 warnings, 2 notes in 3 documents\n"),
        "{short}"
    );
    for full in [human(&["--notes"]), human(&["-v"])] {
        assert_eq!(full.matches("note[orphan]").count(), 2, "{full}");
        assert!(!full.contains("not shown"), "{full}");
    }
    let json = ws.run(["check", ".", "--format", "json", "--quiet"]);
    assert_eq!(
        String::from_utf8_lossy(&json.stdout)
            .matches("\"orphan\"")
            .count(),
        2
    );
}

#[test]
fn issue_13_impossible_dates_and_quarters_written_another_way_get_a_specific_help() {
    for (target, help) in [
        ("2026-11-31", "November has 30 days"),
        (
            "Q3 2027",
            "did you mean `2027-Q3`? Quarters are written YYYY-Qn",
        ),
    ] {
        let ws = TestWorkspace::new().file(
            "prds/PRD-1.md",
            format!("---\nid: PRD-1\ntitle: Returns\nowner: Ann Lee\nstatus: draft\ntarget: {target}\n---\nBody.\n"),
        );
        let found = diagnostics(&ws);
        let invalid: Vec<_> = found
            .iter()
            .filter(|(r, ..)| r == "invalid-value")
            .collect();
        assert_eq!(invalid.len(), 1, "{found:#?}");
        assert_eq!(invalid[0].1, "prds/PRD-1.md:6");
        assert_eq!(invalid[0].3, help);
    }
}

#[test]
fn issue_13_a_missing_id_is_told_the_next_free_one() {
    let ws = TestWorkspace::new()
        .file(
            "prds/PRD-007.md",
            "---\nid: PRD-007\ntitle: Labels\nowner: Ann Lee\nstatus: draft\n---\nBody.\n",
        )
        .file(
            "prds/returns.md",
            "---\ntitle: Returns\nowner: Ann Lee\nstatus: draft\n---\nBody.\n",
        );
    let found = diagnostics(&ws);
    let missing: Vec<_> = found
        .iter()
        .filter(|(r, ..)| r == "missing-field")
        .collect();
    assert_eq!(missing.len(), 1, "{found:#?}");
    assert_eq!(missing[0].3, "add `id: PRD-008` (the next free prd ID)");
}
