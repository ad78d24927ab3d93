//! prepareRename and rename: IDs through the `spex mv` engine, headings with their
//! anchors, and refusals the editor shows.

use serde_json::{Value, json};

use super::{A, B, Client};

/// `text` with the LSP text edits applied (positions are UTF-16, as the server sends).
pub fn apply(text: &str, edits: &[Value]) -> String {
    let lines = crate::lsp::convert::Lines::new(text);
    let mut ranged: Vec<(std::ops::Range<usize>, &str)> = edits
        .iter()
        .map(|e| {
            let position = |p: &Value| {
                lsp_types::Position::new(
                    p["line"].as_u64().unwrap() as u32,
                    p["character"].as_u64().unwrap() as u32,
                )
            };
            let start = lines.offset(position(&e["range"]["start"]));
            let end = lines.offset(position(&e["range"]["end"]));
            (start..end, e["newText"].as_str().unwrap())
        })
        .collect();
    ranged.sort_by_key(|(r, _)| r.start);
    let mut out = text.to_owned();
    for (range, with) in ranged.iter().rev() {
        out.replace_range(range.clone(), with);
    }
    out
}

/// The text edits of an action's edit of one file.
pub fn edits_of(action: &Value) -> Vec<Value> {
    action["edit"]["documentChanges"][0]["edits"]
        .as_array()
        .unwrap()
        .clone()
}

/// Each file the edit touches (by file name) with its text after the edit, and the moves.
/// `(file name, text)` pairs, or `(old name, new name)` for moves.
type Named = Vec<(String, String)>;

fn applied(edit: &Value, texts: &[(&str, &str)]) -> (Named, Named) {
    let mut files = Vec::new();
    let mut moves = Vec::new();
    for change in edit["documentChanges"].as_array().unwrap() {
        let name = |v: &Value| v.as_str().unwrap().rsplit('/').next().unwrap().to_owned();
        if change["kind"] == "rename" {
            moves.push((name(&change["oldUri"]), name(&change["newUri"])));
            continue;
        }
        let file = name(&change["textDocument"]["uri"]);
        let before = texts.iter().find(|(n, _)| *n == file).unwrap().1;
        files.push((file, apply(before, change["edits"].as_array().unwrap())));
    }
    (files, moves)
}

fn rename(
    client: &mut Client,
    path: &str,
    line: u32,
    character: u32,
    name: &str,
) -> lsp_server::Response {
    let uri = client.uri(path);
    client
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}, "newName": name}),
        )
        .1
}

#[test]
fn prepare_rename_gives_the_id_or_heading_text_under_the_cursor() {
    let (mut client, _) = Client::with(&[("prds/a.md", A), ("prds/b.md", B)]);
    // `PRD-2` in `depends_on: [PRD-2]`.
    let id = client.at("textDocument/prepareRename", "prds/a.md", 5, 14);
    assert_eq!(id["placeholder"], "PRD-2");
    assert_eq!(
        id["range"],
        json!({"start": {"line": 5, "character": 13}, "end": {"line": 5, "character": 18}})
    );
    // The heading `## Details`: its text, without the hashes.
    let heading = client.at("textDocument/prepareRename", "prds/a.md", 11, 1);
    assert_eq!(heading["placeholder"], "Details");
    assert_eq!(
        heading["range"]["start"],
        json!({"line": 11, "character": 3})
    );
    // Plain text renames nothing.
    assert_eq!(
        client.at("textDocument/prepareRename", "prds/a.md", 13, 1),
        Value::Null
    );
}

#[test]
fn renaming_an_id_edits_every_reference_and_moves_a_file_named_after_it() {
    let named = B.to_owned();
    let (mut client, _) = Client::with(&[("prds/a.md", A), ("prds/PRD-2-bee.md", &named)]);
    let response = rename(&mut client, "prds/a.md", 9, 8, "PRD-20");
    let edit = response.response_result.expect("an edit");
    let (files, moves) = applied(&edit, &[("a.md", A), ("PRD-2-bee.md", &named)]);
    assert_eq!(
        files,
        [
            (
                "PRD-2-bee.md".to_owned(),
                named.replace("id: PRD-2", "id: PRD-20")
            ),
            (
                "a.md".to_owned(),
                A.replace("[PRD-2]", "[PRD-20]")
                    .replace("[[PRD-2#", "[[PRD-20#")
            ),
        ]
    );
    assert_eq!(
        moves,
        [("PRD-2-bee.md".to_owned(), "PRD-20-bee.md".to_owned())]
    );
}

#[test]
fn a_rename_to_a_taken_or_malformed_id_is_refused_with_the_reason() {
    let (mut client, _) = Client::with(&[("prds/a.md", A), ("prds/b.md", B)]);
    let taken = rename(&mut client, "prds/b.md", 1, 5, "PRD-1")
        .response_result
        .expect_err("refused");
    assert_eq!(taken.code, lsp_server::ErrorCode::RequestFailed as i32);
    assert_eq!(taken.message, "`PRD-1` is already the ID of `prds/a.md`");
    let bad = rename(&mut client, "prds/b.md", 1, 5, "two words")
        .response_result
        .expect_err("refused");
    assert!(
        bad.message.starts_with("`two words` is not a prd ID"),
        "{}",
        bad.message
    );
}

#[test]
fn a_rename_that_would_leave_problems_is_refused_like_spex_mv_refuses_it() {
    // A percent-encoded fragment reads as the anchor but is not written as it, so the
    // engine leaves it: after the rename it would name no heading.
    let a = A.replace("Text.", "See [plans](b.md#bee%2Dplans).");
    let (mut client, _) = Client::with(&[("prds/a.md", &a), ("prds/b.md", B)]);
    let refused = rename(&mut client, "prds/b.md", 7, 4, "Bee ideas")
        .response_result
        .expect_err("refused");
    assert_eq!(refused.code, lsp_server::ErrorCode::RequestFailed as i32);
    assert!(
        refused
            .message
            .starts_with("after this rename `spex check` would report: prds/a.md: "),
        "{}",
        refused.message
    );
}

#[test]
fn renaming_a_heading_updates_every_anchor_naming_it() {
    let a = A.replace(
        "Text.",
        "Also [plans](b.md#bee-plans) and [here](#details).",
    );
    let (mut client, _) = Client::with(&[("prds/a.md", &a), ("prds/b.md", B)]);
    // `# Bee plans` in b.
    let response = rename(&mut client, "prds/b.md", 7, 4, "Bee ideas");
    let edit = response.response_result.expect("an edit");
    let (files, moves) = applied(&edit, &[("a.md", &a), ("b.md", B)]);
    assert!(moves.is_empty());
    assert_eq!(
        files,
        [
            ("a.md".to_owned(), a.replace("#bee-plans", "#bee-ideas")),
            ("b.md".to_owned(), B.replace("# Bee plans", "# Bee ideas")),
        ]
    );
    // A heading in the same document: its `#details` link follows.
    let response = rename(&mut client, "prds/a.md", 11, 4, "Fine print");
    let (files, _) = applied(&response.response_result.unwrap(), &[("a.md", &a)]);
    assert_eq!(
        files[0].1,
        a.replace("## Details", "## Fine print")
            .replace("(#details)", "(#fine-print)")
    );
    // An empty heading is refused.
    let empty = rename(&mut client, "prds/a.md", 11, 4, "  ")
        .response_result
        .expect_err("refused");
    assert!(
        empty.message.contains("one non-empty line"),
        "{}",
        empty.message
    );
}
