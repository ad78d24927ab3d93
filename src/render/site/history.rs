//! Git history on the site: a document's dates, authors and last commits, recent
//! changes for the home page, and the Atom feed of document changes.

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use crate::model::{CommitInfo, DocIdx, History, Uncommitted};

/// How many commits a document page lists.
const COMMITS_SHOWN: usize = 5;
/// How many commits the home page lists, and documents under each.
pub const RECENT: usize = 8;
pub const RECENT_DOCS: usize = 5;
/// How many changes the feed lists.
pub const FEED_ENTRIES: usize = 50;

#[derive(Serialize)]
pub struct DocHistoryView {
    pub updated: Option<CommitInfo>,
    pub created: Option<CommitInfo>,
    pub authors: Vec<String>,
    pub commits: Vec<CommitInfo>,
    pub commit_count: usize,
    /// "modified" or "new" when the work tree has changes not committed yet.
    pub uncommitted: Option<Uncommitted>,
}

pub fn doc_history(site: &SiteContext, idx: DocIdx) -> Option<DocHistoryView> {
    let history = site.ws.history.as_ref()?;
    let path = &site.ws.docs[idx].path;
    let doc = history.of(path)?;
    let show = |c: &CommitInfo| site.commits().show(c);
    Some(DocHistoryView {
        updated: history.updated(path).map(show),
        created: history.created(path).map(show),
        authors: history
            .authors(path)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        commits: doc
            .commits
            .iter()
            .take(COMMITS_SHOWN)
            .map(|&i| show(&history.commits[i]))
            .collect(),
        commit_count: doc.commits.len(),
        uncommitted: doc.uncommitted,
    })
}

#[derive(Serialize)]
pub struct Change {
    pub doc: DocRef,
    pub commit: CommitInfo,
}

/// One commit on the home page, with the visible documents it changed.
#[derive(Serialize)]
pub struct RecentCommit {
    pub commit: CommitInfo,
    pub docs: Vec<DocRef>,
    /// Documents it changed beyond those listed.
    pub more: usize,
}

/// The most recent commits that changed visible documents, newest first. A commit that
/// touched many documents is listed once (its subject was repeated per document
/// before), with up to `docs_per_commit` of them.
pub fn recent_commits(
    site: &SiteContext,
    limit: usize,
    docs_per_commit: usize,
) -> Vec<RecentCommit> {
    let Some(history) = &site.ws.history else {
        return Vec::new();
    };
    let mut recent: Vec<RecentCommit> = Vec::new();
    for change in changes(site, history) {
        if let Some(last) = recent.last_mut()
            && last.commit.id == change.commit.id
        {
            if last.docs.len() < docs_per_commit {
                last.docs.push(change.doc);
            } else {
                last.more += 1;
            }
        } else if recent.len() == limit {
            break;
        } else {
            recent.push(RecentCommit {
                commit: change.commit,
                docs: vec![change.doc],
                more: 0,
            });
        }
    }
    recent
}

/// Every (document, commit) pair, newest first: each commit once per document it touched.
fn changes<'s>(site: &'s SiteContext, history: &'s History) -> impl Iterator<Item = Change> + 's {
    let mut pairs: Vec<(usize, DocIdx)> = Vec::new();
    for (idx, doc) in site.visible_docs() {
        if let Some(h) = history.of(&doc.path) {
            pairs.extend(h.commits.iter().map(|&c| (c, idx)));
        }
    }
    // Commits are stored newest first, so a smaller index is newer.
    pairs.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| site.ws.docs[a.1].path.cmp(&site.ws.docs[b.1].path))
    });
    pairs.into_iter().map(move |(c, idx)| Change {
        doc: site.doc_ref(idx),
        commit: site.commits().show(&history.commits[c]),
    })
}

#[derive(Serialize)]
pub struct Feed {
    /// A valid IRI for the feed: its address when `base_url` is absolute, else a URN
    /// made from the site title's slug (a title with spaces is not an IRI).
    pub id: String,
    /// `xml:base` for the links, only when `base_url` is absolute. A path such as `/`
    /// would send relative links to the host's root under a sub-path; without a base,
    /// readers resolve them against the feed's own address, which is always right.
    pub base: Option<String>,
    /// RFC 3339 time of the newest entry.
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Serialize)]
pub struct FeedEntry {
    pub id: String,
    pub title: String,
    pub url: String,
    pub updated: String,
    pub author: String,
    pub summary: String,
}

/// The Atom feed, or `None` without history. Times come from commits, never the clock.
pub fn feed(site: &SiteContext) -> Option<Feed> {
    let history = site.ws.history.as_ref()?;
    let entries: Vec<FeedEntry> = changes(site, history)
        .take(FEED_ENTRIES)
        .map(|change| FeedEntry {
            id: format!("urn:spex:change:{}:{}", change.commit.id, change.doc.url),
            title: {
                let doc = format!("{} {}", change.doc.id, change.doc.title);
                // A commit whose subject may not be shown (see `ShownCommits`).
                if change.commit.subject.is_empty() {
                    format!("{} changed", doc.trim())
                } else {
                    format!("{}: {}", doc.trim(), change.commit.subject)
                }
            },
            url: change.doc.url.clone(),
            updated: rfc3339(change.commit.time),
            author: change.commit.author.clone(),
            summary: format!(
                "{} changed {} in {}",
                change.commit.author, change.doc.title, change.commit.short_id
            ),
        })
        .collect();
    let updated = entries
        .first()
        .map(|e| e.updated.clone())
        .unwrap_or_else(|| rfc3339(0));
    let base_url = &site.ws.config.site.base_url;
    let absolute = base_url.starts_with("https://") || base_url.starts_with("http://");
    let slug = crate::parse::slug::slugify(&site.ws.config.site.title);
    let id = if absolute {
        format!("{base_url}feed.xml")
    } else if slug.is_empty() {
        "urn:spex:feed:site".to_owned()
    } else {
        format!("urn:spex:feed:{slug}")
    };
    Some(Feed {
        id,
        base: absolute.then(|| base_url.clone()),
        updated,
        entries,
    })
}

fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_string())
        .unwrap_or_default()
}
