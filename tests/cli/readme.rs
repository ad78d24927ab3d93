//! The README documents every rule (checked against the catalogue) and the setup.

use crate::support::repo_root;

fn readme() -> String {
    std::fs::read_to_string(repo_root().join("README.md")).expect("README.md exists")
}

/// The rows of the README's rules table: `(name, level, summary)`.
fn rules_table(readme: &str) -> Vec<(String, String, String)> {
    let section = readme
        .split("\n## Rules\n")
        .nth(1)
        .expect("a Rules section")
        .split("\n## ")
        .next()
        .unwrap_or_default();
    section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|row| {
            let (name, rest) = row.split_once("` | ")?;
            let (level, summary) = rest.split_once(" | ")?;
            let summary = summary.strip_suffix(" |")?;
            Some((name.to_owned(), level.to_owned(), summary.to_owned()))
        })
        .collect()
}

/// The README's rules table is the catalogue, row for row: a rule cannot be added (or
/// its level or summary changed) without its docs.
#[test]
fn readme_rules_table_matches_the_catalogue() {
    let table = rules_table(&readme());
    let catalogue: Vec<(String, String, String)> = spex::diag::Rule::ALL
        .iter()
        .map(|r| {
            (
                r.name().to_owned(),
                r.default_level().as_str().to_owned(),
                r.summary().to_owned(),
            )
        })
        .collect();
    for (row, rule) in table.iter().zip(&catalogue) {
        assert_eq!(
            row, rule,
            "README row differs from the catalogue (src/diag/rule/docs.rs)"
        );
    }
    let names = |rows: &[(String, String, String)]| -> Vec<String> {
        rows.iter().map(|r| r.0.clone()).collect()
    };
    assert_eq!(
        names(&table),
        names(&catalogue),
        "the README lists the rules of the catalogue, in its order"
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

/// Each worked `spex.yaml` in "Adopting an existing repository", exactly as printed,
/// checks the fixture it names clean: the README cannot drift from a working file.
#[test]
fn readme_adoption_examples_check_their_fixtures_clean() {
    let readme = readme();
    let section = readme
        .split("\n## Adopting an existing repository\n")
        .nth(1)
        .expect("an adoption section")
        .split("\n## ")
        .next()
        .unwrap_or_default();
    let mut checked = Vec::new();
    let mut pieces = section.split("```yaml\n");
    let mut before = pieces.next().unwrap_or_default();
    for piece in pieces {
        let (yaml, after) = piece.split_once("```").expect("a closed yaml block");
        // The fixture is the last `tests/fixtures/…` named before the block.
        let fixture = before
            .rsplit("`tests/fixtures/")
            .next()
            .and_then(|rest| rest.split('`').next())
            .expect("a fixture named before the block");
        let ws =
            crate::support::TestWorkspace::copy_of(&crate::support::fixtures_dir().join(fixture));
        ws.write("spex.yaml", yaml);
        let output = ws.run(["check", ".", "--color", "never"]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{fixture}: {stdout}");
        assert!(
            stdout.contains("0 errors, 0 warnings"),
            "{fixture}: {stdout}"
        );
        checked.push(fixture.to_owned());
        before = after;
    }
    assert_eq!(
        checked,
        ["proposal-repository", "design-proposals", "adr-folder"]
    );
}
