//! Which paths of a tree belong to the workspace.

use globset::GlobSet;

/// Directories spex never looks into, at any depth: build output and installed packages
/// (a docs tool's `node_modules/` holds thousands of READMEs that are not specs).
const NEVER_SPECS: [&str; 2] = ["target", "node_modules"];

/// Top-level directories with a meaning of their own: template overrides, the default
/// site output.
const TOP_LEVEL_SKIPPED: [&str; 2] = ["templates", "_site"];

/// Decides which files are part of the workspace.
#[derive(Debug, Clone)]
pub struct Filter {
    /// The build output folder, relative to the root (`_site`).
    pub output_dir: String,
    pub exclude: GlobSet,
}

/// `./out/`, `out//site` → `out`, `out/site`: the form `keep_dir` compares with.
fn normalized(output: &str) -> String {
    output
        .split(['/', '\\'])
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

impl Filter {
    pub fn new(config: &crate::config::Config) -> Filter {
        Filter {
            output_dir: normalized(&config.output),
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
        if NEVER_SPECS.contains(&name) || top_level && TOP_LEVEL_SKIPPED.contains(&name) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_and_package_folders_are_skipped_at_any_depth() {
        let filter = Filter::new(&crate::config::Config::builtin());
        for dir in [
            "target",
            "node_modules",
            "tools/node_modules",
            "site/target",
            ".git",
        ] {
            assert!(!filter.keep_dir(dir), "{dir}");
        }
        for dir in ["prds", "prds/templates", "docs/_site", "prds/targeting"] {
            assert!(filter.keep_dir(dir), "{dir}");
        }
        assert!(!filter.keep_dir("templates") && !filter.keep_dir("_site"));
    }

    #[test]
    fn the_output_folder_is_skipped_however_it_is_written() {
        for output in ["./out", "out/", "./out/site", "out//site"] {
            let mut config = crate::config::Config::builtin();
            config.output = output.to_owned();
            let filter = Filter::new(&config);
            let dir = output.trim_start_matches("./").replace("//", "/");
            assert!(!filter.keep_dir(dir.trim_end_matches('/')), "{output}");
        }
    }
}
