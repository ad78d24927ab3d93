use std::fs;

use super::answers::{self, Direction};
use super::live::LiveWorkspace;
use super::new_document::{Request, new_document};
use super::page::Page;
use super::search;
use super::viewer::Viewer;
use crate::audience::Visibility;
use crate::load::FsTree;

const PUBLIC: Visibility = Visibility {
    include_confidential: false,
};

const PRD1: &str = "---\nid: PRD-1\ntitle: Tracking page\nowner: ann\ndepends_on: [PRD-2]\n---\nSee [[PRD-9]] and [[PRD-2]], the [deal](PRD-9.md) and [notes][n].\n\n## Terms {.confidential}\nSecretTerms [[PRD-2]].\n\n## Rollout\nBeta.\n\n[n]: PRD-9.md\n";
const PRD2: &str = "---\nid: PRD-2\ntitle: Events\nowner: ann\n---\nOne stream.\n";
const PRD9: &str = "---\nid: PRD-9\ntitle: SecretDeal\nowner: ann\ndepends_on: [PRD-1]\nconfidential: true\n---\nSecretBody.\n";

const PAGE: Page = Page {
    offset: 0,
    limit: 100,
};

fn workspace() -> (tempfile::TempDir, LiveWorkspace) {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = workspace_at(dir.path());
    (dir, live)
}

/// The three PRDs written in the (existing, empty) folder `root`, served.
fn workspace_at(root: &std::path::Path) -> LiveWorkspace {
    fs::create_dir(root.join("prds")).expect("prds");
    for (name, text) in [("PRD-1.md", PRD1), ("PRD-2.md", PRD2), ("PRD-9.md", PRD9)] {
        fs::write(root.join("prds").join(name), text).expect("write");
    }
    let config = crate::load_config(&FsTree::new(root)).expect("config");
    LiveWorkspace::open(root.to_path_buf(), &config, None, None).expect("watched")
}

/// `check_text` of `text` at `path`, for whoever `visibility` answers for.
fn check_text(
    live: &mut LiveWorkspace,
    visibility: &Visibility,
    path: &str,
    text: &str,
) -> serde_json::Value {
    let viewer = Viewer {
        include_confidential: visibility.include_confidential,
        audience: None,
    };
    let (draft, hidden) = live.with_draft(&viewer, path, text).expect("drafted");
    answers::check_text(&draft, &hidden, visibility, path).expect("checked")
}

#[test]
fn a_body_loses_hidden_sections_and_names_no_hidden_document() {
    let (_dir, mut live) = workspace();
    let doc = answers::get_document(live.fresh(), &PUBLIC, "PRD-1").expect("PRD-1");
    let body = doc["body"].as_str().expect("body");
    assert_eq!(
        body,
        "See a confidential document and [[PRD-2]], the [deal](a confidential document) and a confidential document.\n\n## Rollout\nBeta.\n\n\n"
    );
    let all = answers::get_document(
        live.fresh(),
        &Visibility {
            include_confidential: true,
        },
        "PRD-1",
    )
    .expect("PRD-1");
    assert!(all["body"].as_str().expect("body").contains("SecretTerms"));
}

#[test]
fn a_hidden_document_is_answered_like_a_missing_one() {
    let (_dir, mut live) = workspace();
    let hidden = answers::get_document(live.fresh(), &PUBLIC, "PRD-9").expect_err("hidden");
    let by_path =
        answers::get_document(live.fresh(), &PUBLIC, "prds/PRD-9.md").expect_err("hidden");
    let missing = answers::get_document(live.fresh(), &PUBLIC, "PRD-8").expect_err("missing");
    for answer in [&hidden, &by_path, &missing] {
        assert!(
            answer.starts_with("no document with that ID or path;"),
            "{answer}"
        );
    }
    assert!(
        !hidden.contains("PRD-9") && !missing.contains("PRD-9"),
        "{missing}"
    );
}

