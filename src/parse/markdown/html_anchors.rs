//! Anchors declared in a body's raw HTML: `<a name="x">` and `id="x"` on any element,
//! which GitHub and browsers resolve `#x` to like a heading's anchor.

use pulldown_cmark::Event;

use super::MarkdownEvents;

/// Every `id` and `<a name>` value in the raw HTML of `body` (not in code), in order.
pub fn html_anchors(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (event, _) in MarkdownEvents::new(body) {
        if let Event::Html(html) | Event::InlineHtml(html) = event {
            tag_anchors(&html, &mut out);
        }
    }
    out
}

/// The anchors of the start tags in one piece of HTML.
fn tag_anchors(html: &str, out: &mut Vec<String>) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_len == 0 {
            continue; // `</a>`, `<!-- -->`, a lone `<`
        }
        let tag = rest[..name_len].to_ascii_lowercase();
        rest = &rest[name_len..];
        let end = rest.find('>').unwrap_or(rest.len());
        for (key, value) in attributes(&rest[..end]) {
            let key = key.to_ascii_lowercase();
            if key == "id" || (key == "name" && tag == "a") {
                out.push(value.to_owned());
            }
        }
        rest = &rest[end..];
    }
}

/// `key="value"`, `key='value'` and `key=value` pairs of a tag's attribute text.
fn attributes(mut text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    loop {
        text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let key_len = text
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(text.len());
        if key_len == 0 {
            return out;
        }
        let key = &text[..key_len];
        text = text[key_len..].trim_start();
        let Some(after) = text.strip_prefix('=') else {
            continue; // a bare attribute such as `hidden`
        };
        text = after.trim_start();
        let (value, rest) = match text.chars().next() {
            Some(q @ ('"' | '\'')) => match text[1..].find(q) {
                Some(len) => (&text[1..1 + len], &text[len + 2..]),
                None => return out,
            },
            _ => {
                let len = text.find(char::is_whitespace).unwrap_or(text.len());
                (&text[..len], &text[len..])
            }
        };
        if !value.is_empty() {
            out.push((key, value));
        }
        text = rest;
    }
}

#[cfg(test)]
mod tests {
    use super::html_anchors;

    #[test]
    fn ids_and_a_names_are_anchors_in_html_not_in_code() {
        let body = "<a name=\"rationale\"></a>\n\n## Spec\n\nText <span id='inline-x' class=y>x</span>.\n\n<div ID=block>\n\n</div>\n\n`<a name=\"code\">`\n\n    <a name=\"indented\">\n\n<img name=\"not-an-anchor\">\n";
        assert_eq!(html_anchors(body), ["rationale", "inline-x", "block"]);
    }
}
