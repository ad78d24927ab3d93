//! The `new_document` tool: a new document written through the code of `spex new` (the
//! kind's starter, the next free ID, the kind's file name, typed before it is written),
//! then checked against the whole workspace as a draft, and written only if that finds no
//! error. In: the kind, title, field values and an optional body. Out: the path and ID
//! written, with the draft's diagnostics; or a tool error saying why nothing was written.
//! Only a server started with `--allow-write` writes at all.

use std::io::Write;

use serde_json::{Map, Value, json};

use super::answers::{Answer, check_text, kind_named, next_free_id};
use super::live::{LiveWorkspace, error_text};
use super::viewer::Viewer;
use crate::author::{NewDoc, plan_new_doc, starter_template, today};
use crate::diag::Severity;

/// What the agent asked to create.
pub struct Request<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub fields: &'a Map<String, Value>,
    pub body: Option<&'a str>,
}

/// `new_document`: plans, checks and writes the document.
pub fn new_document(live: &mut LiveWorkspace, viewer: &Viewer, request: &Request) -> Answer {
    let fields = field_pairs(request.fields)?;
    let owner = live.repo().ok().and_then(|repo| repo.user_name());
    let compilation = live.fresh();
    let kind = kind_named(&compilation.workspace.config, request.kind)?.clone();
    let (template_name, template) =
        starter_template(live.root(), &kind).map_err(|e| error_text(&e))?;
    let root = live.root().to_path_buf();
    let compilation = live.fresh();
    // The ID `next_id` offers this reader: clashes with no document, also one the agent
    // cannot see, yet does not count the hidden ones (which would reveal their numbers).
    let next = match kind.id.format {
        crate::config::IdFormat::Path => None,
        _ => {
            let policy = viewer.policy(&compilation.workspace.config)?;
            Some(next_free_id(compilation, &policy, &kind)?)
        }
    };
    let planned = plan_new_doc(
        &compilation.workspace,
        &NewDoc {
            kind: &kind,
            title: Some(request.title),
            id: next.as_ref().map(|n| n.value.as_str()),
            fields: &fields,
            owner: owner.as_deref(),
            today: today(),
            template: (&template_name, &template),
        },
    )
    .map_err(|e| e.to_string())?;
    let text = match request.body {
        Some(body) => with_body(&planned.text, body),
        None => planned.text.clone(),
    };
    let target = root.join(&planned.path);
    if target.symlink_metadata().is_ok() {
        return Err(format!(
            "`{}` exists; new_document never overwrites",
            planned.path
        ));
    }
    let (draft, hidden) = live.with_draft(viewer, &planned.path, &text)?;
    let policy = viewer.policy(&draft.workspace.config)?;
    let report = check_text(&draft, &hidden, &policy, &planned.path)?;
    if report["document"].is_null() {
        // Whoever the server answers for would not see the document it wrote: its
        // diagnostics were hidden from them, so it cannot be checked for them either.
        return Err(format!(
            "not written: a {} is not shown to the reader this server answers for",
            kind.name
        ));
    }
    let errors = draft
        .diagnostics
        .iter()
        .filter(|d| d.primary.file == planned.path && d.severity == Severity::Error)
        .count();
    // Errors the reader is told of count too: a reference to a document they may not
    // see is unknown to them, though the workspace has it.
    let errors = errors.max(report["errors"].as_u64().unwrap_or(0) as usize);
    if errors > 0 {
        // The count is of the errors this reader may see: the total would tell them
        // that hidden ones exist (an unknown reference to a confidential document is
        // hidden, for instance, because it names that document).
        let shown = report["errors"].as_u64().unwrap_or(0);
        let count = if shown > 0 {
            format!("{shown} error(s)")
        } else {
            "errors".to_owned()
        };
        return Err(format!(
            "not written: the document would have {count}; fix the fields or body and call again. Diagnostics: {}",
            report["diagnostics"]
        ));
    }
    write_new(&target, &text)?;
    live.written(std::path::Path::new(&planned.path));
    Ok(json!({
        "path": planned.path,
        "id": planned.id,
        "text": text,
        "warnings": report["warnings"],
        "diagnostics": report["diagnostics"],
    }))
}

/// Field values as `spex new --field KEY=VALUE` takes them: strings as written, lists
/// and objects in JSON's flow syntax (which YAML reads too), numbers and booleans as such.
fn field_pairs(fields: &Map<String, Value>) -> Result<Vec<(String, String)>, String> {
    fields
        .iter()
        .map(|(key, value)| {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Null => return Err(format!("field `{key}` is null: leave it out instead")),
                other => other.to_string(),
            };
            Ok((key.clone(), text))
        })
        .collect()
}

/// The planned text with its body (everything after the front matter) replaced.
fn with_body(planned: &str, body: &str) -> String {
    let front_matter_end = planned
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|at| 4 + at + 5))
        .unwrap_or(0);
    let body = body.trim_start_matches('\n');
    let mut text = format!("{}\n{body}", &planned[..front_matter_end]);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// Creates `path` with `text`, never over an existing file.
fn write_new(path: &std::path::Path, text: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write `{}`: {e}", path.display());
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_body_replaces_the_starters() {
        let planned = "---\nid: PRD-3\ntitle: T\n---\n\n## Problem\n\nTODO\n";
        assert_eq!(
            with_body(planned, "Why.\n\n## Goals\n"),
            "---\nid: PRD-3\ntitle: T\n---\n\nWhy.\n\n## Goals\n"
        );
    }

    #[test]
    fn fields_read_as_spex_new_reads_them() {
        let fields: Map<String, Value> =
            serde_json::from_str(r#"{"owner":"Ann","objectives":["OBJ-1"],"confidence":2}"#)
                .expect("json");
        assert_eq!(
            field_pairs(&fields).expect("pairs"),
            [
                ("confidence".to_owned(), "2".to_owned()),
                ("objectives".to_owned(), r#"["OBJ-1"]"#.to_owned()),
                ("owner".to_owned(), "Ann".to_owned()),
            ]
        );
    }
}
