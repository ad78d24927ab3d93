//! Model: what one version of a document says, reduced to what can matter to its
//! readers: each front-matter field's value as written, and a hash of each body
//! section's text and of the whole body, normalised so that re-wrapping a paragraph or
//! changing letter case gives the same hash. The history walk keeps one per commit and
//! document, so "did this document change materially?" is a comparison of two
//! fingerprints, answered from the history cache without reading old files again.
//!
//! The reading is by lines, not by the YAML and Markdown parsers: old revisions may hold
//! front matter that no longer parses, and the walk reads every version of every file.

use std::collections::BTreeMap;
use std::sync::Arc;

/// Longer field values are kept as a hash: a fingerprint compares them, events quote only
/// short ones (a status, a quarter).
const MAX_KEPT_VALUE: usize = 160;

/// Deepest heading level that starts a section of its own (deeper ones stay inside it).
const MAX_SECTION_LEVEL: usize = 3;

/// One version of a document, as its material parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint {
    /// Top-level front-matter fields by key: the value as written, whitespace collapsed
    /// and surrounding quotes removed; a long value as `#` and its hash. Shared: most
    /// edits leave the front matter as it was, and the history cache reads each
    /// distinct set of fields once, however many versions say it.
    pub fields: Arc<BTreeMap<String, String>>,
    /// Body sections by heading (see [`section_key`]), for headings of levels 1 to 3.
    pub sections: BTreeMap<String, Section>,
    /// The whole body (everything after the front matter), normalised.
    pub body: u64,
}

/// One body section: the text under a heading up to the next heading of the same or a
/// higher level (subsections included).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// Hash of the normalised text: lowercase, every run of whitespace one space.
    pub hash: u64,
    /// Hash of the part of the text outside its tagged subsections (`### Pricing
    /// {.confidential}`): what an event may say changed "in this section" without
    /// telling a reader about a subsection their audience may not see. Tagged
    /// subsections are sections of their own, with their own classes.
    pub open_hash: u64,
    /// List items in the open part (`- `, `* `, `+ `, `1. `): "a requirement was added"
    /// is one more; an item added to a confidential subsection is not counted here.
    pub items: u32,
    /// Classes of its heading and of every heading it sits under (`{.engineering}` →
    /// `engineering`): whether an output may mention a change to it is the audience
    /// policy's question, and a subsection is as restricted as its parents.
    pub classes: Vec<String>,
    /// Its heading's level (1 to 3).
    pub level: u8,
}

impl Fingerprint {
    /// Whether going from `older` to `self` is a material change: a field that is not
    /// `cosmetic` appeared, went or changed value; or the text of a `normative` section
    /// did (or the whole body, normalised, when there are no normative headings or
    /// neither version has any of those sections).
    pub fn differs_materially(
        &self,
        older: &Fingerprint,
        cosmetic: &[String],
        normative: &[String],
    ) -> bool {
        let is_cosmetic = |key: &str| cosmetic.iter().any(|c| c.eq_ignore_ascii_case(key));
        let keys = self.fields.keys().chain(older.fields.keys());
        for key in keys.filter(|k| !is_cosmetic(k)) {
            if self.fields.get(key) != older.fields.get(key) {
                return true;
            }
        }
        let normative: Vec<String> = normative.iter().map(|h| section_key(h)).collect();
        let has_any = |f: &Fingerprint| normative.iter().any(|k| f.sections.contains_key(k));
        if normative.is_empty() || !(has_any(self) || has_any(older)) {
            return self.body != older.body;
        }
        normative
            .iter()
            .any(|k| self.sections.get(k).map(|s| s.hash) != older.sections.get(k).map(|s| s.hash))
    }
}

/// How a heading is compared: lowercase, whitespace collapsed, without a trailing
/// `{.class #id}` attribute block, a trailing colon or a leading number (`2. Scope`).
pub fn section_key(heading: &str) -> String {
    let mut text = heading.trim();
    if text.ends_with('}')
        && let Some(open) = text.rfind('{')
    {
        text = text[..open].trim_end();
    }
    text = text.trim_end_matches(':').trim();
    let unnumbered = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let number = &text[..text.len() - unnumbered.len()];
    if number.ends_with('.') && unnumbered.starts_with(' ') {
        text = unnumbered.trim_start();
    }
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fingerprint of a document's text.
pub fn fingerprint(text: &str) -> Fingerprint {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (front, body) = split_front_matter(text);
    Fingerprint {
        fields: Arc::new(front.map(fields).unwrap_or_default()),
        sections: sections(body),
        body: normalized_hash(body.lines()),
    }
}

/// The front matter (between a first line `---` and the next `---` or `...`) and the body.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (None, text);
    };
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return (Some(&rest[..at]), &rest[at + line.len()..]);
        }
        at += line.len();
    }
    (None, text) // never closed: not front matter
}

