//! Oracles and helpers shared by the fuzz targets: what must hold for every input,
//! checked independently of spex's own code.

use std::collections::BTreeSet;
use std::sync::Arc;

use spex::config::Config;
use spex::diag::{Diagnostic, Files, Rule};
use spex::load::decode_source;
use spex::markup::body::{LinkResolver, RefResolution, RefTarget};
use spex::model::Workspace;
use spex::parse::parse_doc;

/// Panics when `html` could run script in a browser: a `<script>` (or other script-capable)
/// element, an `on*` event attribute, or a `javascript:`-like URL in a URL attribute.
pub fn assert_no_script(html: &str) {
    for tag in tags(html) {
        let name = tag.name.to_ascii_lowercase();
        assert!(
            !matches!(
                name.as_str(),
                "script"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "svg"
                    | "math"
                    | "style"
                    | "base"
                    | "form"
                    | "meta"
                    | "link"
            ),
            "script-capable element <{name}> in output:\n{html}"
        );
        for (attr, value) in &tag.attrs {
            let attr = attr.to_ascii_lowercase();
            assert!(
                !attr.starts_with("on"),
                "event attribute `{attr}` on <{name}> in output:\n{html}"
            );
            if matches!(
                attr.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href" | "srcset" | "poster"
            ) {
                let url = decode_entities(value);
                assert!(
                    safe_scheme(&url),
                    "unsafe URL `{url}` in {attr} of <{name}> in output:\n{html}"
                );
            }
        }
    }
}

/// A tag as a browser would tokenise it (good enough for serialiser output: text is
/// always escaped, attribute values are quoted).
struct TagToken {
    name: String,
    attrs: Vec<(String, String)>,
}

fn tags(html: &str) -> Vec<TagToken> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        if html[i..].starts_with("!--") {
            // A comment: browsers run nothing inside it.
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        if i < b.len() && (b[i] == b'/' || b[i] == b'!') {
            i += 1;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
            i += 1;
        }
        if start == i {
            continue; // `<` followed by no name is text to a browser
        }
        let mut tag = TagToken {
            name: html[start..i].to_owned(),
            attrs: Vec::new(),
        };
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let a = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let name = html[a..i].to_owned();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    i += 1;
                    let v = i;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    value = html[v..i].to_owned();
                    i += 1;
                } else {
                    let v = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[v..i].to_owned();
                }
            }
            if name.is_empty() {
                i += 1; // a stray `=`: skip it as a browser would
                continue;
            }
            tag.attrs.push((name, value));
        }
        out.push(tag);
    }
    out
}

/// Decodes the character references a browser decodes in an attribute value before it
/// looks at a URL's scheme.
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').unwrap_or(0);
        let entity = &rest[1..end.max(1)];
        let decoded = if let Some(hex) = entity.strip_prefix("#x").or(entity.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = entity.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match entity {
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => None,
            }
        };
        match decoded {
            Some(c) if end > 0 => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a URL is relative or uses a scheme that cannot run script, read as a browser
/// reads it (WHATWG URL): leading and trailing controls and spaces are dropped, tabs and
/// newlines anywhere; any other control character makes the scheme invalid, so the URL
/// is relative (`j\u{1}avascript:x` is a harmless path).
fn safe_scheme(url: &str) -> bool {
    let is_c0_or_space = |c: char| c <= ' ';
    let cleaned: String = url
        .trim_matches(is_c0_or_space)
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some((scheme, _)) = cleaned.split_once(':') else {
        return true;
    };
    let valid_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        return true; // no scheme at all: a relative URL
    }
    !matches!(
        scheme.to_ascii_lowercase().as_str(),
        "javascript" | "vbscript" | "data" | "file"
    )
}

/// Link resolution as a site would do it, with targets whose titles need escaping and
/// one hidden (confidential) document.
pub struct FuzzLinks;

