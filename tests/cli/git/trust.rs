//! What git-derived output may say about confidential work: commit subjects (site pages,
//! feed, digests, `spex diff`) and confidential documents in `spex diff`. Every output
//! is searched for markers that stand for secrets.

use std::path::Path;

use super::{OBJECTIVE, VISION, run};
use crate::git_repo::{TestRepo, day};

/// Subjects of commits that touched a confidential (or, for a digest, unseen) document.
const HIDDEN_SUBJECTS: [&str; 5] = [
    "MARK-ONE",
    "MARK-TWO",
    "MARK-THREE",
    "MARK-FOUR",
    "MARK-GONE",
];
/// Text of confidential documents: titles, paths, values.
const SECRETS: [&str; 4] = ["SECRET", "shiploop", "2029-Q", "PRD-2"];

fn prd(id: &str, title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {title}\nstatus: draft\nowner: Ann Lee\ntarget: 2027-Q1\nobjectives: OBJ-1\n{extra}---\n{body}"
    )
}

fn secret(id: &str, title: &str, target: &str) -> String {
    prd(
        id,
        &format!("SECRET {title}"),
        "confidential: true\n",
        &format!("Buy them by {target}.\n"),
    )
    .replace("target: 2027-Q1", &format!("target: {target}"))
}

struct Repo {
    repo: TestRepo,
    c1: String,
    c3: String,
    c5: String,
}

/// c1 adds a public PRD-1 and confidential PRD-2..4; c2 edits PRD-1 and PRD-2 (the
/// ShipLoop subject); c3 edits PRD-2 only; c4 adds confidential PRD-5, removes PRD-3,
/// renames PRD-4 and makes PRD-1 depend on PRD-2; c5 deletes a confidential PRD-9 that
/// c4.5 added; c6 and c7 touch only public documents.
fn repo() -> Repo {
    let repo = TestRepo::new();
    repo.write("spex.yaml", "site:\n  title: Specs\n")
        .write("vision/VIS-1.md", VISION)
        .write("objectives/OBJ-1.md", OBJECTIVE)
        .write(
            "prds/PRD-1.md",
            &prd("PRD-1", "Tracking page", "", "A page.\n"),
        )
        .write(
            "prds/shiploop-deal.md",
            &secret("PRD-2", "ShipLoop deal", "2029-Q3"),
        )
        .write(
            "prds/shiploop-labels.md",
            &secret("PRD-3", "ShipLoop labels", "2029-Q2"),
        )
        .write(
            "prds/shiploop-old.md",
            &secret("PRD-4", "ShipLoop team", "2029-Q2"),
        );
    let c1 = repo.commit("Start specs MARK-ONE", "Ann Lee", day(2026, 1, 5));
    repo.write(
        "prds/PRD-1.md",
        &prd("PRD-1", "Tracking page", "", "A page, soon.\n"),
    )
    .write(
        "prds/shiploop-deal.md",
        &secret("PRD-2", "ShipLoop deal", "2029-Q4"),
    );
    repo.commit(
        "ShipLoop acquisition: MARK-TWO",
        "Ben Ode",
        day(2026, 1, 10),
    );
    repo.write(
        "prds/shiploop-deal.md",
        &secret("PRD-2", "ShipLoop deal v2", "2029-Q4"),
    );
    let c3 = repo.commit("MARK-THREE price", "Cy Dunn", day(2026, 1, 15));
    repo.write(
        "prds/shiploop-new.md",
        &secret("PRD-5", "ShipLoop office", "2029-Q1"),
    )
    .remove("prds/shiploop-labels.md")
    .rename("prds/shiploop-old.md", "prds/shiploop-moved.md")
    .write(
        "prds/PRD-1.md",
        &prd(
            "PRD-1",
            "Tracking page",
            "depends_on: PRD-2\n",
            "A page, soon.\n",
        )
        .replace("status: draft", "status: approved"),
    )
    .write(
        "prds/shiploop-gone.md",
        &secret("PRD-9", "ShipLoop gone", "2029-Q1"),
    );
    repo.commit("Rework MARK-FOUR", "Dee Fox", day(2026, 1, 20));
    repo.remove("prds/shiploop-gone.md");
    let c5 = repo.commit("Drop MARK-GONE", "Dee Fox", day(2026, 1, 25));
    repo.write(
        "prds/PRD-1.md",
        &prd(
            "PRD-1",
            "Tracking page",
            "depends_on: PRD-2\n",
            "A page, now.\n",
        )
        .replace("status: draft", "status: approved"),
    );
    repo.commit("Public tweak PUBLIC-OK", "Eve Gray", day(2026, 2, 1));
    Repo {
        repo,
        c1: c1.to_string(),
        c3: c3.to_string(),
        c5: c5.to_string(),
    }
}

