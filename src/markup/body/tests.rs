use std::collections::BTreeSet;
use std::sync::Arc;

use super::*;
use crate::config::Config;
use crate::load::Source;
use crate::parse::parse_doc;

/// A one-document workspace, compiled for real.
fn document(text: &str) -> Document {
    let source = Source {
        path: "prds/a.md".into(),
        text: text.into(),
        encoding_problem: None,
    };
    let (ws, _) = crate::resolve::resolve(
        &Arc::new(Config::builtin()),
        vec![parse_doc(&source)],
        BTreeSet::new(),
    );
    (*ws.docs[0]).clone()
}

struct Links;

impl LinkResolver for Links {
    fn document(&self, id: &str, anchor: Option<&str>) -> RefResolution {
        match id {
            "PRD-2" => RefResolution::Found(RefTarget {
                url: format!(
                    "PRD-2.html{}",
                    anchor.map(|a| format!("#{a}")).unwrap_or_default()
                ),
                title: "Labels <v2>".into(),
                status: Some("approved".into()),
                phase: Some(Phase::Committed),
            }),
            "PRD-9" => RefResolution::Hidden,
            _ => RefResolution::Missing,
        }
    }
    fn file(&self, path: &str, anchor: Option<&str>) -> Option<String> {
        (path == "prds/b.md").then(|| {
            format!(
                "PRD-B.html{}",
                anchor.map(|a| format!("#{a}")).unwrap_or_default()
            )
        })
    }
    fn canonical_id(&self, written: &str) -> String {
        written.to_owned()
    }
}

fn render(text: &str, hide_confidential: bool) -> RenderedBody {
    let doc = document(text);
    let visibility = crate::audience::Visibility {
        include_confidential: !hide_confidential,
    };
    let hidden = crate::audience::Policy::hidden_ranges(&visibility, &doc);
    render_body(&doc, &hidden, &Links)
}

#[test]
fn wiki_links_show_title_and_status() {
    let body = render("See [[PRD-2#open]] and [[PRD-2|the label spec]].\n", false);
    assert_eq!(
        body.html,
        "<p>See <a class=\"ref\" href=\"PRD-2.html#open\" title=\"PRD-2: Labels &lt;v2&gt; (approved)\"><span class=\"ref-id\">PRD-2</span> Labels &lt;v2&gt; <span class=\"badge phase-committed\">approved</span></a> and <a class=\"ref\" href=\"PRD-2.html\" title=\"PRD-2: Labels &lt;v2&gt; (approved)\">the label spec</a>.</p>\n"
    );
}

