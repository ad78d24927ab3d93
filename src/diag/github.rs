//! `--format github`: GitHub Actions workflow commands, shown inline on pull requests.
//! Syntax: <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use super::{Diagnostic, Files, Severity};

/// One `::error file=…::message` line per diagnostic.
pub fn render(diagnostics: &[Diagnostic], files: &Files, root_prefix: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let start = files.position(&d.primary.file, d.primary.range.start);
        let end = files.position(&d.primary.file, d.primary.range.end);
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let file = format!("{root_prefix}{}", d.primary.file);
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&file),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(d.rule.name()),
            escape_data(&message),
        ));
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_would_misread() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
