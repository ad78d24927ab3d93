//! Where `spex digest --out` writes: the file of each audience, the refusals checked
//! before anything is written (a folder of documents, a file spex did not write), and
//! the writes themselves, each file replaced whole and listed in its folder's
//! `.spex-digests` so a re-run may overwrite it and spex never reads it as a document.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::digest::render::DigestFormat;
use crate::error::{Error, Result};
use crate::load::{DIGESTS_MARKER, DigestMarker, is_markdown};

/// `--out digests/` (a trailing slash) or an existing folder: write
/// `digest-<audience>.<ext>` into it.
pub fn names_folder(out: &Path) -> bool {
    let text = out.as_os_str().to_string_lossy();
    out.is_dir() || text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR)
}

/// The file each audience's digest goes to: `<out>/digest-<audience>.<ext>` for a
/// folder, else `out` itself.
pub fn target(out: &Path, audience: &str, format: DigestFormat, into_folder: bool) -> PathBuf {
    if into_folder {
        out.join(format!("digest-{audience}.{}", format.extension()))
    } else {
        out.to_path_buf()
    }
}

/// Refuses, before anything is written, a digest folder inside the workspace that
/// holds documents (the marker would once have hidden them; mixing digests into specs
/// is never meant), and any target that exists but is not a digest spex wrote.
pub fn check_targets(
    out: &Path,
    into_folder: bool,
    targets: &[PathBuf],
    root: &Path,
) -> Result<()> {
    if into_folder
        && inside(out, root)
        && let Some(document) = first_document(out)
    {
        return Err(Error::Usage(format!(
            "refusing to write digests into `{}`: it holds documents (`{}`), and a digest folder holds digests only\n  help: give the digests a folder of their own, such as `--out digests/`",
            out.display(),
            document.display()
        )));
    }
    for path in targets {
        let why = match fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(source) => {
                return Err(Error::Read {
                    path: path.clone(),
                    source,
                });
            }
            Ok(meta) if meta.file_type().is_symlink() => "it is a symbolic link",
            Ok(meta) if !meta.is_file() => "it is not a plain file",
            Ok(_) if written_by_spex(path) => continue,
            Ok(_) => "spex digest did not write it",
        };
        return Err(Error::Usage(format!(
            "refusing to overwrite `{}`: {why} (spex only replaces digests its `{DIGESTS_MARKER}` lists)\n  help: pick another --out, or move the file away first",
            path.display()
        )));
    }
    Ok(())
}

/// Writes one digest: first lists it in its folder's marker (so a run stopped half-way
/// still recognises the file as its own), then replaces the file whole.
pub fn write_digest(path: &Path, text: &str) -> Result<()> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let dir = parent_of(path);
    fs::create_dir_all(dir).map_err(write_error(dir))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let marker_path = dir.join(DIGESTS_MARKER);
    let marker = match read_marker(dir) {
        None => DigestMarker::Listed(Default::default()),
        // An older marker named no files: list the digests it covered, or they would
        // become documents.
        Some(DigestMarker::Legacy) => DigestMarker::Listed(
            fs::read_dir(dir)
                .map_err(write_error(dir))?
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| DigestMarker::Legacy.covers(name))
                .collect(),
        ),
        Some(listed) => listed,
    };
    if !marker.covers(&name) {
        replace_file(&marker_path, marker.text_with(&name).as_bytes())
            .map_err(write_error(&marker_path))?;
    }
    replace_file(path, text.as_bytes()).map_err(write_error(path))
}

/// Replaces `path` with `bytes` through a new temporary file renamed over it: a reader
/// sees the old file or the new one, never a half-written one, and a symbolic link at
/// `path` is replaced itself, never followed.
fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = parent_of(path).join(format!(".{name}.{}.spex-tmp", std::process::id()));
    // `create_new` refuses an existing file or link, so nothing else is written through.
    let _ = fs::remove_file(&temp);
    let result = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| file.write_all(bytes))
        .and_then(|()| fs::rename(&temp, path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The marker of `dir`, when it is a plain file there.
fn read_marker(dir: &Path) -> Option<DigestMarker> {
    let path = dir.join(DIGESTS_MARKER);
    let meta = fs::symlink_metadata(&path).ok()?;
    let text = meta.is_file().then(|| fs::read(&path).ok())??;
    Some(DigestMarker::parse(&String::from_utf8_lossy(&text)))
}

/// Whether the marker beside `path` lists it: only then did spex write it.
fn written_by_spex(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    read_marker(parent_of(path)).is_some_and(|m| m.covers(&name))
}

fn inside(path: &Path, root: &Path) -> bool {
    let path = crate::render::out_dir::resolve_dir(path).unwrap_or_else(|_| path.to_path_buf());
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    path.starts_with(root)
}

/// The first Markdown file under `dir` (links not followed) that is not a digest its
/// folder's marker lists.
fn first_document(dir: &Path) -> Option<PathBuf> {
    let marker = read_marker(dir);
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter(|entry| !entry.file_type().is_dir())
        .map(|entry| (entry.depth(), entry.into_path()))
        .find(|(depth, path)| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            is_markdown(&name) && !(*depth == 1 && marker.as_ref().is_some_and(|m| m.covers(&name)))
        })
        .map(|(_, path)| path)
}
