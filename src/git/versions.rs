//! What each version of a document says: the fingerprint (`model::Fingerprint`) of a
//! file's blob. A blob's id names its text, so a fingerprint is worked out once per
//! blob, ever: the walk only notes which blob each version is, the fingerprints of
//! blobs not seen before are worked out after it (on every core), and the history cache
//! keeps them by blob for later runs.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use git2::{Oid, Repository};
use rayon::prelude::*;

use crate::model::{Fingerprint, fingerprint};

/// Below this many new blobs, opening a repository per thread costs more than it saves.
const PARALLEL_FROM: usize = 64;

/// Fingerprints by blob.
#[derive(Default)]
pub(super) struct Fingerprints {
    known: HashMap<Oid, Arc<Fingerprint>>,
}

impl Fingerprints {
    pub fn new(known: HashMap<Oid, Arc<Fingerprint>>) -> Fingerprints {
        Fingerprints { known }
    }

    pub fn get(&self, blob: Oid) -> Option<&Arc<Fingerprint>> {
        self.known.get(&blob)
    }

    /// Works out the fingerprints of `blobs` not known yet. Returns the blobs git could
    /// not read, with why, in the order of `blobs` (the caller decides whether each is a
    /// missing object it can do without).
    pub fn add(&mut self, repo: &Repository, blobs: &[Oid]) -> Vec<(Oid, git2::Error)> {
        let mut new: Vec<Oid> = blobs
            .iter()
            .copied()
            .filter(|b| !self.known.contains_key(b))
            .collect();
        // One blob may be several documents' version (a copy, a revert).
        let mut seen = std::collections::HashSet::new();
        new.retain(|b| seen.insert(*b));
        let read: Vec<(Oid, Result<Fingerprint, git2::Error>)> = if new.len() < PARALLEL_FROM {
            new.iter().map(|&b| (b, read_one(repo, b))).collect()
        } else {
            read_in_parallel(repo.path(), &new)
        };
        let mut failed = Vec::new();
        for (blob, result) in read {
            match result {
                Ok(f) => {
                    self.known.insert(blob, Arc::new(f));
                }
                Err(e) => failed.push((blob, e)),
            }
        }
        failed
    }

    /// The fingerprints of `blobs` (all known), for the cache file.
    pub fn of<'a>(
        &'a self,
        blobs: impl Iterator<Item = Oid> + 'a,
    ) -> impl Iterator<Item = (Oid, &'a Fingerprint)> + 'a {
        blobs.filter_map(|b| self.known.get(&b).map(|f| (b, f.as_ref())))
    }
}

fn read_one(repo: &Repository, blob: Oid) -> Result<Fingerprint, git2::Error> {
    let found = repo.find_blob(blob)?;
    Ok(fingerprint(&String::from_utf8_lossy(found.content())))
}

/// Reads and fingerprints `blobs` on every core, each thread with its own repository
/// (git2's is not `Sync`), keeping their order.
fn read_in_parallel(git_dir: &Path, blobs: &[Oid]) -> Vec<(Oid, Result<Fingerprint, git2::Error>)> {
    let chunk = blobs
        .len()
        .div_ceil(rayon::current_num_threads().max(1) * 4);
    blobs
        .par_chunks(chunk.max(1))
        .flat_map_iter(|chunk| {
            let repo = Repository::open(git_dir);
            chunk
                .iter()
                .map(|&b| {
                    let result = match &repo {
                        Ok(repo) => read_one(repo, b),
                        Err(e) => Err(git2::Error::new(e.code(), e.class(), e.message())),
                    };
                    (b, result)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
