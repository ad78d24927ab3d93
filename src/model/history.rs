//! What git says about each document: when it was created and last changed, by whom,
//! and the last commits. Plain data; the git2 code that fills it lives in `crate::git`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::fingerprint::Fingerprint;
use super::materiality::Materiality;

/// One commit, as documents and pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitInfo {
    pub id: String,
    pub short_id: String,
    /// Seconds since the Unix epoch (the author time).
    pub time: i64,
    /// `YYYY-MM-DD` in the author's own time zone.
    pub date: String,
    pub author: String,
    pub email: String,
    pub subject: String,
}

/// A change to a file that is not committed yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Uncommitted {
    Modified,
    New,
}

/// The history of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocHistory {
    /// Indices into `History::commits`, newest first.
    pub commits: Vec<usize>,
    /// Whether the oldest commit really created the file (false when a shallow clone
    /// cuts history off before it).
    pub created_known: bool,
    pub uncommitted: Option<Uncommitted>,
    /// The newest of `commits` that changed the document's text (not only its path):
    /// moving a file into another folder is no reason to re-read what refers to it.
    pub last_content: Option<usize>,
    /// What the document said after each of `commits` (same order): `None` where its
    /// text could not be read (a partial clone).
    pub versions: Vec<Option<Arc<Fingerprint>>>,
}

/// A Markdown file that no longer exists, as history last saw it: whether a commit that
/// touched it may be named in public output depends on what it was (confidential?).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoneDoc {
    /// Its last text; `None` when it could not be read (then nothing is known of it).
    pub text: Option<Arc<str>>,
    /// Indices into `History::commits`, newest first.
    pub commits: Vec<usize>,
}

/// History for every document, from one walk over the repository.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Every commit that touched a document, newest first (including documents that
    /// are gone since).
    pub commits: Vec<CommitInfo>,
    /// By document path (relative to the workspace).
    pub docs: BTreeMap<String, DocHistory>,
    /// Files deleted since (or before a rename that history cannot follow), by the path
    /// they last had.
    pub gone: BTreeMap<String, GoneDoc>,
    /// Merges that brought a change to a document (from a side branch), by document
    /// path: indices into `commits`, newest first. Not the document's own history, but
    /// a merge's subject names what it brought.
    pub merged: BTreeMap<String, Vec<usize>>,
    /// The repository is a shallow clone: older history is missing.
    pub truncated: bool,
    /// Objects the walk needed but the repository does not have (a partial clone): what
    /// needed them is left out. In the order met, without repeats.
    pub missing_objects: Vec<String>,
    /// The commit compiled (HEAD, or the `--rev` commit).
    pub head: Option<CommitInfo>,
}

impl History {
    pub fn of(&self, path: &str) -> Option<&DocHistory> {
        self.docs.get(path)
    }

    /// The last commit that changed a document.
    pub fn updated(&self, path: &str) -> Option<&CommitInfo> {
        self.of(path)?.commits.first().map(|&i| &self.commits[i])
    }

    /// The commit that created a document, when history reaches back that far.
    pub fn created(&self, path: &str) -> Option<&CommitInfo> {
        let doc = self.of(path)?;
        doc.created_known
            .then(|| doc.commits.last().map(|&i| &self.commits[i]))
            .flatten()
    }

    /// Authors by number of commits to the document, most first.
    pub fn authors(&self, path: &str) -> Vec<&str> {
        let Some(doc) = self.of(path) else {
            return Vec::new();
        };
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in &doc.commits {
            *counts.entry(self.commits[i].author.as_str()).or_default() += 1;
        }
        let mut authors: Vec<(&str, usize)> = counts.into_iter().collect();
        authors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        authors.into_iter().map(|(a, _)| a).collect()
    }

    /// When a document's text last changed, for comparisons: uncommitted changes count
    /// as now, and a commit that only renamed it does not count.
    pub fn last_change_time(&self, path: &str, now: i64) -> Option<i64> {
        let doc = self.of(path)?;
        if doc.uncommitted.is_some() {
            return Some(now);
        }
        self.last_content_change(path).map(|c| c.time)
    }

    /// The last commit that changed a document's text (a rename alone does not).
    pub fn last_content_change(&self, path: &str) -> Option<&CommitInfo> {
        let doc = self.of(path)?;
        doc.last_content
            .or_else(|| doc.commits.first().copied())
            .map(|i| &self.commits[i])
    }

    /// The last commit that changed a document materially (see [`Materiality`]): one
    /// whose version differs materially from the one before it, or that created it. A
    /// version that could not be read counts as a change, as does the oldest one.
    pub fn last_material_change(
        &self,
        path: &str,
        kind: Option<&str>,
        m: &Materiality,
    ) -> Option<&CommitInfo> {
        let doc = self.of(path)?;
        let material = (0..doc.commits.len()).find(|&n| {
            match (doc.versions.get(n), doc.versions.get(n + 1)) {
                (Some(Some(newer)), Some(Some(older))) => m.differs(newer, older, kind),
                _ => true,
            }
        })?;
        Some(&self.commits[doc.commits[material]])
    }

    /// Documents changed most recently, newest first (at most `limit`).
    pub fn recently_changed(&self, limit: usize) -> Vec<(&str, &CommitInfo)> {
        let mut docs: Vec<(&str, &CommitInfo)> = self
            .docs
            .keys()
            .filter_map(|p| self.updated(p).map(|c| (p.as_str(), c)))
            .collect();
        docs.sort_by(|a, b| b.1.time.cmp(&a.1.time).then(a.0.cmp(b.0)));
        docs.truncate(limit);
        docs
    }
}
