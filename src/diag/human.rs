//! Human output: rustc-style snippets rendered by annotate-snippets.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::window::Window;
use super::{Diagnostic, Files, LineIndex, Severity, Span};

/// Renders one diagnostic with its source lines; `color` picks ANSI styling.
pub fn render(diagnostic: &Diagnostic, files: &Files, color: bool, path_prefix: &str) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };

    let mut title_group = Group::with_title(
        level
            .primary_title(diagnostic.message.as_str())
            .id(diagnostic.rule.name()),
    );
    let mut orphan_labels = Vec::new();
    let mut fixes = Vec::new();
    for file in files_in_order(diagnostic) {
        let annotations = annotations_in(diagnostic, file);
        match files.text_and_lines(file) {
            Some((text, index)) if !text.is_empty() => {
                let shown = format!("{path_prefix}{file}");
                let (snippet, fix) = snippet(shown, text, index, &annotations);
                title_group = title_group.element(snippet);
                fixes.extend(fix);
            }
            _ => {
                // No text to show (a skipped file): the message names the file itself.
                orphan_labels.extend(
                    annotations
                        .iter()
                        .filter_map(|(_, label, _)| label.map(str::to_owned)),
                );
            }
        }
    }

    let mut report: Vec<Group> = vec![title_group];
    let mut footer = Group::with_level(Level::HELP);
    let mut has_footer = false;
    for label in orphan_labels {
        footer = footer.element(Level::NOTE.message(label));
        has_footer = true;
    }
    if let Some(help) = &diagnostic.help {
        footer = footer.element(Level::HELP.message(help.as_str()));
        has_footer = true;
    }
    if has_footer {
        report.push(footer);
    }
    let mut rendered = renderer.render(&report);
    for fix in &fixes {
        fix.apply(&mut rendered);
    }
    rendered
}

/// One snippet per file: the primary file first, then files named by labels.
fn files_in_order(diagnostic: &Diagnostic) -> Vec<&str> {
    let mut files = vec![diagnostic.primary.file.as_str()];
    for label in &diagnostic.labels {
        if !files.contains(&label.span.file.as_str()) {
            files.push(&label.span.file);
        }
    }
    files
}

/// The spans in `file` with their labels, the primary one marked `true`.
fn annotations_in<'d>(
    diagnostic: &'d Diagnostic,
    file: &str,
) -> Vec<(&'d Span, Option<&'d str>, bool)> {
    let mut annotations: Vec<(&Span, Option<&str>, bool)> = Vec::new();
    if diagnostic.primary.file == file {
        annotations.push((
            &diagnostic.primary,
            diagnostic.primary_label.as_deref(),
            true,
        ));
    }
    annotations.extend(
        diagnostic
            .labels
            .iter()
            .filter(|l| l.span.file == file)
            .map(|l| (&l.span, Some(l.message.as_str()), false)),
    );
    annotations
}

