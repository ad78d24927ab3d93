//! Hover on a field, definition through relative links, workspace symbols and inlay hints.

use serde_json::json;

use super::{A, B, Client, OBJ, file_of};

#[test]
fn hover_on_a_field_name_shows_its_schema() {
    let (mut client, _) = Client::with(&[("prds/a.md", A), ("prds/b.md", B)]);
    // `owner` on line 4.
    let hover = client.at("textDocument/hover", "prds/a.md", 4, 2);
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("**owner** · a person · required"),
        "{text}"
    );
    // `depends_on`: not required, a list of PRD references.
    let hover = client.at("textDocument/hover", "prds/a.md", 5, 3);
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**depends_on** · "), "{text}");
    assert!(!text.contains("required"), "{text}");
    // The value after the colon is no field name (`Ann`: nothing).
    assert_eq!(
        client.at("textDocument/hover", "prds/a.md", 4, 8),
        serde_json::Value::Null
    );
}

#[test]
fn relative_links_lead_to_the_file_and_its_heading() {
    let a = A.replace(
        "Text.",
        "[plans](b.md#bee-plans), [b](./b.md), [top](#alpha).",
    );
    let (mut client, _) = Client::with(&[("prds/a.md", &a), ("prds/b.md", B)]);
    let heading = client.at("textDocument/definition", "prds/a.md", 13, 10);
    assert_eq!(file_of(&heading), "b.md");
    assert_eq!(
        heading["range"]["start"],
        json!({"line": 7, "character": 0})
    );
    let file = client.at("textDocument/definition", "prds/a.md", 13, 31);
    assert_eq!(file_of(&file), "b.md");
    assert_eq!(file["range"]["start"], json!({"line": 0, "character": 0}));
    let own = client.at("textDocument/definition", "prds/a.md", 13, 47);
    assert_eq!(file_of(&own), "a.md");
    assert_eq!(own["range"]["start"], json!({"line": 7, "character": 0}));
}

#[test]
fn workspace_symbols_find_ids_and_titles_best_first() {
    let (mut client, _) = Client::with(&[
        ("prds/a.md", A),
        ("prds/b.md", B),
        ("objectives/grow.md", OBJ),
    ]);
    let (_, response) = client.request("workspace/symbol", json!({"query": "bee"}));
    let found = response.response_result.unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["name"], "PRD-2 Bee");
    assert_eq!(file_of(&found[0]["location"]), "b.md");
    assert_eq!(
        found[0]["location"]["range"]["start"],
        json!({"line": 1, "character": 4})
    );
    let (_, response) = client.request("workspace/symbol", json!({"query": ""}));
    let names: Vec<&str> = response
        .response_result
        .as_ref()
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["OBJ-1 Grow", "PRD-1 Alpha", "PRD-2 Bee"]);
}

#[test]
fn inlay_hints_name_the_title_after_each_id_in_front_matter() {
    let (mut client, _) = Client::with(&[("prds/a.md", A), ("prds/b.md", B)]);
    let uri = client.uri("prds/a.md");
    let (_, response) = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 14, "character": 0}}}),
    );
    let hints = response.response_result.unwrap();
    // Only the front-matter reference, not `[[PRD-2#bee-plans]]` in the body.
    assert_eq!(
        hints,
        json!([{"position": {"line": 5, "character": 18}, "label": "Bee", "paddingLeft": true}])
    );
}

#[test]
fn a_code_lens_on_the_title_counts_the_backlinks_and_shows_them() {
    let (mut client, _) = Client::with(&[("prds/a.md", A), ("prds/b.md", B)]);
    let lenses = |client: &mut Client, path: &str| {
        let uri = client.uri(path);
        let (_, response) = client.request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        );
        response.response_result.unwrap()
    };
    // b.md is named in a's `depends_on` and in its `[[PRD-2#bee-plans]]`.
    let b = lenses(&mut client, "prds/b.md");
    let uri = client.uri("prds/b.md");
    assert_eq!(
        b,
        json!([{
            "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 5}},
            "command": {
                "title": "2 references",
                "command": "spex.showReferences",
                "arguments": [uri, {"line": 2, "character": 0}],
            },
        }])
    );
    // What the lens shows is what references at its place answer.
    let found = client.at("textDocument/references", "prds/b.md", 2, 0);
    assert_eq!(found.as_array().unwrap().len(), 2);
    assert_eq!(
        lenses(&mut client, "prds/a.md")[0]["command"]["title"],
        "0 references"
    );
}
