//! Helpers shared by the integration tests: running the real `spex`, golden files, and
//! (in `workspace`) one builder for the temporary workspaces tests write.

mod workspace;

use std::path::{Path, PathBuf};
use std::process::Output;

pub use workspace::{TestWorkspace, copy_dir};

/// The `spex` binary cargo built for these tests.
pub fn spex() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_spex"));
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs spex in `dir` with `args`, as a workspace of its own: the repository around it
/// (for fixtures, spex's own) lends it no history, so goldens do not change with commits.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut command = spex();
    if let Some(parent) = dir.parent() {
        command.env("GIT_CEILING_DIRECTORIES", parent);
    }
    command
        .args(args)
        .current_dir(dir)
        .output()
        .expect("spex runs")
}

/// Runs spex in `dir` as `user` (git's `user.name` in a home folder of its own; `None`:
/// no one), with no repository around `dir` and a fixed date, as `spex new` and
/// `spex init` read them.
pub fn run_as(dir: &Path, user: Option<&str>, args: &[&str]) -> Output {
    let home = tempfile::tempdir().expect("home");
    if let Some(name) = user {
        std::fs::write(
            home.path().join(".gitconfig"),
            format!("[user]\n\tname = {name}\n"),
        )
        .expect("gitconfig");
    }
    spex()
        .args(args)
        .current_dir(dir)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", dir.parent().expect("parent"))
        .env("SOURCE_DATE_EPOCH", "1780000000")
        .output()
        .expect("spex runs")
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures_dir() -> PathBuf {
    repo_root().join("tests/fixtures")
}

/// stdout plus the exit code, the text golden files hold.
pub fn transcript(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    format!("{stdout}[exit: {}]\n", output.status.code().unwrap_or(-1))
}

/// Compares with a golden file; `SNAPSHOTS=overwrite cargo test` rewrites it.
pub fn assert_golden(actual: String, golden: &Path) {
    snapbox::Assert::new()
        .action_env("SNAPSHOTS")
        .eq(actual, snapbox::Data::read_from(golden, None).raw());
}

/// Writes `text` to `rel` under `root`, creating folders on the way.
pub fn write_file(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// The next line from `lines` that contains `text`, waiting at most `wait` in all.
pub fn next_line_containing(
    lines: &std::sync::mpsc::Receiver<String>,
    text: &str,
    wait: std::time::Duration,
) -> String {
    let deadline = std::time::Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let line = lines
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("never saw a line with {text:?}"));
        if line.contains(text) {
            return line;
        }
    }
}
