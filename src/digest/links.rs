//! Links in digests: to the published site when `site.base_url` is an absolute URL, else
//! to the document's file: on GitHub when run in GitHub Actions, else by a path relative
//! to where the digest is written.

use std::path::{Component, Path, PathBuf};

use crate::audience::{Policy, Visibility};
use crate::markup::body::{LinkResolver, RefResolution, RefTarget};
use crate::markup::escape::md_escape;
use crate::model::Workspace;

pub struct DigestLinks<'a> {
    pub ws: &'a Workspace,
    /// The site's URL (`https://specs.example.com/`), when it is set.
    pub site: Option<&'a str>,
    /// What a workspace-relative path is appended to: a GitHub blob URL, or the way from
    /// the digest's folder to the workspace (`../`), `/`-terminated or empty.
    pub path_prefix: String,
    pub include_confidential: bool,
}

impl DigestLinks<'_> {
    /// The URL of a document, by index: its page in the site (the very page the site
    /// gives it, also when two documents share an ID), else its file.
    pub fn url(&self, idx: usize) -> String {
        let doc = &self.ws.docs[idx];
        match (self.site, doc.kind_name(), &doc.id) {
            (Some(site), Some(_), Some(_)) => format!("{site}{}", self.ws.page_path(idx)),
            _ => format!("{}{}", self.path_prefix, doc.path),
        }
    }

    /// Every document link is an absolute URL (to the site, or to GitHub in Actions),
    /// so it works in an e-mail or a chat message.
    pub fn are_absolute(&self) -> bool {
        self.site.is_some() || is_absolute_url(&self.path_prefix)
    }

    fn visible(&self, idx: usize) -> bool {
        let everyone = Visibility {
            include_confidential: self.include_confidential,
        };
        everyone.shows(&self.ws.docs[idx])
    }

    /// A Markdown link for `[[ID]]`, named `ID Title` (or just `Title`, for readers who
    /// do not know IDs).
    pub fn markdown_ref(
        &self,
        id: &str,
        anchor: Option<&str>,
        label: Option<&str>,
        with_id: bool,
    ) -> String {
        match self.ws.index_of_id(id) {
            Some(i) if self.visible(i) => {
                let doc = &self.ws.docs[i];
                let text = label.map(str::to_owned).unwrap_or_else(|| {
                    if with_id {
                        format!("{id} {}", doc.title)
                    } else {
                        doc.title.clone()
                    }
                });
                let fragment = anchor.map(|a| format!("#{a}")).unwrap_or_default();
                format!("[{}]({}{fragment})", md_escape(&text), self.url(i))
            }
            Some(_) => "a confidential document".into(),
            None => label.unwrap_or(id).to_owned(),
        }
    }
}

impl LinkResolver for DigestLinks<'_> {
    fn document(&self, id: &str, anchor: Option<&str>) -> RefResolution {
        match self.ws.index_of_id(id) {
            Some(i) if self.visible(i) => {
                let doc = &self.ws.docs[i];
                RefResolution::Found(RefTarget {
                    url: format!(
                        "{}{}",
                        self.url(i),
                        anchor.map(|a| format!("#{a}")).unwrap_or_default()
                    ),
                    title: doc.title.clone(),
                    status: doc.status().map(str::to_owned),
                    phase: doc.phase(),
                })
            }
            Some(_) => RefResolution::Hidden,
            None => RefResolution::Missing,
        }
    }

    fn file(&self, path: &str, anchor: Option<&str>) -> Option<String> {
        let fragment = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        match self.ws.index_of_link(path) {
            Some(i) if !self.visible(i) => Some("#".into()),
            Some(i) => Some(format!("{}{fragment}", self.url(i))),
            None => Some(format!("{}{path}{fragment}", self.path_prefix)),
        }
    }

    fn canonical_id(&self, written: &str) -> String {
        crate::resolve::canonical_id(&self.ws.config, written, &[])
    }
}

