//! The history walk's cache, in the repository's own `.git/spex/` (never in the work
//! tree). It holds two things, both keyed by commit IDs, which never change meaning:
//!
//! - what each commit changed relative to each parent (`CommitChanges`): the tree
//!   diffs and rename searches that are nearly all of a walk's time. A later walk
//!   replays them and diffs only the commits it has not seen, so it costs the diffs of
//!   the new commits plus a quick pass over the commit graph. A rewritten history
//!   (rebase, force-push) simply has commits the cache does not know.
//! - the last walk's result with the commit it started from: when HEAD has not moved,
//!   that is the answer, and nothing is walked.
//!
//! And the fingerprint (`model::Fingerprint`) of each version of today's documents, once
//! per blob, so whether a change was material is answered without reading old files
//! again: the result and the commits name versions by blob (or by their place in the
//! table), never repeat what they say.
//!
//! Anything that changes what a diff says invalidates the whole file: the format
//! version, spex's version, the workspace folder (the diffs are limited to it) and the
//! rename-detection settings. A file that cannot be read, is damaged or does not match
//! is ignored and rewritten (written to a temporary file and renamed into place, so a
//! reader never sees half of one). A shallow clone gets no cache: deepening it gives
//! known commits new parents. Neither does a walk that met missing objects.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use git2::Oid;

use super::cache_codec::{Decoder, Encoder, checked, checksum, table};
use super::cache_records::{
    FingerprintTable, decode_changes, decode_fingerprints, decode_history, encode_changes,
    encode_fingerprints, encode_history,
};
use super::history::{Change, VersionBlobs};
use super::repo::GitRepo;
use super::versions::Fingerprints;
use crate::model::{CommitInfo, Fingerprint, History};

/// Bump when the walk's meaning or this file's layout changes: older files are then
/// ignored. (spex's version is part of the key too, for released builds.)
const FORMAT_VERSION: u64 = 7;

/// The first thing in the file, so it is not mistaken for something else.
const MAGIC: &str = "spex history cache\n";

/// Where the last history came from: a figure for `-v`, and what the tests check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryRead {
    /// The cache held the walk from this very commit: nothing was walked.
    Cached,
    /// The commits were walked: `diffed` of them read from git, `reused` replayed from
    /// the cache. `fast_forward`: the new commits lead in a line to the cached walk's
    /// start, so the order of the commits came from the cache too and git listed only
    /// the new ones.
    Walked {
        diffed: usize,
        reused: usize,
        fast_forward: bool,
    },
}

/// How many new commits are followed, one parent at a time, looking for the cached
/// start; past that, listing all commits again costs little next to diffing these.
const MAX_FAST_FORWARD: usize = 1000;

/// What one commit changed relative to each of its parents: all the walk asks git
/// about a commit, so a cached copy can stand in for it.
#[derive(Debug, Clone)]
pub(super) struct CommitChanges {
    /// The commit as outputs show it; `None` when it changed no Markdown file of the
    /// workspace (then it is never shown).
    pub info: Option<CommitInfo>,
    pub parents: Vec<Oid>,
    /// The changes from each parent, in the order of `parents`; a root commit has one
    /// list, against the empty tree.
    pub diffs: Vec<Vec<Change>>,
}

/// The commits' changes the walk may reuse, and those it used or found (which are
/// what the next cache file keeps).
#[derive(Default)]
pub(super) struct Memo {
    known: HashMap<Oid, CommitChanges>,
    used: HashMap<Oid, CommitChanges>,
    /// Commits diffed by this walk (not found in the cache).
    diffed: usize,
    /// Commits this walk found in the cache.
    reused: usize,
    /// The order the cached walk visited its commits in, from its start.
    order: Vec<Oid>,
    /// The order this walk visited its commits in.
    pub walked: Vec<Oid>,
    /// This walk took its order from the cache.
    fast_forward: bool,
}

impl Memo {
    /// What `oid` changed, if an earlier walk found out.
    pub fn take(&mut self, oid: Oid) -> Option<CommitChanges> {
        let changes = self.known.remove(&oid)?;
        self.reused += 1;
        self.used.insert(oid, changes.clone());
        Some(changes)
    }

    /// Keeps what this walk found out about `oid` for the next one.
    pub fn keep(&mut self, oid: Oid, changes: CommitChanges) {
        self.used.insert(oid, changes);
    }

    /// Counts a commit read from git.
    pub fn diffed(&mut self) {
        self.diffed += 1;
    }

    pub fn read(&self) -> HistoryRead {
        HistoryRead::Walked {
            diffed: self.diffed,
            reused: self.reused,
            fast_forward: self.fast_forward,
        }
    }
}

