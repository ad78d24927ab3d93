//! Workspace files that documents link to, sorted out once per assembly: a link that is
//! really a document (a symbolic link to one) becomes an alias of that document, a file
//! the site may copy becomes an attachment, and anything else that exists but must not
//! be copied (a named pipe, a file over the size cap) gets a `skipped-file` warning at
//! the link. The file system is asked about each file's type and size, never opened.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Read};
use std::sync::Arc;

use super::active_content::script_in_markup;
use super::confidentiality;
use crate::audience::{MarkdownVerdict, markdown_attachment};
use crate::config::{Config, show_byte_size};
use crate::diag::{Diagnostic, Rule, Span};
use crate::load::{SourceTree, is_markdown, read_source};
use crate::model::{Document, LinkTarget};
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
                            Rule::SkippedFile,
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
    let file = real.as_deref().unwrap_or(path);
    if let Some(refused) = [path, file].into_iter().find_map(|p| off_limits(tree, p)) {
        return refused;
    }
    // Asked of the real file: a link into a digests folder is as unreadable as the file.
    match tree.size(file) {
        Ok(size) if size > cap => Linked::Skipped(Some((
            format!(
                "it is {}, over the {} limit for an attachment",
                show_byte_size(size),
                show_byte_size(cap)
            ),
            "link to where the file is hosted, or raise `site.max_attachment_size` in spex.yaml",
        ))),
        Ok(_) if is_markdown(real.as_deref().unwrap_or(path)) => {
            unloaded_markdown(tree, real.as_deref().unwrap_or(path))
        }
        Ok(size) => active_content(tree, file, size),
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

/// Files that are never published whatever links to them: anything in a hidden folder
/// (`.git/` holds every commit subject and every confidential blob; `.github/` may hold
/// secrets' names), and anything in a folder a site build wrote (an
/// `--include-confidential` build inside the workspace holds confidential pages).
fn off_limits(tree: &dyn SourceTree, path: &str) -> Option<Linked> {
    let folders: Vec<&str> = path.split('/').collect();
    let folders = &folders[..folders.len().saturating_sub(1)];
    if folders.iter().any(|f| f.starts_with('.')) {
        return Some(Linked::Skipped(Some((
            "it is in a hidden folder, whose files are never published".into(),
            "hidden folders (`.git/`, `.github/`, …) stay private: move the file out of it",
        ))));
    }
    let built_site = (1..=folders.len()).any(|n| {
        tree.exists(&format!(
            "{}/{}",
            folders[..n].join("/"),
            crate::load::SITE_MANIFEST
        ))
    });
    built_site.then(|| {
        Linked::Skipped(Some((
            "it is in a folder a site build wrote, which may hold confidential pages".into(),
            "link to the source document instead of a built page",
        )))
    })
}

/// Largest SVG or XML file read to look for script before copying it.
const INSPECT_LIMIT: u64 = 4 << 20;

/// A file the site may copy, unless it could run script when opened from the site
/// (HTML, or SVG with script in it: served from the site's origin it could read every
/// page), or is a text file with front matter that is not clearly public (Markdown by
/// another extension, such as `.mdown`).
fn active_content(tree: &dyn SourceTree, path: &str, size: u64) -> Linked {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let skipped = |why: &str| {
        Linked::Skipped(Some((
            why.to_string(),
            "pages may only link to files that cannot run script: export it as PDF or PNG, or link to where it is hosted",
        )))
    };
    if matches!(
        extension.as_str(),
        "html" | "htm" | "xhtml" | "xht" | "shtml" | "mht" | "mhtml" | "xsl" | "xslt"
    ) {
        return skipped("it is an HTML or XSLT file, which could run script in the site");
    }
    if matches!(extension.as_str(), "svg" | "xml") {
        if size > INSPECT_LIMIT {
            return skipped("it is SVG or XML too large to check for script");
        }
        return match tree.read(path) {
            Ok(bytes) => match script_in_markup(&String::from_utf8_lossy(&bytes)) {
                Some(why) => skipped(&format!("{why}, which would run in the site")),
                None => Linked::Attachment,
            },
            Err(_) => Linked::Attachment, // reading it to copy reports the error
        };
    }
    // Front matter in a file of another extension (`.mdown`, `.txt`): as Markdown.
    let mut head = [0u8; 5];
    let starts_with_front_matter = tree
        .open(path)
        .and_then(|mut file| {
            let mut read = 0;
            while read < head.len() {
                match file.read(&mut head[read..])? {
                    0 => break,
                    n => read += n,
                }
            }
            Ok(head[..read].starts_with(b"---\n") || head[..read].starts_with(b"---\r"))
        })
        .unwrap_or(false);
    if starts_with_front_matter {
        return unloaded_markdown(tree, path);
    }
    Linked::Attachment
}

/// Markdown the walk did not load (excluded, in a hidden folder, or skipped) would be
/// copied raw: the audience policy decides whether it may be (see
/// [`markdown_attachment`]).
fn unloaded_markdown(tree: &dyn SourceTree, path: &str) -> Linked {
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
    let confidentiality = confidentiality(parsed.front_matter.as_ref(), parsed.has_front_matter);
    match markdown_attachment(confidentiality, &parsed.outline.headings) {
        MarkdownVerdict::NotClearlyPublic => {
            unsure("is confidential, or its front matter does not say clearly that it is not")
        }
        MarkdownVerdict::ConfidentialSection => unsure("has a `{.confidential}` section"),
        MarkdownVerdict::Copy => Linked::Attachment,
    }
}
