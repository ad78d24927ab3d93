//! Code actions: the fixes spex's diagnostics carry (`data`, see `diagnostics.rs`) as
//! quick fixes, a new document for an unknown ID (planned by `spex new`'s code), and
//! section tags (`{.confidential}`, `{.sales}`…) for the heading under the cursor.
//! Pure: the compiled workspace and the request in, planned text changes out.

use std::ops::Range;

use crate::author::{NewDoc, heading_text_range, plan_new_doc, set_field, starter_template};
use crate::model::{Document, Workspace};

use super::rename::{line_edits, written_id};

/// What a diagnostic the client sends back asks for (its `data`), in byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flagged {
    pub rule: String,
    pub range: Range<usize>,
    pub fix: Option<FixData>,
}

/// A diagnostic's `data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixData {
    Replace(String),
    AddField(String),
}

/// One action: a title, the diagnostic it fixes (an index into the request's), and what
/// it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub fixes: Option<usize>,
    pub quick_fix: bool,
    pub change: Change,
}

/// What an action changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Byte ranges of the document the request is about, replaced.
    Edit(Vec<(Range<usize>, String)>),
    /// A new file (workspace-relative path) with this text.
    Create { path: String, text: String },
}

/// Everything that applies to `range` of the document at `path`, given the diagnostics
/// the client shows there.
pub fn actions(
    ws: &Workspace,
    root: &std::path::Path,
    owner: Option<&str>,
    path: &str,
    range: &Range<usize>,
    flagged: &[Flagged],
) -> Vec<Action> {
    let Some(doc) = ws.index_of_path(path).map(|i| &*ws.docs[i]) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, d) in flagged.iter().enumerate() {
        match &d.fix {
            Some(FixData::Replace(with)) => {
                let at = replaced_range(doc, &d.rule, &d.range);
                out.push(Action {
                    title: format!("Change to `{with}`"),
                    fixes: Some(i),
                    quick_fix: true,
                    change: Change::Edit(vec![(at, with.clone())]),
                });
            }
            Some(FixData::AddField(name)) => {
                if let Some(after) = set_field(&doc.text, name, "") {
                    out.push(Action {
                        title: format!("Add field `{name}`"),
                        fixes: Some(i),
                        quick_fix: true,
                        change: Change::Edit(line_edits(&doc.text, &after)),
                    });
                }
            }
            None => {}
        }
        if d.rule == "unknown-reference"
            && let Some(action) = create_for(ws, root, owner, doc, &d.range)
        {
            out.push(Action {
                fixes: Some(i),
                ..action
            });
        }
    }
    out.extend(section_tags(ws, doc, range));
    out
}

/// Where a `Replace` fix writes: the ID of a reference (its `#anchor` stays), the
/// inside of a quoted scalar, else the whole span.
fn replaced_range(doc: &Document, rule: &str, range: &Range<usize>) -> Range<usize> {
    if rule == "unknown-reference" {
        return written_id(&doc.text, range);
    }
    let written = doc.text.get(range.clone()).unwrap_or("");
    let quoted = written.len() >= 2
        && (written.starts_with('"') && written.ends_with('"')
            || written.starts_with('\'') && written.ends_with('\''));
    match quoted {
        true => range.start + 1..range.end - 1,
        false => range.clone(),
    }
}

/// "Create document `PRD-99`": a new document of the kind whose IDs look like the
/// unknown one, planned as `spex new --id PRD-99` would; none when no kind's pattern
/// fits or `spex new` would refuse (the ID is taken, the template is broken).
fn create_for(
    ws: &Workspace,
    root: &std::path::Path,
    owner: Option<&str>,
    doc: &Document,
    range: &Range<usize>,
) -> Option<Action> {
    let id = doc.text.get(written_id(&doc.text, range))?;
    let kind = ws.config.kinds.values().find(|k| {
        k.id.pattern
            .as_ref()
            .is_some_and(|p| p.matches(&id.to_ascii_uppercase()))
    })?;
    let template = starter_template(root, kind).ok()?;
    let owner = owner.filter(|_| kind.fields.contains_key("owner"));
    let planned = plan_new_doc(
        ws,
        &NewDoc {
            kind,
            title: None,
            id: Some(id),
            fields: &[],
            owner,
            today: crate::author::today(),
            template: (&template.0, &template.1),
        },
    )
    .ok()?;
    // What typing the new text finds (a required field the template leaves empty) is
    // not a reason to refuse here, as `spex new` does: the editor shows it at once.
    Some(Action {
        title: format!("Create {} `{}` in {}", kind.name, planned.id, planned.path),
        fixes: None,
        quick_fix: true,
        change: Change::Create {
            path: planned.path,
            text: planned.text,
        },
    })
}

/// "Mark section …" for each section tag the heading under `range` does not have yet.
fn section_tags(ws: &Workspace, doc: &Document, range: &Range<usize>) -> Vec<Action> {
    let Some(heading) = doc
        .headings
        .iter()
        .find(|h| h.span.start <= range.start && range.start <= h.span.end)
    else {
        return Vec::new();
    };
    let text_end = heading_text_range(&doc.text, &heading.span).end;
    let line_end = doc.text[heading.span.start..]
        .find('\n')
        .map_or(doc.text.len(), |i| heading.span.start + i);
    let after_text = &doc.text[text_end..line_end];
    // An attribute group already there (`## Pricing {.sales}`) gets the class added.
    let group_end = after_text
        .trim_start()
        .starts_with('{')
        .then(|| after_text.find('}'))
        .flatten();
    ws.config
        .section_tags()
        .filter(|tag| !heading.classes.iter().any(|c| c == tag))
        .map(|tag| {
            let edit = match group_end {
                Some(close) => (text_end + close..text_end + close, format!(" .{tag}")),
                None => (text_end..text_end, format!(" {{.{tag}}}")),
            };
            let title = match tag {
                "confidential" => "Mark section confidential: `{.confidential}`".to_owned(),
                audience => format!("Show section only to {audience}: `{{.{audience}}}`"),
            };
            Action {
                title,
                fixes: None,
                quick_fix: false,
                change: Change::Edit(vec![edit]),
            }
        })
        .collect()
}
