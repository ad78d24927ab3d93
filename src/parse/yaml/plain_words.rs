//! The YAML mistakes authors make most, said in plain words: the parser's own message
//! names its state ("while parsing a block collection, did not find expected '-'
//! indicator") and often points at the line *before* the mistake (a tab is found while
//! the scalar above it is still being scanned).

use std::ops::Range;

/// A parser error retold: what to say, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retold {
    pub message: String,
    pub at: Range<usize>,
    pub help: &'static str,
}

/// Retells the parser's `message` at byte `offset` of `text`, for the mistakes it
/// recognises; `None` keeps the parser's words.
pub fn retell(text: &str, offset: usize, message: &str) -> Option<Retold> {
    if message.contains("tab") {
        return tab(text, offset);
    }
    let indentation_error = message.contains("did not find expected")
        || message.contains("mapping values are not allowed");
    if indentation_error {
        return misaligned(text, offset);
    }
    None
}

/// The first tab from the start of the line holding `offset`: the parser reports it
/// while still on the line above, or just after it.
fn tab(text: &str, offset: usize) -> Option<Retold> {
    let from = line_start(text, offset.min(text.len()));
    let at = text[from..]
        .find('\t')
        .map(|i| from + i)
        .or_else(|| text.find('\t'))?;
    Some(Retold {
        message: "a tab character: YAML indents with spaces only".to_owned(),
        at: at..at + 1,
        help: "replace the tab with spaces (two per level is usual)",
    })
}

/// A line whose indentation lines up with no line above it (three spaces under two), so
/// the parser cannot tell which mapping or list it belongs to.
fn misaligned(text: &str, offset: usize) -> Option<Retold> {
    let start = line_start(text, offset.min(text.len()));
    let line = text[start..].lines().next().unwrap_or("");
    let indent = indentation(line);
    if indent == 0 || line.trim().is_empty() {
        return None;
    }
    let lines_up = text[..start]
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .any(|l| columns(l).contains(&indent));
    if lines_up {
        return None;
    }
    let spaces = if indent == 1 { "space" } else { "spaces" };
    Some(Retold {
        message: format!(
            "this line is indented by {indent} {spaces}, and no line above it lines up with that"
        ),
        at: start + indent..start + indent + 1,
        help: "YAML nests by indentation: indent the fields of one mapping, and the `-` items of one list, by the same number of spaces (two per level is usual)",
    })
}

/// The columns a line's content starts at: its indentation, and after a `- ` the
/// column of the item's own content (`  - ref: a` starts a mapping at column 4).
fn columns(line: &str) -> Vec<usize> {
    let mut at = indentation(line);
    let mut found = vec![at];
    let mut rest = &line[at..];
    while let Some(after) = rest.strip_prefix('-') {
        let gap = indentation(after);
        if gap == 0 {
            break;
        }
        at += 1 + gap;
        found.push(at);
        rest = &after[gap..];
    }
    found
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::retell;

    fn told(text: &str, line: usize, message: &str) -> Option<(String, String)> {
        let offset = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        retell(text, offset, message).map(|r| (r.message, text[r.at].to_owned()))
    }

    #[test]
    fn a_tab_is_pointed_at_even_when_the_parser_stops_on_the_line_above() {
        let text = "id: PRD-1\ntitle: X\n\tstatus: draft\n";
        let (message, at) =
            told(text, 2, "while scanning a plain scalar, found a tab").expect("retold");
        assert_eq!(message, "a tab character: YAML indents with spaces only");
        assert_eq!(at, "\t");
        assert_eq!(text.find('\t'), Some(19));
    }

    #[test]
    fn three_spaces_under_two_are_said_in_plain_words() {
        let text = "items:\n  - ref: a\n   horizon: now\n";
        let (message, at) = told(
            text,
            3,
            "while parsing a block collection, did not find expected '-' indicator",
        )
        .expect("retold");
        assert_eq!(
            message,
            "this line is indented by 3 spaces, and no line above it lines up with that"
        );
        assert_eq!(at, "h");
        let text = "tags:\n   - a\n  - b\n";
        assert!(told(text, 3, "did not find expected key").is_some());
    }

    #[test]
    fn aligned_lines_keep_the_parsers_words() {
        // `title: Returns: self` is a quoting mistake, not an indentation one.
        let text = "id: PRD-1\ntitle: Returns: self\n";
        assert_eq!(
            told(text, 2, "mapping values are not allowed in this context"),
            None
        );
        let text = "items:\n  - ref: a\n    horizon: now\n  x: y\n";
        assert_eq!(told(text, 4, "did not find expected '-' indicator"), None);
        assert_eq!(told("a: b\n", 1, "unclosed quote"), None);
    }
}
