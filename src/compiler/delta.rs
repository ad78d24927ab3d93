//! Which diagnostics a recompile changed, per file: what a language server publishes
//! (only the files whose diagnostics changed) and what `spex watch` could print.

use std::collections::BTreeMap;

use crate::diag::Diagnostic;

/// The diagnostics one file gained and lost.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileDelta {
    pub added: Vec<Diagnostic>,
    pub removed: Vec<Diagnostic>,
}

/// Per file (by the file of each diagnostic's primary span), the diagnostics that came
/// and went; files with no change are absent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DiagnosticsDelta {
    pub files: BTreeMap<String, FileDelta>,
}

impl DiagnosticsDelta {
    /// What changed from `before` to `after`. A diagnostic that moved (a line was
    /// inserted above it) counts as removed at the old place and added at the new one,
    /// which is what an editor must be told.
    pub fn between(before: &[Diagnostic], after: &[Diagnostic]) -> DiagnosticsDelta {
        let before = by_file(before);
        let after = by_file(after);
        let mut files = BTreeMap::new();
        let empty = Vec::new();
        for file in before.keys().chain(after.keys()) {
            if files.contains_key(*file) {
                continue;
            }
            let old = before.get(file).unwrap_or(&empty);
            let new = after.get(file).unwrap_or(&empty);
            if old == new {
                continue;
            }
            let delta = FileDelta {
                added: missing_from(new, old),
                removed: missing_from(old, new),
            };
            files.insert((*file).to_owned(), delta);
        }
        DiagnosticsDelta { files }
    }

    /// Whether no file's diagnostics changed: nothing to publish.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

fn by_file(diagnostics: &[Diagnostic]) -> BTreeMap<&str, Vec<&Diagnostic>> {
    let mut out: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        out.entry(d.primary.file.as_str()).or_default().push(d);
    }
    out
}

/// The diagnostics of `these` that `those` lacks, counting repeats: two identical
/// diagnostics before and one after is one removed.
fn missing_from(these: &[&Diagnostic], those: &[&Diagnostic]) -> Vec<Diagnostic> {
    let mut unmatched: Vec<Option<&Diagnostic>> = those.iter().copied().map(Some).collect();
    let mut out = Vec::new();
    for d in these {
        match unmatched.iter_mut().find(|u| u.is_some_and(|u| u == *d)) {
            Some(slot) => *slot = None,
            None => out.push((*d).clone()),
        }
    }
    out
}
