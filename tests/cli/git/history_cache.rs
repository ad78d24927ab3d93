//! The history cache in `.git/spex/`: a later run gives exactly what a walk from
//! scratch gives, whatever happened in between (new commits, a rewritten history, a
//! damaged file, other rename settings), and the work tree never sees it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use git2::{Oid, ResetType};
use spex::git::{GitRepo, HistoryRead};
use spex::model::History;

use super::{OBJECTIVE, TRACKING_BODY, VISION, prd, run};
use crate::git_repo::{TestRepo, day};

/// The history as spex reads it now, and where it came from.
fn read(repo: &TestRepo) -> (History, HistoryRead) {
    let git = GitRepo::open(repo.path())
        .expect("opens")
        .expect("a repository");
    let history = git.history(None, true).expect("history");
    (history, git.last_history_read().expect("walked"))
}

fn walked(diffed: usize, reused: usize, fast_forward: bool) -> HistoryRead {
    HistoryRead::Walked {
        diffed,
        reused,
        fast_forward,
    }
}

fn cache_dir(repo: &TestRepo) -> PathBuf {
    repo.repo.path().join("spex")
}

fn cache_files(repo: &TestRepo) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(cache_dir(repo)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.expect("entry").path()).collect();
    files.sort();
    files
}

/// The history a walk from scratch gives (the cache is moved aside, then put back).
fn cold(repo: &TestRepo) -> History {
    let aside = repo.repo.path().join("spex-aside");
    let had = cache_dir(repo).exists();
    if had {
        fs::rename(cache_dir(repo), &aside).expect("move aside");
    }
    let git = GitRepo::open(repo.path()).expect("opens").expect("repo");
    let history = git.history(None, true).expect("history");
    fs::remove_dir_all(cache_dir(repo)).ok();
    if had {
        fs::rename(&aside, cache_dir(repo)).expect("put back");
    }
    history
}

fn doc(id: &str, body: &str) -> String {
    prd(id, "Tracking", "draft", "2027-Q1", "", body)
}

/// Adds, edits, renames, deletes and a merge of a side branch: every kind of change
/// the walk follows.
fn busy_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("vision/VIS-1.md", VISION)
        .write("objectives/OBJ-1.md", OBJECTIVE)
        .write("prds/A.md", &doc("PRD-1", TRACKING_BODY))
        .write("prds/B.md", &doc("PRD-2", "Two.\n"))
        .write("prds/C.md", &doc("PRD-3", "Three.\n"));
    repo.commit("Add A, B, C", "Ann Lee", day(2026, 3, 1));
    repo.branch("feature");
    repo.rename("prds/B.md", "prds/Bee.md");
    let feature = repo.commit("Rename B", "Ben Ode", day(2026, 3, 2));
    repo.checkout("main");
    repo.write("prds/A.md", &doc("PRD-1", "Edited.\n"));
    repo.commit("Edit A", "Cy Dunn", day(2026, 3, 3));
    repo.remove("prds/B.md")
        .write("prds/Bee.md", &doc("PRD-2", "Two.\n"));
    repo.commit_with_parents("Merge feature", "Dee Fox", day(2026, 3, 4), &[feature]);
    repo.remove("prds/C.md");
    repo.commit("Drop C", "Ann Lee", day(2026, 3, 5));
    repo
}

#[test]
fn a_second_run_reads_the_cache_and_gets_what_a_walk_gets() {
    let repo = busy_repo();
    let (first, how) = read(&repo);
    assert_eq!(how, walked(5, 0, false));
    assert_eq!(cache_files(&repo).len(), 1, "one file in .git/spex/");
    let (second, how) = read(&repo);
    assert_eq!(how, HistoryRead::Cached);
    assert_eq!(second, first);
    assert_eq!(cold(&repo), first);
    assert!(second.gone.contains_key("prds/C.md"), "{second:?}");
}

