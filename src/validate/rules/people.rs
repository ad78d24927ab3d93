//! The rules about person-typed fields (`owner`, `authors`, …). With a `people:` list
//! in spex.yaml, `unknown-person` checks every name against it and `person-alias` points
//! an alias at the listed name; without one, `similar-names` finds one person spelt two
//! ways across the workspace ("Riley Chenn" and "Riley Chen", "José" and "Jose"), which
//! would split that person's owner page in two.

mod alike;

use std::collections::BTreeMap;
use std::ops::Range;

use alike::Alikes;
pub(super) use alike::alike;

use crate::config::{FieldType, PersonMatch};
use crate::diag::{Diagnostic, Rule, Span, did_you_mean};
use crate::model::{Document, Field, FieldValue, Workspace};

/// Where each spelling of a person is written: file and value span, in workspace order.
type Spellings = BTreeMap<String, Vec<(String, Range<usize>)>>;

/// One note per spelling that has a more common alike one (differing only in case or
/// accents, or by a typo), at its first use, pointing at the most common alike spelling.
/// With a `people:` list every name is checked against it instead (`unknown-person`).
pub fn similar_names(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    similar_names_first_in(ws, None, out);
}

/// [`similar_names`] for the spellings first written in `file` alone (all of them with
/// `None`): a draft checked on its own compares its few spellings with every other, not
/// every pair.
pub fn similar_names_first_in(ws: &Workspace, file: Option<&str>, out: &mut Vec<Diagnostic>) {
    if ws.config.people.is_some() {
        return;
    }
    let spellings = person_values(ws);
    let names: Vec<&String> = spellings.keys().collect();
    let uses: Vec<usize> = spellings.values().map(Vec::len).collect();
    let alikes = Alikes::new(&names, &uses);
    for rare in 0..names.len() {
        if file.is_some_and(|f| spellings[names[rare]][0].0 != f) {
            continue;
        }
        let Some(common) = alikes.most_common_alike(rare) else {
            continue;
        };
        let (rare, common) = (names[rare], names[common]);
        let (file, span) = &spellings[rare][0];
        let (other_file, other_span) = &spellings[common][0];
        out.push(similar_names_diagnostic(
            rare,
            (file, span.clone()),
            common,
            (other_file, other_span.clone()),
        ));
    }
}

/// The note that `rare` (its first use: file and span) looks like the more common
/// spelling `common` (its first use too).
pub(super) fn similar_names_diagnostic(
    rare: &str,
    (file, span): (&str, Range<usize>),
    common: &str,
    (other_file, other_span): (&str, Range<usize>),
) -> Diagnostic {
    Diagnostic::new(
        Rule::SimilarNames,
        format!("`{rare}` looks like `{common}`, written elsewhere: one person or two?"),
        Span::new(file, span),
    )
    .with_label(
        Span::new(other_file, other_span),
        format!("`{common}` here"),
    )
    .with_help(format!(
        "if they are one person, write `{common}` everywhere: each spelling gets its own owner page (a `people:` list in spex.yaml checks every name)"
    ))
}

/// A person-typed value that names no one in `people:`, with the nearest listed name.
pub fn unknown_person(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(people) = &ws.config.people else {
        return;
    };
    for (file, span, written) in person_fields(ws) {
        if people.find(written).is_some() {
            continue;
        }
        let written = written.trim();
        // A name is suggested before an alias: it is the spelling to write.
        let help = match did_you_mean(written, people.names())
            .or_else(|| did_you_mean(written, people.spellings()))
        {
            Some(near) => match people.find(near) {
                Some(PersonMatch::Alias(p)) => format!("did you mean `{}` (`{near}`)?", p.name),
                _ => format!("did you mean `{near}`?"),
            },
            None => "add them to `people:` in spex.yaml, or check the spelling".into(),
        };
        out.push(
            Diagnostic::new(
                Rule::UnknownPerson,
                format!("`{written}` is not in `people:` in spex.yaml"),
                Span::new(file, span),
            )
            .with_help(help),
        );
    }
}

/// A person-typed value written as an alias, e-mail address or `@login` of someone in
/// `people:`: understood, but pages and queries go by the name as written.
pub fn person_alias(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(people) = &ws.config.people else {
        return;
    };
    for (file, span, written) in person_fields(ws) {
        if let Some(PersonMatch::Alias(person)) = people.find(written) {
            out.push(
                Diagnostic::new(
                    Rule::PersonAlias,
                    format!("`{}` is `{}` in `people:`", written.trim(), person.name),
                    Span::new(file, span),
                )
                .with_help(format!(
                    "write `{}`: owner pages and queries go by the name as written",
                    person.name
                )),
            );
        }
    }
}

/// Every value of a person-typed field (top-level, or a list of persons), by spelling.
fn person_values(ws: &Workspace) -> Spellings {
    let mut spellings = Spellings::new();
    for (file, span, person) in person_fields(ws) {
        let person = person.trim();
        if !person.is_empty() {
            spellings
                .entry(person.to_owned())
                .or_default()
                .push((file.to_owned(), span));
        }
    }
    spellings
}

/// Every non-empty value of a person-typed field (top-level, or a list of persons), in
/// workspace order: file, value span and the value as written.
fn person_fields(ws: &Workspace) -> Vec<(&str, Range<usize>, &str)> {
    let mut values = Vec::new();
    for doc in ws.docs.iter() {
        let path = doc.path.as_str();
        values.extend(
            person_fields_of(doc)
                .into_iter()
                .map(|(span, person)| (path, span, person)),
        );
    }
    values
}

/// One document's non-empty person-typed values, in field order: value span and the
/// value as written. All the person rules read of a document.
pub fn person_fields_of(doc: &Document) -> Vec<(Range<usize>, &str)> {
    let mut values = Vec::new();
    let Some(kind) = &doc.kind else {
        return values;
    };
    for (name, field) in &doc.fields {
        let Some(spec) = kind.fields.get(name) else {
            continue;
        };
        let persons: &[Field] = match &spec.ty {
            FieldType::Person => std::slice::from_ref(field),
            FieldType::List(item) if matches!(**item, FieldType::Person) => field.value.items(),
            _ => &[],
        };
        for f in persons {
            if let FieldValue::Text(person) = &f.value
                && !person.trim().is_empty()
            {
                values.push((f.span.clone(), person.as_str()));
            }
        }
    }
    values
}
