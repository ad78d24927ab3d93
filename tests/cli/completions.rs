//! `spex completions` and `spex man`: generated from the clap definitions, so they list
//! every subcommand and flag spex has.

use std::process::Output;

use crate::support::spex;

fn run(args: &[&str]) -> Output {
    spex().args(args).output().expect("spex runs")
}

fn stdout(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn every_shell_gets_a_script_naming_the_new_subcommands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout(&run(&["completions", shell]));
        for word in ["init", "list", "new", "include-confidential", "where"] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn the_bash_script_is_valid_bash() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("spex.bash");
    std::fs::write(&path, stdout(&run(&["completions", "bash"]))).expect("write");
    let checked = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .expect("bash runs");
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
}

#[test]
fn the_man_page_is_roff_and_out_writes_one_page_per_subcommand() {
    let page = stdout(&run(&["man"]));
    assert!(page.contains(".TH spex 1"), "{page}");
    for subcommand in ["check", "build", "init", "new", "list", "completions"] {
        assert!(
            page.contains(&format!("spex\\-{subcommand}(1)")),
            "{subcommand} missing: {page}"
        );
    }
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("man");
    let written = run(&["man", "-o", out.to_str().expect("UTF-8 path")]);
    assert_eq!(written.status.code(), Some(0));
    for page in ["spex.1", "spex-list.1", "spex-new.1", "spex-init.1"] {
        assert!(out.join(page).is_file(), "{page} not written");
    }
    let list = std::fs::read_to_string(out.join("spex-list.1")).expect("read");
    assert!(list.contains("include\\-confidential"), "{list}");
}