impl LinkResolver for FuzzLinks {
    fn document(&self, id: &str, anchor: Option<&str>) -> RefResolution {
        let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        match id {
            "PRD-1" => RefResolution::Found(RefTarget {
                url: format!("PRD-1.html{anchor}"),
                title: "Labels <script>x</script> \"q\"".into(),
                status: Some("approved\" onload=\"x".into()),
                phase: None,
            }),
            "PRD-9" => RefResolution::Hidden,
            _ => RefResolution::Missing,
        }
    }

    fn file(&self, path: &str, anchor: Option<&str>) -> Option<String> {
        path.ends_with(".md").then(|| {
            let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
            format!("{}.html{anchor}", path.trim_end_matches(".md"))
        })
    }

    fn canonical_id(&self, written: &str) -> String {
        written.trim().to_ascii_uppercase()
    }
}

/// Reads, parses and resolves documents given as raw bytes, then validates them, as
/// `spex check` does. Refused files (binary) become diagnostics, never a lost document.
pub fn compile_docs(
    config: &Arc<Config>,
    docs: &[(&str, &[u8])],
) -> (Workspace, Vec<Diagnostic>, Files) {
    let mut parsed = Vec::new();
    let mut diagnostics = Vec::new();
    let mut files = Files::default();
    let listed: BTreeSet<String> = docs.iter().map(|(p, _)| (*p).to_owned()).collect();
    for (path, bytes) in docs {
        match decode_source(path, bytes.to_vec()) {
            Ok(source) => {
                files.insert(*path, source.text.clone());
                parsed.push(parse_doc(&source));
            }
            Err(why) => diagnostics.push(Diagnostic::new(
                Rule::SkippedFile,
                why,
                spex::diag::Span::file_start(*path),
            )),
        }
    }
    let expected = parsed.len();
    let (ws, more) = spex::resolve::resolve(config, parsed, listed);
    assert_eq!(ws.docs.len(), expected, "a document was dropped by resolve");
    diagnostics.extend(more);
    diagnostics.extend(spex::validate::validate(&ws));
    spex::validate::apply_levels(config, &mut diagnostics);
    (ws, diagnostics, files)
}

/// Every diagnostic points into a file it names, inside that file's text, and renders
/// in every output format without panicking.
pub fn check_diagnostics(diagnostics: &[Diagnostic], files: &Files) -> String {
    for d in diagnostics {
        let spans = std::iter::once(&d.primary).chain(d.labels.iter().map(|l| &l.span));
        for span in spans {
            assert!(span.range.start <= span.range.end, "reversed span in {d:?}");
            if let Some(text) = files.text(&span.file) {
                assert!(
                    span.range.end <= text.len(),
                    "span past the end of `{}` ({} bytes) in {d:?}",
                    span.file,
                    text.len()
                );
            }
        }
    }
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&spex::diag::human::render(d, files, false, ""));
        out.push_str(&spex::diag::human::render(d, files, true, "ws/"));
    }
    out.push_str(&spex::diag::json::render(diagnostics, files, None));
    out.push_str(&spex::diag::github::render(diagnostics, files, ""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catches(html: &str) -> bool {
        std::panic::catch_unwind(|| assert_no_script(html)).is_err()
    }

    #[test]
    fn the_script_oracle_flags_what_a_browser_would_run() {
        for html in [
            "<p>x</p><script>alert(1)</script>",
            "<h2 id=\"a\" onclick=\"x()\">A</h2>",
            "<a href=\"javascript:x\">a</a>",
            "<a href=\" &#106;ava&#x09;script&colon;x\">a</a>",
            "<img src='data:text/html,x'>",
            "<a title=\"a>b\" href=javascript:x>a</a>",
        ] {
            assert!(catches(html), "{html}");
        }
    }

    #[test]
    fn the_script_oracle_passes_safe_markup() {
        for html in [
            "<p>&lt;script&gt; javascript:x onclick=y</p>",
            "<a href=\"https://x.org/a:b\" title=\"on=x\">a</a>",
            "<a href=\"j\u{1}avascript:x\">a relative path to a browser</a>",
            "<a href=\"../a.html#javascript:x\">a</a>",
            "<!-- <script> -->",
        ] {
            assert!(!catches(html), "{html}");
        }
    }
}
