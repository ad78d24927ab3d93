//! Finding the workspace: like cargo looks upward for Cargo.toml, spex looks for spex.yaml.

use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "spex.yaml";

/// The nearest directory at or above `start` that holds a spex.yaml, else `start` itself
/// (a directory with no config uses the built-in defaults).
pub fn find_workspace_root(start: &Path) -> PathBuf {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .unwrap_or(start)
        .to_path_buf()
}
