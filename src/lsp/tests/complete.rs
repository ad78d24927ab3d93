//! Completion of anchors, link paths, quarters, section tags and audience lists.

use serde_json::Value;

use super::{A, B, Client, OBJ};

fn labels(items: &Value) -> Vec<String> {
    let mut labels: Vec<String> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect();
    labels.sort();
    labels
}

#[test]
fn anchors_complete_after_an_id_or_a_file_and_hash() {
    let (mut client, _) = Client::with(&[("prds/a.md", A), ("prds/b.md", B)]);
    // `See [[PRD-2#be` on line 9.
    client.change(
        "prds/a.md",
        &A.replace("[[PRD-2#bee-plans]].", "[[PRD-2#be"),
    );
    let items = client.at("textDocument/completion", "prds/a.md", 9, 14);
    assert_eq!(labels(&items), ["bee-plans"]);
    assert_eq!(items[0]["detail"], "Bee plans");
    assert_eq!(items[0]["textEdit"]["range"]["start"]["character"], 12);

    // `[more](b.md#` and `[here](#`.
    client.change("prds/a.md", &A.replace("Text.", "[more](b.md#"));
    let items = client.at("textDocument/completion", "prds/a.md", 13, 12);
    assert_eq!(labels(&items), ["bee-plans"]);
    client.change("prds/a.md", &A.replace("Text.", "[here](#"));
    let items = client.at("textDocument/completion", "prds/a.md", 13, 8);
    assert_eq!(labels(&items), ["alpha", "details"]);
}

#[test]
fn link_paths_are_relative_to_the_document() {
    let (mut client, _) = Client::with(&[
        ("prds/a.md", A),
        ("prds/b.md", B),
        ("objectives/grow.md", OBJ),
    ]);
    client.change("prds/a.md", &A.replace("Text.", "[more]("));
    let items = client.at("textDocument/completion", "prds/a.md", 13, 7);
    assert_eq!(labels(&items), ["../objectives/grow.md", "b.md"]);
    let grow = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "b.md")
        .unwrap();
    assert_eq!(grow["detail"], "PRD-2");
    assert_eq!(grow["kind"], 17, "a file");
}

#[test]
fn quarter_fields_offer_quarters_near_today() {
    let (mut client, _) = Client::with(&[("prds/b.md", B)]);
    client.change("prds/b.md", &B.replace("target: 2027-Q1", "target: "));
    let items = client.at("textDocument/completion", "prds/b.md", 5, 8);
    let now = crate::model::Quarter::of_date(crate::author::today()).to_string();
    let this = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == now.as_str())
        .unwrap_or_else(|| panic!("{now} in {items:#}"));
    assert_eq!(this["detail"], "this quarter");
    assert_eq!(items.as_array().unwrap().len(), 8);
}

#[test]
fn section_tags_complete_in_a_heading_group_and_audiences_in_a_list() {
    // The built-in audiences, by the config's names (no audience is special here).
    let config = crate::config::Config::builtin();
    let names: Vec<&String> = config.audiences.keys().collect();
    let (listed, other) = (names[0].as_str(), names[1].as_str());
    let typed = &listed[..2];

    let (mut client, _) = Client::with(&[("prds/a.md", A)]);
    let heading = format!("## Details {{.confidential .{typed}");
    client.change("prds/a.md", &A.replace("## Details", &heading));
    let items = client.at("textDocument/completion", "prds/a.md", 11, 29);
    let tags = labels(&items);
    assert!(tags.contains(&listed.to_owned()), "{tags:?}");
    assert!(
        !tags.contains(&"confidential".to_owned()),
        "already there: {tags:?}"
    );
    assert_eq!(items[0]["textEdit"]["range"]["start"]["character"], 27);

    let line = format!("owner: Ann\naudience: [{listed}, ");
    client.change("prds/a.md", &A.replace("owner: Ann\n", &line));
    let column = line.len() as u32 - "owner: Ann\n".len() as u32;
    let items = client.at("textDocument/completion", "prds/a.md", 5, column);
    let audiences = labels(&items);
    assert!(audiences.contains(&other.to_owned()), "{audiences:?}");
    assert!(
        !audiences.contains(&listed.to_owned()),
        "already listed: {audiences:?}"
    );
}

/// A completion list: its labels in the order sent, and whether it is incomplete.
fn completion_list(
    client: &mut Client,
    path: &str,
    line: u32,
    character: u32,
) -> (Vec<String>, bool) {
    let uri = client.uri(path);
    let (_, response) = client.request(
        "textDocument/completion",
        serde_json::json!({
            "textDocument": {"uri": uri},
            "position": {"line": line, "character": character},
        }),
    );
    let result = response.response_result.unwrap();
    let items = result["items"].as_array().unwrap();
    // The editor keeps the server's order.
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item["sortText"], format!("{i:04}"));
    }
    let labels = items
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect();
    (labels, result["isIncomplete"].as_bool().unwrap())
}

fn prds(numbers: impl IntoIterator<Item = u32>) -> Vec<String> {
    numbers.into_iter().map(|n| format!("PRD-{n}")).collect()
}

#[test]
fn ids_are_narrowed_to_what_was_typed_and_cut_at_a_hundred() {
    let docs: Vec<(String, String)> = (1..=150)
        .map(|n| {
            let text =
                format!("---\nid: PRD-{n}\ntitle: P{n}\nstatus: draft\nowner: Ann\n---\n# P{n}\n");
            (format!("prds/p{n}.md"), text)
        })
        .chain([("objectives/o.md".to_owned(), OBJ.replace("OBJ-1", "OBJ-15"))])
        .collect();
    let buffers: Vec<(&str, &str)> = docs.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let (mut client, _) = Client::with(&buffers);
    let p1 = &docs[0].1;

    // `[[` alone: the first hundred in natural order, and more to come.
    client.change("prds/p1.md", &format!("{p1}See [["));
    let (labels, incomplete) = completion_list(&mut client, "prds/p1.md", 7, 6);
    assert_eq!(labels[0], "OBJ-15");
    assert_eq!(labels[1..], prds(1..=99));
    assert!(incomplete);

    // `[[prd-14`: prefix matches (any case), then the IDs with a 1 and later a 4.
    client.change("prds/p1.md", &format!("{p1}See [[prd-14"));
    let (labels, incomplete) = completion_list(&mut client, "prds/p1.md", 7, 12);
    let expected = prds(
        [14].into_iter()
            .chain(140..=149)
            .chain([104, 114, 124, 134]),
    );
    assert_eq!(labels, expected);
    assert!(!incomplete);

    // `depends_on: [15` takes PRDs only: those containing 15, then those with 1…5.
    let fm = p1.replace("owner: Ann\n", "owner: Ann\ndepends_on: [15");
    client.change("prds/p1.md", &fm);
    let (labels, incomplete) = completion_list(&mut client, "prds/p1.md", 5, 15);
    assert_eq!(labels, prds([15, 115, 150, 105, 125, 135, 145]));
    assert!(!incomplete);
    // In a body, every kind: the objective comes first in natural order.
    client.change("prds/p1.md", &format!("{p1}[[15"));
    let (labels, _) = completion_list(&mut client, "prds/p1.md", 7, 4);
    assert_eq!(labels[..2], ["OBJ-15", "PRD-15"]);
}
