//! One Markdown file's text, decoded defensively.

use crate::diag::{Diagnostic, Rule, Span};
use crate::parse::Source;

/// Documents larger than this are skipped with a warning: a spec is never 8 MB, so such
/// a file is a misnamed export or a generated dump that would only slow every build.
pub const MAX_DOCUMENT_BYTES: u64 = 8_000_000;

pub fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// Bytes → text. A binary file is refused (the reason is returned); invalid UTF-8 is
/// decoded lossily so the rest of the document can still be checked, with a diagnostic
/// at the first bad byte.
pub fn decode_source(path: &str, bytes: Vec<u8>) -> Result<Source, String> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err("it looks like a binary file (it contains NUL bytes)".into());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source {
            path: path.to_owned(),
            text: text.into(),
            encoding_problem: None,
        }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // Lossy decoding keeps every byte before the first bad one, so `at` still
            // points at the replacement character.
            let problem = Diagnostic::new(
                Rule::InvalidEncoding,
                "file is not valid UTF-8",
                Span::new(path, at..at + '\u{FFFD}'.len_utf8()),
            )
            .with_primary_label("invalid byte here")
            .with_help("save the file as UTF-8; the invalid bytes were replaced with `\u{FFFD}`");
            Ok(Source {
                path: path.to_owned(),
                text: text.into(),
                encoding_problem: Some(problem),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_files_are_refused() {
        assert!(decode_source("a.md", b"PNG\0\0\x01".to_vec()).is_err());
    }

    #[test]
    fn invalid_utf8_is_reported_at_the_first_bad_byte() {
        let source = decode_source("a.md", b"ok\n\xff rest".to_vec()).unwrap();
        let problem = source.encoding_problem.unwrap();
        assert_eq!(problem.primary.range.start, 3);
        assert!(source.text.ends_with(" rest"));
    }
}
