//! The raw protocol over real pipes: incremental edits, the server's own file watcher,
//! rename, code actions, completion, inlay hints and workspace symbols.

use serde_json::{Value, json};

use super::session::{RawClient, codes, uri_of};
use super::write;

const A: &str = "---\nid: PRD-1\ntitle: A\nowner: Ann\ndepends_on: [PRD-7]\n---\n# A\n\nSee [[PRD-7#bee]] — 日本語.\n";
const B: &str = "---\nid: PRD-7\ntitle: Bee\nowner: Bo\n---\n# Bee\n\nThe second one.\n";

fn workspace() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, "spex.yaml", "rules: { orphan: allow }\n");
    write(&root, "prds/a.md", A);
    (dir, root)
}

#[test]
fn without_client_file_events_the_server_watches_the_workspace_itself() {
    let (_dir, root) = workspace();
    // No `didChangeWatchedFiles` capability: the server must see b.md appear by itself.
    let mut client = RawClient::start(&root, json!({}));
    client.diagnostics_for(&root, "prds/a.md", |d| {
        codes(d).contains(&"unknown-reference")
    });
    assert!(
        !client
            .seen
            .iter()
            .any(|m| m["method"] == "client/registerCapability"),
        "nothing to register with a client that cannot: {:#?}",
        client.seen
    );
    write(&root, "prds/b.md", B);
    client.diagnostics_for(&root, "prds/a.md", |d| {
        !codes(d).contains(&"unknown-reference")
    });
    client.shut_down();
}

#[test]
fn incremental_edits_rename_and_code_actions_over_the_wire() {
    let (_dir, root) = workspace();
    write(&root, "prds/PRD-7-bee.md", B);
    let capabilities = json!({
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
        "textDocument": {"synchronization": {"dynamicRegistration": false}}
    });
    let mut client = RawClient::start(&root, capabilities);
    let a = uri_of(&root, "prds/a.md");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": a, "languageId": "markdown", "version": 1, "text": A}}),
    );
    // `[[PRD-7#bee]]` on line 8 becomes `[[PDR-7#bee]]` by a one-character range edit
    // (after the CJK text, so columns are UTF-16 units).
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 8, "character": 7}, "end": {"line": 8, "character": 8}}, "text": "D"},
            {"range": {"start": {"line": 8, "character": 8}, "end": {"line": 8, "character": 9}}, "text": "R"},
        ]}),
    );
    let diagnostics = client.diagnostics_for(&root, "prds/a.md", |d| {
        codes(d).contains(&"unknown-reference")
    });
    let unknown = diagnostics
        .iter()
        .find(|d| d["code"] == "unknown-reference")
        .unwrap();
    assert_eq!(
        unknown["range"],
        json!({"start": {"line": 8, "character": 6}, "end": {"line": 8, "character": 15}})
    );
    assert_eq!(unknown["data"], json!({"replace": "PRD-7"}));

    // The quick fix puts the ID back.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": a}, "range": unknown["range"], "context": {"diagnostics": [unknown]}}),
    );
    let fix = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Change to `PRD-7`")
        .unwrap_or_else(|| panic!("{actions:#}"));
    assert_eq!(
        fix["edit"]["documentChanges"][0]["edits"][0],
        json!({"range": {"start": {"line": 8, "character": 6}, "end": {"line": 8, "character": 11}}, "newText": "PRD-7"})
    );

    // Rename PRD-7 from its reference in a's front matter: both files change, and b.md,
    // named after the ID, moves.
    let renamed = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": a}, "position": {"line": 4, "character": 15}, "newName": "PRD-8"}),
    );
    let changes = renamed["result"]["documentChanges"].as_array().unwrap();
    let kinds: Vec<&Value> = changes.iter().map(|c| &c["kind"]).collect();
    assert_eq!(
        kinds,
        [&Value::Null, &Value::Null, &json!("rename")],
        "{renamed:#}"
    );
    assert_eq!(
        changes[2]["newUri"],
        uri_of(&root, "prds/PRD-8-bee.md").as_str()
    );
    let refused = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": a}, "position": {"line": 4, "character": 15}, "newName": "PRD-1"}),
    );
    assert_eq!(refused["error"]["code"], -32803, "{refused:#}");

    // Inlay hint after the front-matter reference; workspace symbols by title.
    let hints = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": a}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}}),
    );
    assert_eq!(hints["result"][0]["label"], "Bee");
    let symbols = client.request("workspace/symbol", json!({"query": "bee"}));
    assert_eq!(symbols["result"][0]["name"], "PRD-7 Bee");
    client.shut_down();
}
