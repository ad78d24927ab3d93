//! Where a build may write: the output folder as an absolute, normalised path, and the
//! folders it must never be (the workspace, the current folder, the home folder, `/`),
//! because a build deletes the files it no longer produces inside it.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// `path` made absolute (from the current folder) and normalised: the longest part that
/// exists is canonicalised (so symbolic links and `..` mean what the OS says), and the
/// rest, which does not exist yet, is normalised by hand.
pub fn resolve_dir(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = absolute.as_path();
    let mut tail = Vec::new();
    let base = loop {
        if let Ok(canonical) = existing.canonicalize() {
            break canonical;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                tail.push(Component::Normal(name));
                existing = parent;
            }
            // `..` as the last part of a path that does not exist: keep it for the tail.
            (Some(parent), None) => {
                tail.push(Component::ParentDir);
                existing = parent;
            }
            (None, _) => break PathBuf::from("/"),
        }
    };
    let mut resolved = base;
    for part in tail.into_iter().rev() {
        match part {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => resolved.push(name),
            _ => {}
        }
    }
    Ok(resolved)
}

/// Resolves `out` and refuses a folder that is, or contains, the workspace, the current
/// folder, the home folder or the root: building there would put every file in them at
/// the mercy of the stale-file clean-up.
pub fn guard_out_dir(out: &Path, workspace: &Path) -> Result<PathBuf> {
    let resolved = resolve_dir(out).map_err(|source| Error::Write {
        path: out.to_path_buf(),
        source,
    })?;
    let mut protected = vec![("the workspace", resolve_dir(workspace).ok())];
    protected.push(("the current folder", resolve_dir(Path::new(".")).ok()));
    protected.push((
        "your home folder",
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .and_then(|h| resolve_dir(Path::new(&h)).ok()),
    ));
    for (what, folder) in protected {
        let Some(folder) = folder else { continue };
        if folder.starts_with(&resolved) {
            let relation = if folder == resolved { "is" } else { "contains" };
            return Err(Error::Usage(format!(
                "refusing to build into `{}`: it {relation} {what} (`{}`), and a build deletes files it no longer writes there\n  help: pick an output folder of its own, such as `{}`",
                resolved.display(),
                folder.display(),
                workspace.join("_site").display()
            )));
        }
    }
    if resolved.parent().is_none() {
        return Err(Error::Usage(format!(
            "refusing to build into `{}`: it is the root folder",
            resolved.display()
        )));
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_is_resolved_before_comparing() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws");
        std::fs::create_dir(&ws).unwrap();
        let canonical = dir.path().canonicalize().unwrap();
        assert_eq!(resolve_dir(&ws.join("..")).unwrap(), canonical);
        assert_eq!(
            resolve_dir(&ws.join("new/../site")).unwrap(),
            canonical.join("ws/site")
        );
        assert!(guard_out_dir(&ws.join(".."), &ws).is_err());
        assert!(guard_out_dir(&ws, &ws).is_err());
        assert!(guard_out_dir(&ws.join("./"), &ws).is_err());
        assert!(guard_out_dir(Path::new("/"), &ws).is_err());
        assert_eq!(
            guard_out_dir(&ws.join("_site"), &ws).unwrap(),
            canonical.join("ws/_site")
        );
    }
}
