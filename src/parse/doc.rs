//! One parsed file: front matter tree, body outline, and the problems met on the way.

use std::ops::Range;
use std::sync::Arc;

use super::Source;
use super::front_matter::split_front_matter;
use super::markdown::{BodyOutline, outline};
use super::yaml::{Node, Value, parse_yaml};
use crate::diag::{Diagnostic, Rule, Span};

/// The result of parsing one Markdown file, before it is checked against the schema.
#[derive(Debug, Clone)]
pub struct ParsedDoc {
    pub path: String,
    pub text: Arc<str>,
    /// The front matter as a mapping; `None` when the file has none (a plain page)
    /// or when it could not be parsed (then `diagnostics` says why).
    pub front_matter: Option<Node>,
    /// Whether the file has front-matter fences at all, even unparseable ones.
    pub has_front_matter: bool,
    pub body: Range<usize>,
    pub outline: BodyOutline,
    pub diagnostics: Vec<Diagnostic>,
}

/// What looks like front matter but is not at the top of the file: a `---` fence after
/// blank lines, or a `confidential:` line before the first heading (say, under an HTML
/// comment). Markdown would render it as text, publishing a document its author marked
/// confidential.
fn misplaced_front_matter(path: &str, text: &str) -> Option<Diagnostic> {
    let mut offset = 0;
    let mut blank_lines = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end();
        if content.trim().is_empty() {
            blank_lines += 1;
            continue;
        }
        let trimmed = content.trim_start_matches('\u{FEFF}');
        if trimmed.starts_with('#') {
            return None; // the body has begun
        }
        let at = start..start + content.len();
        if trimmed == "---" && blank_lines > 0 && blank_lines == start_line(text, start) {
            return Some(
                Diagnostic::new(
                    Rule::YamlSyntax,
                    "front matter must start on the first line of the file",
                    Span::new(path, at),
                )
                .with_primary_label("read as Markdown, not front matter")
                .with_help(format!(
                    "remove the {blank_lines} blank line(s) above `---`; until then the document is treated as confidential"
                )),
            );
        }
        let key = trimmed.trim_start();
        if key
            .strip_prefix("confidential")
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            return Some(
                Diagnostic::new(
                    Rule::YamlSyntax,
                    "a `confidential:` line outside front matter",
                    Span::new(path, at),
                )
                .with_primary_label("read as Markdown, not front matter")
                .with_help(
                    "front matter goes first in the file, between `---` lines; until then the document is treated as confidential",
                ),
            );
        }
    }
    None
}

/// Front matter that starts after blank lines, read as a mapping.
struct LateFrontMatter {
    node: Node,
    body: Range<usize>,
    warning: Diagnostic,
}

/// Front matter whose opening `---` comes after blank lines only, when what it fences
/// reads as a mapping of fields. Editors and generators leave such lines; the fields
/// are unmistakable, so spex reads them and warns, because GitHub and other Markdown
/// tools show them as text. Anything else after blank lines (prose between two rules,
/// broken YAML) stays misplaced front matter, which fails closed.
fn late_front_matter(path: &str, text: &str) -> Option<LateFrontMatter> {
    let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let fence = bom + text[bom..].len() - text[bom..].trim_start().len();
    let blank_lines = start_line(text, fence);
    // The fence must start its own line, after at least one blank one.
    if blank_lines == 0 || !text[..fence].ends_with('\n') {
        return None;
    }
    let split = split_front_matter(&text[fence..]).ok()?;
    let yaml = split.yaml?;
    let yaml = fence + yaml.start..fence + yaml.end;
    let mut problems = Vec::new();
    let node = parse_front_matter(path, text, yaml, &mut problems)?;
    if !problems.is_empty() {
        return None;
    }
    let fence_line = fence..fence + text[fence..].lines().next().unwrap_or("").trim_end().len();
    let lines = if blank_lines == 1 { "line" } else { "lines" };
    let warning = Diagnostic::new(
        Rule::LateFrontMatter,
        format!("front matter starts after {blank_lines} blank {lines}"),
        Span::new(path, fence_line),
    )
    .with_primary_label(
        "spex reads the front matter from here; GitHub and other Markdown tools show it as text",
    )
    .with_help(format!("remove the blank {lines} before `---`"));
    Some(LateFrontMatter {
        node,
        body: fence + split.body.start..fence + split.body.end,
        warning,
    })
}

/// How many lines come before byte `at` (all of them blank, when called above).
fn start_line(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count()
}

