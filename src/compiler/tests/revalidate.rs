//! A compile after an edit gives what compiling everything gives: every document of the
//! example workspace and of every rule fixture, edited in ways that keep its path and ID
//! (so only the rules' neighbourhood of it is validated again; when its indexes stay too,
//! it is swapped into the last workspace and its linked files' warnings are worked out
//! again alone), then restored.

use std::path::{Path, PathBuf};

use crate::compiler::{Compiler, load_config};
use crate::diag::Diagnostic;
use crate::load::{Filter, FsTree, SourceTree, is_markdown};

/// Edits that keep a document's path and ID; `id` is another document's.
fn edits(text: &str, id: &str) -> Vec<String> {
    let mut out = vec![
        // References that come and go rebuild the indexes, not the set of documents.
        format!("{text}\nSee [[{id}]].\n"),
        text.replace("[[", "["),
        // A roadmap's items lose their documents, which may be orphans now.
        text.replace("ref: ", "was: "),
        format!("{text}\nOne more sentence.\n"),
        // Everything in the body moves down: links keep their targets, not their spans.
        text.replacen("\n---\n", "\n---\nA new first line.\n\n", 1),
        text.replace("\n## ", "\n## Renamed "),
        text.replace(".md", ".txt"),
        text.replacen("---\n", "---\nconfidential: true\n", 1),
    ];
    for status in ["draft", "approved", "shipped", "deprecated", "in-progress"] {
        out.push(replace_field(text, "status", status));
    }
    out.push(replace_field(text, "target", "2020-Q1"));
    out.push(replace_field(text, "target", "2031-Q4"));
    // What the whole-workspace rules read: a person (a new one, or a typo of one),
    // dependencies (a cycle may close or open).
    out.push(replace_field(text, "owner", "Someone Newer"));
    if let Some(owner) = field_value(text, "owner") {
        out.push(replace_field(text, "owner", &format!("{owner}x")));
    }
    out.push(replace_field(text, "depends_on", &format!("[{id}]")));
    out.push(replace_field(text, "depends_on", "[]"));
    // The body gone: only the front matter is left.
    if let Some(end) = text.get(4..).and_then(|rest| rest.find("\n---\n")) {
        out.push(text[..end + 9].to_owned());
    }
    out.retain(|edited| edited != text);
    out
}

/// `text` with the first `field: …` line of its front matter set to `value`.
fn replace_field(text: &str, field: &str, value: &str) -> String {
    let prefix = format!("\n{field}: ");
    let Some(start) = text.find(&prefix) else {
        return text.to_owned();
    };
    let value_start = start + prefix.len();
    let end = text[value_start..]
        .find('\n')
        .map_or(text.len(), |n| value_start + n);
    format!("{}{value}{}", &text[..value_start], &text[end..])
}

/// The value of the first `field: …` line of the front matter.
fn field_value<'a>(text: &'a str, field: &str) -> Option<&'a str> {
    let prefix = format!("\n{field}: ");
    let start = text.find(&prefix)? + prefix.len();
    text[start..].lines().next()
}

fn compiler(root: &Path) -> Compiler<FsTree> {
    let tree = FsTree::new(root);
    let config = load_config(&tree).expect("spex.yaml is readable");
    Compiler::with_config(tree, &config)
}

/// What a compiler used once gives with `path` reading `text`.
fn full(root: &Path, path: &str, text: &str) -> Vec<Diagnostic> {
    let mut compiler = compiler(root);
    compiler.set_overlay(path, text);
    compiler.compile().diagnostics
}

fn check_workspace(root: &Path) {
    let mut compiler = compiler(root);
    let compilation = compiler.compile();
    let original = compilation.diagnostics;
    let last_id = compilation
        .workspace
        .docs
        .iter()
        .rev()
        .find_map(|d| d.id.clone());
    let id = last_id.unwrap_or_else(|| "PRD-1".to_owned());
    let documents: Vec<String> = FsTree::new(root)
        .list(&Filter::new(compiler.config()), &mut Vec::new())
        .into_iter()
        .filter(|p| is_markdown(p))
        .collect();
    for path in documents {
        let Ok(bytes) = std::fs::read(root.join(&path)) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        for edited in edits(&text, &id) {
            compiler.set_overlay(&path, edited.as_str());
            let incremental = compiler.compile().diagnostics;
            assert_eq!(
                incremental,
                full(root, &path, &edited),
                "{} after editing {path} to:\n{edited}",
                root.display()
            );
            compiler.clear_overlay(&path);
            assert_eq!(
                compiler.compile().diagnostics,
                original,
                "{} after restoring {path}",
                root.display()
            );
        }
    }
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn scoped_validation_matches_a_full_one_on_the_example_workspace() {
    check_workspace(&repo("example-workspace"));
}

#[test]
fn scoped_validation_matches_a_full_one_on_every_rule_fixture() {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(repo("tests/fixtures"))
        .expect("tests/fixtures")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.is_dir())
        .collect();
    fixtures.sort();
    assert!(fixtures.len() > 20, "{fixtures:?}");
    for fixture in fixtures {
        check_workspace(&fixture);
    }
}
