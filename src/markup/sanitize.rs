//! Keeping untrusted Markdown from injecting script into pages.
//!
//! Markdown text is escaped by pulldown-cmark; the two ways in for script are raw HTML and
//! link URLs. URLs are checked here for every link; raw HTML makes the whole body go
//! through ammonia, which is slower, so it runs only for bodies that contain some.
//! ammonia's defaults allow neither `svg` nor `math` nor any script-like tag; we keep it so.

use std::sync::OnceLock;

/// Whether a link or image URL is safe to emit. Relative URLs are; of absolute ones only
/// web and mail schemes (no `javascript:`, `vbscript:`, `data:`, `file:`).
pub fn is_safe_url(url: &str) -> bool {
    // Browsers ignore ASCII whitespace and control characters inside a scheme
    // (`java\tscript:`), so strip them before looking.
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    let Some((scheme, _)) = cleaned.split_once(':') else {
        return true;
    };
    if scheme.contains(['/', '?', '#']) {
        return true; // the colon is in a path or query: relative
    }
    matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "mailto" | "tel"
    )
}

/// Sanitizes a rendered body that contained raw HTML.
pub fn clean_html(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER
        .get_or_init(|| {
            let mut builder = ammonia::Builder::default();
            builder
                .add_generic_attributes(["id", "class"])
                .add_tags(["input"])
                .add_tag_attributes("input", ["type", "checked", "disabled"])
                // `<a name="x">` is an anchor authors link to (`#x`), as `id` is; spex
                // checks such links, so the site must keep what they point at.
                .add_tag_attributes("a", ["name"])
                .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
                .link_rel(Some("noopener noreferrer"));
            builder
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_refused_however_they_are_spelt() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            " java\tscript:x",
            "vbscript:x",
            "data:text/html,x",
        ] {
            assert!(!is_safe_url(url), "{url}");
        }
        for url in [
            "https://x.org",
            "mailto:a@b.c",
            "../prd/PRD-1.html#x",
            "#top",
            "a/b:c",
        ] {
            assert!(is_safe_url(url), "{url}");
        }
    }

    #[test]
    fn raw_html_loses_script_and_handlers_but_keeps_ids_and_classes() {
        let cleaned = clean_html(
            r#"<h2 id="a" class="sales" onclick="x()">Hi</h2><script>alert(1)</script><svg onload=x></svg><img src=x onerror=y>"#,
        );
        assert_eq!(cleaned, r#"<h2 id="a" class="sales">Hi</h2><img src="x">"#);
    }
}
