//! Rename: an ID (the document's own, or one a reference names) through the engine
//! `spex mv` uses, or a heading, whose `#anchor`s follow. The plan is the engine's; this
//! file only finds what the cursor is on and turns the plan into the smallest edits.
//!
//! Confidential documents are edited like any other, as `spex mv` writes them: an editor
//! is the writer's own workspace, and a rename that skipped a file would break its links.

use std::ops::Range;

use similar::{DiffOp, TextDiff};

use super::navigate::covers;
use crate::author::plan_id_rename;
use crate::author::{RenameError, RenamePlan, heading_text_range, plan_heading_rename};
use crate::model::Workspace;

/// What a rename at the cursor renames, and the text the cursor is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Renamable {
    /// A document's ID (canonical), written at `range`.
    Id { id: String, range: Range<usize> },
    /// Heading `heading` of the document the cursor is in, its text at `range`.
    Heading { heading: usize, range: Range<usize> },
}

impl Renamable {
    /// Where the renamed text is in the document the cursor is in.
    pub fn range(&self) -> &Range<usize> {
        match self {
            Renamable::Id { range, .. } | Renamable::Heading { range, .. } => range,
        }
    }
}

/// What can be renamed at `offset` in the document at `path`: an ID in the `id` field or
/// a reference, or a heading's text.
pub fn renamable_at(ws: &Workspace, path: &str, offset: usize) -> Option<Renamable> {
    let idx = ws.index_of_path(path)?;
    let doc = &ws.docs[idx];
    if let (Some(span), Some(id)) = (&doc.id_span, &doc.id)
        && covers(span, offset)
    {
        return Some(Renamable::Id {
            id: id.clone(),
            range: written_id(&doc.text, span),
        });
    }
    for (i, reference) in doc.refs.iter().enumerate() {
        if !covers(&reference.span, offset) {
            continue;
        }
        let target = ws.ref_target(idx, i)?;
        let range = written_id(&doc.text, &reference.span);
        // On the `#anchor` of a reference: not an ID.
        if !covers(&range, offset) {
            return None;
        }
        return Some(Renamable::Id {
            id: ws.docs[target].id.clone()?,
            range,
        });
    }
    let heading = doc.headings.iter().position(|h| covers(&h.span, offset))?;
    Some(Renamable::Heading {
        heading,
        range: heading_text_range(&doc.text, &doc.headings[heading].span),
    })
}

/// Plans the rename at the cursor to `new_name`; `Ok(None)` when nothing there renames.
pub fn plan_rename(
    ws: &Workspace,
    path: &str,
    offset: usize,
    new_name: &str,
) -> Result<Option<RenamePlan>, RenameError> {
    match renamable_at(ws, path, offset) {
        None => Ok(None),
        Some(Renamable::Id { id, .. }) => plan_id_rename(ws, &id, new_name).map(Some),
        Some(Renamable::Heading { heading, .. }) => {
            plan_heading_rename(ws, path, heading, new_name).map(Some)
        }
    }
}

/// The ID inside a reference's span: after any opening quote or bracket, up to a `#`,
/// `|`, quote, `]`, `,` or space.
pub fn written_id(text: &str, span: &Range<usize>) -> Range<usize> {
    let written = text.get(span.clone()).unwrap_or("");
    let rest = written.trim_start_matches(['"', '\'', ' ', '[']);
    let start = span.start + written.len() - rest.len();
    let len = rest
        .find(|c: char| matches!(c, '#' | '"' | '\'' | '|' | ']' | ',') || c.is_whitespace())
        .unwrap_or(rest.len());
    start..start + len
}

/// The edits turning `before` into `after`, line by line: each run of changed lines is
/// one replacement, so an editor keeps its cursor and marks everywhere else.
pub fn line_edits(before: &str, after: &str) -> Vec<(Range<usize>, String)> {
    let starts = line_starts(before);
    let after_starts = line_starts(after);
    let diff = TextDiff::from_lines(before, after);
    let mut out = Vec::new();
    for op in diff.ops() {
        if matches!(op, DiffOp::Equal { .. }) {
            continue;
        }
        let (old, new) = (op.old_range(), op.new_range());
        let range = starts[old.start]..starts[old.end];
        let text = after[after_starts[new.start]..after_starts[new.end]].to_owned();
        out.push((range, text));
    }
    out
}

/// The byte offset where each line starts, and the text's length last: line `n` is
/// `starts[n]..starts[n + 1]`.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    if *starts.last().unwrap_or(&0) != text.len() {
        starts.push(text.len());
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(before: &str, edits: &[(Range<usize>, String)]) -> String {
        let mut out = before.to_owned();
        for (range, text) in edits.iter().rev() {
            out.replace_range(range.clone(), text);
        }
        out
    }

    #[test]
    fn line_edits_replace_only_the_changed_lines() {
        let before = "a\nPRD-7\nb\nc PRD-7\n";
        let after = "a\nPRD-12\nb\nc PRD-12\n";
        let edits = line_edits(before, after);
        assert_eq!(edits.len(), 2);
        assert_eq!(edits[0], (2..8, "PRD-12\n".to_owned()));
        assert_eq!(apply(before, &edits), after);
        // Without a final newline, and with lines added.
        let (before, after) = ("x\ny", "x\nz\nw");
        assert_eq!(apply(before, &line_edits(before, after)), after);
    }

    #[test]
    fn the_written_id_stops_at_an_anchor_or_quote() {
        let text = "\"PRD-2#goals\"";
        assert_eq!(written_id(text, &(0..text.len())), 1..6);
    }
}
