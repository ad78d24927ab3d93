//! The server over an in-memory workspace: an empty folder whose documents exist only as
//! open editor buffers (overlays), driven with the messages a client sends.

use std::sync::Arc;

use lsp_server::{Notification, Request, RequestId, Response};
use serde_json::{Value, json};

use super::Server;
use crate::Compiler;
use crate::config::Config;
use crate::diag::Files;
use crate::load::FsTree;

const A: &str = "---\nid: PRD-1\ntitle: Alpha\nstatus: draft\nowner: Ann\ndepends_on: [PRD-2]\n---\n# Alpha\n\nSee [[PRD-2#bee-plans]].\n\n## Details\n\nText.\n";
const B: &str = "---\nid: PRD-2\ntitle: Bee\nstatus: approved\nowner: Bo\ntarget: 2027-Q1\n---\n# Bee plans\n\nThe second one,\nover two lines.\n";
const OBJ: &str = "---\nid: OBJ-1\ntitle: Grow\nowner: Ann\n---\nGrow.\n";

struct Client {
    root: std::path::PathBuf,
    server: Server<FsTree>,
    next: i32,
    _dir: tempfile::TempDir,
}

impl Client {
    /// A server over an empty folder with these buffers open, compiled once.
    fn with(buffers: &[(&str, &str)]) -> (Client, Vec<Notification>) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let mut config = Config::builtin();
        config.docs_url = Some("https://docs.test/rules".into());
        let compiler = Compiler::new(FsTree::new(&root), Arc::new(config), Files::default());
        let mut client = Client {
            server: Server::new(root.clone(), compiler),
            root,
            next: 0,
            _dir: dir,
        };
        for (path, text) in buffers {
            client.open(path, text);
        }
        let published = client.server.compile();
        (client, published)
    }

    fn uri(&self, path: &str) -> String {
        format!("file://{}/{path}", self.root.display())
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.server
            .notify(Notification::new(method.to_owned(), params));
    }

    fn open(&mut self, path: &str, text: &str) {
        let uri = self.uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, path: &str, text: &str) {
        let uri = self.uri(path);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}),
        );
    }

    fn request(&mut self, method: &str, params: Value) -> (Vec<Notification>, Response) {
        self.next += 1;
        let req = Request::new(RequestId::from(self.next), method.to_owned(), params);
        self.server.request(req)
    }

    /// The result of a request at a position in a document.
    fn at(&mut self, method: &str, path: &str, line: u32, character: u32) -> Value {
        let uri = self.uri(path);
        let context = match method {
            "textDocument/completion" => json!({"triggerKind": 1}),
            _ => json!({"includeDeclaration": false}),
        };
        let params = json!({
            "textDocument": {"uri": uri},
            "position": {"line": line, "character": character},
            "context": context,
        });
        let (_, response) = self.request(method, params);
        let result = response.response_result.unwrap();
        // A completion list's items (whether it is complete is checked on its own).
        match method {
            "textDocument/completion" => result["items"].clone(),
            _ => result,
        }
    }
}

