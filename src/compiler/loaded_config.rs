//! The compiler's first input: a workspace's `spex.yaml`, read from its tree and merged
//! over the built-in kinds.

use std::path::Path;
use std::sync::Arc;

use crate::config::{CONFIG_FILE, Config, parse_config};
use crate::diag::{Diagnostic, Files};
use crate::error::{Error, Result};
use crate::load::SourceTree;
use crate::validate::apply_levels;

/// A workspace's configuration as read from its tree.
pub struct LoadedConfig {
    pub config: Arc<Config>,
    /// Problems in spex.yaml; any of them stops the command with exit code 2.
    pub diagnostics: Vec<Diagnostic>,
    /// spex.yaml's text, so its diagnostics can show source lines.
    pub files: Files,
    /// The URL of the repository's `origin` remote, whose host sets defaults spex.yaml
    /// leaves open ([`Config::apply_origin_remote`]); kept so a reloaded spex.yaml gets
    /// them too.
    pub origin_remote: Option<String>,
}

impl LoadedConfig {
    /// This config with the defaults the `origin` remote at `url` implies.
    pub fn with_origin_remote(mut self, url: Option<String>) -> LoadedConfig {
        Arc::make_mut(&mut self.config).apply_origin_remote(url.as_deref());
        self.origin_remote = url;
        self
    }
}

/// Reads `spex.yaml` from the tree (the work tree or a revision), if there is one.
pub fn load_config(tree: &dyn SourceTree) -> Result<LoadedConfig> {
    let mut files = Files::default();
    if !tree.exists(CONFIG_FILE) {
        return Ok(LoadedConfig {
            config: Arc::new(Config::builtin()),
            diagnostics: Vec::new(),
            files,
            origin_remote: None,
        });
    }
    let bytes = tree.read(CONFIG_FILE).map_err(|source| Error::Read {
        path: CONFIG_FILE.into(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (config, mut diagnostics) = parse_config(&text, CONFIG_FILE);
    apply_levels(&config, &mut diagnostics);
    files.insert(CONFIG_FILE, text.into());
    Ok(LoadedConfig {
        config: Arc::new(config),
        diagnostics,
        files,
        origin_remote: None,
    })
}

/// Checks that a workspace folder exists before anything reads it.
pub fn check_workspace_dir(root: &Path) -> Result<()> {
    if !root.exists() {
        return Err(Error::NoWorkspace(root.to_path_buf()));
    }
    if !root.is_dir() {
        return Err(Error::NotADirectory(root.to_path_buf()));
    }
    Ok(())
}
