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
    let items: Vec<JsonDiagnostic> = diagnostics
        .iter()
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
        .collect();
    // Serializing plain structs of strings and integers cannot fail.
    serde_json::to_string_pretty(&items).expect("diagnostics serialize to JSON") + "\n"
}
