//! Adopting an existing repository: `tests/fixtures/proposal-repository` is a proposal
//! process described in spex.yaml as it is (the README's worked example) and checks
//! clean; one proposal that breaks its conventions is reported rule by rule.
//! `tests/fixtures/design-proposals` is a repository whose documents are their paths.

use crate::git_repo::{TestRepo, day};
use crate::support::{TestWorkspace, fixtures_dir, run_in};

#[test]
fn a_proposal_breaking_the_conventions_is_reported_rule_by_rule() {
    let ws = TestWorkspace::copy_of(&fixtures_dir().join("proposal-repository"));
    for golden in ["expected.txt", "expected.json"] {
        std::fs::remove_file(ws.join(golden)).expect("a golden file");
    }
    ws.write(
        "EIPS/eip-7.md",
        "---\neip: 70\nstatus: Final\ntitle: Blobs\ndescription: Cheaper data for rollups.\nauthor: dana@example.com\ntype: Meta\ncategory: Core\nrequires: 20, 3, 3\ncreated: 2026-02-01\n---\n## Abstract\n\nBlobs.\n\n## Motivaton\n\nCost.\n\n## Specification\n\nX.\n\n## Rationale\n\nY.\n\n## Security Considerations\n\nZ.\n",
    );
    let output = ws.run(["check", ".", "--format", "json", "--quiet"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let mut found: Vec<(String, String)> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| {
            let rule = d["rule"].as_str().unwrap_or_default().to_owned();
            let message = d["message"].as_str().unwrap_or_default().to_owned();
            (rule, message)
        })
        .collect();
    found.sort();
    let rules: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        rules,
        [
            "field-order",
            "file-name",
            "forbidden-field",
            "invalid-value",
            "invalid-value",
            "list-order",
            "missing-section",
            // EIP-20 once, EIP-3 at each of its two mentions.
            "status-order",
            "status-order",
            "status-order",
        ],
        "{found:#?}"
    );
    let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    for expected in [
        "`title` should come before `status`",
        "file name `eip-7.md` does not match the ID `70`: expected `eip-70.md`",
        "`category` is only allowed when `type` is `Standards Track` (found `type: Meta`)",
        "`requires` lists `3` twice",
        "missing section `Motivation` required for kind `eip`",
        "`EIP-70` is `Final` but depends on `EIP-3`, whose status is only `Last Call`",
        "`EIP-70` is `Final` but depends on `EIP-20`, whose status is only `Review`",
    ] {
        assert!(
            messages.contains(&expected),
            "no `{expected}` in {messages:#?}"
        );
    }
}

/// The design-proposal fixture in a real repository with a history: proposals with no
/// ID field are identified by path, a reference to a path that does not exist is found
/// (with a did-you-mean), and `spex diff` names documents by path.
#[test]
fn a_design_proposal_repository_is_identified_by_path_and_broken_paths_are_found() {
    let fixture = fixtures_dir().join("design-proposals");
    let repo = TestRepo::new();
    let copy = |rel: &str| {
        let text = std::fs::read_to_string(fixture.join(rel)).expect("a fixture file");
        repo.write(rel, &text);
    };
    for rel in [
        "spex.yaml",
        "proposals/sig-node/runtime-class.md",
        "proposals/sig-storage/snapshots-alpha.md",
        "proposals/sig-storage/volume-snapshots.md",
    ] {
        copy(rel);
    }
    repo.commit("First proposals", "Ana Ruiz", day(2026, 1, 5));
    copy("proposals/sig-node/pod-overhead.md");
    repo.commit("Pod overhead", "Ana Ruiz", day(2026, 2, 5));
    let path = "proposals/sig-storage/volume-snapshots.md";
    let text = std::fs::read_to_string(fixture.join(path)).expect("a fixture file");
    let edited = text
        .replace("status: implementable", "status: implemented")
        .replace(
            "\"/proposals/sig-node/pod-overhead\"",
            "/proposals/sig-node/pod-overheads.md",
        );
    repo.write(path, &edited);
    repo.commit("Snapshots are implemented", "Ana Ruiz", day(2026, 3, 5));

    let output = run_in(repo.path(), &["check", ".", "--format", "json", "--quiet"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let found: Vec<(&str, &str, &str)> = json
        .as_array()
        .expect("an array")
        .iter()
        // The suspect-link notes (the snapshots changed after their readers) are right too.
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default(),
                d["help"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "unknown-reference",
            "path `proposals/sig-node/pod-overheads` does not exist",
            "did you mean `proposals/sig-node/pod-overhead`?"
        )],
        "{json:#}"
    );

    // The title field holds a slug; `title: heading` shows the first `# heading`.
    let list = run_in(repo.path(), &["list"]);
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(
        list.contains("proposals/sig-node/pod-overhead") && list.contains("Pod Overhead"),
        "{list}"
    );

    let diff = run_in(repo.path(), &["diff", "HEAD~1..HEAD"]);
    let diff = String::from_utf8_lossy(&diff.stdout);
    assert!(
        diff.contains("proposals/sig-storage/volume-snapshots") && diff.contains("implemented"),
        "{diff}"
    );
}

