//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//! Only the handful of objects we emit are modelled here.

use serde::Serialize;

use super::{Diagnostic, Files, Rule, Severity};

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            super::encode_uri_path("my docs/Überblick.md"),
            "my%20docs/%C3%9Cberblick.md"
        );
    }
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    /// Our columns count characters, not SARIF's default UTF-16 code units.
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    short_description: Message<'a>,
    full_description: Message<'a>,
    help: Message<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Message<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message<'a>,
    locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// SARIF artifact locations are URIs: percent-encode everything but unreserved
/// characters and `/` (a space in `my docs/a.md` becomes `%20`).
fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn location(files: &Files, span: &super::Span, prefix: &str) -> PhysicalLocation {
    let start = files.position(&span.file, span.range.start);
    let end = files.position(&span.file, span.range.end);
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: encode_uri_path(&format!("{prefix}{}", span.file)),
        },
        region: Region {
            start_line: start.line,
            start_column: start.column,
            end_line: end.line,
            end_column: end.column,
        },
    }
}

/// A rule's SARIF metadata, all from the catalogue; `helpUri` only when the workspace
/// names where its rule docs live (`docs_url`).
fn descriptor(rule: Rule, docs_url: Option<&str>) -> ReportingDescriptor<'static> {
    ReportingDescriptor {
        id: rule.name(),
        short_description: Message {
            text: rule.summary().into(),
        },
        full_description: Message {
            text: rule.why().into(),
        },
        help: Message {
            text: format!(
                "{}\n\nExample:\n{}\n\nFix:\n{}\n\nMore: spex rules {}",
                rule.summary(),
                rule.example(),
                rule.fix(),
                rule.name()
            )
            .into(),
        },
        help_uri: docs_url.map(|base| rule.url(base)),
        default_configuration: Configuration {
            level: rule.default_level().sarif_level(),
        },
    }
}

/// Renders a complete SARIF log. `prefix` is the workspace's path relative to where
/// spex runs (usually the repository root), so code scanning finds the files.
/// Every rule of the catalogue is listed, so `ruleIndex` is the rule's place in it.
pub fn render(
    diagnostics: &[Diagnostic],
    files: &Files,
    prefix: &str,
    docs_url: Option<&str>,
) -> String {
    let descriptors = Rule::ALL
        .into_iter()
        .map(|rule| descriptor(rule, docs_url))
        .collect();
    let results = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            SarifResult {
                rule_id: d.rule.name(),
                rule_index: Rule::ALL.iter().position(|r| *r == d.rule).unwrap_or(0),
                level: level(d.severity),
                message: Message { text: text.into() },
                locations: vec![Location {
                    id: None,
                    physical_location: location(files, &d.primary, prefix),
                    message: None,
                }],
                related_locations: d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| Location {
                        id: Some(i + 1),
                        physical_location: location(files, &l.span, prefix),
                        message: Some(Message {
                            text: l.message.as_str().into(),
                        }),
                    })
                    .collect(),
            }
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "spex",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: descriptors,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // Plain data of strings and integers: serialization cannot fail.
    serde_json::to_string_pretty(&log).expect("SARIF serializes to JSON") + "\n"
}
