use git2::{DiffOptions, IndexEntry, IndexTime, ObjectType, Repository, Tree};

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
    let odb = repo.odb().expect("odb");
    let deltas = TreeDiffer::new(&odb).diff(old.map(Tree::id), new.id(), prefix)?;
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

#[test]
fn a_large_folder_reads_like_libgit2_wherever_it_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = Repository::init(dir.path()).expect("init");
    let names: Vec<String> = (0..300).map(|n| format!("prds/PRD-{n}.md")).collect();
    let texts: Vec<String> = (0..300).map(|n| format!("text {n}")).collect();
    let files = |edit: &[usize], exec: &[usize]| -> Vec<(&str, String, u32)> {
        (0..300)
            .map(|n| {
                let text = if edit.contains(&n) {
                    format!("{} edited", texts[n])
                } else {
                    texts[n].clone()
                };
                let mode = if exec.contains(&n) {
                    0o100755
                } else {
                    0o100644
                };
                (names[n].as_str(), text, mode)
            })
            .collect()
    };
    let versions = [
        files(&[], &[]),
        files(&[0], &[]),
        files(&[299], &[]),
        files(&[150], &[]),
        files(&[3, 150, 298], &[]),
        files(&[], &[42]),
    ];
    let trees: Vec<Tree> = versions
        .iter()
        .map(|files| {
            let files: Vec<(&str, &str, u32)> =
                files.iter().map(|(p, t, m)| (*p, t.as_str(), *m)).collect();
            repo.find_tree(tree(&repo, &files)).expect("tree")
        })
        .collect();
    for old in &trees {
        for new in &trees {
            for prefix in ["", "prds/"] {
                let expected = libgit2(&repo, Some(old), new, prefix);
                assert_eq!(quick(&repo, Some(old), new, prefix), Some(expected));
            }
        }
    }
}

#[test]
fn a_mode_libgit2_normalises_is_left_to_libgit2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = Repository::init(dir.path()).expect("init");
    let odb = repo.odb().expect("odb");
    let blob = repo.blob(b"a").expect("blob");
    let raw = |mode: &str| {
        let mut bytes = format!("{mode} a.md\0").into_bytes();
        bytes.extend_from_slice(blob.as_bytes());
        let id = odb.write(ObjectType::Tree, &bytes).expect("tree");
        repo.find_tree(id).expect("tree")
    };
    let (legacy, plain) = (raw("100664"), raw("100644"));
    assert!(quick(&repo, Some(&legacy), &plain, "").is_none());
    assert!(quick(&repo, None, &legacy, "").is_none());
    assert_eq!(
        quick(&repo, None, &plain, ""),
        Some(libgit2(&repo, None, &plain, ""))
    );
}
