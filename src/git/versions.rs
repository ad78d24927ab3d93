//! What each version of a document says, as the history walk reads it: the fingerprint
//! (`model::Fingerprint`) of a file's blob, read and worked out once per blob however
//! many commits and parents show it.

use std::collections::HashMap;
use std::sync::Arc;

use git2::{Oid, Repository};

use crate::model::{Fingerprint, fingerprint};

/// Fingerprints by blob, for one walk.
#[derive(Default)]
pub(super) struct Versions {
    seen: HashMap<Oid, Arc<Fingerprint>>,
}

impl Versions {
    /// The fingerprint of `blob`; `Err` when git cannot read it (the walk decides
    /// whether that is a missing object it can skip).
    pub fn of(&mut self, repo: &Repository, blob: Oid) -> Result<Arc<Fingerprint>, git2::Error> {
        if let Some(known) = self.seen.get(&blob) {
            return Ok(Arc::clone(known));
        }
        let found = repo.find_blob(blob)?;
        let version = Arc::new(fingerprint(&String::from_utf8_lossy(found.content())));
        self.seen.insert(blob, Arc::clone(&version));
        Ok(version)
    }
}