/// Whether a `site.base_url` works from an e-mail or a chat message.
pub fn is_absolute_url(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// The GitHub blob URL of the workspace at the commit being built, when running in
/// GitHub Actions (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA`, and
/// `GITHUB_WORKSPACE` for where the workspace sits in the checkout).
pub fn github_prefix(root: &Path, env: impl Fn(&str) -> Option<String>) -> Option<String> {
    let var = |k: &str| env(k).filter(|v| !v.is_empty());
    let (server, repo, sha) = (
        var("GITHUB_SERVER_URL")?,
        var("GITHUB_REPOSITORY")?,
        var("GITHUB_SHA")?,
    );
    let inside = match var("GITHUB_WORKSPACE") {
        Some(checkout) => relative(&absolute(Path::new(&checkout)), &absolute(root))?,
        None => String::new(),
    };
    if inside.starts_with("../") {
        return None; // the workspace is not in the checkout
    }
    Some(format!(
        "{}/{repo}/blob/{sha}/{inside}",
        server.trim_end_matches('/')
    ))
}

/// The way from the folder a digest is written to (`out`), to the workspace `root`, so
/// file links work where the digest is opened. Standard output: workspace-relative.
pub fn relative_prefix(root: &Path, out_dir: Option<&Path>) -> String {
    let Some(dir) = out_dir else {
        return String::new();
    };
    let root = absolute(root);
    relative(&absolute(dir), &root).unwrap_or_else(|| {
        format!(
            "{}/",
            root.to_string_lossy()
                .replace('\\', "/")
                .trim_end_matches('/')
        )
    })
}

/// `path` made absolute and lexically normal (`..` resolved), through the nearest
/// existing ancestor's real path so symbolic links agree with `root`'s.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut normal = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    // Canonicalize the part that exists; keep the rest (an --out folder not made yet).
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_owned()),
            None => break,
        }
        existing.pop();
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

/// `to` relative to `from` (both absolute), `/`-terminated or empty; `None` across drives.
fn relative(from: &Path, to: &Path) -> Option<String> {
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    if a.first() != b.first() {
        return None;
    }
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(if parts.is_empty() {
        String::new()
    } else {
        format!("{}/", parts.join("/"))
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;
    use std::sync::Arc;

    use super::{DigestLinks, github_prefix, relative};
    use crate::config::Config;
    use crate::load::Source;
    use crate::parse::parse_doc;

    #[test]
    fn a_document_links_to_its_own_site_page_when_ids_collide() {
        let prd = |path: &str| {
            parse_doc(&Source {
                path: path.into(),
                text: "---\nid: PRD-1\ntitle: One\nowner: ann\n---\n# One\n".into(),
                encoding_problem: None,
            })
        };
        let parsed = vec![prd("prds/a.md"), prd("prds/b.md")];
        let (ws, _) =
            crate::resolve::resolve(&Arc::new(Config::builtin()), parsed, BTreeSet::new());
        let links = DigestLinks {
            ws: &ws,
            site: Some("https://specs.example.com/"),
            path_prefix: "../".into(),
            include_confidential: false,
        };
        assert_eq!(links.url(0), "https://specs.example.com/prd/PRD-1.html");
        assert_eq!(links.url(1), "https://specs.example.com/prd/PRD-1-2.html");
        let no_site = DigestLinks {
            site: None,
            ..links
        };
        assert_eq!(no_site.url(1), "../prds/b.md");
    }

    #[test]
    fn a_file_link_climbs_from_the_digest_folder_to_the_workspace() {
        let rel = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(rel("/r/out/digests", "/r").as_deref(), Some("../../"));
        assert_eq!(rel("/r", "/r/specs").as_deref(), Some("specs/"));
        assert_eq!(rel("/r", "/r").as_deref(), Some(""));
    }

    #[test]
    fn in_github_actions_files_link_to_the_commit_on_github() {
        let env = |k: &str| {
            match k {
                "GITHUB_SERVER_URL" => Some("https://github.com"),
                "GITHUB_REPOSITORY" => Some("acme/specs"),
                "GITHUB_SHA" => Some("abc123"),
                _ => None,
            }
            .map(str::to_owned)
        };
        assert_eq!(
            github_prefix(Path::new("/w"), env).as_deref(),
            Some("https://github.com/acme/specs/blob/abc123/")
        );
        assert_eq!(github_prefix(Path::new("/w"), |_| None), None);
    }
}
