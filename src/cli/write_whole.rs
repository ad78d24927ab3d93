//! Writing one output file whole, for `spex export --out` and `spex schema --out`: a new
//! temporary file beside it, renamed over it, so a reader never sees half a file.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Replaces `path` with `text`, creating its folder when missing.
pub fn write_whole(path: &Path, text: &str) -> Result<()> {
    let write_error = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(write_error)?;
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(write_error)?;
    file.write_all(text.as_bytes()).map_err(write_error)?;
    file.persist(path).map_err(|e| write_error(e.error))?;
    Ok(())
}
