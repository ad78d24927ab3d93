//! Semantic diffs as text for the terminal, Markdown for pull-request comments, and JSON.

use std::fmt::Write;

use super::{DocChange, DocSummary, SemanticDiff};
use crate::diag::plural;

/// Where links point: the published site when `site_url` is an absolute URL, else the
/// file in the repository (`path_prefix` leads from the repository root to the workspace).
pub struct Links<'a> {
    pub site_url: Option<&'a str>,
    pub path_prefix: &'a str,
}

impl Links<'_> {
    pub fn url(&self, doc: &DocSummary) -> String {
        match self.site_url {
            Some(base) if !doc.kind.is_empty() && !doc.id.is_empty() => {
                let seg = crate::render::site::urls::safe_segment;
                format!("{base}{}/{}.html", seg(&doc.kind), seg(&doc.id))
            }
            _ => format!("{}{}", self.path_prefix, doc.path),
        }
    }
}

fn range_label(diff: &SemanticDiff) -> String {
    let base = diff
        .base
        .as_ref()
        .map_or("?".to_owned(), |c| c.short_id.clone());
    let head = diff
        .head
        .as_ref()
        .map_or("the work tree".to_owned(), |c| c.short_id.clone());
    format!("{base}..{head}")
}

fn name(doc: &DocSummary) -> String {
    if doc.id.is_empty() {
        doc.title.clone()
    } else {
        format!("{} {}", doc.id, doc.title)
    }
}

fn counts(diff: &SemanticDiff) -> String {
    format!(
        "{} added, {} removed, {} renamed, {} changed",
        diff.added.len(),
        diff.removed.len(),
        diff.renamed.len(),
        diff.changed.len()
    )
}

/// One line per change, for the terminal.
pub fn human(diff: &SemanticDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "spex diff {}: {}", range_label(diff), counts(diff));
    if diff.is_empty() {
        let _ = writeln!(out, "No document changed.");
    }
    for doc in &diff.added {
        let _ = writeln!(
            out,
            "  + {} ({})  {}",
            name(doc),
            doc.status.as_deref().unwrap_or("new"),
            doc.path
        );
    }
    for doc in &diff.removed {
        let _ = writeln!(out, "  - {}  {}", name(doc), doc.path);
    }
    for r in &diff.renamed {
        let _ = writeln!(out, "  ~ {}  {} → {}", name(&r.doc), r.from, r.doc.path);
    }
    for change in &diff.changed {
        let _ = writeln!(out, "  * {}", name(&change.doc));
        for line in change_lines(change) {
            let _ = writeln!(out, "      {line}");
        }
    }
    diagnostics_text(diff, &mut out, "  ");
    out
}

/// The lines describing one document's changes, shared by both text formats.
fn change_lines(change: &DocChange) -> Vec<String> {
    let mut lines = Vec::new();
    for f in &change.fields {
        let old = f.old.as_deref().unwrap_or("(none)");
        let new = f.new.as_deref().unwrap_or("(none)");
        let slip = if f.slip { " (slipped)" } else { "" };
        lines.push(format!("{}: {old} → {new}{slip}", f.field));
    }
    for r in &change.references_added {
        lines.push(format!("+ {} {}", r.field, r.target));
    }
    for r in &change.references_removed {
        lines.push(format!("- {} {}", r.field, r.target));
    }
    for item in &change.roadmap {
        lines.push(match item.change {
            "added" => format!(
                "roadmap: + {} ({})",
                item.id,
                item.to.as_deref().unwrap_or("")
            ),
            "removed" => format!(
                "roadmap: - {} (was {})",
                item.id,
                item.from.as_deref().unwrap_or("")
            ),
            _ => format!(
                "roadmap: {} moved {} → {}",
                item.id,
                item.from.as_deref().unwrap_or(""),
                item.to.as_deref().unwrap_or("")
            ),
        });
    }
    let sections: Vec<String> = change
        .sections_added
        .iter()
        .map(|s| format!("+ {s}"))
        .chain(change.sections_changed.iter().map(|s| format!("~ {s}")))
        .chain(change.sections_removed.iter().map(|s| format!("- {s}")))
        .collect();
    if !sections.is_empty() {
        lines.push(format!("sections: {}", sections.join(", ")));
    }
    lines
}

fn diagnostics_text(diff: &SemanticDiff, out: &mut String, indent: &str) {
    for (title, list) in [
        ("introduced", &diff.diagnostics_introduced),
        ("fixed", &diff.diagnostics_fixed),
        ("re-read", &diff.suspect_links),
    ] {
        for d in list {
            let _ = writeln!(
                out,
                "{indent}{title}: {}[{}] {}: {}",
                d.severity, d.rule, d.file, d.message
            );
        }
    }
}

/// A pull-request comment: short, grouped, linked.
pub fn markdown(diff: &SemanticDiff, links: &Links) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### Spec changes `{}`\n", range_label(diff));
    if diff.is_empty()
        && diff.diagnostics_introduced.is_empty()
        && diff.diagnostics_fixed.is_empty()
    {
        let _ = writeln!(out, "No document changed.");
        return out;
    }
    let _ = writeln!(out, "{}.\n", counts(diff));
    let link = |doc: &DocSummary| format!("[{}]({})", md_escape(&name(doc)), links.url(doc));
    if !diff.added.is_empty() {
        let _ = writeln!(out, "**Added**\n");
        for doc in &diff.added {
            let status = doc
                .status
                .as_deref()
                .map(|s| format!(" · `{s}`"))
                .unwrap_or_default();
            let _ = writeln!(out, "- {}{status}", link(doc));
        }
        out.push('\n');
    }
    if !diff.removed.is_empty() {
        let _ = writeln!(out, "**Removed**\n");
        for doc in &diff.removed {
            let _ = writeln!(out, "- ~~{}~~ (`{}`)", md_escape(&name(doc)), doc.path);
        }
        out.push('\n');
    }
    if !diff.renamed.is_empty() {
        let _ = writeln!(out, "**Moved**\n");
        for r in &diff.renamed {
            let _ = writeln!(out, "- {}: `{}` → `{}`", link(&r.doc), r.from, r.doc.path);
        }
        out.push('\n');
    }
    if !diff.changed.is_empty() {
        let _ = writeln!(out, "**Changed**\n");
        for change in &diff.changed {
            let _ = writeln!(out, "- {}", link(&change.doc));
            for line in change_lines(change) {
                let _ = writeln!(out, "  - {}", md_escape(&line));
            }
        }
        out.push('\n');
    }
    let sections = [
        ("New problems", &diff.diagnostics_introduced),
        ("Fixed", &diff.diagnostics_fixed),
        ("Worth re-reading", &diff.suspect_links),
    ];
    for (title, list) in sections {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{title}** ({})\n", plural(list.len(), "item"));
        for d in list {
            let _ = writeln!(
                out,
                "- `{}` {} — `{}`",
                d.rule,
                md_escape(&d.message),
                d.file
            );
        }
        out.push('\n');
    }
    out
}

/// Escapes what Markdown would read as formatting in generated text.
pub fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn json(diff: &SemanticDiff) -> String {
    // Plain data of strings, booleans and lists: serialization cannot fail.
    serde_json::to_string_pretty(diff).expect("diff serializes") + "\n"
}
