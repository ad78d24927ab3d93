//! Reference definitions (`[label]: dest "title"`) of a body, used by a link or not, with
//! where each one's destination is written: what an edit must replace to point the
//! definition elsewhere (a move rewrites them). The parser says where each definition is
//! and what its destination reads; this file only finds the destination inside it.

use std::ops::Range;

use pulldown_cmark::Parser;

use super::options;

/// One reference definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkDefinition {
    /// The destination as the parser reads it (escapes resolved, `<…>` taken off).
    pub dest: String,
    /// The destination as written: inside the `<…>` when bracketed.
    pub dest_span: Range<usize>,
    /// The whole definition.
    pub span: Range<usize>,
}

/// The reference definitions of `text[body]`, in source order; ranges are offsets into
/// `text`. A definition whose label an earlier one took is not one (CommonMark: the
/// first wins), so the parser does not report it and neither does this.
pub fn link_definitions(text: &str, body: Range<usize>) -> Vec<LinkDefinition> {
    let Some(source) = text.get(body.clone()) else {
        return Vec::new();
    };
    // The parser reads every block, definitions among them, before it yields an event.
    let parser = Parser::new_ext(source, options());
    let mut out: Vec<LinkDefinition> = parser
        .reference_definitions()
        .iter()
        .filter_map(|(_, def)| {
            let written = source.get(def.span.clone())?;
            let dest = dest_in(written)?;
            let shift = body.start + def.span.start;
            Some(LinkDefinition {
                dest: def.dest.to_string(),
                dest_span: shift + dest.start..shift + dest.end,
                span: body.start + def.span.start..body.start + def.span.end,
            })
        })
        .collect();
    // The parser keeps definitions in a hash map.
    out.sort_by_key(|d| d.span.start);
    out
}

/// Where the destination is in a definition's text (`[label]: dest "title"`): after the
/// label's closing bracket and colon, past spaces and at most one line break (with any
/// `>` of an enclosing block quote), either `<…>` (the range inside the brackets) or a
/// run without spaces.
fn dest_in(written: &str) -> Option<Range<usize>> {
    let bytes = written.as_bytes();
    let mut i = 1;
    // A label holds no unescaped bracket.
    while *bytes.get(i)? != b']' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    i += 1;
    if bytes.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let mut line_broken = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' => i += 1,
            b'\r' | b'\n' if !line_broken => {
                line_broken = true;
                i += 1;
            }
            b'\n' => i += 1,
            b'>' if line_broken => i += 1,
            _ => break,
        }
    }
    let start = i;
    if bytes.get(i) == Some(&b'<') {
        let mut j = i + 1;
        while *bytes.get(j)? != b'>' {
            j += if bytes[j] == b'\\' { 2 } else { 1 };
        }
        return Some(start + 1..j);
    }
    let len = written[start..]
        .find(|c: char| c.is_ascii_whitespace() || c.is_ascii_control())
        .unwrap_or(written.len() - start);
    (len > 0).then_some(start..start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dests(text: &str) -> Vec<(&str, &str)> {
        link_definitions(text, 0..text.len())
            .into_iter()
            .map(|d| (&text[d.dest_span.clone()], &text[d.span.clone()]))
            .collect()
    }

    #[test]
    fn definitions_are_found_used_or_not_with_their_destination() {
        let text = "See [a][].\n\n[a]: ../prds/a.md#why \"../prds/a.md\"\n[b\\]c]:\n  <b c.md> 'title'\n> [q]:\n> q.md\n";
        let found = dests(text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, "../prds/a.md#why");
        assert!(found[0].1.starts_with("[a]:"));
        assert_eq!(found[1].0, "b c.md");
        assert_eq!(found[2].0, "q.md");
    }

    #[test]
    fn a_definition_in_code_is_none() {
        assert!(dests("```\n[a]: x.md\n```\n").is_empty());
        assert!(dests("    [a]: x.md\n").is_empty());
    }
}
