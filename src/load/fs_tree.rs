//! The work tree on disk as a [`SourceTree`].

use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{Filter, SourceTree};
use crate::diag::{Diagnostic, Span};

/// A workspace directory on the file system.
#[derive(Debug, Clone)]
pub struct FsTree {
    root: PathBuf,
}

impl FsTree {
    pub fn new(root: impl Into<PathBuf>) -> FsTree {
        FsTree { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn relative(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        Some(parts?.join("/"))
    }
}

impl SourceTree for FsTree {
    fn list(&self, filter: &Filter, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
        let mut files = Vec::new();
        // Following links lets a workspace pull in shared folders; walkdir detects loops.
        let walker = WalkDir::new(&self.root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                if entry.depth() == 0 {
                    return true;
                }
                match self.relative(entry.path()) {
                    Some(rel) if entry.file_type().is_dir() => filter.keep_dir(&rel),
                    Some(rel) => filter.keep_file(&rel),
                    None => true, // reported below as a non-UTF-8 name
                }
            });
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => match self.relative(entry.path()) {
                    Some(rel) => files.push(rel),
                    None => diagnostics.push(Diagnostic::new(
                        "skipped-file",
                        format!(
                            "skipped `{}`: its name is not valid UTF-8",
                            entry.path().display()
                        ),
                        Span::file_start(entry.path().to_string_lossy()),
                    )),
                },
                Ok(_) => {}
                Err(e) => {
                    let rel = e.path().and_then(|p| self.relative(p)).unwrap_or_default();
                    let why = if e.loop_ancestor().is_some() {
                        "it is a symbolic link that loops back to a parent folder".to_owned()
                    } else {
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string())
                    };
                    diagnostics.push(Diagnostic::new(
                        "skipped-file",
                        format!("skipped `{rel}`: {why}"),
                        Span::file_start(rel),
                    ));
                }
            }
        }
        files.sort();
        files
    }

    fn size(&self, path: &str) -> io::Result<u64> {
        Ok(std::fs::metadata(self.root.join(path))?.len())
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.root.join(path))
    }

    fn exists(&self, path: &str) -> bool {
        self.root.join(path).exists()
    }
}
