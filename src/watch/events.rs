//! Raw file-system paths → what changed, in spex's terms. Pure, so it is unit-tested.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::load::{Filter, is_markdown};
use crate::markup::templates::OVERRIDE_DIR;

/// One changed path, classified.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// spex.yaml: everything must be recompiled.
    Config,
    /// A template override: re-render everything.
    Template,
    /// A Markdown document (workspace-relative path).
    Document(String),
    /// Any other path of the workspace: a file a document links to, or a folder (one
    /// moved in or out is reported alone, without the files in it).
    Asset(String),
}

/// A batch of changes from one debounced burst of events.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    pub config: bool,
    pub templates: bool,
    pub documents: BTreeSet<String>,
    pub assets: BTreeSet<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.config && !self.templates && self.documents.is_empty() && self.assets.is_empty()
    }

    /// Every changed path the compiler reads, documents and others, and spex.yaml: a
    /// folder that moved looks like an asset, and only the compiler's listing can tell
    /// that documents came or went.
    pub fn paths(&self) -> BTreeSet<String> {
        let mut paths: BTreeSet<String> = self.documents.union(&self.assets).cloned().collect();
        if self.config {
            paths.insert(CONFIG_FILE.to_owned());
        }
        paths
    }
}

/// Folders under the workspace that spex writes itself and must not react to: a
/// `--out` folder inside the workspace, and the staging folder beside it.
pub fn own_output(out: &Path) -> Vec<PathBuf> {
    // Events carry canonical paths (the root is canonical); the folder may not exist yet.
    let out = out
        .canonicalize()
        .or_else(|_| std::path::absolute(out))
        .unwrap_or_else(|_| out.to_path_buf());
    let name = out
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let staging = out.with_file_name(format!(".{name}.staging"));
    vec![out, staging]
}

/// Classifies `path` (absolute, under `root`). `None` for paths spex ignores: the output
/// folder, `.git`, editor swap files, excluded paths.
pub fn classify_one(root: &Path, filter: &Filter, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    let rel = parts.join("/");
    if rel == CONFIG_FILE {
        return Some(Change::Config);
    }
    if parts.first() == Some(&OVERRIDE_DIR) && parts.len() > 1 {
        return Some(Change::Template);
    }
    let name = parts.last()?;
    // Editors' temporary files: vim's `.x.md.swp` and `4913`, JetBrains' `x.md___jb_tmp___`, `x.md~`.
    if name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.contains("___jb_")
        || *name == "4913"
    {
        return None;
    }
    let dirs_kept = (1..parts.len()).all(|n| filter.keep_dir(&parts[..n].join("/")));
    if !dirs_kept || !filter.keep_file(&rel) {
        return None;
    }
    Some(if is_markdown(&rel) {
        Change::Document(rel)
    } else {
        Change::Asset(rel)
    })
}

/// Classifies a burst of paths, skipping those under an `ignored` folder (absolute).
pub fn classify<'a>(
    root: &Path,
    filter: &Filter,
    ignored: &[PathBuf],
    paths: impl IntoIterator<Item = &'a Path>,
) -> Changes {
    let mut changes = Changes::default();
    for path in paths {
        if ignored.iter().any(|dir| path.starts_with(dir)) {
            continue;
        }
        match classify_one(root, filter, path) {
            Some(Change::Config) => changes.config = true,
            Some(Change::Template) => changes.templates = true,
            Some(Change::Document(p)) => {
                changes.documents.insert(p);
            }
            Some(Change::Asset(p)) => {
                changes.assets.insert(p);
            }
            None => {}
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::Config;

    fn changes(paths: &[&str]) -> Changes {
        changes_ignoring(&[], paths)
    }

    fn changes_ignoring(ignored: &[PathBuf], paths: &[&str]) -> Changes {
        let root = PathBuf::from("/ws");
        let filter = Filter::new(&Config::builtin());
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        classify(&root, &filter, ignored, paths.iter().map(PathBuf::as_path))
    }

    #[test]
    fn an_out_folder_inside_the_workspace_and_its_staging_folder_are_ignored() {
        let ignored = own_output(Path::new("/ws/build"));
        let c = changes_ignoring(
            &ignored,
            &[
                "build/prd/PRD-1.html",
                "build/search.json",
                ".build.staging/index.html",
                "builds/notes.md",
            ],
        );
        assert!(c.assets.is_empty() && !c.config && !c.templates, "{c:?}");
        assert_eq!(c.documents.iter().collect::<Vec<_>>(), ["builds/notes.md"]);
    }

    #[test]
    fn a_folder_is_a_changed_path_so_the_listing_can_be_checked() {
        let c = changes(&["prds/moved", "prds/a.md"]);
        assert_eq!(
            c.paths().iter().collect::<Vec<_>>(),
            ["prds/a.md", "prds/moved"]
        );
    }

    #[test]
    fn documents_config_templates_and_assets_are_told_apart() {
        let c = changes(&["prds/a.md", "spex.yaml", "templates/doc.html", "img/x.png"]);
        assert!(c.config && c.templates);
        assert_eq!(c.documents.iter().collect::<Vec<_>>(), ["prds/a.md"]);
        assert_eq!(
            c.paths().iter().collect::<Vec<_>>(),
            ["img/x.png", "prds/a.md", "spex.yaml"]
        );
        assert_eq!(c.assets.iter().collect::<Vec<_>>(), ["img/x.png"]);
    }

    #[test]
    fn output_git_and_editor_files_are_ignored() {
        let c = changes(&[
            "_site/prd/PRD-1.html",
            ".git/index",
            "prds/.a.md.swp",
            "prds/a.md~",
            "prds/4913",
            "prds/a.md___jb_tmp___",
            "target/x.md",
        ]);
        assert!(c.is_empty(), "{c:?}");
    }
}
