//! Whether a linked Markdown file the walk did not load as a document (excluded, in a
//! hidden folder, or skipped) may be copied into the site. It would be copied raw, front
//! matter and hidden sections included, so only a file that is clearly public by the
//! rule documents follow, with no `{.confidential}` section, is.

use super::policy::is_confidential_section;
use crate::model::Confidentiality;
use crate::parse::Heading;

/// What may be done with a linked Markdown file that is not a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkdownVerdict {
    /// Clearly public: it may be copied.
    Copy,
    /// Confidential, or its front matter does not say clearly that it is not.
    NotClearlyPublic,
    /// Public, but it has a `{.confidential}` section a raw copy would publish.
    ConfidentialSection,
}

/// The verdict on a Markdown file read as a document would be: its confidentiality
/// (from its front matter) and its headings.
pub fn markdown_attachment(
    confidentiality: Confidentiality,
    headings: &[Heading],
) -> MarkdownVerdict {
    if confidentiality != Confidentiality::Public {
        MarkdownVerdict::NotClearlyPublic
    } else if headings.iter().any(|h| is_confidential_section(&h.classes)) {
        MarkdownVerdict::ConfidentialSection
    } else {
        MarkdownVerdict::Copy
    }
}
