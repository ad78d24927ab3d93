//! Rules about Markdown links: `broken-link` and `broken-anchor`.

use crate::diag::{Diagnostic, Rule, Span, suggestion_help};
use crate::model::{Document, LinkTarget, Workspace};
use crate::parse::markdown::Heading;

/// A relative link to a file that does not exist, or that leaves the workspace.
pub fn broken_link(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for doc in &ws.docs {
        for link in &doc.links {
            let span = Span::new(&doc.path, link.span.clone());
            match &link.target {
                LinkTarget::File { path, .. }
                    if !exists(ws, path) && ws.index_of_link(path).is_none() =>
                {
                    let help = match ws.extensionless_target(path) {
                        // The document is there, written without `.md`.
                        Some(_) => Some(format!(
                            "did you mean `{}`? (or set `extensionless_links: true` in spex.yaml if your site serves documents without it)",
                            with_md(&link.dest)
                        )),
                        None => similar_file(ws, &doc.path, path)
                            .map(|f| format!("did you mean `{}`?", relative_to(&doc.path, f))),
                    };
                    out.push(
                        link.label_definition(
                            &doc.path,
                            Diagnostic::new(
                                Rule::BrokenLink,
                                format!("`{}` does not exist", link.dest),
                                span,
                            )
                            .with_primary_label(format!("no file at `{path}`"))
                            .with_help_opt(help),
                        ),
                    );
                }
                LinkTarget::OutsideWorkspace => out.push(
                    link.label_definition(
                        &doc.path,
                        Diagnostic::new(
                            Rule::BrokenLink,
                            format!("`{}` points outside the workspace", link.dest),
                            span,
                        )
                        .with_help("the site cannot link there: use an absolute URL"),
                    ),
                ),
                _ => {}
            }
        }
    }
}

/// A link or `[[ID#slug]]` to a heading that does not exist.
pub fn broken_anchor(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for doc in &ws.docs {
        for link in &doc.links {
            let (target, anchor) = match &link.target {
                LinkTarget::SameDocument { anchor } => (Some(doc), anchor),
                LinkTarget::File {
                    path,
                    anchor: Some(anchor),
                } => (ws.index_of_link(path).map(|i| &ws.docs[i]), anchor),
                _ => continue,
            };
            if let Some(target) = target {
                let before = out.len();
                check(ws, out, doc, link.span.clone(), target, anchor);
                if out.len() > before
                    && let Some(d) = out.pop()
                {
                    out.push(link.label_definition(&doc.path, d));
                }
            }
        }
        for r in &doc.refs {
            let (Some(anchor), Some(target)) = (&r.anchor, ws.by_id(&r.target)) else {
                continue;
            };
            check(ws, out, doc, r.span.clone(), target, anchor);
        }
    }
}

fn check(
    ws: &Workspace,
    out: &mut Vec<Diagnostic>,
    doc: &Document,
    span: std::ops::Range<usize>,
    target: &Document,
    anchor: &str,
) {
    // Raw HTML anchors (`<a name="x">`, `id="x"`) are read only here, on the rare
    // anchor no heading has, so a workspace without them pays nothing.
    let matching = ws.config.anchors;
    if target
        .headings
        .iter()
        .any(|h| matching.matches(anchor, &h.anchor))
        || crate::parse::html_anchors(target.body_text())
            .iter()
            .any(|a| matching.matches(anchor, a))
    {
        return;
    }
    let anchors = target.headings.iter().map(|h: &Heading| h.anchor.as_str());
    let help = suggestion_help(anchor, anchors).or_else(|| {
        (!target.headings.is_empty()).then(|| {
            let list: Vec<&str> = target
                .headings
                .iter()
                .take(8)
                .map(|h| h.anchor.as_str())
                .collect();
            format!("headings in `{}`: {}", target.label(), list.join(", "))
        })
    });
    let whose = if std::ptr::eq(doc, target) {
        "this document".to_owned()
    } else {
        format!("`{}`", target.label())
    };
    out.push(
        Diagnostic::new(
            Rule::BrokenAnchor,
            format!("{whose} has no heading `#{anchor}`"),
            Span::new(&doc.path, span),
        )
        .with_help_opt(help),
    );
}

/// A plausible intended target: the same file name in another folder, or a path one or
/// two edits away. Never the linking document itself.
fn similar_file<'a>(ws: &'a Workspace, from: &str, path: &str) -> Option<&'a str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    ws.files
        .iter()
        .filter(|f| f.as_str() != from)
        // The length test first: an edit distance is never below the length difference,
        // and a workspace can hold tens of thousands of files.
        .filter(|f| {
            f.rsplit('/').next() == Some(name)
                || f.len().abs_diff(path.len()) <= 2 && strsim::levenshtein(f, path) <= 2
        })
        .min_by_key(|f| (strsim::levenshtein(f, path), f.as_str()))
        .map(String::as_str)
}

fn exists(ws: &Workspace, path: &str) -> bool {
    if path.is_empty() || ws.files.contains(path) {
        return true;
    }
    // A folder link (`prds/`) is fine when the folder has files.
    let dir = format!("{}/", path.trim_end_matches('/'));
    ws.files
        .range(dir.clone()..)
        .next()
        .is_some_and(|f| f.starts_with(&dir))
}

/// `./eip-150#spec` → `./eip-150.md#spec`: the link as written, with the extension.
fn with_md(dest: &str) -> String {
    let end = dest.find(['#', '?']).unwrap_or(dest.len());
    format!("{}.md{}", &dest[..end], &dest[end..])
}

/// `to` written relative to the folder of `from`, for suggestions.
fn relative_to(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> =
        from.split('/').collect::<Vec<_>>()[..from.matches('/').count()].to_vec();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts = vec![".."; from_dir.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}
