//! `spex lsp` from a client nobody here wrote: Neovim's built-in LSP client, headless.
//! Without `nvim` the test skips with a message, except under `CI=true` (`.ci/run`
//! installs it), where it fails instead. The raw protocol tests (`editing.rs`) drive the
//! server with a client of our own (`session.rs`).

mod editing;
mod history;
mod session;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

fn nvim_available() -> bool {
    Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn neovim_uses_every_capability_through_its_own_client() {
    if !nvim_available() {
        assert!(
            !in_ci(),
            "CI=true but no `nvim` on PATH; install it with `apt-get install -y neovim`"
        );
        eprintln!("SKIPPED neovim LSP test: no `nvim` on PATH; under CI=true it fails instead");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(
        &root,
        "spex.yaml",
        "docs_url: https://spex.example.com/rules\n",
    );
    write(
        &root,
        "prds/a.md",
        "---\nid: PRD-1\ntitle: A\nowner: Ann\ndepends_on: [PRD-2]\n---\nSee [[PRD-2]].\n",
    );
    write(
        &root,
        "prds/b.md",
        "---\nid: PRD-2\ntitle: Bee\nowner: Bo\n---\n# Bee\n\nThe second one.\n",
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/lsp/nvim_client.lua");
    let mut child = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "-u", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("SPEX_ROOT", &root)
        .env("SPEX_BIN", env!("CARGO_BIN_EXE_spex"))
        .env("XDG_STATE_HOME", root.join(".state"))
        .env("XDG_CACHE_HOME", root.join(".cache"))
        .current_dir(&root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(90) {
            child.kill().unwrap();
            panic!("nvim did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(
        status.success() && stderr.contains("OK"),
        "{status}\n{stderr}"
    );
}

/// One JSON-RPC message with its `Content-Length` header.
fn frame(message: &serde_json::Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Every message in a stream of framed ones.
fn unframe(mut bytes: &[u8]) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    while let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
        let header = std::str::from_utf8(&bytes[..end]).unwrap();
        let length: usize = header
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .unwrap()
            .parse()
            .unwrap();
        let body = &bytes[end + 4..end + 4 + length];
        out.push(serde_json::from_slice(body).unwrap());
        bytes = &bytes[end + 4 + length..];
    }
    out
}

#[test]
fn the_server_registers_for_file_changes_publishes_and_shuts_down_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, "spex.yaml", "");
    write(
        &root,
        "prds/a.md",
        "---\nid: PRD-1\ntitle: A\nowner: Ann\n---\nSee [[PRD-7]].\n",
    );
    let uri = format!("file://{}", root.display());
    let mut input = Vec::new();
    for message in [
        serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": null, "rootUri": uri,
            "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}
        }}),
        serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        serde_json::json!({"jsonrpc": "2.0", "method": "exit"}),
    ] {
        input.extend(frame(&message));
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_spex"))
        .arg("lsp")
        .current_dir("/")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    let messages = unframe(&out.stdout);
    let methods: Vec<&str> = messages
        .iter()
        .map(|m| m["method"].as_str().unwrap_or("(response)"))
        .collect();
    assert_eq!(
        methods,
        [
            "(response)",
            "client/registerCapability",
            "textDocument/publishDiagnostics",
            "(response)"
        ],
        "{messages:#?}"
    );
    assert_eq!(
        messages[0]["result"]["capabilities"]["definitionProvider"],
        true
    );
    assert_eq!(
        messages[1]["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    let published = &messages[2]["params"];
    assert_eq!(published["uri"], format!("{uri}/prds/a.md"));
    let codes: Vec<&str> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"unknown-reference"), "{codes:?}");
    assert_eq!(messages[3]["id"], 2);
}
