//! spex diagnostics → LSP diagnostics: the same rule names (as `code`), messages, help
//! and secondary labels (as related information) that `spex check` prints.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Uri,
};

use super::convert::Lines;
use super::uri::from_path;
use crate::diag::{Diagnostic, Files, Fix, Severity};

/// The diagnostics of each file, by path, in the compilation's (sorted) order.
pub fn by_file(diagnostics: &[Diagnostic]) -> BTreeMap<&str, Vec<&Diagnostic>> {
    let mut out: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        out.entry(d.primary.file.as_str()).or_default().push(d);
    }
    out
}

/// One file's diagnostics for the editor. `docs_url` (spex.yaml's) links each rule's
/// documentation.
pub fn to_lsp(
    root: &Path,
    files: &Files,
    diagnostics: &[&Diagnostic],
    docs_url: Option<&str>,
) -> Vec<lsp_types::Diagnostic> {
    let mut lines: BTreeMap<String, Lines> = BTreeMap::new();
    let mut range_in = |file: &str, range: &std::ops::Range<usize>| {
        lines
            .entry(file.to_owned())
            .or_insert_with(|| Lines::new(files.text(file).unwrap_or("")))
            .range(range)
    };
    diagnostics
        .iter()
        .map(|d| {
            let range = range_in(&d.primary.file, &d.primary.range);
            let related: Vec<DiagnosticRelatedInformation> = d
                .labels
                .iter()
                .map(|label| DiagnosticRelatedInformation {
                    location: Location::new(
                        from_path(root, &label.span.file),
                        range_in(&label.span.file, &label.span.range),
                    ),
                    message: label.message.clone(),
                })
                .collect();
            lsp_types::Diagnostic {
                range,
                severity: Some(severity(d.severity)),
                code: Some(NumberOrString::String(d.rule.name().to_owned())),
                code_description: docs_url.and_then(|url| {
                    Some(CodeDescription {
                        href: Uri::from_str(&d.rule.url(url)).ok()?,
                    })
                }),
                source: Some("spex".to_owned()),
                message: message(d),
                related_information: (!related.is_empty()).then_some(related),
                tags: None,
                data: d.fix.as_ref().map(fix_data),
            }
        })
        .collect()
}

/// The diagnostic's fix as `data`, which the client hands back with a code action
/// request: `{"replace": "PRD-12"}` or `{"addField": "owner"}`.
fn fix_data(fix: &Fix) -> serde_json::Value {
    match fix {
        Fix::Replace(with) => serde_json::json!({ "replace": with }),
        Fix::AddField(name) => serde_json::json!({ "addField": name }),
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// The message with what `spex check` prints under the caret and as help.
fn message(d: &Diagnostic) -> String {
    let mut out = d.message.clone();
    if let Some(label) = &d.primary_label {
        out.push_str(&format!(" ({label})"));
    }
    if let Some(help) = &d.help {
        out.push_str(&format!("\nhelp: {help}"));
    }
    out
}
