//! The questions every output asks ([`Policy`]), and the answers for outputs anyone may
//! read ([`Visibility`]): confidential documents and `{.confidential}` sections are left
//! out unless `--include-confidential` asks for them.

use std::ops::Range;

use crate::model::{Document, FieldValue};

/// What an output may show. Implemented once per kind of reader; every surface asks
/// through it, never by reading `confidential` or an audience name itself.
pub trait Policy {
    /// Whether confidential content was asked for (`--include-confidential`).
    fn includes_confidential(&self) -> bool;

    /// Whether the output shows a document at all.
    fn shows(&self, doc: &Document) -> bool;

    /// Whether the output could show a document known only by its description (one a
    /// diff says was removed).
    fn shows_described(&self, doc: &Described) -> bool;

    /// Whether a section with these heading classes is shown, judged on its own tags
    /// (a nested section is asked about separately).
    fn shows_section(&self, classes: &[String]) -> bool;

    /// The byte ranges of `doc` the output leaves out: what a page renders, what an
    /// excerpt quotes and what attachments are copied for are all decided by them.
    fn hidden_ranges(&self, doc: &Document) -> Vec<Range<usize>>;

    /// Whether the output shows a front-matter field.
    fn shows_field(&self, field: &str) -> bool;

    /// Whether the output may name `doc` where it tells why work it shows is not on
    /// track (a slip against a roadmap's plan): any document it could show but for
    /// its kinds and statuses, so health is one answer, which each reader sees the
    /// same unless it rests on what is confidential or marked for others.
    fn may_name(&self, doc: &Document) -> bool {
        self.shows(doc)
    }

    /// Whether a commit that touched `doc` must be shown without its subject: it may
    /// have changed only the part the output leaves out.
    fn hides_commits_of(&self, doc: &Document) -> bool {
        !self.shows(doc) || doc.has_section(|classes| !self.shows_section(classes))
    }
}

/// A document as a diff describes it, for one that no longer exists.
#[derive(Debug, Clone, Copy)]
pub struct Described<'a> {
    /// Empty for a plain page.
    pub kind: &'a str,
    pub status: Option<&'a str>,
    /// The audiences its `audience:` field names (empty: every audience).
    pub audience: &'a [String],
    pub confidential: bool,
}

/// The audiences a document's `audience:` field names: the only ones whose digests may
/// name it (empty: every audience's).
pub fn audience_marks(doc: &Document) -> Vec<&str> {
    match doc.field("audience") {
        Some(FieldValue::List(items)) => items.iter().filter_map(|i| i.value.as_text()).collect(),
        _ => Vec::new(),
    }
}

/// Whether heading classes tag a `{.confidential}` section.
pub fn is_confidential_section(classes: &[String]) -> bool {
    classes.iter().any(|c| c == "confidential")
}

/// The policy of an output anyone may read: the site, the preview, `spex diff`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Visibility {
    /// `--include-confidential`: confidential documents and sections are shown too.
    pub include_confidential: bool,
}

impl Policy for Visibility {
    fn includes_confidential(&self) -> bool {
        self.include_confidential
    }

    fn shows(&self, doc: &Document) -> bool {
        self.include_confidential || !doc.is_confidential()
    }

    fn shows_described(&self, doc: &Described) -> bool {
        self.include_confidential || !doc.confidential
    }

    fn shows_section(&self, classes: &[String]) -> bool {
        self.include_confidential || !is_confidential_section(classes)
    }

    fn hidden_ranges(&self, doc: &Document) -> Vec<Range<usize>> {
        doc.sections
            .iter()
            .filter(|s| !self.shows_section(&doc.headings[s.heading].classes))
            .map(|s| s.range.clone())
            .collect()
    }

    fn shows_field(&self, _field: &str) -> bool {
        true
    }
}
