//! Where the site's own files live, relative to each page. All links in the site are
//! relative, so it works from any sub-path, any static host and straight from the file
//! system. Document pages are laid out by `model::page_path`.

use crate::model::safe_segment;

/// The prefix that leads from a page back to the site root: `../` per folder level.
pub fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// Where a workspace asset (an image, a PDF) is copied in the site.
pub fn asset_path(workspace_path: &str) -> String {
    let segments: Vec<String> = workspace_path.split('/').map(safe_segment).collect();
    format!("files/{}", segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_climb_one_level_per_folder() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("prd/PRD-1.html"), "../");
        assert_eq!(root_of("pages/docs/a.html"), "../../");
    }

    #[test]
    fn assets_keep_their_folders_with_safe_names() {
        assert_eq!(asset_path("img/a b.png"), "files/img/a-b.png");
    }
}