/// A snippet showing only the lines the annotations touch, so large files stay cheap, with
/// very long lines cut around the annotations (see [`Window`]). The second value is the
/// column fix for its `-->` header when the header's line was cut.
fn snippet<'a>(
    path: String,
    text: &'a str,
    index: &LineIndex,
    annotations: &[(&Span, Option<&'a str>, bool)],
) -> (
    Snippet<'a, annotate_snippets::Annotation<'a>>,
    Option<HeaderFix>,
) {
    let clamp = |o: usize| super::line_index::clamp_to_char_boundary(text, o);
    let ranges: Vec<(usize, usize)> = annotations
        .iter()
        .map(|(s, _, _)| {
            let start = clamp(s.range.start);
            (start, clamp(s.range.end).max(start))
        })
        .collect();
    let first_line = ranges
        .iter()
        .map(|&(start, _)| index.line_of(start))
        .min()
        .unwrap_or(0);
    let last_line = ranges
        .iter()
        .map(|&(_, end)| index.line_of(end))
        .max()
        .unwrap_or(0);
    let points: Vec<usize> = ranges.iter().flat_map(|&(s, e)| [s, e]).collect();
    let window = Window::cut(text, index, first_line..=last_line, &points);

    // annotate-snippets titles the snippet with the line of the primary annotation (the
    // first annotated line in other files) and counts the column in the text it is given.
    let header_line = annotations
        .iter()
        .zip(&ranges)
        .find(|((_, _, primary), _)| *primary)
        .map_or(first_line, |(_, &(start, _))| index.line_of(start));
    let fix = match window.chars_cut(header_line) {
        0 => None,
        chars_cut => Some(HeaderFix {
            origin: format!("{path}:{}:", header_line + 1),
            chars_cut,
        }),
    };

    let mut snippet = Snippet::source(window.source.clone())
        .line_start(first_line + 1)
        .path(path);
    for ((_, label, primary), &(start, end)) in annotations.iter().zip(&ranges) {
        let kind = if *primary {
            AnnotationKind::Primary
        } else {
            AnnotationKind::Context
        };
        let from = window.offset(index.line_of(start), start);
        let to = window.offset(index.line_of(end), end).max(from);
        let mut annotation = kind.span(from..to);
        if let Some(label) = label {
            annotation = annotation.label(*label);
        }
        snippet = snippet.annotation(annotation);
    }
    (snippet, fix)
}

/// A snippet header whose column annotate-snippets counted from a cut line start.
struct HeaderFix {
    /// `path:line:`, the header text before the column.
    origin: String,
    /// Characters cut before the shown part of that line.
    chars_cut: usize,
}

impl HeaderFix {
    /// Adds the cut characters to the first column written after `origin` in `rendered`,
    /// below the title line (whose message could quote anything).
    fn apply(&self, rendered: &mut String) {
        let below_title = rendered.find('\n').unwrap_or(rendered.len());
        let Some(at) = rendered[below_title..].find(&self.origin) else {
            return;
        };
        let digits_at = below_title + at + self.origin.len();
        let digits = rendered[digits_at..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rendered.len(), |n| digits_at + n);
        if let Ok(column) = rendered[digits_at..digits].parse::<usize>() {
            let fixed = (column + self.chars_cut).to_string();
            rendered.replace_range(digits_at..digits, &fixed);
        }
    }
}

/// The closing line: `2 errors, 1 warning in 14 documents` (`scope` is what was checked).
pub fn summary(tally: super::Tally, scope: &str) -> String {
    let mut parts = vec![
        super::plural(tally.errors, "error"),
        super::plural(tally.warnings, "warning"),
    ];
    if tally.notes > 0 {
        parts.push(super::plural(tally.notes, "note"));
    }
    format!("{} in {scope}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// The same diagnostic rendered by annotate-snippets from the whole, uncut line.
    fn uncut(text: &str, line: usize, range: std::ops::Range<usize>, color: bool) -> String {
        let index = LineIndex::new(text);
        let (start, end) = (index.line_start(line), index.line_end(text, line));
        let shift = start;
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let snippet = Snippet::source(&text[start..end])
            .line_start(line + 1)
            .path("a.md")
            .annotation(
                AnnotationKind::Primary
                    .span(range.start - shift..range.end - shift)
                    .label("here"),
            );
        let group = Group::with_title(
            Level::ERROR
                .primary_title("bad")
                .id(crate::diag::Rule::Config.name()),
        )
        .element(snippet);
        renderer.render(&[group])
    }

    #[test]
    fn a_cut_long_line_renders_like_the_whole_line() {
        let line = format!(
            "{} [[X]] {} [[X]] {}",
            "é".repeat(3000),
            "a".repeat(900),
            "b".repeat(50)
        );
        let text = format!("---\nid: A\n---\n{line}\n");
        let mut files = Files::default();
        files.insert("a.md", Arc::from(text.as_str()));
        for (n, found) in text.match_indices("[[X]]").enumerate() {
            let range = found.0..found.0 + found.1.len();
            let diagnostic = Diagnostic::new(
                crate::diag::Rule::Config,
                "bad",
                Span::new("a.md", range.clone()),
            )
            .with_primary_label("here");
            for color in [false, true] {
                let expected = uncut(&text, 3, range.clone(), color);
                assert_eq!(render(&diagnostic, &files, color, ""), expected, "ref {n}");
            }
        }
    }
}
