use serde_json::json;

use super::{kind_schema, kind_schemas};
use crate::config::{Config, parse_config};

fn prd() -> serde_json::Value {
    let config = Config::builtin();
    kind_schema(&config, &config.kinds["prd"])
}

#[test]
fn a_kind_schema_requires_its_id_and_required_fields() {
    let schema = prd();
    assert_eq!(schema["required"], json!(["id", "owner", "title"]));
    assert_eq!(schema["properties"]["kind"], json!({ "const": "prd" }));
    assert_eq!(
        schema["properties"]["id"]["pattern"],
        json!("^\\s*PRD-[0-9]+\\s*$")
    );
    assert_eq!(schema["additionalProperties"], json!(false));
}

#[test]
fn enums_statuses_and_bounds_come_from_the_config() {
    let schema = prd();
    let status = &schema["properties"]["status"]["anyOf"][0]["enum"];
    assert_eq!(
        status,
        &json!([
            "draft",
            "review",
            "approved",
            "in-progress",
            "shipped",
            "deprecated"
        ])
    );
    // Required inside `rice`, so not nullable.
    let confidence = &schema["properties"]["rice"]["anyOf"][0]["properties"]["confidence"];
    assert_eq!(confidence["minimum"], json!(0.0));
    assert_eq!(confidence["maximum"], json!(1.0));
}

#[test]
fn references_are_id_patterns_of_the_kinds_allowed() {
    let schema = prd();
    let objectives = schema["properties"]["objectives"]["anyOf"][0]["anyOf"][1].to_string();
    assert!(objectives.contains("OBJ-[0-9]+"), "{objectives}");
    assert!(!objectives.contains("PRD-"), "{objectives}");
}

#[test]
fn custom_kinds_and_integer_ids_get_schemas() {
    let yaml = "kinds:\n  rfc:\n    id: { field: number, format: integer, pattern: \"RFC-{n}\" }\n    paths: [\"rfcs/**\"]\n    fields:\n      title: { type: string, required: true }\n      requires: { type: refs, kinds: [rfc] }\n";
    let (config, diagnostics) = parse_config(yaml, "spex.yaml");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let schemas = kind_schemas(&config);
    let rfc = &schemas["rfc"];
    assert_eq!(rfc["required"], json!(["number", "title"]));
    assert_eq!(
        rfc["properties"]["number"]["anyOf"][0],
        json!({ "type": "integer", "minimum": 0 })
    );
    assert!(schemas.contains_key("prd"), "built-in kinds stay");
}

#[test]
fn unknown_fields_are_allowed_only_when_the_rule_is_off() {
    let (config, _) = parse_config("rules:\n  unknown-field: off\n", "spex.yaml");
    let schema = kind_schema(&config, &config.kinds["prd"]);
    assert_eq!(schema["additionalProperties"], json!(true));
}
