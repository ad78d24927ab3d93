//! Renaming an ID or moving a document across the whole workspace (`spex mv`; the
//! language server's rename reuses it). In: the compiled `Workspace` and the old and new
//! ID or path. Out: a `RenamePlan`, every changed file's text before and after, planned
//! as byte-range edits over the original texts at the spans the parser recorded (the
//! `id` field, front-matter references in any YAML style, `[[ID]]` links, relative
//! Markdown links and reference definitions), so every other byte stays as it was.
//! Nothing here writes.

mod after;
mod edits;
mod file_name;
mod heading;
mod id_text;
mod links;
#[cfg(test)]
mod tests;

use std::ops::Range;
use std::sync::Arc;

pub use self::after::AfterRename;
use self::edits::{Edits, Overlap};
use self::file_name::renamed_file;
pub use self::heading::{heading_text_range, plan_heading_rename};
use self::id_text::{IdForms, id_edit};
pub use self::links::relative_path;
use self::links::rewritten_dest;
use crate::config::{IdFormat, KindSpec};
use crate::model::{DocIdx, Document, LinkTarget, RefOrigin, Workspace};
use crate::parse::markdown::{LinkDefinition, link_definitions};
use crate::resolve::resolve_link;

/// One file the rename changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The document changed.
    pub doc: DocIdx,
    pub path: String,
    /// Where the file goes: `path` unless the rename moves it.
    pub new_path: String,
    pub before: Arc<str>,
    pub after: String,
}

/// Everything a rename changes, sorted by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenamePlan {
    pub changes: Vec<FileChange>,
}

/// Why a rename cannot be planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    #[error("no document has the ID `{0}`")]
    UnknownId(String),
    #[error("`{id}` is already the ID of `{path}`")]
    IdExists { id: String, path: String },
    #[error("`{id}` is not a {kind} ID: {kind} IDs look like `{pattern}`")]
    BadId {
        id: String,
        kind: String,
        pattern: String,
    },
    #[error("`{0}` has no kind, so its ID cannot be renamed")]
    NoKind(String),
    #[error("`{0}` is not a document in this workspace")]
    UnknownPath(String),
    #[error("`{0}` exists")]
    PathExists(String),
    #[error("`{0}` is not a Markdown path inside the workspace")]
    BadPath(String),
    #[error("`{0}` is already its name")]
    Unchanged(String),
    #[error("cannot rename the heading: {0}")]
    BadHeading(String),
    #[error("two edits of `{path}` overlap at byte {at}")]
    Overlap { path: String, at: usize },
}

impl From<Overlap> for RenameError {
    fn from(o: Overlap) -> Self {
        RenameError::Overlap {
            path: o.path,
            at: o.at,
        }
    }
}

