//! Semantic diffs as text for the terminal, Markdown for pull-request comments, and JSON.

use std::fmt::Write;

mod comment;
#[cfg(test)]
mod tests;

use comment::{COMMENT_LIMIT, Section, assemble};

use super::{DocChange, DocSummary, SemanticDiff};
use crate::diag::plural;
use crate::markup::escape::{md_escape, md_inline};
use crate::model::doc_page_base;

/// Where links point: the published site when `site_url` is an absolute URL; else the
/// file on the forge when `blob_url` is known (a pull-request comment cannot resolve a
/// relative link); else the file's path from the repository root (`path_prefix` leads
/// from there to the workspace).
pub struct Links<'a> {
    pub site_url: Option<&'a str>,
    /// `https://github.com/owner/repo/blob/<commit>/`, ending in `/`.
    pub blob_url: Option<&'a str>,
    pub path_prefix: &'a str,
}

impl Links<'_> {
    pub fn url(&self, doc: &DocSummary) -> String {
        match self.site_url {
            Some(base) if !doc.kind.is_empty() && !doc.id.is_empty() => {
                let page = doc_page_base(&doc.kind, &doc.id);
                format!("{base}{page}.html")
            }
            _ => {
                let path = url_path(&format!("{}{}", self.path_prefix, doc.path));
                format!("{}{path}", self.blob_url.unwrap_or_default())
            }
        }
    }
}

/// A repository path as a URL path: anything but unreserved characters and `/` is
/// percent-encoded, so spaces and parentheses in file names do not break the link.
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
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

/// Confidential documents that changed, as the diff may say it: a number, nothing more.
fn confidential_line(diff: &SemanticDiff) -> Option<String> {
    (diff.confidential_changed > 0).then(|| {
        format!(
            "{} changed (details only with --include-confidential)",
            plural(diff.confidential_changed, "confidential document")
        )
    })
}

/// One line per change, for the terminal.
pub fn human(diff: &SemanticDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "spex diff {}: {}", range_label(diff), counts(diff));
    if diff.is_empty() {
        let _ = writeln!(out, "No document changed.");
    }
    if let Some(line) = confidential_line(diff) {
        let _ = writeln!(out, "  {line}");
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
        for line in change_lines(change, Style::Text) {
            let _ = writeln!(out, "      {line}");
        }
    }
    diagnostics_text(diff, &mut out, "  ");
    out
}

/// How a line of a change is written: for the terminal, or as Markdown list items,
/// where a leading `+`/`-` would start a nested list and user text must be escaped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Text,
    Markdown,
}

