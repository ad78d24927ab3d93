//! Which commit subjects an output may show, as the audience policy judges the documents
//! each commit touched ([`Policy::hides_commits_of`]). It walks the history, so it sits
//! above `resolve` (a deleted document is read again), beside the policy rather than in
//! it. A subject is written for the team ("ShipLoop
//! acquisition: first draft"), so a commit that touched any document hidden from an
//! output appears there with its author and date only: no subject, no e-mail. Every
//! surface that names commits asks here (site pages and feed, digests, `spex diff`,
//! the history rules' messages), each with its own [`Policy`].
//!
//! What cannot be checked counts as hidden: a file history knows but the workspace did
//! not compile (excluded, unreadable), a deleted file whose text is missing, and a
//! commit outside the history walked (it may have touched anything).

use std::collections::HashSet;

use crate::audience::Policy;
use crate::load::Source;
use crate::model::{CommitInfo, Workspace};
use crate::parse::parse_doc;
use crate::resolve::resolve_document;

/// The commits of one output whose subjects it may show.
#[derive(Debug, Clone, Default)]
pub struct ShownCommits {
    /// Commits that touched a hidden document, by ID.
    redacted: HashSet<String>,
    /// Every commit the history knows, by ID (all the others are unknown).
    known: HashSet<String>,
}

impl ShownCommits {
    /// For an output with `policy`, from `ws`'s history (see
    /// [`Policy::hides_commits_of`]). A deleted document is judged on its last text, read
    /// as the workspace reads it.
    pub fn new(ws: &Workspace, policy: &impl Policy) -> ShownCommits {
        let hides = |doc: &crate::model::Document| policy.hides_commits_of(doc);
        let Some(history) = &ws.history else {
            return ShownCommits::default();
        };
        let mut hidden_commits: HashSet<usize> = HashSet::new();
        let hidden_path = |path: &str| ws.index_of_path(path).is_none_or(|i| hides(&ws.docs[i]));
        for (path, doc) in &history.docs {
            if hidden_path(path) {
                hidden_commits.extend(doc.commits.iter().copied());
            }
        }
        // A merge that brought a change to a hidden document (its subject names the
        // branch).
        for (path, merges) in &history.merged {
            if hidden_path(path) {
                hidden_commits.extend(merges.iter().copied());
            }
        }
        for (path, gone) in &history.gone {
            let hidden = gone.text.as_ref().is_none_or(|text| {
                let source = Source {
                    path: path.clone(),
                    text: text.clone(),
                    encoding_problem: None,
                };
                let (doc, _) = resolve_document(&ws.config, parse_doc(&source));
                hides(&doc)
            });
            if hidden {
                hidden_commits.extend(gone.commits.iter().copied());
            }
        }
        ShownCommits {
            redacted: hidden_commits
                .into_iter()
                .filter_map(|i| history.commits.get(i).map(|c| c.id.clone()))
                .collect(),
            known: history
                .commits
                .iter()
                .chain(&history.head)
                .map(|c| c.id.clone())
                .collect(),
        }
    }

    /// Whether the output may show this commit's subject.
    pub fn shows_subject(&self, commit: &CommitInfo) -> bool {
        self.known.contains(&commit.id) && !self.redacted.contains(&commit.id)
    }

    /// The commit as this output may show it.
    pub fn show(&self, commit: &CommitInfo) -> CommitInfo {
        if self.shows_subject(commit) {
            return commit.clone();
        }
        CommitInfo {
            subject: String::new(),
            email: String::new(),
            ..commit.clone()
        }
    }
}
