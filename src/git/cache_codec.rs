//! The byte format of the history cache: varints, strings and object ids, with a
//! checksum over the whole file. Reading never trusts the bytes: every length is checked
//! against what is left, so a truncated or damaged file reads as `None` (and the history
//! is walked again), never as a panic or a huge allocation.
//!
//! A file is its magic line, then every distinct string once (the table), then the
//! values, then the checksum. Values name strings by their place in the table: authors,
//! dates, paths, field names and section headings repeat thousands of times in a long
//! history, and a table makes the file smaller and reading it cheaper (the table is
//! checked to be UTF-8 once, each string read is a copy). Object ids are their 20 raw
//! bytes.
//!
//! Hand-rolled rather than serde + postcard/bincode: the cached values are a handful of
//! plain structs, the model's types stay free of (de)serialisation derives they do not
//! otherwise need, and spex takes no new dependency for ~200 lines.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use git2::Oid;

/// The bytes of an object id.
const OID_LEN: usize = 20;

/// Appends values to a byte buffer, and strings to the table.
#[derive(Default)]
pub struct Encoder {
    values: Vec<u8>,
    /// Each distinct string's place in the table.
    places: HashMap<String, u64, BuildHasherDefault<StringHasher>>,
    /// The table: the strings' lengths, and their bytes one after another.
    lengths: Vec<u8>,
    text: Vec<u8>,
}

impl Encoder {
    /// LEB128: small numbers (most lengths and indices) take one byte.
    pub fn u64(&mut self, v: u64) {
        leb128(&mut self.values, v);
    }

    pub fn usize(&mut self, v: usize) {
        self.u64(v as u64);
    }

    /// Zigzag, so negative times stay short.
    pub fn i64(&mut self, v: i64) {
        self.u64(((v << 1) ^ (v >> 63)) as u64);
    }

    pub fn bool(&mut self, v: bool) {
        self.values.push(u8::from(v));
    }

    /// A string, as its place in the table (added the first time it is written).
    pub fn str(&mut self, s: &str) {
        let place = match self.places.get(s) {
            Some(&place) => place,
            None => {
                let place = self.places.len() as u64;
                leb128(&mut self.lengths, s.len() as u64);
                self.text.extend_from_slice(s.as_bytes());
                self.places.insert(s.to_owned(), place);
                place
            }
        };
        self.u64(place);
    }

    pub fn oid(&mut self, oid: Oid) {
        self.values.extend_from_slice(oid.as_bytes());
    }

    /// The whole file: `magic`, the table, the values, and the checksum of everything
    /// before it.
    pub fn finish(self, magic: &str) -> Vec<u8> {
        let mut file = Vec::with_capacity(
            magic.len() + 20 + self.lengths.len() + self.text.len() + self.values.len(),
        );
        file.extend_from_slice(magic.as_bytes());
        leb128(&mut file, self.places.len() as u64);
        leb128(&mut file, self.text.len() as u64);
        file.extend_from_slice(&self.lengths);
        file.extend_from_slice(&self.text);
        file.extend_from_slice(&self.values);
        let sum = checksum(&file);
        file.extend_from_slice(&sum.to_le_bytes());
        file
    }
}

/// Hashes the table's strings. The default (SipHash) is made to resist keys chosen to
/// collide, which strings from the user's own repository do not need, and it was half of
/// writing the file; the checksum takes 8 bytes a step.
#[derive(Default)]
struct StringHasher(u64);

impl Hasher for StringHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = self.0.rotate_left(5) ^ checksum(bytes);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn leb128(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The body of a file written by [`Encoder::finish`] (all but the checksum): `None`
/// when the checksum does not match (truncated, damaged, or not a cache file at all).
pub fn checked(file: &[u8]) -> Option<&[u8]> {
    let (body, sum) = file.split_at_checked(file.len().checked_sub(8)?)?;
    let sum = u64::from_le_bytes(sum.try_into().ok()?);
    (checksum(body) == sum).then_some(body)
}

/// The string table of a file's `body` (from [`checked`]), and where its values start.
/// `None` when it does not start with `magic` or its table is not UTF-8.
pub fn table<'a>(body: &'a [u8], magic: &str) -> Option<(Strings<'a>, usize)> {
    let mut d = Decoder {
        rest: body.strip_prefix(magic.as_bytes())?,
        strings: &[],
    };
    let count = d.count()?;
    let text_len = d.usize()?;
    let mut lengths = Vec::with_capacity(count);
    for _ in 0..count {
        lengths.push(d.usize()?);
    }
    // Checked once here, so each string read later is only a copy.
    let text = std::str::from_utf8(d.bytes(text_len)?).ok()?;
    let mut strings = Vec::with_capacity(count);
    let mut at: usize = 0;
    for len in lengths {
        let end = at.checked_add(len)?;
        strings.push(text.get(at..end)?);
        at = end;
    }
    let values_at = body.len() - d.rest.len();
    (at == text.len()).then_some((Strings(strings), values_at))
}

/// A file's string table, by place.
pub struct Strings<'a>(Vec<&'a str>);

/// Reads values back; each method is `None` at the end of the input or on a value that
/// cannot be what was written.
pub struct Decoder<'a> {
    rest: &'a [u8],
    strings: &'a [&'a str],
}

