//! Resolving references and links from one page of the site.

use super::context::SiteContext;
use crate::audience::Policy;
use crate::markup::body::{LinkResolver, RefResolution, RefTarget};
use crate::parse::slug::AnchorMatching;

/// Link resolution relative to one page (`root` leads back to the site root).
pub struct PageLinks<'s, 'a> {
    pub site: &'s SiteContext<'a>,
    pub root: &'s str,
}

impl PageLinks<'_, '_> {
    /// `#anchor` when the heading exists and is visible in this build, else nothing, so a
    /// link into a confidential section lands on the page instead of a missing anchor.
    fn fragment(&self, idx: usize, anchor: Option<&str>) -> String {
        let Some(anchor) = anchor else {
            return String::new();
        };
        let doc = &self.site.ws.docs[idx];
        // The heading's own anchor, which is the id the page gives it: `#Proposal`,
        // resolved as GitHub does, must point at `#proposal` to work in a browser.
        let Some(heading) = doc.heading_matching(anchor, self.site.ws.config.anchors) else {
            return String::new();
        };
        let hidden = self.site.visibility.hidden_ranges(doc);
        if hidden.iter().any(|r| r.contains(&heading.span.start)) {
            String::new()
        } else {
            format!("#{}", heading.anchor)
        }
    }
}

impl LinkResolver for PageLinks<'_, '_> {
    fn document(&self, id: &str, anchor: Option<&str>) -> RefResolution {
        let Some(idx) = self.site.ws.index_of_id(id) else {
            return RefResolution::Missing;
        };
        if !self.site.visible(idx) {
            return RefResolution::Hidden;
        }
        let doc = &self.site.ws.docs[idx];
        RefResolution::Found(RefTarget {
            url: format!(
                "{}{}{}",
                self.root,
                self.site.page_path(idx),
                self.fragment(idx, anchor)
            ),
            title: doc.title.clone(),
            // In words, as every page of the site shows a status.
            status: doc.status().map(crate::model::status_label),
            phase: doc.phase(),
        })
    }

    fn file(&self, path: &str, anchor: Option<&str>) -> Option<String> {
        if let Some(idx) = self.site.ws.index_of_link(path) {
            if !self.site.visible(idx) {
                return Some("#".into());
            }
            return Some(format!(
                "{}{}{}",
                self.root,
                self.site.page_path(idx),
                self.fragment(idx, anchor)
            ));
        }
        self.site
            .asset_url(path)
            .map(|url| format!("{}{url}", self.root))
    }

    fn anchors(&self) -> AnchorMatching {
        self.site.ws.config.anchors
    }

    fn canonical_id(&self, written: &str) -> String {
        crate::resolve::canonical_id(&self.site.ws.config, written, &[])
    }
}