/// Parses one file. Never fails: problems become diagnostics.
pub fn parse_doc(source: &Source) -> ParsedDoc {
    let text = &*source.text;
    let path = source.path.as_str();
    let mut diagnostics: Vec<Diagnostic> = source.encoding_problem.iter().cloned().collect();
    let mut front_matter = None;
    let mut has_front_matter = false;

    let body = match split_front_matter(text) {
        Ok(split) => {
            if let Some(yaml) = split.yaml {
                has_front_matter = true;
                front_matter = parse_front_matter(path, text, yaml, &mut diagnostics);
            } else if let Some(late) = late_front_matter(path, text) {
                // Read as if it were on the first line, so the document keeps its kind,
                // ID and audience; the warning asks for the blank lines to go.
                has_front_matter = true;
                front_matter = Some(late.node);
                diagnostics.push(late.warning);
                return ParsedDoc {
                    path: path.to_owned(),
                    text: source.text.clone(),
                    outline: outline(text, late.body.clone()),
                    front_matter,
                    has_front_matter,
                    body: late.body,
                    diagnostics,
                };
            } else if let Some(misplaced) = misplaced_front_matter(path, text) {
                // Front matter spex cannot read: the document fails closed (confidential)
                // instead of being published whole as a plain page.
                has_front_matter = true;
                diagnostics.push(misplaced);
            }
            split.body
        }
        Err(unterminated) => {
            has_front_matter = true;
            diagnostics.push(
                Diagnostic::new(
                    Rule::YamlSyntax,
                    "front matter is never closed",
                    Span::new(path, unterminated.open),
                )
                .with_primary_label("opened here")
                .with_help("end the front matter with a line containing only `---`"),
            );
            // Nothing after the fence can be told apart from YAML; treat it all as body
            // so links are still checked.
            text.len()..text.len()
        }
    };

    ParsedDoc {
        path: path.to_owned(),
        text: source.text.clone(),
        outline: outline(text, body.clone()),
        front_matter,
        has_front_matter,
        body,
        diagnostics,
    }
}

fn parse_front_matter(
    path: &str,
    text: &str,
    yaml: Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Node> {
    match parse_yaml(&text[yaml.clone()]) {
        Ok(mut node) => {
            node.shift(yaml.start);
            match node.value {
                Value::Map(_) => Some(node),
                Value::Null => Some(Node {
                    value: Value::Map(Vec::new()),
                    span: yaml.start..yaml.start,
                }),
                ref other => {
                    let found = other.type_name();
                    diagnostics.push(
                        Diagnostic::new(
                            Rule::InvalidType,
                            format!("front matter must be a mapping of fields, found {found}"),
                            Span::new(path, node.span.clone()),
                        )
                        .with_help("write one `field: value` per line"),
                    );
                    None
                }
            }
        }
        Err(e) => {
            let start = yaml.start + e.offset;
            let end = (yaml.start + e.end).max(start);
            let help = e.help();
            let mut d = Diagnostic::new(Rule::YamlSyntax, e.message, Span::new(path, start..end));
            if let Some(help) = help {
                d = d.with_help(help);
            }
            if let Some(first) = e.first {
                d = d.with_label(
                    Span::new(path, first.start + yaml.start..first.end + yaml.start),
                    "first defined here",
                );
            }
            diagnostics.push(d);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ParsedDoc {
        parse_doc(&Source {
            path: "prds/PRD-1.md".into(),
            text: text.into(),
            encoding_problem: None,
        })
    }

    #[test]
    fn issue_13_front_matter_after_blank_lines_is_read_with_a_warning() {
        let doc = parse("\n\n---\nid: PRD-1\ntitle: Returns\n---\n# Body\n");
        let rules: Vec<Rule> = doc.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(rules, [Rule::LateFrontMatter]);
        assert_eq!(
            doc.diagnostics[0].message,
            "front matter starts after 2 blank lines"
        );
        assert_eq!(doc.diagnostics[0].primary.range, 2..5);
        let fm = doc.front_matter.expect("front matter is read");
        let Value::Map(entries) = fm.value else {
            panic!("a mapping")
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(&doc.text[doc.body.clone()], "# Body\n");
    }

    #[test]
    fn what_is_not_a_mapping_after_blank_lines_still_fails_closed() {
        for text in ["\n---\nJust prose.\n---\n", "\n---\ntitle: [open\n---\n"] {
            let doc = parse(text);
            assert!(doc.front_matter.is_none(), "{text:?}");
            assert!(doc.has_front_matter, "{text:?}: treated as confidential");
            let rules: Vec<Rule> = doc.diagnostics.iter().map(|d| d.rule).collect();
            assert_eq!(rules, [Rule::YamlSyntax], "{text:?}");
        }
    }
}
