//! Human output helper: the source text a snippet shows, with very long lines cut down
//! to the part around the annotations.
//!
//! annotate-snippets does work proportional to the length of every line it is given, for
//! every diagnostic. Ten thousand references on one 120 KB line made that quadratic
//! (minutes of rendering); cutting the line first makes each diagnostic cost the size of
//! its snippet, not the size of its line.

use std::ops::{Range, RangeInclusive};

use super::LineIndex;

/// Lines longer than this (in bytes) are cut around their annotations; shorter lines are
/// shown whole, so ordinary output never changes.
const LONG_LINE_BYTES: usize = 1024;

/// Characters kept on each side of the annotated part of a cut line. annotate-snippets
/// shows at most a terminal width (140 columns) around an annotation, so with more than
/// that on each side the cut is never visible and the output equals the uncut one.
const CONTEXT_CHARS: usize = 160;

/// The text handed to annotate-snippets and the way from file offsets into it.
pub struct Window {
    /// The shown lines, joined by `\n`, with `\r` turned into spaces.
    pub source: String,
    first_line: usize,
    lines: Vec<ShownLine>,
}

/// The part of one line that is shown.
struct ShownLine {
    /// Byte range in the file.
    kept: Range<usize>,
    /// Where `kept` starts in [`Window::source`].
    at: usize,
    /// Characters cut from the start of the line.
    chars_cut: usize,
}

impl Window {
    /// Cuts `lines` of `text`; `points` are the file offsets the annotations start and end at,
    /// which the kept part of each line always contains.
    pub fn cut(
        text: &str,
        index: &LineIndex,
        lines: RangeInclusive<usize>,
        points: &[usize],
    ) -> Window {
        let first_line = *lines.start();
        let mut source = String::new();
        let mut shown = Vec::new();
        for line in lines {
            let start = index.line_start(line).min(text.len());
            let end = index.line_end(text, line).max(start);
            let kept = if end - start <= LONG_LINE_BYTES {
                start..end
            } else {
                let on_line = points.iter().copied().filter(|p| (start..=end).contains(p));
                let (lo, hi) = on_line.fold((end, start), |(lo, hi), p| (lo.min(p), hi.max(p)));
                if lo > hi {
                    // A line inside a multi-line annotation: its beginning is enough.
                    start..chars_forward(text, start, end)
                } else {
                    chars_back(text, start, lo)..chars_forward(text, hi, end)
                }
            };
            if line > first_line {
                source.push('\n');
            }
            // Only a cut line has characters cut: counting them for every shown line
            // (from the last checkpoint, up to 4 KB back) was most of a build's notes.
            let chars_cut = if kept.start == start {
                0
            } else {
                index.chars_between(text, start, kept.start)
            };
            shown.push(ShownLine {
                at: source.len(),
                chars_cut,
                kept: kept.clone(),
            });
            // CRLF files: a `\r` would print as `␍`; a space keeps every byte offset valid.
            source.push_str(&text[kept].replace('\r', " "));
        }
        Window {
            source,
            first_line,
            lines: shown,
        }
    }

    /// Where file offset `offset` (on `line`) lands in [`Window::source`].
    pub fn offset(&self, line: usize, offset: usize) -> usize {
        let i = line
            .saturating_sub(self.first_line)
            .min(self.lines.len().saturating_sub(1));
        match self.lines.get(i) {
            Some(shown) => {
                shown.at + offset.clamp(shown.kept.start, shown.kept.end) - shown.kept.start
            }
            None => 0,
        }
    }

    /// Characters cut from the start of `line`: what to add to a column counted in the window.
    pub fn chars_cut(&self, line: usize) -> usize {
        line.checked_sub(self.first_line)
            .and_then(|i| self.lines.get(i))
            .map_or(0, |shown| shown.chars_cut)
    }
}

/// The offset `CONTEXT_CHARS` characters before `from`, but not before `floor`.
fn chars_back(text: &str, floor: usize, from: usize) -> usize {
    text[floor..from]
        .char_indices()
        .rev()
        .take(CONTEXT_CHARS)
        .last()
        .map_or(from, |(i, _)| floor + i)
}

/// The offset `CONTEXT_CHARS` characters after `from`, but not past `ceiling`.
fn chars_forward(text: &str, from: usize, ceiling: usize) -> usize {
    text[from..ceiling]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(ceiling, |(i, _)| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_kept_whole() {
        let text = "one\r\ntwo\nthree";
        let index = LineIndex::new(text);
        let window = Window::cut(text, &index, 0..=2, &[5]);
        assert_eq!(window.source, "one \ntwo\nthree");
        assert_eq!(window.offset(1, 5), 5);
        assert_eq!(window.chars_cut(1), 0);
    }

    #[test]
    fn a_long_line_keeps_only_the_context_around_its_points() {
        let text = format!("head\n{}X{}\n", "é".repeat(2000), "b".repeat(2000));
        let index = LineIndex::new(&text);
        let x = text.find('X').unwrap();
        let window = Window::cut(&text, &index, 1..=1, &[x, x + 1]);
        let expected = format!(
            "{}X{}",
            "é".repeat(CONTEXT_CHARS),
            "b".repeat(CONTEXT_CHARS)
        );
        assert_eq!(window.source, expected);
        assert_eq!(&window.source[window.offset(1, x)..][..1], "X");
        assert_eq!(window.chars_cut(1), 2000 - CONTEXT_CHARS);
    }
}
