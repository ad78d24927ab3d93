//! References between documents: IDs in front matter, `[[ID]]` in text, relative links.

use std::ops::Range;

use crate::diag::{Diagnostic, Span};

/// A reference to a document by ID.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The canonical ID referred to (`PRD-12`, or `RFC-42` for an integer `42`).
    pub target: String,
    /// The heading anchor, for `[[PRD-12#open-questions]]`.
    pub anchor: Option<String>,
    pub span: Range<usize>,
    pub origin: RefOrigin,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RefOrigin {
    /// A reference field in front matter.
    Field(FieldRef),
    /// `[[ID]]` in the body.
    Text,
}

/// Where in the front matter a reference sits, and what the schema says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRef {
    /// The top-level field (`depends_on`, `items`).
    pub field: String,
    /// The full path (`items[2].ref`), for messages.
    pub path: String,
    /// Kinds allowed here; empty means any.
    pub kinds: Vec<String>,
    pub dependency: bool,
    pub allow_inactive: bool,
}

impl Reference {
    pub fn field(&self) -> Option<&FieldRef> {
        match &self.origin {
            RefOrigin::Field(f) => Some(f),
            RefOrigin::Text => None,
        }
    }

    pub fn is_dependency(&self) -> bool {
        self.field().is_some_and(|f| f.dependency)
    }
}

/// Where a Markdown link in a body points, worked out by the resolver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// `https://…`, `mailto:` and other links spex does not check.
    External,
    /// A file in the workspace (path normalised, workspace-relative), maybe with an anchor.
    File {
        path: String,
        anchor: Option<String>,
    },
    /// `#anchor` within the same document.
    SameDocument { anchor: String },
    /// A relative link that climbs out of the workspace (`../../x.md`).
    OutsideWorkspace,
}

/// A body link with its resolved target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedLink {
    pub dest: String,
    pub span: Range<usize>,
    pub image: bool,
    pub target: LinkTarget,
    /// For a reference-style link, where its definition (`[label]: dest`) is.
    pub definition: Option<Range<usize>>,
}

impl ResolvedLink {
    /// Whether the link is in published text: neither the link nor the definition its
    /// destination comes from starts inside one of the `hidden` byte ranges. A file
    /// linked only from hidden text is never copied, and a definition inside a hidden
    /// section never serves a link outside it.
    pub fn is_published(&self, hidden: &[Range<usize>]) -> bool {
        let inside = |offset: usize| hidden.iter().any(|r| r.contains(&offset));
        !inside(self.span.start) && !self.definition.as_ref().is_some_and(|d| inside(d.start))
    }

    /// `d`, a diagnostic about this link in the document at `doc_path`, with a label at
    /// the definition its destination comes from: readers find where to fix it, and the
    /// site's health panel leaves the diagnostic out when that definition is hidden.
    pub fn label_definition(&self, doc_path: &str, d: Diagnostic) -> Diagnostic {
        match &self.definition {
            Some(def) => d.with_label(Span::new(doc_path, def.clone()), "defined here"),
            None => d,
        }
    }
}
