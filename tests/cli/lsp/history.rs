//! Git history reaches the server after its first diagnostics: once read, the history
//! rules run and what they change is published, so the server ends where `spex check`
//! is. A real repository, a real `spex lsp` over pipes.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::session::{RawClient, uri_of};
use crate::git_repo::{TestRepo, day};
use crate::support::spex;

const SPEX_YAML: &str = "rules:\n  orphan: allow\n  stale: { severity: warn, days: 60 }\n";

fn prd(id: &str, status: &str, extra: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {id} title\nstatus: {status}\nowner: Ann Lee\n{extra}---\n{body}"
    )
}

/// PRD-2 depends on PRD-1, whose requirements changed after PRD-2 did (`suspect-link`);
/// PRD-1 and PRD-3 are approved and unchanged for months (`stale`); PRD-3 also names an
/// unknown ID, which needs no history.
fn repository() -> TestRepo {
    let repo = TestRepo::new();
    let requirements = "## Requirements\n1. A page.\n";
    repo.write("spex.yaml", SPEX_YAML)
        .write("prds/PRD-1.md", &prd("PRD-1", "approved", "", requirements))
        .write(
            "prds/PRD-2.md",
            &prd("PRD-2", "draft", "depends_on: [PRD-1]\n", "Alerts.\n"),
        )
        .write(
            "prds/PRD-3.md",
            &prd("PRD-3", "approved", "", "Labels, see [[NOPE-9]].\n"),
        );
    repo.commit("Add specs", "Ann Lee", day(2026, 1, 5));
    let changed = "## Requirements\n1. A branded page.\n";
    repo.write("prds/PRD-1.md", &prd("PRD-1", "approved", "", changed));
    repo.commit("Brand the page", "Ben Ode", day(2026, 2, 10));
    repo
}

/// `(rule, file, line)` of every diagnostic `spex check` reports.
fn checked(repo: &TestRepo) -> Vec<(String, String, u64)> {
    let output = spex()
        .args(["check", "--format", "json", "--quiet"])
        .current_dir(repo.path())
        .output()
        .expect("spex runs");
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    let mut found: Vec<(String, String, u64)> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_owned();
            (text("rule"), text("file"), d["line"].as_u64().unwrap_or(0))
        })
        .collect();
    found.sort();
    found
}

/// `(rule, file, line)` of what the server last published for each file.
fn published(root: &std::path::Path, messages: &[Value]) -> Vec<(String, String, u64)> {
    let prefix = uri_of(root, "");
    let mut last: BTreeMap<&str, &Vec<Value>> = BTreeMap::new();
    for m in messages {
        if m["method"] == "textDocument/publishDiagnostics" {
            let uri = m["params"]["uri"].as_str().unwrap_or_default();
            let file = uri.strip_prefix(&prefix).unwrap_or(uri);
            last.insert(file, m["params"]["diagnostics"].as_array().unwrap());
        }
    }
    let mut found: Vec<(String, String, u64)> = last
        .into_iter()
        .flat_map(|(file, diagnostics)| {
            diagnostics.iter().map(move |d| {
                let rule = d["code"].as_str().unwrap_or_default().to_owned();
                let line = d["range"]["start"]["line"].as_u64().unwrap_or(0) + 1;
                (rule, file.to_owned(), line)
            })
        })
        .collect();
    found.sort();
    found
}

#[test]
fn diagnostics_after_the_history_is_read_equal_check() {
    let repo = repository();
    let expected = checked(&repo);
    let rules: Vec<&str> = expected.iter().map(|(r, _, _)| r.as_str()).collect();
    assert!(
        rules.contains(&"suspect-link") && rules.contains(&"stale"),
        "the fixture exercises both history rules: {expected:?}"
    );

    let root = repo.path().canonicalize().unwrap();
    let mut client = RawClient::start(&root, json!({}));
    // Every answer comes after the notifications of the compile before it: once one
    // comes after the history's diagnostics, everything the history changed is in.
    let has_history = |seen: &[Value]| {
        seen.iter().any(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(|d| d.iter().any(|d| d["code"] == "suspect-link"))
        })
    };
    let started = std::time::Instant::now();
    while !has_history(&client.seen) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "no history diagnostics in 30 s: {:#?}",
            client.seen
        );
        client.request("workspace/symbol", json!({"query": "PRD"}));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(published(&root, &client.seen), expected);
    // The first diagnostics did not wait for the history: PRD-3 came out without
    // `stale` first.
    let prd3 = uri_of(&root, "prds/PRD-3.md");
    let first = client
        .seen
        .iter()
        .find(|m| m["params"]["uri"] == prd3.as_str())
        .expect("PRD-3 is published");
    assert_eq!(
        super::session::codes(first["params"]["diagnostics"].as_array().unwrap()),
        ["unknown-reference"]
    );
    client.shut_down();
}

/// A commit made while the editor is open changes what the history rules say: the
/// server reads the history again when HEAD moves, and ends where `spex check` is.
/// PRD-2 is edited on disk (uncommitted: "changed now", so no `suspect-link`), then
/// committed with a date before PRD-1's change, which brings `suspect-link` back.
#[test]
fn a_commit_while_the_server_runs_is_seen() {
    let repo = repository();
    let root = repo.path().canonicalize().unwrap();
    let mut client = RawClient::start(&root, json!({}));
    let until = |client: &mut RawClient, what: &str, done: &dyn Fn(&[Value]) -> bool| {
        let started = std::time::Instant::now();
        while !done(&client.seen) {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(30),
                "{what} not published in 30 s: {:#?}",
                client.seen
            );
            client.request("workspace/symbol", json!({"query": "PRD"}));
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    let suspect = |root: &std::path::Path, seen: &[Value]| {
        published(root, seen)
            .iter()
            .any(|(rule, file, _)| rule == "suspect-link" && file == "prds/PRD-2.md")
    };
    until(&mut client, "the history", &|seen| suspect(&root, seen));

    let edited = prd(
        "PRD-2",
        "draft",
        "depends_on: [PRD-1]\n",
        "Alerts, reviewed.\n",
    );
    repo.write("prds/PRD-2.md", &edited);
    until(&mut client, "the uncommitted edit", &|seen| {
        !suspect(&root, seen)
    });

    repo.commit("Review alerts", "Ann Lee", day(2026, 1, 20));
    let expected = checked(&repo);
    assert!(
        expected
            .iter()
            .any(|(rule, file, _)| rule == "suspect-link" && file == "prds/PRD-2.md"),
        "spex check finds PRD-2 suspect again once committed before PRD-1's change: {expected:?}"
    );
    until(&mut client, "the commit", &|seen| suspect(&root, seen));
    assert_eq!(published(&root, &client.seen), expected);
    client.shut_down();
}
