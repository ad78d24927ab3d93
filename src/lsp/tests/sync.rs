//! Incremental text sync (UTF-16 ranges over multi-byte text) and bad input: the server
//! keeps answering whatever a buffer holds.

use serde_json::{Value, json};

use super::{B, Client, codes};

const MULTI: &str =
    "---\nid: PRD-1\ntitle: Ünïcode 😀\nowner: Ann\n---\nSee [[PRD-2]] — 日本語 [[PRD-2]].\n";

#[test]
fn incremental_changes_apply_utf16_ranges_in_order() {
    let (mut client, _) = Client::with(&[("prds/a.md", MULTI), ("prds/b.md", B)]);
    let uri = client.uri("prds/a.md");
    // The second `PRD-2` on line 5 starts at UTF-16 column 22 (the em dash is one unit,
    // each CJK character one): it becomes `PRD-9`. Then, in the same notification, an
    // emoji (two units) goes before `See`, which moves the broken reference right by 2.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 5, "character": 22}, "end": {"line": 5, "character": 27}}, "text": "PRD-9"},
            {"range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 0}}, "text": "🚀"},
        ]}),
    );
    let published = client.server.compile();
    let a = published
        .iter()
        .find(|n| n.params["uri"].as_str().unwrap().ends_with("a.md"))
        .expect("a.md published");
    let unknown = a.params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unknown-reference")
        .expect("unknown-reference");
    assert_eq!(
        unknown["range"],
        json!({"start": {"line": 5, "character": 24}, "end": {"line": 5, "character": 29}})
    );
    // The first reference still resolves: definition at its new column.
    let definition = client.at("textDocument/definition", "prds/a.md", 5, 9);
    assert!(
        definition["uri"].as_str().unwrap().ends_with("b.md"),
        "{definition}"
    );

    // A whole new text still replaces everything.
    client.change("prds/a.md", MULTI);
    let published = client.server.compile();
    assert!(
        codes(&published)
            .iter()
            .all(|(_, c)| !c.contains(&"unknown-reference".to_owned())),
        "{published:?}"
    );
}

/// Every kind of request at a position, each answered (a result, never an error).
fn ask_everything(client: &mut Client, path: &str, line: u32, character: u32) {
    for method in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/references",
        "textDocument/completion",
        "textDocument/prepareRename",
    ] {
        client.at(method, path, line, character);
    }
    let uri = client.uri(path);
    let whole =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 9999, "character": 0}});
    for (method, params) in [
        (
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        ),
        (
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": uri}, "range": whole}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}}),
        ),
        ("workspace/symbol", json!({"query": "x"})),
    ] {
        let (_, response) = client.request(method, params);
        assert!(response.response_result.is_ok(), "{method}: {response:?}");
    }
}

#[test]
fn half_typed_front_matter_and_an_unclosed_fence_are_diagnosed_and_answered() {
    let half = "---\nid: PRD-3\ntitle: [unclos\nstatus: dra";
    let fence =
        "---\nid: PRD-4\ntitle: Fence\nowner: X\n---\n# Code\n\n```rust\nfn main() {\n[[PRD-2";
    let (mut client, published) = Client::with(&[
        ("prds/half.md", half),
        ("prds/fence.md", fence),
        ("prds/b.md", B),
    ]);
    let half_codes = codes(&published)
        .into_iter()
        .find(|(f, _)| f == "half.md")
        .expect("half.md diagnosed");
    assert!(
        half_codes.1.contains(&"yaml-syntax".to_owned()),
        "{half_codes:?}"
    );
    for line in 0..4 {
        ask_everything(&mut client, "prds/half.md", line, 5);
    }
    for line in 0..10 {
        ask_everything(&mut client, "prds/fence.md", line, 3);
    }
}

#[test]
fn a_five_megabyte_paste_and_a_binary_buffer_are_compiled_and_answered() {
    let line = "Lorem ipsum [[PRD-2]] dolor sit amet, consectetur adipiscing elit. ñ 😀\n";
    let mut big = String::from("---\nid: PRD-5\ntitle: Big\nowner: X\n---\n");
    while big.len() < 5 * 1024 * 1024 {
        big.push_str(line);
    }
    let (mut client, published) = Client::with(&[("prds/b.md", B)]);
    assert!(!published.is_empty());
    client.open("prds/big.md", &big);
    client.open("prds/bin.md", "\u{0}\u{1}\u{2}\u{fffd}PNG\u{0}");
    let published = client.server.compile();
    assert!(
        codes(&published)
            .iter()
            .any(|(f, _)| f == "big.md" || f == "bin.md")
    );
    ask_everything(&mut client, "prds/big.md", 40_000, 14);
    ask_everything(&mut client, "prds/bin.md", 0, 2);
}

#[test]
fn a_document_outside_the_workspace_is_left_alone() {
    let (mut client, _) = Client::with(&[("prds/b.md", B)]);
    let outside = "file:///elsewhere/x.md";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": outside, "languageId": "markdown", "version": 1, "text": "---\nid: PRD-9\n---\n"}}),
    );
    assert!(client.server.due().is_none(), "nothing to compile");
    let at = json!({"textDocument": {"uri": outside}, "position": {"line": 1, "character": 5}});
    for method in [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/definition",
    ] {
        let (_, response) = client.request(method, at.clone());
        assert_eq!(response.response_result.unwrap(), Value::Null, "{method}");
    }
    let (_, response) = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": outside}, "position": {"line": 1, "character": 5}, "newName": "PRD-10"}),
    );
    assert_eq!(response.response_result.unwrap(), Value::Null);
}
