//! Renaming a heading: its text changes, and every `#anchor` that named it follows — in
//! `[[ID#anchor]]` links, `ID#anchor` front-matter references, `file.md#anchor` links
//! from other documents and `#anchor` links within the document. The new anchors come
//! from parsing the edited document again, so an explicit `{#id}` (which keeps its
//! anchor) and the `-1` suffixes of headings that slug alike come out as `check` sees them.

use std::ops::Range;

use super::edits::Edits;
use super::{RenameError, RenamePlan, definitions, plan, written_dest};
use crate::model::{DocIdx, LinkTarget, Workspace};
use crate::parse::markdown::outline;

/// Plans renaming heading `heading` (an index into the document's headings) of the
/// document at `path` to `new_text`.
pub fn plan_heading_rename(
    ws: &Workspace,
    path: &str,
    heading: usize,
    new_text: &str,
) -> Result<RenamePlan, RenameError> {
    let idx = ws
        .index_of_path(path)
        .ok_or_else(|| RenameError::UnknownPath(path.to_owned()))?;
    let doc = &ws.docs[idx];
    let old = doc
        .headings
        .get(heading)
        .ok_or_else(|| RenameError::BadHeading("no heading is there".to_owned()))?;
    let new_text = new_text.trim();
    if new_text.is_empty() || new_text.contains(['\n', '\r']) {
        return Err(RenameError::BadHeading(
            "a heading's text is one non-empty line".to_owned(),
        ));
    }
    let range = heading_text_range(&doc.text, &old.span);
    if doc.text.get(range.clone()) == Some(new_text) {
        return Err(RenameError::Unchanged(new_text.to_owned()));
    }

    let mut edited = String::with_capacity(doc.text.len() + new_text.len());
    edited.push_str(&doc.text[..range.start]);
    edited.push_str(new_text);
    edited.push_str(&doc.text[range.end..]);
    let grown = edited.len() as isize - doc.text.len() as isize;
    let body_end = doc.body.end.saturating_add_signed(grown);
    let after = outline(&edited, doc.body.start..body_end.min(edited.len()));
    if after.headings.len() != doc.headings.len() {
        return Err(RenameError::BadHeading(format!(
            "`{new_text}` would not stay one heading"
        )));
    }

    let mut edits = Edits::default();
    edits.push(&doc.path, range, new_text.to_owned());
    for (was, is) in doc.headings.iter().zip(&after.headings) {
        if was.anchor != is.anchor {
            anchor_edits(ws, idx, &was.anchor, &is.anchor, &mut edits);
        }
    }
    plan(ws, &edits, None)
}

/// The heading's own text inside its span: after the `#`s of an ATX heading, before its
/// `{…}` attributes and closing `#`s; a setext heading's first line.
pub fn heading_text_range(text: &str, span: &Range<usize>) -> Range<usize> {
    let written = text.get(span.clone()).unwrap_or("");
    let line = written.split('\n').next().unwrap_or("");
    let lead = line.len() - line.trim_start_matches([' ', '\t', '>']).len();
    let mut start = lead;
    let after_lead = &line[lead..];
    let hashes = after_lead.len() - after_lead.trim_start_matches('#').len();
    if hashes > 0 {
        start += hashes;
        start += line[start..].len() - line[start..].trim_start().len();
    }
    let mut end = line.trim_end().len().max(start);
    let mut rest = &line[start..end];
    if rest.ends_with('}')
        && let Some(open) = rest.rfind('{')
    {
        rest = rest[..open].trim_end();
    }
    if hashes > 0 {
        let closing = rest.trim_end_matches('#');
        if closing.len() < rest.len() && (closing.is_empty() || closing.ends_with([' ', '\t'])) {
            rest = closing.trim_end();
        }
    }
    end = start + rest.len();
    span.start + start..span.start + end
}

/// Edits turning every `#old` that names a heading of document `target` into `#new`.
fn anchor_edits(ws: &Workspace, target: DocIdx, old: &str, new: &str, edits: &mut Edits) {
    let matching = ws.config.anchors;
    let target_path = ws.docs[target].path.as_str();
    for (i, doc) in ws.docs.iter().enumerate() {
        for (r, reference) in doc.refs.iter().enumerate() {
            let named = reference
                .anchor
                .as_deref()
                .is_some_and(|a| matching.matches(a, old));
            if named
                && ws.ref_target(i, r) == Some(target)
                && let Some(range) = fragment_in(&doc.text, &reference.span)
            {
                edits.push(&doc.path, range, new.to_owned());
            }
        }
        // A reference-style link's fragment is in its definition, edited below with
        // every other definition, used or not.
        let inline = doc.links.iter().filter(|l| l.definition.is_none());
        let inline = inline.filter_map(|l| Some((written_dest(doc, &l.span, &l.dest)?, &l.target)));
        let defs = definitions(doc);
        let defs = defs
            .iter()
            .map(|(def, target)| (def.dest_span.clone(), target));
        for (dest, reaches) in inline.chain(defs) {
            let fragment = match reaches {
                LinkTarget::File { path, anchor } if path == target_path => anchor.as_deref(),
                LinkTarget::SameDocument { anchor } if i == target => Some(anchor.as_str()),
                _ => None,
            };
            if !fragment.is_some_and(|a| matching.matches(a, old)) {
                continue;
            }
            // Only a fragment written as the anchor reads (not percent-encoded) is
            // replaced byte for byte.
            if let Some(range) = fragment_in(&doc.text, &dest)
                && doc
                    .text
                    .get(range.clone())
                    .is_some_and(|f| matching.matches(f, old))
            {
                edits.push(&doc.path, range, new.to_owned());
            }
        }
    }
}

/// The `anchor` of `…#anchor` written inside `span`: after the first `#`, up to a `|`,
/// `]`, quote, `?`, space or the span's end.
fn fragment_in(text: &str, span: &Range<usize>) -> Option<Range<usize>> {
    let written = text.get(span.clone())?;
    let hash = written.find('#')?;
    let rest = &written[hash + 1..];
    let len = rest
        .find(|c: char| matches!(c, '|' | ']' | '"' | '\'' | ')') || c.is_whitespace())
        .unwrap_or(rest.len());
    let start = span.start + hash + 1;
    (len > 0).then_some(start..start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(line: &str) -> &str {
        &line[heading_text_range(line, &(0..line.len()))]
    }

    #[test]
    fn a_headings_text_leaves_out_its_markers_and_attributes() {
        assert_eq!(text_of("## Pricing plans"), "Pricing plans");
        assert_eq!(text_of("## Pricing {.sales}"), "Pricing");
        assert_eq!(text_of("# Title #"), "Title");
        assert_eq!(text_of("# C# notes"), "C# notes");
        assert_eq!(text_of("Setext\n======"), "Setext");
        assert_eq!(text_of("> ### Quoted"), "Quoted");
    }

    #[test]
    fn a_fragment_ends_before_the_link_text() {
        let text = "[[PRD-2#bee-plans|see]]";
        assert_eq!(fragment_in(text, &(2..21)), Some(8..17));
        assert_eq!(fragment_in("PRD-2", &(0..5)), None);
    }
}
