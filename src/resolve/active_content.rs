//! Whether an SVG or XML file would run script when a reader opens it from the site.
//! Copied into the site, such a file runs in the site's own origin, where it could read
//! every page (and, under `spex serve --include-confidential`, confidential ones).
//!
//! Only markup is judged, never text: a diagram label "onboarding = true" is not a
//! handler. Names are compared by their local part (`x:script` is a script), and
//! attribute values with entities decoded (`jav&#x61;script:` is `javascript:`).

/// Elements that run or load active content, by local name.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script", "iframe", "embed", "object", "frame", "frameset", "applet", "base", "handler",
    "listener",
];

/// Attributes whose value is a URL or an animation target a script URL could hide in.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "values",
    "to",
    "from",
    "by",
];

/// Why `text` (SVG or XML) would run script, or `None`.
pub fn script_in_markup(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.split_once("-->").map_or("", |(_, r)| r);
            continue;
        }
        if let Some(after) = rest.strip_prefix("![CDATA[") {
            rest = after.split_once("]]>").map_or("", |(_, r)| r);
            continue;
        }
        if let Some(after) = rest.strip_prefix('?') {
            let (instruction, r) = after.split_once("?>").unwrap_or((after, ""));
            if instruction
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("xml-stylesheet")
            {
                return Some(
                    "it applies a stylesheet (`<?xml-stylesheet`), which can build script".into(),
                );
            }
            rest = r;
            continue;
        }
        if rest.starts_with('!') || rest.starts_with('/') {
            rest = rest.split_once('>').map_or("", |(_, r)| r);
            continue;
        }
        let (tag, after) = split_tag(rest);
        rest = after;
        if let Some(why) = active_tag(tag) {
            return Some(why);
        }
    }
    None
}

/// The inside of a start tag (up to its `>`, quotes respected) and what follows it.
fn split_tag(text: &str) -> (&str, &str) {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return (&text[..i], &text[i + 1..]),
            _ => {}
        }
    }
    (text, "")
}

/// Why one start tag (`name attr="v" …`) is active, or `None`.
fn active_tag(tag: &str) -> Option<String> {
    let name_end = tag
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(tag.len());
    let element = local_name(&tag[..name_end]);
    if ACTIVE_ELEMENTS.contains(&element.as_str()) {
        return Some(format!("it has a `<{element}>` element"));
    }
    for (name, value) in attributes(&tag[name_end..]) {
        let name = local_name(name);
        if name.starts_with("on") && name.len() > 2 {
            return Some(format!("it has an `{name}` event handler"));
        }
        if URL_ATTRIBUTES.contains(&name.as_str()) && is_script_url(&decode_entities(value)) {
            return Some(format!("its `{name}` is a script URL"));
        }
    }
    None
}

/// `name="value"` pairs of a tag's attribute text (values unquoted; bare names give "").
fn attributes(mut text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    loop {
        text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if text.is_empty() {
            return out;
        }
        let name_end = text
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(text.len());
        let name = &text[..name_end];
        text = text[name_end..].trim_start();
        let Some(after_eq) = text.strip_prefix('=') else {
            out.push((name, ""));
            if name_end == 0 {
                text = &text[text.chars().next().map_or(0, char::len_utf8)..];
            }
            continue;
        };
        let after_eq = after_eq.trim_start();
        let (value, rest) = match after_eq.chars().next() {
            Some(q @ ('"' | '\'')) => after_eq[1..].split_once(q).unwrap_or((&after_eq[1..], "")),
            _ => {
                let end = after_eq.find(char::is_whitespace).unwrap_or(after_eq.len());
                (&after_eq[..end], &after_eq[end..])
            }
        };
        out.push((name, value));
        text = rest;
    }
}

/// The lowercased local part of a qualified name (`x:Script` → `script`).
fn local_name(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase()
}

/// Whether a URL runs script, read as a browser reads it (white space and control
/// characters inside the scheme are dropped first).
fn is_script_url(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "javascript:",
        "vbscript:",
        "data:text/html",
        "data:application/xhtml",
        "data:image/svg",
    ]
    .iter()
    .any(|scheme| squeezed.starts_with(scheme))
}

/// XML character references and the predefined entities decoded; others kept as written.
fn decode_entities(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::script_in_markup;

    #[test]
    fn diagrams_from_drawing_tools_are_not_script() {
        // draw.io wraps labels in foreignObject + XHTML; Figma writes fonts and text.
        let drawio = r#"<svg xmlns="http://www.w3.org/2000/svg"><switch><foreignObject width="1" height="1"><div xmlns="http://www.w3.org/1999/xhtml" style="font-family: Helvetica">Start</div></foreignObject><text>Start</text></switch></svg>"#;
        let figma = r#"<svg xmlns="http://www.w3.org/2000/svg"><text font-family="Montserrat"><tspan>Flag: onboarding = true</tspan></text><image href="data:image/png;base64,iVBORw0KGgo/onXyz="/></svg>"#;
        let xml = r#"<?xml version="1.0"?><objectives><objective id="OBJ-1">Grow</objective></objectives>"#;
        for text in [drawio, figma, xml] {
            assert_eq!(script_in_markup(text), None, "{text}");
        }
    }

    #[test]
    fn script_is_found_whatever_its_spelling() {
        for text in [
            r#"<svg><script>alert(1)</script></svg>"#,
            r#"<svg><x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script></svg>"#,
            r#"<svg onload="alert(1)"></svg>"#,
            r#"<svg><rect ONCLICK = 'x'/></svg>"#,
            r#"<svg><a xlink:href="jav&#x61;script:alert(1)"><text>x</text></a></svg>"#,
            r#"<svg><a href=" java	script:x">y</a></svg>"#,
            r#"<svg><set attributeName="href" to="javascript:alert(1)"/></svg>"#,
            r#"<svg><foreignObject><xhtml:iframe src="x"/></foreignObject></svg>"#,
            r#"<?xml-stylesheet href="style.xsl" type="text/xsl"?><doc/>"#,
        ] {
            assert!(script_in_markup(text).is_some(), "{text}");
        }
    }

    #[test]
    fn comments_and_cdata_are_not_markup() {
        let text = "<svg><!-- <script>old</script> --><style><![CDATA[ .a{} ]]></style></svg>";
        assert_eq!(script_in_markup(text), None);
    }
}
