//! `empty-body`: a spec with front matter and nothing else.

use super::doc_span;
use crate::config::Role;
use crate::diag::Diagnostic;
use crate::model::Workspace;

pub fn empty_body(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    // Roadmaps and releases say what they have to say in their items; others need prose.
    let prose =
        |d: &crate::model::Document| !matches!(d.role(), Some(Role::Roadmap | Role::Release));
    for (_, doc) in ws.specs().filter(|(_, d)| prose(d)) {
        if doc.front_matter_ok && doc.body_text().trim().is_empty() {
            out.push(
                Diagnostic::new(
                    "empty-body",
                    format!("`{}` has no content below its front matter", doc.label()),
                    doc_span(doc),
                )
                .with_help("write what this document is about below the closing `---`"),
            );
        }
    }
}
