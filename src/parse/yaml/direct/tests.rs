//! The direct reader must read exactly what serde-saphyr reads, or leave the text to it.

use super::super::{budget, parser_options, read_with_serde_saphyr};
use super::*;

/// Reads `text` both ways; when the direct reader takes it, the trees must be equal.
/// Returns whether the direct reader took it.
fn same_as_serde_saphyr(text: &str) -> bool {
    let direct = read_direct(text, parser_options(&budget()));
    let Some(direct) = direct else {
        return false;
    };
    let serde = read_with_serde_saphyr(text, budget())
        .unwrap_or_else(|e| panic!("{text:?}: read directly, but serde-saphyr fails: {e:?}"));
    assert_eq!(direct, serde, "{text:?}");
    true
}

#[test]
fn plain_front_matter_is_read_directly_and_identically() {
    let texts = [
        "id: PRD-1\ntitle: Returns\n",
        "id: PRD-0001\ntitle: Rule-based console v4\nstatus: shipped\nowner: Greta Adeyemi\n\
         priority: P2\ntarget: 2025-Q2\nobjectives: [OBJ-398, OBJ-167]\ntags: [a, b]\n",
        "list:\n  - one\n  - two\n  -\n  - ~\nmap:\n  k: 1\n  j: two\n",
        "nested: {a: [1, 2, {b: c}], d: }\n",
        "quoted: 'it''s'\ndouble: \"a\\tb \\u00e9\"\nempty: ''\nnull_text: 'null'\n",
        "literal: |\n  line one\n  line two\nfolded: >-\n  folded\n  text\n",
        "multi: plain text\n  continued here\n",
        "# a comment\nid: PRD-2 # trailing\n\n# another\n",
        "é: ünïcode\n\"quoted key\": 1\n? explicit\n: value\n",
        "date: 2026-01-15\ntime: 12:30\nversion: 1.2.3\nweek: 3 days\n",
        "a: true\nb: False\nc: TRUE\nd: yes\ne: no\nf: on\ng: y\n",
        "a: null\nb: Null\nc: NULL\nd: ~\ne:\n",
        "a: 0\nb: -0\nc: 42\nd: -17\ne: +5\nf: 9223372036854775807\n",
        "a: 1.5\nb: -.5\nc: 1e3\nd: 1E-2\ne: .5\nf: 1.\ng: +2.5\nh: 6.02e+23\n",
        "a: -x\nb: .\nc: +\nd: -foo\ne: inf\nf: nan\ng: Infinity\nh: 1.5e\n",
        "a: [ ]\nb: { }\nc: [a, b, ]\n",
        "- top\n- level\n- list\n",
        "just a string\n",
        "42\n",
        "key: value\n...\n",
    ];
    for text in texts {
        assert!(same_as_serde_saphyr(text), "not read directly: {text:?}");
    }
}

#[test]
fn unusual_yaml_is_left_to_serde_saphyr() {
    let texts = [
        "a: &x 1\nb: *x\n",
        "base: &b {k: 1}\nother:\n  <<: *b\n",
        "a: !!str 12\n",
        "a: !custom x\n",
        "a: 0x1F\nb: 0o17\nc: 0b101\n",
        "a: 1_000\n",
        "a: 0127\n",
        "a: .inf\n",
        "a: -.INF\n",
        "a: .nan\n",
        "a: 1e999\n",
        "a: 99999999999999999999\n",
        "a: -99999999999999999999\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: 1\n--- b\n",
        "[a]: 1\n",
        "title: [unclosed\n",
        "a: 'unclosed\n",
        "a: b: c\n",
        "# only a comment\n",
    ];
    for text in texts {
        assert!(!same_as_serde_saphyr(text), "read directly: {text:?}");
    }
}

#[test]
fn deep_nesting_is_left_to_serde_saphyr() {
    let text = format!("a: {}{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(!same_as_serde_saphyr(&text));
    let text = format!(
        "a: {}{}\n",
        "[".repeat(MAX_DEPTH - 2),
        "]".repeat(MAX_DEPTH - 2)
    );
    assert!(same_as_serde_saphyr(&text));
}

/// Every front matter in the repository's example workspace and test fixtures.
#[test]
fn every_front_matter_in_the_repository_reads_the_same() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut read = 0;
    for dir in ["example-workspace", "tests"] {
        for entry in walkdir::WalkDir::new(root.join(dir)) {
            let entry = entry.unwrap();
            let path = entry.path();
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let yaml = match path.extension().and_then(|e| e.to_str()) {
                Some("md") => match crate::parse::front_matter::split_front_matter(&text) {
                    Ok(crate::parse::front_matter::Split {
                        yaml: Some(yaml), ..
                    }) => text[yaml].to_owned(),
                    _ => continue,
                },
                Some("yaml" | "yml") => text,
                _ => continue,
            };
            if !yaml.trim().is_empty() {
                read += usize::from(same_as_serde_saphyr(&yaml));
            }
        }
    }
    assert!(read > 100, "only {read} read directly");
}
