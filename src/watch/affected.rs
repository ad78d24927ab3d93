//! Which document pages a change touches: the changed documents, the ones that refer to
//! them (their links show the changed title and status), and the ones they refer to
//! (their "Referenced by" lists change), before and after the change.

use std::collections::BTreeSet;

use crate::model::Workspace;

pub fn affected_documents(
    before: Option<&Workspace>,
    after: &Workspace,
    changed: &BTreeSet<String>,
) -> Vec<String> {
    let mut out: BTreeSet<String> = changed.clone();
    for ws in before.into_iter().chain(std::iter::once(after)) {
        for path in changed {
            let Some(idx) = ws.index_of_path(path) else {
                continue;
            };
            let doc = &ws.docs[idx];
            out.extend(
                doc.refs
                    .iter()
                    .filter_map(|r| ws.by_id(&r.target))
                    .map(|d| d.path.clone()),
            );
            // Backlinks before and after cover a changed ID too: the documents whose
            // references the old ID satisfied, and those the new one satisfies now.
            out.extend(
                ws.backlinks[idx]
                    .iter()
                    .map(|b| ws.docs[b.from].path.clone()),
            );
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::diag::Files;
    use crate::load::FsTree;
    use std::sync::Arc;

    fn compile(root: &std::path::Path) -> Workspace {
        crate::Compiler::new(
            FsTree::new(root),
            Arc::new(Config::builtin()),
            Files::default(),
        )
        .compile()
        .workspace
    }

    fn write(root: &std::path::Path, rel: &str, id: &str, body: &str) {
        let text = format!("---\nid: {id}\ntitle: {rel}\nowner: X\n---\n{body}\n");
        std::fs::create_dir_all(root.join("prds")).unwrap();
        std::fs::write(root.join(rel), text).unwrap();
    }

    #[test]
    fn a_changed_id_touches_its_old_and_new_referrers_and_its_targets() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "prds/old.md", "PRD-1", "Uses [[PRD-2]].");
        write(root, "prds/new.md", "PRD-4", "Waits for [[PRD-3]].");
        write(root, "prds/target.md", "PRD-5", "Nothing.");
        write(root, "prds/other.md", "PRD-6", "Unrelated.");
        write(root, "prds/b.md", "PRD-2", "See [[PRD-5]].");
        let before = compile(root);
        write(root, "prds/b.md", "PRD-3", "See [[PRD-5]].");
        let after = compile(root);
        let changed = BTreeSet::from(["prds/b.md".to_owned()]);
        assert_eq!(
            affected_documents(Some(&before), &after, &changed),
            ["prds/b.md", "prds/new.md", "prds/old.md", "prds/target.md"]
        );
    }
}
