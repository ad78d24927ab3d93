//! How the history cache writes its values (a `History`, what each commit changed) with
//! the primitives of `cache_codec.rs`. Decoding checks what the walk relies on: commit
//! indices within the list of commits, one diff per parent, a shown commit's details.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use git2::{Delta, Oid};

use super::cache_codec::{Decoder, Encoder};
use super::history::Change;
use super::history_cache::CommitChanges;
use crate::model::{CommitInfo, DocHistory, Fingerprint, GoneDoc, History, Section, Uncommitted};

/// A commit's id is written as its 20 bytes and its short id not at all, when they are
/// what `commit_info` makes of an object id (always, but the file need not rely on it).
fn encode_commit(out: &mut Encoder, c: &CommitInfo) {
    // Lowercase hex of the right length reads back as the same text.
    let is_hex =
        c.id.len() == 2 * 20 && c.id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let oid = (is_hex && c.id.get(..SHORT_ID) == Some(c.short_id.as_str()))
        .then(|| Oid::from_str(&c.id).ok())
        .flatten();
    encode_option(out, oid, Encoder::oid);
    if oid.is_none() {
        out.str(&c.id);
        out.str(&c.short_id);
    }
    out.i64(c.time);
    out.str(&c.date);
    out.str(&c.author);
    out.str(&c.email);
    out.str(&c.subject);
}

fn decode_commit(d: &mut Decoder) -> Option<CommitInfo> {
    let (id, short_id) = match decode_option(d, Decoder::oid)? {
        Some(oid) => {
            let id = hex(oid);
            let short_id = id[..SHORT_ID].to_owned();
            (id, short_id)
        }
        None => (d.str()?, d.str()?),
    };
    Some(CommitInfo {
        id,
        short_id,
        time: d.i64()?,
        date: d.str()?,
        author: d.str()?,
        email: d.str()?,
        subject: d.str()?,
    })
}

/// The length of `CommitInfo::short_id` (see `commit.rs`).
const SHORT_ID: usize = 7;

/// An object id in lowercase hex, as git writes it (without `Display`'s formatting
/// machinery: ten thousand of these are made per cached run).
fn hex(oid: Oid) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(oid.as_bytes().len() * 2);
    for &byte in oid.as_bytes() {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    text
}

/// A set of front-matter fields (see `Fingerprint::fields`).
type Fields = BTreeMap<String, String>;

fn encode_fields(out: &mut Encoder, fields: &Fields) {
    out.usize(fields.len());
    for (key, value) in fields {
        out.str(key);
        out.str(value);
    }
}

fn decode_fields(d: &mut Decoder) -> Option<Arc<Fields>> {
    // Written in key order, so the map is built in one go rather than key by key.
    let fields = (0..d.count()?)
        .map(|_| Some((d.str()?, d.str()?)))
        .collect::<Option<Fields>>()?;
    Some(Arc::new(fields))
}

/// A fingerprint, its fields as their place in the table of field sets.
fn encode_version(out: &mut Encoder, f: &Fingerprint, fields: usize) {
    out.usize(fields);
    out.usize(f.sections.len());
    for (key, section) in &f.sections {
        out.str(key);
        out.u64(section.hash);
        out.u64(section.open_hash);
        out.u64(section.items.into());
        out.usize(section.classes.len());
        for class in &section.classes {
            out.str(class);
        }
        out.u64(section.level.into());
    }
    out.u64(f.body);
}

fn decode_version(d: &mut Decoder, fields: &[Arc<Fields>]) -> Option<Arc<Fingerprint>> {
    let fields = Arc::clone(fields.get(d.usize()?)?);
    let sections = (0..d.count()?)
        .map(|_| {
            let key = d.str()?;
            let section = Section {
                hash: d.u64()?,
                open_hash: d.u64()?,
                items: u32::try_from(d.u64()?).ok()?,
                classes: (0..d.count()?).map(|_| d.str()).collect::<Option<_>>()?,
                level: u8::try_from(d.u64()?).ok()?,
            };
            Some((key, section))
        })
        .collect::<Option<BTreeMap<_, _>>>()?;
    Some(Arc::new(Fingerprint {
        fields,
        sections,
        body: d.u64()?,
    }))
}

/// The fingerprints of blobs, sorted by blob: each written once however many versions
/// (and commits, and runs) share it. Their fields come first, each distinct set once:
/// a document's versions mostly differ in their text, not their front matter.
pub(super) fn encode_fingerprints<'a>(
    out: &mut Encoder,
    table: impl ExactSizeIterator<Item = (Oid, &'a Fingerprint)>,
) {
    let table: Vec<(Oid, &Fingerprint)> = table.collect();
    let mut places: HashMap<&Fields, usize> = HashMap::new();
    let mut sets: Vec<&Fields> = Vec::new();
    let fields: Vec<usize> = table
        .iter()
        .map(|(_, f)| {
            *places.entry(f.fields.as_ref()).or_insert_with(|| {
                sets.push(f.fields.as_ref());
                sets.len() - 1
            })
        })
        .collect();
    out.usize(sets.len());
    for set in sets {
        encode_fields(out, set);
    }
    out.usize(table.len());
    for ((blob, f), fields) in table.into_iter().zip(fields) {
        out.oid(blob);
        encode_version(out, f, fields);
    }
}

