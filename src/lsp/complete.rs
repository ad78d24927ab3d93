//! Completion: IDs in reference fields (only the kinds the field allows), field names of
//! the document's kind, enum, status, audience and bool values, and quarters near today
//! in front matter; in a body, what `body.rs` offers (`[[ID`, `#anchor`s, link paths,
//! section tags). Every list is narrowed to the word being typed (`rank.rs`).

mod body;
mod rank;

use std::ops::Range;

use jiff::civil::Date;

use super::hover::first_paragraph;
use crate::config::{FieldType, KindSpec, Phase};
use crate::model::{Document, Quarter, Workspace};
pub use rank::{MAX_ITEMS, Ranked};

/// What a completion offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Id,
    Field,
    Value,
    Anchor,
    Path,
}

/// One completion, and the text it replaces (the word being typed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub label: String,
    pub detail: String,
    pub documentation: Option<String>,
    pub what: What,
    pub replace: Range<usize>,
}

/// The completions at `offset` in the document at `path`, narrowed to the word being
/// typed; `today` places the quarters.
pub fn complete(ws: &Workspace, path: &str, offset: usize, today: Date) -> Ranked {
    let Some(doc) = ws.index_of_path(path).map(|i| &ws.docs[i]) else {
        return Ranked::default();
    };
    let candidates = candidates(ws, doc, offset, today);
    // Every candidate of one list replaces the same word.
    let typed = candidates
        .first()
        .and_then(|c| doc.text.get(c.replace.clone()))
        .unwrap_or("");
    let typed = typed.to_owned();
    let mut ranked = rank::rank(candidates, &typed, MAX_ITEMS);
    // The first paragraph of each ID's document, for the candidates kept only.
    for candidate in &mut ranked.candidates {
        if candidate.what == What::Id {
            candidate.documentation = ws.by_id(&candidate.label).and_then(first_paragraph);
        }
    }
    ranked
}

/// Every completion at `offset`, before narrowing.
fn candidates(ws: &Workspace, doc: &Document, offset: usize, today: Date) -> Vec<Candidate> {
    let text = &doc.text;
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return Vec::new();
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let word_start = offset - word_len(before);
    let replace = word_start..offset;
    if in_front_matter(text, line_start) {
        let Some(kind) = &doc.kind else {
            return Vec::new();
        };
        let at = FrontMatterAt {
            text,
            line_start,
            before,
            replace,
            today,
        };
        return in_front_matter_line(ws, doc, kind, &at);
    }
    body::in_body(ws, doc, before, offset)
}

/// Where in the front matter completion was asked.
struct FrontMatterAt<'a> {
    /// The document's text.
    text: &'a str,
    line_start: usize,
    before: &'a str,
    replace: Range<usize>,
    today: Date,
}

