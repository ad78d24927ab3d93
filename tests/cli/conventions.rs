//! Command-line conventions every subcommand shares: `-o` for `--out`, `-D warnings`,
//! the workspace as a positional argument of `diff` too, and the nearest subcommand for
//! a typo.

use std::process::Output;

use crate::git_repo::{TestRepo, day};
use crate::support::{TestWorkspace, spex};

const PRD: &str = "---\nid: PRD-1\ntitle: Lonely\nstatus: draft\nowner: Ann\n---\n\nNo objective, no roadmap: an orphan (a warning).\n";

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn short_o_is_out_for_every_command_that_writes() {
    let ws = TestWorkspace::new().file("prds/PRD-1.md", PRD);
    assert_eq!(ws.run(["build", "-o", "site"]).status.code(), Some(0));
    assert!(ws.join("site/index.html").is_file());
    let digest = ws.run(["digest", "--audience", "sales", "-o", "sales.md"]);
    assert_eq!(digest.status.code(), Some(0), "{}", stderr(&digest));
    assert!(ws.join("sales.md").is_file());
}

#[test]
fn short_d_warnings_denies_warnings_like_the_long_form() {
    let ws = TestWorkspace::new().file("prds/PRD-1.md", PRD);
    assert_eq!(ws.run(["check"]).status.code(), Some(0));
    assert_eq!(
        ws.run(["check", "--deny", "warnings"]).status.code(),
        Some(1)
    );
    let short = ws.run(["check", "-D", "warnings"]);
    assert_eq!(short.status.code(), Some(1));
    assert!(
        stdout(&short).contains("warning[orphan]"),
        "{}",
        stdout(&short)
    );
}

#[test]
fn diff_takes_the_workspace_positionally_like_every_other_command() {
    let repo = TestRepo::new();
    repo.write("specs/prds/PRD-1.md", PRD);
    repo.commit("first", "Ann", day(2026, 1, 5));
    repo.write("specs/prds/PRD-1.md", &PRD.replace("draft", "review"));
    let run = |args: &[&str]| {
        spex()
            .args(args)
            .current_dir(repo.path())
            .output()
            .expect("spex runs")
    };
    let by_flag = run(&["diff", "HEAD", "--path", "specs"]);
    assert_eq!(by_flag.status.code(), Some(0), "{}", stderr(&by_flag));
    assert!(stdout(&by_flag).contains("PRD-1"), "{}", stdout(&by_flag));
    for args in [
        &["diff", "HEAD", "specs"][..],
        &["-C", "specs", "diff", "HEAD"],
        // Alone, an existing folder is the workspace, compared from the default base
        // (here `main`, which is HEAD).
        &["diff", "specs"],
    ] {
        let out = run(args);
        assert_eq!(stdout(&out), stdout(&by_flag), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn an_unknown_subcommand_suggests_the_nearest() {
    for (typo, nearest) in [("lsit", "list"), ("digets", "digest"), ("inti", "init")] {
        let out = spex().arg(typo).output().expect("spex runs");
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        // `lsit` is near both `list` and `lsp`: clap then names them all.
        let tip = err.lines().find(|l| l.contains("similar subcommand"));
        assert!(
            tip.is_some_and(|tip| tip.contains(&format!("'{nearest}'"))),
            "{typo}: {err}"
        );
    }
}
