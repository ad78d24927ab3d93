//! The README documents every rule and every output format.

use crate::support::repo_root;

fn readme() -> String {
    std::fs::read_to_string(repo_root().join("README.md")).expect("README.md exists")
}

#[test]
fn every_rule_is_in_the_readme_rules_table() {
    let readme = readme();
    let missing: Vec<&str> = spex::validate::RULES
        .iter()
        .map(|r| r.name)
        .filter(|name| !readme.contains(&format!("| `{name}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "rules missing from the README table: {missing:?}"
    );
}

#[test]
fn readme_starts_with_the_two_setup_commands() {
    let readme = readme();
    let block = readme
        .split("```")
        .nth(1)
        .expect("a code block near the top");
    assert!(
        block.contains("example-workspace"),
        "first command runs on example-workspace"
    );
    assert!(
        block.contains("cargo test"),
        "second command runs the tests"
    );
}