#[test]
fn new_commits_are_walked_and_the_rest_is_replayed() {
    let repo = busy_repo();
    read(&repo);
    // A file an older spex wrote (format 1) goes when the cache is next written.
    let file = cache_files(&repo).pop().expect("a cache file");
    let name = file
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let (_, rest) = name.split_once('-').expect("history-vN-…");
    let (_, rest) = rest.split_once('-').expect("history-vN-…");
    let older = cache_dir(&repo).join(format!("history-v1-{rest}"));
    fs::write(&older, b"older").expect("write");
    repo.write("prds/A.md", &doc("PRD-1", "Edited again.\n"));
    repo.commit("Edit A again", "Ben Ode", day(2026, 3, 6));
    repo.rename("prds/Bee.md", "prds/B2.md");
    // Dated before everything else: the new commits still come first.
    repo.commit("Rename Bee", "Cy Dunn", day(2026, 1, 1));
    let (history, how) = read(&repo);
    assert_eq!(how, walked(2, 5, true), "git listed only the new commits");
    assert_eq!(history, cold(&repo));
    assert_eq!(cache_files(&repo), [file], "the older file is gone");
    let b2: Vec<&str> = history.docs["prds/B2.md"]
        .commits
        .iter()
        .map(|&i| history.commits[i].subject.as_str())
        .collect();
    assert_eq!(b2, ["Rename Bee", "Rename B", "Add A, B, C"]);
}

#[test]
fn new_commits_with_a_merge_are_listed_again_and_give_what_a_walk_gives() {
    let repo = busy_repo();
    read(&repo);
    repo.branch("side");
    repo.write("prds/A.md", &doc("PRD-1", "On the side.\n"));
    let side = repo.commit("Side edit", "Ben Ode", day(2026, 3, 9));
    repo.checkout("main");
    repo.rename("prds/Bee.md", "prds/B3.md");
    repo.commit("Rename Bee", "Cy Dunn", day(2026, 3, 10));
    repo.write("prds/A.md", &doc("PRD-1", "On the side.\n"));
    repo.commit_with_parents("Merge side", "Dee Fox", day(2026, 3, 11), &[side]);
    let (history, how) = read(&repo);
    assert_eq!(how, walked(3, 5, false));
    assert_eq!(history, cold(&repo));
    // And a fast-forward on top of that walk gives what a walk gives too.
    repo.write("prds/B3.md", &doc("PRD-2", "Two, edited.\n"));
    repo.commit("Edit B3", "Ann Lee", day(2026, 3, 12));
    let (history, how) = read(&repo);
    assert_eq!(how, walked(1, 8, true));
    assert_eq!(history, cold(&repo));
}

#[test]
fn a_rewritten_history_gives_what_a_walk_of_it_gives() {
    let repo = busy_repo();
    read(&repo);
    // `git reset --hard HEAD~2`, then a different commit on top.
    let back = repo.repo.revparse_single("HEAD~2").expect("rev");
    repo.repo
        .reset(&back, ResetType::Hard, None)
        .expect("reset");
    repo.write("prds/C.md", &doc("PRD-3", "Three, rewritten.\n"));
    repo.commit("Rewrite C", "Dee Fox", day(2026, 3, 8));
    let (history, how) = read(&repo);
    assert_eq!(history, cold(&repo));
    // HEAD~2 is "Edit A", after "Add A, B, C": the side branch is no longer reached.
    assert_eq!(how, walked(1, 2, false));
    assert!(!history.docs.contains_key("prds/Bee.md"), "{history:?}");
    assert!(history.docs.contains_key("prds/C.md"));
}

