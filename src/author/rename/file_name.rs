//! A renamed ID's file: the new name of a file named after the old ID. The kind's
//! `file_name:` template decides when it has one and the file follows it (the same
//! template `file-name` checks); else a name that starts with the ID (`PRD-007-foo.md`),
//! or with its number, bare or after the ID's prefix in any case (`150.md`,
//! `eip-150.md`, `0150-foo.md` for `EIP-150`). The number keeps the zeros the name
//! pads it with.

use super::id_text::IdForms;
use crate::author::next_id::number_of;
use crate::config::KindSpec;
use crate::resolve::file_name_id_places;

/// The new path of the file at `path`, of a document of `kind` whose ID, written in its
/// front matter as `written`, goes from `old` to `new`; `None` when its name is not made
/// of the ID.
pub fn renamed_file(
    kind: &KindSpec,
    path: &str,
    written: Option<&str>,
    old: &IdForms,
    new: &IdForms,
) -> Option<String> {
    let (folder, name) = match path.rsplit_once('/') {
        Some((folder, name)) => (Some(folder), name),
        None => (None, path),
    };
    let in_folder = |name: String| folder.map_or_else(|| name.clone(), |f| format!("{f}/{name}"));
    let numbers = Numbers::of(kind, old, new);
    if let (Some(template), Some(written)) = (&kind.file_name, written) {
        let subject = if template.contains('/') { path } else { name };
        if let Some(renamed) = from_template(template, subject, written, old, new, &numbers) {
            return Some(if template.contains('/') {
                renamed
            } else {
                in_folder(renamed)
            });
        }
    }
    if let Some(rest) = name.strip_prefix(&old.canonical)
        && starts_with_separator(rest)
    {
        return Some(in_folder(format!("{}{rest}", new.canonical)));
    }
    let numbers = numbers?;
    let pattern = kind.id.pattern.as_ref();
    let prefix = pattern.map_or("", |p| p.prefix.as_str());
    let suffix = pattern.map_or("", |p| p.suffix.as_str());
    let leads: &[&str] = if prefix.is_empty() {
        &[""]
    } else {
        &[prefix, ""]
    };
    leads
        .iter()
        .find_map(|lead| numbers.renamed(name, lead, suffix))
        .map(in_folder)
}

/// The old and new ID's numbers, for a kind whose IDs have one.
struct Numbers {
    old: u64,
    /// The digits as the old ID writes them (`007` in `PRD-007`).
    old_digits: String,
    new: u64,
    new_digits: String,
}

impl Numbers {
    fn of(kind: &KindSpec, old: &IdForms, new: &IdForms) -> Option<Numbers> {
        let (old_n, old_width) = number_of(kind, &old.canonical)?;
        let (new_n, new_width) = number_of(kind, &new.canonical)?;
        Some(Numbers {
            old: old_n,
            old_digits: format!("{old_n:0old_width$}"),
            new: new_n,
            new_digits: format!("{new_n:0new_width$}"),
        })
    }

    /// The new digits for `digits`, the old number as a name writes it: as the new ID
    /// writes them when the name wrote the old ID's, else padded to the name's width.
    fn digits_for(&self, digits: &str) -> String {
        if digits == self.old_digits {
            self.new_digits.clone()
        } else {
            format!("{:0width$}", self.new, width = digits.len())
        }
    }

    /// `name` renamed when it is `lead` (in any case), the old number, the ID's `suffix`
    /// when there is a lead, then a separator.
    fn renamed(&self, name: &str, lead: &str, suffix: &str) -> Option<String> {
        let written_lead = name.get(..lead.len())?;
        if !written_lead.eq_ignore_ascii_case(lead) {
            return None;
        }
        let rest = &name[lead.len()..];
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let digits = &rest[..len];
        if len == 0 || digits.parse::<u64>().ok()? != self.old {
            return None;
        }
        let mut after = &rest[len..];
        let mut written_suffix = "";
        if !lead.is_empty() && !suffix.is_empty() {
            let candidate = after.get(..suffix.len())?;
            if candidate.eq_ignore_ascii_case(suffix) {
                written_suffix = candidate;
                after = &after[suffix.len()..];
            }
        }
        starts_with_separator(after).then(|| {
            format!(
                "{written_lead}{}{written_suffix}{after}",
                self.digits_for(digits)
            )
        })
    }
}

/// `subject` with the ID and number the template puts in it replaced, when it follows
/// the template for the ID as `written`.
fn from_template(
    template: &str,
    subject: &str,
    written: &str,
    old: &IdForms,
    new: &IdForms,
    numbers: &Option<Numbers>,
) -> Option<String> {
    let new_written = if written == old.canonical {
        new.canonical.as_str()
    } else if old.number.as_deref() == Some(written) {
        new.number.as_deref()?
    } else {
        return None;
    };
    let places = file_name_id_places(template, written, subject)?;
    let mut out = String::with_capacity(subject.len());
    let mut copied = 0;
    for (range, is_number) in places {
        out.push_str(&subject[copied..range.start]);
        if is_number {
            out.push_str(&numbers.as_ref()?.digits_for(&subject[range.clone()]));
        } else {
            out.push_str(new_written);
        }
        copied = range.end;
    }
    out.push_str(&subject[copied..]);
    Some(out)
}

/// After the ID in a file name: its extension or the rest of the name.
fn starts_with_separator(rest: &str) -> bool {
    rest.starts_with(['-', '.', '_'])
}
