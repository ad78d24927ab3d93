//! Which diagnostics the site may list (the home page's health panel). A diagnostic
//! quotes the text it points at, so one located in a hidden document or a hidden
//! `{.confidential}` section, or one naming a hidden document's ID, would leak it.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::context::Visibility;
use crate::diag::{Diagnostic, Span};
use crate::model::{Document, Workspace};

/// What is hidden from this build, by file and by ID.
struct Hidden<'a> {
    files: BTreeSet<&'a str>,
    /// Byte ranges of hidden sections, by file of a shown document.
    sections: BTreeMap<&'a str, Vec<Range<usize>>>,
    ids: BTreeSet<&'a str>,
}

impl Hidden<'_> {
    fn covers(&self, span: &Span) -> bool {
        self.files.contains(span.file.as_str())
            || self.sections.get(span.file.as_str()).is_some_and(|ranges| {
                ranges.iter().any(|r| {
                    r.contains(&span.range.start)
                        || (span.range.start < r.start && r.start < span.range.end)
                })
            })
    }

    /// Whether `text` names a hidden ID as a whole word (`PRD-1` is not in `PRD-12`).
    fn named_in(&self, text: &str) -> bool {
        !self.ids.is_empty()
            && text
                .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
                .map(|word| word.trim_end_matches(['.', '-']))
                .any(|word| self.ids.contains(word))
    }
}

/// The diagnostics that reveal nothing hidden from this build.
pub fn shown_diagnostics<'a>(
    ws: &Workspace,
    visibility: Visibility,
    shown: &[bool],
    diagnostics: &'a [Diagnostic],
) -> Vec<&'a Diagnostic> {
    let hidden_aliases: BTreeSet<&str> = ws
        .aliases()
        .filter(|(_, idx)| !shown[*idx])
        .map(|(alias, _)| alias)
        .collect();
    let mut kept = shown_diagnostics_of(
        ws.docs.iter().map(|d| &**d).zip(shown.iter().copied()),
        visibility,
        diagnostics,
    );
    // A symbolic link to a hidden document is that document under another path.
    if !hidden_aliases.is_empty() {
        kept.retain(|d| {
            !hidden_aliases.contains(d.primary.file.as_str())
                && !d
                    .labels
                    .iter()
                    .any(|l| hidden_aliases.contains(l.span.file.as_str()))
        });
    }
    kept
}

/// `shown_diagnostics` over documents given one by one, each with whether it is shown:
/// the preview asks about a broken save's newest parse, which is in no workspace.
pub fn shown_diagnostics_of<'a, 'd>(
    docs: impl IntoIterator<Item = (&'d Document, bool)>,
    visibility: Visibility,
    diagnostics: &'a [Diagnostic],
) -> Vec<&'a Diagnostic> {
    if visibility.include_confidential {
        return diagnostics.iter().collect();
    }
    let mut hidden = Hidden {
        files: BTreeSet::new(),
        sections: BTreeMap::new(),
        ids: BTreeSet::new(),
    };
    for (doc, shown) in docs {
        if !shown {
            hidden.files.insert(doc.path.as_str());
            hidden.ids.extend(doc.id.as_deref());
            continue;
        }
        let ranges: Vec<Range<usize>> = doc
            .sections
            .iter()
            .filter(|s| visibility.hides_section(&doc.headings[s.heading].classes))
            .map(|s| s.range.clone())
            .collect();
        if !ranges.is_empty() {
            hidden.sections.insert(doc.path.as_str(), ranges);
        }
    }
    diagnostics
        .iter()
        .filter(|d| {
            !hidden.covers(&d.primary)
                && !d.labels.iter().any(|l| hidden.covers(&l.span))
                && !hidden.named_in(&d.message)
                && !d.help.as_deref().is_some_and(|h| hidden.named_in(h))
                && !d
                    .primary_label
                    .as_deref()
                    .is_some_and(|l| hidden.named_in(l))
                && !d.labels.iter().any(|l| hidden.named_in(&l.message))
        })
        .collect()
}
