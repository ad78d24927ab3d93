//! The MCP surface: a real `spex mcp` spoken to in raw JSON-RPC over stdio (the protocol's
//! newline-delimited messages), calling every tool on every document the fixture has,
//! confidential ones included (an agent may guess an ID). Every byte the server writes is
//! collected. The wait for the answers is bounded; a server that never answers is a
//! problem in the report, not a hang.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::Stdio;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::fixture::Fixture;
use super::surfaces::{Artifact, Collected, Stream, command};

const WAIT: Duration = Duration::from_secs(30);

/// Every document of the fixture by ID and path, public and confidential.
const DOCUMENTS: &[&str] = &[
    "VIS-1",
    "OBJ-1",
    "DEC-1",
    "PRD-1",
    "PRD-2",
    "RM-1",
    "PRD-904711",
    "DEC-904712",
    "OBJ-904713",
    "RM-904714",
    "PRD-904715",
    "PRD-904716",
    "VIS-904717",
    "REL-904718",
    "PRD-904719",
    "prds/LeakmarkGonePath.md",
    "docs/notes.md",
];

/// The tool calls of one session.
fn calls() -> Vec<Value> {
    let every_field = [
        "id",
        "kind",
        "title",
        "path",
        "status",
        "owner",
        "team",
        "tags",
        "items",
        "metrics",
        "horizon",
        "period",
        "vision",
        "objectives",
        "depends_on",
        "related",
        "affects",
        "includes",
        "supersedes",
    ];
    let mut calls = vec![
        json!({ "name": "list_documents", "arguments": {} }),
        json!({ "name": "list_documents", "arguments": { "fields": every_field } }),
        json!({ "name": "list_documents", "arguments": { "kind": "roadmap", "where": ["items~leakmarkrm1confnote"], "fields": ["id", "items"] } }),
        json!({ "name": "check", "arguments": {} }),
        json!({ "name": "rules", "arguments": {} }),
        json!({ "name": "rules", "arguments": { "name": "orphan" } }),
        json!({ "name": "check_text", "arguments": { "path": "prds/PRD-3.md", "text": "---\nid: PRD-3\ntitle: A draft\nstatus: draft\nowner: Ann Lee\nrelated: [PRD-1]\n---\nDraft.\n" } }),
        json!({ "name": "check_text", "arguments": { "path": "prds/PRD-1.md", "text": "---\nid: PRD-1\ntitle: Edited\nstatus: draft\nowner: Ann Lee\n---\nEdited.\n" } }),
    ];
    // A draft over a confidential document's file, by an agent that guessed its path.
    calls.push(json!({ "name": "check_text", "arguments": { "path": "prds/LeakmarkPrd9Path.md", "text": "---\nid: PRD-5\ntitle: Guess\nstatus: draft\nowner: Ann Lee\nconfidential: false\n---\nGuess.\n" } }));
    for kind in [
        "prd",
        "decision",
        "objective",
        "roadmap",
        "vision",
        "release",
    ] {
        calls.push(json!({ "name": "next_id", "arguments": { "kind": kind } }));
    }
    // Search finds every marker word by its prefix, with each hit's summary.
    for query in ["leakmark", "904711 9047", "confidential"] {
        calls.push(json!({ "name": "search", "arguments": { "query": query, "limit": 1000 } }));
    }
    for base in ["HEAD~2", "HEAD~1"] {
        calls.push(json!({ "name": "diff", "arguments": { "base": base } }));
        calls.push(json!({ "name": "diff", "arguments": { "base": base, "head": "HEAD" } }));
    }
    for audience in ["engineering", "sales", "leadership"] {
        for format in ["markdown", "json"] {
            calls.push(json!({ "name": "digest", "arguments": { "audience": audience, "since": "HEAD~2", "format": format } }));
        }
    }
    // Refused without --allow-write; its refusal must not leak either.
    calls.push(json!({ "name": "new_document", "arguments": { "kind": "prd", "title": "New", "fields": { "related": ["PRD-904711"] } } }));
    for id in DOCUMENTS {
        calls.push(json!({ "name": "get_document", "arguments": { "id": id } }));
        calls.push(
            json!({ "name": "trace", "arguments": { "id": id, "direction": "both", "depth": 20 } }),
        );
    }
    calls
}

