//! A repository with objects missing (a partial clone with `--filter=blob:none`, a
//! mirror without large blobs): history skips what it cannot read, with one warning
//! that names the object and how to fetch it, and every command still works.

use super::run;
use crate::git_repo::{TestRepo, day};

const OBJ: &str = "---\nid: OBJ-1\ntitle: Ship faster\nstatus: active\n---\n\nBody.\n";

fn prd(id: &str, title: &str, body: &str) -> String {
    format!("---\nid: {id}\ntitle: {title}\nowner: Ann Lee\nobjectives: [OBJ-1]\n---\n\n{body}\n")
}

/// Four commits; the third renames PRD-1 (with an edit, so finding the rename reads the
/// old blob). Returns the repository and the id of that old blob, whose file is deleted.
fn repo_missing_a_blob() -> (TestRepo, git2::Oid) {
    let repo = TestRepo::new();
    repo.write("objectives/OBJ-1.md", OBJ).write(
        "prds/PRD-1-a.md",
        &prd("PRD-1", "Labels", "First draft of labels."),
    );
    repo.commit("Start", "Ann Lee", day(2026, 1, 5));
    let text = prd(
        "PRD-1",
        "Labels",
        "Labels are printed at the packing station.\n\nThey carry the carrier's barcode.",
    );
    repo.write("prds/PRD-1-a.md", &text);
    repo.commit("Where labels are printed", "Bo Chen", day(2026, 2, 5));
    let old_blob = repo
        .repo
        .revparse_single("HEAD:prds/PRD-1-a.md")
        .expect("blob")
        .id();
    repo.rename("prds/PRD-1-a.md", "prds/PRD-1-labels.md")
        .write("prds/PRD-1-labels.md", &format!("{text}\n\nAnd a QR code."))
        .write(
            "prds/PRD-2.md",
            &prd("PRD-2", "Returns", "Returns reuse the label."),
        );
    repo.commit(
        "Name the labels PRD; add returns",
        "Cy Dunn",
        day(2026, 3, 5),
    );
    repo.write(
        "prds/PRD-2.md",
        &prd("PRD-2", "Returns", "Returns reuse the box."),
    );
    repo.commit("Returns reuse the box", "Ann Lee", day(2026, 4, 5));

    let hex = old_blob.to_string();
    let loose = repo.join(&format!(".git/objects/{}/{}", &hex[..2], &hex[2..]));
    std::fs::remove_file(&loose).expect("the blob is a loose object");
    (repo, old_blob)
}

#[test]
fn issue_21_a_missing_object_is_skipped_with_one_warning() {
    let (repo, blob) = repo_missing_a_blob();
    let blob = blob.to_string();

    let (code, stdout, stderr) = run(&repo, &["check", "--color", "never"]);
    assert_eq!(
        code, 0,
        "a clean workspace still passes:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");
    assert_eq!(
        stderr.matches("warning").count(),
        1,
        "one warning: {stderr}"
    );
    let warning = stderr
        .lines()
        .find(|l| l.contains("warning"))
        .expect("warning");
    assert!(warning.contains(&blob), "names the object: {warning}");
    assert!(
        stderr.contains("git fetch"),
        "says how to fetch it: {stderr}"
    );

    // The build still has the history it could read: the last edit of PRD-2.
    let out = repo.join("site");
    let (code, _, stderr) = run(&repo, &["build", "--out", out.to_str().expect("UTF-8")]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr.matches("warning").count(), 1, "{stderr}");
    let page = std::fs::read_to_string(out.join("prd/PRD-2.html")).expect("page");
    assert!(page.contains("2026-04-05"), "PRD-2's history is intact");

    // The revision that holds the missing blob: that one document is skipped, with a
    // warning at its path; the others are compiled.
    let (code, stdout, stderr) = run(
        &repo,
        &["check", "--rev", "HEAD~2", "--format", "json", "--quiet"],
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(diagnostics.len(), 1, "{stdout}");
    assert_eq!(diagnostics[0]["rule"], "skipped-file");
    assert_eq!(diagnostics[0]["file"], "prds/PRD-1-a.md");
    let message = diagnostics[0]["message"].as_str().expect("message");
    assert!(
        message.contains(&blob) && message.contains("git fetch"),
        "{message}"
    );

    // Diff and digest against that revision work too, and say what the gap does.
    let (code, stdout, stderr) = run(&repo, &["diff", "HEAD~2"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("PRD-2"), "{stdout}");
    assert_eq!(
        stderr.matches("warning").count(),
        2,
        "history and base: {stderr}"
    );
    assert!(
        stderr.contains(&format!("`HEAD~2` lacks object {blob}")),
        "{stderr}"
    );
    let digests = repo.join("digests");
    let (code, _, stderr) = run(
        &repo,
        &[
            "digest",
            "--since",
            "HEAD~2",
            "--out",
            digests.to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!("`HEAD~2` lacks object {blob}")),
        "{stderr}"
    );
}

#[test]
fn issue_21_a_missing_folder_is_skipped_with_a_warning_at_the_folder() {
    let (repo, _) = repo_missing_a_blob();
    let tree = repo
        .repo
        .revparse_single("HEAD~3:prds")
        .expect("tree")
        .id()
        .to_string();
    let loose = repo.join(&format!(".git/objects/{}/{}", &tree[..2], &tree[2..]));
    std::fs::remove_file(&loose).expect("the tree is a loose object");

    let (code, stdout, stderr) = run(&repo, &["check", "--color", "never"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(stderr.matches("warning").count(), 1, "{stderr}");
    assert!(
        stderr.contains(&tree) || stderr.contains("missing object"),
        "{stderr}"
    );

    let (code, stdout, _) = run(
        &repo,
        &["check", "--rev", "HEAD~3", "--format", "json", "--quiet"],
    );
    assert_eq!(code, 0, "{stdout}");
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(diagnostics.len(), 1, "{stdout}");
    assert_eq!(diagnostics[0]["rule"], "skipped-file");
    assert_eq!(diagnostics[0]["file"], "prds");
    let message = diagnostics[0]["message"].as_str().expect("message");
    assert!(message.contains(&tree), "{message}");
}
