//! The human-written summary at the top of a digest: `--note FILE` for one run, or else
//! the workspace's own `digest.md` (next to spex.yaml), kept in git with the specs. That
//! file is a page like any other, so the audience policy decides what of it each digest
//! prints: untagged text goes to every audience, a section tagged `{.leadership}` to
//! leadership only, a `{.confidential}` one to none unless confidential content is
//! asked for.

use std::ops::Range;

use crate::audience::{Audience, Policy};
use crate::model::{Document, Workspace};

/// The workspace file whose text opens every digest when `--note` is not given.
pub const NOTE_FILE: &str = "digest.md";

/// What of the workspace's `digest.md` `audience` may read, as Markdown without the
/// section tags; `None` when there is no such file or nothing of it is left.
pub fn workspace_note(ws: &Workspace, audience: &Audience) -> Option<String> {
    let doc = &ws.docs[ws.index_of_path(NOTE_FILE)?];
    if doc.is_confidential() && !audience.includes_confidential() {
        return None;
    }
    let text = visible_text(doc, &audience.hidden_ranges(doc));
    let text: Vec<&str> = text.lines().map(untagged_heading).collect();
    let text = text.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// The body of `doc` less the `hidden` byte ranges.
fn visible_text(doc: &Document, hidden: &[Range<usize>]) -> String {
    let mut hidden: Vec<&Range<usize>> = hidden.iter().collect();
    hidden.sort_by_key(|r| r.start);
    let mut out = String::new();
    let mut at = doc.body.start;
    for r in hidden {
        if r.start > at {
            out.push_str(doc.text.get(at..r.start).unwrap_or_default());
        }
        at = at.max(r.end);
    }
    if at < doc.body.end {
        out.push_str(doc.text.get(at..doc.body.end).unwrap_or_default());
    }
    out
}

/// A heading line without its `{.class}` block (`## For the board {.leadership}` →
/// `## For the board`): the tags steer the note, the reader need not see them.
fn untagged_heading(line: &str) -> &str {
    if !line.starts_with('#') || !line.trim_end().ends_with('}') {
        return line;
    }
    line.rfind(" {").map_or(line, |at| line[..at].trim_end())
}

#[cfg(test)]
mod tests {
    use super::untagged_heading;

    #[test]
    fn heading_tags_are_left_out_of_the_note() {
        assert_eq!(untagged_heading("## Board {.leadership}"), "## Board");
        assert_eq!(untagged_heading("Text {.leadership}"), "Text {.leadership}");
        assert_eq!(untagged_heading("## Plain"), "## Plain");
    }
}
