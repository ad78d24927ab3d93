//! `--format json`: one array of flat objects, documented in the README.

use serde::Serialize;

use super::{Diagnostic, Files};

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: Option<&'a str>,
    /// The rule's docs, only when the workspace sets `docs_url` (so output without it
    /// stays as it was).
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

/// Renders all diagnostics as a pretty-printed JSON array; with a `docs_url`, each
/// points at its rule's docs.
pub fn render(diagnostics: &[Diagnostic], files: &Files, docs_url: Option<&str>) -> String {
    let items = objects(diagnostics, files, docs_url);
    // Serializing plain structs of strings and integers cannot fail.
    serde_json::to_string_pretty(&items).expect("diagnostics serialize to JSON") + "\n"
}

/// The diagnostics as JSON values, in the shape `render` prints: `spex export` embeds them.
pub fn to_values<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    files: &Files,
    docs_url: Option<&str>,
) -> Vec<serde_json::Value> {
    objects(diagnostics, files, docs_url)
        .iter()
        // Serializing plain structs of strings and integers cannot fail.
        .map(|d| serde_json::to_value(d).expect("diagnostics serialize to JSON"))
        .collect()
}

fn objects<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    files: &Files,
    docs_url: Option<&str>,
) -> Vec<JsonDiagnostic<'a>> {
    diagnostics
        .into_iter()
        .map(|d| {
            let start = files.position(&d.primary.file, d.primary.range.start);
            let end = files.position(&d.primary.file, d.primary.range.end);
            JsonDiagnostic {
                rule: d.rule.name(),
                severity: d.severity.as_str(),
                message: &d.message,
                file: &d.primary.file,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                help: d.help.as_deref(),
                url: docs_url.map(|base| d.rule.url(base)),
                related: d
                    .labels
                    .iter()
                    .map(|l| {
                        let at = files.position(&l.span.file, l.span.range.start);
                        JsonRelated {
                            file: &l.span.file,
                            line: at.line,
                            column: at.column,
                            message: &l.message,
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}
