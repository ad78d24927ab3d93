//! Digests as e-mail (`--format email`): one complete RFC 5322 message per audience,
//! `multipart/alternative` with the Markdown as the plain-text part and the HTML digest
//! as the other, ready for `curl --upload-file` or any SMTP client. No external images
//! (the HTML digest has none). The subject carries the headline health. The sender adds
//! `From:` and `To:` (the same digest goes to many lists); the message is otherwise whole.
//!
//! Written by hand rather than with a mail crate: one fixed structure, and every
//! header spex writes is ASCII or an RFC 2047 encoded word, so there is little to get
//! wrong and nothing to configure.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::Digest;

/// The whole message, with CRLF line ends. Same digest, same bytes: the date is the
/// described commit's (else `now`, which honours `SOURCE_DATE_EPOCH`) and the boundary
/// is derived from the content.
pub fn message(digest: &Digest, title: &str, text: &str, html: &str, now: i64) -> String {
    let subject = format!("{title} · {}", digest.health.headline());
    let time = digest.head.as_ref().map_or(now, |h| h.time);
    let boundary = format!("spex-alternative-{:016x}", fnv1a(&[text, html]));
    let mut m = String::new();
    header(&mut m, "Subject", &encode_header(&subject));
    header(&mut m, "Date", &rfc5322_date(time));
    header(&mut m, "MIME-Version", "1.0");
    header(
        &mut m,
        "Content-Type",
        &format!("multipart/alternative; boundary=\"{boundary}\""),
    );
    header(
        &mut m,
        "X-Generator",
        concat!("spex ", env!("CARGO_PKG_VERSION")),
    );
    m.push_str("\r\n");
    for (mime, body) in [("text/plain", text), ("text/html", html)] {
        m.push_str(&format!("--{boundary}\r\n"));
        header(&mut m, "Content-Type", &format!("{mime}; charset=utf-8"));
        header(&mut m, "Content-Transfer-Encoding", "base64");
        m.push_str("\r\n");
        m.push_str(&base64_lines(body.as_bytes()));
    }
    m.push_str(&format!("--{boundary}--\r\n"));
    m
}

/// "Now" for a digest of the work tree: `SOURCE_DATE_EPOCH` when set (reproducible
/// output), else the clock.
pub fn now() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| jiff::Timestamp::now().as_second())
}

fn header(m: &mut String, name: &str, value: &str) {
    m.push_str(&format!("{name}: {value}\r\n"));
}

/// A header value as is when it is short printable ASCII, else as RFC 2047 encoded
/// words (`=?UTF-8?B?…?=`, each at most 75 characters, whole characters only), folded.
fn encode_header(value: &str) -> String {
    if value.len() <= 60 && value.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return value.to_owned();
    }
    // 45 bytes of UTF-8 make 60 base64 characters: 72 with the `=?UTF-8?B??=` frame.
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in value.chars() {
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    words.push(chunk);
    words
        .iter()
        .map(|w| format!("=?UTF-8?B?{}?=", STANDARD.encode(w)))
        .collect::<Vec<_>>()
        .join("\r\n ")
}

/// Base64 in lines of 76 characters, each ended by CRLF (RFC 2045).
fn base64_lines(bytes: &[u8]) -> String {
    let encoded = STANDARD.encode(bytes);
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 38);
    for line in encoded.as_bytes().chunks(76) {
        // Base64 is ASCII.
        out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        out.push_str("\r\n");
    }
    out
}

/// `Sun, 06 Dec 2026 19:48:03 +0000`.
fn rfc5322_date(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .strftime("%a, %d %b %Y %H:%M:%S +0000")
        .to_string()
}

/// A stable 64-bit hash (FNV-1a) for the boundary: it must not occur in the parts,
/// which are base64 (no `-`), so any value works; this one keeps output reproducible.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.iter().flat_map(|p| p.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_subjects_become_encoded_words_of_whole_characters() {
        let encoded = encode_header(&"Produkt · Übersicht ".repeat(5));
        for word in encoded.split("\r\n ") {
            assert!(word.len() <= 75, "{word}");
            let inner = &word["=?UTF-8?B?".len()..word.len() - 2];
            let bytes = STANDARD.decode(inner).expect("base64");
            assert!(String::from_utf8(bytes).is_ok());
        }
        assert_eq!(encode_header("Plain subject"), "Plain subject");
    }

    #[test]
    fn dates_are_rfc_5322_in_utc() {
        assert_eq!(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
    }
}
