//! Unit tests of the staged and direct outputs on real temporary folders.

use super::*;

#[test]
fn only_changed_files_are_rewritten_and_stale_ones_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let first = StagedOutput::new(&out).unwrap();
    first.write("a.html", b"A").unwrap();
    first.write("sub/b.html", b"B").unwrap();
    assert_eq!(
        first.commit().unwrap(),
        WriteStats {
            written: 2,
            unchanged: 0,
            removed: 0
        }
    );

    let modified = |rel: &str| fs::metadata(out.join(rel)).unwrap().modified().unwrap();
    let a_before = modified("a.html");
    let second = StagedOutput::new(&out).unwrap();
    second.write("a.html", b"A").unwrap();
    second.write("c.html", b"C").unwrap();
    assert_eq!(
        second.commit().unwrap(),
        WriteStats {
            written: 1,
            unchanged: 1,
            removed: 1
        }
    );
    assert!(!out.join("sub").exists());
    assert_eq!(fs::read(out.join("c.html")).unwrap(), b"C");
    assert_eq!(
        modified("a.html"),
        a_before,
        "an unchanged file is not rewritten"
    );
}

/// Issue 1/8 audit, point 13: in watch mode a page went through `site/prd ->
/// ../victim` into the victim folder. The link is replaced by a real folder.
#[cfg(unix)]
#[test]
fn direct_writes_never_follow_a_link_inside_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let (out, victim) = (dir.path().join("site"), dir.path().join("victim"));
    fs::create_dir_all(&out).unwrap();
    fs::create_dir_all(&victim).unwrap();
    fs::write(victim.join("PRD-1.html"), "victim").unwrap();
    std::os::unix::fs::symlink(&victim, out.join("prd")).unwrap();
    std::os::unix::fs::symlink(victim.join("PRD-1.html"), out.join("index.html")).unwrap();
    let sink = DirectOutput::new(&out);
    sink.write("prd/PRD-1.html", b"page").unwrap();
    sink.write("prd/PRD-2.html", b"page").unwrap();
    sink.write("index.html", b"home").unwrap();
    assert_eq!(
        fs::read_to_string(victim.join("PRD-1.html")).unwrap(),
        "victim"
    );
    assert_eq!(fs::read_dir(&victim).unwrap().count(), 1);
    assert!(!out.join("prd").is_symlink() && !out.join("index.html").is_symlink());
    assert_eq!(fs::read(out.join("prd/PRD-1.html")).unwrap(), b"page");
}

#[test]
fn a_discarded_build_leaves_the_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let first = StagedOutput::new(&out).unwrap();
    first.write("a.html", b"A").unwrap();
    first.commit().unwrap();
    let failed = StagedOutput::new(&out).unwrap();
    failed.write("a.html", b"changed").unwrap();
    failed.discard();
    assert_eq!(fs::read(out.join("a.html")).unwrap(), b"A");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names.len(),
        1,
        "only the site (the lock lives elsewhere): {names:?}"
    );
}

#[test]
fn a_folder_with_files_spex_did_not_write_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let refused = StagedOutput::new(dir.path()).err().expect("refused");
    assert!(refused.to_string().contains("did not write"), "{refused}");
    assert_eq!(fs::read(dir.path().join("keep.txt")).unwrap(), b"mine");
    // `ws/..` names the parent: refused the same way, and no staging folder inside it.
    let ws = dir.path().join("ws");
    fs::create_dir(&ws).unwrap();
    assert!(StagedOutput::new(&ws.join("..")).is_err());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn a_rebuild_deletes_only_files_an_earlier_build_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let first = StagedOutput::new(dir.path()).unwrap();
    first.write("a.html", b"A").unwrap();
    first.write("sub/old.html", b"O").unwrap();
    first.commit().unwrap();
    fs::write(dir.path().join("sub/notes.txt"), "mine").unwrap();
    fs::write(dir.path().join("CNAME"), "docs.example.com").unwrap();

    let second = StagedOutput::new(dir.path()).unwrap();
    second.write("a.html", b"A").unwrap();
    assert_eq!(second.commit().unwrap().removed, 1);
    assert!(!dir.path().join("sub/old.html").exists());
    assert_eq!(fs::read(dir.path().join("sub/notes.txt")).unwrap(), b"mine");
    assert!(dir.path().join("CNAME").exists());
    let manifest = fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
    assert!(manifest.ends_with("\na.html\n"), "{manifest}");
}

#[test]
fn paths_cannot_escape_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let staged = StagedOutput::new(&dir.path().join("site")).unwrap();
    assert!(staged.write("../evil.html", b"x").is_err());
    assert!(staged.write("/etc/evil", b"x").is_err());
    assert!(staged.write("a/../../evil", b"x").is_err());
    assert!(staged.write(MANIFEST, b"x").is_err());
}
