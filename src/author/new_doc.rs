//! A new document: its ID, path and text from a template, with `--field` values set, and
//! typed by `resolve_document` (the code `spex check` runs) before anyone writes it.

use std::collections::BTreeMap;

use tera::{Context, Tera};

use super::file_name::next_path_id;
use super::next_id::number_of;
use super::{NextId, new_file_path, next_id, set_field, yaml_scalar, yaml_string};
use crate::config::{FieldSpec, FieldType, IdFormat, KindSpec, Phase};
use crate::diag::{Diagnostic, Files};
use crate::load::Source;
use crate::model::Workspace;
use crate::parse::parse_doc;
use crate::resolve::resolve_document;
use crate::validate::apply_levels;

/// What to create.
pub struct NewDoc<'a> {
    pub kind: &'a KindSpec,
    pub title: Option<&'a str>,
    /// `--id`, as the user wrote it; else the next free one.
    pub id: Option<&'a str>,
    /// `--field key=value`, in order.
    pub fields: &'a [(String, String)],
    /// For a kind with an `owner` field: who runs the command (`git config user.name`).
    pub owner: Option<&'a str>,
    pub today: jiff::civil::Date,
    /// The template's name (for messages) and Tera text.
    pub template: (&'a str, &'a str),
}

/// The document to write, and what typing it found.
#[derive(Debug)]
pub struct Planned {
    /// Workspace-relative.
    pub path: String,
    pub text: String,
    /// The canonical ID.
    pub id: String,
    /// From typing the new document, at the workspace's levels. Any error means the
    /// document must not be written.
    pub diagnostics: Vec<Diagnostic>,
    /// The new text under its path, so diagnostics can quote it.
    pub files: Files,
}

/// Why a document cannot be planned at all.
#[derive(Debug, thiserror::Error)]
pub enum NewDocError {
    #[error("kind `{0}` has free-form IDs, so there is no next one: pass --id")]
    FreeFormIds(String),
    #[error("`{id}` is taken by `{path}`")]
    IdTaken { id: String, path: String },
    #[error("`{0}` is not an ID of kind `{1}`")]
    BadId(String, String),
    #[error("set the ID with --id, not --field {0}=…")]
    IdField(String),
    #[error("template `{name}` does not render: {message}")]
    Template { name: String, message: String },
    #[error(
        "template `{name}` does not make a `{kind}` document with ID `{id}` (check its ID field and front matter)"
    )]
    WrongDocument {
        name: String,
        kind: String,
        id: String,
    },
}

/// Plans a new document of `new.kind` in `ws`; nothing is written.
pub fn plan_new_doc(ws: &Workspace, new: &NewDoc) -> Result<Planned, NewDocError> {
    let kind = new.kind;
    let next = match new.id {
        Some(id) => given_id(kind, id)?,
        None if kind.id.format == IdFormat::Path => next_path_id(ws, kind, new.title),
        None => next_id(ws, kind).ok_or_else(|| NewDocError::FreeFormIds(kind.name.clone()))?,
    };
    // `PRD-21` is taken by `PRD-021` too: the same number of the same kind, only padded
    // otherwise, reads as the same document to everyone but a string comparison.
    let number = number_of(kind, &next.id).map(|(n, _)| n);
    let same = |id: &str, doc_kind: Option<&str>| {
        id == next.id
            || doc_kind == Some(kind.name.as_str())
                && number.is_some()
                && number_of(kind, id).map(|(n, _)| n) == number
    };
    if let Some(doc) = ws
        .docs
        .iter()
        .find(|d| d.id.as_deref().is_some_and(|id| same(id, d.kind_name())))
    {
        return Err(NewDocError::IdTaken {
            id: next.id,
            path: doc.path.clone(),
        });
    }
    if let Some((key, _)) = new.fields.iter().find(|(k, _)| *k == kind.id.field) {
        return Err(NewDocError::IdField(key.clone()));
    }

    let path = new_file_path(ws, kind, &next, new.title);
    let mut text = render(new, &next)?;
    for (key, value) in new.fields {
        let yaml = field_yaml(kind.fields.get(key), value);
        // The template made front matter (checked below), so there is a place for it.
        if let Some(changed) = set_field(&text, key, &yaml) {
            text = changed;
        }
    }

    let source = Source {
        path: path.clone(),
        text: text.as_str().into(),
        encoding_problem: None,
    };
    let (doc, mut diagnostics) = resolve_document(&ws.config, parse_doc(&source));
    apply_levels(&ws.config, &mut diagnostics);
    if doc.kind_name() != Some(kind.name.as_str()) || doc.id.as_deref() != Some(&next.id) {
        return Err(NewDocError::WrongDocument {
            name: new.template.0.to_owned(),
            kind: kind.name.clone(),
            id: next.id,
        });
    }
    let mut files = Files::default();
    files.insert(path.clone(), source.text);
    Ok(Planned {
        path,
        text,
        id: next.id,
        diagnostics,
        files,
    })
}

