//! The input of the parse stage: one file's path and text. Loading (`crate::load`) makes
//! it from a work tree or a git revision; it lives here, below loading, so that parsing
//! depends on nothing but its input (and `load → config → parse` has no way back).

use std::sync::Arc;

use crate::diag::Diagnostic;

/// A Markdown file's path (workspace-relative, `/`-separated) and text.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: Arc<str>,
    /// Set when the bytes were not valid UTF-8 and were decoded lossily.
    pub encoding_problem: Option<Diagnostic>,
}
