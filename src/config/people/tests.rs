use crate::config::{PersonMatch, parse_config};
use crate::diag::{Diagnostic, LineIndex};

fn parse(text: &str) -> (crate::config::Config, Vec<Diagnostic>) {
    parse_config(text, "spex.yaml")
}

/// Each diagnostic as `line: message` (1-based lines), for errors that must sit at
/// their entry.
fn located(text: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    let lines = LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                lines.line_of(d.primary.range.start) + 1,
                d.message
            )
        })
        .collect()
}

#[test]
fn without_people_there_is_no_list() {
    let (config, diagnostics) = parse("output: out\n");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(config.people.is_none());
}

#[test]
fn people_are_plain_names_or_mappings() {
    let text = "people:\n  - Sam Ortiz\n  - name: Riley Chen\n    aliases: [Riley, R. Chen]\n    email: riley@example.com\n    github: \"@rchen\"\n    team: Checkout\n";
    let (config, diagnostics) = parse(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let people = config.people.expect("a list");
    assert_eq!(
        people.names().collect::<Vec<_>>(),
        ["Sam Ortiz", "Riley Chen"]
    );
    let riley = &people.list[1];
    assert_eq!(riley.github.as_deref(), Some("rchen"));
    assert_eq!(riley.team.as_deref(), Some("Checkout"));
    assert!(
        matches!(people.find("Sam Ortiz"), Some(PersonMatch::Name(p)) if p.name == "Sam Ortiz")
    );
    for alias in ["Riley", " R. Chen ", "riley@example.com", "@rchen"] {
        assert!(
            matches!(people.find(alias), Some(PersonMatch::Alias(p)) if p.name == "Riley Chen"),
            "{alias}"
        );
    }
    assert_eq!(people.find("Riley Chenn"), None);
    assert_eq!(people.find("rchen"), None, "a login is written with `@`");
    assert_eq!(config.origins.get("/people"), Some(&1));
}

#[test]
fn an_empty_list_checks_every_name() {
    let (config, diagnostics) = parse("people: []\n");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(config.people.expect("a list").list.len(), 0);
}

#[test]
fn bad_entries_are_config_errors_at_their_line() {
    let text = "people:\n  - Sam Ortiz\n  - name: Sam Ortiz\n  - { aliases: [Bo] }\n  - name: Ana Lima\n    aliases: [Sam Ortiz]\n  - { name: Jo Park, email: jo-at-example, github: -jo- }\n  - { name: Al Nur, emial: al@example.com }\n  - [Bo Li]\n  - \"  \"\n  - { name: Li Wei, aliases: [Wei, Wei] }\n";
    let (config, diagnostics) = parse(text);
    assert_eq!(
        located(text, &diagnostics),
        [
            "3: `Sam Ortiz` is listed twice in `people`",
            "4: this person has no `name`",
            "6: `Sam Ortiz` is already a person in `people`",
            "7: `jo-at-example` is not an e-mail address",
            "7: `-jo-` is not a GitHub login",
            "8: unknown key `emial` in a person",
            "9: a person must be a string, found a list",
            "10: a person's name is empty",
            "11: `Wei` is repeated in this person's entry",
        ]
    );
    // The entries that were readable still count.
    let people = config.people.expect("a list");
    assert_eq!(
        people.names().collect::<Vec<_>>(),
        ["Sam Ortiz", "Jo Park", "Al Nur"]
    );
    assert!(
        diagnostics[5]
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("email")
    );
}

#[test]
fn people_must_be_a_list() {
    let text = "people: Riley Chen\n";
    let (config, diagnostics) = parse(text);
    assert_eq!(
        located(text, &diagnostics),
        ["1: `people` must be a list of people, found a string"]
    );
    assert_eq!(config.people.map(|p| p.list.len()), Some(0));
}
