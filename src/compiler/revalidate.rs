//! Validation after a change, scoped to what the change can affect. Most workspace rules
//! are *local*: what they report in a document depends only on that document and the
//! documents one reference or link away, in either direction. After edits that kept
//! every document where it was and every ID (most saves), those rules run again only for
//! the edited documents and their neighbours, before and after the edit, over a small
//! workspace of them and their own neighbours; every other document keeps its
//! diagnostics from the last run.
//! The other rules (a cycle spans many documents; did-you-mean looks at every ID) run
//! over the whole workspace, and only when an edit changed what they read of a document
//! (see `workspace_rules.rs`); otherwise their last diagnostics are kept.

use std::collections::{BTreeMap, BTreeSet};

use super::workspace_rules::stale_rules;
use crate::diag::{Diagnostic, Rule};
use crate::model::{DocIdx, LinkTarget, Workspace};
use crate::validate::{CHECKS, validate_rules};

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
    Rule::UnknownPerson,
    Rule::PersonAlias,
    Rule::EmptyBody,
    Rule::HtmlTooDeep,
    Rule::SuspectLink,
    Rule::Stale,
];

pub(super) fn is_local(rule: Rule) -> bool {
    LOCAL_RULES.contains(&rule)
}

/// The rules that are not local, which read the whole workspace.
fn workspace_rules() -> Vec<Rule> {
    CHECKS
        .iter()
        .map(|&(rule, _)| rule)
        .filter(|&rule| !is_local(rule))
        .collect()
}

/// The local rules' diagnostics of the last validation, by file, before rule levels,
/// and which documents link to which by path (kept up to date, since finding them
/// means reading every link of every document).
pub(super) struct Validation {
    local: BTreeMap<String, Vec<Diagnostic>>,
    /// The other rules' diagnostics, by rule, before rule levels.
    workspace: BTreeMap<Rule, Vec<Diagnostic>>,
    links: FileLinks,
}

/// Documents edited since the last validation, in a workspace that still holds the same
/// documents at the same places, with the same IDs.
#[derive(Default)]
pub(super) struct Edited {
    /// The edited documents' paths.
    pub documents: BTreeSet<String>,
    /// What the edited documents referenced or linked to before: those lost a backlink.
    pub neighbours: BTreeSet<String>,
    /// The whole-workspace rules that read something the edits changed.
    pub stale: BTreeSet<Rule>,
}

impl Edited {
    /// The edits of `documents` from `before` to `after`, when both hold the same
    /// documents in the same places and the edited ones kept their IDs; `None` when the
    /// workspace must be validated whole.
    pub fn between(
        before: &Workspace,
        after: &Workspace,
        documents: &BTreeSet<String>,
    ) -> Option<Edited> {
        let same_places = before.docs.len() == after.docs.len()
            && before
                .docs
                .iter()
                .zip(&after.docs)
                .all(|(a, b)| a.path == b.path);
        if !same_places {
            return None;
        }
        let mut neighbours = BTreeSet::new();
        let mut stale = BTreeSet::new();
        let rules = workspace_rules();
        for path in documents {
            let i = before.index_of_path(path)?;
            if before.docs[i].id != after.docs[i].id {
                return None;
            }
            let doc = &before.docs[i];
            let targets = (0..doc.refs.len()).filter_map(|n| before.ref_target(i, n));
            let linked = doc.links.iter().filter_map(|link| match &link.target {
                LinkTarget::File { path, .. } => before.index_of_path(path),
                _ => None,
            });
            neighbours.extend(targets.chain(linked).map(|t| before.docs[t].path.clone()));
            stale.extend(stale_rules(&rules, before, after, i));
        }
        Some(Edited {
            documents: documents.clone(),
            neighbours,
            stale,
        })
    }
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
    let mut workspace = BTreeMap::new();
    add_by_rule(&mut workspace, validate_rules(ws, |rule| !is_local(rule)));
    diagnostics.extend(workspace.values().flatten().cloned());
    let validation = Validation {
        local: by_file,
        workspace,
        links: FileLinks::of(ws),
    };
    (diagnostics, validation)
}