/// The fingerprints by blob, and in the order written (what the history's versions
/// point at).
pub(super) fn decode_fingerprints(d: &mut Decoder) -> Option<FingerprintTable> {
    let sets = (0..d.count()?)
        .map(|_| decode_fields(d))
        .collect::<Option<Vec<_>>>()?;
    let count = d.count()?;
    let mut table = FingerprintTable {
        by_blob: HashMap::with_capacity(count),
        in_order: Vec::with_capacity(count),
    };
    for _ in 0..count {
        let blob = d.oid()?;
        let f = decode_version(d, &sets)?;
        table.in_order.push(Arc::clone(&f));
        table.by_blob.insert(blob, f);
    }
    Some(table)
}

/// The fingerprint table of a cache file.
#[derive(Default)]
pub(super) struct FingerprintTable {
    pub by_blob: HashMap<Oid, Arc<Fingerprint>>,
    pub in_order: Vec<Arc<Fingerprint>>,
}

/// A document's versions as places in the fingerprint table, plus one (0: not known).
fn encode_versions(out: &mut Encoder, versions: &[u64]) {
    out.usize(versions.len());
    for &v in versions {
        out.u64(v);
    }
}

fn decode_versions(
    d: &mut Decoder,
    table: &[Arc<Fingerprint>],
) -> Option<Vec<Option<Arc<Fingerprint>>>> {
    (0..d.count()?)
        .map(|_| match d.usize()? {
            0 => Some(None),
            n => table.get(n - 1).map(|f| Some(Arc::clone(f))),
        })
        .collect()
}

fn encode_indices(out: &mut Encoder, indices: &[usize]) {
    out.usize(indices.len());
    for &i in indices {
        out.usize(i);
    }
}

/// Indices into a list of `len` commits; one out of range makes the file unreadable
/// (a `History` indexes with them).
fn decode_indices(d: &mut Decoder, len: usize) -> Option<Vec<usize>> {
    (0..d.count()?)
        .map(|_| d.usize().filter(|&i| i < len))
        .collect()
}

fn encode_option<T>(out: &mut Encoder, value: Option<T>, each: impl FnOnce(&mut Encoder, T)) {
    out.bool(value.is_some());
    if let Some(value) = value {
        each(out, value);
    }
}

fn decode_option<'a, T>(
    d: &mut Decoder<'a>,
    each: impl FnOnce(&mut Decoder<'a>) -> Option<T>,
) -> Option<Option<T>> {
    if d.bool()? {
        each(d).map(Some)
    } else {
        Some(None)
    }
}

/// `versions`: each document's versions as places in the fingerprint table
/// ([`encode_versions`]), by path.
pub(super) fn encode_history(
    out: &mut Encoder,
    h: &History,
    versions: &BTreeMap<String, Vec<u64>>,
) {
    out.usize(h.commits.len());
    for commit in &h.commits {
        encode_commit(out, commit);
    }
    out.usize(h.docs.len());
    for (path, doc) in &h.docs {
        out.str(path);
        encode_indices(out, &doc.commits);
        out.bool(doc.created_known);
        out.u64(match doc.uncommitted {
            None => 0,
            Some(Uncommitted::Modified) => 1,
            Some(Uncommitted::New) => 2,
        });
        encode_option(out, doc.last_content, Encoder::usize);
        let none = vec![0; doc.versions.len()];
        encode_versions(out, versions.get(path).unwrap_or(&none));
    }
    out.usize(h.gone.len());
    for (path, doc) in &h.gone {
        out.str(path);
        encode_option(out, doc.text.as_deref(), Encoder::str);
        encode_indices(out, &doc.commits);
    }
    out.usize(h.merged.len());
    for (path, commits) in &h.merged {
        out.str(path);
        encode_indices(out, commits);
    }
    out.bool(h.truncated);
    out.usize(h.missing_objects.len());
    for oid in &h.missing_objects {
        out.str(oid);
    }
    encode_option(out, h.head.as_ref(), encode_commit);
}

