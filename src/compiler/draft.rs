//! One draft checked against a compiled workspace, without compiling the workspace
//! again: what `check_text` and `new_document` ask for, with a new or changed document.
//!
//! Through the [`Compiler`](super::Compiler), a new file means a walk of the tree and a
//! whole assembly and validation (a second or more at 10,000 documents). Here only the
//! draft is parsed and resolved; the workspace's indexes are built again with it in (a
//! few milliseconds: every other document is shared); the local rules run over the
//! draft and its neighbours only; and each whole-workspace rule runs only when the draft
//! can be in what it reports. Only the draft's own diagnostics are worked out: the
//! rest of the workspace is as compiled before.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::assemble::{Compilation, linked_files_outside_listing};
use super::overlay::{Overlaid, listable};
use super::revalidate::{is_local, scoped_workspace};
use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Rule};
use crate::load::{Filter, SourceTree, is_markdown, read_source};
use crate::model::{DocIdx, Document, History, LinkTarget, Uncommitted, Workspace};
use crate::parse::parse_doc;
use crate::resolve::{assemble, duplicate_id_of, linked_files, resolve_document};
use crate::validate::{PersonSpellings, apply_levels, needs_history, validate_rules};

/// `compiled` (the compilation of `tree`) as it would be with `text` saved at `path`:
/// its workspace holds the draft, its files include it, and its diagnostics are the
/// draft's alone, the same that compiling the whole tree with the file saved would
/// report in it. `None` when the draft cannot be taken this way (spex.yaml, not a
/// document the walk would list, a file that is not read as a document, or a path
/// another name for a document): then the whole tree must be compiled with it.
pub fn compile_draft(
    compiled: &Compilation,
    tree: &dyn SourceTree,
    path: &str,
    text: &str,
) -> Option<Compilation> {
    compile_draft_with(compiled, &DraftBase::of(compiled), tree, path, text)
}

/// What checking drafts needs of a compilation beyond its indexes, worked out once for
/// all the drafts checked against it (a pass over every document): every person
/// spelling, for `similar-names`.
#[derive(Debug, Default)]
pub struct DraftBase {
    spellings: PersonSpellings,
}

impl DraftBase {
    pub fn of(compiled: &Compilation) -> DraftBase {
        DraftBase {
            spellings: PersonSpellings::of(&compiled.workspace),
        }
    }
}

/// [`compile_draft`] with `base` worked out before from `compiled`.
pub fn compile_draft_with(
    compiled: &Compilation,
    base: &DraftBase,
    tree: &dyn SourceTree,
    path: &str,
    text: &str,
) -> Option<Compilation> {
    let ws = &compiled.workspace;
    let config = &ws.config;
    if path == CONFIG_FILE || !is_markdown(path) || !listable(&Filter::new(config), path) {
        return None;
    }
    let replaced = match ws.index_of_path(path) {
        Some(i) if ws.docs[i].path == path => Some(i),
        // A symbolic link to a document, or a Markdown file that is not one (skipped).
        Some(_) => return None,
        None if ws.files.contains(path) => return None,
        None => None,
    };
    let mut overlaid = Overlaid::new(tree);
    overlaid.set(path, Arc::from(text));
    let source = read_source(&overlaid, path).ok()?;
    let (doc, own) = resolve_document(config, parse_doc(&source));
    let doc = Arc::new(doc);

    let mut files = (*ws.files).clone();
    files.insert(path.to_owned());
    files.extend(linked_files_outside_listing(
        &overlaid,
        std::iter::once(&*doc),
        &files,
    ));
    let (mut with_draft, assembled) = with_document(ws, replaced, &doc, files);
    let linked = linked_files(
        &overlaid,
        config,
        std::slice::from_ref(&doc),
        &with_draft.files,
        |p| with_draft.index_of_path(p).is_some(),
    );
    if !linked.aliases.is_empty() {
        with_draft.add_aliases(&linked.aliases);
    }
    if !linked.attachments.is_empty() {
        let mut attachments = (*ws.attachments).clone();
        attachments.extend(linked.attachments);
        with_draft.attachments = Arc::new(attachments);
    }
    let idx = with_draft.index_of_path(path)?;

    let mut diagnostics = own;
    diagnostics.extend(assembled);
    diagnostics.extend(linked.diagnostics);
    let mut scoped = scoped_workspace(&with_draft, &neighbours(&with_draft, idx));
    if needs_history(config) {
        scoped.history = ws
            .history
            .as_deref()
            .map(|h| scoped_history(h, &scoped, path));
    }
    diagnostics.extend(validate_rules(&scoped, is_local));
    diagnostics.extend(validate_rules(&with_draft, |rule| {
        !is_local(rule) && may_report_in(rule, &with_draft, idx)
    }));
    diagnostics.extend(base.spellings.similar_names_in_draft(
        config,
        &doc,
        replaced.map(|i| &*ws.docs[i]),
    ));
    diagnostics.retain(|d| d.primary.file == path);
    apply_levels(config, &mut diagnostics);

    let mut texts = compiled.files.clone();
    texts.insert(path.to_owned(), doc.text.clone());
    Some(Compilation {
        workspace: with_draft,
        diagnostics,
        files: texts,
    })
}

