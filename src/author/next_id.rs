//! The next free ID of a kind: one more than the highest in the workspace, zero-padded
//! like the existing ones (`PRD-020` → `PRD-021`).

use crate::config::{IdFormat, KindSpec};
use crate::model::{Document, Workspace};

/// Width of the number in a kind's first ID when it has none yet: `PRD-001`, as the
/// starters of `spex init` write them.
const FIRST_ID_WIDTH: usize = 3;

/// A new document's ID: as the front matter writes it, and in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextId {
    /// The front-matter value (`PRD-021`, or `43` for an integer kind).
    pub value: String,
    /// The canonical ID (`PRD-021`, `RFC-43`), for file names and messages.
    pub id: String,
}

/// The ID after the highest of `kind` in `ws`; `None` when the kind's IDs are free-form
/// strings (no `{n}` pattern), so there is no number to count up.
pub fn next_id(ws: &Workspace, kind: &KindSpec) -> Option<NextId> {
    next_id_among(ws.docs.iter().map(|d| &**d), kind, &|_| false)
}

/// The ID after the highest of `kind` among `docs` that `taken` does not say is in use:
/// for an output that may not count every document (the MCP server without
/// `--include-confidential`, whose answer would otherwise reveal the number a
/// confidential document took), while the ID it offers still clashes with none.
pub fn next_id_among<'a>(
    docs: impl Iterator<Item = &'a Document>,
    kind: &KindSpec,
    taken: &dyn Fn(&str) -> bool,
) -> Option<NextId> {
    let (max, width) = docs
        .filter(|d| d.kind_name() == Some(kind.name.as_str()))
        .filter_map(|d| d.id.as_deref())
        .filter_map(|id| number_of(kind, id))
        .fold((0, None), |(max, width): (u64, Option<usize>), (n, w)| {
            (max.max(n), Some(width.unwrap_or(0).max(w)))
        });
    (max + 1..)
        .map(|n| numbered(kind, n, width))
        .find(|next| next.as_ref().is_none_or(|next| !taken(&next.id)))?
}

/// The ID numbered `n` of `kind`, with as many digits as `width` (the widest existing
/// ID's); `None` for free-form IDs.
fn numbered(kind: &KindSpec, n: u64, width: Option<usize>) -> Option<NextId> {
    match kind.id.format {
        // A document identified by its path gets its ID from the file name it is given.
        IdFormat::Path => None,
        IdFormat::Integer => Some(NextId {
            value: n.to_string(),
            id: kind.display_id(n as i64),
        }),
        IdFormat::String => {
            let pattern = kind.id.pattern.as_ref()?;
            let digits = format!("{n:0width$}", width = width.unwrap_or(FIRST_ID_WIDTH));
            let id = format!("{}{digits}{}", pattern.prefix, pattern.suffix);
            Some(NextId {
                value: id.clone(),
                id,
            })
        }
    }
}

/// The number in an ID of `kind` and how many digits it is written with.
pub(super) fn number_of(kind: &KindSpec, id: &str) -> Option<(u64, usize)> {
    let digits = match &kind.id.pattern {
        Some(p) => id.strip_prefix(&p.prefix)?.strip_suffix(&p.suffix)?,
        None => id,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, digits.len()))
}