pub(super) fn decode_history(d: &mut Decoder, table: &[Arc<Fingerprint>]) -> Option<History> {
    let mut h = History::default();
    for _ in 0..d.count()? {
        h.commits.push(decode_commit(d)?);
    }
    let len = h.commits.len();
    for _ in 0..d.count()? {
        let path = d.str()?;
        let doc = DocHistory {
            commits: decode_indices(d, len)?,
            created_known: d.bool()?,
            uncommitted: match d.u64()? {
                0 => None,
                1 => Some(Uncommitted::Modified),
                2 => Some(Uncommitted::New),
                _ => return None,
            },
            last_content: decode_option(d, |d| d.usize().filter(|&i| i < len))?,
            versions: decode_versions(d, table)?,
        };
        // One version per commit: what the questions about material changes rely on.
        if doc.versions.len() != doc.commits.len() {
            return None;
        }
        h.docs.insert(path, doc);
    }
    for _ in 0..d.count()? {
        let path = d.str()?;
        let text = decode_option(d, |d| d.str().map(Arc::from))?;
        let commits = decode_indices(d, len)?;
        h.gone.insert(path, GoneDoc { text, commits });
    }
    for _ in 0..d.count()? {
        let path = d.str()?;
        h.merged.insert(path, decode_indices(d, len)?);
    }
    h.truncated = d.bool()?;
    for _ in 0..d.count()? {
        h.missing_objects.push(d.str()?);
    }
    h.head = decode_option(d, decode_commit)?;
    Some(h)
}

pub(super) fn encode_changes(out: &mut Encoder, c: &CommitChanges) {
    encode_option(out, c.info.as_ref(), encode_commit);
    out.usize(c.parents.len());
    for &parent in &c.parents {
        out.oid(parent);
    }
    out.usize(c.diffs.len());
    for diff in &c.diffs {
        out.usize(diff.len());
        for change in diff {
            out.u64(delta_code(change.status));
            encode_option(out, change.old_path.as_deref(), Encoder::str);
            out.str(&change.new_path);
            out.bool(change.new_content);
            out.oid(change.blob);
        }
    }
}

pub(super) fn decode_changes(d: &mut Decoder) -> Option<CommitChanges> {
    let info = decode_option(d, decode_commit)?;
    let parents = (0..d.count()?)
        .map(|_| d.oid())
        .collect::<Option<Vec<_>>>()?;
    let mut diffs = Vec::new();
    for _ in 0..d.count()? {
        let diff = (0..d.count()?)
            .map(|_| {
                Some(Change {
                    status: delta_from_code(d.u64()?)?,
                    old_path: decode_option(d, |d| d.str())?,
                    new_path: d.str()?,
                    new_content: d.bool()?,
                    blob: d.oid()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        diffs.push(diff);
    }
    // One diff per parent (one for a root), and a shown commit has its details: what
    // the walk relies on.
    let shown = diffs.iter().any(|diff| !diff.is_empty());
    (diffs.len() == parents.len().max(1) && shown == info.is_some()).then_some(CommitChanges {
        info,
        parents,
        diffs,
    })
}

const DELTAS: [Delta; 11] = [
    Delta::Unmodified,
    Delta::Added,
    Delta::Deleted,
    Delta::Modified,
    Delta::Renamed,
    Delta::Copied,
    Delta::Ignored,
    Delta::Untracked,
    Delta::Typechange,
    Delta::Unreadable,
    Delta::Conflicted,
];

fn delta_code(status: Delta) -> u64 {
    DELTAS.iter().position(|&d| d == status).unwrap_or(0) as u64
}

fn delta_from_code(code: u64) -> Option<Delta> {
    DELTAS.get(usize::try_from(code).ok()?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fingerprint;

    #[test]
    fn fingerprints_read_back_with_each_set_of_fields_once() {
        let texts = [
            "---\nid: PRD-1\nstatus: draft\n---\n## Problem\nOne.\n",
            "---\nid: PRD-1\nstatus: draft\n---\n## Problem\nTwo.\n",
            "---\nid: PRD-1\nstatus: shipped\n---\n## Problem\nTwo.\n## Scope {.internal}\n- a\n",
        ];
        let prints: Vec<Fingerprint> = texts.iter().map(|t| fingerprint(t)).collect();
        let blobs: Vec<Oid> = (1..=3u8)
            .map(|n| Oid::from_bytes(&[n; 20]).expect("id"))
            .collect();
        let mut out = Encoder::default();
        encode_fingerprints(&mut out, blobs.iter().copied().zip(&prints));
        let file = out.finish("test\n");
        let body = crate::git::cache_codec::checked(&file).expect("checksum");
        let (strings, at) = crate::git::cache_codec::table(body, "test\n").expect("table");
        let mut d = Decoder::new(&body[at..], &strings);
        let table = decode_fingerprints(&mut d).expect("decodes");
        assert!(d.is_empty());
        let read: Vec<&Fingerprint> = table.in_order.iter().map(AsRef::as_ref).collect();
        assert_eq!(read, prints.iter().collect::<Vec<_>>());
        assert_eq!(table.by_blob[&blobs[2]].as_ref(), &prints[2]);
        assert!(Arc::ptr_eq(
            &read_fields(&table, 0),
            &read_fields(&table, 1)
        ));
        assert!(!Arc::ptr_eq(
            &read_fields(&table, 1),
            &read_fields(&table, 2)
        ));
    }

    fn read_fields(table: &FingerprintTable, n: usize) -> Arc<Fields> {
        Arc::clone(&table.in_order[n].fields)
    }
}
