//! Edits as byte-range replacements over a file's original text, applied in one pass: the
//! bytes outside every range are copied unchanged, so comments, quoting and order stay.

use std::collections::BTreeMap;
use std::ops::Range;

/// One replacement: `range` of the original text becomes `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

/// Every edit planned so far, by workspace-relative path.
#[derive(Debug, Default)]
pub struct Edits {
    by_path: BTreeMap<String, Vec<Edit>>,
}

/// Two edits of one file that would replace overlapping bytes differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    pub path: String,
    pub at: usize,
}

impl Edits {
    pub fn push(&mut self, path: &str, range: Range<usize>, text: String) {
        self.by_path
            .entry(path.to_owned())
            .or_default()
            .push(Edit { range, text });
    }

    /// The paths with edits, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.by_path.keys().map(String::as_str)
    }

    /// `original` with the edits of `path` applied.
    pub fn apply(&self, path: &str, original: &str) -> Result<String, Overlap> {
        let mut edits = self.by_path.get(path).cloned().unwrap_or_default();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        // The same reference reached twice (say, a link also found through its
        // definition) plans the same edit twice: keep one.
        edits.dedup();
        let mut out = String::with_capacity(original.len());
        let mut copied = 0;
        for edit in &edits {
            if edit.range.start < copied
                || edit.range.end > original.len()
                || !original.is_char_boundary(edit.range.start)
                || !original.is_char_boundary(edit.range.end)
            {
                return Err(Overlap {
                    path: path.to_owned(),
                    at: edit.range.start,
                });
            }
            out.push_str(&original[copied..edit.range.start]);
            out.push_str(&edit.text);
            copied = edit.range.end;
        }
        out.push_str(&original[copied..]);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_outside_the_edits_are_kept() {
        let mut edits = Edits::default();
        edits.push("a.md", 4..9, "PRD-12".into());
        edits.push("a.md", 13..18, "PRD-12".into());
        edits.push("a.md", 13..18, "PRD-12".into());
        assert_eq!(
            edits.apply("a.md", "id: PRD-7 # [PRD-7]").unwrap(),
            "id: PRD-12 # [PRD-12]"
        );
    }

    #[test]
    fn overlapping_edits_are_refused() {
        let mut edits = Edits::default();
        edits.push("a.md", 0..5, "x".into());
        edits.push("a.md", 3..6, "y".into());
        assert_eq!(
            edits.apply("a.md", "abcdefgh"),
            Err(Overlap {
                path: "a.md".into(),
                at: 3
            })
        );
    }
}
