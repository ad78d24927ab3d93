//! `similar-names`: person-typed fields (`owner`, `authors`, …) that spell one person
//! two ways across the workspace ("Riley Chenn" and "Riley Chen", "José" and "Jose"),
//! which would split that person's owner page in two.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::config::FieldType;
use crate::diag::{Diagnostic, Rule, Span};
use crate::model::{Field, FieldValue, Workspace};
use crate::parse::slug::slugify;

/// Names closer than this many edits (after folding case and accents) are one person
/// misspelt, when both are long enough for a typo to be told from another name.
const MAX_EDITS: usize = 2;
const MIN_CHARS: usize = 5;

/// Where each spelling of a person is written: file and value span, in workspace order.
type Spellings = BTreeMap<String, Vec<(String, Range<usize>)>>;

/// One note per spelling that has a more common alike one (differing only in case or
/// accents, or by a typo), at its first use, pointing at the most common alike spelling.
pub fn similar_names(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let spellings = person_values(ws);
    // More uses first, then alphabetical: the first of a group is taken as meant.
    let rank = |name: &String| (std::cmp::Reverse(spellings[name].len()), name.clone());
    for rare in spellings.keys() {
        let Some(common) = spellings
            .keys()
            .filter(|other| *other != rare && alike(rare, other))
            .min_by_key(|other| rank(other))
            .filter(|common| rank(common) < rank(rare))
        else {
            continue;
        };
        let (file, span) = &spellings[rare][0];
        let (other_file, other_span) = &spellings[common][0];
        out.push(
            Diagnostic::new(
                Rule::SimilarNames,
                format!("`{rare}` looks like `{common}`, written elsewhere: one person or two?"),
                Span::new(file, span.clone()),
            )
            .with_label(
                Span::new(other_file, other_span.clone()),
                format!("`{common}` here"),
            )
            .with_help(format!(
                "if they are one person, write `{common}` everywhere: each spelling gets its own owner page"
            )),
        );
    }
}

/// Whether two different spellings are probably one person.
fn alike(a: &str, b: &str) -> bool {
    let (fa, fb) = (slugify(a), slugify(b));
    if fa == fb {
        return true; // case, accents or punctuation only
    }
    fa.chars().count() >= MIN_CHARS
        && fb.chars().count() >= MIN_CHARS
        && strsim::levenshtein(&fa, &fb) <= MAX_EDITS
}

/// Every value of a person-typed field (top-level, or a list of persons), by spelling.
fn person_values(ws: &Workspace) -> Spellings {
    let mut spellings = Spellings::new();
    for doc in ws.docs.iter() {
        let Some(kind) = &doc.kind else { continue };
        for (name, field) in &doc.fields {
            let Some(spec) = kind.fields.get(name) else {
                continue;
            };
            let mut add = |f: &Field| {
                if let FieldValue::Text(person) = &f.value {
                    let person = person.trim();
                    if !person.is_empty() {
                        spellings
                            .entry(person.to_owned())
                            .or_default()
                            .push((doc.path.clone(), f.span.clone()));
                    }
                }
            };
            match &spec.ty {
                FieldType::Person => add(field),
                FieldType::List(item) if matches!(**item, FieldType::Person) => {
                    field.value.items().iter().for_each(add);
                }
                _ => {}
            }
        }
    }
    spellings
}
