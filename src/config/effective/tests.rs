use super::*;
use crate::config::parse_config;

/// The tree without origins, to compare what two configs mean.
fn strip(shown: &Shown) -> Shown {
    match shown {
        Shown::Map(entries) => Shown::Map(
            entries
                .iter()
                .map(|e| Entry {
                    key: e.key.clone(),
                    value: strip(&e.value),
                    origin: None,
                })
                .collect(),
        ),
        Shown::List(items) => Shown::List(items.iter().map(strip).collect()),
        other => other.clone(),
    }
}

#[test]
fn the_printed_configuration_reads_back_as_the_same_configuration() {
    let text = "site:\n  title: \"Specs: 2027\"\nkinds:\n  prd:\n    fields:\n      jira: { type: url, required_if: { status: [review, approved] }, forbidden_if: { status: draft } }\n      tags: { type: list, items: string, sorted: true, unique: true, pattern: \"[a-z]+( [a-z]+)*\", min_length: 2, max_length: 20, min_items: 1, max_items: 9, placeholders: [TBD, \"None\"] }\n    remove: [team]\n    file_name: \"PRD-{n}.md\"\n    field_order: [id, title]\n    sections: { required: [Summary, Motivation], ordered: true }\n  rfc:\n    sections: [Abstract]\n    extends: prd\n    paths: [\"rfcs/**\"]\n    id: { field: number, format: integer, pattern: \"RFC-{n}\" }\npeople:\n  - Sam Ortiz\n  - { name: Riley Chen, aliases: [Riley], email: riley@example.com, github: rchen, team: Checkout }\nrules:\n  stale: { severity: warn, days: 30 }\n  status-order: { order: [draft, review, approved], exempt: [deprecated] }\n";
    let (config, diagnostics) = parse_config(text, "spex.yaml");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let shown = effective_config(&config);
    let printed = to_commented_yaml(&shown);
    let (again, diagnostics) = parse_config(&printed, "spex.yaml");
    assert!(diagnostics.is_empty(), "{printed}\n{diagnostics:?}");
    assert_eq!(
        to_commented_yaml(&strip(&effective_config(&again))),
        to_commented_yaml(&strip(&shown))
    );
}

#[test]
fn each_setting_says_where_it_came_from() {
    let text = "site:\n  title: Specs\nkinds:\n  prd:\n    fields:\n      jira: url\n";
    let (config, _) = parse_config(text, "spex.yaml");
    let origins: std::collections::BTreeMap<String, String> =
        effective_config(&config).origins().into_iter().collect();
    assert_eq!(origins["/site/title"], "spex.yaml:2");
    assert_eq!(origins["/site/base_url"], "built-in");
    assert_eq!(origins["/kinds/prd"], "built-in, extended at spex.yaml:4");
    assert_eq!(origins["/kinds/prd/fields/jira"], "spex.yaml:6");
    assert_eq!(origins["/kinds/prd/fields/owner"], "built-in");
    assert_eq!(origins["/kinds/vision"], "built-in");
}

#[test]
fn yaml_scalars_are_quoted_only_when_needed() {
    assert_eq!(yaml_scalar("prds/**"), "prds/**");
    assert_eq!(yaml_scalar("PRD-{n}"), "\"PRD-{n}\"");
    assert_eq!(yaml_scalar("true"), "\"true\"");
    assert_eq!(yaml_scalar("42"), "\"42\"");
    assert_eq!(yaml_scalar("a: b"), "\"a: b\"");
    assert_eq!(yaml_scalar(""), "\"\"");
}

/// The round trip above cannot see a key both sides leave out: every key that can be set
/// must show up when it is.
#[test]
fn every_setting_that_can_be_made_is_shown() {
    let text = "rules:\n  status-order: { order: [draft, review], exempt: [deprecated] }\nkinds:\n  prd:\n    file_name: \"PRD-{n}.md\"\n    field_order: [id, title]\n    sections: { required: [Summary], ordered: true }\n    remove: [team]\n    fields:\n      jira: { type: url, required_if: { status: review }, required_unless: { priority: P3 }, forbidden_if: { status: draft }, forbidden_unless: { priority: [P0, P1] } }\n      tags: { type: list, items: string, sorted: true, unique: true, pattern: \"[a-z]+\", min_length: 2, max_length: 20, min_items: 1, max_items: 9, placeholders: [TBD], description: Tags }\n  rfc:\n    extends: prd\n    sections: [Abstract]\n  decision:\n    sections: { required: [Context], required_unless: { status: rejected } }\n";
    let (config, diagnostics) = parse_config(text, "spex.yaml");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let printed = to_commented_yaml(&effective_config(&config));
    for shown in [
        "order: [draft, review]",
        "exempt: [deprecated]",
        "file_name: \"PRD-{n}.md\"",
        "field_order: [id, title]",
        "sections: { required: [Summary], ordered: true }",
        "sections: [Abstract]",
        "      required: [Context]\n      required_unless: { status: rejected }",
        "remove: [team]",
        "extends: prd",
        "required_if: { status: review }",
        "required_unless: { priority: P3 }",
        "forbidden_if: { status: draft }",
        "forbidden_unless: { priority: [P0, P1] }",
        "sorted: true",
        "unique: true",
        "pattern: \"[a-z]+\"",
        "min_length: 2",
        "max_length: 20",
        "min_items: 1",
        "max_items: 9",
        "placeholders: [TBD]",
        "description: Tags",
        "description: A product requirement document.  # built-in (via prd)",
    ] {
        assert!(printed.contains(shown), "no `{shown}` in\n{printed}");
    }
}
