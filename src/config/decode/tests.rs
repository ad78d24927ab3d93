use super::*;
use crate::config::{FieldType, IdFormat, Phase};
use crate::diag::Rule;

fn parse(text: &str) -> (Config, Vec<Diagnostic>) {
    parse_config(text, "spex.yaml")
}

fn messages(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(|d| d.message.clone()).collect()
}

#[test]
fn builtin_kinds_decode_without_diagnostics() {
    let (config, diagnostics) = parse("");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let names: Vec<&str> = config.kinds.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "decision",
            "objective",
            "prd",
            "release",
            "roadmap",
            "vision"
        ]
    );
    let prd = &config.kinds["prd"];
    assert!(prd.fields["owner"].required);
    assert!(prd.fields["depends_on"].dependency);
    assert_eq!(
        prd.status_field().unwrap().1[2],
        ("approved".to_owned(), Phase::Committed)
    );
}

#[test]
fn unknown_keys_are_reported_with_a_suggestion() {
    let (_, diagnostics) = parse("site:\n  titel: Specs\nexlude: [a]\n");
    assert_eq!(
        messages(&diagnostics),
        [
            "unknown key `exlude` in spex.yaml",
            "unknown key `titel` in `site`"
        ]
    );
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `exclude`?")
    );
    assert_eq!(
        diagnostics[1].help.as_deref(),
        Some("did you mean `title`?")
    );
    assert_eq!(diagnostics[1].primary.range, 8..13);
}

#[test]
fn rule_levels_are_read_in_both_spellings() {
    let (config, diagnostics) =
        parse("rules:\n  orphan: allow\n  empty-body: { severity: error }\n");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(config.rule_level(Rule::Orphan), Level::Allow);
    assert_eq!(config.rule_level(Rule::EmptyBody), Level::Error);
}

#[test]
fn bad_rule_names_and_levels_are_reported() {
    let (_, diagnostics) = parse("rules:\n  orphans: warn\n  empty-body: warning-ish\n");
    assert_eq!(
        messages(&diagnostics),
        ["unknown rule `orphans`", "invalid severity `warning-ish`"]
    );
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `orphan`?")
    );
}

#[test]
fn custom_kinds_with_integer_ids_and_all_field_types() {
    let text = r#"
kinds:
  rfc:
    id: { field: number, format: integer, pattern: "RFC-{n}" }
    paths: ["rfcs/**"]
    fields:
      title: { type: string, required: true }
      requires: { type: refs, kinds: [rfc], dependency: true }
      created: date
      target: quarter | date
      homepage: url
      authors: { type: list, items: person }
      stage: { type: enum, values: [idea, final] }
"#;
    let (config, diagnostics) = parse(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let rfc = &config.kinds["rfc"];
    assert_eq!(rfc.id.format, IdFormat::Integer);
    assert_eq!(rfc.display_id(42), "RFC-42");
    assert_eq!(
        rfc.fields["target"].ty,
        FieldType::OneOf(vec![FieldType::Quarter, FieldType::Date])
    );
    assert!(
        config.kinds.contains_key("prd"),
        "built-in kinds stay available"
    );
}

#[test]
fn id_patterns_accept_format_string_braces() {
    let (config, diagnostics) =
        parse("kinds:\n  rfc:\n    id: { field: number, format: integer, pattern: \"RFC-{}\" }\n");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(config.kinds["rfc"].display_id(7), "RFC-7");
    let (_, diagnostics) = parse("kinds:\n  rfc:\n    id: { pattern: \"RFC-{}-{}\" }\n");
    assert_eq!(messages(&diagnostics), ["invalid ID pattern `RFC-{}-{}`"]);
}

#[test]
fn field_types_and_kind_names_are_checked() {
    let text = "kinds:\n  rfc:\n    fields:\n      a: strng\n      b: { type: refs, kinds: [prdd] }\n      c: { type: enum }\n";
    let (_, diagnostics) = parse(text);
    assert_eq!(
        messages(&diagnostics),
        [
            "field `a`: unknown type `strng`",
            "field `c` is an enum but has no `values`",
            "unknown kind `prdd`"
        ]
    );
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `string`?")
    );
    assert_eq!(diagnostics[2].help.as_deref(), Some("did you mean `prd`?"));
}

#[test]
fn yaml_errors_in_the_config_are_diagnostics() {
    let (_, diagnostics) = parse("site: [unclosed\n");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].rule, Rule::Config);
}

#[test]
fn base_url_always_ends_with_a_slash() {
    let (config, _) = parse("site:\n  base_url: /specs\n");
    assert_eq!(config.site.base_url, "/specs/");
}

#[test]
fn every_kind_accepts_confidential_as_a_boolean() {
    // A confidential decision used to be an unknown field, so the flag was never read
    // as meant; built-in and custom kinds alike now take it.
    let (config, diagnostics) =
        parse("kinds:\n  rfc:\n    id: { pattern: \"RFC-{n}\" }\n    paths: [\"rfcs/**\"]\n");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    for (name, kind) in &config.kinds {
        let field = kind.fields.get("confidential");
        assert!(
            field.is_some_and(|f| matches!(f.ty, FieldType::Bool)),
            "kind `{name}` has no boolean `confidential` field"
        );
    }
}

