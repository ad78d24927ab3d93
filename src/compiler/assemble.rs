//! The cross-document half of the pipeline: resolved documents → an assembled
//! [`Workspace`] (indexes, duplicate IDs, linked files, history) → validated, with the
//! workspace's rule levels applied.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::config::Config;
use crate::diag::{Diagnostic, Files};
use crate::load::SourceTree;
use crate::model::{Document, History, LinkTarget, Workspace};
use crate::resolve::{assemble, duplicate_ids, linked_files};

/// A resolved document with its own diagnostics (from reading, parsing, resolving).
pub type Resolved = (Arc<Document>, Vec<Diagnostic>);

/// The result of compiling a workspace.
pub struct Compilation {
    pub workspace: Workspace,
    /// Sorted, with the workspace's rule levels applied.
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of every file a diagnostic may point into.
    pub files: Files,
}

/// A workspace assembled but not yet validated: enough to render a document's page.
/// The preview renders the changed page from this first and validates after (with
/// [`Compiler::validate`](super::Compiler::validate)), because validation is the slowest
/// cross-document step and no page body depends on it.
#[derive(Clone)]
pub struct Assembled {
    pub workspace: Workspace,
    /// Diagnostics from loading, parsing, resolving and assembling, at their default
    /// levels (workspace overrides are applied by `validate`).
    pub diagnostics: Vec<Diagnostic>,
    pub files: Files,
}

/// What assembling needs besides the documents.
pub(super) struct Inputs<'a> {
    pub tree: &'a dyn SourceTree,
    pub config: &'a Arc<Config>,
    pub history: Option<Arc<History>>,
}

/// The warnings about linked files of the last assembly, and whether a file that is not
/// a document changed since (a linked file may have grown past the cap).
pub(super) struct LastLinked<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub files_changed: bool,
}

/// Assembles every resolved document into a workspace. `diagnostics` are those not
/// attached to a resolved document (the walk's, skipped files').
pub(super) fn assemble_all<'d>(
    inputs: Inputs<'_>,
    mut files: Files,
    mut all_files: BTreeSet<String>,
    resolved: impl Iterator<Item = &'d Resolved>,
    mut diagnostics: Vec<Diagnostic>,
) -> (Assembled, Vec<Diagnostic>) {
    let mut docs = Vec::new();
    for (doc, doc_diagnostics) in resolved {
        files.insert(doc.path.clone(), doc.text.clone());
        diagnostics.extend(doc_diagnostics.iter().cloned());
        docs.push(doc.clone());
    }
    let outside = linked_files_outside_listing(inputs.tree, docs.iter().map(|d| &**d), &all_files);
    all_files.extend(outside);
    let (mut workspace, more) = assemble(inputs.config, docs, all_files);
    diagnostics.extend(more);
    let linked = attach_linked_files(inputs.tree, inputs.config, &mut workspace);
    diagnostics.extend(linked.iter().cloned());
    workspace.history = inputs.history;
    let assembled = Assembled {
        workspace,
        diagnostics,
        files,
    };
    (assembled, linked)
}

/// The last assembly with the re-read documents swapped in, when none of them changes
/// an index (see [`Workspace::with_document`]) or links a file the walk skipped; `None`
/// means assemble everything. `diagnostics` are every document's own, as for
/// [`assemble_all`].
pub(super) fn swap_in(
    inputs: Inputs<'_>,
    last: &Assembled,
    last_linked: LastLinked<'_>,
    changed: &[&Resolved],
    mut diagnostics: Vec<Diagnostic>,
) -> Option<(Assembled, Vec<Diagnostic>)> {
    let mut workspace = last.workspace.clone();
    let mut files = last.files.clone();
    // Linked files are sorted out again only when a document links to others now.
    let mut same_linked_files = !last_linked.files_changed;
    for (doc, _) in changed {
        let idx = workspace.index_of_path(&doc.path)?;
        same_linked_files &= linked_paths(&workspace.docs[idx]) == linked_paths(doc);
        workspace = workspace.with_document(idx, doc.clone())?;
        let outside =
            linked_files_outside_listing(inputs.tree, std::iter::once(&**doc), &workspace.files);
        if !outside.is_empty() {
            return None;
        }
        files.insert(doc.path.clone(), doc.text.clone());
    }
    workspace.history = inputs.history;
    diagnostics.extend(duplicate_ids(&workspace));
    let linked = if same_linked_files {
        // The same aliases and attachments; only the edited documents' warnings move.
        let edited: BTreeSet<&str> = changed.iter().map(|(d, _)| d.path.as_str()).collect();
        let docs: Vec<Arc<Document>> = changed.iter().map(|(d, _)| d.clone()).collect();
        let mut linked: Vec<Diagnostic> = last_linked
            .diagnostics
            .iter()
            .filter(|d| !edited.contains(d.primary.file.as_str()))
            .cloned()
            .collect();
        linked.extend(
            linked_files(
                inputs.tree,
                inputs.config,
                &docs,
                &workspace.files,
                |path| workspace.index_of_path(path).is_some(),
            )
            .diagnostics,
        );
        linked
    } else {
        // Again for every document: a save may link a new file, and a linked file may
        // have grown past the cap or become a link to a document.
        attach_linked_files(inputs.tree, inputs.config, &mut workspace)
    };
    diagnostics.extend(linked.iter().cloned());
    let assembled = Assembled {
        workspace,
        diagnostics,
        files,
    };
    Some((assembled, linked))
}

/// The paths a document links to, in order.
fn linked_paths(doc: &Document) -> Vec<&str> {
    doc.links
        .iter()
        .filter_map(|link| match &link.target {
            LinkTarget::File { path, .. } => Some(path.as_str()),
            _ => None,
        })
        .collect()
}

/// Link targets that the workspace walk skipped (hidden or excluded folders) but that do
/// exist, so links to them are not reported as broken.
pub(super) fn linked_files_outside_listing<'a>(
    tree: &dyn SourceTree,
    docs: impl Iterator<Item = &'a Document>,
    listed: &BTreeSet<String>,
) -> Vec<String> {
    let mut found: BTreeSet<String> = BTreeSet::new();
    for doc in docs {
        for link in &doc.links {
            let LinkTarget::File { path, .. } = &link.target else {
                continue;
            };
            if path.is_empty() || listed.contains(path) || found.contains(path) {
                continue;
            }
            // A folder is listed when a file inside it is.
            let dir = format!("{path}/");
            let in_listed_dir = listed
                .range(dir.clone()..)
                .next()
                .is_some_and(|f| f.starts_with(&dir));
            if !in_listed_dir && tree.exists(path) {
                found.insert(path.clone());
            }
        }
    }
    found.into_iter().collect()
}

/// Sorts out the files documents link to (see [`linked_files`]): links that are really
/// documents become aliases, copyable files the workspace's attachments. Returns the
/// warnings about linked files that are not copied.
fn attach_linked_files(
    tree: &dyn SourceTree,
    config: &Config,
    workspace: &mut Workspace,
) -> Vec<Diagnostic> {
    let linked = linked_files(tree, config, &workspace.docs, &workspace.files, |path| {
        workspace.index_of_path(path).is_some()
    });
    workspace.add_aliases(&linked.aliases);
    workspace.attachments = Arc::new(linked.attachments);
    linked.diagnostics
}
