//! The rule catalogue as one workspace sees it: each rule's documentation with the level
//! spex.yaml gives it, as text for a terminal (`spex rules NAME`, the MCP server's rule
//! resources) and as data (`spex rules --format json`, the MCP `rules` tool). The
//! catalogue itself is `crate::diag::Rule`; this adds only the workspace's levels.

use serde::Serialize;

use super::{CONFIG_FILE, Config};
use crate::diag::Rule;

/// The rule's documentation, for a terminal.
pub fn explain_rule(rule: Rule, config: &Config) -> String {
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

/// A rule's documentation as data (`spex rules --format json`, the MCP `rules` tool).
#[derive(Debug, Serialize)]
pub struct RuleDoc {
    pub name: &'static str,
    /// The level in this workspace, after `rules:` in spex.yaml.
    pub level: &'static str,
    pub default: &'static str,
    pub summary: &'static str,
    pub why: &'static str,
    pub example: RuleExample,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A rule's example: a violation and its fix.
#[derive(Debug, Serialize)]
pub struct RuleExample {
    pub violation: &'static str,
    pub fix: &'static str,
}

impl RuleDoc {
    /// `rule`'s documentation with its level in the workspace `config` describes.
    pub fn new(rule: Rule, config: &Config) -> RuleDoc {
        RuleDoc {
            name: rule.name(),
            level: config.rule_level(rule).as_str(),
            default: rule.default_level().as_str(),
            summary: rule.summary(),
            why: rule.why(),
            example: RuleExample {
                violation: rule.example(),
                fix: rule.fix(),
            },
            url: config.docs_url.as_deref().map(|base| rule.url(base)),
        }
    }
}