/// Issue 13 §1: adding one field to a built-in kind dropped all the others.
#[test]
fn a_workspace_kind_named_like_a_built_in_one_extends_it() {
    let (config, diagnostics) =
        parse("kinds:\n  prd:\n    fields:\n      jira: url\n      owner: person\n");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let prd = &config.kinds["prd"];
    assert_eq!(prd.fields["jira"].ty, FieldType::Url);
    assert!(
        prd.fields.contains_key("depends_on"),
        "built-in fields stay"
    );
    assert!(
        !prd.fields["owner"].required,
        "a redeclared field replaces the built-in one"
    );
    assert_eq!(prd.id.pattern.as_ref().unwrap().to_string(), "PRD-{n}");
    assert_eq!(prd.role, Some(crate::config::Role::Prd));
}

#[test]
fn remove_drops_inherited_fields_and_reports_what_it_cannot_drop() {
    let (config, diagnostics) = parse(
        "kinds:\n  prd:\n    remove: [team, priorty, confidential, jira]\n    fields:\n      jira: url\n",
    );
    assert!(!config.kinds["prd"].fields.contains_key("team"));
    assert_eq!(config.kinds["prd"].removed, ["team"]);
    assert_eq!(
        messages(&diagnostics),
        [
            "kind `prd` has no field `priorty` to remove",
            "`confidential` cannot be removed",
            "field `jira` is both removed and declared in kind `prd`",
        ]
    );
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `priority`?")
    );
    assert_eq!(diagnostics[0].primary.range, 33..40);
}

