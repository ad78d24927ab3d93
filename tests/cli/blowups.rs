//! Inputs that used to take minutes or explode: each must finish in bounded time with
//! correct output. Bounds are generous (debug build, busy machine) so they never flake;
//! before the fixes these cases took many times longer.

use std::fs::File;
use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::support::{spex, write_file};

/// Runs spex in `dir` with stdout into a file, killing it after `limit`; returns the exit
/// status, stdout and the time taken.
fn run_bounded(dir: &Path, args: &[&str], limit: Duration) -> (ExitStatus, String, Duration) {
    let out_path = dir.join("../stdout.txt");
    let out = File::create(&out_path).expect("stdout file");
    let mut child = spex()
        .env("GIT_CEILING_DIRECTORIES", dir.parent().expect("parent"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::from(out))
        .stderr(Stdio::null())
        .spawn()
        .expect("spex runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("spex {args:?} took longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let took = started.elapsed();
    let stdout = std::fs::read_to_string(&out_path).expect("stdout is UTF-8");
    (status, stdout, took)
}

/// A PRD whose body is one line of `n` unknown references.
fn one_long_line_of_refs(n: usize) -> String {
    let refs = vec!["[[PRD-404]]"; n].join(" ");
    format!("---\nid: PRD-1\ntitle: X\nowner: Ann\n---\n\n{refs}\n")
}

#[test]
fn issue_17_many_diagnostics_on_one_long_line_render_in_linear_time() {
    let n = 40_000;
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("ws");
    write_file(&root, "prds/PRD-1-x.md", &one_long_line_of_refs(n));
    let (status, stdout, took) = run_bounded(
        &root,
        &["check", "--color", "never"],
        Duration::from_secs(30),
    );
    eprintln!("{n} diagnostics on one line rendered in {took:?}");
    assert_eq!(status.code(), Some(1));
    assert_eq!(
        stdout.matches("error[unknown-reference]").count(),
        n,
        "every reference is reported"
    );
    // The last reference: its column counts every character before it on the line,
    // even though only the part around it is rendered.
    let last_column = (n - 1) * "[[PRD-404]] ".len() + 3;
    let header = format!(" --> prds/PRD-1-x.md:7:{last_column}\n");
    let at = stdout.find(&header).expect("the last reference's header");
    let snippet: Vec<&str> = stdout[at..].lines().skip(2).take(2).collect();
    assert!(
        snippet[0].starts_with("7 | ...[PRD-404]] [[PRD-404]]"),
        "{snippet:?}"
    );
    assert!(
        snippet[0].ends_with("[[PRD-404]]"),
        "the line ends here: {snippet:?}"
    );
    // The carets sit under the last ID, the line's last 9 characters but 2.
    let caret = snippet[1].find('^').expect("carets");
    assert_eq!(caret, snippet[0].len() - "PRD-404]]".len(), "{snippet:?}");
}