/// `--id` in front-matter and canonical form (`43` or `RFC-43` for an integer kind).
fn given_id(kind: &KindSpec, id: &str) -> Result<NextId, NewDocError> {
    let bad = || NewDocError::BadId(id.to_owned(), kind.name.clone());
    match kind.id.format {
        // The path from the workspace root, with or without `.md` or a leading `/`, as
        // references write it; one of the kind's files.
        IdFormat::Path => {
            let path = id.trim_start_matches('/');
            let path = path.strip_suffix(".md").unwrap_or(path);
            match kind.paths.is_match(format!("{path}.md")) {
                true => Ok(NextId {
                    value: path.to_owned(),
                    id: path.to_owned(),
                }),
                false => Err(bad()),
            }
        }
        IdFormat::Integer => {
            let digits = match &kind.id.pattern {
                Some(p) => id
                    .strip_prefix(&p.prefix)
                    .and_then(|rest| rest.strip_suffix(&p.suffix))
                    .unwrap_or(id),
                None => id,
            };
            let n: i64 = digits.parse().map_err(|_| bad())?;
            Ok(NextId {
                value: n.to_string(),
                id: kind.display_id(n),
            })
        }
        IdFormat::String => match &kind.id.pattern {
            Some(p) if !p.matches(id) => Err(bad()),
            _ => Ok(NextId {
                value: id.to_owned(),
                id: id.to_owned(),
            }),
        },
    }
}

/// The template, rendered with the new document's values (each already YAML).
fn render(new: &NewDoc, id: &NextId) -> Result<String, NewDocError> {
    let kind = new.kind;
    let (name, template) = new.template;
    let title_text = new.title.unwrap_or("Untitled");
    let status = kind.status_field().map(|(field, values)| {
        let first = values
            .iter()
            .find(|(_, phase)| *phase == Phase::Proposed)
            .or(values.first())
            .map(|(value, _)| value.as_str())
            .unwrap_or_default();
        (field, yaml_scalar(first))
    });
    let has: BTreeMap<&str, bool> = kind.fields.keys().map(|k| (k.as_str(), true)).collect();
    let owner = new
        .owner
        .filter(|_| kind.fields.contains_key("owner"))
        .map(yaml_string);

    let mut context = Context::new();
    context.insert("kind", &kind.name);
    context.insert("id_field", &kind.id.field);
    context.insert("id", &yaml_scalar(&id.value));
    context.insert("title", &yaml_string(title_text));
    context.insert("title_text", title_text);
    context.insert("status_field", &status.as_ref().map(|(f, _)| *f));
    context.insert("status", &status.as_ref().map(|(_, s)| s.as_str()));
    context.insert("owner", &owner);
    context.insert("today", &new.today.to_string());
    context.insert("has", &has);
    // A kind identified by its path has no ID field; one titled by its first heading
    // gets that heading; the sections the kind requires are there to be filled in.
    context.insert("title_from_heading", &kind.title_from_heading);
    context.insert("title_field", &kind.title_field);
    context.insert("sections", &kind.sections);

    let failed = |e: tera::Error| NewDocError::Template {
        name: name.to_owned(),
        message: error_chain(&e),
    };
    let mut tera = Tera::default();
    tera.add_raw_template(name, template).map_err(failed)?;
    tera.render(name, &context).map_err(failed)
}

/// Tera puts the useful part of a message in its causes.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// A `--field` value as YAML for the field's type: a list from `a,b`, text that stays
/// text, anything else as written (typing then checks it). `[…]` and `{…}` are YAML
/// already.
fn field_yaml(spec: Option<&FieldSpec>, raw: &str) -> String {
    let raw = raw.trim();
    if raw.starts_with(['[', '{']) {
        return raw.to_owned();
    }
    match spec.map(|s| &s.ty) {
        Some(FieldType::List(item)) if item.splits_on_commas() => {
            let items: Vec<String> = raw
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(yaml_scalar)
                .collect();
            format!("[{}]", items.join(", "))
        }
        Some(FieldType::String | FieldType::Text | FieldType::Person) => yaml_string(raw),
        _ => yaml_scalar(raw),
    }
}
