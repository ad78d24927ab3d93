//! `spex rules`: the rule catalogue with this workspace's levels (after `rules:` in
//! spex.yaml), or one rule's documentation. Reads only spex.yaml, no documents.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use super::Cli;
use super::args::{RulesArgs, RulesFormat};
use super::report::{Outcome, config_alone};
use crate::config::{Config, Level, RuleDoc, explain_rule};
use crate::diag::{Rule, suggestion_help};

pub fn run(cli: &Cli, args: &RulesArgs) -> Outcome {
    // The levels shown would be wrong; say why, as every command does.
    let config = &config_alone(cli)?;
    let out = match &args.name {
        None => match args.format {
            RulesFormat::Human => table(config),
            RulesFormat::Json => {
                let all: Vec<RuleDoc> =
                    Rule::ALL.iter().map(|r| RuleDoc::new(*r, config)).collect();
                to_json(&all)
            }
        },
        Some(name) => {
            let Some(rule) = Rule::from_name(name) else {
                eprintln!("error: unknown rule `{name}`");
                let help = suggestion_help(name, Rule::ALL.iter().map(|r| r.name()))
                    .unwrap_or_else(|| "`spex rules` lists them all".into());
                eprintln!("  = help: {help}");
                return Ok(ExitCode::from(2));
            };
            match args.format {
                RulesFormat::Human => explain_rule(rule, config),
                RulesFormat::Json => to_json(&RuleDoc::new(rule, config)),
            }
        }
    };
    // A closed pipe (`spex rules | head`) is not an error worth reporting.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// One line per rule: name, level here, summary, in aligned columns.
fn table(config: &Config) -> String {
    let width = Rule::ALL.iter().map(|r| r.name().len()).max().unwrap_or(0);
    let level_width = Level::NAMES.iter().map(|l| l.len()).max().unwrap_or(0);
    let mut out = format!("{:width$}  {:level_width$}  summary\n", "rule", "level");
    for rule in Rule::ALL {
        out.push_str(&format!(
            "{:width$}  {:level_width$}  {}\n",
            rule.name(),
            config.rule_level(rule).as_str(),
            rule.summary()
        ));
    }
    out
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Plain data of strings: serialization cannot fail.
    serde_json::to_string_pretty(value).expect("rules serialize to JSON") + "\n"
}
