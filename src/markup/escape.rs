//! Escaping generated text for the formats renderers write: HTML for the site's own
//! markup, Markdown for digests and pull-request comments.

/// HTML-escapes text for our own generated markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes what Markdown would read as formatting in generated text.
pub fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes generated text for Markdown, leaving its `code spans` as they are: inside
/// backticks a backslash is a literal backslash, so escaping there would show one.
pub fn md_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        out.push_str(&md_escape(&rest[..open]));
        let from_open = &rest[open..];
        let fence = backtick_run(from_open);
        let inside = &from_open[fence..];
        match closing_run(inside, fence) {
            Some(close) => {
                out.push_str(&from_open[..fence + close + fence]);
                rest = &inside[close + fence..];
            }
            None => {
                // An unmatched backtick is just a character.
                out.push_str(&"\\`".repeat(fence));
                rest = inside;
            }
        }
    }
    out.push_str(&md_escape(rest));
    out
}

/// The number of backticks `text` starts with.
fn backtick_run(text: &str) -> usize {
    text.len() - text.trim_start_matches('`').len()
}

/// Where a run of exactly `n` backticks starts in `text`, closing a code span.
fn closing_run(text: &str, n: usize) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find('`') {
        let start = from + at;
        let run = backtick_run(&text[start..]);
        if run == n {
            return Some(start);
        }
        from = start + run;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn markdown_formatting_is_escaped() {
        assert_eq!(md_escape("a_b *c* [d] #e"), "a\\_b \\*c\\* \\[d\\] \\#e");
    }

    #[test]
    fn markdown_code_spans_are_left_unescaped() {
        assert_eq!(
            md_inline("field `depends_on` of a_b is *bad*"),
            "field `depends_on` of a\\_b is \\*bad\\*"
        );
        assert_eq!(md_inline("a ``x ` y`` b_c"), "a ``x ` y`` b\\_c");
        assert_eq!(md_inline("one ` tick_"), "one \\` tick\\_", "unmatched");
    }
}
