//! `spex check` options beyond the fixture goldens: the CI formats, exit codes, how the
//! workspace is found, colour, and unreadable files.

use crate::support::{TestWorkspace, fixtures_dir, repo_root, run_in, spex};

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn github_format_writes_one_workflow_command_per_diagnostic() {
    let output = run_in(
        &fixtures_dir().join("unknown-reference"),
        &["check", "--format", "github"],
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    // No did-you-mean: OBJ-1 is another objective, not a typo of OBJ-2 (issue 13 §12).
    assert_eq!(
        lines[0],
        "::error file=prds/PRD-2-carrier-failover.md,line=5,col=21,endLine=5,endColumn=26,\
         title=unknown-reference::unknown document ID `OBJ-2`"
    );
    // The summary goes to stderr, so stdout is only workflow commands.
    assert!(lines.iter().all(|l| l.starts_with("::error ")), "{text}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("4 errors"));
    // A help line travels inside the one command, after an encoded newline.
    let output = run_in(
        &fixtures_dir().join("unknown-field"),
        &["check", "--format", "github"],
    );
    let text = stdout(&output);
    assert_eq!(
        text.lines().next(),
        Some(
            "::error file=prds/PRD-1-order-routing.md,line=7,col=1,endLine=7,endColumn=11,\
             title=unknown-field::unknown field `depends-on` in kind `prd`%0Ahelp: did you mean `depends_on`?"
        ),
        "{text}"
    );
}

#[test]
fn github_format_uses_warning_and_notice_for_lesser_severities() {
    let output = run_in(
        &fixtures_dir().join("orphan"),
        &["check", "--format", "github"],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output).starts_with("::warning file=prds/"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn sarif_lists_every_rule_and_locates_every_result() {
    let output = run_in(
        &fixtures_dir().join("unknown-reference"),
        &["check", "--format", "sarif"],
    );
    assert_eq!(output.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), spex::diag::Rule::ALL.len());
    for rule in rules {
        assert!(rule["id"].is_string() && rule["shortDescription"]["text"].is_string());
    }
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert_eq!(result["level"], "error");
        let location = &result["locations"][0]["physicalLocation"];
        assert!(
            location["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| u.ends_with("prds/PRD-2-carrier-failover.md")),
            "{location}"
        );
        assert!(
            location["region"]["startLine"]
                .as_u64()
                .is_some_and(|l| l >= 5)
        );
    }
}

#[test]
fn deny_warnings_turns_a_warning_into_exit_code_1() {
    let dir = fixtures_dir().join("orphan");
    assert_eq!(run_in(&dir, &["check", "-q"]).status.code(), Some(0));
    let denied = run_in(&dir, &["check", "-q", "--deny", "warnings"]);
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn usage_errors_exit_with_code_2() {
    let dir = fixtures_dir().join("orphan");
    for args in [
        &["check", "--format", "yaml"][..],
        &["check", "--no-such-flag"],
        &["check", "does-not-exist"],
    ] {
        let output = run_in(&dir, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!output.stderr.is_empty(), "{args:?} says why");
    }
}

/// `rfcs/` only holds specs because `spex.yaml` declares the kind; checking from a
/// subfolder must find that file upward, as cargo finds Cargo.toml.
#[test]
fn the_workspace_is_found_upward_or_given_with_dash_c() {
    let workspace = fixtures_dir().join("custom-kinds");
    let at_root = run_in(&workspace, &["check", "--format", "json", "-q"]);
    let from_subfolder = run_in(
        &workspace.join("rfcs"),
        &["check", "--format", "json", "-q"],
    );
    assert!(
        stdout(&at_root).contains("\"file\": \"rfcs/"),
        "{}",
        stdout(&at_root)
    );
    assert_eq!(stdout(&at_root), stdout(&from_subfolder));
    assert_eq!(at_root.status.code(), from_subfolder.status.code());
    // Human output names files so that they open from where spex was run.
    let human = run_in(&workspace.join("rfcs"), &["check", "--color", "never"]);
    assert!(
        stdout(&human).contains(" --> ../rfcs/0005-bulk-webhooks.md:"),
        "{}",
        stdout(&human)
    );

    let elsewhere = std::env::temp_dir();
    let with_c = spex()
        .arg("-C")
        .arg(&workspace)
        .args(["check", "--format", "json", "-q"])
        .env(
            "GIT_CEILING_DIRECTORIES",
            workspace.parent().expect("parent"),
        )
        .current_dir(&elsewhere)
        .output()
        .expect("spex runs");
    assert_eq!(stdout(&at_root), stdout(&with_c));
}

#[test]
fn color_is_on_when_asked_and_off_when_piped() {
    let dir = fixtures_dir().join("orphan");
    let always = run_in(&dir, &["--color", "always", "check"]);
    assert!(stdout(&always).contains("\u{1b}["), "ANSI colours");
    let auto = run_in(&dir, &["check"]);
    assert!(!stdout(&auto).contains('\u{1b}'), "no colours into a pipe");
}

#[test]
fn the_example_workspace_is_clean() {
    let output = run_in(&repo_root().join("example-workspace"), &["check"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("0 errors, 0 warnings"), "{text}");
}

/// Reading `/proc/self/mem` from its start fails with EIO, even as root (where file
/// permissions would not stop a read).
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_is_skipped_with_a_warning_and_the_rest_is_checked() {
    let workspace = TestWorkspace::new().file(
        "prds/PRD-1.md",
        "---\nid: PRD-1\ntitle: Ok\nowner: Ana\nstatus: bogus\n---\nBody.\n",
    );
    std::fs::create_dir_all(workspace.join("docs")).expect("mkdir");
    std::os::unix::fs::symlink("/proc/self/mem", workspace.join("docs/memory.md"))
        .expect("symlink");
    let output = workspace.run(["check", "--format", "json", "-q"]);
    let found: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rules: Vec<(&str, &str)> = found
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(
        rules.contains(&("skipped-file", "docs/memory.md")),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("invalid-value", "prds/PRD-1.md")),
        "{rules:?}"
    );
    assert_eq!(output.status.code(), Some(1));
}

/// `spex check FILE` compiles the file's workspace (found upward) and reports that file
/// alone; a file no kind takes is a usage error, not a silent pass.
#[test]
fn checking_one_file_reports_that_file_only() {
    let ws = TestWorkspace::new()
        .file("spex.yaml", "site:\n  title: One file\n")
        .file(
            "prds/PRD-1.md",
            "---\nid: PRD-1\ntitle: One\nowner: Ann\nstatus: bogus\n---\nText.\n",
        )
        .file(
            "prds/PRD-2.md",
            "---\nid: PRD-2\ntitle: Two\nowner: Ann\ndepends_on: [PRD-9]\n---\nText.\n",
        )
        .file("notes.txt", "not a document");
    let one = ws.run(["check", "prds/PRD-1.md", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&one.stdout).expect("JSON");
    let files: Vec<&str> = json
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["file"].as_str().expect("file"))
        .collect();
    assert!(
        !files.is_empty() && files.iter().all(|f| *f == "prds/PRD-1.md"),
        "{json}"
    );
    assert_eq!(one.status.code(), Some(1));

    let human = ws.run(["check", "prds/PRD-2.md"]);
    let said = String::from_utf8_lossy(&human.stdout);
    assert!(said.contains("unknown document ID `PRD-9`"), "{said}");
    assert!(said.contains("in `prds/PRD-2.md`"), "{said}");
    assert!(!said.contains("bogus"), "{said}");

    let other = ws.run(["check", "notes.txt"]);
    assert_eq!(other.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&other.stderr).contains("is not a document of the workspace"));
}
