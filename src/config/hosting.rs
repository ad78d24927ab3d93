//! Config stage: defaults that follow from where the repository is hosted. A workspace
//! whose git `origin` is on GitHub is read the way GitHub reads it (`anchors: github`)
//! unless spex.yaml says otherwise. The remote's URL comes from the git edge as a plain
//! string; this module only judges it.

use super::Config;
use crate::parse::slug::AnchorMatching;

/// Why link fragments are matched the way they are, for `-v` and `spex config`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AnchorsFrom {
    /// Nothing said otherwise: exact matching.
    #[default]
    Default,
    /// `anchors:` in spex.yaml.
    File,
    /// The `origin` remote (this URL) is on github.com, and spex.yaml has no `anchors:`.
    GitHubRemote(String),
}

impl Config {
    /// Applies what the `origin` remote's URL implies where spex.yaml is silent: on
    /// github.com, fragments are matched as GitHub does.
    pub fn apply_origin_remote(&mut self, url: Option<&str>) {
        if self.anchors_from == AnchorsFrom::File {
            return;
        }
        match url.filter(|url| is_github_url(url)) {
            Some(url) => {
                self.anchors = AnchorMatching::GitHub;
                self.anchors_from = AnchorsFrom::GitHubRemote(url.to_owned());
            }
            None => {
                self.anchors = AnchorMatching::default();
                self.anchors_from = AnchorsFrom::Default;
            }
        }
    }

    /// The `-v` line saying how fragments are matched, and why.
    pub fn describe_anchors(&self) -> String {
        let mode = match self.anchors {
            AnchorMatching::Exact => "exact",
            AnchorMatching::GitHub => "github",
        };
        let why = match &self.anchors_from {
            AnchorsFrom::File => format!("`anchors: {mode}` in spex.yaml"),
            AnchorsFrom::GitHubRemote(url) => format!(
                "the `origin` remote {url} is on github.com; `anchors: exact` in spex.yaml turns it off"
            ),
            AnchorsFrom::Default => {
                "the default: no `origin` remote on github.com and no `anchors:` in spex.yaml"
                    .into()
            }
        };
        format!("anchors: {mode} ({why})")
    }
}

/// Whether a git remote URL points at github.com, in any of the forms git accepts:
/// `https://github.com/o/r.git`, `https://user@github.com/o/r`, `ssh://git@github.com/o/r`,
/// `git@github.com:o/r.git` (scp-like), `git://github.com/o/r`.
pub fn is_github_url(url: &str) -> bool {
    let url = url.trim();
    let rest = match url.split_once("://") {
        Some((scheme, rest)) => {
            let scheme = scheme.to_ascii_lowercase();
            if !matches!(
                scheme.as_str(),
                "https" | "http" | "ssh" | "git" | "git+ssh" | "ssh+git"
            ) {
                return false;
            }
            rest
        }
        // scp-like `user@host:path`: a colon before any slash.
        None => match url.split_once(':') {
            Some((host, _)) if !host.contains('/') => host,
            _ => return false,
        },
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = host_port.split(':').next().unwrap_or_default();
    let host = host.to_ascii_lowercase();
    host == "github.com" || host == "www.github.com" || host == "ssh.github.com"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;

    #[test]
    fn github_remotes_are_recognised_in_every_url_form() {
        for url in [
            "https://github.com/acme/specs.git",
            "https://github.com/acme/specs",
            "https://token@github.com/acme/specs.git",
            "http://GitHub.com/acme/specs",
            "ssh://git@github.com/acme/specs.git",
            "ssh://git@ssh.github.com:443/acme/specs.git",
            "git@github.com:acme/specs.git",
            "github.com:acme/specs",
            "git://github.com/acme/specs.git",
        ] {
            assert!(is_github_url(url), "{url}");
        }
        for url in [
            "https://gitlab.com/acme/specs.git",
            "git@gitlab.com:acme/specs.git",
            "https://github.com.evil.example/acme/specs",
            "https://example.com/github.com/specs",
            "/srv/git/specs.git",
            "../specs",
            "file:///srv/github.com/specs",
            "",
        ] {
            assert!(!is_github_url(url), "{url}");
        }
    }

    #[test]
    fn a_github_origin_makes_anchors_github_unless_spex_yaml_says_so() {
        let mut config = Config::builtin();
        config.apply_origin_remote(Some("git@github.com:acme/specs.git"));
        assert_eq!(config.anchors, AnchorMatching::GitHub);
        assert!(config.describe_anchors().contains("github.com"));

        config.apply_origin_remote(Some("https://gitlab.com/acme/specs.git"));
        assert_eq!(config.anchors, AnchorMatching::Exact);
        config.apply_origin_remote(None);
        assert_eq!(config.anchors_from, AnchorsFrom::Default);

        let (mut exact, _) = parse_config("anchors: exact\n", "spex.yaml");
        exact.apply_origin_remote(Some("https://github.com/acme/specs"));
        assert_eq!(exact.anchors, AnchorMatching::Exact);
        assert_eq!(exact.anchors_from, AnchorsFrom::File);
    }
}
