//! Whether the preview shows a document whose newest save did not compile cleanly. The
//! preview keeps serving the last good version, and its overlay quotes the diagnostics
//! of the newest parse, so both must be shown for either to be.

use super::policy::{Policy, Visibility};
use crate::model::{Confidentiality, Document};

impl Visibility {
    /// Whether a broken save is shown: its last good version (`None` for a new file)
    /// must be, and so must its newest parse — it may have just been made confidential —
    /// unless that parse is a public document mid-edit (`is_public_doc_mid_edit`).
    pub fn shows_broken_save(&self, last_good: Option<&Document>, newest: &Document) -> bool {
        last_good.is_none_or(|d| self.shows(d))
            && (self.shows(newest) || (last_good.is_some() && is_public_doc_mid_edit(newest)))
    }
}

/// Whether a broken save of a public document is still the writer's public document:
/// its front matter no longer parses (so it counts as confidential, failing closed), but
/// nothing in its text so much as mentions confidentiality. Without this the writer who
/// breaks the YAML of a public PRD would be told nothing about why.
fn is_public_doc_mid_edit(doc: &Document) -> bool {
    doc.confidentiality == Confidentiality::Unsure
        && !doc.text.to_ascii_lowercase().contains("confidential")
}
