//! The list of files a build wrote, kept in the output folder as `.spex-manifest`.
//!
//! A rebuild deletes only files the previous build listed here and no longer produces,
//! so files someone else put in the folder survive. A folder that holds files but no
//! manifest was not made by spex, and a build refuses to write into it.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path};

/// The manifest's file name inside the output folder; no page may claim it.
pub const MANIFEST: &str = crate::load::SITE_MANIFEST;

const HEADER: &str = "# Written by `spex build`: the files it wrote here. A rebuild deletes only files listed here.\n";

/// The manifest text for `files`, sorted, one `/`-separated path a line.
pub fn manifest_text<'a>(files: impl IntoIterator<Item = &'a String>) -> String {
    let mut text = HEADER.to_owned();
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    text
}

/// What the folder at `out` holds, as far as a build is concerned.
#[derive(Debug, PartialEq, Eq)]
pub enum OutState {
    /// Missing, or an empty folder.
    Empty,
    /// A folder spex built before: the files it listed.
    Built(BTreeSet<String>),
    /// A folder with files but no manifest (or `out` is not a folder).
    Foreign,
}

/// Reads the manifest of `out`. Lines that are not plain relative paths are ignored, so
/// an edited manifest cannot make a build delete anything outside the folder.
pub fn out_state(out: &Path) -> io::Result<OutState> {
    match fs::read_to_string(out.join(MANIFEST)) {
        Ok(text) => Ok(OutState::Built(
            text.lines()
                .filter(|line| !line.starts_with('#') && is_plain_relative(line))
                .map(str::to_owned)
                .collect(),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => match fs::read_dir(out) {
            Ok(mut entries) => Ok(if entries.next().is_none() {
                OutState::Empty
            } else {
                OutState::Foreign
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(OutState::Empty),
            Err(e) if e.kind() == io::ErrorKind::NotADirectory => Ok(OutState::Foreign),
            Err(e) => Err(e),
        },
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => Ok(OutState::Foreign),
        Err(e) => Err(e),
    }
}

/// Only plain relative paths: an ID like `../../etc` can never write outside the output.
pub fn is_plain_relative(rel: &str) -> bool {
    !rel.is_empty()
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_with_files_and_no_manifest_is_foreign() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            out_state(&dir.path().join("missing")).unwrap(),
            OutState::Empty
        );
        assert_eq!(out_state(dir.path()).unwrap(), OutState::Empty);
        fs::write(dir.path().join("keep.txt"), "mine").unwrap();
        assert_eq!(out_state(dir.path()).unwrap(), OutState::Foreign);
        assert_eq!(
            out_state(&dir.path().join("keep.txt")).unwrap(),
            OutState::Foreign
        );
    }

    #[test]
    fn manifest_lines_that_escape_the_folder_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join(MANIFEST),
            "# header\na.html\n../evil\n/etc/passwd\nsub/b.html\n\n",
        )
        .unwrap();
        let OutState::Built(files) = out_state(dir.path()).unwrap() else {
            panic!("has a manifest")
        };
        assert_eq!(
            files.into_iter().collect::<Vec<_>>(),
            ["a.html", "sub/b.html"]
        );
    }
}
