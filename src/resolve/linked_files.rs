//! Workspace files that documents link to, sorted out once per assembly: a link that is
//! really a document (a symbolic link to one) becomes an alias of that document, a file
//! the site may copy becomes an attachment, and anything else that exists but must not
//! be copied (a named pipe, a file over the size cap) gets a `skipped-file` warning at
//! the link. The file system is asked about each file's type and size, never opened.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::sync::Arc;

use super::confidentiality;
use crate::config::{Config, show_byte_size};
use crate::diag::{Diagnostic, Span};
use crate::load::{SourceTree, is_markdown, read_source};
use crate::model::{Confidentiality, Document, LinkTarget};
use crate::parse::parse_doc;

/// What the linked files of some documents are.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct LinkedFiles {
    /// Linked path → the document it really is.
    pub aliases: BTreeMap<String, String>,
    /// Linked files the site may copy: regular, within the size cap, not a document.
    pub attachments: BTreeSet<String>,
    /// One warning per link to a file that exists but is not copied.
    pub diagnostics: Vec<Diagnostic>,
}

/// What one linked file is.
enum Linked {
    Alias(String),
    Attachment,
    /// Exists, but is not copied: why and what to do, for the warning (`None`: a
    /// folder, which needs no warning).
    Skipped(Option<(String, &'static str)>),
}

/// Sorts out the files `docs` link to. `files` is every file known to exist (a link to
/// anything else is a broken link, reported elsewhere); `is_document` tells document
/// paths.
pub fn linked_files(
    tree: &dyn SourceTree,
    config: &Config,
    docs: &[Arc<Document>],
    files: &BTreeSet<String>,
    is_document: impl Fn(&str) -> bool,
) -> LinkedFiles {
    let cap = config.site.max_attachment_size;
    // The documents' file identities, looked up only when a linked file has more than
    // one name: a hard link to a document is that document as much as a symbolic one.
    let identities: OnceCell<HashMap<(u64, u64), &str>> = OnceCell::new();
    let hard_linked_document = |id: (u64, u64)| {
        identities
            .get_or_init(|| {
                docs.iter()
                    .filter_map(|d| Some((tree.hard_link_id(&d.path)?, d.path.as_str())))
                    .collect()
            })
            .get(&id)
            .map(|path| (*path).to_owned())
    };
    let mut seen: HashMap<&str, Linked> = HashMap::new();
    let mut out = LinkedFiles::default();
    for doc in docs {
        for link in &doc.links {
            let LinkTarget::File { path, .. } = &link.target else {
                continue;
            };
            if path.is_empty() || !files.contains(path) || is_document(path) {
                continue;
            }
            let linked = seen
                .entry(path.as_str())
                .or_insert_with(|| classify(tree, path, cap, &is_document, &hard_linked_document));
            match linked {
                Linked::Alias(real) => {
                    out.aliases.insert(path.clone(), real.clone());
                }
                Linked::Attachment => {
                    out.attachments.insert(path.clone());
                }
                Linked::Skipped(None) => {}
                Linked::Skipped(Some((why, help))) => out.diagnostics.push(
                    link.label_definition(
                        &doc.path,
                        Diagnostic::new(
                            "skipped-file",
                            format!("skipped `{path}`: {why}"),
                            Span::new(&doc.path, link.span.clone()),
                        )
                        .with_primary_label("not copied into the site")
                        .with_help(*help),
                    ),
                ),
            }
        }
    }
    out
}

fn classify(
    tree: &dyn SourceTree,
    path: &str,
    cap: u64,
    is_document: &impl Fn(&str) -> bool,
    hard_linked_document: &impl Fn((u64, u64)) -> Option<String>,
) -> Linked {
    let real = tree.real_path(path);
    if let Some(real) = real.as_ref().filter(|real| is_document(real)) {
        return Linked::Alias(real.clone());
    }
    if let Some(document) = tree.hard_link_id(path).and_then(hard_linked_document) {
        return Linked::Alias(document);
    }
    // Asked of the real file: a link into a digests folder is as unreadable as the file.
    match tree.size(real.as_deref().unwrap_or(path)) {
        Ok(size) if size > cap => Linked::Skipped(Some((
            format!(
                "it is {}, over the {} limit for an attachment",
                show_byte_size(size),
                show_byte_size(cap)
            ),
            "link to where the file is hosted, or raise `site.max_attachment_size` in spex.yaml",
        ))),
        Ok(_) if is_markdown(real.as_deref().unwrap_or(path)) => {
            markdown_attachment(tree, real.as_deref().unwrap_or(path))
        }
        Ok(_) => Linked::Attachment,
        Err(e) if e.kind() == io::ErrorKind::IsADirectory => Linked::Skipped(None),
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => Linked::Skipped(Some((
            e.to_string(),
            "link to a regular file: the site cannot copy this one",
        ))),
        Err(e) => Linked::Skipped(Some((
            e.to_string(),
            "the page keeps the link, but the file is not copied into the site",
        ))),
    }
}

/// Markdown the walk did not load (excluded, in a hidden folder, or skipped) would be
/// copied raw, front matter and hidden sections included: it is copied only when it is
/// clearly public, by the rule documents follow (see [`Confidentiality`]), and has no
/// `{.confidential}` section.
fn markdown_attachment(tree: &dyn SourceTree, path: &str) -> Linked {
    let unsure = |why: &str| {
        Linked::Skipped(Some((
            format!("it is Markdown spex did not load as a document, and {why}"),
            "Markdown is copied raw only when clearly public: make it a document of the workspace, or link to something else",
        )))
    };
    let Ok(source) = read_source(tree, path) else {
        return unsure("cannot be read as text");
    };
    let parsed = parse_doc(&source);
    let hidden_section = parsed
        .outline
        .headings
        .iter()
        .any(|h| h.classes.iter().any(|c| c == "confidential"));
    if confidentiality(parsed.front_matter.as_ref(), parsed.has_front_matter)
        != Confidentiality::Public
    {
        unsure("is confidential, or its front matter does not say clearly that it is not")
    } else if hidden_section {
        unsure("has a `{.confidential}` section")
    } else {
        Linked::Attachment
    }
}
