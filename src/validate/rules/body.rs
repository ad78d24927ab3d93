//! Rules about a document's body as a whole: `empty-body` (front matter and nothing
//! else) and `html-too-deep` (raw HTML too deeply nested to sanitize).

use super::doc_span;
use crate::config::Role;
use crate::diag::{Diagnostic, Rule, Span};
use crate::model::Workspace;
use crate::parse::html_depth::MAX_HTML_DEPTH;

pub fn empty_body(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    // Roadmaps and releases say what they have to say in their items; others need prose.
    let prose =
        |d: &crate::model::Document| !matches!(d.role(), Some(Role::Roadmap | Role::Release));
    for (_, doc) in ws.specs().filter(|(_, d)| prose(d)) {
        if doc.front_matter_ok && doc.body_text().trim().is_empty() {
            out.push(
                Diagnostic::new(
                    Rule::EmptyBody,
                    format!("`{}` has no content below its front matter", doc.label()),
                    doc_span(doc),
                )
                .with_help("write what this document is about below the closing `---`"),
            );
        }
    }
}

pub fn html_too_deep(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for doc in &ws.docs {
        let Some(deep) = &doc.deep_html else { continue };
        out.push(
            Diagnostic::new(
                Rule::HtmlTooDeep,
                format!(
                    "HTML nested {} levels deep in `{}`; spex sanitizes at most {MAX_HTML_DEPTH}",
                    deep.depth,
                    doc.label()
                ),
                Span::new(&doc.path, deep.span.clone()),
            )
            .with_primary_label(format!("level {} opens here", MAX_HTML_DEPTH + 1))
            .with_help(
                "flatten the nesting; until then the raw HTML of this document is shown as text",
            ),
        );
    }
}
