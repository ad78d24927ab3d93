//! `file://` URIs ↔ workspace-relative paths. Only files under the workspace root have a
//! path: anything else (an untitled buffer, a file elsewhere) is not the workspace's.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The workspace-relative path (`/` separators) of a `file://` URI under `root`.
pub fn to_path(root: &Path, uri: &Uri) -> Option<String> {
    let absolute = file_path(uri)?;
    let relative = absolute.strip_prefix(root).ok()?;
    let parts: Vec<&str> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The absolute file path of a `file://` URI.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://localhost/…` names this machine too.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let decoded = percent_decode(rest)?;
    decoded.starts_with('/').then(|| PathBuf::from(decoded))
}

/// The `file://` URI of a workspace-relative path.
pub fn from_path(root: &Path, path: &str) -> Uri {
    let absolute = root.join(path);
    let mut out = String::from("file://");
    for byte in absolute.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    // Every byte outside the unreserved set is escaped, so this is a valid URI.
    Uri::from_str(&out).expect("an escaped file URI parses")
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_through_uris_with_escapes() {
        let root = Path::new("/work/my specs");
        let uri = from_path(root, "prds/ä b.md");
        assert_eq!(uri.as_str(), "file:///work/my%20specs/prds/%C3%A4%20b.md");
        assert_eq!(to_path(root, &uri).as_deref(), Some("prds/ä b.md"));
    }

    #[test]
    fn a_file_outside_the_workspace_has_no_path() {
        let uri = Uri::from_str("file:///elsewhere/a.md").unwrap();
        assert_eq!(to_path(Path::new("/work"), &uri), None);
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(to_path(Path::new("/work"), &untitled), None);
    }
}
