//! Conventions a kind declares about a whole document, beyond its fields:
//! `file_name` (the file is named after the ID), `field_order` (the front matter lists
//! fields in a fixed order) and `sections` (the body has these headings).

use std::ops::Range;

use super::typing::{entry, written_values};
use crate::config::KindSpec;
use crate::diag::{Diagnostic, Rule, Span, did_you_mean};
use crate::parse::Heading;
use crate::parse::yaml::{Node, Value};

/// `file_name: "eip-{id}.md"`: the document at `path` with the ID written as `id_node`.
pub fn check_file_name(kind: &KindSpec, path: &str, id_node: &Node, out: &mut Vec<Diagnostic>) {
    let Some(template) = &kind.file_name else {
        return;
    };
    let Some(id) = id_node.value.scalar_text().map(|t| t.trim().to_owned()) else {
        return;
    };
    // With a `/` the template describes the path from the workspace root.
    let subject = if template.contains('/') {
        path
    } else {
        path.rsplit('/').next().unwrap_or(path)
    };
    let Some(regex) = template_regex(template, &id) else {
        return;
    };
    if regex.is_match(subject) {
        return;
    }
    let expected = template
        .replace("{id}", &id)
        .replace("{n}", id_number(&id).unwrap_or(&id));
    out.push(
        Diagnostic::new(
            Rule::FileName,
            format!("file name `{subject}` does not match the ID `{id}`: expected `{expected}`"),
            Span::new(path, id_node.span.clone()),
        )
        .with_help(format!(
            "rename the file (`file_name: \"{template}\"` in spex.yaml), or correct the ID"
        )),
    );
}

/// Where a name (or, for a template with a `/`, a path) that follows `template` for the
/// ID written as `id` has it: the range of each `{id}` and `{n}` in `subject`, in order,
/// with whether it is the number. `None` when `subject` does not follow the template.
/// A rename rewrites these and keeps the rest.
pub fn id_places(template: &str, id: &str, subject: &str) -> Option<Vec<(Range<usize>, bool)>> {
    let (regex, numbers) = template_regex_with_places(template, id)?;
    let mut caps = regex.create_captures();
    regex.captures(subject, &mut caps);
    numbers
        .iter()
        .enumerate()
        .map(|(i, is_number)| {
            let span = caps.get_group(i + 1)?;
            Some((span.start..span.end, *is_number))
        })
        .collect()
}

/// The template as a regular expression over a name: literal text, `*` for any run of
/// characters but `/`, `{id}` for the ID as written, `{n}` for its number with any
/// leading zeros (`0042-…` for 42).
fn template_regex(template: &str, id: &str) -> Option<regex_automata::meta::Regex> {
    template_regex_with_places(template, id).map(|(regex, _)| regex)
}

/// [`template_regex`] with a group around each `{id}` and `{n}`, and for each group
/// whether it is the number.
fn template_regex_with_places(
    template: &str,
    id: &str,
) -> Option<(regex_automata::meta::Regex, Vec<bool>)> {
    let number = id_number(id);
    let mut pattern = String::from("^");
    let mut places = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("{id}") {
            pattern.push_str(&format!("({})", escape(id)));
            places.push(false);
            rest = after;
        } else if let Some(after) = rest.strip_prefix("{n}") {
            // An ID with no number can never match a template that needs one.
            let n = number?.trim_start_matches('0');
            pattern.push_str(&format!("(0*{})", if n.is_empty() { "0" } else { n }));
            places.push(true);
            rest = after;
        } else if let Some(after) = rest.strip_prefix('*') {
            pattern.push_str("[^/]*");
            rest = after;
        } else {
            let c = rest.chars().next()?;
            pattern.push_str(&escape(c.encode_utf8(&mut [0; 4])));
            rest = &rest[c.len_utf8()..];
        }
    }
    pattern.push('$');
    let regex = regex_automata::meta::Regex::new(&pattern).ok()?;
    Some((regex, places))
}

/// `text` as a literal in a regular expression: regex syntax's meta characters escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The digits of an ID (`PRD-42` → `42`, `42` → `42`).
fn id_number(id: &str) -> Option<&str> {
    let start = id.find(|c: char| c.is_ascii_digit())?;
    let len = id[start..].bytes().take_while(u8::is_ascii_digit).count();
    Some(&id[start..start + len])
}

/// `field_order: [eip, title, …]`: the first field that comes too early is reported.
pub fn check_field_order(kind: &KindSpec, path: &str, fm: &Node, out: &mut Vec<Diagnostic>) {
    if kind.field_order.is_empty() {
        return;
    }
    let Value::Map(entries) = &fm.value else {
        return;
    };
    let rank = |name: &str| kind.field_order.iter().position(|f| f == name);
    let mut latest: Option<(usize, String)> = None;
    for (key, _) in entries {
        let Some(name) = key.value.scalar_text() else {
            continue;
        };
        let Some(here) = rank(&name) else { continue };
        match &latest {
            Some((seen, before)) if here < *seen => {
                out.push(
                    Diagnostic::new(
                        Rule::FieldOrder,
                        format!("`{name}` should come before `{before}`"),
                        Span::new(path, key.span.clone()),
                    )
                    .with_help(format!(
                        "`field_order` in spex.yaml: {}",
                        kind.field_order.join(", ")
                    )),
                );
                return;
            }
            _ => latest = Some((here, name)),
        }
    }
}

