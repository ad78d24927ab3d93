//! Links in digests: to the published site when `site.base_url` is set, else to the
//! document's file in the repository.

use crate::model::Workspace;
use crate::render::body::{LinkResolver, RefResolution, RefTarget};
use crate::render::site::urls::safe_segment;

pub struct DigestLinks<'a> {
    pub ws: &'a Workspace,
    /// The site's URL (`https://specs.example.com/`), when it is set.
    pub site: Option<&'a str>,
    /// From where the digest is read to the workspace: the repository-relative prefix.
    pub path_prefix: &'a str,
    pub include_confidential: bool,
}

impl DigestLinks<'_> {
    /// The URL of a document, by index.
    pub fn url(&self, idx: usize) -> String {
        let doc = &self.ws.docs[idx];
        match (self.site, doc.kind_name(), &doc.id) {
            (Some(site), Some(kind), Some(id)) => {
                format!("{site}{}/{}.html", safe_segment(kind), safe_segment(id))
            }
            _ => format!("{}{}", self.path_prefix, doc.path),
        }
    }

    fn visible(&self, idx: usize) -> bool {
        self.include_confidential || !self.ws.docs[idx].is_confidential()
    }

    /// A Markdown link for `[[ID]]`.
    pub fn markdown_ref(&self, id: &str, anchor: Option<&str>, label: Option<&str>) -> String {
        match self.ws.index_of_id(id) {
            Some(i) if self.visible(i) => {
                let doc = &self.ws.docs[i];
                let text = label
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("{id} {}", doc.title));
                let fragment = anchor.map(|a| format!("#{a}")).unwrap_or_default();
                format!(
                    "[{}]({}{fragment})",
                    crate::diff::render::md_escape(&text),
                    self.url(i)
                )
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
        match self.ws.index_of_path(path) {
            Some(i) if !self.visible(i) => Some("#".into()),
            Some(i) => Some(format!("{}{fragment}", self.url(i))),
            None => Some(format!("{}{path}{fragment}", self.path_prefix)),
        }
    }

    fn canonical_id(&self, written: &str) -> String {
        crate::resolve::canonical_id(&self.ws.config, written, &[])
    }
}