/// Every file under `dir`, as text.
fn files_in(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir").filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                out.push((
                    path.display().to_string(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                ));
            }
        }
    }
    out
}

fn assert_none_of(markers: &[&str], what: &str, text: &str) {
    for marker in markers {
        assert!(!text.contains(marker), "{what} shows {marker:?}:\n{text}");
    }
}

#[test]
fn subjects_of_commits_touching_confidential_documents_stay_off_the_site_and_feed() {
    let r = repo();
    let out = tempfile::tempdir().expect("dir");
    let site = out.path().join("site");
    let (code, _, stderr) = run(
        &r.repo,
        &["build", "--allow-errors", "--out", &site.to_string_lossy()],
    );
    assert_eq!(code, 0, "{stderr}");
    let files = files_in(&site);
    for (path, text) in &files {
        assert_none_of(&HIDDEN_SUBJECTS, path, text);
    }
    let home = std::fs::read_to_string(site.join("index.html")).expect("home");
    assert!(
        home.contains("PUBLIC-OK"),
        "a public commit keeps its subject"
    );
    assert!(home.contains("Ben Ode"), "author and date stay: {home}");
    let feed = std::fs::read_to_string(site.join("feed.xml")).expect("feed");
    // Entries are change events ("PRD-1 edited"); a commit's subject, when it may be
    // shown, is in the summary.
    assert!(
        feed.contains("PUBLIC-OK") && feed.contains("<title>PRD-1 "),
        "{feed}"
    );

    // With confidential content asked for, the subjects are there.
    let full = out.path().join("full");
    run(
        &r.repo,
        &[
            "build",
            "--allow-errors",
            "--include-confidential",
            "--out",
            &full.to_string_lossy(),
        ],
    );
    let home = std::fs::read_to_string(full.join("index.html")).expect("home");
    assert!(home.contains("MARK-TWO"), "{home}");
}

