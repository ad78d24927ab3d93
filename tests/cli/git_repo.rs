//! Real git repositories for tests, built with git2 in temporary folders. Authors and
//! times are fixed, so commit ids (and golden files) are the same on every run.

use std::fs;
use std::path::{Path, PathBuf};

use git2::{IndexAddOption, Oid, Repository, Signature, Time};

pub struct TestRepo {
    pub dir: tempfile::TempDir,
    pub repo: Repository,
}

/// Seconds since the epoch for noon UTC on a date.
pub fn day(y: i16, m: i8, d: i8) -> i64 {
    jiff::civil::date(y, m, d)
        .at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .expect("valid")
        .timestamp()
        .as_second()
}

impl TestRepo {
    pub fn new() -> TestRepo {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Repository::init(dir.path()).expect("git init");
        // A branch name that does not depend on the machine's git config.
        repo.set_head("refs/heads/main").expect("set HEAD");
        TestRepo { dir, repo }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.join(rel)).expect("remove");
        self
    }

    pub fn rename(&self, from: &str, to: &str) -> &Self {
        fs::create_dir_all(self.join(to).parent().expect("parent")).expect("mkdir");
        fs::rename(self.join(from), self.join(to)).expect("rename");
        self
    }

    /// Commits the whole work tree as `author` at `time`; extra parents make a merge.
    pub fn commit_with_parents(
        &self,
        message: &str,
        author: &str,
        time: i64,
        extra_parents: &[Oid],
    ) -> Oid {
        let mut index = self.repo.index().expect("index");
        index
            .add_all(["*"], IndexAddOption::DEFAULT, None)
            .expect("add");
        index.update_all(["*"], None).expect("update");
        index.write().expect("write index");
        let tree = self
            .repo
            .find_tree(index.write_tree().expect("tree"))
            .expect("tree");
        let email = format!("{}@example.com", author.to_lowercase().replace(' ', "."));
        let signature = Signature::new(author, &email, &Time::new(time, 0)).expect("signature");
        let mut parents: Vec<git2::Commit> = Vec::new();
        if let Ok(head) = self.repo.head().and_then(|h| h.peel_to_commit()) {
            parents.push(head);
        }
        for oid in extra_parents {
            parents.push(self.repo.find_commit(*oid).expect("parent"));
        }
        let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(
                Some("HEAD"),
                &signature,
                &signature,
                message,
                &tree,
                &parent_refs,
            )
            .expect("commit")
    }

    pub fn commit(&self, message: &str, author: &str, time: i64) -> Oid {
        self.commit_with_parents(message, author, time, &[])
    }

    /// Creates `name` at HEAD and checks it out (HEAD follows it; the work tree is as is).
    pub fn branch(&self, name: &str) {
        let head = self
            .repo
            .head()
            .expect("head")
            .peel_to_commit()
            .expect("commit");
        self.repo.branch(name, &head, true).expect("branch");
        self.repo
            .set_head(&format!("refs/heads/{name}"))
            .expect("set head");
    }

    /// Points HEAD at `name` and makes the work tree match it.
    pub fn checkout(&self, name: &str) {
        self.repo
            .set_head(&format!("refs/heads/{name}"))
            .expect("set head");
        self.repo
            .checkout_head(Some(
                git2::build::CheckoutBuilder::new()
                    .force()
                    .remove_untracked(true),
            ))
            .expect("checkout");
    }

    /// Marks `oid` as the edge of a shallow clone, as `git clone --depth` leaves it.
    pub fn make_shallow_at(&self, oid: Oid) {
        fs::write(self.repo.path().join("shallow"), format!("{oid}\n")).expect("write shallow");
    }

    /// `git mv`: moves the file and stages the move, without committing.
    pub fn stage_rename(&self, from: &str, to: &str) -> &Self {
        self.rename(from, to);
        let mut index = self.repo.index().expect("index");
        index
            .remove_path(Path::new(from))
            .expect("unstage old path");
        index.add_path(Path::new(to)).expect("stage new path");
        index.write().expect("write index");
        self
    }

    /// A clone holding only the last `depth` commits of HEAD's first-parent line, as
    /// `git clone --depth` leaves it: those commits with their trees and blobs, a
    /// `shallow` file naming the oldest, and `main` checked out. (libgit2 cannot fetch
    /// shallow over the local transport, so the objects are copied.)
    pub fn shallow_clone(&self, depth: usize) -> TestRepo {
        let clone = TestRepo::new();
        let (tip, edge) = {
            let (from, to) = (
                self.repo.odb().expect("odb"),
                clone.repo.odb().expect("odb"),
            );
            let copy = |oid: Oid| {
                let object = from.read(oid).expect("object");
                to.write(object.kind(), object.data())
                    .expect("write object");
            };
            let mut commit = self
                .repo
                .head()
                .and_then(|h| h.peel_to_commit())
                .expect("HEAD");
            let tip = commit.id();
            let mut edge = tip;
            for n in 0..depth {
                copy(commit.id());
                copy(commit.tree_id());
                let tree = commit.tree().expect("tree");
                tree.walk(git2::TreeWalkMode::PreOrder, |_, entry| {
                    copy(entry.id());
                    git2::TreeWalkResult::Ok
                })
                .expect("walk");
                edge = commit.id();
                match commit.parent(0) {
                    Ok(parent) if n + 1 < depth => commit = parent,
                    _ => break,
                }
            }
            (tip, edge)
        };
        clone
            .repo
            .reference("refs/heads/main", tip, true, "clone")
            .expect("branch");
        clone.make_shallow_at(edge);
        clone.checkout("main");
        clone
    }
}