#[test]
fn trace_follows_only_shown_documents() {
    let (_dir, mut live) = workspace();
    let up = answers::trace(live.fresh(), &PUBLIC, "PRD-1", Direction::Up, 3).expect("trace");
    assert_eq!(
        up["edges"],
        serde_json::json!([{ "from": "PRD-1", "to": "PRD-2" }])
    );
    let down = answers::trace(live.fresh(), &PUBLIC, "PRD-2", Direction::Down, 3).expect("trace");
    assert_eq!(down["nodes"].as_array().expect("nodes").len(), 2, "{down}");
    assert!(!down.to_string().contains("PRD-9"));
}

#[test]
fn next_id_counts_only_what_the_agent_may_see() {
    let (_dir, mut live) = workspace();
    let next = answers::next_id(live.fresh(), &PUBLIC, "prd").expect("next");
    assert_eq!(next["id"], "PRD-3");
    let everything = Visibility {
        include_confidential: true,
    };
    let next = answers::next_id(live.fresh(), &everything, "PRD").expect("next");
    assert_eq!(next["id"], "PRD-10");
    assert!(answers::next_id(live.fresh(), &PUBLIC, "memo").is_err());
}

#[test]
fn a_saved_file_is_seen_by_the_next_call_and_a_draft_is_never_kept() {
    let (dir, mut live) = workspace();
    let draft = "---\nid: PRD-3\ntitle: Draft\nowner: ann\ndepends_on: [PRD-7]\n---\nText.\n";
    let checked = check_text(&mut live, &PUBLIC, "prds/PRD-3.md", draft);
    assert_eq!(checked["document"]["id"], "PRD-3");
    assert!(
        checked["diagnostics"]
            .to_string()
            .contains("unknown-reference"),
        "{checked}"
    );
    assert!(!dir.path().join("prds/PRD-3.md").exists());
    assert!(answers::get_document(live.fresh(), &PUBLIC, "PRD-3").is_err());

    fs::write(
        dir.path().join("prds/PRD-3.md"),
        draft.replace("Draft", "Saved"),
    )
    .expect("write");
    settle(&mut live);
    let saved = answers::get_document(live.fresh(), &PUBLIC, "PRD-3").expect("saved");
    assert_eq!(saved["title"], "Saved");
    fs::remove_file(dir.path().join("prds/PRD-3.md")).expect("remove");
    settle(&mut live);
    assert!(answers::get_document(live.fresh(), &PUBLIC, "PRD-3").is_err());
}

#[test]
fn a_draft_over_a_document_is_gone_from_the_compilation_after_another_edit() {
    let (dir, mut live) = workspace();
    live.fresh();
    let draft = PRD2.replace("Events", "Drafted");
    let checked = check_text(&mut live, &PUBLIC, "prds/PRD-2.md", &draft);
    assert_eq!(checked["document"]["title"], "Drafted");
    let doc = answers::get_document(live.fresh(), &PUBLIC, "PRD-2").expect("PRD-2");
    assert_eq!(doc["title"], "Events");

    fs::write(dir.path().join("prds/PRD-1.md"), PRD1.replace("Beta", "GA")).expect("write");
    assert!(live.wait_for_change(std::time::Duration::from_secs(10)));
    let doc = answers::get_document(live.fresh(), &PUBLIC, "PRD-2").expect("PRD-2");
    assert_eq!(doc["title"], "Events");
    let doc = answers::get_document(live.fresh(), &PUBLIC, "PRD-1").expect("PRD-1");
    assert!(doc["body"].as_str().expect("body").contains("GA"), "{doc}");
}

#[test]
fn check_keeps_to_the_paths_asked_for_and_hides_what_names_hidden_documents() {
    let (_dir, mut live) = workspace();
    let compilation = live.fresh();
    let seen = answers::Seen::of(compilation, &PUBLIC);
    let all = answers::check(compilation, &seen, &[], PAGE).expect("check");
    assert!(!all.to_string().contains("PRD-9"), "{all}");
    let none = answers::check(compilation, &seen, &["docs".to_owned()], PAGE).expect("check");
    assert_eq!(none["diagnostics"], serde_json::json!([]));
}

