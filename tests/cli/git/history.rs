//! History across branches, merges and uncommitted moves, and the messages for
//! repositories spex cannot read as they are.

use std::fs;

use spex::git::GitRepo;
use spex::model::History;

use super::{prd, run};
use crate::git_repo::{TestRepo, day};

fn history_of(repo: &TestRepo, worktree: bool) -> History {
    GitRepo::open(repo.path())
        .expect("opens")
        .expect("a repository")
        .history(None, worktree)
        .expect("history")
}

fn subjects<'a>(history: &'a History, path: &str) -> Vec<&'a str> {
    history
        .of(path)
        .map(|d| d.commits.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|&i| history.commits[i].subject.as_str())
        .collect()
}

fn doc(body: &str) -> String {
    prd("PRD-1", "Tracking", "draft", "2027-Q1", "", body)
}

#[test]
fn an_edit_on_one_branch_follows_a_rename_on_another() {
    let repo = TestRepo::new();
    repo.write("prds/A.md", &doc("One.\n\nTwo.\n\nThree.\n"));
    repo.commit("Add A", "Ann Lee", day(2026, 3, 1));
    repo.branch("feature");
    repo.rename("prds/A.md", "prds/B.md");
    let feature = repo.commit("Rename A to B", "Ben Ode", day(2026, 3, 6));
    repo.checkout("main");
    let edited = doc("One.\n\nTwo, edited.\n\nThree.\n");
    repo.write("prds/A.md", &edited);
    repo.commit("Edit A", "Cy Dunn", day(2026, 3, 7));
    repo.remove("prds/A.md").write("prds/B.md", &edited);
    repo.commit_with_parents("Merge feature", "Dee Fox", day(2026, 3, 8), &[feature]);

    let history = history_of(&repo, false);
    assert_eq!(
        subjects(&history, "prds/B.md"),
        ["Edit A", "Rename A to B", "Add A"],
        "the merge itself brought nothing new"
    );
    let updated = history.updated("prds/B.md").expect("updated");
    assert_eq!(
        (updated.date.as_str(), updated.author.as_str()),
        ("2026-03-07", "Cy Dunn")
    );
    assert_eq!(
        history.created("prds/B.md").expect("created").subject,
        "Add A"
    );
    assert!(history.of("prds/A.md").is_none(), "A is gone");
}

#[test]
fn a_conflict_resolved_in_the_merge_counts_as_an_edit() {
    let repo = TestRepo::new();
    repo.write("prds/A.md", &doc("Plan: ship in May.\n"));
    repo.commit("Add A", "Ann Lee", day(2026, 3, 1));
    repo.branch("feature");
    repo.write("prds/A.md", &doc("Plan: ship in June.\n"));
    let feature = repo.commit("June", "Ben Ode", day(2026, 3, 2));
    repo.checkout("main");
    repo.write("prds/A.md", &doc("Plan: ship in April.\n"));
    repo.commit("April", "Cy Dunn", day(2026, 3, 3));
    repo.write("prds/A.md", &doc("Plan: ship in July, in two steps.\n"));
    repo.commit_with_parents("Merge feature", "Dee Fox", day(2026, 3, 4), &[feature]);

    let history = history_of(&repo, false);
    assert_eq!(
        subjects(&history, "prds/A.md"),
        ["Merge feature", "April", "June", "Add A"]
    );
    assert_eq!(
        history.updated("prds/A.md").expect("updated").author,
        "Dee Fox"
    );
}

#[test]
fn an_uncommitted_rename_keeps_the_history() {
    let repo = TestRepo::new();
    repo.write("prds/A.md", &doc("Body.\n"))
        .write("prds/C.md", &doc("C.\n"));
    repo.commit("Add A and C", "Ann Lee", day(2026, 3, 1));
    repo.stage_rename("prds/A.md", "prds/B.md"); // git mv
    repo.rename("prds/C.md", "prds/D.md"); // mv, not added yet

    let history = history_of(&repo, true);
    for (old, new) in [("prds/A.md", "prds/B.md"), ("prds/C.md", "prds/D.md")] {
        assert_eq!(subjects(&history, new), ["Add A and C"], "{new}");
        assert_eq!(
            history.of(new).and_then(|d| d.uncommitted),
            Some(spex::model::Uncommitted::Modified),
            "{new}"
        );
        assert!(history.of(old).is_none(), "{old}");
    }
}

