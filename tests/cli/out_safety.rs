//! The output folder is spex's only to the extent it wrote it: folders beside it,
//! symbolic links inside it, readers during the swap and a second build at the same time
//! all see or keep what they should (issue 1/8 audit, points 12 to 15).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{repo_root, spex, write_file};

fn build(workspace: &Path, out: &Path) -> Output {
    spex()
        .env(
            "GIT_CEILING_DIRECTORIES",
            workspace.parent().unwrap_or(workspace),
        )
        .arg("build")
        .arg(workspace)
        .arg("--out")
        .arg(out)
        .output()
        .expect("spex runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `root` (links not followed) with its bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("readable"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry.path().strip_prefix(root).expect("inside");
            let bytes = fs::read(entry.path()).expect("readable");
            (rel.to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// A workspace of `count` PRDs whose pages all say `ROUND-<round>`.
fn workspace_of(root: &Path, count: usize, round: usize) {
    write_file(
        root,
        "spex.yaml",
        "site:\n  title: Rounds\nrules: { orphan: allow }\n",
    );
    for n in 1..=count {
        write_file(
            root,
            &format!("prds/PRD-{n}.md"),
            &format!(
                "---\nid: PRD-{n}\ntitle: Spec {n}\nstatus: draft\nowner: Ann\n---\nROUND-{round} of this spec.\n"
            ),
        );
    }
}

/// Point 12: a folder of the user's named like the old staging folder was deleted.
#[test]
fn issue_12_a_folder_beside_the_output_named_like_a_staging_folder_is_kept() {
    let parent = tempfile::tempdir().expect("dir");
    let mine = parent.path().join(".site.staging");
    write_file(&mine, "notes.txt", "mine");
    let out = parent.path().join("site");
    let basic = repo_root().join("tests/sites/basic");
    for _ in 0..2 {
        let output = build(&basic, &out);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert_eq!(
        fs::read_to_string(mine.join("notes.txt")).expect("kept"),
        "mine"
    );
    // Nothing of the build's own is left beside the output (the lock file lives in the
    // system's temporary folder, so `git status` never shows it).
    let mut names: Vec<String> = fs::read_dir(parent.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".site.staging", "site"]);
}

/// Point 13: `site/prd -> ../victim` led the next build's writes (and deletions) into
/// `victim/`. Links inside the output are replaced, never followed.
#[cfg(unix)]
#[test]
fn issue_13_a_symbolic_link_inside_the_output_never_leads_writes_outside() {
    let parent = tempfile::tempdir().expect("dir");
    let ws = parent.path().join("ws");
    workspace_of(&ws, 2, 1);
    let out = parent.path().join("site");
    assert!(build(&ws, &out).status.success());
    let victim = parent.path().join("victim");
    write_file(&victim, "PRD-1.html", "victim's own file");
    write_file(&victim, "keep.txt", "victim's other file");
    let before = tree(&victim);
    fs::remove_dir_all(out.join("prd")).expect("rm");
    std::os::unix::fs::symlink("../victim", out.join("prd")).expect("symlink");
    // A link where a page goes, too.
    fs::remove_file(out.join("index.html")).expect("rm");
    std::os::unix::fs::symlink("../victim/keep.txt", out.join("index.html")).expect("symlink");

    workspace_of(&ws, 2, 2);
    let output = build(&ws, &out);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        tree(&victim) == before,
        "the build wrote outside the output"
    );
    assert!(!out.join("prd").is_symlink() && !out.join("index.html").is_symlink());
    let page = fs::read_to_string(out.join("prd/PRD-1.html")).expect("page");
    assert!(page.contains("ROUND-2"), "{page}");
}

/// Point 14: readers during a rebuild saw old and new pages mixed. A reader holding the
/// output folder sees one build's pages, all of them, and the folder is never missing.
#[cfg(target_os = "linux")]
#[test]
fn issue_14_readers_never_see_old_and_new_pages_mixed() {
    use std::sync::atomic::{AtomicBool, Ordering};
    const PAGES: usize = 300;
    let parent = tempfile::tempdir().expect("dir");
    let ws = parent.path().join("ws");
    let out = parent.path().join("site");
    workspace_of(&ws, PAGES, 0);
    assert!(build(&ws, &out).status.success());
    let done = AtomicBool::new(false);
    let (snapshots, mixed) = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let (mut snapshots, mut mixed) = (0, Vec::new());
            while !done.load(Ordering::Relaxed) {
                // Opened once, like a server handling one request, and read through it.
                let dir = fs::File::open(&out).expect("the output folder is always there");
                let base = PathBuf::from(format!("/proc/self/fd/{}", fd_of(&dir)));
                let mut rounds = std::collections::BTreeSet::new();
                let mut whole = true;
                for n in 1..=PAGES {
                    match fs::read_to_string(base.join(format!("prd/PRD-{n}.html"))) {
                        Ok(page) => {
                            let at = page.find("ROUND-").expect("marked") + 6;
                            let round: String = page[at..]
                                .chars()
                                .take_while(char::is_ascii_digit)
                                .collect();
                            rounds.insert(round);
                        }
                        // A retired build being cleared away: this snapshot is void.
                        Err(_) => whole = false,
                    }
                }
                if whole {
                    snapshots += 1;
                    if rounds.len() > 1 {
                        mixed.push(rounds);
                    }
                }
            }
            (snapshots, mixed)
        });
        for round in 1..=6 {
            workspace_of(&ws, PAGES, round);
            let output = build(&ws, &out);
            assert!(output.status.success(), "{}", stderr(&output));
        }
        done.store(true, Ordering::Relaxed);
        reader.join().expect("reader")
    });
    assert!(snapshots > 0, "the reader never read a whole site");
    assert!(mixed.is_empty(), "mixed snapshots: {mixed:?}");
}

