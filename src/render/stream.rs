//! Large files into the output without holding them in memory: streamed in, and
//! compared with the previous build's copy a block at a time.

use std::fs;
use std::io;
use std::path::Path;

/// Streams `from` into a new file at `path`.
pub fn stream_to(path: &Path, from: &mut dyn io::Read) -> io::Result<()> {
    // Whatever is at `path` (a link left by someone) is removed, and `create_new` never
    // opens an existing file or follows a link.
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    io::copy(from, &mut file)?;
    Ok(())
}

/// Whether two files hold the same bytes, compared a block at a time. Only regular
/// files of equal length are opened (opening a named pipe would block).
pub fn same_contents(a: &Path, b: &Path) -> bool {
    use std::io::Read as _;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(ma), Ok(mb)) if ma.is_file() && mb.is_file() && ma.len() == mb.len() => {}
        _ => return false,
    }
    let (Ok(mut a), Ok(mut b)) = (fs::File::open(a), fs::File::open(b)) else {
        return false;
    };
    let (mut block_a, mut block_b) = (vec![0; 64 * 1024], vec![0; 64 * 1024]);
    loop {
        let n = match a.read(&mut block_a) {
            Ok(0) => return b.read(&mut block_b).is_ok_and(|m| m == 0),
            Ok(n) => n,
            Err(_) => return false,
        };
        if b.read_exact(&mut block_b[..n]).is_err() || block_a[..n] != block_b[..n] {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_compare_by_content_a_block_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            dir.path().join("a"),
            dir.path().join("b"),
            dir.path().join("c"),
        );
        let big: Vec<u8> = (0..200_000u32).map(|n| n as u8).collect();
        stream_to(&a, &mut big.as_slice()).unwrap();
        stream_to(&b, &mut big.as_slice()).unwrap();
        let mut other = big.clone();
        other[150_000] ^= 1;
        stream_to(&c, &mut other.as_slice()).unwrap();
        assert!(same_contents(&a, &b));
        assert!(!same_contents(&a, &c));
        assert!(!same_contents(&a, &dir.path().join("missing")));
    }
}
