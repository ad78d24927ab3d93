//! Byte offset → line and column, the only place positions are computed.

/// A 1-based line and column; the column counts characters, as editors and rustc do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Bytes between two checkpoints of the character count.
const CHUNK: usize = 4096;

/// The byte offsets where each line starts, and character counts every `CHUNK` bytes.
/// Columns count characters from the line start: without the checkpoints, every
/// position on a long line would count the line again (10,000 diagnostics on one
/// 120 KB line: a gigabyte of counting).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Characters before byte `k * CHUNK`, for every `k`.
    chars_before: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut chars_before = vec![0];
        let mut chars = 0;
        for chunk in text.as_bytes().chunks(CHUNK) {
            chars += count_chars(chunk);
            chars_before.push(chars);
        }
        LineIndex {
            starts,
            chars_before,
        }
    }

    /// Characters in `text[from..to]`, in time independent of the distance.
    pub fn chars_between(&self, text: &str, from: usize, to: usize) -> usize {
        self.chars_to(text, to)
            .saturating_sub(self.chars_to(text, from))
    }

    fn chars_to(&self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        let k = offset / CHUNK;
        let before = self.chars_before.get(k).copied().unwrap_or(0);
        before + count_chars(&text.as_bytes()[k * CHUNK..offset])
    }

    /// Zero-based line number containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte offset where zero-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(usize::MAX)
    }

    /// Byte offset just past the end of zero-based `line` (before its newline).
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        match self.starts.get(line + 1) {
            Some(&next) => next - 1,
            None => text.len(),
        }
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = clamp_to_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = self.chars_between(text, start, offset) + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

/// Characters in UTF-8 bytes: every byte but continuation bytes (`0b10xx_xxxx`) starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Moves an offset back onto a character boundary, so slicing never panics.
pub fn clamp_to_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\néx = 1\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position { line: 2, column: 2 });
        assert_eq!(
            index.position(text, text.len()),
            Position { line: 3, column: 1 }
        );
    }

    #[test]
    fn character_counts_match_counting_across_checkpoints() {
        let text = "aé€😀\n".repeat(CHUNK / 3);
        let index = LineIndex::new(&text);
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(97).collect();
        for &from in boundaries.iter().step_by(7) {
            for &to in boundaries.iter().filter(|&&to| to >= from) {
                assert_eq!(
                    index.chars_between(&text, from, to),
                    text[from..to].chars().count(),
                    "{from}..{to}"
                );
            }
        }
    }

    #[test]
    fn offsets_inside_a_character_do_not_panic() {
        let text = "é";
        assert_eq!(LineIndex::new(text).position(text, 1).column, 1);
    }
}