#[test]
fn digests_name_commits_touching_hidden_documents_without_their_subject() {
    let r = repo();
    for format in ["json", "markdown", "html"] {
        for audience in ["engineering", "sales", "leadership"] {
            for rev in [r.c3.as_str(), "HEAD"] {
                let (code, stdout, stderr) = run(
                    &r.repo,
                    &[
                        "digest",
                        "--audience",
                        audience,
                        "--format",
                        format,
                        "--since",
                        &r.c1,
                        "--rev",
                        rev,
                    ],
                );
                assert!(code == 0 || code == 1, "{stderr}");
                let what = format!("{audience} {format} digest at {rev}");
                assert_none_of(&HIDDEN_SUBJECTS, &what, &stdout);
            }
        }
    }
    // The commit after the deletion touched only a public document: its subject shows.
    let (_, stdout, _) = run(
        &r.repo,
        &[
            "digest",
            "--audience",
            "engineering",
            "--format",
            "json",
            "--since",
            &r.c5,
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(
        json["since"]["subject"], "",
        "c5 deleted a confidential PRD"
    );
    assert_eq!(json["since"]["author"], "Dee Fox");
    assert_eq!(json["since"]["email"], "");
}

#[test]
fn diff_shows_confidential_documents_only_as_a_count() {
    let r = repo();
    for format in ["human", "markdown", "json"] {
        for range in [format!("{}..HEAD", r.c1), format!("{}..{}", r.c1, r.c3)] {
            let (code, stdout, stderr) = run(&r.repo, &["diff", &range, "--format", format]);
            assert_eq!(code, 0, "{stderr}");
            let what = format!("diff {range} as {format}");
            assert_none_of(&HIDDEN_SUBJECTS, &what, &stdout);
            assert_none_of(&SECRETS, &what, &stdout);
            let counted = if format == "json" {
                "\"confidential_changed\": "
            } else {
                "confidential document"
            };
            assert!(stdout.contains(counted), "{what} counts them:\n{stdout}");
            assert!(!stdout.contains("\"confidential_changed\": 0"), "{stdout}");
        }
    }
    let (_, stdout, _) = run(
        &r.repo,
        &["diff", &format!("{}..HEAD", r.c1), "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    // PRD-2 changed, PRD-3 removed, PRD-4 renamed, PRD-5 added.
    assert_eq!(json["confidential_changed"], 4, "{stdout}");
    assert_eq!(json["changed"][0]["doc"]["id"], "PRD-1", "{stdout}");
    assert_eq!(
        json["changed"][0]["fields"][0]["new"], "approved",
        "{stdout}"
    );
    assert_eq!(
        json["changed"][0]["references_added"],
        serde_json::json!([])
    );
    assert_eq!(json["head"]["subject"], "Public tweak PUBLIC-OK");

    let (_, stdout, _) = run(
        &r.repo,
        &["diff", &format!("{}..HEAD", r.c1), "--include-confidential"],
    );
    assert!(
        stdout.contains("PRD-2") && stdout.contains("2029-Q4"),
        "{stdout}"
    );
}

/// A merge names the branch it brings in ("Merge acme/shiploop-deal"): when it brought a
/// change to a confidential document, its subject stays out too, also as the head.
#[test]
fn a_merge_that_brought_a_confidential_change_is_named_without_its_subject() {
    let repo = TestRepo::new();
    repo.write("spex.yaml", "site:\n  title: Specs\n")
        .write("vision/VIS-1.md", VISION)
        .write("objectives/OBJ-1.md", OBJECTIVE)
        .write(
            "prds/PRD-1.md",
            &prd("PRD-1", "Tracking page", "", "A page.\n"),
        )
        .write("prds/deal.md", &secret("PRD-2", "deal", "2029-Q3"));
    repo.commit("Start specs", "Ann Lee", day(2026, 1, 5));
    repo.branch("deal");
    repo.write("prds/deal.md", &secret("PRD-2", "deal", "2029-Q4"));
    let side = repo.commit("Reprice", "Ben Ode", day(2026, 1, 10));
    repo.checkout("main");
    repo.write(
        "prds/PRD-1.md",
        &prd("PRD-1", "Tracking page", "", "A page, soon.\n"),
    );
    repo.commit("Tracking copy", "Ann Lee", day(2026, 1, 12));
    repo.write("prds/deal.md", &secret("PRD-2", "deal", "2029-Q4"));
    repo.commit_with_parents(
        "Merge MARK-MERGE shiploop-deal",
        "Cy Dunn",
        day(2026, 1, 15),
        &[side],
    );
    for audience in ["engineering", "sales", "leadership"] {
        let (code, stdout, stderr) = run(
            &repo,
            &["digest", "--audience", audience, "--format", "json"],
        );
        assert!(code == 0 || code == 1, "{stderr}");
        assert_none_of(&["MARK-MERGE"], audience, &stdout);
    }
    let (_, stdout, _) = run(&repo, &["diff", "HEAD~1..HEAD", "--format", "json"]);
    assert_none_of(&["MARK-MERGE"], "diff", &stdout);
}

/// Review finding: a commit that changed only the `{.confidential}` section of a public
/// document published its subject, which is exactly what the section hides.
#[test]
fn a_commit_to_a_document_with_a_confidential_section_is_named_without_its_subject() {
    let repo = TestRepo::new();
    let public = |deal: &str| {
        prd(
            "PRD-1",
            "Tracking page",
            "",
            &format!("A page.\n\n## Deal {{.confidential}}\n\n{deal}\n"),
        )
    };
    repo.write("spex.yaml", "site:\n  title: Specs\n")
        .write("vision/VIS-1.md", VISION)
        .write("objectives/OBJ-1.md", OBJECTIVE)
        .write("prds/PRD-1.md", &public("Terms to come."));
    repo.commit("Start specs", "Ann Lee", day(2026, 1, 5));
    repo.write(
        "prds/PRD-1.md",
        &public("Pay 40% upfront, as [[VIS-1]] wants."),
    );
    repo.commit("SECTIONMARK upfront terms", "Ben Ode", day(2026, 1, 9));

    let out = tempfile::tempdir().expect("dir");
    let site = out.path().join("site");
    let (code, _, stderr) = run(&repo, &["build", "--out", &site.to_string_lossy()]);
    assert_eq!(code, 0, "{stderr}");
    for (path, text) in &files_in(&site) {
        assert_none_of(&["SECTIONMARK"], path, text);
    }
    for audience in ["engineering", "sales", "leadership"] {
        let (_, stdout, _) = run(
            &repo,
            &[
                "digest",
                "--audience",
                audience,
                "--format",
                "json",
                "--since",
                "HEAD~1",
            ],
        );
        assert!(!stdout.contains("SECTIONMARK"), "{audience}: {stdout}");
    }
    for format in ["human", "markdown", "json"] {
        let (_, stdout, _) = run(&repo, &["diff", "HEAD~1", "--format", format]);
        assert!(!stdout.contains("SECTIONMARK"), "{format}: {stdout}");
        // Nor does a reference added inside the hidden section show.
        assert!(!stdout.contains("VIS-1"), "{format}: {stdout}");
    }
}

/// A public PRD whose only change is a new dependency on a confidential one changed, and
/// `spex diff` and every digest say so in the same words, without naming it.
#[test]
fn a_reference_to_a_confidential_document_reads_as_references_changed_everywhere() {
    let repo = TestRepo::new();
    repo.write("spex.yaml", "site:\n  title: Specs\n")
        .write(
            "prds/PRD-1.md",
            &prd("PRD-1", "Tracking page", "", "A page.\n"),
        )
        .write(
            "prds/shiploop-deal.md",
            &secret("PRD-2", "ShipLoop deal", "2029-Q3"),
        );
    let base = repo.commit("Start", "Ann Lee", day(2026, 1, 5));
    repo.write(
        "prds/PRD-1.md",
        &prd(
            "PRD-1",
            "Tracking page",
            "depends_on: [PRD-2]\n",
            "A page.\n",
        ),
    );
    repo.commit("Depend", "Ann Lee", day(2026, 1, 6));
    let (base, range) = (base.to_string(), format!("{base}..HEAD"));

    let (code, human, stderr) = run(&repo, &["diff", &range]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        human.contains("  * PRD-1 Tracking page\n      references changed\n"),
        "{human}"
    );
    assert_none_of(&SECRETS, "diff", &human);
    let (_, json, _) = run(&repo, &["diff", &range, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(json["changed"][0]["doc"]["id"], "PRD-1", "{json}");
    assert_eq!(json["changed"][0]["hidden_references"], 1, "{json}");
    assert_none_of(&SECRETS, "diff JSON", &json.to_string());

    for audience in ["engineering", "leadership"] {
        let (code, digest, stderr) =
            run(&repo, &["digest", "--audience", audience, "--since", &base]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            digest.contains("[PRD-1 Tracking page](prds/PRD-1.md): references changed\n"),
            "{audience}:\n{digest}"
        );
        assert_none_of(&SECRETS, audience, &digest);
    }
}