/// Plans renaming the ID `old` to `new` (written as front matter would write it: `PRD-12`,
/// or `RFC-50` / `50` for a kind with integer IDs). A file named after the old ID
/// (`PRD-007-foo.md`, `eip-150.md`, as the kind's `file_name:` says) is renamed after
/// the new one, and links to it follow.
pub fn plan_id_rename(ws: &Workspace, old: &str, new: &str) -> Result<RenamePlan, RenameError> {
    let idx = ws
        .index_of_id(old)
        .or_else(|| by_bare_number(ws, old))
        .ok_or_else(|| RenameError::UnknownId(old.to_owned()))?;
    let doc = &ws.docs[idx];
    let kind = doc
        .kind
        .as_deref()
        .ok_or_else(|| RenameError::NoKind(doc.path.clone()))?;
    let old_forms = forms_of(kind, old).ok_or_else(|| RenameError::UnknownId(old.to_owned()))?;
    let new_forms = forms_of(kind, new.trim()).ok_or_else(|| RenameError::BadId {
        id: new.to_owned(),
        kind: kind.name.clone(),
        pattern: kind
            .id
            .pattern
            .as_ref()
            .map_or_else(|| "a word without spaces".to_owned(), ToString::to_string),
    })?;
    if new_forms.canonical == old_forms.canonical {
        return Err(RenameError::Unchanged(old.to_owned()));
    }
    if let Some(other) = ws.by_id(&new_forms.canonical) {
        return Err(RenameError::IdExists {
            id: new_forms.canonical,
            path: other.path.clone(),
        });
    }

    let mut edits = Edits::default();
    if let Some(span) = &doc.id_span
        && let Some((range, text)) = id_edit(&doc.text, span, &old_forms, &new_forms)
    {
        edits.push(&doc.path, range, text);
    }
    for other in &ws.docs {
        for r in other
            .refs
            .iter()
            .filter(|r| r.target == old_forms.canonical)
        {
            let mut span = r.span.clone();
            if r.origin == RefOrigin::Text {
                // The span may be a repeat of the ID in `[[PRD-7|see PRD-7]]`'s text:
                // the target is what follows the `[[`.
                if let Some(open) = other.text[..span.start].rfind("[[") {
                    span.start = open + 2;
                }
            }
            if let Some((range, text)) = id_edit(&other.text, &span, &old_forms, &new_forms) {
                edits.push(&other.path, range, text);
            }
        }
    }
    let written = doc
        .id_span
        .as_ref()
        .and_then(|span| doc.text.get(span.clone()))
        .map(|w| w.trim().trim_matches(['"', '\'']).trim());
    let new_path = renamed_file(kind, &doc.path, written, &old_forms, &new_forms);
    if let Some(new_path) = &new_path {
        refuse_taken(ws, new_path)?;
        move_edits(ws, idx, new_path, &mut edits);
    }
    plan(
        ws,
        &edits,
        Some((idx, new_path.unwrap_or_else(|| doc.path.clone()))),
    )
}

/// The document a bare number (`150`, as front matter writes an integer ID) names: the
/// one kind with integer IDs that has it; `None` when none or several do.
fn by_bare_number(ws: &Workspace, written: &str) -> Option<DocIdx> {
    let digits = !written.is_empty() && written.bytes().all(|b| b.is_ascii_digit());
    let n: i64 = written.parse().ok().filter(|_| digits)?;
    let mut found = ws
        .config
        .kinds
        .values()
        .filter(|k| k.id.format == IdFormat::Integer)
        .filter_map(|k| ws.index_of_id(&k.display_id(n)));
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// Plans moving the document at `old_path` to `new_path` (both workspace-relative):
/// relative links to it from every document, and its own relative links, are rewritten
/// to reach the same files.
pub fn plan_move(
    ws: &Workspace,
    old_path: &str,
    new_path: &str,
) -> Result<RenamePlan, RenameError> {
    let idx = ws
        .index_of_path(old_path)
        .ok_or_else(|| RenameError::UnknownPath(old_path.to_owned()))?;
    let well_formed = new_path.ends_with(".md")
        && !new_path.starts_with('/')
        && new_path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..");
    if !well_formed {
        return Err(RenameError::BadPath(new_path.to_owned()));
    }
    if new_path == old_path {
        return Err(RenameError::Unchanged(old_path.to_owned()));
    }
    refuse_taken(ws, new_path)?;
    let mut edits = Edits::default();
    move_edits(ws, idx, new_path, &mut edits);
    plan(ws, &edits, Some((idx, new_path.to_owned())))
}

/// The ID's canonical text and, for integer IDs, its bare number; `None` when `id` is not
/// an ID of `kind`.
fn forms_of(kind: &KindSpec, id: &str) -> Option<IdForms> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match (kind.id.format, &kind.id.pattern) {
        (IdFormat::Integer, pattern) => {
            let bare = pattern
                .as_ref()
                .and_then(|p| id.strip_prefix(&p.prefix)?.strip_suffix(&p.suffix))
                .unwrap_or(id);
            let n: i64 = bare.parse().ok().filter(|_| digits(bare))?;
            Some(IdForms {
                canonical: kind.display_id(n),
                number: Some(n.to_string()),
            })
        }
        (IdFormat::String, Some(pattern)) => pattern.matches(id).then(|| IdForms {
            canonical: id.to_owned(),
            number: None,
        }),
        (IdFormat::String, None) => {
            let plain = !id.is_empty()
                && !id.contains(|c: char| c.is_whitespace() || "#|,[]\"'{}:".contains(c));
            plain.then(|| IdForms {
                canonical: id.to_owned(),
                number: None,
            })
        }
        // A document identified by its path is renamed by moving it (`spex mv PATH
        // NEWPATH`), which rewrites the references to it like any move.
        (IdFormat::Path, _) => None,
    }
}