impl<'a> Decoder<'a> {
    /// A decoder over values (from a file whose checksum was checked), with the file's
    /// string table.
    pub fn new(values: &'a [u8], strings: &'a Strings<'a>) -> Decoder<'a> {
        Decoder {
            rest: values,
            strings: &strings.0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// How many bytes are left to read.
    pub fn remaining(&self) -> usize {
        self.rest.len()
    }

    pub fn u64(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = self.rest.split_first()?;
            self.rest = rest;
            v |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    pub fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    /// A count of items that each take at least one byte: never more than what is
    /// left, so a damaged count cannot ask for a huge allocation.
    pub fn count(&mut self) -> Option<usize> {
        self.usize().filter(|&n| n <= self.rest.len())
    }

    pub fn i64(&mut self) -> Option<i64> {
        let v = self.u64()?;
        Some(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    pub fn bool(&mut self) -> Option<bool> {
        match self.bytes(1)? {
            [0] => Some(false),
            [1] => Some(true),
            _ => None,
        }
    }

    /// A string of the table, borrowed.
    pub fn str_ref(&mut self) -> Option<&'a str> {
        let place = self.usize()?;
        self.strings.get(place).copied()
    }

    pub fn str(&mut self) -> Option<String> {
        self.str_ref().map(str::to_owned)
    }

    pub fn oid(&mut self) -> Option<Oid> {
        Oid::from_bytes(self.bytes(OID_LEN)?).ok()
    }

    fn bytes(&mut self, len: usize) -> Option<&'a [u8]> {
        let (bytes, rest) = self.rest.split_at_checked(len)?;
        self.rest = rest;
        Some(bytes)
    }
}

/// Not cryptographic, only there to notice a damaged file (the cache lives in the
/// user's own `.git/`, so nobody forges it who could not also edit the repository).
/// Eight bytes a step: each step is a bijection of the running value, so any one
/// damaged word always changes the sum, and the rotation spreads each word's high bits
/// into the low ones of the next steps.
pub fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let step = |h: u64, w: u64| (h ^ w).wrapping_mul(K).rotate_left(29);
    let mut words = bytes.chunks_exact(8);
    let mut h = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        h = step(h, u64::from_le_bytes(w));
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = step(h, u64::from_le_bytes(last));
    // Final mix, so the last word reaches every bit.
    h ^= h >> 32;
    h.wrapping_mul(K) ^ (h >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAGIC: &str = "test file\n";

    #[test]
    fn values_read_back_as_written() {
        let mut out = Encoder::default();
        out.u64(0);
        out.u64(u64::MAX);
        out.i64(-1_700_000_000);
        out.bool(true);
        out.str("prds/ünïcode.md");
        out.str("");
        out.str("prds/ünïcode.md");
        out.oid(Oid::from_str("0123456789abcdef0123456789abcdef01234567").expect("hex"));
        let file = out.finish(MAGIC);
        let body = checked(&file).expect("checksum matches");
        let (strings, at) = table(body, MAGIC).expect("a table");
        let mut d = Decoder::new(&body[at..], &strings);
        assert_eq!(d.u64(), Some(0));
        assert_eq!(d.u64(), Some(u64::MAX));
        assert_eq!(d.i64(), Some(-1_700_000_000));
        assert_eq!(d.bool(), Some(true));
        assert_eq!(d.str().as_deref(), Some("prds/ünïcode.md"));
        assert_eq!(d.str_ref(), Some(""));
        assert_eq!(d.str_ref(), Some("prds/ünïcode.md"));
        assert_eq!(
            d.oid().map(|o| o.to_string()).as_deref(),
            Some("0123456789abcdef0123456789abcdef01234567")
        );
        assert!(d.is_empty());
    }

    #[test]
    fn a_repeated_string_is_stored_once() {
        let mut once = Encoder::default();
        once.str("Ada Lovelace <ada@example.com>");
        let once = once.finish(MAGIC).len();
        let mut often = Encoder::default();
        for _ in 0..100 {
            often.str("Ada Lovelace <ada@example.com>");
        }
        // One byte per use beyond the first.
        assert_eq!(often.finish(MAGIC).len(), once + 99);
    }

    #[test]
    fn a_truncated_or_damaged_file_does_not_read() {
        let mut out = Encoder::default();
        out.str("some text to damage, long enough for several words");
        out.u64(12345);
        let file = out.finish(MAGIC);
        for len in 0..file.len() {
            assert!(checked(&file[..len]).is_none(), "cut at {len}");
        }
        for at in 0..file.len() {
            for bit in 0..8 {
                let mut damaged = file.clone();
                damaged[at] ^= 1 << bit;
                assert!(checked(&damaged).is_none(), "bit {bit} of byte {at}");
            }
        }
    }

    #[test]
    fn another_magic_or_a_table_that_is_not_utf8_does_not_read() {
        let mut out = Encoder::default();
        out.str("é");
        let file = out.finish(MAGIC);
        let body = checked(&file).expect("checksum matches");
        assert!(table(body, "other file\n").is_none());
        // The body ends with the table's text ("é") and the one value (place 0): cut
        // "é" in half.
        let mut broken = body.to_vec();
        let at = broken.len() - 2;
        broken[at] = b'x';
        assert!(table(&broken, MAGIC).is_none());
    }

    #[test]
    fn lengths_and_places_beyond_the_input_are_refused() {
        let mut huge = Vec::new();
        leb128(&mut huge, 1 << 40);
        let none = Strings(Vec::new());
        assert_eq!(Decoder::new(&huge, &none).count(), None);
        assert_eq!(Decoder::new(&huge, &none).str(), None);
        assert_eq!(Decoder::new(&[0], &none).str(), None);
        assert_eq!(Decoder::new(&[7; 19], &none).oid(), None);
        // Eleven continuation bytes: not a u64.
        assert_eq!(Decoder::new(&[0xff; 11], &none).u64(), None);
    }
}
