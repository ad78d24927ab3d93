//! Change impact: which diagnostics a change since a base revision is answerable for.
//! `spex check --changed-since` reports every diagnostic in the changed documents, and
//! in the others only those the base did not have: a reference the change broke, and
//! just as much a warning it caused elsewhere (a dependency now due after its
//! dependant, a link to a deprecated document).

use std::collections::{BTreeSet, HashSet};
use std::ops::Range;

use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Rule};

/// The documents changed since a base, and what the base already reported.
pub struct Impact {
    changed: BTreeSet<String>,
    /// The base's diagnostics, by what identifies one in a file the change left alone.
    before: HashSet<Key>,
}

/// A diagnostic in an unchanged file: the same rule at the same bytes with the same
/// message is the same finding. The message is part of it because it names what was
/// found (a dependency's quarter, another document's status), which the change may alter.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    rule: Rule,
    file: String,
    range: Range<usize>,
    message: String,
}

impl Key {
    fn of(d: &Diagnostic) -> Key {
        Key {
            rule: d.rule,
            file: d.primary.file.clone(),
            range: d.primary.range.clone(),
            message: d.message.clone(),
        }
    }
}

impl Impact {
    /// The impact of changing the workspace-relative paths `changed`, given the base's
    /// diagnostics (compiled with the same configuration and history). `None` means
    /// everything: spex.yaml changed, so every document may be affected.
    pub fn new(changed: Vec<String>, base: &[Diagnostic]) -> Option<Impact> {
        if changed.iter().any(|p| p == CONFIG_FILE) {
            return None;
        }
        let changed: BTreeSet<String> = changed.into_iter().collect();
        let before = base
            .iter()
            .filter(|d| !changed.contains(&d.primary.file))
            .map(Key::of)
            .collect();
        Some(Impact { changed, before })
    }

    /// Whether the change is answerable for `d`: it is in a changed file, or it is new.
    pub fn keeps(&self, d: &Diagnostic) -> bool {
        self.changed.contains(&d.primary.file) || !self.before.contains(&Key::of(d))
    }
}
