//! What a new build keeps from the output it replaces: its own unchanged pages and every
//! file spex did not write (a `CNAME`, notes), put into the new folder as hard links, so
//! nothing is copied and unchanged files keep their inode and modification time. Stale
//! pages of the previous build stay behind, and so does a link where this build writes
//! a page or a folder of pages: the pages replace it. Links are never followed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::manifest::MANIFEST;

/// What a path in the previous output was, as found without following links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Link,
}

/// Everything under `out`, links not followed. An unreadable entry is an error: the new
/// folder must not silently lose a file of the old one.
pub fn scan(out: &Path) -> io::Result<BTreeMap<PathBuf, Kind>> {
    let mut old = BTreeMap::new();
    if fs::symlink_metadata(out).is_err() {
        return Ok(old);
    }
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let kind = if entry.file_type().is_dir() {
            Kind::Dir
        } else if entry.file_type().is_symlink() {
            Kind::Link
        } else {
            Kind::File
        };
        let rel = entry.path().strip_prefix(out).map_err(io::Error::other)?;
        old.insert(rel.to_path_buf(), kind);
    }
    Ok(old)
}

/// The plan: what to carry over, and what stays behind.
pub struct CarryOver<'a> {
    keep: Vec<(&'a Path, Kind)>,
    /// Stale files of an earlier build left behind.
    pub removed: usize,
    /// Links where this build writes pages, left behind (replaced by the pages).
    pub replaced: bool,
}

/// Decides, without touching the disk, what the new folder keeps from `old`. A file spex
/// did not write that is in the way of a page is an error (never dropped silently).
pub fn plan_carry_over<'a>(
    old: &'a BTreeMap<PathBuf, Kind>,
    previous: &BTreeSet<String>,
    produced: &BTreeSet<String>,
    changed: &BTreeSet<String>,
) -> Result<CarryOver<'a>, (&'a Path, io::Error)> {
    let produced_files: BTreeSet<&Path> = produced.iter().map(Path::new).collect();
    let produced_dirs: BTreeSet<&Path> = produced_files
        .iter()
        .flat_map(|p| p.ancestors().skip(1))
        .filter(|d| !d.as_os_str().is_empty())
        .collect();
    let holding: BTreeSet<&Path> = old.keys().filter_map(|rel| rel.parent()).collect();
    let mut plan = CarryOver {
        keep: Vec::new(),
        removed: 0,
        replaced: false,
    };
    for (rel, &kind) in old {
        let rel = rel.as_path();
        let text = rel.to_str();
        if text == Some(MANIFEST) {
            continue;
        }
        let is_produced = produced_files.contains(rel);
        let is_listed = text.is_some_and(|t| previous.contains(t));
        match kind {
            // A folder with anything in it is made when something is carried into it,
            // so a folder of stale pages goes with them; an empty one is kept.
            Kind::Dir if is_produced || holding.contains(rel) => {}
            Kind::Link if is_produced || produced_dirs.contains(rel) => plan.replaced = true,
            Kind::Link if is_listed => plan.removed += 1,
            Kind::File if text.is_some_and(|t| changed.contains(t)) => {}
            Kind::File if is_listed && !is_produced => plan.removed += 1,
            Kind::Dir => plan.keep.push((rel, kind)),
            Kind::File | Kind::Link => {
                let clash = produced_dirs.contains(rel)
                    || rel.ancestors().skip(1).any(|a| produced_files.contains(a));
                if clash {
                    return Err((
                        rel,
                        io::Error::other(
                            "a file spex did not write is in the way of a page; move it and build again",
                        ),
                    ));
                }
                plan.keep.push((rel, kind));
            }
        }
    }
    Ok(plan)
}

impl CarryOver<'_> {
    /// Puts what the plan keeps from `out` into `staging`.
    pub fn apply(&self, out: &Path, staging: &Path) -> Result<(), (PathBuf, io::Error)> {
        let mut made: BTreeSet<&Path> = BTreeSet::new();
        for &(rel, kind) in &self.keep {
            let target = staging.join(rel);
            let fail = |e| (target.clone(), e);
            if kind == Kind::Dir {
                fs::create_dir_all(&target).map_err(fail)?;
                continue;
            }
            if let Some(dir) = rel.parent().filter(|d| !d.as_os_str().is_empty())
                && made.insert(dir)
            {
                fs::create_dir_all(staging.join(dir)).map_err(fail)?;
            }
            link_into(&out.join(rel), &target, kind).map_err(fail)?;
        }
        Ok(())
    }
}

/// Puts `from` at `to` without copying bytes: a hard link for a file (a copy where the
/// file system has none), the same target for a symbolic link (never followed).
fn link_into(from: &Path, to: &Path, kind: Kind) -> io::Result<()> {
    if kind == Kind::Link {
        #[cfg(unix)]
        return std::os::unix::fs::symlink(fs::read_link(from)?, to);
        #[cfg(not(unix))]
        return fs::copy(from, to).map(|_| ());
    }
    fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(|_| ()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn user_files_are_kept_stale_pages_left_and_clashes_refused() {
        let old: BTreeMap<PathBuf, Kind> = [
            ("CNAME", Kind::File),
            ("a.html", Kind::File),
            ("old.html", Kind::File),
            ("prd", Kind::Link),
            ("empty", Kind::Dir),
        ]
        .into_iter()
        .map(|(p, k)| (PathBuf::from(p), k))
        .collect();
        let previous = set(&["a.html", "old.html"]);
        let produced = set(&["a.html", "prd/PRD-1.html"]);
        let plan = plan_carry_over(&old, &previous, &produced, &set(&["prd/PRD-1.html"])).unwrap();
        let kept: Vec<&Path> = plan.keep.iter().map(|(p, _)| *p).collect();
        assert_eq!(
            kept,
            [Path::new("CNAME"), Path::new("a.html"), Path::new("empty")]
        );
        assert_eq!(plan.removed, 1);
        assert!(plan.replaced, "the link where pages go is left behind");

        // A page where a folder of the user's notes is: refused, nothing dropped.
        let old: BTreeMap<PathBuf, Kind> = [("notes", Kind::Dir), ("notes/mine.txt", Kind::File)]
            .into_iter()
            .map(|(p, k)| (PathBuf::from(p), k))
            .collect();
        let produced = set(&["notes"]);
        let refused = plan_carry_over(&old, &set(&[]), &produced, &produced).err();
        assert_eq!(refused.map(|(p, _)| p), Some(Path::new("notes/mine.txt")));
    }
}
