//! Load stage: a workspace tree (the file system now, a git revision later) → the list
//! of its files and the text of each Markdown file. No Markdown knowledge here.

mod digest_marker;
mod filter;
mod fs_tree;
mod source;

/// What loading hands to parsing (defined by the parse stage, which needs nothing else).
pub use crate::parse::Source;
pub use digest_marker::{DIGESTS_MARKER, DigestMarker, drop_digests};
pub use filter::Filter;
pub use fs_tree::FsTree;
pub use source::{MAX_DOCUMENT_BYTES, decode_source, is_markdown};

use std::io;

use crate::diag::{Diagnostic, Rule};

/// The file a site build leaves in its output folder, listing what it wrote. A folder
/// holding one is a built site: nothing in it is ever copied into another site (an
/// `--include-confidential` build may have written it).
pub const SITE_MANIFEST: &str = ".spex-manifest";

/// A tree of files spex can compile: the work tree, or a git revision.
pub trait SourceTree: Sync {
    /// Every file path in the tree that `filter` keeps, relative to the workspace root,
    /// with `/` separators, sorted. Problems met while walking become diagnostics.
    fn list(&self, filter: &Filter, diagnostics: &mut Vec<Diagnostic>) -> Vec<String>;

    /// The size of a file in bytes, so huge files are skipped before they are read. Only
    /// regular files have one: anything else (a folder, a named pipe that would block
    /// forever, a device) is an error, found without opening it.
    fn size(&self, path: &str) -> io::Result<u64>;

    /// The raw bytes of one file.
    fn read(&self, path: &str) -> io::Result<Vec<u8>>;

    /// One file as a stream, so a large attachment is copied without being held in
    /// memory whole.
    fn open(&self, path: &str) -> io::Result<Box<dyn io::Read + Send + '_>> {
        Ok(Box::new(io::Cursor::new(self.read(path)?)))
    }

    /// The workspace path of the file `path` really is, when that is another path (a
    /// symbolic link to a file inside the workspace); `None` when `path` is itself. A link
    /// to a document is that document, never a copy of it.
    fn real_path(&self, _path: &str) -> Option<String> {
        None
    }

    /// The (device, inode) of a regular file that has more than one name (hard links),
    /// so a second name of a document is known to be that document; `None` for a file
    /// with one name, or a tree without such identities (a git revision).
    fn hard_link_id(&self, _path: &str) -> Option<(u64, u64)> {
        None
    }

    /// Whether a file or folder exists, even one the workspace filter skips (a link to
    /// `.github/CODEOWNERS` or `templates/` is not broken).
    fn exists(&self, path: &str) -> bool;
}

/// Reads and decodes one Markdown file, or explains why it was skipped.
pub fn read_source(tree: &dyn SourceTree, path: &str) -> Result<Source, Box<Diagnostic>> {
    let skipped = |why: String| {
        Box::new(Diagnostic::new(
            Rule::SkippedFile,
            format!("skipped `{path}`: {why}"),
            crate::diag::Span::file_start(path),
        ))
    };
    let size = tree
        .size(path)
        .map_err(|e| skipped(format!("cannot read it ({e})")))?;
    if size > MAX_DOCUMENT_BYTES {
        return Err(skipped(format!(
            "it is {:.1} MB, over the {} MB limit for a document",
            size as f64 / 1_000_000.0,
            MAX_DOCUMENT_BYTES / 1_000_000
        )));
    }
    let bytes = tree
        .read(path)
        .map_err(|e| skipped(format!("cannot read it ({e})")))?;
    decode_source(path, bytes).map_err(skipped)
}

/// A borrowed tree is a tree: a one-shot compile borrows the session's.
impl<T: SourceTree + ?Sized> SourceTree for &T {
    fn list(&self, filter: &Filter, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
        (**self).list(filter, diagnostics)
    }
    fn size(&self, path: &str) -> io::Result<u64> {
        (**self).size(path)
    }
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        (**self).read(path)
    }
    fn open(&self, path: &str) -> io::Result<Box<dyn io::Read + Send + '_>> {
        (**self).open(path)
    }
    fn real_path(&self, path: &str) -> Option<String> {
        (**self).real_path(path)
    }
    fn hard_link_id(&self, path: &str) -> Option<(u64, u64)> {
        (**self).hard_link_id(path)
    }
    fn exists(&self, path: &str) -> bool {
        (**self).exists(path)
    }
}