/// The lines describing one document's changes, in either style.
fn change_lines(change: &DocChange, style: Style) -> Vec<String> {
    let md = style == Style::Markdown;
    let text = |s: &str| if md { md_inline(s) } else { s.to_owned() };
    let code = |s: &str| if md { code_span(s) } else { s.to_owned() };
    let mut lines = Vec::new();
    for f in &change.fields {
        let old = f.old.as_deref().map_or("(none)".into(), text);
        let new = f.new.as_deref().map_or("(none)".into(), text);
        let slip = if f.slip { " (slipped)" } else { "" };
        lines.push(format!("{}: {old} → {new}{slip}", text(&f.field)));
    }
    for (list, sign, word) in [
        (&change.references_added, "+", "added"),
        (&change.references_removed, "-", "removed"),
    ] {
        for r in list {
            lines.push(if md {
                format!("{word}: {} {}", code(&r.field), text(&r.target))
            } else {
                format!("{sign} {} {}", r.field, r.target)
            });
        }
    }
    if change.hidden_references > 0 {
        lines.push(super::HIDDEN_REFERENCES.to_owned());
    }
    let place = |p: &Option<String>| p.as_deref().map_or(String::new(), text);
    for item in &change.roadmap {
        let id = text(&item.id);
        lines.push(match (item.change, md) {
            ("added", false) => format!("roadmap: + {id} ({})", place(&item.to)),
            ("added", true) => format!("roadmap: added {id} ({})", place(&item.to)),
            ("removed", false) => format!("roadmap: - {id} (was {})", place(&item.from)),
            ("removed", true) => format!("roadmap: removed {id} (was {})", place(&item.from)),
            _ => format!(
                "roadmap: {id} moved {} → {}",
                place(&item.from),
                place(&item.to)
            ),
        });
    }
    if md {
        for (list, word) in [
            (&change.sections_added, "added"),
            (&change.sections_changed, "changed"),
            (&change.sections_removed, "removed"),
        ] {
            if !list.is_empty() {
                let names: Vec<String> = list.iter().map(|s| text(s)).collect();
                lines.push(format!("sections {word}: {}", names.join(", ")));
            }
        }
    } else {
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

/// A pull-request comment: short, grouped, linked, and within GitHub's comment limit
/// (counts first, long lists collapsed, then cut with a note; see `comment.rs`).
pub fn markdown(diff: &SemanticDiff, links: &Links) -> String {
    let mut head = String::new();
    let _ = writeln!(head, "### Spec changes `{}`\n", range_label(diff));
    if diff.is_empty()
        && diff.diagnostics_introduced.is_empty()
        && diff.diagnostics_fixed.is_empty()
    {
        let _ = writeln!(head, "No document changed.");
        return head;
    }
    let _ = writeln!(head, "{}.\n", counts(diff));
    if let Some(line) = confidential_line(diff) {
        let _ = writeln!(head, "{}.\n", md_escape(&line));
    }
    let mut sections = markdown_documents(diff, links);
    let lists = [
        ("New problems", &diff.diagnostics_introduced),
        ("Fixed", &diff.diagnostics_fixed),
        ("Worth re-reading", &diff.suspect_links),
    ];
    for (title, list) in lists {
        if list.is_empty() {
            continue;
        }
        let mut body = String::new();
        for d in list {
            let _ = writeln!(
                body,
                "- {} {} — {}",
                code_span(&d.rule),
                md_inline(&d.message),
                code_span(&d.file)
            );
        }
        let count = plural(list.len(), "item");
        sections.push(Section {
            heading: format!("**{title}** ({count})"),
            summary: format!("<strong>{title}</strong> ({count})"),
            items: list.len(),
            body,
        });
    }
    assemble(head, &sections, COMMENT_LIMIT)
}

/// A titled list of documents for the comment.
fn doc_section(title: &str, items: usize, body: String) -> Section {
    Section {
        heading: format!("**{title}**"),
        summary: format!("<strong>{title}</strong> ({})", plural(items, "document")),
        items,
        body,
    }
}

/// The documents added, removed, moved and changed, a list each, linked.
fn markdown_documents(diff: &SemanticDiff, links: &Links) -> Vec<Section> {
    let link = |doc: &DocSummary| format!("[{}]({})", md_escape(&name(doc)), links.url(doc));
    let mut sections = Vec::new();
    if !diff.added.is_empty() {
        let mut body = String::new();
        for doc in &diff.added {
            let status = doc
                .status
                .as_deref()
                .map(|s| format!(" · {}", code_span(s)))
                .unwrap_or_default();
            let _ = writeln!(body, "- {}{status}", link(doc));
        }
        sections.push(doc_section("Added", diff.added.len(), body));
    }
    if !diff.removed.is_empty() {
        let mut body = String::new();
        for doc in &diff.removed {
            let _ = writeln!(
                body,
                "- ~~{}~~ ({})",
                md_escape(&name(doc)),
                code_span(&doc.path)
            );
        }
        sections.push(doc_section("Removed", diff.removed.len(), body));
    }
    if !diff.renamed.is_empty() {
        let mut body = String::new();
        for r in &diff.renamed {
            let _ = writeln!(
                body,
                "- {}: {} → {}",
                link(&r.doc),
                code_span(&r.from),
                code_span(&r.doc.path)
            );
        }
        sections.push(doc_section("Moved", diff.renamed.len(), body));
    }
    if !diff.changed.is_empty() {
        let mut body = String::new();
        for change in &diff.changed {
            let _ = writeln!(body, "- {}", link(&change.doc));
            for line in change_lines(change, Style::Markdown) {
                let _ = writeln!(body, "  - {line}");
            }
        }
        sections.push(doc_section("Changed", diff.changed.len(), body));
    }
    sections
}

/// `text` as a Markdown code span, with a fence longer than any backtick run in it.
fn code_span(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if longest == 0 {
        format!("{fence}{text}{fence}")
    } else {
        format!("{fence} {text} {fence}")
    }
}

pub fn json(diff: &SemanticDiff) -> String {
    // Plain data of strings, booleans and lists: serialization cannot fail.
    serde_json::to_string_pretty(diff).expect("diff serializes") + "\n"
}
