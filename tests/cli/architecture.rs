//! `ARCHITECTURE.md` stays true: every file and folder it names exists, and every Rust
//! name it quotes is in the code, so a move or a rename that forgets the page fails here.

use std::collections::{BTreeMap, BTreeSet};

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

/// What each module must never name, so the stages stay layered: the model and the
/// markup helpers below everything that reads them, and the three renderers (the site in
/// `render`, `digest`, `diff`) side by side, sharing only what is below them. A digest
/// reads the diff's data (`SemanticDiff`, for `--since`) but never its renderer.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "model",
        &[
            "validate", "markup", "render", "digest", "diff", "compiler", "watch", "cli",
        ],
    ),
    (
        "markup",
        &[
            "validate", "render", "digest", "diff", "compiler", "watch", "cli",
        ],
    ),
    (
        "audience",
        &[
            "validate", "render", "digest", "diff", "compiler", "watch", "cli",
        ],
    ),
    (
        "render",
        &["validate", "digest", "diff", "compiler", "watch", "cli"],
    ),
    (
        "digest",
        &[
            "validate",
            "render",
            "diff::render",
            "compiler",
            "watch",
            "cli",
        ],
    ),
    (
        "diff",
        &["validate", "render", "digest", "compiler", "watch", "cli"],
    ),
    // Authoring types new documents with the resolve code check runs; it renders nothing.
    ("author", &["render", "digest", "diff", "watch", "cli"]),
    // Queries read the model only: `spex list` and the MCP server share them.
    (
        "query",
        &[
            "validate", "render", "digest", "diff", "compiler", "watch", "cli",
        ],
    ),
    (
        "export",
        &[
            "validate", "render", "digest", "diff", "compile", "watch", "cli",
        ],
    ),
    (
        "json_schema",
        &[
            "validate", "render", "digest", "diff", "compile", "watch", "cli", "resolve",
        ],
    ),
];

/// The modules a line of Rust names through `crate::` (`crate::model::Workspace` names
/// `model` and `model::Workspace`; `crate::{a, b}` names `a` and `b`), outside comments.
fn crate_paths(line: &str) -> Vec<String> {
    let code = line.trim_start();
    if code.starts_with("//") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inside = group.split('}').next().unwrap_or_default();
            out.extend(inside.split(',').map(|name| name.trim().to_owned()));
        } else {
            let path: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(path.trim_end_matches(':').to_owned());
        }
    }
    out
}

/// Whether `path` (`render::site::Visibility`) is inside module `forbidden` (`render`,
/// or `diff::render`).
fn is_inside(path: &str, forbidden: &str) -> bool {
    path == forbidden || path.starts_with(&format!("{forbidden}::"))
}

/// Every `crate::` path each source file of `module` names that its layer forbids, as
/// `file: path`. Test helpers (files named `tests.rs` or `test_*.rs`) may reach anywhere.
/// Every `crate::` path the source files of `module` name, as `(file, path)`, outside
/// test code: test helpers (files named `tests.rs` or `test_*.rs`) and inline unit tests
/// at the end of a file may reach anywhere.
fn module_imports(module: &str) -> Vec<(String, String)> {
    let root = repo_root();
    let mut found = Vec::new();
    let sources = walkdir::WalkDir::new(root.join("src").join(module))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .chain(std::iter::once(root.join(format!("src/{module}.rs"))))
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && p.is_file());
    for path in sources {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name == "tests.rs" || name.starts_with("test_") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let code = text
            .split("#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        let rel = path
            .strip_prefix(&root)
            .expect("inside the repository")
            .to_string_lossy()
            .replace('\\', "/");
        for line in code.lines() {
            for named in crate_paths(line) {
                found.push((rel.clone(), named));
            }
        }
    }
    found
}

/// Every `crate::` path each source file of `module` names that its layer forbids, as
/// `file: path`.
fn layer_breaks(module: &str, forbidden: &[&str]) -> Vec<(String, String)> {
    module_imports(module)
        .into_iter()
        .filter(|(_, named)| forbidden.iter().any(|f| is_inside(named, f)))
        .map(|(file, named)| (file, format!("crate::{named}")))
        .collect()
}

/// The top-level modules under `src/` (folders and files, but not the crate roots).
fn top_level_modules() -> BTreeSet<String> {
    let mut modules = BTreeSet::new();
    for entry in std::fs::read_dir(repo_root().join("src")).expect("src/") {
        let path = entry.expect("src/ entry").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.is_dir()
            || (path.extension().is_some_and(|e| e == "rs") && stem != "main" && stem != "lib")
        {
            modules.insert(stem.to_owned());
        }
    }
    modules
}

