use git2::{DiffOptions, IndexEntry, IndexTime, Repository};

use super::*;

/// A tree of `files` (path, text, mode), written into `repo`'s object database.
fn tree(repo: &Repository, files: &[(&str, &str, u32)]) -> Oid {
    let mut index = git2::Index::new().expect("index");
    for &(path, text, mode) in files {
        let entry = IndexEntry {
            ctime: IndexTime::new(0, 0),
            mtime: IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode,
            uid: 0,
            gid: 0,
            file_size: text.len() as u32,
            id: Oid::ZERO_SHA1,
            flags: 0,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        };
        let blob = repo.blob(text.as_bytes()).expect("blob");
        index.add(&IndexEntry { id: blob, ..entry }).expect("add");
    }
    index.write_tree_to(repo).expect("tree")
}

/// What libgit2 says, as (status, path, old, new).
fn libgit2(repo: &Repository, old: Option<&Tree>, new: &Tree, prefix: &str) -> Vec<String> {
    let mut options = DiffOptions::new();
    if !prefix.is_empty() {
        options.pathspec(prefix);
    }
    let diff = repo
        .diff_tree_to_tree(old, Some(new), Some(&mut options))
        .expect("diff");
    diff.deltas()
        .map(|d| {
            format!(
                "{:?} {} {} {}",
                d.status(),
                d.new_file().path().expect("path").display(),
                d.old_file().id(),
                d.new_file().id()
            )
        })
        .collect()
}

fn quick(repo: &Repository, old: Option<&Tree>, new: &Tree, prefix: &str) -> Option<Vec<String>> {
    let deltas = TreeDiffer::new(repo).diff(old, new, prefix)?;
    Some(
        deltas
            .iter()
            .map(|d| format!("{:?} {} {} {}", d.status, d.path, d.old, d.new))
            .collect(),
    )
}

#[test]
fn the_quick_diff_says_what_libgit2_says() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = Repository::init(dir.path()).expect("init");
    let base = [
        ("a.md", "a", 0o100644),
        ("a-b.md", "ab", 0o100644),
        ("a0.md", "a0", 0o100644),
        ("docs/a/x.md", "x", 0o100644),
        ("docs/a/y.md", "y", 0o100644),
        ("docs/b.md", "b", 0o100644),
        ("docs/run.sh", "run", 0o100644),
        ("other/z.md", "z", 0o100644),
    ];
    let edited = [
        ("a.md", "a2", 0o100644),
        ("a-b.md", "ab", 0o100644),
        ("a0.md", "a0", 0o100644),
        ("docs/a/x.md", "x2", 0o100644),
        ("docs/a/y.md", "y", 0o100644),
        ("docs/b.md", "b", 0o100644),
        ("docs/run.sh", "run", 0o100755),
        ("other/z.md", "z", 0o100644),
    ];
    let added = [
        ("a.md", "a", 0o100644),
        ("a-b.md", "ab", 0o100644),
        ("a/new.md", "n", 0o100644),
        ("a0.md", "a0", 0o100644),
        ("docs/a/x.md", "x", 0o100644),
        ("docs/a/y.md", "y", 0o100644),
        ("docs/a-c.md", "ac", 0o100644),
        ("docs/b.md", "b", 0o100644),
        ("docs/c/d/e.md", "e", 0o100644),
        ("docs/run.sh", "run", 0o100644),
        ("other/z.md", "z", 0o100644),
    ];
    let deleted = [
        ("a.md", "a", 0o100644),
        ("a0.md", "a0", 0o100644),
        ("docs/b.md", "b", 0o100644),
        ("docs/run.sh", "run", 0o100644),
        ("other/z.md", "z", 0o100644),
    ];
    let trees: Vec<Tree> = [&base[..], &edited, &added, &deleted]
        .iter()
        .map(|files| repo.find_tree(tree(&repo, files)).expect("tree"))
        .collect();
    for prefix in ["", "docs/", "docs/a/", "nowhere/"] {
        let root = quick(&repo, None, &trees[0], prefix).expect("no deletions");
        assert_eq!(root, libgit2(&repo, None, &trees[0], prefix), "{prefix}");
        for old in &trees {
            for new in &trees {
                let expected = libgit2(&repo, Some(old), new, prefix);
                match quick(&repo, Some(old), new, prefix) {
                    Some(found) => assert_eq!(found, expected, "{prefix}"),
                    None => {
                        let has = |s: &str| expected.iter().any(|d| d.starts_with(s));
                        assert!(has("Added") && has("Deleted"), "{prefix}: {expected:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn a_file_that_becomes_a_folder_is_left_to_libgit2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = Repository::init(dir.path()).expect("init");
    let file = repo
        .find_tree(tree(&repo, &[("a.md", "a", 0o100644)]))
        .expect("tree");
    let folder = repo
        .find_tree(tree(&repo, &[("a.md/b.md", "b", 0o100644)]))
        .expect("tree");
    assert!(quick(&repo, Some(&file), &folder, "").is_none());
    assert!(
        quick(&repo, Some(&file), &file, "")
            .expect("same")
            .is_empty()
    );
}
