//! Adopting an existing repository: `tests/fixtures/proposal-repository` is a proposal
//! process described in spex.yaml as it is (the README's worked example) and checks
//! clean; one proposal that breaks its conventions is reported rule by rule.

use crate::support::{TestWorkspace, fixtures_dir};

#[test]
fn a_proposal_breaking_the_conventions_is_reported_rule_by_rule() {
    let ws = TestWorkspace::copy_of(&fixtures_dir().join("proposal-repository"));
    for golden in ["expected.txt", "expected.json"] {
        std::fs::remove_file(ws.join(golden)).expect("a golden file");
    }
    ws.write(
        "EIPS/eip-7.md",
        "---\neip: 70\nstatus: Final\ntitle: Blobs\ndescription: Cheaper data for rollups.\nauthor: dana@example.com\ntype: Meta\ncategory: Core\nrequires: 20, 3, 3\ncreated: 2026-02-01\n---\n## Abstract\n\nBlobs.\n\n## Motivaton\n\nCost.\n\n## Specification\n\nX.\n\n## Rationale\n\nY.\n\n## Security Considerations\n\nZ.\n",
    );
    let output = ws.run(["check", ".", "--format", "json", "--quiet"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let mut found: Vec<(String, String)> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| {
            let rule = d["rule"].as_str().unwrap_or_default().to_owned();
            let message = d["message"].as_str().unwrap_or_default().to_owned();
            (rule, message)
        })
        .collect();
    found.sort();
    let rules: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        rules,
        [
            "field-order",
            "file-name",
            "forbidden-field",
            "invalid-value",
            "invalid-value",
            "list-order",
            "missing-section",
            // EIP-20 once, EIP-3 at each of its two mentions.
            "status-order",
            "status-order",
            "status-order",
        ],
        "{found:#?}"
    );
    let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    for expected in [
        "`title` should come before `status`",
        "file name `eip-7.md` does not match the ID `70`: expected `eip-70.md`",
        "`category` is only allowed when `type` is `Standards Track` (found `type: Meta`)",
        "`requires` lists `3` twice",
        "missing section `Motivation` required for kind `eip`",
        "`EIP-70` is `Final` but depends on `EIP-3`, whose status is only `Last Call`",
        "`EIP-70` is `Final` but depends on `EIP-20`, whose status is only `Review`",
    ] {
        assert!(
            messages.contains(&expected),
            "no `{expected}` in {messages:#?}"
        );
    }
}
