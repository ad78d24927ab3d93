//! Splitting a Markdown file into YAML front matter and body.

use std::ops::Range;

/// Where the front matter and body of a file are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The YAML between the fences, if the file has front matter.
    pub yaml: Option<Range<usize>>,
    /// The Markdown after the closing fence (or the whole file).
    pub body: Range<usize>,
}

/// The front matter opened at `open` (the `---` line) but never closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unterminated {
    pub open: Range<usize>,
}

/// Splits `text` at `---` fences. Tolerates a byte-order mark, CRLF line endings and
/// trailing spaces after the fences; `...` also closes front matter, as in YAML.
pub fn split_front_matter(text: &str) -> Result<Split, Unterminated> {
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut lines = line_ranges(text, start);
    let Some(first) = lines.next() else {
        return Ok(Split {
            yaml: None,
            body: start..text.len(),
        });
    };
    if text[first.start..first.end].trim_end() != "---" {
        return Ok(Split {
            yaml: None,
            body: start..text.len(),
        });
    }
    let yaml_start = first.end_with_newline;
    for line in lines {
        let content = text[line.start..line.end].trim_end();
        if content == "---" || content == "..." {
            return Ok(Split {
                yaml: Some(yaml_start..line.start),
                body: line.end_with_newline..text.len(),
            });
        }
    }
    Err(Unterminated {
        open: first.start..first.end,
    })
}

/// A line's range without its line break, plus where the next line starts.
struct Line {
    start: usize,
    end: usize,
    end_with_newline: usize,
}

fn line_ranges(text: &str, from: usize) -> impl Iterator<Item = Line> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let (end, next) = match text[start..].find('\n') {
            Some(i) => (start + i, start + i + 1),
            None => (text.len(), text.len()),
        };
        pos = next;
        Some(Line {
            start,
            end,
            end_with_newline: next,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let text = "---\nid: PRD-1\n---\n# Body\n";
        let split = split_front_matter(text).unwrap();
        assert_eq!(&text[split.yaml.unwrap()], "id: PRD-1\n");
        assert_eq!(&text[split.body], "# Body\n");
    }

    #[test]
    fn tolerates_bom_crlf_and_trailing_spaces() {
        let text = "\u{FEFF}--- \r\nid: PRD-1\r\n---\r\nbody";
        let split = split_front_matter(text).unwrap();
        assert_eq!(&text[split.yaml.unwrap()], "id: PRD-1\r\n");
        assert_eq!(&text[split.body], "body");
    }

    #[test]
    fn no_fence_means_no_front_matter() {
        let split = split_front_matter("# Title\n---\n").unwrap();
        assert_eq!(split.yaml, None);
        assert_eq!(split.body, 0..12);
    }

    #[test]
    fn unterminated_front_matter_points_at_the_opening_fence() {
        let err = split_front_matter("---\nid: PRD-1\n# no end\n").unwrap_err();
        assert_eq!(err.open, 0..3);
    }

    #[test]
    fn empty_front_matter_is_allowed() {
        let split = split_front_matter("---\n---\nbody").unwrap();
        assert_eq!(split.yaml, Some(4..4));
    }
}
