//! Golden tests: every folder in tests/fixtures is a small workspace, checked by the real
//! binary; its whole human output is compared with `expected.txt` and its JSON output
//! with `expected.json`. See tests/README.md for how to add one.

use std::fs;

use crate::support::{assert_golden, fixtures_dir, run_in, transcript};

#[test]
fn every_fixture_yields_exactly_its_expected_diagnostics() {
    let mut dirs: Vec<_> = fs::read_dir(fixtures_dir())
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 20,
        "expected a fixture per rule, found {}",
        dirs.len()
    );
    for dir in dirs {
        let expected_txt = dir.join("expected.txt");
        if std::env::var_os("SNAPSHOTS").is_none() {
            let golden = fs::read_to_string(&expected_txt).unwrap_or_default();
            assert!(
                !golden.trim().is_empty(),
                "{} is missing or empty",
                expected_txt.display()
            );
        }
        // "." names the workspace explicitly: no spex.yaml above the fixture can leak in.
        let human = run_in(&dir, &["check", ".", "--color", "never", "--notes"]);
        assert_golden(transcript(&human), &expected_txt);
        let json = run_in(&dir, &["check", ".", "--format", "json", "--quiet"]);
        assert_golden(transcript(&json), &dir.join("expected.json"));
    }
}

/// Each rule that has a fixture folder named after it must report that rule.
#[test]
fn rule_fixtures_report_their_rule() {
    for rule in spex::diag::Rule::ALL {
        let dir = fixtures_dir().join(rule.name());
        if !dir.is_dir() {
            continue;
        }
        let output = run_in(&dir, &["check", ".", "--format", "json", "--quiet"]);
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON output");
        let found = json
            .as_array()
            .expect("an array")
            .iter()
            .any(|d| d["rule"] == rule.name());
        assert!(found, "fixture `{rule}` does not report its rule");
    }
}

/// Rules `spex check` cannot show on a plain folder: those that need git history are
/// tested with real repositories in `git.rs`, and `unknown-template` (emitted by
/// `spex digest`) in `rules.rs`.
const NO_FIXTURE: [&str; 3] = ["suspect-link", "stale", "unknown-template"];

#[test]
fn every_rule_with_a_check_has_a_fixture() {
    let missing: Vec<&str> = spex::diag::Rule::ALL
        .iter()
        .map(|r| r.name())
        .filter(|name| !NO_FIXTURE.contains(name))
        .filter(|name| !fixtures_dir().join(name).is_dir())
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}
