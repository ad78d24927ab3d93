//! Rules that need git history: `suspect-link` and `stale`. Without history they stay
//! silent (the CLI says once that history is off).

use std::cell::OnceCell;
use std::collections::BTreeMap;

use rayon::prelude::*;

use super::resolved_refs;
use crate::audience::Visibility;
use crate::diag::{Diagnostic, Rule, Span};
use crate::model::{CommitInfo, DocIdx, Document, History, Materiality, Reference, Workspace};
use crate::shown_commits::ShownCommits;

/// How many days without a change make an active document stale, unless configured.
pub const DEFAULT_STALE_DAYS: u32 = 90;

/// "Now" for history rules: `SOURCE_DATE_EPOCH` when set (reproducible builds), else the
/// clock.
pub fn now() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| jiff::Timestamp::now().as_second())
}

/// A document that references others which changed after the document itself did:
/// someone should re-read it. One note per document (the action is "re-read this
/// document"), pointing at its first such reference, with a label at each other one.
pub fn suspect_link(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(history) = &ws.history else { return };
    let changes = LastChanges {
        ws,
        history,
        materiality: Materiality::new(&ws.config),
        commits: OnceCell::new(),
    };
    for (from, refs) in suspects(ws, &changes, now()) {
        let Some(&(first, first_target)) = refs.first() else {
            continue;
        };
        let doc = &ws.docs[from];
        let names: Vec<String> = refs
            .iter()
            .map(|&(_, t)| format!("`{}`", ws.docs[t].label()))
            .collect();
        let (changed, verb) = match names.as_slice() {
            [one] => (one.clone(), "it"),
            [init @ .., last] => (format!("{} and {last}", init.join(", ")), "them"),
            [] => continue,
        };
        let help = if refs.len() == 1 {
            let target = &ws.docs[first_target];
            format!(
                "{changed} {}; this document {}",
                changes.when_target(target),
                changes.when(&doc.path)
            )
        } else {
            format!("this document {}", changes.when(&doc.path))
        };
        let mut d = Diagnostic::new(
            Rule::SuspectLink,
            format!("{changed} changed after this document did: re-read {verb}"),
            Span::new(&doc.path, first.span.clone()),
        )
        .with_help(help);
        if refs.len() > 1 {
            let target = &ws.docs[first_target];
            d = d.with_primary_label(format!(
                "`{}` {}",
                target.label(),
                changes.when_target_short(target)
            ));
        }
        for &(r, t) in &refs[1..] {
            let target = &ws.docs[t];
            d = d.with_label(
                Span::new(&doc.path, r.span.clone()),
                format!("`{}` {}", target.label(), changes.when_target_short(target)),
            );
        }
        out.push(d);
    }
}

/// Referencing document → its references to documents that changed materially later,
/// one per target, in the order they appear. An inactive document (withdrawn,
/// superseded) is nobody's to re-read, so it gets no note; a target counts only its
/// committed changes: an edit in the work tree is not yet news for the documents that
/// cite it (the referencing document's own uncommitted edit does count: its author is
/// re-reading); and only its material changes (`Materiality`): a typo fix, a reflowed
/// paragraph or a new owner asks nobody to re-read anything.
fn suspects<'w>(
    ws: &'w Workspace,
    changes: &LastChanges,
    now: i64,
) -> BTreeMap<usize, Vec<(&'w Reference, usize)>> {
    let history = changes.history;
    let targets = |from: DocIdx, to: Option<DocIdx>| {
        to.filter(|&t| t != from && !ws.docs[from].is_inactive())
    };
    // When each referenced document last changed materially, once per document and on
    // every core: comparing its versions is most of this rule, and a document is
    // referenced from many others.
    let mut referenced = vec![false; ws.docs.len()];
    for (from, _, to) in resolved_refs(ws) {
        if let Some(to) = targets(from, to) {
            referenced[to] = true;
        }
    }
    let materiality = &changes.materiality;
    let material: Vec<Option<i64>> = referenced
        .par_iter()
        .enumerate()
        .map(|(to, &referenced)| {
            let target = &ws.docs[to];
            referenced
                .then(|| {
                    history.last_material_change(&target.path, target.kind_name(), materiality)
                })
                .flatten()
                .map(|c| c.time)
        })
        .collect();
    let mut suspects: BTreeMap<usize, Vec<(&Reference, usize)>> = BTreeMap::new();
    for (from, r, to) in resolved_refs(ws) {
        let Some(to) = targets(from, to) else {
            continue;
        };
        let (Some(mine), Some(theirs)) = (
            history.last_change_time(&ws.docs[from].path, now),
            material[to],
        ) else {
            continue;
        };
        let refs = suspects.entry(from).or_default();
        if theirs > mine && refs.iter().all(|&(_, t)| t != to) {
            refs.push((r, to));
        }
    }
    suspects
}

