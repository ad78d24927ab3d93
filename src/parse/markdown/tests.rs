use super::*;

fn parse(text: &str) -> BodyOutline {
    outline(text, 0..text.len())
}

#[test]
fn headings_get_unique_github_anchors() {
    let doc = parse("# Title\n\n## Notes\n\n## Notes\n\n## Custom {#mine}\n");
    let anchors: Vec<_> = doc.headings.iter().map(|h| h.anchor.as_str()).collect();
    assert_eq!(anchors, ["title", "notes", "notes-1", "mine"]);
    assert_eq!(doc.first_h1.as_deref(), Some("Title"));
}

#[test]
fn heading_classes_are_read_and_left_out_of_the_text() {
    let doc = parse("## Pricing {.sales .leadership}\n");
    assert_eq!(doc.headings[0].text, "Pricing");
    assert_eq!(doc.headings[0].anchor, "pricing");
    assert_eq!(doc.headings[0].classes, ["sales", "leadership"]);
}

#[test]
fn sections_run_to_the_next_heading_of_the_same_or_higher_level() {
    let text = "## A {.sales}\na\n### A1\nx\n## B\nb\n";
    let doc = parse(text);
    assert_eq!(
        &text[doc.sections[0].range.clone()],
        "## A {.sales}\na\n### A1\nx\n"
    );
    assert_eq!(&text[doc.sections[1].range.clone()], "### A1\nx\n");
    assert_eq!(&text[doc.sections[2].range.clone()], "## B\nb\n");
}

#[test]
fn wiki_links_keep_target_anchor_and_position() {
    let text = "See [[PRD-12]], [[PRD-3#open-questions]] and [[PRD-4|the spec]].";
    let doc = parse(text);
    let dests: Vec<_> = doc
        .links
        .iter()
        .map(|l| (l.kind, l.dest.as_str()))
        .collect();
    assert_eq!(
        dests,
        [
            (LinkKind::Wiki, "PRD-12"),
            (LinkKind::Wiki, "PRD-3#open-questions"),
            (LinkKind::Wiki, "PRD-4"),
        ]
    );
    assert_eq!(&text[doc.links[0].span.clone()], "PRD-12");
    assert_eq!(&text[doc.links[2].span.clone()], "PRD-4");
}

#[test]
fn inline_links_and_images_point_at_their_destination() {
    let text = "[spec](../prds/a.md#x) ![chart](img/c.png) <https://example.com>";
    let doc = parse(text);
    assert_eq!(doc.links.len(), 2);
    assert_eq!(&text[doc.links[0].span.clone()], "../prds/a.md#x");
    assert_eq!(doc.links[1].kind, LinkKind::Image);
}

#[test]
fn links_in_code_are_not_links() {
    let doc = parse("`[[PRD-1]]`\n\n```\n[x](missing.md)\n```\n");
    assert!(doc.links.is_empty());
}

/// Issue 1/8 point 6: `- ## x` and `> ## x` ended a `{.confidential}` section early.
#[test]
fn headings_nested_in_lists_or_quotes_do_not_end_a_section() {
    let text = "## A {.confidential}\na\n- ## In a list\n\nafter list\n> ## In a quote\n\nafter quote\n## B\nb\n";
    let doc = parse(text);
    assert!(doc.headings[1].nested && doc.headings[2].nested);
    assert!(!doc.headings[0].nested && !doc.headings[3].nested);
    assert_eq!(
        &text[doc.sections[0].range.clone()],
        "## A {.confidential}\na\n- ## In a list\n\nafter list\n> ## In a quote\n\nafter quote\n"
    );
}

#[test]
fn reference_links_know_where_their_definition_is() {
    let text = "See [the plan][p], [x](a.md) and [p].\n\n[p]: plan.pdf\n";
    let doc = parse(text);
    let def = text.find("[p]:").unwrap();
    assert_eq!(doc.links[0].definition.as_ref().map(|d| d.start), Some(def));
    assert_eq!(doc.links[1].definition, None);
    assert_eq!(doc.links[2].definition.as_ref().map(|d| d.start), Some(def));
}

/// Issue 13 §9: `[[Groth16]](https://…)`, a citation style, is a normal link.
#[test]
fn a_wiki_link_followed_by_a_destination_is_a_normal_link() {
    let text = "See [[Groth16]](https://eprint.iacr.org/2016/260 \"paper\") and [[PRD-1]] (x).\nAlso [[B]](<./a b.md>), [[C]](u(1)) end.\n";
    let doc = parse(text);
    let links: Vec<(LinkKind, &str, &str)> = doc
        .links
        .iter()
        .map(|l| (l.kind, l.dest.as_str(), &text[l.span.clone()]))
        .collect();
    assert_eq!(
        links,
        [
            (
                LinkKind::Inline,
                "https://eprint.iacr.org/2016/260",
                "https://eprint.iacr.org/2016/260"
            ),
            (LinkKind::Wiki, "PRD-1", "PRD-1"),
            (LinkKind::Inline, "./a b.md", "./a b.md"),
            (LinkKind::Inline, "u(1)", "u(1)"),
        ]
    );
}

#[test]
fn citation_events_keep_the_brackets_as_text_and_the_rest_of_the_line() {
    let text = "A [[Groth16]](https://x.org/p) proof.";
    let events: Vec<String> = MarkdownEvents::new(text)
        .filter_map(|(e, _)| match e {
            pulldown_cmark::Event::Text(t) => Some(t.to_string()),
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) => {
                Some(format!("<{dest_url}>"))
            }
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Link) => Some("</>".into()),
            _ => None,
        })
        .collect();
    assert_eq!(
        events,
        [
            "A ",
            "<https://x.org/p>",
            "[",
            "Groth16",
            "]",
            "</>",
            " proof."
        ]
    );
}
