//! Finding the workspace folder a command works on.

use std::path::{Path, PathBuf};

use super::Cli;
use crate::config::find_workspace_root;

/// The workspace root: the PATH argument, else `-C`, else the nearest folder upward
/// with a spex.yaml, else the current folder.
pub fn workspace_root(cli: &Cli, path: Option<&Path>) -> PathBuf {
    if let Some(path) = path.or(cli.workspace.as_deref()) {
        return path.to_path_buf();
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    find_workspace_root(&cwd)
}

/// How to show workspace-relative paths so they work from the current folder:
/// `example-workspace/` when run from the repository root, empty inside the workspace.
pub fn display_prefix(root: &Path) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| c.canonicalize().ok());
    let root_abs = root.canonicalize().ok();
    let relative = match (cwd, root_abs) {
        (Some(cwd), Some(root_abs)) => match root_abs.strip_prefix(&cwd) {
            Ok(rel) => rel.to_path_buf(),
            // Run from inside the workspace (spex.yaml found upward): `../` steps back
            // to the root, as `cargo` prints paths from a crate's subfolder.
            Err(_) => match cwd.strip_prefix(&root_abs) {
                Ok(inside) => inside.components().map(|_| "..").collect(),
                Err(_) => root_abs,
            },
        },
        _ => root.to_path_buf(),
    };
    let text = relative.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        String::new()
    } else {
        format!("{}/", text.trim_end_matches('/'))
    }
}
