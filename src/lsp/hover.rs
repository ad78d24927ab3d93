//! Hover on an ID: what a writer wants to know about the document it names without
//! opening it; hover on a front-matter key: what the schema says of the field.

use crate::config::Role;
use crate::diag::Diagnostic;
use crate::model::{Document, Workspace};

use super::navigate::named_at;

/// Markdown about the document named under the cursor: title, kind, status, owner,
/// target, where roadmaps plan it, first paragraph, and how many diagnostics it has.
pub fn hover(
    ws: &Workspace,
    diagnostics: &[Diagnostic],
    path: &str,
    offset: usize,
) -> Option<String> {
    let (target, anchor) = named_at(ws, path, offset)?;
    let doc = &ws.docs[target];
    let mut out = format!(
        "**{}** · {}",
        doc.id.as_deref().unwrap_or(&doc.path),
        doc.title
    );
    if let Some(heading) = anchor.and_then(|a| doc.heading(a)) {
        out.push_str(&format!(" › {}", heading.text));
    }
    out.push_str("\n\n");
    let facts: Vec<String> = [
        ("kind", doc.kind_name().map(str::to_owned)),
        ("status", doc.status().map(str::to_owned)),
        ("owner", doc.text_field("owner").map(str::to_owned)),
        ("target", doc.field("target").map(|t| t.to_string())),
        ("roadmap", planned(ws, doc)),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some(format!("{name}: {}", value?)))
    .collect();
    if !facts.is_empty() {
        out.push_str(&facts.join(" · "));
        out.push_str("\n\n");
    }
    if let Some(paragraph) = first_paragraph(doc) {
        out.push_str(&paragraph);
        out.push_str("\n\n");
    }
    let count = diagnostics
        .iter()
        .filter(|d| d.primary.file == doc.path)
        .count();
    out.push_str(&match count {
        0 => "no diagnostics".to_owned(),
        1 => "1 diagnostic".to_owned(),
        n => format!("{n} diagnostics"),
    });
    Some(out)
}

/// Where the roadmaps plan the document: `now (RM-1)`, each roadmap that has it.
fn planned(ws: &Workspace, doc: &Document) -> Option<String> {
    let id = doc.id.as_deref()?;
    let places: Vec<String> = ws
        .with_role(Role::Roadmap)
        .flat_map(|(i, roadmap)| {
            ws.roadmap_items(i)
                .iter()
                .filter(|item| item.prd == id)
                .map(move |item| match item.place() {
                    place if place.is_empty() => roadmap.label().to_owned(),
                    place => format!("{place} ({})", roadmap.label()),
                })
        })
        .collect();
    (!places.is_empty()).then(|| places.join(", "))
}

/// The body's first paragraph: the first run of lines that is not a heading, a fence,
/// a list or a quote.
pub(super) fn first_paragraph(doc: &Document) -> Option<String> {
    let mut lines = Vec::new();
    for line in doc.body_text().lines() {
        let line = line.trim();
        let prose = !line.is_empty()
            && !line.starts_with(['#', '>', '-', '*', '|', '`', '<'])
            && !line.starts_with("---");
        if prose {
            lines.push(line);
        } else if !lines.is_empty() {
            break;
        }
    }
    (!lines.is_empty()).then(|| lines.join(" "))
}

/// Markdown about the front-matter key under the cursor, from the kind's schema: its
/// type, whether it is required, and its description.
pub fn field_hover(ws: &Workspace, path: &str, offset: usize) -> Option<String> {
    let doc = &ws.docs[ws.index_of_path(path)?];
    let kind = doc.kind.as_ref()?;
    if doc.front_matter_span.is_none() || offset >= doc.body.start {
        return None;
    }
    let text = &doc.text;
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    let colon = line.find(':')?;
    if line.starts_with([' ', '\t', '-', '#']) || offset > line_start + colon {
        return None;
    }
    let key = line[..colon].trim();
    if key == kind.id.field {
        let shape = kind
            .id
            .pattern
            .as_ref()
            .map_or_else(String::new, |p| format!(" · like `{p}`"));
        return Some(format!("**{key}** · the document's ID{shape} · required"));
    }
    let spec = kind.fields.get(key)?;
    let mut out = format!("**{key}** · {}", spec.ty.describe());
    if spec.required {
        out.push_str(" · required");
    }
    out.push_str(&format!("\n\nfield of kind `{}`", kind.name));
    if let Some(description) = &spec.description {
        out.push_str(&format!("\n\n{description}"));
    }
    Some(out)
}
