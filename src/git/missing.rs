//! Objects the repository does not have: a partial clone (`--filter=blob:none`), a
//! mirror without large blobs, a damaged object store. Readers skip what needs them and
//! say so once, with how to fetch them, instead of failing the whole command.

use git2::{ErrorClass, ErrorCode, Oid};

/// The id of the object a git2 error says is missing, when that is what it says: `known`
/// when the caller knows which object it asked for, else the id the message names.
/// `None` for every other error, which stays fatal.
pub(super) fn missing_object(e: &git2::Error, known: Option<Oid>) -> Option<String> {
    let not_found = e.code() == ErrorCode::NotFound
        && (e.class() == ErrorClass::Odb || e.message().contains("object not found"));
    if !not_found {
        return None;
    }
    if let Some(oid) = known {
        return Some(oid.to_string());
    }
    Some(named_id(e.message()).unwrap_or_else(|| "(unnamed)".to_owned()))
}

/// The first full object id (40 hex digits) in `text`.
fn named_id(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(39))
        .find(|&i| {
            bytes[i..i + 40].iter().all(u8::is_ascii_hexdigit)
                && (i == 0 || !bytes[i - 1].is_ascii_hexdigit())
                && bytes.get(i + 40).is_none_or(|b| !b.is_ascii_hexdigit())
        })
        .map(|i| text[i..i + 40].to_ascii_lowercase())
}

/// How to get a missing object back.
pub fn fetch_hint(oid: &str) -> String {
    format!("fetch it with `git fetch origin {oid}`, or everything with `git fetch --refetch`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_object_is_read_from_the_message() {
        let id = "07ac8f5411394e9fe672242fc37a7e7f53276a18";
        let text = format!("object not found - cannot read header for ({id})");
        assert_eq!(named_id(&text).as_deref(), Some(id));
        assert_eq!(named_id("no id here, deadbeef"), None);
    }
}
