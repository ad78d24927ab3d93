//! Git history on the site: a document's dates, authors and last commits with what
//! each did (its change events), the recent change events for the home page, and the
//! Atom feed of them.

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use crate::model::{ChangeEvent, CommitInfo, DocIdx, Uncommitted};

/// How many commits a document page lists.
const COMMITS_SHOWN: usize = 5;
/// How many events the home page lists, and documents under a bulk one.
pub const RECENT: usize = 12;
pub const RECENT_DOCS: usize = 5;
/// How many changes the feed lists.
pub const FEED_ENTRIES: usize = 50;

#[derive(Serialize)]
pub struct DocHistoryView {
    pub updated: Option<CommitInfo>,
    pub created: Option<CommitInfo>,
    pub authors: Vec<String>,
    pub commits: Vec<DocCommit>,
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
            .map(|&i| DocCommit {
                commit: show(&history.commits[i]),
                url: commit_url(site, &history.commits[i]),
                events: site
                    .events_of(idx)
                    .filter(|e| e.commit == i)
                    .map(|e| e.text(site.ws))
                    .collect(),
            })
            .collect(),
        commit_count: doc.commits.len(),
        uncommitted: doc.uncommitted,
    })
}

/// One commit on a document's history card: what it did to the document (its events;
/// none when it only moved the file), and the commit itself as a small link.
#[derive(Serialize)]
pub struct DocCommit {
    pub commit: CommitInfo,
    /// The commit on the hosting platform, when `site.repo_url` says where that is.
    pub url: Option<String>,
    pub events: Vec<String>,
}

/// One change event on the home page.
#[derive(Serialize)]
pub struct RecentEvent {
    pub text: String,
    /// The document, or the first few of a bulk change.
    pub docs: Vec<DocRef>,
    /// Documents of a bulk change beyond those listed.
    pub more: usize,
    pub commit: CommitInfo,
    pub url: Option<String>,
}

/// The most recent change events, newest first, each with up to `docs_per_event` of
/// its documents.
pub fn recent_events(site: &SiteContext, limit: usize, docs_per_event: usize) -> Vec<RecentEvent> {
    let Some(history) = &site.ws.history else {
        return Vec::new();
    };
    site.events()
        .iter()
        .take(limit)
        .map(|e| RecentEvent {
            text: e.text(site.ws),
            docs: e
                .docs
                .iter()
                .take(docs_per_event)
                .map(|&i| site.doc_ref(i))
                .collect(),
            more: e.docs.len().saturating_sub(docs_per_event),
            commit: site.commits().show(&history.commits[e.commit]),
            url: commit_url(site, &history.commits[e.commit]),
        })
        .collect()
}

/// A commit's page on the hosting platform: `site.repo_url` up to its `/blob/` or
/// `/tree/` part, then `/commit/ID` (GitHub's, GitLab's and Gitea's layout).
fn commit_url(site: &SiteContext, commit: &CommitInfo) -> Option<String> {
    let repo_url = site.ws.config.site.repo_url.as_deref()?;
    let (repo, _) = repo_url
        .split_once("/blob/")
        .or_else(|| repo_url.split_once("/tree/"))?;
    let repo = repo.strip_suffix("/-").unwrap_or(repo);
    Some(format!("{repo}/commit/{}", commit.id))
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
    let entries: Vec<FeedEntry> = site
        .events()
        .iter()
        .take(FEED_ENTRIES)
        .map(|event| {
            let commit = site.commits().show(&history.commits[event.commit]);
            feed_entry(site, event, &commit)
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

/// One event as a feed entry: its text as the title, the commit (with its subject when
/// it may be shown) as the summary.
fn feed_entry(site: &SiteContext, event: &ChangeEvent, commit: &CommitInfo) -> FeedEntry {
    let first = event.docs.first().map(|&i| site.doc_ref(i));
    let subject = if commit.subject.is_empty() {
        String::new()
    } else {
        format!(": {}", commit.subject)
    };
    let title = event.text(site.ws);
    FeedEntry {
        // Unique however many events one commit has, and the same on every build.
        id: format!(
            "urn:spex:change:{}:{}:{}",
            commit.id,
            first.as_ref().map_or("", |d| d.url.as_str()),
            crate::model::short_hash(&title)
        ),
        title,
        url: first.map(|d| d.url).unwrap_or_else(|| "index.html".into()),
        updated: rfc3339(commit.time),
        author: commit.author.clone(),
        summary: format!("{} in {}{subject}", commit.author, commit.short_id),
    }
}

fn rfc3339(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_string())
        .unwrap_or_default()
}
