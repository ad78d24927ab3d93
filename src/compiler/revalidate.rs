//! Validation after a change, scoped to what the change can affect. Most workspace rules
//! are *local*: what they report in a document depends only on that document and the
//! documents one reference or link away, in either direction. After an edit that left
//! every index as it was (see [`Workspace::with_document`]), those rules run again only
//! for the edited documents and their neighbours, over a small workspace of them and
//! their own neighbours; every other document keeps its diagnostics from the last run.
//! The other rules (a cycle spans many documents; did-you-mean looks at every ID) run
//! over the whole workspace every time.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Rule};
use crate::model::{DocIdx, LinkTarget, Workspace};
use crate::validate::validate_rules;

/// The rules whose diagnostics in a document depend only on it and its neighbours, and
/// are reported in it. A rule left out is always run over the whole workspace: slower,
/// never wrong, so a new rule belongs here only once it is known to be local.
const LOCAL_RULES: &[Rule] = &[
    Rule::WrongReferenceKind,
    Rule::SelfReference,
    Rule::DeprecatedReference,
    Rule::RoadmapUnapproved,
    Rule::ScheduleInversion,
    Rule::BrokenLink,
    Rule::BrokenAnchor,
    Rule::StatusOrder,
    Rule::ConfidentialReference,
    Rule::Orphan,
    Rule::EmptyBody,
    Rule::HtmlTooDeep,
    Rule::SuspectLink,
    Rule::Stale,
];

fn is_local(rule: Rule) -> bool {
    LOCAL_RULES.contains(&rule)
}

/// The local rules' diagnostics of the last validation, by file, before rule levels.
pub(super) struct Validation {
    local: BTreeMap<String, Vec<Diagnostic>>,
}

/// Every rule over the whole workspace; remembers the local rules' diagnostics.
pub(super) fn validate_all(ws: &Workspace) -> (Vec<Diagnostic>, Validation) {
    let local = validate_rules(ws, is_local);
    let mut by_file: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for d in &local {
        by_file
            .entry(d.primary.file.clone())
            .or_default()
            .push(d.clone());
    }
    let mut diagnostics = local;
    diagnostics.extend(validate_rules(ws, |rule| !is_local(rule)));
    (diagnostics, Validation { local: by_file })
}

/// The validation of `ws`, which is the last one validated with the documents at
/// `changed` swapped in (same paths, kinds, IDs and reference targets).
pub(super) fn revalidate(
    ws: &Workspace,
    changed: &BTreeSet<String>,
    last: &mut Validation,
) -> Vec<Diagnostic> {
    let changed: Vec<DocIdx> = changed.iter().filter_map(|p| ws.index_of_path(p)).collect();
    if !changed.is_empty() {
        let links_to = file_links_to(ws);
        // Whose diagnostics may change, and everything the rules look at for them.
        let affected = with_neighbours(ws, &links_to, &changed);
        let seen = with_neighbours(ws, &links_to, &affected);
        let scoped = scoped_workspace(ws, &seen);
        let mut fresh: BTreeMap<String, Vec<Diagnostic>> = affected
            .iter()
            .map(|&i| (ws.docs[i].path.clone(), Vec::new()))
            .collect();
        for d in validate_rules(&scoped, is_local) {
            if let Some(list) = fresh.get_mut(&d.primary.file) {
                list.push(d);
            }
        }
        for (path, diagnostics) in fresh {
            if diagnostics.is_empty() {
                last.local.remove(&path);
            } else {
                last.local.insert(path, diagnostics);
            }
        }
    }
    let mut diagnostics: Vec<Diagnostic> = last.local.values().flatten().cloned().collect();
    diagnostics.extend(validate_rules(ws, |rule| !is_local(rule)));
    diagnostics
}

/// For each document some other document links to by path (a Markdown link, not an
/// `[[ID]]` reference: those are backlinks), the documents linking to it.
fn file_links_to(ws: &Workspace) -> BTreeMap<DocIdx, Vec<DocIdx>> {
    let mut links_to: BTreeMap<DocIdx, Vec<DocIdx>> = BTreeMap::new();
    for (from, doc) in ws.docs.iter().enumerate() {
        for link in &doc.links {
            if let LinkTarget::File { path, .. } = &link.target
                && let Some(to) = ws.index_of_path(path)
                && to != from
            {
                links_to.entry(to).or_default().push(from);
            }
        }
    }
    links_to
}

/// `docs` and every document one reference or link away from one of them, either way.
fn with_neighbours(
    ws: &Workspace,
    links_to: &BTreeMap<DocIdx, Vec<DocIdx>>,
    docs: &[DocIdx],
) -> Vec<DocIdx> {
    let mut out: BTreeSet<DocIdx> = docs.iter().copied().collect();
    for &i in docs {
        let doc = &ws.docs[i];
        out.extend((0..doc.refs.len()).filter_map(|n| ws.ref_target(i, n)));
        out.extend(doc.links.iter().filter_map(|link| match &link.target {
            LinkTarget::File { path, .. } => ws.index_of_path(path),
            _ => None,
        }));
        out.extend(ws.backlinks[i].iter().map(|b| b.from));
        out.extend(links_to.get(&i).into_iter().flatten().copied());
    }
    out.into_iter().collect()
}

/// A workspace of only `docs`, with what the whole one shares: its files, attachments,
/// history, the aliases of these documents, and the owner of each of their IDs (so a
/// duplicate ID resolves as it does in the whole workspace).
fn scoped_workspace(ws: &Workspace, docs: &[DocIdx]) -> Workspace {
    let mut idxs: BTreeSet<DocIdx> = docs.iter().copied().collect();
    let owners: Vec<DocIdx> = docs
        .iter()
        .filter_map(|&i| ws.docs[i].id.as_deref())
        .filter_map(|id| ws.index_of_id(id))
        .collect();
    idxs.extend(owners);
    let aliases: BTreeMap<String, String> = ws
        .aliases()
        .filter(|(_, i)| idxs.contains(i))
        .map(|(alias, i)| (alias.to_owned(), ws.docs[i].path.clone()))
        .collect();
    let chosen = idxs.iter().map(|&i| ws.docs[i].clone()).collect();
    let mut scoped = Workspace::new(ws.config.clone(), chosen, BTreeSet::new());
    scoped.files = ws.files.clone();
    scoped.attachments = ws.attachments.clone();
    scoped.history = ws.history.clone();
    scoped.add_aliases(&aliases);
    scoped
}