/// libgit2 refuses a repository whose owner is not the current user; spex is run as
/// root here on a repository given to `nobody`. Elsewhere the unit tests of the path
/// computation in `src/git/repo.rs` stand in.
#[test]
fn a_repository_owned_by_another_user_names_its_top_level_for_safe_directory() {
    use std::os::unix::fs::MetadataExt;
    let repo = TestRepo::new();
    repo.write("specs/prds/PRD-1.md", &doc("Body.\n"));
    repo.commit("Add", "Ann Lee", day(2026, 3, 1));
    if fs::metadata(repo.path()).expect("metadata").uid() != 0 {
        eprintln!("not root: cannot give the repository to another user");
        return;
    }
    chown_all(repo.path(), 65534);
    let home = tempfile::tempdir().expect("dir");
    let output = crate::support::spex()
        .args(["check", "specs"])
        .current_dir(repo.path())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let top = repo.path().canonicalize().expect("canonical");
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("--add safe.directory {}", top.display()))
            && !stderr.contains(&format!("safe.directory {}/specs", top.display())),
        "{stderr}"
    );
}

fn chown_all(path: &std::path::Path, uid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(uid)).expect("chown");
    if path.is_dir() && !path.is_symlink() {
        for entry in fs::read_dir(path).expect("read dir") {
            chown_all(&entry.expect("entry").path(), uid);
        }
    }
}

#[test]
fn a_depth_one_clone_has_history_from_its_one_commit_and_says_how_to_fetch_more() {
    let s = super::scenario();
    let clone = s.repo.shallow_clone(1);
    let history = GitRepo::open(&clone.join("specs"))
        .expect("opens")
        .expect("a repository")
        .history(None, false)
        .expect("history");
    assert!(history.truncated);
    assert_eq!(history.commits.len(), 1, "only the fetched commit");
    let tracking = "prds/PRD-001-tracking.md";
    assert_eq!(
        history.updated(tracking).expect("updated").subject,
        "Drop paper labels; relate delay predictions"
    );
    assert!(
        history.created(tracking).is_none(),
        "created beyond the cut"
    );

    let (code, _, stderr) = run(&clone, &["check", "specs"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr.matches("shallow clone").count(), 1, "{stderr}");
    let (code, _, stderr) = run(&clone, &["check", "specs", "--changed-since", "HEAD~1"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("unknown revision `HEAD~1`")
            && stderr.contains("git fetch --deepen=N")
            && stderr.contains("fetch-depth: 0"),
        "{stderr}"
    );
}

#[test]
fn a_repository_without_commits_says_once_that_history_is_empty() {
    let repo = TestRepo::new();
    repo.write("prds/PRD-1.md", &doc("Body.\n"));
    let (_, _, stderr) = run(&repo, &["check", ".", "--verbose"]);
    assert_eq!(stderr.matches("no commits yet").count(), 1, "{stderr}");
    assert!(stderr.contains("(0 commits)"), "{stderr}");
}

#[test]
fn moving_a_document_is_in_its_history_but_asks_nobody_to_re_read_it() {
    let repo = TestRepo::new();
    repo.write("prds/PRD-1.md", &doc("The page.\n")).write(
        "prds/PRD-2.md",
        &prd(
            "PRD-2",
            "Alerts",
            "draft",
            "2027-Q2",
            "depends_on: PRD-1\n",
            "Alerts.\n",
        ),
    );
    repo.commit("Add specs", "Ann Lee", day(2026, 3, 1));
    repo.rename("prds/PRD-1.md", "prds/tracking/PRD-1.md");
    repo.commit("File the tracking spec", "Ben Ode", day(2026, 3, 9));

    let history = history_of(&repo, false);
    assert_eq!(
        subjects(&history, "prds/tracking/PRD-1.md"),
        ["File the tracking spec", "Add specs"]
    );
    let last_text_change = history.last_content_change("prds/tracking/PRD-1.md");
    assert_eq!(
        last_text_change.map(|c| c.subject.as_str()),
        Some("Add specs")
    );

    let (_, stdout, _) = run(&repo, &["check", "--format", "json", "--quiet"]);
    assert!(!stdout.contains("suspect-link"), "{stdout}");

    // Editing the moved document's text does make PRD-2 suspect.
    repo.write("prds/tracking/PRD-1.md", &doc("The page, now with maps.\n"));
    repo.commit("Add maps", "Ben Ode", day(2026, 3, 10));
    let (_, stdout, _) = run(&repo, &["check", "--format", "json", "--quiet"]);
    assert!(stdout.contains("suspect-link"), "{stdout}");
}
