//! `spex rules`: the rule catalogue with this workspace's levels (after `rules:` in
//! spex.yaml), or one rule's documentation. Reads only spex.yaml, no documents.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use super::Cli;
use super::args::{RulesArgs, RulesFormat};
use super::report::{Outcome, config_alone};
use crate::config::{CONFIG_FILE, Config, Level};
use crate::diag::{Rule, suggestion_help};

pub fn run(cli: &Cli, args: &RulesArgs) -> Outcome {
    // The levels shown would be wrong; say why, as every command does.
    let config = &config_alone(cli)?;
    let out = match &args.name {
        None => match args.format {
            RulesFormat::Human => table(config),
            RulesFormat::Json => {
                let all: Vec<JsonRule> = Rule::ALL.iter().map(|r| json(*r, config)).collect();
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
                RulesFormat::Human => explain(rule, config),
                RulesFormat::Json => to_json(&json(rule, config)),
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

/// The rule's documentation, for a terminal.
fn explain(rule: Rule, config: &Config) -> String {
    let level = config.rule_level(rule);
    let set_here = if config.rules.get(&rule).and_then(|s| s.level).is_some() {
        " (set in spex.yaml)"
    } else {
        ""
    };
    let indent = |text: &str| -> String {
        text.lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    };
    let mut out = format!("{}: {}\n\n", rule.name(), rule.summary());
    out.push_str(&format!(
        "default level: {}\n",
        rule.default_level().as_str()
    ));
    out.push_str(&format!("level here: {}{set_here}\n\n", level.as_str()));
    out.push_str("Why\n");
    out.push_str(&indent(rule.why()));
    out.push_str("\nExample\n");
    out.push_str(&indent(rule.example()));
    out.push_str("\nFix\n");
    out.push_str(&indent(rule.fix()));
    out.push_str(&format!(
        "\nTo change its level, in {CONFIG_FILE}:\n    rules:\n      {}: allow   # or note, warn, error\n",
        rule.name()
    ));
    if let Some(docs_url) = &config.docs_url {
        out.push_str(&format!("\nDocs: {}\n", rule.url(docs_url)));
    }
    out
}

#[derive(Serialize)]
struct JsonRule {
    name: &'static str,
    /// The level in this workspace, after `rules:` in spex.yaml.
    level: &'static str,
    default: &'static str,
    summary: &'static str,
    why: &'static str,
    example: JsonExample,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct JsonExample {
    violation: &'static str,
    fix: &'static str,
}

fn json(rule: Rule, config: &Config) -> JsonRule {
    JsonRule {
        name: rule.name(),
        level: config.rule_level(rule).as_str(),
        default: rule.default_level().as_str(),
        summary: rule.summary(),
        why: rule.why(),
        example: JsonExample {
            violation: rule.example(),
            fix: rule.fix(),
        },
        url: config.docs_url.as_deref().map(|base| rule.url(base)),
    }
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Plain data of strings: serialization cannot fail.
    serde_json::to_string_pretty(value).expect("rules serialize to JSON") + "\n"
}