/// Issue 13 §5: a proposals repository gets a navigation of what it has: its kind under
/// its configured label, the graph its references make, and no empty Roadmap,
/// Timeline or Priorities.
#[test]
fn the_site_navigation_shows_only_pages_with_content_under_configured_labels() {
    let ws = TestWorkspace::copy_of(&fixtures_dir().join("design-proposals"));
    let config = std::fs::read_to_string(ws.join("spex.yaml")).expect("spex.yaml");
    let config = config.replace(
        "    description: A design proposal.\n",
        "    description: A design proposal.\n    label: Design proposals\n",
    );
    ws.write("spex.yaml", config);
    let site = ws.join("site");
    let output = ws.run(["build", "--out", site.to_str().expect("UTF-8 path")]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let home = std::fs::read_to_string(site.join("index.html")).expect("the home page");
    let nav = home
        .split("<nav class=\"site-nav\"")
        .nth(1)
        .and_then(|rest| rest.split("</nav>").next())
        .expect("the navigation");
    assert!(nav.contains(">Design proposals</a>"), "{nav}");
    assert!(nav.contains(">Graph</a>"), "{nav}");
    for empty in ["Roadmap", "Timeline", "Priorities"] {
        assert!(!nav.contains(&format!(">{empty}</a>")), "{nav}");
    }
    // One name everywhere: the home counts, the index heading, llms.txt.
    let index = std::fs::read_to_string(site.join("proposal/index.html")).expect("index");
    let llms = std::fs::read_to_string(site.join("llms.txt")).expect("llms.txt");
    for (page, text) in [("home", &home), ("index", &index), ("llms.txt", &llms)] {
        assert!(!text.contains("Proposals"), "{page} says Proposals");
        assert!(text.contains("Design proposals"), "{page}");
    }
}

/// Issue 13 §5: proposals are not PRDs: the leadership digest of a proposals repository
/// does not count "0 PRDs" or show empty roadmap sections.
#[test]
fn a_custom_kind_is_not_counted_as_prds_in_the_leadership_digest() {
    let ws = TestWorkspace::copy_of(&fixtures_dir().join("design-proposals"));
    let output = ws.run(["digest", ".", "--audience", "leadership"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let digest = String::from_utf8_lossy(&output.stdout);
    for absent in ["PRD", "## Roadmap health", "## Vision and objectives"] {
        assert!(!digest.contains(absent), "{digest}");
    }
}

/// A repository whose title and status fields have names of their own (`headline`,
/// `state`) and whose files are named `rfc-0002.md`: nothing renamed, every command works,
/// and the site shows the headline once, as the title.
#[test]
fn a_title_and_a_status_under_their_own_names_serve_check_list_and_new() {
    let spec = "kinds:\n  rfc:\n    id: { field: number, format: integer, pattern: \"RFC-{n}\" }\n    paths: [\"rfcs/**\"]\n    title: headline\n    fields:\n      headline: { type: string, required: true }\n      state: { type: status, values: { draft: proposed, accepted: done } }\n";
    let ws = TestWorkspace::new()
        .file("spex.yaml", spec)
        .file(
            "rfcs/rfc-0001.md",
            "---\nnumber: 1\nheadline: Event sourcing\nstate: accepted\n---\nText.\n",
        )
        .file(
            "rfcs/rfc-0002.md",
            "---\nnumber: 2\nheadline: Sagas first\nstate: draft\n---\nText.\n",
        );
    let checked = ws.run(["check"]);
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );

    let listed = ws.run(["list", "rfc", "--where", "status=draft"]);
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert_eq!(
        listed,
        "id     title        status\nRFC-2  Sagas first  draft\n"
    );

    // The page's heading is the headline; Details do not repeat it.
    let built = ws.run(["build", "--out", "out"]);
    assert!(built.status.success(), "{built:?}");
    let page = std::fs::read_to_string(ws.join("out/rfc/RFC-1.html")).expect("RFC-1 page");
    assert!(page.contains("Event sourcing</h1>"), "{page}");
    let details = &page[page.find("spex-meta-h").expect(&page)..];
    let details = &details[..details.find("</dl>").expect(details)];
    assert!(!details.contains("Event sourcing"), "{details}");

    let made = ws.run(["new", "rfc", "Outbox"]);
    assert_eq!(String::from_utf8_lossy(&made.stdout), "rfcs/rfc-0003.md\n");
    let text = std::fs::read_to_string(ws.join("rfcs/rfc-0003.md")).expect("written");
    assert!(
        text.starts_with("---\nnumber: 3\nheadline: Outbox\nstate: draft\n---\n"),
        "{text}"
    );

    let typo = TestWorkspace::new().file(
        "spex.yaml",
        spec.replace("title: headline", "title: headlin"),
    );
    let refused = typo.run(["check"]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stdout);
    assert!(
        said.contains("`title` is `heading`, `field` or a field of kind `rfc`, found `headlin`")
            && said.contains("did you mean `headline`?"),
        "{said}"
    );
}
