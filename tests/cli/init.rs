//! `spex init`: a workspace from nothing that checks clean and builds, and never
//! overwrites what is there.

use std::fs;

use crate::support::TestWorkspace;

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under the workspace with its bytes, sorted by path.
fn snapshot(ws: &TestWorkspace) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(ws.path())
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("readable"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(ws.path()).expect("inside");
            (rel.display().to_string(), fs::read(e.path()).expect("read"))
        })
        .collect()
}

#[test]
fn the_first_check_after_init_is_clean_and_the_first_build_works() {
    let ws = TestWorkspace::new();
    let init = ws.run(["init"]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    for created in [
        "spex.yaml",
        ".gitignore",
        ".github/workflows/spex.yml",
        "vision/VIS-001-our-product-vision.md",
        "objectives/OBJ-001-first-objective.md",
        "prds/PRD-001-first-feature.md",
        "roadmaps/RM-001-roadmap.md",
    ] {
        assert!(ws.join(created).is_file(), "{created} was not created");
        assert!(
            stdout(&init).contains(&format!("created {created}\n")),
            "{}",
            stdout(&init)
        );
    }
    assert!(
        fs::read_to_string(ws.join(".gitignore"))
            .unwrap()
            .contains("/_site/\n")
    );

    let check = ws.run(["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert_eq!(stdout(&check), "0 errors, 0 warnings in 4 documents\n");

    let build = ws.run(["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(stderr(&build).contains("built "), "{}", stderr(&build));
    assert!(ws.join("_site/index.html").is_file());
    assert!(ws.join("_site/roadmap.html").is_file());
    assert!(ws.join("_site/prd/PRD-001.html").is_file());
}

#[test]
fn init_into_a_new_folder_creates_it() {
    let ws = TestWorkspace::new();
    let init = ws.run(["init", "specs"]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    assert!(ws.join("specs/spex.yaml").is_file());
    assert!(
        stdout(&init).contains("spex -C specs check"),
        "{}",
        stdout(&init)
    );
    let check = ws.run(["check", "specs"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn init_twice_changes_nothing() {
    let ws = TestWorkspace::new();
    assert_eq!(ws.run(["init"]).status.code(), Some(0));
    let before = snapshot(&ws);
    let again = ws.run(["init"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        stdout(&again).starts_with("nothing to do"),
        "{}",
        stdout(&again)
    );
    assert_eq!(snapshot(&ws), before);
}

#[test]
fn init_refuses_to_overwrite_lists_what_exists_and_writes_nothing() {
    let ws = TestWorkspace::new()
        .file("spex.yaml", "site: { title: Ours }\n")
        .file("prds/PRD-001-first-feature.md", "mine\n");
    let before = snapshot(&ws);
    let init = ws.run(["init"]);
    assert_eq!(init.status.code(), Some(2));
    let err = stderr(&init);
    assert!(err.contains("never overwrites"), "{err}");
    assert!(err.contains("\n  spex.yaml\n"), "{err}");
    assert!(err.contains("\n  prds/PRD-001-first-feature.md\n"), "{err}");
    assert!(
        !err.contains("VIS-001"),
        "only what exists is listed: {err}"
    );
    assert_eq!(snapshot(&ws), before, "nothing may be written");
}

#[test]
fn bare_init_writes_configuration_only_and_checks_clean() {
    let ws = TestWorkspace::new();
    let init = ws.run(["init", "--bare"]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    let files: Vec<String> = snapshot(&ws).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        files,
        [".github/workflows/spex.yml", ".gitignore", "spex.yaml"]
    );
    let check = ws.run(["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn an_existing_gitignore_gets_the_site_folder_once() {
    let ws = TestWorkspace::new().file(".gitignore", "target/");
    assert_eq!(ws.run(["init", "--bare"]).status.code(), Some(0));
    let text = fs::read_to_string(ws.join(".gitignore")).unwrap();
    assert_eq!(text, "target/\n# spex build output\n/_site/\n");

    let ws = TestWorkspace::new().file(".gitignore", "_site\n");
    let init = ws.run(["init", "--bare"]);
    assert!(!stdout(&init).contains(".gitignore"), "{}", stdout(&init));
    assert_eq!(
        fs::read_to_string(ws.join(".gitignore")).unwrap(),
        "_site\n"
    );
}

#[test]
fn a_folder_with_documents_gets_the_configuration_only() {
    let ws = TestWorkspace::new().file(
        "prds/PRD-001-ours.md",
        "---\nid: PRD-001\ntitle: Ours\nstatus: draft\nowner: Ann\n---\n\nText.\n",
    );
    let init = ws.run(["init"]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    assert!(
        stdout(&init).contains("no starter documents were added"),
        "{}",
        stdout(&init)
    );
    let files: Vec<String> = snapshot(&ws).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        files,
        [
            ".github/workflows/spex.yml",
            ".gitignore",
            "prds/PRD-001-ours.md",
            "spex.yaml"
        ]
    );
    // No second PRD-001.
    assert!(!stdout(&ws.run(["check"])).contains("duplicate-id"));
}

/// The starters' owner is who runs `init` (git's `user.name`), as `spex new` writes it,
/// and a second `init` still finds every starter in place.
#[test]
fn the_starters_name_the_git_user_as_owner() {
    let ws = TestWorkspace::new();
    let init = |ws: &TestWorkspace| crate::support::run_as(ws.path(), Some("Ana Lima"), &["init"]);
    let first = init(&ws);
    assert!(first.status.success(), "{}", stderr(&first));
    let prd = fs::read_to_string(ws.join("prds/PRD-001-first-feature.md")).expect("starter");
    assert!(prd.contains("\nowner: Ana Lima\n"), "{prd}");
    assert!(!prd.contains("Your Name"));
    let again = init(&ws);
    assert!(
        stdout(&again).starts_with("nothing to do"),
        "{}",
        stdout(&again)
    );
}