/// The rule codes published per file.
fn codes(published: &[Notification]) -> Vec<(String, Vec<String>)> {
    published
        .iter()
        .map(|n| {
            let uri = n.params["uri"].as_str().unwrap();
            let file = uri.rsplit('/').next().unwrap().to_owned();
            let codes = n.params["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap().to_owned())
                .collect();
            (file, codes)
        })
        .collect()
}

fn file_of(value: &Value) -> &str {
    value["uri"].as_str().unwrap().rsplit('/').next().unwrap()
}

#[test]
fn an_edit_in_one_file_publishes_the_diagnostics_it_changes_in_another() {
    let (mut client, published) = Client::with(&[("prds/a.md", A), ("prds/b.md", B)]);
    // Both files have diagnostics at first (neither is linked to an objective).
    assert_eq!(published.len(), 2);
    assert!(
        codes(&published)
            .iter()
            .all(|(_, c)| !c.contains(&"broken-anchor".into()))
    );

    // Renaming the heading in b breaks the anchor in a: a's diagnostics are published.
    client.change("prds/b.md", &B.replace("# Bee plans", "# Bee ideas"));
    let published = client.server.compile();
    let a = codes(&published)
        .into_iter()
        .find(|(file, _)| file == "a.md")
        .expect("a.md published");
    assert!(a.1.contains(&"broken-anchor".to_owned()), "{a:?}");
    assert!(!codes(&published).iter().any(|(file, _)| file == "b.md"));

    // Nothing changed: nothing published.
    assert!(client.server.compile().is_empty());
}

#[test]
fn diagnostics_carry_the_rule_its_docs_and_related_locations() {
    let dup = "---\nid: PRD-2\ntitle: Twin\nowner: X\n---\n";
    let (_, published) = Client::with(&[("prds/b.md", B), ("prds/c.md", dup)]);
    let c = published
        .iter()
        .find(|n| n.params["uri"].as_str().unwrap().ends_with("c.md"))
        .unwrap();
    let duplicate = c.params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "duplicate-id")
        .expect("duplicate-id");
    assert_eq!(duplicate["source"], "spex");
    assert_eq!(duplicate["severity"], 1);
    assert_eq!(
        duplicate["codeDescription"]["href"],
        "https://docs.test/rules/duplicate-id"
    );
    assert_eq!(
        duplicate["range"]["start"],
        json!({"line": 1, "character": 4})
    );
    let related = &duplicate["relatedInformation"][0];
    assert!(
        related["location"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("prds/b.md")
    );
}

#[test]
fn definition_of_a_link_with_an_anchor_is_the_heading_and_of_an_id_its_id_line() {
    let (mut client, _) = Client::with(&[("prds/a.md", A), ("prds/b.md", B)]);
    // `[[PRD-2#bee-plans]]` on line 9.
    let heading = client.at("textDocument/definition", "prds/a.md", 9, 8);
    assert_eq!(file_of(&heading), "b.md");
    assert_eq!(
        heading["range"],
        json!({"start": {"line": 7, "character": 0}, "end": {"line": 7, "character": 11}})
    );
    // `PRD-2` in `depends_on: [PRD-2]`, line 5.
    let id = client.at("textDocument/definition", "prds/a.md", 5, 14);
    assert_eq!(file_of(&id), "b.md");
    assert_eq!(id["range"]["start"], json!({"line": 1, "character": 4}));
    // Plain text: nothing.
    assert_eq!(
        client.at("textDocument/definition", "prds/a.md", 13, 1),
        Value::Null
    );
}

#[test]
fn hover_on_an_id_sums_up_the_document() {
    let roadmap = "---\nid: RM-1\ntitle: Plan\nowner: Ann\nitems:\n  - { ref: PRD-2, horizon: next }\n---\nPlan.\n";
    let (mut client, _) = Client::with(&[
        ("prds/a.md", A),
        ("prds/b.md", B),
        ("roadmaps/rm.md", roadmap),
    ]);
    let hover = client.at("textDocument/hover", "prds/a.md", 5, 14);
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**PRD-2** · Bee\n\n"), "{text}");
    assert!(
        text.contains(
            "kind: prd · status: approved · owner: Bo · target: 2027-Q1 · roadmap: next (RM-1)"
        ),
        "{text}"
    );
    assert!(text.contains("The second one, over two lines."), "{text}");
    // Planned on a roadmap, PRD-2 is no orphan any more.
    assert!(text.ends_with("no diagnostics"), "{text}");
}

#[test]
fn completion_offers_ids_of_the_kinds_a_field_allows_and_after_double_brackets() {
    let (mut client, _) = Client::with(&[
        ("prds/a.md", A),
        ("prds/b.md", B),
        ("objectives/grow.md", OBJ),
    ]);
    let labels = |items: &Value| -> Vec<String> {
        let mut labels: Vec<String> = items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_owned())
            .collect();
        labels.sort();
        labels
    };
    // `objectives: [OB` typed: only objectives, replacing what was typed.
    let text = A.replace("depends_on: [PRD-2]", "objectives: [OB");
    client.change("prds/a.md", &text);
    let items = client.at("textDocument/completion", "prds/a.md", 5, 15);
    assert_eq!(labels(&items), ["OBJ-1"]);
    assert_eq!(items[0]["detail"], "Grow");
    assert_eq!(items[0]["documentation"], "Grow.");
    assert_eq!(
        items[0]["textEdit"]["range"],
        json!({"start": {"line": 5, "character": 13}, "end": {"line": 5, "character": 15}})
    );
    // `depends_on:` allows PRDs: title · status.
    client.change(
        "prds/a.md",
        &A.replace("depends_on: [PRD-2]", "depends_on: "),
    );
    let items = client.at("textDocument/completion", "prds/a.md", 5, 12);
    assert_eq!(labels(&items), ["PRD-1", "PRD-2"]);
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["detail"] == "Bee · approved")
    );
    // After `[[` in the body: every ID.
    client.change(
        "prds/a.md",
        &A.replace("See [[PRD-2#bee-plans]].", "See [["),
    );
    let items = client.at("textDocument/completion", "prds/a.md", 9, 6);
    assert_eq!(labels(&items), ["OBJ-1", "PRD-1", "PRD-2"]);
}

#[test]
fn completion_offers_missing_fields_and_status_values() {
    let (mut client, _) = Client::with(&[("prds/a.md", A)]);
    client.change("prds/a.md", &A.replace("status: draft", "status: "));
    let items = client.at("textDocument/completion", "prds/a.md", 3, 8);
    let shipped = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "shipped")
        .expect("shipped");
    assert_eq!(shipped["detail"], "status · done");

    client.change("prds/a.md", &A.replace("owner: Ann\n", "owner: Ann\npri\n"));
    let items = client.at("textDocument/completion", "prds/a.md", 5, 3);
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"priority"), "{labels:?}");
    assert!(
        !labels.contains(&"owner"),
        "a field the document has: {labels:?}"
    );
}