/// `sections: [Summary, Motivation]`: each required heading, matched at any level and
/// in any case; a near miss (`Motivaton`) is pointed at with the name it should have.
/// `at` is where to report a section with no near miss (the front matter's first line).
pub fn check_sections(
    kind: &KindSpec,
    path: &str,
    fm: &Node,
    headings: &[Heading],
    at: Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    if let Value::Map(entries) = &fm.value {
        let applies = kind.sections_when.iter().all(|condition| {
            let sibling = entry(entries, &condition.field)
                .map(|(_, v)| written_values(v))
                .unwrap_or_default();
            condition.applies(&sibling)
        });
        if !applies {
            return;
        }
    }
    let matches = |h: &Heading, name: &str| h.text.trim().eq_ignore_ascii_case(name);
    // A leading `# Title` names the document, not a section (`# Proposal` is no
    // `## Proposal`).
    let headings = match headings.first() {
        Some(first) if first.level == 1 => &headings[1..],
        _ => headings,
    };
    let found: Vec<Option<&Heading>> = kind
        .sections
        .iter()
        .map(|name| headings.iter().find(|h| matches(h, name)))
        .collect();
    // Headings that are no required section: the candidates for a near miss.
    let others: Vec<&Heading> = headings
        .iter()
        .filter(|h| !kind.sections.iter().any(|name| matches(h, name)))
        .collect();
    for (name, heading) in kind.sections.iter().zip(&found) {
        if heading.is_some() {
            continue;
        }
        let near = did_you_mean(name, others.iter().map(|h| h.text.trim()))
            .and_then(|text| others.iter().find(|h| h.text.trim() == text));
        let message = format!("missing section `{name}` required for kind `{}`", kind.name);
        let d = match near {
            Some(h) => Diagnostic::new(
                Rule::MissingSection,
                message,
                Span::new(path, h.span.clone()),
            )
            .with_help(format!("did you mean to name this heading `{name}`?")),
            None => Diagnostic::new(Rule::MissingSection, message, Span::new(path, at.clone()))
                .with_help(format!(
                    "add a `## {name}` section; kind `{}` requires: {}",
                    kind.name,
                    kind.sections.join(", ")
                )),
        };
        out.push(d);
    }
    if kind.sections_ordered {
        check_section_order(kind, path, &found, out);
    }
}

/// With `ordered: true`: the first required section that comes before one listed
/// ahead of it.
fn check_section_order(
    kind: &KindSpec,
    path: &str,
    found: &[Option<&Heading>],
    out: &mut Vec<Diagnostic>,
) {
    let mut present: Vec<(usize, &Heading)> = found
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.map(|h| (i, h)))
        .collect();
    present.sort_by_key(|(_, h)| h.span.start);
    for pair in present.windows(2) {
        let ((earlier_rank, earlier), (rank, heading)) = (pair[0], pair[1]);
        if rank < earlier_rank {
            out.push(
                Diagnostic::new(
                    Rule::MissingSection,
                    format!(
                        "section `{}` should come before `{}`",
                        kind.sections[rank], kind.sections[earlier_rank]
                    ),
                    Span::new(path, heading.span.clone()),
                )
                .with_label(
                    Span::new(path, earlier.span.clone()),
                    "this section comes first",
                )
                .with_help(format!(
                    "kind `{}` orders its sections: {}",
                    kind.name,
                    kind.sections.join(", ")
                )),
            );
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::template_regex;

    #[test]
    fn file_name_templates_match_ids_as_written_and_numbers_with_zeros() {
        let matches = |template: &str, id: &str, name: &str| {
            template_regex(template, id).is_some_and(|r| r.is_match(name))
        };
        assert!(matches("eip-{id}.md", "7", "eip-7.md"));
        assert!(!matches("eip-{id}.md", "7", "eip-12.md"));
        assert!(!matches("eip-{id}.md", "7", "eip-7.mdx"));
        assert!(matches("{n}-*.md", "ADR-12", "0012-use-postgres.md"));
        assert!(!matches("{n}-*.md", "ADR-12", "0120-use-postgres.md"));
        assert!(matches("{id}.md", "PRD-1.2", "PRD-1.2.md"));
        assert!(
            !matches("{id}.md", "PRD-1.2", "PRD-1x2.md"),
            "the ID is literal"
        );
        assert!(!matches("{n}.md", "PRD", "PRD.md"), "no number, no match");
    }

    #[test]
    fn the_id_and_number_are_found_where_the_template_puts_them() {
        assert_eq!(
            super::id_places("{n}-*-{id}.md", "ADR-12", "0012-db-ADR-12.md"),
            Some(vec![(0..4, true), (8..14, false)])
        );
        assert_eq!(super::id_places("eip-{id}.md", "7", "eip-8.md"), None);
    }
}