/// The validation of `ws`, which is the last one validated with `edited` applied.
pub(super) fn revalidate(
    ws: &Workspace,
    edited: &Edited,
    last: &mut Validation,
) -> Vec<Diagnostic> {
    let index = |paths: &BTreeSet<String>| -> Vec<DocIdx> {
        paths.iter().filter_map(|p| ws.index_of_path(p)).collect()
    };
    let changed = index(&edited.documents);
    if !changed.is_empty() {
        for &i in &changed {
            last.links.update(ws, i);
        }
        // Whose diagnostics may change, and everything the rules look at for them.
        let mut affected = with_neighbours(ws, &last.links, &changed);
        affected.extend(index(&edited.neighbours));
        affected.sort_unstable();
        affected.dedup();
        let seen = with_neighbours(ws, &last.links, &affected);
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
    if !edited.stale.is_empty() {
        let stale = &edited.stale;
        last.workspace.retain(|rule, _| !stale.contains(rule));
        let fresh = validate_rules(ws, |rule| !is_local(rule) && stale.contains(&rule));
        add_by_rule(&mut last.workspace, fresh);
    }
    let mut diagnostics: Vec<Diagnostic> = last.local.values().flatten().cloned().collect();
    diagnostics.extend(last.workspace.values().flatten().cloned());
    diagnostics
}

fn add_by_rule(by_rule: &mut BTreeMap<Rule, Vec<Diagnostic>>, diagnostics: Vec<Diagnostic>) {
    for d in diagnostics {
        by_rule.entry(d.rule).or_default().push(d);
    }
}

/// Which documents link to which by path (a Markdown link, not an `[[ID]]` reference:
/// those are backlinks).
struct FileLinks {
    /// Per document, the documents it links to.
    from: Vec<Vec<DocIdx>>,
    /// Per document linked to, the documents linking to it.
    to: BTreeMap<DocIdx, Vec<DocIdx>>,
}

impl FileLinks {
    fn of(ws: &Workspace) -> FileLinks {
        let from: Vec<Vec<DocIdx>> = (0..ws.docs.len()).map(|i| linked(ws, i)).collect();
        let mut to: BTreeMap<DocIdx, Vec<DocIdx>> = BTreeMap::new();
        for (i, targets) in from.iter().enumerate() {
            for &t in targets {
                to.entry(t).or_default().push(i);
            }
        }
        FileLinks { from, to }
    }

    /// Document `i` was swapped for a new version: its links may point elsewhere now.
    fn update(&mut self, ws: &Workspace, i: DocIdx) {
        for t in std::mem::take(&mut self.from[i]) {
            if let Some(sources) = self.to.get_mut(&t) {
                sources.retain(|&s| s != i);
            }
        }
        let now = linked(ws, i);
        for &t in &now {
            let sources = self.to.entry(t).or_default();
            // Kept sorted, as `of` builds them.
            if let Err(at) = sources.binary_search(&i) {
                sources.insert(at, i);
            }
        }
        self.from[i] = now;
    }

    fn linking_to(&self, i: DocIdx) -> impl Iterator<Item = DocIdx> + '_ {
        self.to.get(&i).into_iter().flatten().copied()
    }
}

/// The documents document `i` links to by path, each once.
fn linked(ws: &Workspace, i: DocIdx) -> Vec<DocIdx> {
    let targets: BTreeSet<DocIdx> = ws.docs[i]
        .links
        .iter()
        .filter_map(|link| match &link.target {
            LinkTarget::File { path, .. } => ws.index_of_path(path),
            _ => None,
        })
        .filter(|&t| t != i)
        .collect();
    targets.into_iter().collect()
}

/// `docs` and every document one reference or link away from one of them, either way.
fn with_neighbours(ws: &Workspace, links: &FileLinks, docs: &[DocIdx]) -> Vec<DocIdx> {
    let mut out: BTreeSet<DocIdx> = docs.iter().copied().collect();
    for &i in docs {
        let doc = &ws.docs[i];
        out.extend((0..doc.refs.len()).filter_map(|n| ws.ref_target(i, n)));
        out.extend(links.from[i].iter().copied());
        out.extend(ws.backlinks[i].iter().map(|b| b.from));
        out.extend(links.linking_to(i));
    }
    out.into_iter().collect()
}

/// A workspace of only `docs`, with what the whole one shares: its files, attachments,
/// history, the aliases of these documents, and the owner of each of their IDs (so a
/// duplicate ID resolves as it does in the whole workspace).
pub(super) fn scoped_workspace(ws: &Workspace, docs: &[DocIdx]) -> Workspace {
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
