//! Where a new document goes: the kind's naming convention, read from the documents it
//! already has (the folder and name style of the newest one), else from its first path
//! glob (`prds/**` → `prds/`), with `<ID>-<title slug>.md` as the name.

use super::next_id::number_of;
use crate::config::KindSpec;
use crate::model::Workspace;

/// Longest title slug in a file name: long enough to recognise, short enough for a tab.
const MAX_SLUG_CHARS: usize = 60;

/// The workspace-relative path for a new document of `kind` with this ID and title.
pub fn new_file_path(ws: &Workspace, kind: &KindSpec, id: &str, title: Option<&str>) -> String {
    // The newest document of the kind (the highest number) shows the convention.
    let newest = ws
        .docs
        .iter()
        .filter(|d| d.kind_name() == Some(kind.name.as_str()))
        .filter_map(|d| {
            d.id.as_deref()
                .and_then(|i| number_of(kind, i))
                .map(|n| (n, d))
        })
        .max_by_key(|((n, _), _)| *n)
        .map(|(_, d)| d);
    let (folder, id_only) = match newest {
        Some(doc) => {
            let (folder, file) = doc.path.rsplit_once('/').unwrap_or(("", &doc.path));
            let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
            (folder.to_owned(), doc.id.as_deref() == Some(stem))
        }
        None => (folder_of(kind), false),
    };
    let slug = title.map(slug).filter(|s| !s.is_empty());
    let name = match slug {
        Some(slug) if !id_only => format!("{id}-{slug}.md"),
        _ => format!("{id}.md"),
    };
    if folder.is_empty() {
        name
    } else {
        format!("{folder}/{name}")
    }
}

/// The literal folder a kind's first path glob starts with (`prds/**` → `prds`); the
/// kind's name when it has no path globs (it is then found by its ID pattern).
fn folder_of(kind: &KindSpec) -> String {
    let Some(glob) = kind.path_globs.first() else {
        return kind.name.clone();
    };
    glob.split('/')
        .take_while(|part| !part.contains(['*', '?', '[', '{']))
        .collect::<Vec<_>>()
        .join("/")
}

/// A file-name slug: the heading slug, with runs of `-` folded and trimmed.
fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in crate::parse::slug::slugify(title).chars() {
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        if out.chars().count() == MAX_SLUG_CHARS {
            break;
        }
        out.push(c);
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_dashes_and_drop_punctuation() {
        assert_eq!(slug("Shipping insurance"), "shipping-insurance");
        assert_eq!(slug("Returns: v2 — portal!"), "returns-v2-portal");
        assert_eq!(slug("  -- "), "");
    }
}
