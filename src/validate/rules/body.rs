//! `empty-body`: a spec with front matter and nothing else.

use super::doc_span;
use crate::diag::Diagnostic;
use crate::model::Workspace;

pub fn empty_body(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for (_, doc) in ws.specs() {
        if doc.front_matter_ok && doc.body_text().trim().is_empty() {
            out.push(
                Diagnostic::new(
                    "empty-body",
                    format!("`{}` has no content below its front matter", doc.label()),
                    doc_span(doc),
                )
                .with_help("describe the problem, the users and the requirements"),
            );
        }
    }
}