/// When a document last changed, in words.
struct LastChanges<'w> {
    ws: &'w Workspace,
    history: &'w History,
    materiality: Materiality,
    /// Built on first use: most workspaces have no suspect links.
    commits: OnceCell<ShownCommits>,
}

impl LastChanges<'_> {
    /// The last commit that changed `target` materially.
    fn material(&self, target: &Document) -> Option<&CommitInfo> {
        self.history
            .last_material_change(&target.path, target.kind_name(), &self.materiality)
    }

    /// When a referenced document last changed materially, in words (its uncommitted
    /// edits do not count).
    fn when_target(&self, target: &Document) -> String {
        match self.material(target) {
            Some(c) if self.shows_subject(c) => {
                format!(
                    "last changed {} ({} \"{}\")",
                    c.date,
                    c.short_id,
                    short_subject(&c.subject)
                )
            }
            Some(c) => format!("last changed {} ({})", c.date, c.short_id),
            None => "is new".to_owned(),
        }
    }

    /// The same, beside a source line: the date and commit, no subject.
    fn when_target_short(&self, target: &Document) -> String {
        match self.material(target) {
            Some(c) => format!("changed {} ({})", c.date, c.short_id),
            None => "is new".to_owned(),
        }
    }

    fn shows_subject(&self, c: &CommitInfo) -> bool {
        self.commits
            .get_or_init(|| {
                let public = Visibility {
                    include_confidential: false,
                };
                ShownCommits::new(self.ws, &public)
            })
            .shows_subject(c)
    }

    /// Messages reach public output (the site's health panel, diffs, digests): a commit
    /// that touched a confidential document is named without its subject.
    fn when(&self, path: &str) -> String {
        match (
            self.history.of(path).and_then(|h| h.uncommitted),
            self.history.last_content_change(path),
        ) {
            (Some(_), _) => "has uncommitted changes".to_owned(),
            (None, Some(c)) if self.shows_subject(c) => {
                format!(
                    "last changed {} ({} \"{}\")",
                    c.date,
                    c.short_id,
                    short_subject(&c.subject)
                )
            }
            (None, Some(c)) => format!("last changed {} ({})", c.date, c.short_id),
            (None, None) => "is new".to_owned(),
        }
    }
}

/// A commit subject as a diagnostic quotes it: a subject is meant to be one short line,
/// but nothing stops a paragraph, which would bury the diagnostic.
fn short_subject(subject: &str) -> std::borrow::Cow<'_, str> {
    const MAX_CHARS: usize = 72;
    match subject.char_indices().nth(MAX_CHARS) {
        None => subject.into(),
        Some((cut, _)) => format!("{}…", subject[..cut].trim_end()).into(),
    }
}

/// A document in an active status not changed for longer than the configured days.
pub fn stale(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(history) = &ws.history else { return };
    let days = ws
        .config
        .rules
        .get(&Rule::Stale)
        .and_then(|s| s.days)
        .unwrap_or(DEFAULT_STALE_DAYS);
    let now = now();
    for doc in &ws.docs {
        if !doc.is_active() {
            continue;
        }
        let Some(changed) = history.last_change_time(&doc.path, now) else {
            continue;
        };
        let age = (now - changed) / 86_400;
        if age <= i64::from(days) {
            continue;
        }
        let last = history
            .last_content_change(&doc.path)
            .map(|c| c.date.clone())
            .unwrap_or_default();
        out.push(
            Diagnostic::new(
                Rule::Stale,
                format!("`{}` is {} but has not changed for {age} days (since {last})", doc.label(), doc.status().unwrap_or("active")),
                super::doc_span(doc),
            )
            .with_help(format!("review it and commit an update, or change its status; the limit is {days} days (`rules: {{stale: {{days: N}}}}`)")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::short_subject;

    #[test]
    fn long_subjects_are_cut_at_a_character() {
        assert_eq!(
            short_subject("Approve the tracking page"),
            "Approve the tracking page"
        );
        let long = format!("{}é and more words after it", "x".repeat(70));
        let short = short_subject(&long);
        assert_eq!(short.chars().count(), 72, "{short}");
        assert!(short.ends_with("xé…"), "{short}");
    }
}