#[test]
fn a_damaged_cache_is_walked_around_and_replaced() {
    let repo = busy_repo();
    let (expected, _) = read(&repo);
    let file = cache_files(&repo).pop().expect("a cache file");
    let good = fs::read(&file).expect("read");
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 0x40;
    let damages: [&[u8]; 5] = [
        &good[..good.len() / 2],
        &good[..good.len() - 1],
        &flipped,
        b"",
        b"spex history cache, not really",
    ];
    for damaged in damages {
        fs::write(&file, damaged).expect("damage");
        let (history, how) = read(&repo);
        assert_eq!(how, walked(5, 0, false));
        assert_eq!(history, expected);
        assert_eq!(fs::read(&file).expect("rewritten"), good);
    }
}

#[test]
fn other_rename_settings_walk_again() {
    let repo = busy_repo();
    read(&repo);
    repo.repo
        .config()
        .expect("config")
        .set_i32("diff.renameLimit", 5)
        .expect("set");
    let (history, how) = read(&repo);
    assert_eq!(how, walked(5, 0, false));
    assert_eq!(history, cold(&repo));
    assert_eq!(read(&repo).1, HistoryRead::Cached);
}

#[test]
fn a_shallow_clone_gets_no_cache() {
    let repo = busy_repo();
    let head = repo.repo.head().expect("head").target().expect("oid");
    repo.make_shallow_at(head);
    read(&repo);
    assert_eq!(read(&repo).1, walked(1, 0, false));
    assert!(cache_files(&repo).is_empty());
}

/// Every file under `dir`, by path relative to it.
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walk(dir) {
        let rel = entry.strip_prefix(dir).expect("under").to_string_lossy();
        files.insert(rel.into_owned(), fs::read(&entry).expect("read"));
    }
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn outputs_are_the_same_bytes_from_the_cache_and_the_work_tree_is_untouched() {
    let repo = busy_repo();
    let tree_before: Vec<String> = files_under(repo.path())
        .into_keys()
        .filter(|p| !p.starts_with(".git"))
        .collect();
    let head: Oid = repo.repo.head().expect("head").target().expect("oid");
    let sites = tempfile::tempdir().expect("temp dir");
    let outputs = |tag: &str| {
        let site = sites.path().join(tag);
        let (code, check, _) = run(&repo, &["check", "--format", "json"]);
        let (_, digest, _) = run(&repo, &["digest", "--audience", "engineering"]);
        let (_, diff, _) = run(&repo, &["diff", "HEAD~2..HEAD", "--format", "json"]);
        run(&repo, &["build", "--out", site.to_str().expect("utf-8")]);
        (code, check, digest, diff, files_under(&site))
    };
    let cold_run = outputs("cold");
    assert!(
        !cache_files(&repo).is_empty(),
        "the first run wrote a cache"
    );
    let cached_run = outputs("cached");
    assert_eq!(cached_run, cold_run);
    assert!(
        cold_run
            .4
            .values()
            .any(|page| { String::from_utf8_lossy(page).contains("Cy Dunn") }),
        "the site shows history"
    );
    let tree_after: Vec<String> = files_under(repo.path())
        .into_keys()
        .filter(|p| !p.starts_with(".git"))
        .collect();
    assert_eq!(tree_after, tree_before, "nothing new in the work tree");
    assert_eq!(repo.repo.head().expect("head").target(), Some(head));
}

#[test]
fn check_does_not_read_history_when_no_rule_needs_it() {
    let repo = busy_repo();
    let (_, _, stderr) = run(&repo, &["check", "--verbose"]);
    assert!(stderr.contains("read the history of"), "{stderr}");
    repo.write("spex.yaml", "rules:\n  suspect-link: off\n  stale: allow\n");
    let (_, _, stderr) = run(&repo, &["check", "--verbose"]);
    assert!(!stderr.contains("read the history"), "{stderr}");
    // Pages show history, so a build still reads it.
    let sites = tempfile::tempdir().expect("temp dir");
    let site = sites.path().join("site");
    let (_, _, stderr) = run(
        &repo,
        &["build", "--verbose", "--out", site.to_str().expect("utf-8")],
    );
    assert!(stderr.contains("read the history of"), "{stderr}");
}
