//! Code lens: how many places reference a document, shown on its title (the `title:`
//! line of the front matter, else its `id:`), so a writer sees what an edit may break.

use std::ops::Range;

use crate::model::Workspace;

/// One lens: the line it sits on (its byte range) and the count it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lens {
    pub on: Range<usize>,
    pub references: usize,
}

impl Lens {
    /// `1 reference`, `3 references`.
    pub fn title(&self) -> String {
        match self.references {
            1 => "1 reference".to_owned(),
            n => format!("{n} references"),
        }
    }
}

/// The lens of the document at `path`: none for a file with neither a title line nor an
/// ID (nothing can reference it by ID).
pub fn lens(ws: &Workspace, path: &str) -> Option<Lens> {
    let idx = ws.index_of_path(path)?;
    let doc = &ws.docs[idx];
    let on = title_line(&doc.text).or_else(|| doc.id_span.clone())?;
    Some(Lens {
        on,
        references: ws.backlinks[idx].len(),
    })
}

/// The byte range of the `title:` line's key, if the front matter has one.
fn title_line(text: &str) -> Option<Range<usize>> {
    let body = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut at = text.len() - body.len();
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if matches!(trimmed, "---" | "...") {
            return None;
        }
        if trimmed.starts_with("title:") {
            return Some(at..at + "title".len());
        }
        at += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_line_is_found_in_the_front_matter_only() {
        let text = "---\nid: PRD-1\ntitle: A\n---\ntitle: not this\n";
        assert_eq!(title_line(text), Some(14..19));
        assert_eq!(&text[14..19], "title");
        assert_eq!(title_line("---\r\nid: X\r\n---\r\ntitle: B\r\n"), None);
        assert_eq!(title_line("title: no front matter\n"), None);
    }

    #[test]
    fn counts_read_as_words() {
        let lens = |references| {
            Lens {
                on: 0..0,
                references,
            }
            .title()
        };
        assert_eq!(lens(0), "0 references");
        assert_eq!(lens(1), "1 reference");
        assert_eq!(lens(12), "12 references");
    }
}