/// Resources (every page of the list, every document by ID and path, a rule, the config)
/// and prompts, asked for in raw JSON-RPC.
fn other_requests() -> Vec<(&'static str, Value)> {
    let mut requests = vec![("resources/list", json!({}))];
    for cursor in ["100", "200"] {
        requests.push(("resources/list", json!({ "cursor": cursor })));
    }
    for id in DOCUMENTS {
        requests.push((
            "resources/read",
            json!({ "uri": format!("spex://doc/{id}") }),
        ));
    }
    for uri in ["spex://rule/orphan", "spex://config"] {
        requests.push(("resources/read", json!({ "uri": uri })));
    }
    requests.push(("prompts/list", json!({})));
    for (name, arguments) in [
        (
            "write_prd",
            json!({ "idea": "labels", "objective": "OBJ-904713" }),
        ),
        ("review_prd", json!({ "id": "PRD-904711" })),
        ("review_prd", json!({ "id": "PRD-1" })),
    ] {
        requests.push((
            "prompts/get",
            json!({ "name": name, "arguments": arguments }),
        ));
    }
    requests
}

/// Runs one session of `spex mcp` with `extra` arguments on the fixture.
pub fn session(fixture: &Fixture, extra: &[&str]) -> Collected {
    let mut collected = Collected::default();
    let mut child = command(fixture.repo.path())
        .arg("mcp")
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spex starts");
    let (tx, rx) = channel();
    let stdout: Box<dyn Read + Send> = Box::new(child.stdout.take().expect("stdout"));
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let mut stdin = child.stdin.take().expect("stdin");
    let mut send = |message: Value| {
        let _ = writeln!(stdin, "{message}");
        let _ = stdin.flush();
    };
    send(json!({
        "jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": { "name": "leak-test", "version": "1" }
        }
    }));
    let mut lines = Vec::new();
    let answered = |want: usize, lines: &mut Vec<String>| -> bool {
        let deadline = Instant::now() + WAIT;
        let count = |lines: &[String]| {
            lines
                .iter()
                .filter(|l| serde_json::from_str::<Value>(l).is_ok_and(|v| v["id"].is_number()))
                .count()
        };
        while count(lines) < want {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => lines.push(line),
                Err(_) => return false,
            }
        }
        true
    };
    let mut ok = answered(1, &mut lines);
    send(json!({ "jsonrpc": "2.0", "method": "notifications/initialized" }));
    send(json!({ "jsonrpc": "2.0", "id": 1, "method": "tools/list" }));
    let mut requests: Vec<(&str, Value)> = calls()
        .into_iter()
        .map(|call| ("tools/call", call))
        .collect();
    requests.extend(other_requests());
    let total = requests.len() + 2;
    for (n, (method, params)) in requests.into_iter().enumerate() {
        send(json!({ "jsonrpc": "2.0", "id": n + 2, "method": method, "params": params }));
    }
    ok = ok && answered(total, &mut lines);
    if !ok {
        collected.problems.push(format!(
            "spex mcp answered {} of {total} requests",
            lines.len()
        ));
    }
    let results = lines
        .iter()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["result"]["isError"] == false)
        .count();
    // Some calls must succeed, or the test reads only error messages.
    if results < 10 {
        collected.problems.push(format!(
            "only {results} tool calls succeeded:\n{}",
            lines.join("\n")
        ));
    }
    drop(stdin);
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if child.try_wait().ok().flatten().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let mut stderr = Vec::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_end(&mut stderr);
    }
    let _ = child.wait();
    collected.artifacts.push(Artifact {
        stream: Stream::Stdout,
        what: "stdout".into(),
        bytes: (lines.join("\n") + "\n").into_bytes(),
    });
    collected.artifacts.push(Artifact {
        stream: Stream::Stderr,
        what: "stderr".into(),
        bytes: stderr,
    });
    collected
}
