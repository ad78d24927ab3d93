//! Rules about single references: `unknown-reference`, `wrong-reference-kind`,
//! `self-reference` and `confidential-reference`.

use super::{doc_span, resolved_refs};
use crate::config::IdFormat;
use crate::diag::{Diagnostic, Rule, Span, suggested_id};
use crate::model::{Document, LinkTarget, Workspace};

/// A reference to an ID no document has. When a document that failed to type claims
/// the ID (its front matter says so, or its file is named after it), the reference
/// points there instead of "no document has this ID": the fix is in that file.
pub fn unknown_reference(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let ids = ws.ids();
    for (from, r, to) in resolved_refs(ws) {
        if to.is_some() || r.target.is_empty() {
            continue;
        }
        let span = Span::new(&ws.docs[from].path, r.span.clone());
        out.push(unknown_reference_at(ws, &ids, &r.target, span, &|_| true));
    }
}

/// The `unknown-reference` diagnostic for a reference to `target` at `span` as a reader
/// who sees part of the workspace is told it: did-you-mean suggestions only among `ids`,
/// and a claimant named only when `shown` lets that reader see it. With every ID and
/// every document, it is what `spex check` says.
pub fn unknown_reference_at(
    ws: &Workspace,
    ids: &[&str],
    target: &str,
    span: Span,
    shown: &dyn Fn(&Document) -> bool,
) -> Diagnostic {
    if let Some(claimant) = claimant(ws, target).filter(|d| shown(d)) {
        return Diagnostic::new(
            Rule::UnknownReference,
            format!("`{target}` has errors of its own (see {})", claimant.path),
            span,
        )
        .with_primary_label("not checked until its own file is fixed")
        .with_label(doc_span(claimant), format!("`{target}` is here"))
        .with_help("fix the errors reported there; this reference then resolves");
    }
    if is_path_reference(ws, target) {
        return missing_path(ws, ids, target, span);
    }
    // An ID in a kind's own pattern (`PRD-4`) is only ever a typo of that kind's IDs.
    let pattern = ws.config.kinds.values().find_map(|k| {
        k.id.pattern
            .as_ref()
            .filter(|p| p.matches(&target.to_ascii_uppercase()))
    });
    let candidates = ids
        .iter()
        .copied()
        .filter(|id| pattern.is_none_or(|p| p.matches(id)));
    Diagnostic::new(
        Rule::UnknownReference,
        format!("unknown document ID `{target}`"),
        span,
    )
    .with_primary_label("no document has this ID")
    .with_did_you_mean(suggested_id(target, candidates))
}

/// Whether `target` is a path (`proposals/sig-node/pod-overhead`) in a workspace with
/// a kind identified by path.
fn is_path_reference(ws: &Workspace, target: &str) -> bool {
    target.contains('/')
        && ws
            .config
            .kinds
            .values()
            .any(|k| k.id.format == IdFormat::Path)
}

/// A path reference to no document: which file was looked for, whether something else
/// is there, and the nearest document path.
fn missing_path(ws: &Workspace, ids: &[&str], target: &str, span: Span) -> Diagnostic {
    let file = format!("{target}.md");
    let label = if ws.files.contains(&file) {
        format!("`{file}` exists but is not a document of a kind identified by path")
    } else {
        format!("looked for `{file}`")
    };
    let paths = ids.iter().copied().filter(|id| id.contains('/'));
    Diagnostic::new(
        Rule::UnknownReference,
        format!("path `{target}` does not exist"),
        span,
    )
    .with_primary_label(label)
    .with_help_opt(nearest_path(target, paths).map(|p| format!("did you mean `{p}`?")))
}

/// The document path a mistyped one most likely meant: a few edits away (`pod-overheads`
/// for `pod-overhead`), else the one document with the same file name in another folder
/// (a moved proposal). Ties offer nothing rather than a guess.
fn nearest_path<'a>(target: &str, paths: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let paths: Vec<&str> = paths.collect();
    let limit = (target.len() / 8).max(2);
    let mut near: Vec<(usize, &str)> = paths
        .iter()
        .map(|p| {
            (
                strsim::levenshtein(&target.to_lowercase(), &p.to_lowercase()),
                *p,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .collect();
    near.sort_unstable();
    match near.as_slice() {
        [(best, p), rest @ ..] if rest.first().is_none_or(|(next, _)| next > best) => {
            return Some(p);
        }
        [_, ..] => return None,
        [] => {}
    }
    let name = target.rsplit('/').next()?;
    let mut same_name = paths.iter().filter(|p| p.rsplit('/').next() == Some(name));
    match (same_name.next(), same_name.next()) {
        (Some(p), None) => Some(p),
        _ => None,
    }
}

/// A document without a usable ID (an unknown kind, front matter that did not parse, an
/// invalid `id`) that claims `id`: an `id:` line saying it, or a file named after it.
fn claimant<'a>(ws: &'a Workspace, id: &str) -> Option<&'a Document> {
    ws.docs
        .iter()
        .map(|d| &**d)
        // Front matter is what makes a file claim an ID: a plain page is only a page.
        .filter(|d| d.id.is_none() && d.text.starts_with("---"))
        .find(|d| {
            claimed_id_line(d).is_some_and(|c| c.eq_ignore_ascii_case(id)) || named_after(d, id)
        })
}