#[test]
fn references_are_the_backlinks_and_symbols_the_nested_headings() {
    let (mut client, _) = Client::with(&[("prds/a.md", A), ("prds/b.md", B)]);
    // On b's own ID: the front-matter reference and the `[[…]]` link in a.
    let refs = client.at("textDocument/references", "prds/b.md", 1, 5);
    let refs = refs.as_array().unwrap();
    assert_eq!(refs.len(), 2, "{refs:?}");
    assert!(refs.iter().all(|r| file_of(r) == "a.md"));
    let lines: Vec<&Value> = refs.iter().map(|r| &r["range"]["start"]["line"]).collect();
    assert_eq!(lines, [&json!(5), &json!(9)]);

    let uri = client.uri("prds/a.md");
    let (_, response) = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let symbols = response.response_result.unwrap();
    assert_eq!(symbols[0]["name"], "Alpha");
    assert_eq!(symbols[0]["children"][0]["name"], "Details");
    assert_eq!(symbols[0]["range"]["end"]["line"], 14);
}

#[test]
fn a_request_compiles_pending_edits_first_and_publishes_them() {
    let (mut client, _) = Client::with(&[("prds/a.md", A), ("prds/b.md", B)]);
    client.change("prds/a.md", &A.replace("[[PRD-2#bee-plans]]", "[[PRD-99]]"));
    assert!(
        client.server.due().is_some(),
        "the edit waits for the debounce"
    );
    let uri = client.uri("prds/a.md");
    let (published, _) = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 9, "character": 7}}),
    );
    assert!(client.server.due().is_none());
    let a = codes(&published);
    assert!(
        a.iter()
            .any(|(f, c)| f == "a.md" && c.contains(&"unknown-reference".into())),
        "{a:?}"
    );
}

#[test]
fn odd_requests_get_answers_not_crashes() {
    let (mut client, _) = Client::with(&[("prds/a.md", A)]);
    // A file outside the workspace, a position far past the end, an unknown method.
    let outside = json!({"textDocument": {"uri": "file:///elsewhere/x.md"}, "position": {"line": 0, "character": 0}});
    let (_, response) = client.request("textDocument/hover", outside);
    assert_eq!(response.response_result.unwrap(), Value::Null);
    assert_eq!(
        client.at("textDocument/definition", "prds/a.md", 999, 999),
        Value::Null
    );
    let (_, response) = client.request("textDocument/formatting", json!({}));
    assert_eq!(
        response.response_result.unwrap_err().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    // A binary buffer and a half-typed front matter compile to diagnostics.
    client.open("prds/bin.md", "\u{0}\u{1}\u{2}");
    client.open("prds/half.md", "---\nid: PRD-3\ntitle: [unclosed\n");
    let published = client.server.compile();
    assert!(!published.is_empty());
}

#[test]
fn files_changed_on_disk_are_compiled_when_the_client_reports_them() {
    let (mut client, _) = Client::with(&[("prds/a.md", A)]);
    // a's links to PRD-2 are unknown until b.md appears on disk.
    std::fs::create_dir_all(client.root.join("prds")).unwrap();
    std::fs::write(client.root.join("prds/b.md"), B).unwrap();
    let uri = client.uri("prds/b.md");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 1}]}),
    );
    assert!(client.server.due().is_some());
    let published = client.server.compile();
    let a = codes(&published)
        .into_iter()
        .find(|(file, _)| file == "a.md")
        .expect("a.md published");
    assert!(!a.1.contains(&"unknown-reference".to_owned()), "{a:?}");
    let b = client.at("textDocument/definition", "prds/a.md", 5, 14);
    assert_eq!(file_of(&b), "b.md");
}

#[test]
fn a_broken_spex_yaml_is_published_while_the_last_good_config_keeps_compiling() {
    let (mut client, _) = Client::with(&[("prds/a.md", A), ("prds/b.md", B)]);
    client.open("spex.yaml", "rules:\n  no-such-rule: error\n");
    let published = client.server.compile();
    let yaml = codes(&published)
        .into_iter()
        .find(|(file, _)| file == "spex.yaml")
        .expect("spex.yaml published");
    assert!(!yaml.1.is_empty(), "{yaml:?}");
    let range = &published
        .iter()
        .find(|n| n.params["uri"].as_str().unwrap().ends_with("spex.yaml"))
        .unwrap()
        .params["diagnostics"][0]["range"];
    assert_eq!(range["start"]["line"], 1, "{range}");
    // Documents still compile: definition works.
    let b = client.at("textDocument/definition", "prds/a.md", 5, 14);
    assert_eq!(file_of(&b), "b.md");

    // Fixed: the problems are withdrawn.
    client.change("spex.yaml", "rules: {}\n");
    let published = client.server.compile();
    let yaml = codes(&published)
        .into_iter()
        .find(|(file, _)| file == "spex.yaml")
        .expect("spex.yaml published again");
    assert!(yaml.1.is_empty(), "{yaml:?}");
}

mod actions;
mod complete;
mod navigate;
mod rename;
mod sync;
