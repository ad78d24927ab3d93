//! Which document a path belongs to at a point in history. The history walk carries one
//! of these from each commit to its parents, so a rename or deletion on one branch does
//! not change what a path means on another.

use std::collections::HashMap;

/// Path at some commit → the document's path today. Only the paths that differ from the
/// identity are stored: renamed ones (`Some(today)`) and ones that belong, at that commit,
/// to a file that is gone by today (`None`). Usually empty, so cheap to share.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathIdentity(HashMap<String, Option<String>>);

impl PathIdentity {
    /// The document `path` is today, or `None` when that file no longer exists.
    pub fn today(&self, path: &str) -> Option<String> {
        match self.0.get(path) {
            Some(today) => today.clone(),
            None => Some(path.to_owned()),
        }
    }

    /// Further back, `path` holds a file that is gone by today.
    pub fn end(&mut self, path: String) {
        self.0.insert(path, None);
    }

    /// Further back, `path` holds the document that is `today` now.
    pub fn set(&mut self, path: String, today: Option<String>) {
        self.0.insert(path, today);
    }

    /// Combines what two children say about their common parent. When they disagree,
    /// a path that still leads to a document wins over one that ended, so an edit is
    /// not lost because another branch deleted or replaced the file; between two live
    /// answers, a rename wins over the default and the first rename seen stays.
    pub fn merge(&mut self, other: &PathIdentity) {
        for (path, today) in &other.0 {
            match (self.0.get(path), today) {
                (None, Some(_)) | (Some(None), Some(_)) => {
                    self.0.insert(path.clone(), today.clone());
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PathIdentity;

    #[test]
    fn unmapped_paths_are_themselves() {
        assert_eq!(PathIdentity::default().today("a.md"), Some("a.md".into()));
    }

    #[test]
    fn merging_keeps_the_branch_where_the_file_lives_on() {
        let mut main = PathIdentity::default();
        main.end("a.md".into());
        let mut feature = PathIdentity::default();
        feature.set("a.md".into(), Some("b.md".into()));
        main.merge(&feature);
        assert_eq!(main.today("a.md"), Some("b.md".into()));

        let mut renamed = feature.clone();
        let mut ended = PathIdentity::default();
        ended.end("a.md".into());
        renamed.merge(&ended);
        assert_eq!(renamed.today("a.md"), Some("b.md".into()), "ended loses");
    }

    #[test]
    fn merging_adds_renames_the_other_branch_made() {
        let mut main = PathIdentity::default();
        let mut feature = PathIdentity::default();
        feature.set("a.md".into(), Some("b.md".into()));
        main.merge(&feature);
        assert_eq!(main.today("a.md"), Some("b.md".into()));
        let mut gone = PathIdentity::default();
        gone.end("c.md".into());
        main.merge(&gone);
        assert_eq!(
            main.today("c.md"),
            Some("c.md".into()),
            "the default is alive"
        );
    }
}