#[test]
fn unknown_and_hidden_targets_are_not_links() {
    let body = render("[[PRD-7]] [[PRD-9]]\n", false);
    assert!(
        body.html
            .contains(r#"<span class="ref ref-missing" title="unknown document">PRD-7</span>"#),
        "{}",
        body.html
    );
    assert!(body.html.contains("a confidential document"));
    assert!(!body.html.contains("PRD-9"));
}

#[test]
fn confidential_sections_are_left_out_of_html_toc_and_text() {
    let text =
        "## Plan\nok\n## Terms {.confidential}\nSECRET\n### Detail\nSECRET too\n## After\nfine\n";
    let body = render(text, true);
    assert!(
        !body.html.contains("SECRET") && !body.text.contains("SECRET"),
        "{}",
        body.html
    );
    let anchors: Vec<&str> = body.toc.iter().map(|t| t.anchor.as_str()).collect();
    assert_eq!(anchors, ["plan", "after"]);
    assert!(render(text, false).html.contains("SECRET"));
}

#[test]
fn headings_get_their_anchor_as_id() {
    let body = render("## Open questions\n## Open questions\n", false);
    assert!(body.html.contains(r#"<h2 id="open-questions">"#));
    assert!(body.html.contains(r#"<h2 id="open-questions-1">"#));
}

#[test]
fn relative_markdown_links_point_at_pages() {
    let body = render(
        "[b](b.md#x) [ext](https://example.com) [gone](c.md)\n",
        false,
    );
    assert!(
        body.html.contains(r#"href="PRD-B.html#x""#),
        "{}",
        body.html
    );
    assert!(body.html.contains(r#"href="https://example.com""#));
    assert!(body.html.contains(r#"href="c.md""#));
}

#[test]
fn script_never_survives() {
    let text = "[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n<script>alert(2)</script>\n\n{{ page.title }} {% raw %}\n";
    let body = render(text, false);
    assert!(!body.html.contains("javascript:"), "{}", body.html);
    assert!(!body.html.contains("onerror"), "{}", body.html);
    assert!(!body.html.contains("<script"), "{}", body.html);
    assert!(
        body.html.contains("{{ page.title }}"),
        "template syntax is plain text: {}",
        body.html
    );
}

#[test]
fn a_first_heading_repeating_the_title_is_left_out() {
    let body = render(
        "---\nid: PRD-1\ntitle: Tracking\nowner: A\n---\n# Tracking\n\nText.\n\n# Other\n",
        false,
    );
    assert!(!body.html.contains("<h1 id=\"tracking\">"), "{}", body.html);
    assert!(body.html.contains("<h1 id=\"other\">"), "{}", body.html);
}

#[test]
fn toc_text_is_what_the_page_shows() {
    let body = render(
        "## Heading <script>x</script>\n## Builds on [[PRD-9]]\n## `code` <b>bold</b>\n",
        false,
    );
    let texts: Vec<&str> = body.toc.iter().map(|t| t.text.as_str()).collect();
    // A confidential target names nothing, not even its ID.
    assert_eq!(texts, ["Heading", "Builds on", "code bold"]);
    assert!(
        !body.text.contains('x'),
        "script text is not searchable: {}",
        body.text
    );
}

#[test]
fn markdown_too_deep_to_sanitize_shows_raw_html_as_text_and_drops_heading_attributes() {
    let depth = crate::parse::html_depth::MAX_HTML_DEPTH;
    let markdown = format!(
        "# Hi {{#top onclick=x}}\n\n{} quoted <b onmouseover=x>bold</b>\n",
        ">".repeat(depth)
    );
    let html = markdown_to_safe_html(&markdown);
    assert!(
        html.contains("&lt;b onmouseover=x&gt;bold&lt;/b&gt;"),
        "{html}"
    );
    assert!(html.contains(r#"<h1 id="top">"#), "{html}");
    assert!(!html.contains("onclick"), "{html}");
}

/// Found by the `markdown_body` fuzz target's script oracle: heading attributes
/// (`{key=value}`) went into the page as they were, and a body without raw HTML is not
/// sanitized, so `{onclick=…}` became a live event handler.
#[test]
fn heading_attributes_other_than_id_and_class_are_dropped() {
    let body = render(
        "## Hi {onclick=alert(1) .sales #top style=x}\n\n### Ho {onmouseover=\"y\"}\n",
        false,
    );
    assert_eq!(
        body.html,
        "<h2 id=\"top\" class=\"sales\">Hi</h2>\n<h3 id=\"ho\">Ho</h3>\n"
    );
}

/// Matching as GitHub does (issue 13 §10a): a link into this page written `#Proposal`
/// must point at the id the page gives `## Proposal`; exact matching leaves it alone.
#[test]
fn same_page_fragments_point_at_the_heading_id_under_github_matching() {
    struct GitHubLinks;
    impl LinkResolver for GitHubLinks {
        fn document(&self, id: &str, anchor: Option<&str>) -> RefResolution {
            Links.document(id, anchor)
        }
        fn file(&self, path: &str, anchor: Option<&str>) -> Option<String> {
            Links.file(path, anchor)
        }
        fn canonical_id(&self, written: &str) -> String {
            written.to_owned()
        }
        fn anchors(&self) -> AnchorMatching {
            AnchorMatching::GitHub
        }
    }
    let text = "[a](#Proposal) [b](#proposal) [c](#Nowhere)\n\n## Proposal\n";
    let doc = document(text);
    let html = render_body(&doc, &[], &GitHubLinks).html;
    assert_eq!(html.matches(r##"href="#proposal""##).count(), 2, "{html}");
    assert!(html.contains(r##"href="#Nowhere""##), "{html}");
    let exact = render(text, false).html;
    assert!(exact.contains(r##"href="#Proposal""##), "{exact}");
}
