//! Human output: rustc-style snippets rendered by annotate-snippets.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

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

    // One snippet per file: the primary file first, then files named by labels.
    let mut files_in_order = vec![diagnostic.primary.file.as_str()];
    for label in &diagnostic.labels {
        if !files_in_order.contains(&label.span.file.as_str()) {
            files_in_order.push(&label.span.file);
        }
    }

    let mut title_group = Group::with_title(
        level
            .primary_title(diagnostic.message.as_str())
            .id(diagnostic.rule),
    );
    let mut orphan_labels = Vec::new();
    for file in files_in_order {
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
        match files.text_and_lines(file) {
            Some((text, index)) if !text.is_empty() => {
                let shown = format!("{path_prefix}{file}");
                title_group = title_group.element(snippet(shown, text, index, &annotations));
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
    renderer.render(&report)
}

/// A snippet showing only the lines the annotations touch, so large files stay cheap.
fn snippet<'a>(
    path: String,
    text: &'a str,
    index: &LineIndex,
    annotations: &[(&Span, Option<&'a str>, bool)],
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let clamp = |o: usize| super::line_index::clamp_to_char_boundary(text, o);
    let first_line = annotations
        .iter()
        .map(|(s, _, _)| index.line_of(clamp(s.range.start)))
        .min()
        .unwrap_or(0);
    let last_line = annotations
        .iter()
        .map(|(s, _, _)| index.line_of(clamp(s.range.end.max(s.range.start))))
        .max()
        .unwrap_or(0);
    let start = index.line_start(first_line);
    let end = index.line_end(text, last_line);
    // CRLF files: a `\r` would print as `␍`; a space keeps every byte offset valid.
    let source = text[start..end].replace('\r', " ");

    let mut snippet = Snippet::source(source.clone())
        .line_start(first_line + 1)
        .path(path);
    for (span, label, primary) in annotations {
        let kind = if *primary {
            AnnotationKind::Primary
        } else {
            AnnotationKind::Context
        };
        let from = clamp(span.range.start)
            .saturating_sub(start)
            .min(source.len());
        let to = clamp(span.range.end)
            .saturating_sub(start)
            .clamp(from, source.len());
        let mut annotation = kind.span(from..to);
        if let Some(label) = label {
            annotation = annotation.label(*label);
        }
        snippet = snippet.annotation(annotation);
    }
    snippet
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
