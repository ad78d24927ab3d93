//! What the preview's overlay may show. Every open page receives it, so it passes the
//! audience policy's filter (see [`Hidden`]): diagnostics in documents hidden from this
//! preview, in their `{.confidential}` sections, or naming their IDs or paths are
//! counted, never quoted. A broken save is judged on its newest parse and its last good
//! version (see `Visibility::shows_broken_save`).

use std::collections::BTreeMap;

use crate::audience::{Hidden, Policy, Visibility};
use crate::compiler::last_good::HeldBack;
use crate::diag::{Diagnostic, Files, Rule, Span, plural};
use crate::model::Workspace;

/// Decides which diagnostics the overlay, which any open page receives, may show.
pub struct OverlayFilter<'p> {
    pub visibility: Visibility,
    /// The last compilation rendered; `None` before the first one.
    pub workspace: Option<&'p Workspace>,
    pub held: &'p BTreeMap<String, HeldBack>,
}

/// Diagnostics cleared for the overlay, and how many were not.
pub struct Shown<'a> {
    diagnostics: Vec<&'a Diagnostic>,
    hidden: usize,
}

impl OverlayFilter<'_> {
    /// The diagnostics the overlay may show, and how many it may not.
    pub fn shown<'a>(&self, diagnostics: &'a [Diagnostic]) -> Shown<'a> {
        let shown = match self.workspace {
            _ if self.visibility.include_confidential => diagnostics.iter().collect(),
            // Nothing compiled yet: no way to tell what is hidden, so nothing is shown.
            None => Vec::new(),
            Some(ws) => {
                let visibility = self.visibility;
                // A broken save is hidden when its last good version is, or when its
                // newest parse is (it may have just been made confidential). Both are
                // listed, so either's ID counts as hidden.
                let held = self.held.iter().flat_map(|(path, held)| {
                    let old = ws.index_of_path(path).map(|i| &*ws.docs[i]);
                    let shown = visibility.shows_broken_save(old, &held.doc);
                    // (Only the newest parse's sections: the diagnostics point into it.)
                    std::iter::once((&*held.doc, shown))
                        .chain(old.filter(|_| !shown).map(|d| (d, false)))
                });
                let others = ws
                    .docs
                    .iter()
                    .filter(|d| !self.held.contains_key(&d.path))
                    .map(|d| (&**d, visibility.shows(d)));
                Hidden::of_docs(held.chain(others), &visibility).shown(diagnostics)
            }
        };
        Shown {
            hidden: diagnostics.len() - shown.len(),
            diagnostics: shown,
        }
    }

    /// A message without a span, unless it names a hidden document.
    pub fn shown_message(&self, message: String) -> String {
        // A carrier for the visibility filter, never shown: any rule does.
        let as_diagnostic = [Diagnostic::new(
            Rule::Template,
            message.clone(),
            Span::file_start(String::new()),
        )];
        // An error names files by path ("two pages claim …"): the filter looks for hidden
        // documents' paths in messages too.
        if self.shown(&as_diagnostic).hidden == 0 {
            message
        } else {
            "the site could not be rebuilt; the terminal says why".into()
        }
    }
}

impl Shown<'_> {
    /// The shown diagnostics, then a line counting the others (which `spex check` lists).
    pub fn render(&self, files: &Files, prefix: &str) -> String {
        let mut text = self
            .diagnostics
            .iter()
            .map(|d| crate::diag::human::render(d, files, false, prefix))
            .collect::<Vec<_>>()
            .join("\n\n");
        if self.hidden > 0 {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&format!(
                "{} about documents or sections this preview does not show: the terminal \
                 and `spex check` list them (or serve with --include-confidential)",
                plural(self.hidden, "more diagnostic")
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use super::OverlayFilter;
    use crate::audience::Visibility;
    use crate::config::Config;
    use crate::diag::{Files, Rule};
    use crate::load::FsTree;

    /// A public PRD with an error in the open and one in a confidential section, and a
    /// confidential PRD with an error of its own.
    fn compiled() -> (tempfile::TempDir, crate::Compilation) {
        let dir = tempfile::tempdir().expect("dir");
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write(
            "prds/public.md",
            "---\nid: PRD-1\ntitle: Open\nowner: Ann\n---\nSee [[PRD-9]].\n\n## Deal {.confidential}\nSee [[PRD-8]].\n",
        );
        write(
            "prds/secret.md",
            "---\nid: PRD-3\ntitle: Deal\nowner: Ann\nconfidential: true\n---\nSee [[PRD-7]].\n",
        );
        let tree = FsTree::new(dir.path());
        let compiled =
            crate::Compiler::new(&tree, Arc::new(Config::builtin()), Files::default()).compile();
        (dir, compiled)
    }

    #[test]
    fn only_what_the_site_would_show_is_shown_and_the_rest_counted() {
        let (_dir, compiled) = compiled();
        let unknown: Vec<_> = compiled
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::UnknownReference)
            .cloned()
            .collect();
        assert_eq!(unknown.len(), 3, "{unknown:?}");
        let held = BTreeMap::new();
        let filter = |include_confidential| OverlayFilter {
            visibility: Visibility {
                include_confidential,
            },
            workspace: Some(&compiled.workspace),
            held: &held,
        };
        let text = filter(false).shown(&unknown).render(&compiled.files, "");
        assert!(text.contains("PRD-9"), "{text}");
        assert!(!text.contains("PRD-8") && !text.contains("PRD-7"), "{text}");
        assert!(text.contains("2 more diagnostics"), "{text}");
        assert_eq!(filter(true).shown(&unknown).hidden, 0);

        let error = "two pages claim prd/x.html: prds/secret.md and prds/public.md".to_owned();
        assert!(
            !filter(false)
                .shown_message(error.clone())
                .contains("secret")
        );
        assert_eq!(filter(true).shown_message(error.clone()), error);
    }
}
