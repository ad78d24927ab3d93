//! Byte offsets ↔ LSP positions. LSP counts a line's characters in UTF-16 code units
//! (the default position encoding, the only one every client supports).

use lsp_types::{Position, Range};

use crate::diag::LineIndex;

/// A text with its line index, for converting many positions.
pub struct Lines<'a> {
    text: &'a str,
    index: LineIndex,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            index: LineIndex::new(text),
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.index.line_of(offset);
        let start = self.index.line_start(line);
        let character = self.text[start..offset].encode_utf16().count();
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, range: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(range.start), self.position(range.end))
    }

    /// The byte offset of a position; past the end of a line means its end, past the
    /// last line the end of the text (clients may send stale positions).
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let start = self.index.line_start(line);
        if start > self.text.len() {
            return self.text.len();
        }
        let end = self.index.line_end(self.text, line);
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_both_ways() {
        let text = "a\n😀x\n";
        let lines = Lines::new(text);
        // `x` is after a 4-byte emoji, which is 2 UTF-16 units.
        assert_eq!(lines.position(6), Position::new(1, 2));
        assert_eq!(lines.offset(Position::new(1, 2)), 6);
        assert_eq!(lines.offset(Position::new(1, 99)), 7);
        assert_eq!(lines.offset(Position::new(9, 0)), text.len());
    }
}