/// The cache file of one workspace in one repository.
pub(super) struct HistoryCache {
    /// `None`: no cache here (a shallow clone, a bare or unwritable location).
    path: Option<PathBuf>,
    /// The walk's result, and the commit it started from.
    result: Option<(Oid, History)>,
    /// The file (checksum checked), while its commits are not decoded yet (a run whose
    /// HEAD has not moved never needs them), and where they start in it.
    undecoded: Option<(Vec<u8>, usize)>,
    memo: Memo,
    /// The fingerprints the file holds, by blob.
    fingerprints: Fingerprints,
}

impl HistoryCache {
    /// Reads the workspace's cache file; an empty cache when there is none, or it is
    /// unreadable, damaged, or was written under other settings.
    pub fn load(repo: &GitRepo) -> HistoryCache {
        let mut cache = HistoryCache {
            path: None,
            result: None,
            undecoded: None,
            memo: Memo::default(),
            fingerprints: Fingerprints::default(),
        };
        if repo.is_shallow() {
            return cache;
        }
        let path = repo.repo.path().join("spex").join(file_name(&repo.prefix));
        if let Ok(bytes) = std::fs::read(&path)
            && let Some((start, table, history, commits_at)) =
                decode_file(&bytes, &settings_key(repo))
        {
            cache.fingerprints = Fingerprints::new(table.by_blob);
            cache.result = Some((start, history));
            cache.undecoded = Some((bytes, commits_at));
        }
        cache.path = Some(path);
        cache
    }

    /// The commits' changes earlier walks found, for this walk to reuse.
    pub fn memo(&mut self) -> &mut Memo {
        if let Some((bytes, at)) = self.undecoded.take() {
            // The checksum matched, so this only fails on a bug: then walk everything.
            (self.memo.known, self.memo.order) = decode_commits(&bytes, at).unwrap_or_default();
        }
        &mut self.memo
    }

    /// The order a walk from `start` visits the commits in, when it is the cached
    /// walk's with new commits in front: `start` leads back to the cached start one
    /// parent at a time. Topological order then has to put the new commits first, and
    /// what follows the cached start is exactly what a walk from it gives (git's
    /// ordering of the rest depends on nothing above it). `None` otherwise (merges among
    /// the new commits, a rewritten history, too many new commits): git lists them all.
    pub fn fast_forward(&mut self, repo: &GitRepo, start: Oid) -> Option<Vec<Oid>> {
        let cached = self.result.as_ref()?.0;
        let order = &self.memo().order;
        if order.first() != Some(&cached) {
            return None;
        }
        let mut new = Vec::new();
        let mut at = start;
        while at != cached {
            if new.len() == MAX_FAST_FORWARD {
                return None;
            }
            let commit = repo.repo.find_commit(at).ok()?;
            if commit.parent_count() != 1 {
                return None;
            }
            new.push(at);
            at = commit.parent_id(0).ok()?;
        }
        self.memo.fast_forward = true;
        new.extend_from_slice(&self.memo.order);
        Some(new)
    }

    /// The history of `start` when the cache holds its walk: nothing to do.
    pub fn take_history_at(&mut self, start: Oid) -> Option<History> {
        let (head, _) = self.result.as_ref()?;
        if *head != start {
            return None;
        }
        self.result.take().map(|(_, history)| history)
    }

    /// The fingerprints known so far, by blob, for the walk to add to.
    pub fn fingerprints(&mut self) -> &mut Fingerprints {
        &mut self.fingerprints
    }