fn refuse_taken(ws: &Workspace, path: &str) -> Result<(), RenameError> {
    if ws.files.contains(path) || ws.index_of_path(path).is_some() {
        return Err(RenameError::PathExists(path.to_owned()));
    }
    Ok(())
}

/// The link edits moving document `idx` to `new_path` needs: links and reference
/// definitions (used or not) to it from every document, and its own relative ones, from
/// its new folder.
fn move_edits(ws: &Workspace, idx: DocIdx, new_path: &str, edits: &mut Edits) {
    let old_path = ws.docs[idx].path.as_str();
    for (i, doc) in ws.docs.iter().enumerate() {
        let from = if i == idx {
            new_path
        } else {
            doc.path.as_str()
        };
        // The destination that reaches from `from` what `dest` (resolved to `target`)
        // reaches now, when it must change.
        let rewrite = |target: &LinkTarget, dest: &str| {
            let LinkTarget::File { path, .. } = target else {
                return None;
            };
            let target = if path == old_path {
                new_path
            } else if i == idx {
                path.as_str()
            } else {
                return None;
            };
            let new = rewritten_dest(from, dest, target);
            (new != dest).then_some(new)
        };
        // A reference-style link's destination is its definition's, edited below.
        for link in doc.links.iter().filter(|l| l.definition.is_none()) {
            if let Some(dest) = rewrite(&link.target, &link.dest)
                && let Some(range) = written_dest(doc, &link.span, &link.dest)
            {
                edits.push(&doc.path, range, dest);
            }
        }
        for (def, target) in definitions(doc) {
            if let Some(dest) = rewrite(&target, &def.dest) {
                edits.push(&doc.path, def.dest_span, dest);
            }
        }
    }
}

/// Where an inline link's destination is written: at its span, unless it is written
/// another way (escaped, say) and cannot be replaced byte for byte.
fn written_dest(doc: &Document, span: &Range<usize>, dest: &str) -> Option<Range<usize>> {
    (doc.text.get(span.clone()) == Some(dest)).then(|| span.clone())
}

/// Every reference definition of `doc`, used by a link or not, with what its destination
/// reaches from the document.
fn definitions(doc: &Document) -> Vec<(LinkDefinition, LinkTarget)> {
    link_definitions(&doc.text, doc.body.clone())
        .into_iter()
        .map(|def| {
            let target = resolve_link(&doc.path, &def.dest);
            (def, target)
        })
        .collect()
}

/// Applies the planned edits, and the move of `moved` (a document and its new path).
fn plan(
    ws: &Workspace,
    edits: &Edits,
    moved: Option<(DocIdx, String)>,
) -> Result<RenamePlan, RenameError> {
    let mut changes = Vec::new();
    let mut paths: Vec<&str> = edits.paths().collect();
    if let Some((idx, _)) = &moved {
        paths.push(&ws.docs[*idx].path);
    }
    paths.sort_unstable();
    paths.dedup();
    for path in paths {
        let Some(idx) = ws.index_of_path(path) else {
            continue;
        };
        let doc = &ws.docs[idx];
        let after = edits.apply(path, &doc.text)?;
        let new_path = match &moved {
            Some((m, to)) if *m == idx => to.clone(),
            _ => path.to_owned(),
        };
        if after != *doc.text || new_path != path {
            changes.push(FileChange {
                doc: idx,
                path: path.to_owned(),
                new_path,
                before: doc.text.clone(),
                after,
            });
        }
    }
    Ok(RenamePlan { changes })
}
