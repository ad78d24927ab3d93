//! Where a new document goes: the kind's `file_name:` template from spex.yaml when it has
//! one (the same template `file-name` checks), else the naming convention read from the
//! documents it already has (the folder and name style of the newest one), else its
//! first path glob (`prds/**` → `prds/`), with `<ID>-<title slug>.md` as the name.

use super::NextId;
use super::next_id::number_of;
use crate::config::{IdFormat, KindSpec};
use crate::model::Workspace;

/// Longest title slug in a file name: long enough to recognise, short enough for a tab.
const MAX_SLUG_CHARS: usize = 60;

/// The workspace-relative path for a new document of `kind` with this ID and title.
pub fn new_file_path(
    ws: &Workspace,
    kind: &KindSpec,
    next: &NextId,
    title: Option<&str>,
) -> String {
    let id = next.id.as_str();
    if kind.id.format == IdFormat::Path {
        // The ID is the path: planned by `next_path_id`, or given with `--id`.
        return format!("{id}.md");
    }
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
    let slug = title.map(slug).filter(|s| !s.is_empty());
    let (folder, id_only) = match newest {
        Some(doc) => {
            let (folder, file) = doc.path.rsplit_once('/').unwrap_or(("", &doc.path));
            let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
            if kind.file_name.is_none()
                && let Some(name) = renumbered(kind, doc, stem, next, slug.as_deref())
            {
                return match folder.is_empty() {
                    true => format!("{name}.md"),
                    false => format!("{folder}/{name}.md"),
                };
            }
            (folder.to_owned(), doc.id.as_deref() == Some(stem))
        }
        None => (folder_of(kind), false),
    };
    if let Some(template) = &kind.file_name {
        let name = from_template(template, kind, next, slug.as_deref());
        // With a `/` the template is the path from the workspace root.
        return match folder.is_empty() || template.contains('/') {
            true => name,
            false => format!("{folder}/{name}"),
        };
    }
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

/// The newest file's name with its number made the new one, padded alike, and any text
/// after the number made the new title's slug: `rfc-0002` → `rfc-0003`,
/// `PRD-020-instant-exchanges` → `PRD-021-shipping-insurance`. `None` when the name does
/// not carry the document's number.
fn renumbered(
    kind: &KindSpec,
    newest: &crate::model::Document,
    stem: &str,
    next: &NextId,
    slug: Option<&str>,
) -> Option<String> {
    let (old, _) = number_of(kind, newest.id.as_deref()?)?;
    let (new, _) = number_of(kind, &next.id)?;
    let bytes = stem.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let end = at
            + bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        if end > at && stem[at..end].parse::<u64>().ok() == Some(old) {
            let width = end - at;
            let rest = &stem[end..];
            let rest = match (rest.chars().next(), slug) {
                (Some(sep @ ('-' | '_' | '.')), Some(slug)) => format!("{sep}{slug}"),
                (Some(_), Some(slug)) => format!("-{slug}"),
                // No title, or a name that is only the number: the number alone.
                _ => String::new(),
            };
            return Some(format!("{}{new:0width$}{rest}", &stem[..at]));
        }
        at = end.max(at + 1);
    }
    None
}

/// The ID (its path without `.md`) of a new document of a kind identified by its path,
/// named like the kind's files in the folder of the newest: numbered when they are
/// (`docs/decisions/0004-use-kafka` after `0003-use-postgres`, MADR's convention), else
/// the title's slug (`proposals/sig-node/pod-overhead`).
pub fn next_path_id(ws: &Workspace, kind: &KindSpec, title: Option<&str>) -> NextId {
    let slug = title
        .map(slug)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "untitled".into());
    let paths: Vec<&str> = ws
        .docs
        .iter()
        .filter(|d| d.kind_name() == Some(kind.name.as_str()))
        .map(|d| d.path.as_str())
        .collect();
    let folder = paths
        .iter()
        .max()
        .map_or_else(|| folder_of(kind), |p| parent(p).to_owned());
    // The highest leading number of a file name in that folder, and its width.
    let numbered = paths
        .iter()
        .filter(|p| parent(p) == folder)
        .filter_map(|p| {
            let name = &p[p.rfind('/').map_or(0, |at| at + 1)..];
            let digits = &name[..name.bytes().take_while(u8::is_ascii_digit).count()];
            Some((digits.parse::<u64>().ok()?, digits.len()))
        })
        .max();
    let join = |stem: &str| match folder.is_empty() {
        true => stem.to_owned(),
        false => format!("{folder}/{stem}"),
    };
    let numbered_id = |(n, width): (u64, usize)| join(&format!("{:0width$}-{slug}", n + 1));
    let id = match numbered {
        Some(highest) => numbered_id(highest),
        None => {
            // A first document: plain, unless the kind's globs want a number (`[0-9]*.md`).
            let plain = join(&slug);
            match kind.paths.is_match(format!("{plain}.md")) {
                true => plain,
                false => numbered_id((0, 4)),
            }
        }
    };
    NextId {
        value: id.clone(),
        id,
    }
}

/// The folder of a workspace path (`""` at the root).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// A `file_name:` template filled in: `{id}` is the ID as the front matter writes it
/// (what `file-name` compares), `{n}` its number as the ID pads it, and `*` the title's
/// slug.
fn from_template(template: &str, kind: &KindSpec, next: &NextId, slug: Option<&str>) -> String {
    let number = number_of(kind, &next.id)
        .map(|(n, width)| format!("{n:0width$}"))
        .unwrap_or_else(|| next.value.clone());
    let name = template
        .replace("{id}", &next.value)
        .replace("{n}", &number);
    // `*` is required text, even if any: a name like `8-.md` would pass the check but
    // reads as a mistake, so an untitled document is named `untitled` there.
    name.replacen('*', slug.unwrap_or("untitled"), 1)
        .replace('*', "")
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