/// Top-level `key: value` entries; a value runs on over the lines below its key (a
/// block list, a folded string) up to the next top-level key.
fn fields(front: &str) -> BTreeMap<String, String> {
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    let mut finish = |entry: Option<(String, String)>| {
        if let Some((key, value)) = entry {
            fields.insert(key, kept_value(&value));
        }
    };
    for line in front.lines() {
        if let Some((key, value)) = top_level_key(line) {
            finish(current.take());
            current = Some((key.to_owned(), value.to_owned()));
        } else if let Some((_, value)) = &mut current
            && !line.trim_start().starts_with('#')
        {
            value.push(' ');
            value.push_str(line.trim());
        }
    }
    finish(current);
    fields
}

/// `key: value` at the start of a line (not a list item, comment or continuation).
fn top_level_key(line: &str) -> Option<(&str, &str)> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '-' | '#' | '[' | '{' | '"' | '\'') {
        return None;
    }
    let (key, value) = line.split_once(':')?;
    let key = key.trim_end();
    (!key.is_empty() && !key.contains(' ') && (value.is_empty() || value.starts_with(' ')))
        .then_some((key, value))
}

/// A field value as kept: whitespace collapsed, quotes around a single scalar dropped,
/// a long value hashed.
fn kept_value(value: &str) -> String {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|&q| {
            value
                .strip_prefix(q)
                .and_then(|v| v.strip_suffix(q))
                .filter(|v| !v.contains(q))
        })
        .unwrap_or(&value);
    if unquoted.len() > MAX_KEPT_VALUE {
        format!("#{:016x}", normalized_hash(std::iter::once(unquoted)))
    } else {
        unquoted.to_owned()
    }
}

/// The classes of a heading's trailing `{.a .b #id}` attribute block.
fn heading_classes(heading: &str) -> Vec<String> {
    let heading = heading.trim_end();
    let Some(open) = heading.strip_suffix('}').and_then(|h| h.rfind('{')) else {
        return Vec::new();
    };
    heading[open + 1..heading.len() - 1]
        .split_whitespace()
        .filter_map(|a| a.strip_prefix('.'))
        .map(str::to_owned)
        .collect()
}

/// An ATX heading's level and text; fenced code is ruled out by the caller.
fn heading(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.strip_prefix("   ").or_else(|| line.strip_prefix("  "));
    let line = trimmed.or_else(|| line.strip_prefix(' ')).unwrap_or(line);
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim_end()))
}

/// Whether a line opens or closes a fenced code block.
fn is_fence(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("```") || line.starts_with("~~~")
}

fn is_list_item(line: &str) -> bool {
    let line = line.trim_start();
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return true;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
}

