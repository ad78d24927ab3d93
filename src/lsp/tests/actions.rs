//! Code actions: the fixes diagnostics carry in `data`, a new document for an unknown
//! ID, and section tags on a heading.

use serde_json::{Value, json};

use super::rename::{apply, edits_of};
use super::{A, B, Client};

/// The published diagnostic of `rule` in `file`.
fn published(notes: &[lsp_server::Notification], file: &str, rule: &str) -> Value {
    notes
        .iter()
        .filter(|n| n.params["uri"].as_str().unwrap().ends_with(file))
        .flat_map(|n| n.params["diagnostics"].as_array().unwrap().clone())
        .find(|d| d["code"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {file}: {notes:?}"))
}

/// The code actions for `diagnostic` (at its range) in `path`.
fn actions_for(client: &mut Client, path: &str, diagnostic: &Value) -> Vec<Value> {
    let uri = client.uri(path);
    let (_, response) = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
    );
    response
        .response_result
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action `{title}` in {actions:#?}"))
}

#[test]
fn a_mistyped_id_value_or_field_is_fixed_by_its_suggestion() {
    let a = A
        .replace("[[PRD-2#bee-plans]]", "[[PDR-2#bee-plans]]")
        .replace("status: draft", "status: aproved")
        .replace("owner: Ann", "ownr: Ann");
    let (mut client, notes) = Client::with(&[("prds/a.md", &a), ("prds/b.md", B)]);

    let unknown = published(&notes, "a.md", "unknown-reference");
    assert_eq!(unknown["data"], json!({"replace": "PRD-2"}));
    let actions = actions_for(&mut client, "prds/a.md", &unknown);
    let fix = titled(&actions, "Change to `PRD-2`");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "unknown-reference");
    // Only the ID is replaced: the anchor stays.
    assert_eq!(apply(&a, &edits_of(fix)), a.replace("[[PDR-2#", "[[PRD-2#"));

    let invalid = published(&notes, "a.md", "invalid-value");
    let actions = actions_for(&mut client, "prds/a.md", &invalid);
    let fix = titled(&actions, "Change to `approved`");
    assert_eq!(apply(&a, &edits_of(fix)), a.replace("aproved", "approved"));

    let field = published(&notes, "a.md", "unknown-field");
    let actions = actions_for(&mut client, "prds/a.md", &field);
    let fix = titled(&actions, "Change to `owner`");
    assert_eq!(apply(&a, &edits_of(fix)), a.replace("ownr:", "owner:"));
}

#[test]
fn a_missing_required_field_is_added_to_the_front_matter() {
    let b = B.replace("owner: Bo\n", "");
    let (mut client, notes) = Client::with(&[("prds/b.md", &b)]);
    let missing = published(&notes, "b.md", "missing-field");
    assert_eq!(missing["data"], json!({"addField": "owner"}));
    let actions = actions_for(&mut client, "prds/b.md", &missing);
    let fix = titled(&actions, "Add field `owner`");
    assert_eq!(
        apply(&b, &edits_of(fix)),
        b.replace("target: 2027-Q1\n", "target: 2027-Q1\nowner: \n")
    );
}

#[test]
fn an_unknown_id_can_become_a_new_document_planned_like_spex_new() {
    let a = A.replace("[[PRD-2#bee-plans]]", "[[PRD-7]]");
    let (mut client, notes) = Client::with(&[("prds/a.md", &a), ("prds/b.md", B)]);
    let unknown = published(&notes, "a.md", "unknown-reference");
    let actions = actions_for(&mut client, "prds/a.md", &unknown);
    let create = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Create prd `PRD-7` in ")
        })
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let changes = create["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(changes[0]["kind"], "create");
    assert_eq!(changes[0]["options"]["overwrite"], false);
    let uri = changes[0]["uri"].as_str().unwrap();
    assert!(uri.contains("/PRD-7"), "{uri}");
    assert_eq!(changes[1]["textDocument"]["uri"], uri);
    let text = changes[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(text.contains("id: PRD-7"), "{text}");
}

#[test]
fn a_heading_can_be_tagged_for_a_section_audience() {
    let (mut client, _) = Client::with(&[("prds/a.md", A)]);
    let uri = client.uri("prds/a.md");
    let at = json!({"start": {"line": 11, "character": 2}, "end": {"line": 11, "character": 2}});
    let (_, response) = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": at, "context": {"diagnostics": []}}),
    );
    let actions = response
        .response_result
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let confidential = titled(&actions, "Mark section confidential: `{.confidential}`");
    assert_eq!(confidential["kind"], "refactor.rewrite");
    let tagged = apply(A, &edits_of(confidential));
    assert_eq!(
        tagged,
        A.replace("## Details", "## Details {.confidential}")
    );

    // A heading with a group already gets the class inside it.
    client.change("prds/a.md", &tagged);
    let (_, response) = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": at, "context": {"diagnostics": []}}),
    );
    let actions = response
        .response_result
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    assert!(
        !actions
            .iter()
            .any(|a| a["title"].as_str().unwrap().contains("confidential"))
    );
    let sales = titled(&actions, "Show section only to sales: `{.sales}`");
    assert_eq!(
        apply(&tagged, &edits_of(sales)),
        A.replace("## Details", "## Details {.confidential .sales}")
    );
}
