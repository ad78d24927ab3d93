//! Times `spex mcp` on a generated workspace, as an agent would use it: how long until
//! the server answers `initialize` (it compiles the workspace first), then `get_document`,
//! `list_documents` with a filter and `check_text` of one draft, each called many times
//! over one stdio session (raw JSON-RPC, one message per line).
//!
//! ```sh
//! cargo build --release --bin spex --example gen_corpus --example mcp_bench
//! target/release/examples/gen_corpus --docs 10000 --out target/bench-corpus/10000
//! target/release/examples/mcp_bench target/release/spex target/bench-corpus/10000 [CALLS]
//! ```
//!
//! Prints the server's start-up time and, per tool, the median, 95th percentile and
//! slowest call in milliseconds, measured at the client (pipe and JSON included).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Calls per tool when the command line does not say.
const CALLS: usize = 50;

struct Session {
    stdin: std::process::ChildStdin,
    stdout: BufReader<std::process::ChildStdout>,
    next_id: u64,
}

impl Session {
    /// Sends one request and waits for its answer; the time between the two.
    fn request(&mut self, method: &str, params: Value) -> (Value, Duration) {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        let start = Instant::now();
        writeln!(self.stdin, "{message}").expect("the server reads");
        self.stdin.flush().expect("the server reads");
        let mut line = String::new();
        loop {
            line.clear();
            let read = self.stdout.read_line(&mut line).expect("the server writes");
            assert!(read > 0, "the server hung up");
            let answer: Value = serde_json::from_str(&line).expect("JSON-RPC");
            if answer["id"] == id {
                return (answer, start.elapsed());
            }
        }
    }

    fn call(&mut self, tool: &str, arguments: Value) -> Duration {
        let (answer, took) = self.request(
            "tools/call",
            json!({ "name": tool, "arguments": arguments }),
        );
        assert_eq!(
            answer["result"]["isError"], false,
            "{tool} failed: {answer}"
        );
        took
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(spex), Some(workspace)) = (args.first(), args.get(1)) else {
        eprintln!("usage: mcp_bench SPEX_BINARY WORKSPACE [CALLS]");
        return ExitCode::from(2);
    };
    let calls: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(CALLS);
    let start = Instant::now();
    let mut child = Command::new(spex)
        .args(["mcp", workspace])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spex starts");
    let mut session = Session {
        stdin: child.stdin.take().expect("stdin"),
        stdout: BufReader::new(child.stdout.take().expect("stdout")),
        next_id: 0,
    };
    let (init, _) = session.request(
        "initialize",
        json!({ "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": { "name": "mcp_bench", "version": "1" } }),
    );
    let ready = start.elapsed();
    assert!(init["result"].is_object(), "{init}");
    writeln!(
        session.stdin,
        r#"{{"jsonrpc":"2.0","method":"notifications/initialized"}}"#
    )
    .expect("the server reads");

    let (listed, _) = session.request(
        "tools/call",
        json!({ "name": "list_documents", "arguments": { "kind": "prd", "fields": ["id"], "limit": 1000 } }),
    );
    let ids: Vec<String> = listed["result"]["structuredContent"]["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["id"].as_str().map(str::to_owned))
        .collect();
    assert!(!ids.is_empty(), "no PRDs in {workspace}");
    let total = listed["result"]["structuredContent"]["total"].clone();
    println!("workspace: {workspace} ({total} PRDs)");
    println!("server ready (initialize answered): {:.0} ms", ms(ready));

    let mut get = Vec::new();
    let mut list = Vec::new();
    let mut draft = Vec::new();
    for n in 0..calls {
        // Spread over the listing, so no one document's cache is all that is measured.
        let id = &ids[(n * 7919) % ids.len()];
        get.push(session.call("get_document", json!({ "id": id })));
        list.push(session.call(
            "list_documents",
            json!({ "kind": "prd", "where": ["status=approved"], "fields": ["title", "status", "owner"] }),
        ));
        let text = format!(
            "---\nid: PRD-99{n:03}\ntitle: Draft {n}\nstatus: draft\nowner: Ana Silva\ndepends_on: [{id}]\n---\n\nA draft.\n\n## Problem\n\nText.\n"
        );
        draft.push(session.call(
            "check_text",
            json!({ "path": format!("prds/PRD-99{n:03}-draft.md"), "text": text }),
        ));
    }
    println!("{calls} calls each:          median    p95    max (ms)");
    for (name, times) in [
        ("get_document", &mut get),
        ("list_documents (where)", &mut list),
        ("check_text", &mut draft),
    ] {
        times.sort();
        let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
        println!(
            "  {name:<24} {:>6.1} {:>6.1} {:>6.1}",
            at(0.5),
            at(0.95),
            at(1.0)
        );
    }
    drop(session);
    let _ = child.wait();
    ExitCode::SUCCESS
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