#[test]
fn extends_starts_a_new_kind_from_another_kinds_fields() {
    let (config, diagnostics) = parse(
        "kinds:\n  feature:\n    extends: prd\n    id: { pattern: \"FEAT-{n}\" }\n    paths: [\"features/**\"]\n    remove: [rice]\n",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let feature = &config.kinds["feature"];
    assert_eq!(feature.extends.as_deref(), Some("prd"));
    assert!(feature.fields["owner"].required);
    assert!(!feature.fields.contains_key("rice"));
    assert_eq!(
        feature.role, None,
        "the meaning of a kind is its own choice"
    );
    assert!(
        config.kinds["prd"].fields.contains_key("rice"),
        "prd is untouched"
    );
}

#[test]
fn bad_extends_is_reported_at_its_value() {
    let (_, diagnostics) =
        parse("kinds:\n  feature:\n    extends: prdd\n  prd:\n    extends: decision\n");
    assert_eq!(
        messages(&diagnostics),
        [
            "`extends`: unknown kind `prdd`",
            "kind `prd` already extends the built-in `prd`: `extends` is for new kinds",
        ]
    );
    assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `prd`?"));
    assert_eq!(diagnostics[0].primary.range, 31..35);
}

#[test]
fn conditional_requirements_are_read_in_all_four_spellings() {
    let text = "kinds:\n  eip:\n    fields:\n      status: { type: status, values: { Draft: proposed, Last Call: proposed, Moved: inactive } }\n      title: { type: string, required_unless: { status: Moved } }\n      deadline: { type: date, required_if: { status: Last Call }, forbidden_unless: { status: [Last Call] } }\n      note: { type: text, forbidden_if: { status: [Draft, Moved] } }\n";
    let (config, diagnostics) = parse(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let fields = &config.kinds["eip"].fields;
    let keys = |f: &str| -> Vec<&str> { fields[f].conditions.iter().map(|c| c.key()).collect() };
    assert_eq!(keys("title"), ["required_unless"]);
    assert_eq!(keys("deadline"), ["required_if", "forbidden_unless"]);
    assert_eq!(fields["note"].conditions[0].values, ["Draft", "Moved"]);
    let deadline = &fields["deadline"].conditions[1];
    assert!(
        deadline.applies(&["Draft".into()]),
        "forbidden unless Last Call"
    );
    assert!(!deadline.applies(&["Last Call".into()]));
    assert!(deadline.applies(&[]), "no status is not Last Call");
}

#[test]
fn conditions_on_unknown_fields_or_impossible_values_are_config_errors() {
    let text = "kinds:\n  eip:\n    fields:\n      status: { type: status, values: { Draft: proposed, Last Call: proposed } }\n      a: { type: date, required_if: { stauts: Last Call } }\n      b: { type: date, required_if: { status: Last Cal } }\n      c: { type: date, required: true, required_unless: { status: Draft } }\n      d: { type: date, forbidden_if: { status: Draft, a: x } }\n";
    let (_, diagnostics) = parse(text);
    assert_eq!(
        messages(&diagnostics),
        [
            "field `c` is both `required: true` and `required_unless`",
            "`forbidden_if` of field `d` must name exactly one field and its value",
            "`required_if` of field `a` reads an unknown field `stauts`",
            "`status` can never be `Last Cal`: the condition never holds",
        ]
    );
    assert_eq!(
        diagnostics[2].help.as_deref(),
        Some("did you mean `status`?")
    );
    assert_eq!(
        diagnostics[3].help.as_deref(),
        Some("did you mean `Last Call`?")
    );
    let at = text.find("Last Cal }").unwrap();
    assert_eq!(diagnostics[3].primary.range, at..at + 8);
}

#[test]
fn misused_constraints_are_config_errors_at_their_value() {
    let text = "kinds:\n  eip:\n    file_name: eip.md\n    field_order: [title, titel, title]\n    fields:\n      title: { type: string, pattern: \"[a-z\", sorted: true }\n      n: { type: number, max_length: 3 }\n      tags: { type: list, items: string, min_length: 5, max_length: 2, unique: true, min_items: 3, max_items: 1 }\n      m: { type: list, items: { type: record, fields: { a: string } }, sorted: true }\n      flag: { type: bool, placeholders: [TBD] }\n";
    let (_, diagnostics) = parse(text);
    assert_eq!(
        messages(&diagnostics),
        [
            "`file_name: eip.md` does not say where the ID goes",
            "field `title`: invalid pattern `[a-z`",
            "field `title`: `sorted` applies to lists only",
            "field `n`: `max_length` applies to text, not to a number",
            "field `tags`: `min_length` 5 is above `max_length` 2",
            "field `tags`: `min_items` 3 is above `max_items` 1",
            "field `m`: `sorted` applies to lists of values, not of mappings",
            "field `flag`: `placeholders` applies to text, not to true or false",
            "`field_order`: kind `eip` has no field `titel`",
            "`field_order` lists `title` twice",
        ]
    );
    assert_eq!(
        diagnostics[1].help.as_deref(),
        Some("error: unclosed character class")
    );
    assert_eq!(
        diagnostics[8].help.as_deref(),
        Some("did you mean `title`?")
    );
}

#[test]
fn status_order_takes_an_order_and_exempt_statuses_of_known_kinds() {
    let (config, diagnostics) = parse(
        "rules:\n  status-order: { order: [draft, review, aproved], exempt: [deprecated] }\n  orphan: { order: [draft] }\n",
    );
    assert_eq!(
        messages(&diagnostics),
        [
            "unknown key `order` in rule `orphan`",
            "no kind has the status `aproved`"
        ]
    );
    assert_eq!(
        diagnostics[1].help.as_deref(),
        Some("did you mean `approved`?")
    );
    let setting = &config.rules[&Rule::StatusOrder];
    assert_eq!(setting.order, ["draft", "review", "aproved"]);
    assert_eq!(
        setting.exempt.as_deref(),
        Some(&["deprecated".to_owned()][..])
    );
}

#[test]
fn sections_are_read_as_a_list_or_with_an_order() {
    let (config, diagnostics) = parse(
        "kinds:\n  kep:\n    sections: [Summary, Motivation]\n  adr:\n    sections: { required: [Context, Decision], ordered: true }\n",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(config.kinds["kep"].sections, ["Summary", "Motivation"]);
    assert!(!config.kinds["kep"].sections_ordered);
    assert!(config.kinds["adr"].sections_ordered);
    let (_, diagnostics) = parse(
        "kinds:\n  kep:\n    sections: [Summary, summary, \"\"]\n  adr:\n    sections: { ordered: true, requird: [A] }\n",
    );
    assert_eq!(
        messages(&diagnostics),
        [
            "section `summary` is listed twice (headings match in any case)",
            "a required section needs a heading text",
            "unknown key `requird` in `sections` of kind `adr`",
            "`sections` of kind `adr` has no `required` list",
        ]
    );
    let (config, diagnostics) = parse(
        "kinds:\n  decision:\n    sections: { required: [Context], required_unless: { status: rejected } }\n  prd:\n    sections: { required: [Goals], required_if: { stauts: approved } }\n",
    );
    assert_eq!(
        messages(&diagnostics),
        ["`required_if` of `sections` reads an unknown field `stauts`"]
    );
    let when = &config.kinds["decision"].sections_when;
    assert_eq!(when.len(), 1);
    assert!(!when[0].applies(&["rejected".into()]));
}

#[test]
fn suspect_link_takes_cosmetic_fields_and_normative_sections_by_kind() {
    let (config, diagnostics) = parse(
        "rules:\n  suspect-link: { cosmetic: [updated], normative: { prd: [Requirements], roadmap: [] }, days: 3 }\n",
    );
    assert_eq!(
        messages(&diagnostics),
        ["unknown key `days` in rule `suspect-link`"]
    );
    let setting = &config.rules[&Rule::SuspectLink];
    assert_eq!(
        setting.cosmetic.as_deref(),
        Some(&["updated".to_owned()][..])
    );
    assert_eq!(setting.normative["prd"], ["Requirements"]);
    assert!(setting.normative["roadmap"].is_empty());
}