/// The value of an `id:` line in a document's front matter, read as text: the front
/// matter may be what failed to parse.
fn claimed_id_line(doc: &Document) -> Option<&str> {
    let text = doc.text.strip_prefix("---")?;
    text.lines()
        .skip(1)
        .take_while(|line| line.trim_end() != "---")
        .find_map(|line| line.strip_prefix("id:"))
        .map(|value| value.trim().trim_matches(['"', '\'']))
}

/// `prds/PRD-4.md`, `prds/PRD-4-returns.md` for `PRD-4`.
fn named_after(doc: &Document, id: &str) -> bool {
    let name = doc.path.rsplit('/').next().unwrap_or(&doc.path);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    stem.get(..id.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(id))
        && stem[id.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// A reference field pointing at a kind it does not allow.
pub fn wrong_reference_kind(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for (from, r, to) in resolved_refs(ws) {
        let (Some(field), Some(to)) = (r.field(), to) else {
            continue;
        };
        let target = &ws.docs[to];
        let Some(kind) = target.kind_name() else {
            continue;
        };
        if field.kinds.is_empty() || field.kinds.iter().any(|k| k == kind) {
            continue;
        }
        let doc = &ws.docs[from];
        let expected = field.kinds.join(" or ");
        out.push(
            Diagnostic::new(
                Rule::WrongReferenceKind,
                format!(
                    "`{}` expects {}, but `{}` is {}",
                    field.path,
                    with_article(&expected),
                    r.target,
                    with_article(kind)
                ),
                Span::new(&doc.path, r.span.clone()),
            )
            .with_label(
                doc_span(target),
                format!("`{}` is defined here as {}", r.target, with_article(kind)),
            ),
        );
    }
}

/// "an objective", "a prd".
fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// A document that references itself.
pub fn self_reference(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for (from, r, to) in resolved_refs(ws) {
        if to != Some(from) || r.anchor.is_some() && r.field().is_none() {
            // `[[PRD-1#section]]` inside PRD-1 is a fine way to link to its own heading.
            continue;
        }
        let doc = &ws.docs[from];
        out.push(
            Diagnostic::new(
                Rule::SelfReference,
                format!("`{}` references itself", r.target),
                Span::new(&doc.path, r.span.clone()),
            )
            .with_help("remove the reference, or point it at the document you meant"),
        );
    }
}

/// Marked `confidential: true`. A document hidden only because its front matter is
/// broken is hidden too, but referring to it is not this rule's business: its own
/// error already says what to fix.
fn marked(doc: &crate::model::Document) -> bool {
    doc.confidentiality == crate::model::Confidentiality::Confidential
}

/// A non-confidential document referencing (or linking to) a confidential one.
pub fn confidential_reference(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let message = |id: &str| format!("`{id}` is confidential, but this document is not");
    let help = |doc: &crate::model::Document| {
        if doc.is_spec() {
            "published output shows the reference as \"a confidential document\", which tells readers one exists: mark this document `confidential: true` or remove the reference"
        } else {
            "published output shows the reference as \"a confidential document\", which tells readers one exists: remove the reference (a page without front matter cannot be confidential)"
        }
    };
    for (from, r, to) in resolved_refs(ws) {
        let Some(to) = to else { continue };
        let doc = &ws.docs[from];
        if to != from && marked(&ws.docs[to]) && !doc.is_confidential() {
            out.push(
                Diagnostic::new(
                    Rule::ConfidentialReference,
                    message(&r.target),
                    Span::new(&doc.path, r.span.clone()),
                )
                .with_help(help(doc)),
            );
        }
    }
    for doc in ws.docs.iter().filter(|d| !d.is_confidential()) {
        for link in &doc.links {
            let LinkTarget::File { path, .. } = &link.target else {
                continue;
            };
            let Some(target) = ws.index_of_link(path).map(|i| &ws.docs[i]) else {
                continue;
            };
            if marked(target) {
                out.push(
                    link.label_definition(
                        &doc.path,
                        Diagnostic::new(
                            Rule::ConfidentialReference,
                            message(target.label()),
                            Span::new(&doc.path, link.span.clone()),
                        )
                        .with_help(help(doc)),
                    ),
                );
            }
        }
    }
}