fn in_front_matter_line(
    ws: &Workspace,
    doc: &Document,
    kind: &KindSpec,
    at: &FrontMatterAt,
) -> Vec<Candidate> {
    let before = at.before;
    let item = before.trim_start().starts_with("- ");
    let candidates = match before.split_once(':') {
        // `key: value…` on one line (or `key: [a, b…`).
        Some((key, _)) if !key.starts_with([' ', '-']) => values(ws, kind, key.trim(), at),
        // `  - value…` under a `key:` line.
        None if item => match list_key(&doc.text[..at.line_start]) {
            Some(key) => values(ws, kind, key, at),
            None => Vec::new(),
        },
        // A key being typed at the start of a line.
        None if !before.starts_with(' ') => fields(doc, kind, at.replace.clone()),
        _ => Vec::new(),
    };
    // In a list written on one line, what it has already is not offered again.
    let written: Vec<&str> = match before.split_once(':') {
        Some((_, rest)) if rest.contains('[') => rest
            .split(['[', ',', ' '])
            .map(|w| w.trim_matches(['"', '\'', ']']))
            .filter(|w| !w.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    let typing = &doc.text[at.replace.clone()];
    candidates
        .into_iter()
        .filter(|c| c.label == typing || !written.contains(&c.label.as_str()))
        .collect()
}

/// The values a field of the kind takes.
fn values(ws: &Workspace, kind: &KindSpec, key: &str, at: &FrontMatterAt) -> Vec<Candidate> {
    let replace = at.replace.clone();
    let Some(spec) = kind.fields.get(key) else {
        return Vec::new();
    };
    let ty = match &spec.ty {
        FieldType::List(inner) => inner.as_ref(),
        ty => ty,
    };
    let value = |label: &str, detail: String| Candidate {
        label: label.to_owned(),
        detail,
        documentation: None,
        what: What::Value,
        replace: replace.clone(),
    };
    let quarters = || {
        quarters_near(at.today)
            .into_iter()
            .map(|(q, when)| value(&q.to_string(), when.to_owned()))
            .collect()
    };
    match ty {
        FieldType::Ref(kinds) => ids(ws, kinds, at.text, replace.clone()),
        FieldType::Enum(options) => options.iter().map(|o| value(o, key.to_owned())).collect(),
        FieldType::Status(options) => options
            .iter()
            .map(|(o, phase)| value(o, format!("status · {}", phase_name(phase))))
            .collect(),
        FieldType::Audience => ws
            .config
            .audiences
            .keys()
            .map(|a| value(a, "audience".to_owned()))
            .collect(),
        FieldType::Bool => ["true", "false"]
            .iter()
            .map(|b| value(b, key.to_owned()))
            .collect(),
        // A quarter, or a `quarter | date` field.
        FieldType::Quarter => quarters(),
        FieldType::OneOf(types) if types.iter().any(|t| matches!(t, FieldType::Quarter)) => {
            quarters()
        }
        _ => Vec::new(),
    }
}

/// The last quarter, this one and the next six, each with how far it is from today.
fn quarters_near(today: Date) -> Vec<(Quarter, &'static str)> {
    let now = Quarter::of_date(today);
    let shift = |n: i32| {
        let index = i32::from(now.year) * 4 + i32::from(now.q) - 1 + n;
        Quarter {
            year: i16::try_from(index.div_euclid(4)).unwrap_or(now.year),
            q: u8::try_from(index.rem_euclid(4) + 1).unwrap_or(now.q),
        }
    };
    (-1..=6)
        .map(|n| {
            let when = match n {
                -1 => "last quarter",
                0 => "this quarter",
                1 => "next quarter",
                _ => "quarter",
            };
            (shift(n), when)
        })
        .collect()
}

/// The phase's name as spex.yaml spells it (`done`).
fn phase_name(phase: &Phase) -> &'static str {
    Phase::NAMES
        .into_iter()
        .find(|name| Phase::parse(name).as_ref() == Some(phase))
        .unwrap_or("")
}

/// The kind's fields the document does not have yet. They are read off the text: while
/// a key is half typed, the front matter does not parse.
fn fields(doc: &Document, kind: &KindSpec, replace: Range<usize>) -> Vec<Candidate> {
    let present: Vec<&str> = doc
        .text
        .lines()
        .skip(1)
        .take_while(|l| !matches!(l.trim_end(), "---" | "..."))
        .filter(|l| !l.starts_with([' ', '-', '#']))
        .filter_map(|l| l.split_once(':').map(|(key, _)| key.trim()))
        .collect();
    kind.fields
        .iter()
        .filter(|(name, _)| !present.contains(&name.as_str()))
        .map(|(name, spec)| Candidate {
            label: name.clone(),
            detail: format!(
                "{}{}",
                spec.ty.describe(),
                if spec.required { " · required" } else { "" }
            ),
            documentation: spec.description.clone(),
            what: What::Field,
            replace: replace.clone(),
        })
        .collect()
}

/// The document IDs that match the word `replace` covers in `text` (see `rank.rs`), of
/// every kind or of the given kinds, in natural order: detail `title · status` (the
/// documentation, the first paragraph, is added to those kept). They are
/// matched before anything is built for them: a workspace has thousands.
pub(super) fn ids(
    ws: &Workspace,
    kinds: &[String],
    text: &str,
    replace: Range<usize>,
) -> Vec<Candidate> {
    let typed = text.get(replace.clone()).unwrap_or("").to_lowercase();
    let mut found: Vec<(rank::Match, &Document)> = ws
        .docs
        .iter()
        .map(|d| &**d)
        .filter(|d| kinds.is_empty() || d.kind_name().is_some_and(|k| kinds.iter().any(|a| a == k)))
        .filter_map(|d| Some((rank::matches(d.id.as_deref()?, &typed)?, d)))
        .collect();
    // Best match first, then natural order (the order `rank` keeps), then path (an ID
    // can be duplicated). Only the best become candidates: `rank` keeps MAX_ITEMS, and
    // one more tells it the list is cut. After `[[` every ID matches.
    if found.len() > MAX_ITEMS + 1 {
        found.select_nth_unstable_by(MAX_ITEMS, |a, b| id_order(a).cmp(&id_order(b)));
        found.truncate(MAX_ITEMS + 1);
    }
    found.sort_by(|a, b| id_order(a).cmp(&id_order(b)));
    found
        .into_iter()
        .filter_map(|(_, d)| {
            let id = d.id.clone()?;
            let detail = match d.status() {
                Some(status) => format!("{} · {status}", d.title),
                None => d.title.clone(),
            };
            Some(Candidate {
                label: id,
                detail,
                documentation: None,
                what: What::Id,
                replace: replace.clone(),
            })
        })
        .collect()
}

/// How [`ids`] orders what matched.
type IdOrder<'a> = (rank::Match, (&'a str, usize, &'a str, &'a str), &'a str);

fn id_order<'a>((m, d): &(rank::Match, &'a Document)) -> IdOrder<'a> {
    let id = d.id.as_deref().unwrap_or("");
    (*m, rank::natural_key(id), d.path.as_str())
}

/// The key of the list a `  - item` line belongs to: the nearest line above that starts
/// with no indent.
fn list_key(above: &str) -> Option<&str> {
    let line = above
        .lines()
        .rev()
        .find(|l| !l.starts_with([' ', '-']) && !l.trim().is_empty())?;
    let (key, rest) = line.split_once(':')?;
    rest.trim().is_empty().then_some(key.trim())
}

/// Whether the line starting at `line_start` is inside the front matter: after an opening
/// `---` on the first line and before the closing one.
fn in_front_matter(text: &str, line_start: usize) -> bool {
    if !text.starts_with("---\n") && !text.starts_with("---\r\n") || line_start == 0 {
        return false;
    }
    !text[..line_start]
        .lines()
        .skip(1)
        .any(|l| matches!(l.trim_end(), "---" | "..."))
}

/// Bytes of the word being typed at the end of `before`: an ID, an anchor or a field
/// name.
fn word_len(before: &str) -> usize {
    before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .map(char::len_utf8)
        .sum()
}