/// The strongly connected groups of more than one module in `edges` (Tarjan's
/// algorithm): each is an import cycle.
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(w: &mut Walk<'a>, v: &'a str) {
        let n = w.index.len();
        w.index.insert(v, n);
        w.low.insert(v, n);
        w.stack.push(v);
        for next in w.edges.get(v).into_iter().flatten() {
            let next = next.as_str();
            if !w.index.contains_key(next) {
                visit(w, next);
                let low = w.low[v].min(w.low[next]);
                w.low.insert(v, low);
            } else if w.stack.contains(&next) {
                let low = w.low[v].min(w.index[next]);
                w.low.insert(v, low);
            }
        }
        if w.low[v] == w.index[v] {
            let at = w.stack.iter().position(|m| *m == v).expect("on the stack");
            let group: Vec<String> = w.stack.drain(at..).map(str::to_owned).collect();
            if group.len() > 1 {
                w.found.push(group);
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for module in edges.keys() {
        if !walk.index.contains_key(module.as_str()) {
            visit(&mut walk, module);
        }
    }
    walk.found
}

/// The stages build on each other like a compiler's: no two top-level modules may
/// import each other, directly or around a loop (each loop is a seam that makes both
/// sides harder to change, test and reuse — the language and MCP servers included).
#[test]
fn no_import_cycle_between_top_level_modules() {
    let modules = top_level_modules();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut why: BTreeMap<(String, String), String> = BTreeMap::new();
    for module in &modules {
        for (file, named) in module_imports(module) {
            let target = named.split("::").next().unwrap_or_default().to_owned();
            if target != *module && modules.contains(&target) {
                why.entry((module.clone(), target.clone()))
                    .or_insert_with(|| format!("{file}: crate::{named}"));
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    let found = cycles(&edges);
    let explain: Vec<String> = found
        .iter()
        .flat_map(|group| {
            why.iter()
                .filter(|((from, to), _)| group.contains(from) && group.contains(to))
                .map(|((from, to), example)| format!("{from} → {to} ({example})"))
        })
        .collect();
    assert!(
        found.is_empty(),
        "import cycles between top-level modules: {found:?}\n{}",
        explain.join("\n")
    );
}

#[test]
fn the_cycle_check_finds_a_loop() {
    let edge = |a: &str, b: &[&str]| (a.to_owned(), b.iter().map(|s| s.to_string()).collect());
    let looped = BTreeMap::from([edge("a", &["b"]), edge("b", &["c"]), edge("c", &["a"])]);
    assert_eq!(cycles(&looped).len(), 1);
    let layered = BTreeMap::from([edge("a", &["b", "c"]), edge("b", &["c"])]);
    assert!(cycles(&layered).is_empty());
}

#[test]
fn layers_are_kept() {
    let mut breaks: Vec<(String, String)> = LAYERS
        .iter()
        .flat_map(|(module, forbidden)| layer_breaks(module, forbidden))
        .collect();
    breaks.sort();
    breaks.dedup();
    let unexpected = &breaks;
    assert!(
        unexpected.is_empty(),
        "these imports cross a layer (see LAYERS and ARCHITECTURE.md): {unexpected:?}"
    );
}

#[test]
fn the_layer_check_sees_every_way_of_naming_a_module() {
    assert_eq!(
        crate_paths("use crate::render::site::Visibility;"),
        ["render::site::Visibility"]
    );
    assert_eq!(
        crate_paths("    let x = crate::diff::render::md_escape(s);"),
        ["diff::render::md_escape"]
    );
    assert_eq!(
        crate_paths("use crate::{Compilation, render};"),
        ["Compilation", "render"]
    );
    assert!(crate_paths("//! see `crate::render`").is_empty());
    assert!(is_inside("diff::render::md_escape", "diff::render"));
    assert!(!is_inside("diff::SemanticDiff", "diff::render"));
    assert!(!is_inside("rendering", "render"));
}

/// The words that name an audience or one of its behaviours: the built-in audiences (the
/// top-level keys of `src/config/builtin_audiences.yaml`) and the values it gives them
/// (`digest: sales`, `wording: customer`).
fn audience_words() -> BTreeSet<String> {
    let path = repo_root().join("src/config/builtin_audiences.yaml");
    let yaml = std::fs::read_to_string(path).expect("built-in audiences");
    let mut words = BTreeSet::new();
    for line in yaml.lines().filter(|l| !l.trim_start().starts_with('#')) {
        if let Some(key) = line.strip_suffix(':').filter(|k| !k.starts_with(' ')) {
            words.insert(key.to_owned());
        }
        for setting in ["digest:", "wording:"] {
            if let Some(value) = line.trim().strip_prefix(setting) {
                words.insert(value.trim().to_owned());
            }
        }
    }
    words
}

/// Audience behaviours are config values, so code never asks "is this sales?": such a
/// comparison would make one audience special where the policy (`src/audience/`) cannot
/// see it. Only the config (which decodes the names) and tests may spell them.
#[test]
fn no_audience_name_is_a_string_literal_outside_the_config() {
    let words = audience_words();
    for expected in ["engineering", "sales", "leadership", "customer"] {
        assert!(
            words.contains(expected),
            "{expected} missing from {words:?}"
        );
    }
    let root = repo_root();
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("src")).sort_by_file_name() {
        let entry = entry.expect("walk src/");
        let path = entry.path();
        let rel = path.strip_prefix(&root).expect("inside the repository");
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.starts_with("src/config/")
            || path.extension().is_none_or(|e| e != "rs")
            || path.file_name().is_some_and(|n| n == "tests.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read source");
        // Unit tests at the end of a file may name audiences to exercise them.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (number, line) in code.lines().enumerate() {
            for word in &words {
                if line.contains(&format!("\"{word}\"")) {
                    found.push(format!("{rel}:{}: {}", number + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "audience names compared as strings (make the behaviour an audience setting in \
         src/config/builtin_audiences.yaml and ask src/audience/ instead):\n{}",
        found.join("\n")
    );
}
