//! What changed in scope, quoted (issue 17, point 14): a digest with `--since` quotes the
//! requirements a PRD gained and lost, never "updated: Requirements", and never quotes
//! one from a `{.confidential}` section or another audience's section.

use super::run;
use crate::git_repo::{TestRepo, day};

fn prd(requirements: &str) -> String {
    format!(
        "---\nid: PRD-12\ntitle: Faster refunds\nstatus: approved\nowner: Ann Lee\ntarget: 2027-Q1\n---\n\
         ## Problem\nRefunds are slow.\n\n## Requirements\n{requirements}"
    )
}

/// A base, then one commit that adds and removes requirements in every kind of section.
fn history() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "prds/PRD-12.md",
        &prd(
            "- Refunds start at drop-off.\n- Refunds wait for the warehouse.\n\n\
             ### Fraud {.confidential}\n- Score every return.\n\n\
             ### Pitch {.sales}\n- Say it is instant.\n\n\
             ### Dashboards {.leadership}\n- Weekly refund times.\n",
        ),
    );
    repo.commit("Refunds", "Ann Lee", day(2026, 3, 1));
    repo.write(
        "prds/PRD-12.md",
        &prd(
            "- Refunds start at drop-off.\n- Refunds complete within **2 s**\n\n\
             ### Fraud {.confidential}\n- Score every return.\n- Block repeat abusers.\n\n\
             ### Pitch {.sales}\n- Say it is instant.\n- Cheaper than Loop.\n\n\
             ### Dashboards {.leadership}\n- Daily refund times.\n",
        ),
    );
    repo.commit("Tighten refunds", "Ben Ode", day(2026, 3, 2));
    repo
}

fn digest(repo: &TestRepo, audience: &str, extra: &[&str]) -> String {
    let mut args = vec!["digest", "--audience", audience, "--since", "HEAD~1"];
    args.extend(extra);
    let (code, stdout, stderr) = run(repo, &args);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

/// The digest's line for PRD-12 under "What changed".
fn change_line(text: &str) -> &str {
    text.lines()
        .find(|l| l.starts_with("- [PRD-12 Faster refunds]"))
        .unwrap_or_else(|| panic!("no change line for PRD-12:\n{text}"))
}

#[test]
fn engineering_quotes_requirements_added_and_removed() {
    let repo = history();
    let text = digest(&repo, "engineering", &[]);
    assert_eq!(
        change_line(&text),
        "- [PRD-12 Faster refunds](prds/PRD-12.md): \
         requirement added — \"Refunds complete within 2 s\"; \
         requirement removed — \"Refunds wait for the warehouse.\""
    );
}

#[test]
fn no_digest_quotes_a_requirement_its_audience_may_not_read() {
    let repo = history();
    let secrets = [
        "Block repeat abusers",
        "Score every return",
        "Cheaper than Loop",
        "Daily refund times",
        "Weekly refund times",
    ];
    for audience in ["engineering", "sales", "leadership"] {
        let text = digest(&repo, audience, &[]);
        for secret in secrets {
            // Each audience may read its own section; none may read the confidential one.
            let own = match audience {
                "sales" => secret == "Cheaper than Loop",
                "leadership" => secret.ends_with("refund times"),
                _ => false,
            };
            if !own {
                assert!(
                    !text.contains(secret),
                    "{audience} quotes {secret}:\n{text}"
                );
            }
        }
    }
    // Asked for, confidential requirements are quoted like any other.
    let text = digest(&repo, "engineering", &["--include-confidential"]);
    assert!(
        change_line(&text).contains("requirement added — \"Block repeat abusers.\""),
        "{text}"
    );
    assert!(!change_line(&text).contains("updated: Fraud"), "{text}");
}

#[test]
fn a_changed_requirement_section_without_new_items_is_still_said_to_change() {
    let repo = history();
    repo.write(
        "prds/PRD-12.md",
        &std::fs::read_to_string(repo.join("prds/PRD-12.md"))
            .expect("PRD-12")
            .replace(
                "## Requirements\n",
                "## Requirements\nAll within the EU.\n\n",
            ),
    );
    repo.commit("Say where", "Cy Dunn", day(2026, 3, 3));
    let text = digest(&repo, "engineering", &[]);
    assert_eq!(
        change_line(&text),
        "- [PRD-12 Faster refunds](prds/PRD-12.md): updated: Requirements"
    );
}