    /// Writes what this walk found (`history`, walked from `start`, with the blob of
    /// each version) for the next run. Failing to write only costs the next run a walk,
    /// so errors are ignored.
    pub fn save(self, repo: &GitRepo, start: Oid, history: &History, blobs: &VersionBlobs) {
        let Some(path) = self.path else { return };
        let moved = self.result.as_ref().map(|(head, _)| *head) != Some(start);
        if self.memo.diffed == 0 && !moved {
            return; // the file already says all this
        }
        let Memo {
            known: unused,
            mut used,
            walked,
            ..
        } = self.memo;
        // Commits of other branches or of a rewritten history stay while they are few
        // next to this walk's; past that the file keeps only this walk's commits.
        if unused.len() <= used.len() {
            used.extend(unused);
        }
        let mut out = Encoder::default();
        out.str(&settings_key(repo));
        out.oid(start);
        // Today's documents' versions: each blob's fingerprint once, and the versions as
        // places in that table.
        let mut table: Vec<Oid> = blobs.values().flatten().copied().collect();
        table.sort_unstable();
        table.dedup();
        let known: Vec<(Oid, &Fingerprint)> = self.fingerprints.of(table.into_iter()).collect();
        let place: HashMap<Oid, u64> = known
            .iter()
            .zip(1..)
            .map(|((blob, _), n)| (*blob, n))
            .collect();
        let versions: BTreeMap<String, Vec<u64>> = blobs
            .iter()
            .map(|(path, blobs)| {
                let places = blobs.iter().map(|b| place.get(b).copied().unwrap_or(0));
                (path.clone(), places.collect())
            })
            .collect();
        encode_fingerprints(&mut out, known.into_iter());
        encode_history(&mut out, history, &versions);
        let mut commits: Vec<(&Oid, &CommitChanges)> = used.iter().collect();
        commits.sort_by_key(|(oid, _)| **oid);
        out.usize(commits.len());
        for (oid, changes) in commits {
            out.oid(*oid);
            encode_changes(&mut out, changes);
        }
        out.usize(walked.len());
        for oid in walked {
            out.oid(oid);
        }
        let bytes = out.finish(MAGIC);
        let Some(dir) = path.parent() else { return };
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| tempfile::NamedTempFile::new_in(dir))
            .and_then(|mut file| {
                std::io::Write::write_all(&mut file, &bytes)?;
                file.persist(&path).map_err(|e| e.error)?;
                Ok(())
            });
        if written.is_ok() {
            remove_older_formats(dir);
        }
    }
}

/// One file per workspace folder, so two workspaces in one repository do not take
/// turns overwriting each other's cache.
fn file_name(prefix: &str) -> String {
    format!(
        "history-v{FORMAT_VERSION}-{:016x}.bin",
        checksum(prefix.as_bytes())
    )
}

/// Files of older formats are never read again (whichever workspace wrote them).
fn remove_older_formats(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let version = name
            .to_str()
            .and_then(|n| n.strip_prefix("history-v"))
            .and_then(|n| n.split_once('-'))
            .and_then(|(v, _)| v.parse::<u64>().ok());
        if version.is_some_and(|v| v < FORMAT_VERSION) {
            std::fs::remove_file(entry.path()).ok();
        }
    }
}

/// Everything besides the commits themselves that decides what the diffs say.
fn settings_key(repo: &GitRepo) -> String {
    // The walk asks for renames with libgit2's default similarity threshold; the only
    // setting it takes from the repository is `diff.renameLimit`.
    let rename_limit = repo
        .repo
        .config()
        .and_then(|c| c.get_i64("diff.renameLimit"))
        .map_or_else(|_| "default".to_owned(), |n| n.to_string());
    // Grafts give known commits other parents.
    let grafts = std::fs::read(repo.repo.path().join("info").join("grafts"))
        .map_or(0, |text| checksum(&text));
    format!(
        "spex {} format {FORMAT_VERSION}; workspace `{}`; renames: default similarity, limit {rename_limit}; grafts {grafts:016x}",
        env!("CARGO_PKG_VERSION"),
        repo.prefix
    )
}

/// The file's checked header and result: the start commit, the fingerprints by blob,
/// the start's history, and where the commits' changes begin (decoded only when a walk
/// needs them).
fn decode_file(file: &[u8], key: &str) -> Option<(Oid, FingerprintTable, History, usize)> {
    let body = checked(file)?;
    let (strings, at) = table(body, MAGIC)?;
    let mut d = Decoder::new(&body[at..], &strings);
    if d.str_ref()? != key {
        return None;
    }
    let start = d.oid()?;
    let table = decode_fingerprints(&mut d)?;
    let history = decode_history(&mut d, &table.in_order)?;
    let commits_at = body.len() - d.remaining();
    Some((start, table, history, commits_at))
}

/// The commits' changes in `file` (its checksum checked) from `at`, and the order the
/// cached walk visited them in.
fn decode_commits(file: &[u8], at: usize) -> Option<(HashMap<Oid, CommitChanges>, Vec<Oid>)> {
    let body = file.get(..file.len().checked_sub(8)?)?;
    let (strings, _) = table(body, MAGIC)?;
    let mut d = Decoder::new(body.get(at..)?, &strings);
    let count = d.count()?;
    let mut known = HashMap::with_capacity(count);
    for _ in 0..count {
        let oid = d.oid()?;
        known.insert(oid, decode_changes(&mut d)?);
    }
    let order = (0..d.count()?)
        .map(|_| d.oid())
        .collect::<Option<Vec<_>>>()?;
    d.is_empty().then_some((known, order))
}
