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
