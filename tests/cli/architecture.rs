//! `ARCHITECTURE.md` stays true: every file and folder it names exists, and every Rust
//! name it quotes is in the code, so a move or a rename that forgets the page fails here.

use std::collections::BTreeSet;

use crate::support::repo_root;

fn architecture() -> String {
    std::fs::read_to_string(repo_root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md exists")
}

/// The text of every `code span` outside fenced blocks.
fn code_spans(text: &str) -> Vec<String> {
    text.split("```")
        .step_by(2)
        .flat_map(|prose| prose.split('`').skip(1).step_by(2))
        .map(str::to_owned)
        .collect()
}

/// Every file and folder of the repository (folders with a trailing `/`), relative to
/// its root, without build output and git's own files.
fn repo_paths() -> Vec<String> {
    let root = repo_root();
    walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_entry(|e| !matches!(e.file_name().to_str(), Some("target" | ".git")))
        .flatten()
        .filter_map(|entry| {
            let rel = entry
                .path()
                .strip_prefix(&root)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            let slash = if entry.file_type().is_dir() { "/" } else { "" };
            (!rel.is_empty()).then(|| format!("{rel}{slash}"))
        })
        .collect()
}

/// Whether one path segment matches a named one, where `<name>` stands for any text.
fn segment_matches(pattern: &str, segment: &str) -> bool {
    match (pattern.find('<'), pattern.find('>')) {
        (Some(open), Some(close)) if open < close => {
            let (prefix, suffix) = (&pattern[..open], &pattern[close + 1..]);
            segment.len() > prefix.len() + suffix.len()
                && segment.starts_with(prefix)
                && segment.ends_with(suffix)
        }
        _ => pattern == segment,
    }
}

/// Whether `named` is the end of an existing path: `src/render/output.rs`, or
/// `site/renderer.rs` inside the module the page is talking about. A name ending in `/`
/// must be a folder.
fn exists(named: &str, paths: &[String]) -> bool {
    let folder = named.ends_with('/');
    let wanted: Vec<&str> = named.trim_end_matches('/').split('/').collect();
    paths.iter().any(|path| {
        if folder && !path.ends_with('/') {
            return false;
        }
        let have: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        have.len() >= wanted.len()
            && have[have.len() - wanted.len()..]
                .iter()
                .zip(&wanted)
                .all(|(h, w)| segment_matches(w, h))
    })
}

fn looks_like_path(span: &str) -> bool {
    !span.contains(' ')
        && span.chars().any(|c| c.is_ascii_alphanumeric())
        && (span.contains('/')
            || [".rs", ".md", ".yaml", ".html"]
                .iter()
                .any(|e| span.ends_with(e)))
}

fn looks_like_rust_name(span: &str) -> bool {
    span.split("::").all(|part| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    }) && (span.contains('_')
        || span.contains("::")
        || span.chars().any(|c| c.is_ascii_uppercase()))
}

/// Every word of the Rust sources under `src/` and `tests/`.
fn rust_words() -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for dir in ["src", "tests"] {
        for entry in walkdir::WalkDir::new(repo_root().join(dir))
            .into_iter()
            .flatten()
        {
            if entry.path().extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(entry.path()).expect("readable");
                words.extend(
                    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .filter(|w| !w.is_empty())
                        .map(str::to_owned),
                );
            }
        }
    }
    words
}

#[test]
fn architecture_names_only_paths_and_items_that_exist() {
    let text = architecture();
    let spans = code_spans(&text);
    let paths = repo_paths();
    let words = rust_words();
    let missing_paths: Vec<&String> = spans
        .iter()
        .filter(|s| looks_like_path(s) && !exists(s, &paths))
        .collect();
    let missing_names: Vec<&String> = spans
        .iter()
        .filter(|s| looks_like_rust_name(s) && !s.split("::").all(|w| words.contains(w)))
        .collect();
    assert!(
        missing_paths.is_empty() && missing_names.is_empty(),
        "ARCHITECTURE.md names paths that do not exist: {missing_paths:?}, \
         and Rust names found nowhere in src/ or tests/: {missing_names:?}"
    );
}

#[test]
fn the_readme_links_the_architecture_page() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    assert!(readme.contains("](ARCHITECTURE.md)"));
}
