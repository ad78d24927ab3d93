//! The byte format of the history cache: varints, length-prefixed strings and object
//! ids, with a checksum over the whole file. Reading never trusts the bytes: every
//! length is checked against what is left, so a truncated or damaged file reads as
//! `None` (and the history is walked again), never as a panic or a huge allocation.
//!
//! Hand-rolled rather than serde + postcard/bincode: the cached values are a handful of
//! plain structs, the model's types stay free of (de)serialisation derives they do not
//! otherwise need, and spex takes no new dependency for ~100 lines.

use git2::Oid;

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Encoder {
    pub bytes: Vec<u8>,
}

impl Encoder {
    /// LEB128: small numbers (most lengths and indices) take one byte.
    pub fn u64(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    pub fn usize(&mut self, v: usize) {
        self.u64(v as u64);
    }

    /// Zigzag, so negative times stay short.
    pub fn i64(&mut self, v: i64) {
        self.u64(((v << 1) ^ (v >> 63)) as u64);
    }

    pub fn bool(&mut self, v: bool) {
        self.bytes.push(u8::from(v));
    }

    pub fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    pub fn oid(&mut self, oid: Oid) {
        let raw = oid.as_bytes();
        self.usize(raw.len());
        self.bytes.extend_from_slice(raw);
    }

    /// Ends the buffer with the checksum of everything before it.
    pub fn finish(mut self) -> Vec<u8> {
        let sum = checksum(&self.bytes);
        self.bytes.extend_from_slice(&sum.to_le_bytes());
        self.bytes
    }
}

/// Reads values back; each method is `None` at the end of the input or on a value that
/// cannot be what was written.
pub struct Decoder<'a> {
    rest: &'a [u8],
}

impl<'a> Decoder<'a> {
    /// A decoder over a whole file written by [`Encoder::finish`]: `None` when the
    /// checksum does not match (truncated, damaged, or not a cache file at all).
    pub fn checked(file: &'a [u8]) -> Option<Decoder<'a>> {
        let (body, sum) = file.split_at_checked(file.len().checked_sub(8)?)?;
        let sum = u64::from_le_bytes(sum.try_into().ok()?);
        (checksum(body) == sum).then_some(Decoder { rest: body })
    }

    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// How many bytes are left to read.
    pub fn remaining(&self) -> usize {
        self.rest.len()
    }

    /// A decoder over part of a file whose checksum was checked already.
    pub fn new(bytes: &'a [u8]) -> Decoder<'a> {
        Decoder { rest: bytes }
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

    pub fn str(&mut self) -> Option<String> {
        let len = self.usize()?;
        let bytes = self.bytes(len)?;
        String::from_utf8(bytes.to_vec()).ok()
    }

    pub fn oid(&mut self) -> Option<Oid> {
        let len = self.usize()?;
        Oid::from_bytes(self.bytes(len)?).ok()
    }

    fn bytes(&mut self, len: usize) -> Option<&'a [u8]> {
        let (bytes, rest) = self.rest.split_at_checked(len)?;
        self.rest = rest;
        Some(bytes)
    }
}

/// FNV-1a (64-bit): not cryptographic, only there to notice a damaged file. The cache
/// lives in the user's own `.git/`, so nobody forges it who could not also edit the
/// repository.
pub fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_as_written() {
        let mut out = Encoder::default();
        out.u64(0);
        out.u64(u64::MAX);
        out.i64(-1_700_000_000);
        out.bool(true);
        out.str("prds/ünïcode.md");
        out.oid(Oid::from_str("0123456789abcdef0123456789abcdef01234567").expect("hex"));
        let file = out.finish();
        let mut d = Decoder::checked(&file).expect("checksum matches");
        assert_eq!(d.u64(), Some(0));
        assert_eq!(d.u64(), Some(u64::MAX));
        assert_eq!(d.i64(), Some(-1_700_000_000));
        assert_eq!(d.bool(), Some(true));
        assert_eq!(d.str().as_deref(), Some("prds/ünïcode.md"));
        assert_eq!(
            d.oid().map(|o| o.to_string()).as_deref(),
            Some("0123456789abcdef0123456789abcdef01234567")
        );
        assert!(d.is_empty());
    }

    #[test]
    fn a_truncated_or_damaged_file_does_not_read() {
        let mut out = Encoder::default();
        out.str("some text to damage");
        let file = out.finish();
        for len in 0..file.len() {
            assert!(Decoder::checked(&file[..len]).is_none(), "cut at {len}");
        }
        let mut damaged = file.clone();
        damaged[3] ^= 0x10;
        assert!(Decoder::checked(&damaged).is_none());
    }

    #[test]
    fn lengths_beyond_the_input_are_refused() {
        let mut out = Encoder::default();
        out.usize(1 << 40);
        let bytes = out.bytes;
        assert_eq!(Decoder::new(&bytes).count(), None);
        assert_eq!(Decoder::new(&bytes).str(), None);
        // Eleven continuation bytes: not a u64.
        assert_eq!(Decoder::new(&[0xff; 11]).u64(), None);
    }
}