/// `ws` with `doc` in it (in place of document `replaced`, or new) and `files`, and
/// the resolver's diagnostics. The indexes already built are carried over when they can
/// be (a new path; the same path with the same kind and ID); otherwise every document
/// is assembled again.
fn with_document(
    ws: &Workspace,
    replaced: Option<DocIdx>,
    doc: &Arc<Document>,
    files: BTreeSet<String>,
) -> (Workspace, Vec<Diagnostic>) {
    let carried = match replaced {
        Some(i) => ws.with_document(i, doc.clone()),
        None => ws.with_new_document(doc.clone()).map(|(ws, _)| ws),
    };
    if let Some(mut with_draft) = carried {
        with_draft.files = Arc::new(files);
        // Only the draft's own is kept: a document it took the ID from reports elsewhere.
        let duplicate = with_draft
            .index_of_path(&doc.path)
            .and_then(|i| duplicate_id_of(&with_draft, i));
        return (with_draft, duplicate.into_iter().collect());
    }
    let mut docs = ws.docs.clone();
    match replaced {
        Some(i) => docs[i] = doc.clone(),
        None => {
            let at = docs.partition_point(|d| d.path.as_str() < doc.path.as_str());
            docs.insert(at, doc.clone());
        }
    }
    let (mut with_draft, assembled) = assemble(&ws.config, docs, files);
    let aliases: BTreeMap<String, String> = ws
        .aliases()
        .map(|(alias, i)| (alias.to_owned(), ws.docs[i].path.clone()))
        .collect();
    with_draft.add_aliases(&aliases);
    with_draft.attachments = ws.attachments.clone();
    with_draft.history = ws.history.clone();
    (with_draft, assembled)
}

/// Whether a whole-workspace rule can report anything in document `idx`; when not, it is
/// not run (at 10,000 documents each costs milliseconds to tens of them). A rule not
/// known here is always run.
fn may_report_in(rule: Rule, ws: &Workspace, idx: DocIdx) -> bool {
    let doc = &ws.docs[idx];
    match rule {
        // Reported at a reference that resolves to nothing.
        Rule::UnknownReference => (0..doc.refs.len()).any(|n| ws.ref_target(idx, n).is_none()),
        // A cycle through the draft goes out of it and comes back in.
        Rule::DependencyCycle => !doc.refs.is_empty() && !ws.backlinks[idx].is_empty(),
        // Over every pair of spellings; the draft's alone are compared instead.
        Rule::SimilarNames => false,
        _ => true,
    }
}

/// Document `idx` and every document one reference or link away from it, either way:
/// all the local rules look at to report in it.
fn neighbours(ws: &Workspace, idx: DocIdx) -> Vec<DocIdx> {
    let doc = &ws.docs[idx];
    let mut out: BTreeSet<DocIdx> = BTreeSet::from([idx]);
    out.extend((0..doc.refs.len()).filter_map(|n| ws.ref_target(idx, n)));
    out.extend(ws.backlinks[idx].iter().map(|b| b.from));
    // As links are followed by the rules: `./eip-150` names `eip-150.md` in a
    // workspace with extensionless links.
    out.extend(file_links(doc).filter_map(|p| ws.index_of_link(p)));
    // Every name a link can give the document (its path or a symbolic link's, with or
    // without `.md`): a link written otherwise is not to it, without a lookup.
    let mut names: Vec<&str> = vec![doc.path.as_str()];
    names.extend(ws.aliases().filter(|&(_, i)| i == idx).map(|(a, _)| a));
    if ws.config.extensionless_links {
        let bare: Vec<&str> = names.iter().filter_map(|n| n.strip_suffix(".md")).collect();
        names.extend(bare);
    }
    let linking = ws
        .docs
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            file_links(d).any(|p| names.contains(&p) && ws.index_of_link(p) == Some(idx))
        })
        .map(|(i, _)| i);
    out.extend(linking);
    out.into_iter().collect()
}

/// The workspace paths a document links to (Markdown links, not `[[ID]]` references).
fn file_links(doc: &Document) -> impl Iterator<Item = &str> {
    doc.links.iter().filter_map(|link| match &link.target {
        LinkTarget::File { path, .. } => Some(path.as_str()),
        _ => None,
    })
}

/// `history` for the documents of `scoped` alone, with the draft at `path` a change not
/// committed yet, as the compiler marks a file it is given (the history rules read
/// nothing else of it).
fn scoped_history(history: &History, scoped: &Workspace, path: &str) -> Arc<History> {
    let paths: BTreeSet<&str> = scoped.docs.iter().map(|d| d.path.as_str()).collect();
    let mut docs: BTreeMap<String, _> = history
        .docs
        .iter()
        .filter(|(p, _)| paths.contains(p.as_str()))
        .map(|(p, d)| (p.clone(), d.clone()))
        .collect();
    let draft = docs.entry(path.to_owned()).or_default();
    if draft.uncommitted.is_none() {
        draft.uncommitted = Some(if draft.commits.is_empty() {
            Uncommitted::New
        } else {
            Uncommitted::Modified
        });
    }
    Arc::new(History {
        commits: history.commits.clone(),
        docs,
        gone: history.gone.clone(),
        merged: history.merged.clone(),
        truncated: history.truncated,
        missing_objects: history.missing_objects.clone(),
        head: history.head.clone(),
    })
}
