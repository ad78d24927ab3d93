//! Which kind a document is: its `kind` field, else the kind whose ID pattern its ID
//! matches, else the kind whose path globs match its path.

use std::sync::Arc;

use crate::config::{Config, IdFormat, KindSpec};
use crate::diag::{Diagnostic, Rule, Span, did_you_mean};
use crate::parse::yaml::{Node, Value};

/// The outcome for a file with front matter.
pub enum Detected {
    Spec(Arc<KindSpec>),
    /// Front matter that belongs to no kind (a page with a `title:`): a plain page.
    Page,
    /// The document meant to be a spec but its kind cannot be told; reported.
    Unknown,
}

pub fn detect_kind(
    config: &Config,
    path: &str,
    fm: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Detected {
    if let Some(kind_node) = fm.get("kind") {
        let name = kind_node.value.scalar_text().unwrap_or_default();
        if let Some(kind) = config.kind(&name) {
            return Detected::Spec(kind.clone());
        }
        let suggestion = did_you_mean(&name, config.kinds.keys().map(String::as_str));
        diagnostics.push(
            Diagnostic::new(
                Rule::InvalidValue,
                format!("unknown kind `{name}`"),
                Span::new(path, kind_node.span.clone()),
            )
            .with_help(format!("known kinds: {}", kind_names(config)))
            .with_did_you_mean(suggestion),
        );
        return Detected::Unknown;
    }

    // An ID that matches a kind's pattern decides, wherever the file lives.
    for kind in config.kinds.values() {
        if kind.id.format != IdFormat::String {
            continue;
        }
        let (Some(pattern), Some(Value::Str(id))) =
            (&kind.id.pattern, fm.get(&kind.id.field).map(|n| &n.value))
        else {
            continue;
        };
        if pattern.matches(id.trim()) {
            return Detected::Spec(kind.clone());
        }
    }

    if let Some(kind) = config.kinds.values().find(|k| k.paths.is_match(path)) {
        return Detected::Spec(kind.clone());
    }

    // An `id` that fits no kind is almost always a typo (`PDR-12`), not a plain page.
    if let Some(id_node) = fm.get("id") {
        let id = id_node.value.scalar_text().unwrap_or_default();
        let patterns: Vec<String> = config
            .kinds
            .values()
            .filter_map(|k| k.id.pattern.as_ref().map(|p| p.to_string()))
            .collect();
        let prefix_help = config
            .kinds
            .values()
            .filter_map(|k| k.id.pattern.as_ref())
            .map(|p| p.prefix.as_str())
            .filter(|p| !p.is_empty())
            .find(|p| {
                let written = id.split(|c: char| c.is_ascii_digit()).next().unwrap_or("");
                strsim::levenshtein(written, p) <= 2
            })
            .map(|p| format!("did you mean an ID starting with `{p}`?"));
        diagnostics.push(
            Diagnostic::new(
                Rule::InvalidId,
                format!("`{id}` does not match the ID pattern of any kind"),
                Span::new(path, id_node.span.clone()),
            )
            .with_help(prefix_help.unwrap_or_else(|| {
                format!(
                    "ID patterns: {}; or set `kind:` explicitly",
                    patterns.join(", ")
                )
            })),
        );
        return Detected::Unknown;
    }
    Detected::Page
}

fn kind_names(config: &Config) -> String {
    config
        .kinds
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}
