//! `spex mcp` driven end to end by the official MCP Python SDK (`mcp` on PyPI, run from
//! `tests/mcp/session.py`): the server starts on a copy of the example workspace over
//! stdio, lists its tools, and answers calls; confidential content never reaches the
//! client unless the server was started with `--include-confidential`.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::git_repo::{TestRepo, day};
use crate::support::{TestWorkspace, copy_dir, repo_root, run_in};

/// The example workspace's confidential marker: in PRD-019 (confidential) and in PRD-001's
/// `{.confidential}` section.
const MARKER: &str = "CONFIDENTIAL-MARKER";

/// Whether the MCP Python SDK is here. `.ci/run` installs it, so under CI=true its absence
/// fails the test instead of skipping it.
fn client_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import mcp.client.stdio"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs python3 with the `mcp` package (installed by .ci/run)"
        );
        eprintln!("skipped: python3 with the `mcp` package is not installed");
    }
    ok
}

/// One session: the client's transcript as JSON (tools, then each call's result).
fn session(workspace: &TestWorkspace, server_args: &[&str], calls: Value) -> Value {
    session_in(workspace.path(), server_args, calls)
}

/// One session on the workspace at `path`.
fn session_in(path: &std::path::Path, server_args: &[&str], calls: Value) -> Value {
    let mut child = Command::new("python3")
        .arg(repo_root().join("tests/mcp/session.py"))
        .arg(env!("CARGO_BIN_EXE_spex"))
        .arg(path)
        .args(server_args)
        // The example workspace lends no history from spex's own repository.
        .env("GIT_CEILING_DIRECTORIES", path.parent().expect("a parent"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(calls.to_string().as_bytes())
        .expect("write the calls");
    let output = child.wait_with_output().expect("python3 ends");
    assert!(
        output.status.success(),
        "the client failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the client prints JSON")
}

fn call(tool: &str, arguments: Value) -> Value {
    json!({ "tool": tool, "arguments": arguments })
}

/// The structured result of call `n`, which must have succeeded.
fn ok(transcript: &Value, n: usize) -> &Value {
    let result = &transcript["results"][n];
    assert_eq!(result["is_error"], false, "call {n} failed: {result}");
    &result["structured"]
}

const DRAFT_PATH: &str = "prds/PRD-090-bulk-label-printing.md";

fn draft(references: &str) -> String {
    format!(
        "---\nid: PRD-090\ntitle: Bulk label printing\nstatus: draft\nowner: Ana Silva\nteam: Fulfilment\nobjectives: [OBJ-001]\nvision: VIS-001\ndepends_on: [{references}]\nconfidential: false\n---\n\nPrint a day's labels in one go.\n\n## Problem\n\nOne at a time is slow.\n"
    )
}

#[test]
fn an_agent_lists_reads_and_checks_drafts_through_the_python_sdk() {
    if !client_available() {
        return;
    }
    let workspace = TestWorkspace::copy_of(&repo_root().join("example-workspace"));
    let new_prd = draft("PRD-001")
        .replace("PRD-090", "PRD-091")
        .replace("Bulk label printing", "Saved mid-session");
    let transcript = session(
        &workspace,
        &[],
        json!([
            call("list_documents", json!({ "kind": "prd", "where": ["status=approved"], "fields": ["title", "status"] })),
            call("get_document", json!({ "id": "PRD-003" })),
            call("get_document", json!({ "id": "PRD-001" })),
            call("get_document", json!({ "id": "PRD-019" })),
            call("check_text", json!({ "path": DRAFT_PATH, "text": draft("PRD-999") })),
            call("check_text", json!({ "path": DRAFT_PATH, "text": draft("PRD-001") })),
            call("next_id", json!({ "kind": "prd" })),
            call("trace", json!({ "id": "PRD-003", "direction": "up" })),
            call("rules", json!({ "name": "unknown-reference" })),
            call("check", json!({ "paths": ["prds"] })),
            { "write": "prds/PRD-091-saved-mid-session.md", "text": new_prd },
            { "tool": "get_document", "arguments": { "id": "PRD-091" }, "settle": true },
        ]),
    );
    assert_eq!(transcript["server"], "spex");

    // Every tool is there, each with a description and described parameters.
    let tools = transcript["tools"].as_array().expect("tools");
    let names: Vec<&str> = tools.iter().filter_map(|t| t["name"].as_str()).collect();
    for name in [
        "list_documents",
        "get_document",
        "check",
        "check_text",
        "rules",
        "next_id",
        "trace",
        "search",
        "diff",
        "digest",
        "new_document",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    for tool in tools {
        assert!(
            tool["description"].as_str().is_some_and(|d| d.len() > 40),
            "{tool}"
        );
        for (param, schema) in tool["input_schema"]["properties"]
            .as_object()
            .into_iter()
            .flatten()
        {
            assert!(
                schema["description"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty()),
                "{}.{param} has no description",
                tool["name"]
            );
        }
    }

    let listed = ok(&transcript, 0);
    let ids: Vec<&str> = listed["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["id"].as_str())
        .collect();
    assert!(ids.contains(&"PRD-004") && ids.len() == 5, "{listed}");
    assert!(
        listed["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .all(|d| d["status"] == "approved"),
        "{listed}"
    );
    assert_eq!(listed["count"], ids.len());

    let prd3 = ok(&transcript, 1);
    assert_eq!(prd3["id"], "PRD-003");
    assert_eq!(prd3["title"], "Delivery date promise at checkout");
    assert_eq!(prd3["fields"]["owner"], "Tomás Rivera");
    assert!(
        prd3["body"]
            .as_str()
            .expect("body")
            .starts_with("\nShow shoppers a specific, honest delivery date")
    );
    assert!(
        prd3["references"]
            .as_array()
            .expect("references")
            .iter()
            .any(|r| r["target"] == "PRD-001" && r["dependency"] == true)
    );
    assert!(
        prd3["sections"]
            .as_array()
            .expect("sections")
            .iter()
            .any(|s| s["heading"] == "Problem")
    );
    assert!(prd3["backlinks"].is_array() && prd3["diagnostics"].is_array());
    assert!(prd3["health"]["state"].is_string(), "{}", prd3["health"]);

    // The confidential section of a public PRD is gone from its body and sections.
    let prd1 = ok(&transcript, 2);
    assert!(
        !prd1["body"]
            .as_str()
            .expect("body")
            .contains("Carrier contract terms")
    );
    assert!(
        !prd1["sections"]
            .to_string()
            .contains("Carrier contract terms")
    );
    assert!(
        prd1["body"]
            .as_str()
            .expect("body")
            .contains("## Success metrics")
    );

    // A confidential PRD is answered like one that does not exist.
    let prd19 = &transcript["results"][3];
    assert_eq!(prd19["is_error"], true, "{prd19}");
    assert!(
        prd19["text"]
            .as_str()
            .expect("text")
            .starts_with("no document with that ID or path")
    );

    // A draft with a broken reference, then the fixed draft; neither is written.
    let broken = ok(&transcript, 4);
    assert_eq!(broken["path"], DRAFT_PATH);
    assert_eq!(broken["document"]["id"], "PRD-090");
    assert!(
        broken["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .any(|d| d["rule"] == "unknown-reference"
                && d["message"].as_str().is_some_and(|m| m.contains("PRD-999"))),
        "{broken}"
    );
    let fixed = ok(&transcript, 5);
    assert_eq!(fixed["errors"], 0, "{fixed}");
    assert!(!workspace.join(DRAFT_PATH).exists());

    // The next ID after the highest the agent may see.
    assert_eq!(ok(&transcript, 6)["id"], "PRD-021");

    let trace = ok(&transcript, 7);
    assert_eq!(trace["root"], "PRD-003");
    assert!(
        trace["edges"]
            .as_array()
            .expect("edges")
            .contains(&json!({ "from": "PRD-003", "to": "PRD-001" })),
        "{trace}"
    );

    assert_eq!(ok(&transcript, 8)["name"], "unknown-reference");
    let checked = ok(&transcript, 9);
    assert!(
        checked["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .all(|d| d["file"].as_str().is_some_and(|f| f.starts_with("prds/"))),
        "{checked}"
    );

    // A file saved during the session is seen by the next call.
    assert_eq!(ok(&transcript, 10)["title"], "Saved mid-session");

    assert!(
        !transcript.to_string().contains(MARKER),
        "the confidential marker leaked"
    );
    assert!(
        !transcript.to_string().contains("ShipLoop"),
        "the confidential PRD's title leaked"
    );
}

#[test]
fn no_tool_shows_a_confidential_marker_unless_the_server_includes_confidential() {
    if !client_available() {
        return;
    }
    let workspace = TestWorkspace::copy_of(&repo_root().join("example-workspace"));
    let every_id = [
        "PRD-001",
        "PRD-008",
        "PRD-016",
        "PRD-017",
        "PRD-019",
        "OBJ-004",
        "VIS-001",
        "prds/PRD-019-shiploop-merchant-migration.md",
    ];
    let mut calls = vec![
        call("list_documents", json!({})),
        call(
            "list_documents",
            json!({ "fields": ["id", "title", "status", "depends_on", "related", "items", "objectives"] }),
        ),
        call(
            "list_documents",
            json!({ "kind": "roadmap", "fields": ["items"] }),
        ),
        call("check", json!({})),
        call("rules", json!({})),
        call("next_id", json!({ "kind": "prd" })),
        call(
            "check_text",
            json!({ "path": DRAFT_PATH, "text": draft("PRD-019") }),
        ),
    ];
    for id in every_id {
        calls.push(call("get_document", json!({ "id": id })));
        calls.push(call(
            "trace",
            json!({ "id": id, "direction": "both", "depth": 20 }),
        ));
    }
    let count = calls.len();
    let hidden = session(&workspace, &[], Value::Array(calls.clone()));
    assert_eq!(hidden["results"].as_array().expect("results").len(), count);
    let text = hidden.to_string();
    assert!(!text.contains(MARKER), "the confidential marker leaked");
    assert!(
        !text.contains("ShipLoop"),
        "the confidential PRD's title leaked"
    );

    // The same calls with --include-confidential do show it: the test reads the output.
    let shown = session(&workspace, &["--include-confidential"], Value::Array(calls)).to_string();
    assert!(shown.contains(MARKER) && shown.contains("ShipLoop"));
}

/// The example workspace committed to a new repository, then edited in the work tree:
/// PRD-003 approved, and the confidential PRD-019 changed too.
fn example_repository() -> TestRepo {
    let repo = TestRepo::new();
    copy_dir(&repo_root().join("example-workspace"), repo.path());
    repo.commit("Example specs", "Ana Silva", day(2026, 11, 2));
    let edit = |rel: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(repo.join(rel)).expect("read");
        assert!(text.contains(from), "{rel} has no `{from}`");
        repo.write(rel, &text.replacen(from, to, 1));
    };
    edit(
        "prds/PRD-003-checkout-delivery-promise.md",
        "status: in-progress",
        "status: shipped",
    );
    edit(
        "prds/PRD-019-shiploop-merchant-migration.md",
        "title: ",
        "title: Renamed ",
    );
    repo
}

#[test]
fn an_agent_searches_diffs_digests_and_creates_documents_through_the_python_sdk() {
    if !client_available() {
        return;
    }
    let repo = example_repository();
    let new_prd = json!({
        "kind": "prd",
        "title": "Bulk label printing",
        "fields": { "owner": "Ana Silva", "objectives": ["OBJ-001"], "vision": "VIS-001" },
        "body": "Print a day's labels in one go.\n\n## Problem\n\nOne at a time is slow.\n",
    });
    let calls = json!([
        call("search", json!({ "query": "delivery promise" })),
        call("search", json!({ "query": "shiploop" })),
        call("diff", json!({ "base": "HEAD" })),
        call(
            "digest",
            json!({ "audience": "engineering", "since": "HEAD" })
        ),
        call(
            "digest",
            json!({ "audience": "leadership", "format": "json" })
        ),
        call("digest", json!({ "audience": "nobody" })),
        call("new_document", new_prd.clone()),
        call("list_documents", json!({ "limit": 3 })),
        json!({ "resource": "spex://doc/PRD-003" }),
        json!({ "resource": "spex://doc/PRD-001" }),
        json!({ "resource": "spex://doc/PRD-019" }),
        json!({ "resource": "spex://rule/orphan" }),
        json!({ "resource": "spex://config" }),
        json!({ "prompt": "write_prd", "arguments": { "idea": "bulk label printing", "objective": "OBJ-001" } }),
        json!({ "prompt": "review_prd", "arguments": { "id": "PRD-003" } }),
    ]);
    let read_only = session_in(repo.path(), &[], calls.clone());
    let refused = &read_only["results"][6];
    assert_eq!(refused["is_error"], true, "{refused}");
    assert!(
        refused["text"]
            .as_str()
            .is_some_and(|t| t.contains("--allow-write")),
        "{refused}"
    );
    assert!(!repo.join("prds/PRD-021-bulk-label-printing.md").exists());

    let written = session_in(repo.path(), &["--allow-write"], calls);
    for transcript in [&read_only, &written] {
        let search = ok(transcript, 0);
        assert_eq!(search["results"][0]["id"], "PRD-003", "{search}");
        assert!(
            search["results"][0]["summary"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
        // The confidential PRD is not found by its name.
        assert_eq!(ok(transcript, 1)["total"], 0, "{}", ok(transcript, 1));

        let diff = ok(transcript, 2);
        let changed = diff.to_string();
        assert!(
            changed.contains("PRD-003") && changed.contains("shipped"),
            "{diff}"
        );

        let digest = ok(transcript, 3);
        assert_eq!(digest["audience"], "engineering");
        assert!(
            digest["markdown"]
                .as_str()
                .is_some_and(|m| m.contains("PRD-003")),
            "{digest}"
        );
        assert!(ok(transcript, 4).is_object());
        let unknown = &transcript["results"][5];
        assert_eq!(unknown["is_error"], true);
        assert!(
            unknown["text"]
                .as_str()
                .is_some_and(|t| t.contains("the audiences here are"))
        );

        let page = ok(transcript, 7);
        assert_eq!(page["count"], 3);
        assert_eq!(page["next_offset"], 3);
        assert!(
            page["note"]
                .as_str()
                .is_some_and(|n| n.contains("offset 3"))
        );

        let uris: Vec<&str> = transcript["resources"]
            .as_array()
            .expect("resources")
            .iter()
            .filter_map(|r| r["uri"].as_str())
            .collect();
        for uri in [
            "spex://doc/PRD-003",
            "spex://doc/OBJ-001",
            "spex://rule/orphan",
            "spex://config",
        ] {
            assert!(uris.contains(&uri), "{uri} missing from {uris:?}");
        }
        assert!(!uris.iter().any(|u| u.contains("PRD-019")));
        assert_eq!(
            transcript["resource_pages"].as_u64(),
            Some(uris.len().div_ceil(100) as u64)
        );
        let results = &transcript["results"];
        let prd3 = results[8]["text"].as_str().expect("PRD-003 as Markdown");
        assert!(prd3.starts_with("---\nid: \"PRD-003\"\n"), "{prd3}");
        assert!(prd3.contains("Show shoppers a specific, honest delivery date"));
        let prd1 = results[9]["text"].as_str().expect("PRD-001 as Markdown");
        assert!(!prd1.contains("Carrier contract terms") && prd1.contains("## Success metrics"));
        assert_eq!(results[10]["is_error"], true, "{}", results[10]);
        assert!(
            results[11]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("orphan: "))
        );
        assert!(
            results[12]["text"]
                .as_str()
                .is_some_and(|t| t.contains("kinds:"))
        );
        let write = results[13]["text"].as_str().expect("write_prd");
        assert!(write.contains("bulk label printing") && write.contains("`check_text`"));
        assert!(
            results[14]["text"]
                .as_str()
                .is_some_and(|t| t.contains("`get_document` PRD-003"))
        );
        let prompts: Vec<&str> = transcript["prompts"]
            .as_array()
            .expect("prompts")
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(prompts, ["write_prd", "review_prd"]);

        let text = transcript.to_string();
        assert!(!text.contains(MARKER), "the confidential marker leaked");
        assert!(
            !text.contains("ShipLoop"),
            "the confidential PRD's title leaked"
        );
    }

    let created = ok(&written, 6);
    let path = created["path"].as_str().expect("path");
    assert_eq!(created["id"], "PRD-021");
    let text = std::fs::read_to_string(repo.join(path)).expect("the new document");
    assert!(text.contains("title: Bulk label printing") && text.contains("One at a time is slow."));
    // `spex check` agrees: the new file has no error.
    let check = run_in(repo.path(), &["check", "--format", "json", "--quiet"]);
    let diagnostics: Value = serde_json::from_slice(&check.stdout).expect("check prints JSON");
    let errors_in_new_file = diagnostics
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .filter(|d| d["file"] == path && d["severity"] == "error")
        .count();
    assert_eq!(errors_in_new_file, 0, "{diagnostics}");
}

/// The first line of every `{.engineering}` section of the example workspace's PRDs:
/// text a sales agent must never read.
fn engineering_only_lines() -> Vec<String> {
    let prds = repo_root().join("example-workspace/prds");
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(prds).expect("prds") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        let mut after = text.split("{.engineering}\n").skip(1);
        if let Some(section) = after.next() {
            let first = section
                .lines()
                .find(|l| !l.trim().is_empty())
                .expect("text");
            lines.push(first.chars().take(60).collect());
        }
    }
    assert!(lines.len() >= 5, "{lines:?}");
    lines
}

#[test]
fn a_server_for_one_audience_shows_only_that_audiences_view() {
    if !client_available() {
        return;
    }
    let repo = example_repository();
    let mut calls = vec![
        call("list_documents", json!({})),
        call(
            "list_documents",
            json!({ "kind": "prd", "fields": ["title", "owner", "depends_on"] }),
        ),
        call(
            "search",
            json!({ "query": "rate requests carrier adapters" }),
        ),
        call("search", json!({ "query": "customer" })),
        call("check", json!({})),
        call("next_id", json!({ "kind": "prd" })),
        call("rules", json!({})),
        call(
            "check_text",
            json!({ "path": DRAFT_PATH, "text": draft("PRD-001") }),
        ),
        call("diff", json!({ "base": "HEAD" })),
        call("digest", json!({ "audience": "sales", "since": "HEAD" })),
        call("digest", json!({ "audience": "engineering" })),
        call("get_document", json!({ "id": "OBJ-001" })),
        json!({ "resource": "spex://doc/PRD-001" }),
        json!({ "prompt": "review_prd", "arguments": { "id": "PRD-001" } }),
        json!({ "prompt": "write_prd", "arguments": { "idea": "labels", "objective": "OBJ-001" } }),
    ];
    for id in ["PRD-001", "PRD-003", "PRD-004", "PRD-016", "PRD-019"] {
        calls.push(call("get_document", json!({ "id": id })));
        calls.push(call(
            "trace",
            json!({ "id": id, "direction": "both", "depth": 20 }),
        ));
    }
    let transcript = session_in(repo.path(), &["--audience", "sales"], Value::Array(calls));
    let text = transcript.to_string();
    for line in engineering_only_lines() {
        assert!(
            !text.contains(&line),
            "engineering-only text leaked: {line}"
        );
    }
    assert!(!text.contains(MARKER), "the confidential marker leaked");
    assert!(
        !text.contains("ShipLoop"),
        "the confidential PRD's title leaked"
    );

    // Sales reads PRDs (and releases) only, with its own sections and fields.
    let listed = ok(&transcript, 0);
    assert!(
        listed["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .all(|d| d["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("PRD-") || id.starts_with("REL-"))),
        "{listed}"
    );
    assert!(!ok(&transcript, 1).to_string().contains("Tomás Rivera"));
    assert_eq!(ok(&transcript, 2)["total"], 0, "{}", ok(&transcript, 2));
    let results = &transcript["results"];
    assert_eq!(
        results[8]["is_error"], true,
        "a diff shows every audience's changes"
    );
    assert_eq!(ok(&transcript, 9)["audience"], "sales");
    assert_eq!(results[10]["is_error"], true, "another audience's digest");
    assert_eq!(
        results[11]["is_error"], true,
        "an objective is not for sales"
    );
    let prd1 = ok(&transcript, 15);
    let body = prd1["body"].as_str().expect("body");
    assert!(body.contains("## Customer value"), "{body}");
    assert!(
        !body.contains("## Success metrics"),
        "untagged sections are not for sales"
    );
    assert!(prd1["fields"].get("owner").is_none(), "{prd1}");
    let resource = results[12]["text"].as_str().expect("PRD-001 as Markdown");
    assert!(resource.contains("## Customer value") && !resource.contains("Technical approach"));
    assert!(
        !transcript["resources"].to_string().contains("OBJ-"),
        "objectives are listed to sales"
    );
}

#[test]
fn an_unknown_audience_stops_the_server_with_the_audiences_there_are() {
    let workspace = TestWorkspace::copy_of(&repo_root().join("example-workspace"));
    let out = run_in(workspace.path(), &["mcp", ".", "--audience", "slaes"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown audience `slaes` (did you mean `sales`?)")
            && stderr.contains("engineering, leadership, sales"),
        "{stderr}"
    );
}
