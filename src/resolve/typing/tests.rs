use super::*;
use crate::parse::yaml::parse_yaml;

fn type_prd(front_matter: &str) -> (BTreeMap<String, Field>, Vec<Diagnostic>, Vec<Reference>) {
    let config = Config::builtin();
    let node = parse_yaml(front_matter).unwrap();
    let mut typer = Typer::new("prds/a.md", front_matter, &config);
    let ctx = RecordContext {
        path: "",
        what: "kind `prd`",
        extra_keys: &["id", "kind"],
    };
    let fields = typer.record(&node, &config.kinds["prd"].fields, &ctx);
    (fields, typer.diagnostics, typer.refs)
}

fn rules(diagnostics: &[Diagnostic]) -> Vec<Rule> {
    diagnostics.iter().map(|d| d.rule).collect()
}

#[test]
fn references_accept_a_list_a_scalar_or_a_comma_separated_string() {
    let text = "title: T\nowner: M\ndepends_on: [PRD-1, PRD-2]\nobjectives: OBJ-1\nrelated: \"PRD-3, DEC-4\"\n";
    let (_, diagnostics, refs) = type_prd(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let targets: Vec<&str> = refs.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(targets, ["PRD-1", "PRD-2", "OBJ-1", "PRD-3", "DEC-4"]);
    // Each comma-separated item has its own exact span, inside the quotes.
    assert_eq!(&text[refs[4].span.clone()], "DEC-4");
    assert!(refs[0].is_dependency());
}

#[test]
fn missing_required_fields_are_reported() {
    let (_, diagnostics, _) = type_prd("title: T\n");
    assert_eq!(rules(&diagnostics), [Rule::MissingField]);
    assert!(diagnostics[0].message.contains("`owner`"));
}

#[test]
fn wrong_shapes_are_invalid_types_and_wrong_values_invalid_values() {
    let text = "title: [a]\nowner: M\nstatus: Approved\ntarget: 2026-Q5\nconfidential: yes\npriority: P9\n";
    let (_, diagnostics, _) = type_prd(text);
    assert_eq!(
        rules(&diagnostics),
        [
            Rule::InvalidType,
            Rule::InvalidValue,
            Rule::InvalidValue,
            Rule::InvalidType,
            Rule::InvalidValue
        ]
    );
    assert_eq!(
        diagnostics[1].help.as_deref(),
        Some("did you mean `approved`?")
    );
}

#[test]
fn targets_may_be_quarters_or_dates() {
    let (fields, diagnostics, _) = type_prd("title: T\nowner: M\ntarget: 2027-02-30\n");
    assert_eq!(rules(&diagnostics), [Rule::InvalidValue]);
    assert!(!fields.contains_key("target"));
    let (fields, diagnostics, _) = type_prd("title: T\nowner: M\ntarget: 2027-02-28\n");
    assert!(diagnostics.is_empty());
    assert_eq!(
        fields["target"].value.as_quarter().unwrap().to_string(),
        "2027-Q1"
    );
}

#[test]
fn records_check_their_own_fields() {
    let text = "title: T\nowner: M\nrice: { reach: 10, impact: 1, confidence: 1.5, effrt: 2 }\n";
    let (_, diagnostics, _) = type_prd(text);
    // No "missing `effort`": the unknown `effrt` already says what is wrong.
    assert_eq!(
        rules(&diagnostics),
        [Rule::InvalidValue, Rule::UnknownField]
    );
    assert_eq!(
        diagnostics[1].help.as_deref(),
        Some("did you mean `effort`?")
    );
}

#[test]
fn integer_references_resolve_to_integer_kinds() {
    let (config, diagnostics) = crate::config::parse_config(
        "kinds:\n  rfc:\n    id: { field: number, format: integer, pattern: \"RFC-{n}\" }\n",
        "spex.yaml",
    );
    assert!(diagnostics.is_empty());
    assert_eq!(canonical_id(&config, "42", &["rfc".into()]), "RFC-42");
    assert_eq!(canonical_id(&config, "PRD-1", &[]), "PRD-1");
}

/// Types `front_matter` against kind `k` of `spex_yaml`.
fn type_with(spex_yaml: &str, front_matter: &str) -> Vec<Diagnostic> {
    let (config, problems) = crate::config::parse_config(spex_yaml, "spex.yaml");
    assert!(problems.is_empty(), "{problems:?}");
    let node = parse_yaml(front_matter).unwrap();
    let mut typer = Typer::new("k/a.md", front_matter, &config);
    let ctx = RecordContext {
        path: "",
        what: "kind `k`",
        extra_keys: &["id"],
    };
    typer.record(&node, &config.kinds["k"].fields, &ctx);
    typer.diagnostics
}

fn messages_of(diagnostics: &[Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.message.as_str()).collect()
}

/// Issue 13 §5c: `authors: []` passed as present.
#[test]
fn a_required_field_must_be_filled_not_only_present() {
    let config = "kinds:\n  k:\n    fields:\n      title: { type: string, required: true }\n      authors: { type: list, items: person, required: true }\n";
    let text = "title: \"  \"\nauthors: []\n";
    let diagnostics = type_with(config, text);
    assert_eq!(
        messages_of(&diagnostics),
        [
            "required field `authors` is empty",
            "required field `title` is empty"
        ]
    );
    assert_eq!(&text[diagnostics[0].primary.range.clone()], "[]");
    assert!(type_with(config, "title: T\nauthors: [Ana]\n").is_empty());
}

#[test]
fn placeholders_count_as_no_value() {
    let config = "kinds:\n  k:\n    fields:\n      owner: { type: person, required: true, placeholders: [TBD, TODO] }\n      reviewers: { type: list, items: person, placeholders: [TBD], min_items: 1 }\n      note: { type: text, placeholders: [None] }\n";
    let text = "owner: tbd\nreviewers: [TBD]\nnote: None\n";
    let diagnostics = type_with(config, text);
    assert_eq!(
        messages_of(&diagnostics),
        [
            "`reviewers` has 0 items; it must have at least 1",
            "required field `owner` holds the placeholder `tbd`",
        ]
    );
    assert_eq!(&text[diagnostics[1].primary.range.clone()], "tbd");
    assert_eq!(
        diagnostics[1].help.as_deref(),
        Some("replace `tbd` with a person")
    );
}

#[test]
fn conditional_requirements_use_the_same_notion_of_a_value() {
    let config = "kinds:\n  k:\n    fields:\n      status: { type: enum, values: [Draft, Withdrawn] }\n      reason: { type: text, required_if: { status: Withdrawn }, forbidden_unless: { status: Withdrawn }, placeholders: [TBD] }\n";
    let diagnostics = type_with(config, "status: Withdrawn\nreason: TBD\n");
    assert_eq!(
        messages_of(&diagnostics),
        [
            "required field `reason` holds the placeholder `TBD`: it is required when `status` is `Withdrawn`"
        ]
    );
    // A placeholder is no value, so it is not forbidden either.
    assert!(type_with(config, "status: Draft\nreason: TBD\n").is_empty());
    let forbidden = type_with(config, "status: Draft\nreason: Superseded\n");
    assert_eq!(rules(&forbidden), [Rule::ForbiddenField]);
}

#[test]
fn item_counts_are_checked_against_min_and_max_items() {
    let config = "kinds:\n  k:\n    fields:\n      tags: { type: list, items: string, min_items: 2, max_items: 3 }\n";
    assert_eq!(
        messages_of(&type_with(config, "tags: [a]\n")),
        ["`tags` has 1 item; it must have at least 2"]
    );
    assert_eq!(
        messages_of(&type_with(config, "tags: a, b, c, d\n")),
        ["`tags` has 4 items; it must have at most 3"]
    );
    assert!(type_with(config, "tags: [a, b]\n").is_empty());
}

#[test]
fn issue_13_a_lowercase_quarter_is_read_with_a_spelling_warning() {
    let (fields, diagnostics, _) = type_prd("title: T\nowner: M\ntarget: 2027-q3\n");
    assert_eq!(rules(&diagnostics), [Rule::QuarterSpelling]);
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("write quarters as `2027-Q3`")
    );
    assert!(matches!(
        fields["target"].value,
        FieldValue::Quarter(q) if q.to_string() == "2027-Q3"
    ));
}

#[test]
fn item_paths_read_like_indexing() {
    assert_eq!(super::item_path("tags", 0), "tags[0]");
    assert_eq!(super::item_path("rice.items", 1207), "rice.items[1207]");
    assert_eq!(
        super::item_path("", usize::MAX),
        format!("[{}]", usize::MAX)
    );
}