/// Each section of levels 1 to 3, and each tagged section at any level, by
/// [`section_key`]. Two sections with one heading (two "Notes") are hashed together, in
/// order.
fn sections(body: &str) -> BTreeMap<String, Section> {
    let lines: Vec<&str> = body.lines().collect();
    let mut headings: Vec<(usize, usize, &str)> = Vec::new(); // line, level, text
    let mut in_fence = false;
    for (n, line) in lines.iter().enumerate() {
        if is_fence(line) {
            in_fence = !in_fence;
        } else if !in_fence && let Some((level, text)) = heading(line) {
            headings.push((n, level, text));
        }
    }
    // Each heading's own classes, its inherited ones and where its section ends.
    let own: Vec<Vec<String>> = headings.iter().map(|h| heading_classes(h.2)).collect();
    let end_of = |i: usize| {
        let level = headings[i].1;
        headings[i + 1..]
            .iter()
            .find(|&&(_, l, _)| l <= level)
            .map_or(lines.len(), |&(n, _, _)| n)
    };
    let mut inherited: Vec<Vec<String>> = Vec::with_capacity(headings.len());
    let mut open: Vec<usize> = Vec::new(); // indexes of the headings enclosing this one
    for (i, &(_, level, _)) in headings.iter().enumerate() {
        while open.last().is_some_and(|&o| headings[o].1 >= level) {
            open.pop();
        }
        let mut classes: Vec<String> = open.iter().flat_map(|&o| own[o].clone()).collect();
        for class in &own[i] {
            if !classes.contains(class) {
                classes.push(class.clone());
            }
        }
        inherited.push(classes);
        open.push(i);
    }
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for (i, &(start, level, text)) in headings.iter().enumerate() {
        if level > MAX_SECTION_LEVEL && own[i].is_empty() {
            continue;
        }
        let end = end_of(i);
        let content = &lines[start + 1..end];
        // The open part: the content less every tagged subsection (with what is under it).
        let mut open_lines: Vec<&str> = Vec::with_capacity(content.len());
        let mut skip_until = start + 1;
        let mut next = i + 1;
        for (n, &line) in lines.iter().enumerate().take(end).skip(start + 1) {
            while next < headings.len() && headings[next].0 < n {
                next += 1;
            }
            if next < headings.len() && headings[next].0 == n && !own[next].is_empty() {
                skip_until = skip_until.max(end_of(next));
            }
            if n >= skip_until {
                open_lines.push(line);
            }
        }
        let section = Section {
            hash: normalized_hash(content.iter().copied()),
            open_hash: normalized_hash(open_lines.iter().copied()),
            items: open_lines.iter().filter(|l| is_list_item(l)).count() as u32,
            classes: inherited[i].clone(),
            level: level.min(usize::from(u8::MAX)) as u8,
        };
        match sections.entry(section_key(text)) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(section);
            }
            std::collections::btree_map::Entry::Occupied(mut slot) => {
                let s = slot.get_mut();
                s.hash = fnv(s.hash, &section.hash.to_le_bytes());
                s.open_hash = fnv(s.open_hash, &section.open_hash.to_le_bytes());
                s.items += section.items;
                for class in section.classes {
                    if !s.classes.contains(&class) {
                        s.classes.push(class);
                    }
                }
            }
        }
    }
    sections
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a: stable across runs and platforms (the hashes are cached on disk).
fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// The hash of the lines' text, lowercase, with every run of whitespace (line breaks
/// included) as one space and none at either end.
fn normalized_hash<'a>(lines: impl Iterator<Item = &'a str>) -> u64 {
    let mut h = Normalizer {
        hash: FNV_OFFSET,
        space: false,
        started: false,
    };
    for line in lines {
        // The history walk hashes every version of every document, mostly ASCII: a byte
        // at a time there, with what `char` gives for ASCII.
        if line.is_ascii() {
            for &b in line.as_bytes() {
                h.ascii(b);
            }
        } else {
            for c in line.chars() {
                h.char(c);
            }
        }
        h.whitespace(); // the line break
    }
    h.hash
}

/// The running state of [`normalized_hash`].
struct Normalizer {
    hash: u64,
    /// Whitespace since the last visible character (and there was one before it).
    space: bool,
    /// A visible character was hashed.
    started: bool,
}

impl Normalizer {
    fn whitespace(&mut self) {
        self.space = self.started;
    }

    /// Before a visible character: the space that stands for the whitespace before it.
    fn visible(&mut self) {
        if self.space {
            self.hash = fnv(self.hash, b" ");
            self.space = false;
        }
        self.started = true;
    }

    fn ascii(&mut self, b: u8) {
        // `char::is_whitespace` in ASCII: space, and tab to carriage return (with the
        // vertical tab `u8::is_ascii_whitespace` leaves out).
        if b == b' ' || (b'\t'..=b'\r').contains(&b) {
            self.whitespace();
        } else {
            self.visible();
            self.hash = fnv(self.hash, &[b.to_ascii_lowercase()]);
        }
    }

    fn char(&mut self, c: char) {
        if c.is_whitespace() {
            self.whitespace();
            return;
        }
        self.visible();
        let mut buf = [0u8; 4];
        for lower in c.to_lowercase() {
            self.hash = fnv(self.hash, lower.encode_utf8(&mut buf).as_bytes());
        }
    }
}

#[cfg(test)]
mod tests;
