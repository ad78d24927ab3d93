//! `spex schema`: a JSON Schema of each kind's front matter, from this workspace's
//! spex.yaml over the built-in kinds. Reads only spex.yaml, no documents.

use std::io::Write;
use std::process::ExitCode;

use super::Cli;
use super::args::SchemaArgs;
use super::report::{Outcome, config_alone};
use super::write_whole::write_whole;
use crate::diag::suggestion_help;
use crate::json_schema::{kind_schema, kind_schemas};

pub fn run(cli: &Cli, args: &SchemaArgs) -> Outcome {
    // A schema of a broken spex.yaml would disagree with `spex check`: say why instead.
    let config = &config_alone(cli)?;
    let schemas = match &args.kind {
        None => kind_schemas(config),
        Some(name) => {
            let Some(kind) = config.kind(name) else {
                eprintln!("error: unknown kind `{name}`");
                let help = suggestion_help(name, config.kinds.keys().map(String::as_str))
                    .unwrap_or_else(|| {
                        let names: Vec<&str> = config.kinds.keys().map(String::as_str).collect();
                        format!("the kinds are: {}", names.join(", "))
                    });
                eprintln!("  = help: {help}");
                return Ok(ExitCode::from(2));
            };
            [(name.clone(), kind_schema(config, kind))].into()
        }
    };
    match &args.out {
        Some(dir) => {
            for (name, schema) in &schemas {
                write_whole(&dir.join(format!("{name}.schema.json")), &pretty(schema))?;
            }
        }
        None => {
            // One kind prints its schema; every kind, an object of schemas by kind name.
            let text = match &args.kind {
                Some(name) => pretty(&schemas[name]),
                None => pretty(&serde_json::to_value(&schemas).unwrap_or_default()),
            };
            // A closed pipe (`spex schema | head`) is not an error worth reporting.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn pretty(value: &serde_json::Value) -> String {
    // A JSON value always serializes.
    serde_json::to_string_pretty(value).expect("a schema serializes") + "\n"
}