#[test]
fn a_draft_is_not_checked_over_a_hidden_document() {
    let (_dir, mut live) = workspace();
    let public = answers::Seen::of(live.fresh(), &PUBLIC);
    let refused = answers::draft_allowed(&public, "prds/PRD-9.md").expect_err("hidden");
    assert!(!refused.contains("PRD-9"));
    assert!(answers::draft_allowed(&public, "prds/PRD-1.md").is_ok());
    let everything = Visibility {
        include_confidential: true,
    };
    let everything = answers::Seen::of(live.fresh(), &everything);
    assert!(answers::draft_allowed(&everything, "prds/PRD-9.md").is_ok());
}

/// The IDs `search` finds for `query`, best first.
fn found(live: &mut LiveWorkspace, visibility: &Visibility, query: &str) -> Vec<String> {
    let (_, entries) = live.fresh_with_search(|c| search::index(c, visibility));
    let answer = search::search(entries, query, PAGE).expect("search");
    answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn search_finds_what_the_agent_may_read_and_ranks_titles_first() {
    let (dir, mut live) = workspace();
    assert_eq!(found(&mut live, &PUBLIC, "beta"), ["PRD-1"]);
    assert_eq!(found(&mut live, &PUBLIC, "event"), ["PRD-2"]);
    // Words of a hidden section or a hidden document are not in the index.
    assert!(found(&mut live, &PUBLIC, "secretterms").is_empty());
    assert!(found(&mut live, &PUBLIC, "secretdeal").is_empty());
    let everything = Visibility {
        include_confidential: true,
    };
    let mut all = LiveWorkspace::open(
        dir.path().to_path_buf(),
        &crate::load_config(&FsTree::new(dir.path())).expect("config"),
        None,
        None,
    )
    .expect("watched");
    assert_eq!(found(&mut all, &everything, "secretdeal"), ["PRD-9"]);
    // A title match ranks above a body match; the index follows a saved edit.
    fs::write(
        dir.path().join("prds/PRD-3.md"),
        "---\nid: PRD-3\ntitle: Beta program\nowner: ann\n---\nText.\n",
    )
    .expect("write");
    settle(&mut live);
    assert_eq!(found(&mut live, &PUBLIC, "beta"), ["PRD-3", "PRD-1"]);
}

#[test]
fn new_document_writes_a_checked_document_and_refuses_one_with_errors() {
    let (dir, mut live) = workspace();
    let fields = serde_json::json!({ "owner": "Ann Lee", "depends_on": ["PRD-2"] });
    let fields = fields.as_object().expect("object");
    let made = new_document(
        &mut live,
        &Viewer::default(),
        &Request {
            kind: "prd",
            title: "Label printing",
            fields,
            body: Some("Print labels.\n"),
        },
    )
    .expect("written");
    // The ID `next_id` offers this reader: counting hidden PRD-9 would reveal it.
    assert_eq!(made["id"], "PRD-3");
    let path = made["path"].as_str().expect("path");
    let text = fs::read_to_string(dir.path().join(path)).expect("written file");
    assert!(text.ends_with("---\n\nPrint labels.\n"), "{text}");
    assert_eq!(
        answers::get_document(live.fresh(), &PUBLIC, "PRD-3").expect("seen")["title"],
        "Label printing"
    );

    let broken = serde_json::json!({ "owner": "Ann Lee", "depends_on": ["PRD-404"] });
    let refused = new_document(
        &mut live,
        &Viewer::default(),
        &Request {
            kind: "prd",
            title: "Broken",
            fields: broken.as_object().expect("object"),
            body: None,
        },
    )
    .expect_err("refused");
    assert!(
        refused.contains("PRD-404") && refused.starts_with("not written"),
        "{refused}"
    );
    assert!(answers::get_document(live.fresh(), &PUBLIC, "PRD-4").is_err());
}

/// A PRD with a section for each audience, a confidential one and an untagged one, next
/// to an objective (a kind sales does not see) and a confidential PRD.
const TAGGED: &str = "---\nid: PRD-4\ntitle: Rate shopping\nowner: OwnerOnlyEngineering\nobjectives: [OBJ-1]\n---\nUntaggedIntro.\n\n## Customer value {.sales}\nSalesPitch saves money.\n\n## Technical approach {.engineering}\nEngineeringOnly fan-out, see [[PRD-9]].\n\n## Terms {.confidential}\nSecretTerms.\n";
const OBJECTIVE: &str = "---\nid: OBJ-1\ntitle: ObjectiveTitle\nowner: ann\n---\nObjectiveBody.\n";

/// Everything that may not reach a sales agent in the workspace above.
const NOT_FOR_SALES: [&str; 8] = [
    "EngineeringOnly",
    "UntaggedIntro",
    "SecretTerms",
    "SecretDeal",
    "SecretBody",
    "OwnerOnlyEngineering",
    "ObjectiveTitle",
    "PRD-9",
];

fn sales_workspace() -> (tempfile::TempDir, LiveWorkspace) {
    let (dir, _) = workspace();
    fs::create_dir(dir.path().join("objectives")).expect("objectives");
    fs::write(dir.path().join("prds/PRD-4.md"), TAGGED).expect("write");
    fs::write(dir.path().join("objectives/OBJ-1.md"), OBJECTIVE).expect("write");
    let config = crate::load_config(&FsTree::new(dir.path())).expect("config");
    let live = LiveWorkspace::open(dir.path().to_path_buf(), &config, None, None).expect("watched");
    (dir, live)
}

fn sales() -> Viewer {
    Viewer {
        include_confidential: false,
        audience: Some("sales".to_owned()),
    }
}

fn assert_nothing_for_others(answer: &str) {
    for secret in NOT_FOR_SALES {
        assert!(!answer.contains(secret), "{secret} in {answer}");
    }
}

#[test]
fn a_sales_agent_sees_only_what_the_sales_digest_may_show() {
    let (_dir, mut live) = sales_workspace();
    let compilation = live.fresh();
    let policy = sales()
        .policy(&compilation.workspace.config)
        .expect("sales");
    let doc = answers::get_document(compilation, &policy, "PRD-4").expect("PRD-4");
    assert!(doc["body"].as_str().expect("body").contains("SalesPitch"));
    // Fields sales may not see (the owner, the objectives) are left out.
    assert_eq!(doc["fields"].get("owner"), None, "{doc}");
    let listed = answers::list_documents(compilation, &policy, None, &[], &[], PAGE).expect("list");
    let ids: Vec<&str> = listed["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["id"].as_str())
        .collect();
    assert_eq!(ids, ["PRD-1", "PRD-2", "PRD-4"]);
    // A filter on a field sales may not see finds nothing, not even by its value.
    let by_owner = answers::list_documents(
        compilation,
        &policy,
        Some("prd".into()),
        &["owner~OwnerOnly".to_owned()],
        &[],
        PAGE,
    )
    .expect("list");
    assert_eq!(by_owner["total"], 0, "{by_owner}");
    let answers = [
        doc.to_string(),
        listed.to_string(),
        answers::get_document(compilation, &policy, "OBJ-1").expect_err("objective"),
        answers::trace(compilation, &policy, "PRD-4", Direction::Both, 3)
            .expect("trace")
            .to_string(),
        answers::check(
            compilation,
            &answers::Seen::of(compilation, &policy),
            &[],
            PAGE,
        )
        .expect("check")
        .to_string(),
        answers::next_id(compilation, &policy, "prd")
            .expect("next")
            .to_string(),
    ];
    for answer in &answers {
        assert_nothing_for_others(answer);
    }
    let hits = found_as(
        &mut live,
        &sales(),
        "engineeringonly untaggedintro objectivetitle",
    );
    assert!(hits.is_empty(), "{hits:?}");
    assert_eq!(found_as(&mut live, &sales(), "salespitch"), ["PRD-4"]);
}

#[test]
fn a_sales_agent_gets_no_diff_and_no_other_audiences_digest() {
    let (_dir, mut live) = sales_workspace();
    let diff = super::changes::diff(&mut live, &sales(), "HEAD", None).expect_err("no diff");
    assert!(diff.contains("`sales`"), "{diff}");
    let digest =
        super::changes::digest(&mut live, &sales(), "engineering", None, Default::default())
            .expect_err("not its digest");
    assert!(digest.contains("only"), "{digest}");
}

#[test]
fn an_audience_removed_from_spex_yaml_leaves_nothing_shown() {
    let (dir, mut live) = sales_workspace();
    let viewer = Viewer {
        include_confidential: false,
        audience: Some("partners".to_owned()),
    };
    assert!(viewer.policy(&live.fresh().workspace.config).is_err());
    fs::write(
        dir.path().join("spex.yaml"),
        "audiences:\n  partners:\n    description: Resellers.\n    untagged: false\n",
    )
    .expect("write");
    settle(&mut live);
    assert!(viewer.policy(&live.fresh().workspace.config).is_ok());
    assert!(live.fresh_seen(&viewer).is_ok());
    fs::remove_file(dir.path().join("spex.yaml")).expect("remove");
    settle(&mut live);
    let gone = live.fresh_seen(&viewer).err().expect("gone");
    assert!(gone.contains("no longer"), "{gone}");
}

/// The IDs `search` finds for `query` as `viewer` sees them.
fn found_as(live: &mut LiveWorkspace, viewer: &Viewer, query: &str) -> Vec<String> {
    let (_, entries) = live.fresh_with_search(|c| {
        let policy = viewer.policy(&c.workspace.config).expect("policy");
        search::index(c, &policy)
    });
    let answer = search::search(entries, query, PAGE).expect("search");
    answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect()
}

/// Waits for the watcher to report the test's last edit and takes it in.
fn settle(live: &mut LiveWorkspace) {
    assert!(
        live.wait_for_change(std::time::Duration::from_secs(10)),
        "the watcher reported no change in 10 s"
    );
}

/// What `new_document` answered, as one string, or its error.
fn created(
    live: &mut LiveWorkspace,
    title: &str,
    fields: serde_json::Value,
    body: Option<&str>,
) -> String {
    let answer = new_document(
        live,
        &Viewer::default(),
        &Request {
            kind: "prd",
            title,
            fields: fields.as_object().expect("object"),
            body,
        },
    );
    match answer {
        Ok(value) => value.to_string(),
        Err(message) => message,
    }
}

#[test]
fn new_document_echoes_nothing_confidential_of_other_documents() {
    let (dir, mut live) = workspace();
    // A starter that names the confidential PRD-9, and bodies that do.
    let starter = dir.path().join("templates/new");
    fs::create_dir_all(&starter).expect("templates");
    fs::write(
        starter.join("prd.md"),
        "---\nid: {{ id }}\ntitle: {{ title }}\nowner: ann\n---\nLike [[PRD-9]].\n",
    )
    .expect("starter");
    let answers = [
        created(&mut live, "From the starter", serde_json::json!({}), None),
        created(
            &mut live,
            "Body naming it",
            serde_json::json!({ "depends_on": ["PRD-9", "PRD-1"] }),
            Some("See [[PRD-9]] and [[PRD-1#terms]].\n"),
        ),
        // Refused with errors: the diagnostics that come back are filtered too.
        created(
            &mut live,
            "Broken",
            serde_json::json!({ "depends_on": ["PRD-9", "PRD-404"] }),
            Some("See [[PRD-9#nowhere]].\n"),
        ),
    ];
    for answer in &answers {
        for secret in ["SecretDeal", "SecretBody", "SecretTerms", "prds/PRD-9.md"] {
            assert!(!answer.contains(secret), "{secret} in {answer}");
        }
    }
    assert!(answers[2].starts_with("not written"), "{}", answers[2]);
    // The count it gives is of the errors it shows: a total would betray hidden ones.
    let shown = answers[2].matches("\"severity\":\"error\"").count();
    assert!(shown > 0, "{}", answers[2]);
    assert!(
        answers[2].contains(&format!("would have {shown} error(s)")),
        "{}",
        answers[2]
    );
    // Whatever was written holds only what the agent and the starter wrote.
    for entry in fs::read_dir(dir.path().join("prds")).expect("prds") {
        let text = fs::read_to_string(entry.expect("entry").path()).expect("read");
        if !text.contains("SecretDeal") && !text.contains("SecretTerms") {
            assert!(!text.contains("SecretBody"), "{text}");
        }
    }
}

#[test]
fn new_document_never_writes_outside_the_workspace() {
    // A folder of its own around the workspace: the shared temporary folder changes
    // under other tests running at the same time.
    let outer = tempfile::tempdir().expect("temp dir");
    let root = outer.path().join("workspace");
    fs::create_dir(&root).expect("workspace");
    let mut live = workspace_at(&root);
    let outside = outer.path().to_path_buf();
    let before: Vec<_> = fs::read_dir(&outside)
        .expect("outside")
        .map(|e| e.expect("e").file_name())
        .collect();
    let attempts = [
        created(
            &mut live,
            "../../../escape",
            serde_json::json!({ "owner": "ann" }),
            None,
        ),
        created(
            &mut live,
            "/etc/escape",
            serde_json::json!({ "owner": "ann" }),
            None,
        ),
        created(
            &mut live,
            "Escape",
            serde_json::json!({ "owner": "ann", "id": "../../PRD-77" }),
            None,
        ),
    ];
    // The two titles make documents, inside the workspace; an ID is never taken from fields.
    assert!(attempts[2].contains("not --field id"), "{}", attempts[2]);
    let written = attempts.iter().filter(|a| a.contains("\"path\"")).count();
    assert_eq!(written, 2, "{attempts:?}");
    let after: Vec<_> = fs::read_dir(&outside)
        .expect("outside")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(before.len(), after.len(), "{attempts:?}");
    for answer in &attempts {
        if let Ok(made) = serde_json::from_str::<serde_json::Value>(answer) {
            let path = made["path"].as_str().expect("path");
            assert!(
                !path.starts_with('/') && !path.split('/').any(|c| c == ".."),
                "{path}"
            );
            assert!(root.join(path).starts_with(&root));
        }
    }
}

#[test]
fn a_reference_to_a_hidden_document_in_a_draft_is_as_unknown_as_a_missing_one() {
    // PRD-9 is confidential, PRD-8 does not exist, PRD-2 is public.
    let draft = "---\nid: PRD-3\ntitle: Draft\nowner: ann\ndepends_on: [PRD-9, PRD-8]\n---\nSee [[PRD-9]], [[PRD-8]] and [[PRD-2]].\n";
    // A server of its own for each reader, as `spex mcp` answers for one all its life.
    let checked = |policy: &Visibility| {
        let (_dir, mut live) = workspace();
        check_text(&mut live, policy, "prds/PRD-3.md", draft)
    };
    let public = checked(&PUBLIC);
    let messages: Vec<&str> = public["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "unknown-reference")
        .map(|d| d["message"].as_str().expect("message"))
        .collect();
    assert_eq!(
        messages,
        [
            "unknown document ID `PRD-9`",
            "unknown document ID `PRD-8`",
            "unknown document ID `PRD-9`",
            "unknown document ID `PRD-8`",
        ],
        "{public}"
    );
    // Suggestions come from what the reader sees: PRD-8 is one edit from hidden PRD-9.
    let text = public.to_string();
    assert!(!text.contains("did you mean `PRD-9`"), "{text}");
    assert_eq!(public["errors"], 4);

    let everything = checked(&Visibility {
        include_confidential: true,
    });
    let all = everything.to_string();
    assert_eq!(
        all.matches("unknown document ID `PRD-8`").count(),
        2,
        "{all}"
    );
    assert!(!all.contains("unknown document ID `PRD-9`"), "{all}");
}

#[test]
fn next_id_skips_a_number_a_hidden_document_took_and_new_document_writes_it() {
    let (dir, mut live) = workspace();
    fs::write(
        dir.path().join("prds/PRD-3.md"),
        PRD9.replace("PRD-9", "PRD-3"),
    )
    .expect("write");
    settle(&mut live);
    let next = answers::next_id(live.fresh(), &PUBLIC, "prd").expect("next");
    assert_eq!(next["id"], "PRD-4");
    let fields = serde_json::json!({ "owner": "Ann Lee" });
    let made = new_document(
        &mut live,
        &Viewer::default(),
        &Request {
            kind: "prd",
            title: "Labels",
            fields: fields.as_object().expect("object"),
            body: None,
        },
    )
    .expect("written");
    assert_eq!(made["id"], next["id"]);
}
