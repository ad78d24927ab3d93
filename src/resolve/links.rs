//! Where a Markdown link points: outside, into this document, or at a workspace file.

use crate::model::LinkTarget;

/// Resolves `dest` as written in the document at `doc_path`.
pub fn resolve_link(doc_path: &str, dest: &str) -> LinkTarget {
    if dest.starts_with("//") || has_scheme(dest) {
        return LinkTarget::External;
    }
    let (without_fragment, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (dest, None),
    };
    let path_part = without_fragment.split('?').next().unwrap_or("");
    if path_part.is_empty() {
        return match fragment {
            Some(anchor) => LinkTarget::SameDocument { anchor },
            None => LinkTarget::External, // `?query` only: nothing to check
        };
    }
    let decoded = percent_decode(path_part);
    let joined = match decoded.strip_prefix('/') {
        Some(from_root) => from_root.to_owned(),
        None => match doc_path.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{decoded}"),
            None => decoded,
        },
    };
    match normalize(&joined) {
        Some(path) => LinkTarget::File {
            path,
            anchor: fragment,
        },
        None => LinkTarget::OutsideWorkspace,
    }
}

/// `a/./b/../c` → `a/c`; `None` when `..` climbs above the root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn has_scheme(dest: &str) -> bool {
    match dest.split_once(':') {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Decodes `%20`-style escapes; malformed escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_from_the_document_folder() {
        assert_eq!(
            resolve_link("prds/a.md", "../roadmaps/r.md#now"),
            LinkTarget::File {
                path: "roadmaps/r.md".into(),
                anchor: Some("now".into())
            }
        );
        assert_eq!(
            resolve_link("prds/a.md", "/docs/My%20Page.md"),
            LinkTarget::File {
                path: "docs/My Page.md".into(),
                anchor: None
            }
        );
    }

    #[test]
    fn other_links_are_classified() {
        assert_eq!(
            resolve_link("a.md", "https://x.org/a.md"),
            LinkTarget::External
        );
        assert_eq!(resolve_link("a.md", "mailto:x@y.z"), LinkTarget::External);
        assert_eq!(
            resolve_link("a.md", "#open-questions"),
            LinkTarget::SameDocument {
                anchor: "open-questions".into()
            }
        );
        assert_eq!(
            resolve_link("a.md", "../../etc/passwd"),
            LinkTarget::OutsideWorkspace
        );
    }

    #[test]
    fn malformed_escapes_are_kept() {
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%é9"), "%é9");
    }
}
