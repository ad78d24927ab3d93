//! Publishing a folder in one step: a new build is made in a fresh sibling of the output
//! folder, then the two are exchanged with one `renameat2(RENAME_EXCHANGE)` on Linux, so
//! a reader resolving any path sees the old site or the new one, never a mix. Elsewhere
//! (or on a file system without exchange) two renames: the old folder out of the way,
//! the new one in; a reader may then briefly find no folder, but never a mix.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A file in every folder spex is building and has not published yet: a leftover folder
/// of an interrupted build is recognised by it (or by its `.spex-manifest`, once it
/// held a retired site) and removed by the next build; nothing else is.
pub const STAGING_MARKER: &str = ".spex-staging";

/// A fresh, empty folder beside `out`, named `.<name>.spex-build-<pid>-<n>` so no two
/// runs (nor a folder of the user's) ever share it.
pub fn create_staging(parent: &Path, name: &str) -> io::Result<PathBuf> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = parent.join(format!(
            "{}{}-{n}",
            staging_prefix(name),
            std::process::id()
        ));
        match fs::create_dir(&dir) {
            Ok(()) => {
                fs::write(dir.join(STAGING_MARKER), "")?;
                return Ok(dir);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

fn staging_prefix(name: &str) -> String {
    format!(".{name}.spex-build-")
}

/// Removes folders that interrupted builds into `out` left beside it. Only called with
/// the output's lock held, so none of them belongs to a running build.
pub fn remove_leftovers(parent: &Path, name: &str) {
    let prefix = staging_prefix(name);
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        let ours = entry.file_name().to_string_lossy().starts_with(&prefix)
            && entry.file_type().is_ok_and(|t| t.is_dir())
            && (path.join(STAGING_MARKER).is_file()
                || path.join(super::manifest::MANIFEST).is_file()
                || fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()));
        if ours {
            // `remove_dir_all` removes links inside, never what they point to.
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Puts the folder `staging` in place of `out` in one step, and returns where the old
/// output now is (to be removed by the caller).
pub fn swap_in(staging: &Path, out: &Path) -> io::Result<PathBuf> {
    fs::remove_file(staging.join(STAGING_MARKER))?;
    if exchange(staging, out)? {
        return Ok(staging.to_path_buf());
    }
    rename_in(staging, out)
}

/// The fallback without an atomic exchange: the old folder out of the way, the new one
/// in (put back if that fails).
fn rename_in(staging: &Path, out: &Path) -> io::Result<PathBuf> {
    // A name of this run's own (and a leftover the next build recognises).
    let mut retired = staging.as_os_str().to_owned();
    retired.push("-old");
    let retired = PathBuf::from(retired);
    fs::rename(out, &retired)?;
    if let Err(e) = fs::rename(staging, out) {
        let _ = fs::rename(&retired, out);
        return Err(e);
    }
    Ok(retired)
}

/// Exchanges two folders atomically; `false` when the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swap_publishes_the_new_folder_whole_and_hands_back_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("a.html"), "old").unwrap();
        let staging = create_staging(dir.path(), "site").unwrap();
        fs::write(staging.join("a.html"), "new").unwrap();
        let retired = swap_in(&staging, &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "new");
        assert!(!out.join(STAGING_MARKER).exists());
        assert_eq!(fs::read_to_string(retired.join("a.html")).unwrap(), "old");
    }

    #[test]
    fn the_fallback_renames_publish_the_new_folder_too() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("a.html"), "old").unwrap();
        fs::write(out.join(crate::render::manifest::MANIFEST), "a.html\n").unwrap();
        fs::create_dir(dir.path().join(".site.old")).unwrap();
        let staging = create_staging(dir.path(), "site").unwrap();
        fs::write(staging.join("a.html"), "new").unwrap();
        let retired = rename_in(&staging, &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "new");
        assert_eq!(fs::read_to_string(retired.join("a.html")).unwrap(), "old");
        assert!(
            dir.path().join(".site.old").is_dir(),
            "a folder of the user's"
        );
        remove_leftovers(dir.path(), "site");
        assert!(
            !retired.exists(),
            "the retired folder is recognised as spex's"
        );
    }

    #[test]
    fn only_leftovers_of_spex_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let leftover = create_staging(dir.path(), "site").unwrap();
        let mine = dir.path().join(".site.spex-build-mine");
        fs::create_dir(&mine).unwrap();
        fs::write(mine.join("notes.txt"), "mine").unwrap();
        let other = dir.path().join(".site.staging");
        fs::create_dir(&other).unwrap();
        remove_leftovers(dir.path(), "site");
        assert!(!leftover.exists());
        assert!(mine.join("notes.txt").exists() && other.exists());
    }
}
