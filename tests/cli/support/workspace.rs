//! `TestWorkspace`: a workspace in a temporary folder, written file by file or copied
//! from a sample, and checked or built by the real `spex`. The folder is deleted when
//! the value is dropped.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use super::run_in;

/// A temporary workspace: `TestWorkspace::new().file("prds/PRD-1.md", "…").run(["check"])`.
pub struct TestWorkspace {
    dir: tempfile::TempDir,
}

impl TestWorkspace {
    /// An empty workspace.
    pub fn new() -> TestWorkspace {
        TestWorkspace {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A copy of the folder `sample` (e.g. `tests/sites/basic`), to change without
    /// touching the original.
    pub fn copy_of(sample: &Path) -> TestWorkspace {
        let workspace = TestWorkspace::new();
        copy_dir(sample, workspace.path());
        workspace
    }

    /// Writes `contents` (text or bytes) to `rel`, creating folders on the way; replaces
    /// a file already there.
    pub fn file(self, rel: &str, contents: impl AsRef<[u8]>) -> TestWorkspace {
        self.write(rel, contents);
        self
    }

    /// Like `file`, for a workspace that is already in use.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, contents).expect("write");
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs spex in the workspace, as a workspace of its own (see `run_in`).
    pub fn run<'a>(&self, args: impl IntoIterator<Item = &'a str>) -> Output {
        let args: Vec<&str> = args.into_iter().collect();
        run_in(self.path(), &args)
    }
}

/// Copies the folder `from` into `to`, files and subfolders.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