#[cfg(target_os = "linux")]
fn fd_of(file: &fs::File) -> i32 {
    use std::os::fd::AsRawFd;
    file.as_raw_fd()
}

/// Point 15: two builds into the same new folder at once could leave the one that exited
/// 0 with pages missing. The second waits for the first; both leave a whole site.
#[test]
fn issue_15_two_builds_at_once_into_one_folder_both_leave_a_whole_site() {
    let parent = tempfile::tempdir().expect("dir");
    let ws = parent.path().join("ws");
    workspace_of(&ws, 150, 1);
    let reference = parent.path().join("reference");
    assert!(build(&ws, &reference).status.success());
    let expected = tree(&reference);
    for attempt in 0..4 {
        let out = parent.path().join(format!("site-{attempt}"));
        let start = || {
            spex()
                .env("GIT_CEILING_DIRECTORIES", parent.path())
                .arg("build")
                .arg(&ws)
                .arg("--out")
                .arg(&out)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spex runs")
        };
        let (first, second) = (start(), start());
        for child in [first, second] {
            let output = child.wait_with_output().expect("spex ends");
            assert!(output.status.success(), "{}", stderr(&output));
            // Each build, as it exits, leaves the whole site.
            assert!(
                tree(&out) == expected,
                "attempt {attempt}: {}",
                stderr(&output)
            );
        }
    }
}

/// Point 14: a build killed at any moment (here: at increasing delays) leaves one whole
/// site, old or new, and the next build clears what the killed one left beside it.
#[cfg(unix)]
#[test]
fn issue_14_a_killed_build_leaves_one_whole_site_and_no_leftovers() {
    const PAGES: usize = 200;
    let parent = tempfile::tempdir().expect("dir");
    let ws = parent.path().join("ws");
    let out = parent.path().join("site");
    workspace_of(&ws, PAGES, 0);
    assert!(build(&ws, &out).status.success());
    for (round, delay_ms) in [20, 60, 120, 200, 300, 450].into_iter().enumerate() {
        workspace_of(&ws, PAGES, round + 1);
        let mut child = spex()
            .env("GIT_CEILING_DIRECTORIES", parent.path())
            .arg("build")
            .arg(&ws)
            .arg("--out")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spex runs");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let rounds: std::collections::BTreeSet<String> = (1..=PAGES)
            .map(|n| {
                let page = fs::read_to_string(out.join(format!("prd/PRD-{n}.html")))
                    .expect("every page is there");
                let at = page.find("ROUND-").expect("marked") + 6;
                page[at..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect()
            })
            .collect();
        assert_eq!(rounds.len(), 1, "killed after {delay_ms} ms: {rounds:?}");
    }
    assert!(build(&ws, &out).status.success());
    let leftovers: Vec<String> = fs::read_dir(parent.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".spex-build-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
