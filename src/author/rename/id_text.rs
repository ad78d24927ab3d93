//! Where an ID is written inside a reference's span, and what replaces it. A span is a
//! YAML scalar (maybe quoted: `"PRD-7#goals"`), one item of a comma-separated string, or
//! the target inside `[[…]]`; the ID starts it (after a quote) and ends at a `#`, a quote,
//! `|`, a space or the span's end.

use std::ops::Range;

/// The forms an ID is written in: its canonical text, and for a kind with integer IDs
/// the bare number front matter may use (`42` for `RFC-42`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdForms {
    pub canonical: String,
    pub number: Option<String>,
}

/// The range of `old` written inside `text[span]` and its replacement from `new`; `None`
/// when the span does not start with the old ID (the reference is written another way).
pub fn id_edit(
    text: &str,
    span: &Range<usize>,
    old: &IdForms,
    new: &IdForms,
) -> Option<(Range<usize>, String)> {
    let written = text.get(span.clone())?;
    let lead = written.len() - written.trim_start_matches(['"', '\'', ' ', '[']).len();
    let rest = &written[lead..];
    let start = span.start + lead;
    let ends_there = |len: usize| {
        rest[len..]
            .chars()
            .next()
            .is_none_or(|c| matches!(c, '#' | '"' | '\'' | '|' | ']' | ',') || c.is_whitespace())
    };
    if rest.starts_with(&old.canonical) && ends_there(old.canonical.len()) {
        return Some((start..start + old.canonical.len(), new.canonical.clone()));
    }
    match (&old.number, &new.number) {
        (Some(old_n), Some(new_n))
            if rest.starts_with(old_n.as_str()) && ends_there(old_n.len()) =>
        {
            Some((start..start + old_n.len(), new_n.clone()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(canonical: &str, number: Option<&str>) -> IdForms {
        IdForms {
            canonical: canonical.into(),
            number: number.map(Into::into),
        }
    }

    fn replaced(text: &str, old: &IdForms, new: &IdForms) -> Option<String> {
        let (range, with) = id_edit(text, &(0..text.len()), old, new)?;
        Some(format!(
            "{}{with}{}",
            &text[..range.start],
            &text[range.end..]
        ))
    }

    #[test]
    fn ids_are_replaced_inside_quotes_and_before_anchors() {
        let (old, new) = (forms("PRD-7", None), forms("PRD-12", None));
        assert_eq!(replaced("PRD-7", &old, &new).as_deref(), Some("PRD-12"));
        assert_eq!(
            replaced("\"PRD-7\"", &old, &new).as_deref(),
            Some("\"PRD-12\"")
        );
        assert_eq!(
            replaced("'PRD-7#goals'", &old, &new).as_deref(),
            Some("'PRD-12#goals'")
        );
        assert_eq!(replaced("PRD-70", &old, &new), None);
    }

    #[test]
    fn integer_ids_keep_their_bare_number() {
        let (old, new) = (forms("RFC-42", Some("42")), forms("RFC-50", Some("50")));
        assert_eq!(replaced("42", &old, &new).as_deref(), Some("50"));
        assert_eq!(replaced("RFC-42", &old, &new).as_deref(), Some("RFC-50"));
        assert_eq!(replaced("420", &old, &new), None);
    }
}
