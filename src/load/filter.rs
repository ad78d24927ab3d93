//! Which paths of a tree belong to the workspace.

use globset::GlobSet;

/// Directories spex never looks into, whatever the config says.
const ALWAYS_SKIPPED: [&str; 3] = ["target", "node_modules", "templates"];

/// Decides which files are part of the workspace.
#[derive(Debug, Clone)]
pub struct Filter {
    /// The build output folder, relative to the root (`_site`).
    pub output_dir: String,
    pub exclude: GlobSet,
}

impl Filter {
    pub fn new(config: &crate::config::Config) -> Filter {
        Filter {
            output_dir: config.output.trim_matches('/').to_owned(),
            exclude: config.exclude_set.clone(),
        }
    }

    /// Whether to descend into a directory (`rel` is workspace-relative).
    pub fn keep_dir(&self, rel: &str) -> bool {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if name.starts_with('.') {
            return false; // .git, .github, editor folders
        }
        let top_level = !rel.contains('/');
        if top_level && (ALWAYS_SKIPPED.contains(&name) || name == "_site") {
            return false;
        }
        rel != self.output_dir
            && !self.exclude.is_match(rel)
            && !self.exclude.is_match(format!("{rel}/"))
    }

    /// Whether a file is part of the workspace.
    pub fn keep_file(&self, rel: &str) -> bool {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        !name.starts_with('.') && !self.exclude.is_match(rel)
    }
}
