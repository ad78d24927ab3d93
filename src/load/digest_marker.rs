//! The `.spex-digests` file `spex digest` keeps in each folder it writes digests into:
//! the names of the digests it wrote there. Listed files are never read as documents
//! (a confidential digest must not become a page), and they are the only files a later
//! `spex digest` may overwrite. Everything else in the folder is read as usual, so a
//! marker can never hide a document.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Rule, Span};

/// The marker's file name inside a digest folder.
pub const DIGESTS_MARKER: &str = ".spex-digests";

const HEADER: &str = "# Written by `spex digest`: the digests it wrote in this folder, one a line.\n# spex never reads them as documents, and overwrites no other file here.\n";

/// What a marker says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestMarker {
    /// The names of the digests spex wrote in the folder.
    Listed(BTreeSet<String>),
    /// A marker without a list (written by an older spex, or by hand): it covers only
    /// files named like digests (`digest-<audience>.<md|html|json>`).
    Legacy,
}

impl DigestMarker {
    /// Reads a marker's text.
    pub fn parse(text: &str) -> DigestMarker {
        if !text.starts_with("# Written by `spex digest`") {
            return DigestMarker::Legacy;
        }
        DigestMarker::Listed(
            text.lines()
                .filter(|line| !line.starts_with('#') && is_plain_name(line))
                .map(str::to_owned)
                .collect(),
        )
    }

    /// Whether `name` (a file directly in the marked folder) is a digest spex wrote.
    pub fn covers(&self, name: &str) -> bool {
        match self {
            DigestMarker::Listed(names) => names.contains(name),
            DigestMarker::Legacy => name.strip_prefix("digest-").is_some_and(|rest| {
                [".md", ".html", ".json"]
                    .iter()
                    .any(|ext| rest.len() > ext.len() && rest.ends_with(ext))
            }),
        }
    }

    /// The marker's text with `name` added to the digests it lists.
    pub fn text_with(&self, name: &str) -> String {
        let mut names = match self {
            DigestMarker::Listed(names) => names.clone(),
            DigestMarker::Legacy => BTreeSet::new(),
        };
        names.insert(name.to_owned());
        let mut text = HEADER.to_owned();
        for name in names {
            text.push_str(&name);
            text.push('\n');
        }
        text
    }
}

/// A file name with no folder part: a marker can only speak for its own folder.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\'])
}

/// `files` (workspace paths, `/`-separated) without the digests their folders' markers
/// list. `marker_of(dir)` reads the marker of a folder (`""` is the workspace root).
/// A marker without a list in a folder that holds documents gets a warning saying the
/// documents are read: older spex versions hid such folders whole.
pub fn drop_digests(
    files: Vec<String>,
    marker_of: impl Fn(&str) -> Option<Vec<u8>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut markers: BTreeMap<String, Option<DigestMarker>> = BTreeMap::new();
    let mut warned = BTreeSet::new();
    let mut kept = Vec::with_capacity(files.len());
    for file in files {
        let (dir, name) = file.rsplit_once('/').unwrap_or(("", file.as_str()));
        let marker = markers.entry(dir.to_owned()).or_insert_with(|| {
            marker_of(dir).map(|bytes| DigestMarker::parse(&String::from_utf8_lossy(&bytes)))
        });
        let Some(marker) = marker else {
            kept.push(file);
            continue;
        };
        if marker.covers(name) {
            continue;
        }
        if *marker == DigestMarker::Legacy
            && super::is_markdown(name)
            && warned.insert(dir.to_owned())
        {
            let path = if dir.is_empty() {
                DIGESTS_MARKER.to_owned()
            } else {
                format!("{dir}/{DIGESTS_MARKER}")
            };
            diagnostics.push(Diagnostic::new(
                Rule::SkippedFile,
                format!(
                    "ignored `{path}`: it marks a folder of digests, but the folder holds documents (`{file}`), so they are read; only files named like digests are skipped"
                ),
                Span::file_start(path.clone()),
            ));
        }
        kept.push(file);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_drops_only_the_digests_it_lists() {
        let text = DigestMarker::Legacy.text_with("digest-sales.md");
        let marker = DigestMarker::parse(&text);
        assert!(marker.covers("digest-sales.md"));
        assert!(!marker.covers("PRD-1.md"));
        assert!(DigestMarker::parse(&marker.text_with("a.md")).covers("a.md"));
        // Lines naming other folders are ignored.
        assert!(!DigestMarker::parse(&format!("{HEADER}../PRD-1.md\n")).covers("../PRD-1.md"));

        let files = vec!["prds/PRD-1.md".into(), "digests/digest-sales.md".into()];
        let mut diagnostics = Vec::new();
        let kept = drop_digests(
            files,
            |dir| (dir == "digests").then(|| text.clone().into_bytes()),
            &mut diagnostics,
        );
        assert_eq!(kept, ["prds/PRD-1.md"]);
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn a_legacy_marker_among_documents_is_ignored_with_a_warning() {
        let files = vec![
            "prds/PRD-1.md".into(),
            "prds/PRD-2.md".into(),
            "prds/digest-sales.md".into(),
        ];
        let mut diagnostics = Vec::new();
        let kept = drop_digests(
            files,
            |dir| (dir == "prds").then(|| b"Written by `spex digest`.\n".to_vec()),
            &mut diagnostics,
        );
        assert_eq!(kept, ["prds/PRD-1.md", "prds/PRD-2.md"]);
        assert_eq!(diagnostics.len(), 1, "one warning per folder");
        assert!(diagnostics[0].message.contains("they are read"));
    }
}
