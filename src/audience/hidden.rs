//! What one output hides, by file, section, ID and path, and whether a diagnostic (or a
//! message) would reveal any of it. A diagnostic quotes the text it points at and names
//! the documents it is about, so one located in a hidden document or section, or naming
//! a hidden document by ID or path, is left out. Every output filters its diagnostics
//! here: the site's health panel, the preview's overlay, digests, `spex diff`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use super::named::names_any;
use super::policy::Policy;
use crate::diag::{Diagnostic, Span};
use crate::model::{Document, Workspace};

/// The documents and sections hidden from one output.
#[derive(Debug, Default, Clone)]
pub struct Hidden {
    /// Files of hidden documents, under every path they have (a symbolic link to one).
    files: BTreeSet<String>,
    /// Byte ranges of hidden sections, by file of a shown document.
    sections: BTreeMap<String, Vec<Range<usize>>>,
    ids: BTreeSet<String>,
    /// Finds any of `files` in a text, built on first use (after the last `add`).
    paths: OnceLock<Option<AhoCorasick>>,
}

impl Hidden {
    /// What `policy` hides of `ws`.
    pub fn of_workspace(ws: &Workspace, policy: &impl Policy) -> Hidden {
        let mut hidden = Hidden::of_docs(ws.docs.iter().map(|d| (&**d, policy.shows(d))), policy);
        // A symbolic link to a hidden document is that document under another path.
        for (alias, idx) in ws.aliases() {
            if !policy.shows(&ws.docs[idx]) {
                hidden.files.insert(alias.to_owned());
            }
        }
        hidden
    }

    /// What `policy` hides of documents given one by one, each with whether it is shown:
    /// the preview asks about a broken save's newest parse, which is in no workspace,
    /// and the diff about documents of two revisions.
    pub fn of_docs<'d>(
        docs: impl IntoIterator<Item = (&'d Document, bool)>,
        policy: &impl Policy,
    ) -> Hidden {
        let mut hidden = Hidden::default();
        for (doc, shown) in docs {
            hidden.add_document(doc, shown, policy);
        }
        hidden
    }

    /// What `policy` hides of the workspace `self` was worked out for, with `doc` saved
    /// in it (a new document, or in place of the one at its path, which was shown): a
    /// draft's view without a pass over every document again.
    pub fn with_document(&self, doc: &Document, shown: bool, policy: &impl Policy) -> Hidden {
        let mut hidden = self.clone();
        hidden.sections.remove(&doc.path);
        hidden.add_document(doc, shown, policy);
        hidden
    }

    fn add_document(&mut self, doc: &Document, shown: bool, policy: &impl Policy) {
        if shown {
            let mut ranges = policy.hidden_ranges(doc);
            // A diagnostic in the front matter may quote any field, also one the
            // output leaves out: an output that leaves out any field of the
            // document or its kind hides the whole front matter's diagnostics.
            if let Some(front_matter) = &doc.front_matter_span
                && hides_a_field(doc, policy)
            {
                ranges.push(front_matter.clone());
            }
            if !ranges.is_empty() {
                self.sections
                    .entry(doc.path.clone())
                    .or_default()
                    .extend(ranges);
            }
        } else {
            self.add(doc.id.as_deref().unwrap_or_default(), &doc.path);
        }
    }

    /// Hides one more document, known by its ID (empty for none) and path: one a diff
    /// says was removed.
    pub fn add(&mut self, id: &str, path: &str) {
        self.paths = OnceLock::new();
        if !id.is_empty() {
            self.ids.insert(id.to_owned());
        }
        self.files.insert(path.to_owned());
    }

    /// Whether `id` belongs to a hidden document.
    pub fn id(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Whether `path` is a hidden document's file (under any path it has).
    pub fn file(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    /// Whether a text names a hidden document by ID or by path.
    pub fn named_in(&self, text: &str) -> bool {
        (!self.ids.is_empty() && names_any(text, |word| self.ids.contains(word)))
            || self.names_path(text)
    }

    fn names_path(&self, text: &str) -> bool {
        if self.files.is_empty() {
            return false;
        }
        // Building fails only past size limits no set of workspace paths reaches; then
        // each path is looked for in turn.
        match self
            .paths
            .get_or_init(|| AhoCorasick::new(&self.files).ok())
        {
            Some(finder) => finder.is_match(text),
            None => self.files.iter().any(|path| text.contains(path.as_str())),
        }
    }

    /// Whether a span points into something hidden.
    pub fn covers(&self, span: &Span) -> bool {
        self.files.contains(&span.file)
            || self.sections.get(&span.file).is_some_and(|ranges| {
                ranges.iter().any(|r| {
                    r.contains(&span.range.start)
                        || (span.range.start < r.start && r.start < span.range.end)
                })
            })
    }

    /// Whether a diagnostic is located in, or names, anything hidden.
    pub fn diagnostic(&self, d: &Diagnostic) -> bool {
        self.covers(&d.primary)
            || self.named_in(&d.message)
            || d.primary_label.as_deref().is_some_and(|l| self.named_in(l))
            || d.help.as_deref().is_some_and(|h| self.named_in(h))
            || d.labels
                .iter()
                .any(|l| self.covers(&l.span) || self.named_in(&l.message))
    }

    /// The same for a diagnostic known by its file and message only (as a diff keeps it).
    pub fn message(&self, file: &str, message: &str) -> bool {
        self.files.contains(file) || self.named_in(message)
    }

    /// The diagnostics that reveal nothing hidden.
    pub fn shown<'a>(&self, diagnostics: &'a [Diagnostic]) -> Vec<&'a Diagnostic> {
        diagnostics.iter().filter(|d| !self.diagnostic(d)).collect()
    }
}

/// Whether `policy` leaves out a field `doc` has or its kind declares.
fn hides_a_field(doc: &Document, policy: &impl Policy) -> bool {
    let declared = doc.kind.iter().flat_map(|k| k.fields.keys());
    doc.fields
        .keys()
        .chain(declared)
        .any(|name| !policy.shows_field(name))
}
