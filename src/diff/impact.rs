//! Change impact: which diagnostics a change since a base revision is answerable for.
//! `spex check --changed-since` reports every diagnostic in the changed documents, and
//! in the others only those at a reference or link the change broke.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use crate::config::{CONFIG_FILE, Config};
use crate::diag::Diagnostic;
use crate::error::Result;
use crate::git::{GitRepo, GitTree};
use crate::load::{is_markdown, read_source};
use crate::model::{LinkTarget, Workspace};
use crate::parse::parse_doc;
use crate::resolve::resolve;

/// The documents changed since a base, and the places elsewhere the change broke.
pub struct Impact {
    changed: BTreeSet<String>,
    /// Unchanged document → the spans of its references and links the change broke.
    damaged: BTreeMap<String, Vec<Range<usize>>>,
}

impl Impact {
    /// Whether the change is answerable for `d`: it is in a changed document, or at a
    /// reference or link the change broke.
    pub fn keeps(&self, d: &Diagnostic) -> bool {
        let file = &d.primary.file;
        self.changed.contains(file)
            || self.damaged.get(file).is_some_and(|spans| {
                spans
                    .iter()
                    .any(|s| s.start < d.primary.range.end && d.primary.range.start < s.end)
            })
    }
}

/// The impact of the work tree's changes since `base` on `ws` (the work tree compiled):
/// the documents changed, plus the references and links elsewhere to an ID, a file or a
/// heading the change removed. `None` means everything (spex.yaml changed, so every
/// document may be affected).
pub fn impact_since(
    repo: &GitRepo,
    config: &Arc<Config>,
    ws: &Workspace,
    base: &str,
) -> Result<Option<Impact>> {
    let changed = repo.changed_since(base)?;
    if changed.iter().any(|p| p == CONFIG_FILE) {
        return Ok(None);
    }

    // The changed files as they were at `base`.
    let before = GitTree::at(repo, base)?;
    let old_docs: Vec<_> = changed
        .iter()
        .filter(|p| is_markdown(p))
        .filter_map(|p| read_source(&before, p).ok())
        .map(|s| parse_doc(&s))
        .collect();
    let (old, _) = resolve(config, old_docs, BTreeSet::new());
    let gone: BTreeSet<&str> = old
        .docs
        .iter()
        .filter_map(|d| d.id.as_deref())
        .filter(|id| ws.by_id(id).is_none())
        .collect();
    let removed_files: BTreeSet<&String> =
        changed.iter().filter(|p| !ws.files.contains(*p)).collect();
    // Headings a changed document lost, by its path and ID today.
    let mut removed_anchors: BTreeSet<(&str, &str)> = BTreeSet::new();
    for was in &old.docs {
        let now = match &was.id {
            Some(id) => ws.by_id(id),
            None => ws.index_of_path(&was.path).map(|i| &*ws.docs[i]),
        };
        let Some(now) = now else { continue };
        for heading in &was.headings {
            if now.heading(&heading.anchor).is_none() {
                removed_anchors.insert((now.path.as_str(), heading.anchor.as_str()));
                if let Some(id) = &now.id {
                    removed_anchors.insert((id.as_str(), heading.anchor.as_str()));
                }
            }
        }
    }
    let anchor_removed = |target: &str, anchor: &Option<String>| {
        anchor
            .as_deref()
            .is_some_and(|a| removed_anchors.contains(&(target, a)))
    };

    let changed: BTreeSet<String> = changed.iter().cloned().collect();
    let mut damaged: BTreeMap<String, Vec<Range<usize>>> = BTreeMap::new();
    for doc in ws.docs.iter().filter(|d| !changed.contains(&d.path)) {
        let refs = doc
            .refs
            .iter()
            .filter(|r| gone.contains(r.target.as_str()) || anchor_removed(&r.target, &r.anchor))
            .map(|r| r.span.clone());
        let links = doc
            .links
            .iter()
            .filter(|l| match &l.target {
                LinkTarget::File { path, anchor } => {
                    removed_files.contains(path) || anchor_removed(path, anchor)
                }
                _ => false,
            })
            .map(|l| l.span.clone());
        let spans: Vec<Range<usize>> = refs.chain(links).collect();
        if !spans.is_empty() {
            damaged.insert(doc.path.clone(), spans);
        }
    }
    Ok(Some(Impact { changed, damaged }))
}
