//! The built-in files, embedded in the binary so spex works from any folder with nothing
//! beside it: the one list of every file under `templates/`. Renderers and the preview
//! server read these lists; nothing else calls `include_str!` on `templates/`.
//!
//! Each list is one folder of `templates/`, and an entry's name is its path inside that
//! folder. Names are public: a workspace's own `templates/doc.html` overrides the site's
//! `doc.html` and `templates/digest-sales.md` the sales digest (see `markup::templates`), so
//! moving a file between folders here must not rename it.

/// One folder of `templates/` and the files embedded from it.
pub struct EmbeddedDir {
    /// The folder, relative to `templates/`.
    pub dir: &'static str,
    /// (name: the path inside `dir`, text)
    pub files: &'static [(&'static str, &'static str)],
}

/// Embeds `templates/<dir>/<name>` for each name; the path is built from the same two
/// literals the entry is named by, so a name and its file cannot drift apart.
macro_rules! embed_dir {
    ($dir:literal: $($name:literal),* $(,)?) => {
        EmbeddedDir {
            dir: $dir,
            files: &[$((
                $name,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/", $dir, "/", $name)),
            )),*],
        }
    };
}

/// The site's Tera templates (`spex build`, `spex serve`), overridable by name.
pub const SITE_TEMPLATES: EmbeddedDir = embed_dir!("site":
    "base.html",
    "components.html",
    "home.html",
    "doc.html",
    "kind.html",
    "roadmap.html",
    "timeline.html",
    "graph.html",
    "priorities.html",
    "taxonomy.html",
    "term.html",
    "search.html",
    "404.html",
    "feed.xml",
);

/// The digests' Tera templates (`spex digest`), overridable by name.
pub const DIGEST_TEMPLATES: EmbeddedDir = embed_dir!("digest":
    "digest-components.md",
    "digest-engineering.md",
    "digest-sales.md",
    "digest-leadership.md",
    "digest.md",
    "digest.html",
);

/// Files every site carries as they are, named by their path in the output folder.
pub const SITE_ASSETS: EmbeddedDir = embed_dir!("static": "assets/spex.css", "assets/spex.js", "assets/search.js", "assets/favicon.svg");

/// The live-reload script. Not a site asset: `spex serve` answers it at its own path and
/// adds it to the pages it serves, and `spex build` output never carries it.
pub const LIVE_RELOAD: EmbeddedDir = embed_dir!("static": "live.js");

/// What `spex init` writes, named by the path it gets in the new workspace. `--bare`
/// writes only the files [`is_starter_config`] accepts.
pub const INIT_STARTERS: EmbeddedDir = embed_dir!("init":
    "spex.yaml",
    ".github/workflows/spex.yml",
    "vision/VIS-001-our-product-vision.md",
    "objectives/OBJ-001-first-objective.md",
    "prds/PRD-001-first-feature.md",
    "roadmaps/RM-001-roadmap.md",
);

/// Whether an init starter is configuration (kept by `spex init --bare`), not a document.
pub fn is_starter_config(name: &str) -> bool {
    !name.ends_with(".md")
}

/// `spex new`'s starter per built-in kind, and `default.md` for the others (Tera, with
/// the new document's ID, title and owner). A workspace's `templates/new/<kind>.md`
/// replaces one.
pub const NEW_TEMPLATES: EmbeddedDir = embed_dir!("new":
    "default.md",
    "vision.md",
    "objective.md",
    "prd.md",
    "roadmap.md",
    "decision.md",
    "release.md",
);

/// The folders of Tera templates, each loaded by its own engine.
pub const TEMPLATE_DIRS: &[&EmbeddedDir] = &[&SITE_TEMPLATES, &DIGEST_TEMPLATES];

/// Every list above, for the test that the lists and the folder agree.
pub const ALL: &[&EmbeddedDir] = &[
    &SITE_TEMPLATES,
    &DIGEST_TEMPLATES,
    &SITE_ASSETS,
    &LIVE_RELOAD,
    &INIT_STARTERS,
    &NEW_TEMPLATES,
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// Paths relative to `templates/`, with `/` separators.
    fn on_disk() -> BTreeSet<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        walkdir::WalkDir::new(&root)
            .into_iter()
            .map(|entry| entry.expect("templates/ is readable"))
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                let rel = entry.path().strip_prefix(&root).expect("under templates/");
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .collect()
    }

    fn embedded() -> Vec<String> {
        ALL.iter()
            .flat_map(|d| d.files.iter().map(|(name, _)| format!("{}/{name}", d.dir)))
            .collect()
    }

    #[test]
    fn every_file_under_templates_is_embedded_and_every_embedded_file_exists() {
        let disk = on_disk();
        let embedded = embedded();
        let unique: BTreeSet<String> = embedded.iter().cloned().collect();
        assert_eq!(unique.len(), embedded.len(), "a file is embedded twice");
        let not_embedded: Vec<_> = disk.difference(&unique).collect();
        let missing: Vec<_> = unique.difference(&disk).collect();
        assert!(
            not_embedded.is_empty() && missing.is_empty(),
            "under templates/ but not embedded: {not_embedded:?}; embedded but not on disk: {missing:?}"
        );
    }

    #[test]
    fn override_names_are_unique_across_template_folders() {
        // Both engines read the one `templates/` folder of a workspace, by name alone: a
        // site and a digest template with the same name could not be overridden apart.
        let mut names = BTreeSet::new();
        for dir in TEMPLATE_DIRS {
            for (name, _) in dir.files {
                assert!(names.insert(*name), "`{name}` is in two template folders");
            }
        }
    }
}
