//! Resolve stage: parsed files + config → the typed [`Workspace`] and the diagnostics
//! that need only one document at a time (schema, IDs), plus duplicate IDs.
//! Cross-document rules run afterwards, in `validate`.

mod active_content;
mod conventions;
mod detect;
mod linked_files;
mod links;
mod plain_page;
mod typing;

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

pub use conventions::id_places as file_name_id_places;
pub use linked_files::{LinkedFiles, linked_files};
pub use links::{normalize, percent_decode, resolve_link};
pub use typing::canonical_id;

use crate::config::{Config, IdFormat, KindSpec};
use crate::diag::{Diagnostic, Rule, Span, did_you_mean};
use crate::model::{
    Confidentiality, DocIdx, Document, RefOrigin, Reference, ResolvedLink, Workspace,
};
use crate::parse::markdown::Link;
use crate::parse::yaml::{Node, Value};
use crate::parse::{LinkKind, ParsedDoc};
use detect::{Detected, detect_kind};
use typing::{RecordContext, Typer};

/// Builds the workspace from parsed documents. `files` lists every file in the tree.
pub fn resolve(
    config: &Arc<Config>,
    parsed: Vec<ParsedDoc>,
    files: BTreeSet<String>,
) -> (Workspace, Vec<Diagnostic>) {
    let results: Vec<(Document, Vec<Diagnostic>)> = parsed
        .into_par_iter()
        .map(|p| resolve_document(config, p))
        .collect();
    let mut diagnostics = Vec::new();
    let mut docs = Vec::with_capacity(results.len());
    for (doc, diags) in results {
        docs.push(Arc::new(doc));
        diagnostics.extend(diags);
    }
    let (workspace, more) = assemble(config, docs, files);
    diagnostics.extend(more);
    (workspace, diagnostics)
}

/// Builds the workspace from documents resolved one by one, reporting what only shows
/// across documents at this stage (duplicate IDs). Watch mode resolves only the
/// documents that changed and assembles again.
pub fn assemble(
    config: &Arc<Config>,
    docs: Vec<Arc<Document>>,
    files: BTreeSet<String>,
) -> (Workspace, Vec<Diagnostic>) {
    let workspace = Workspace::new(config.clone(), docs, files);
    let diagnostics = duplicate_ids(&workspace);
    (workspace, diagnostics)
}

/// Every document after the first (by path) that claims an ID.
pub fn duplicate_ids(ws: &Workspace) -> Vec<Diagnostic> {
    (0..ws.docs.len())
        .filter_map(|i| duplicate_id_of(ws, i))
        .collect()
}

/// Document `i`'s `duplicate-id`, when another document before it claims its ID.
pub fn duplicate_id_of(ws: &Workspace, i: DocIdx) -> Option<Diagnostic> {
    let doc = &ws.docs[i];
    let (Some(id), Some(span)) = (&doc.id, &doc.id_span) else {
        return None;
    };
    // The workspace's index maps each ID to its first document.
    let first = ws.index_of_id(id).filter(|&first| first != i)?;
    let original = &ws.docs[first];
    let mut d = Diagnostic::new(
        Rule::DuplicateId,
        format!("`{id}` is already the ID of `{}`", original.path),
        Span::new(&doc.path, span.clone()),
    )
    .with_primary_label("used again here")
    .with_help("give this document a new ID; references resolve to the first one");
    if let Some(first_span) = &original.id_span {
        d = d.with_label(
            Span::new(&original.path, first_span.clone()),
            "first used here",
        );
    }
    Some(d)
}

/// Whether the document is public, from its raw front matter: only an absent or clean
/// `false` `confidential` field in front matter that parsed counts as public.
pub(crate) fn confidentiality(
    front_matter: Option<&Node>,
    has_front_matter: bool,
) -> Confidentiality {
    match front_matter {
        None if has_front_matter => Confidentiality::Unsure,
        None => Confidentiality::Public,
        Some(fm) => match fm.get("confidential").map(|n| &n.value) {
            None | Some(Value::Bool(false)) => Confidentiality::Public,
            Some(Value::Bool(true)) => Confidentiality::Confidential,
            Some(_) => Confidentiality::Unsure,
        },
    }
}

/// Types one parsed document against the schema: pure, independent of the others.
pub fn resolve_document(config: &Config, parsed: ParsedDoc) -> (Document, Vec<Diagnostic>) {
    let ParsedDoc {
        path,
        text,
        front_matter,
        has_front_matter,
        body,
        outline,
        mut diagnostics,
    } = parsed;
    let mut doc = Document {
        title: String::new(),
        kind: None,
        id: None,
        id_span: None,
        fields: Default::default(),
        front_matter_ok: front_matter.is_some() || !has_front_matter,
        confidentiality: confidentiality(front_matter.as_ref(), has_front_matter),
        front_matter_span: front_matter.as_ref().map(|f| f.span.clone()),
        body,
        headings: outline.headings,
        sections: outline.sections,
        links: Vec::new(),
        refs: Vec::new(),
        deep_html: outline.deep_html,
        path,
        text,
        status_cache: None,
    };

    match &front_matter {
        Some(fm) => match detect_kind(config, &doc.path, fm, &mut diagnostics) {
            Detected::Spec(kind) => type_spec(config, &mut doc, kind, fm, &mut diagnostics),
            Detected::Page => {
                if let Some(title) =
                    plain_page::plain_page_title(config, &doc.path, fm, &mut diagnostics)
                {
                    doc.title = title;
                }
            }
            Detected::Unknown => doc.kind = None,
        },
        // Front matter that did not parse: keep the kind the path suggests and salvage
        // the ID, so one YAML typo does not turn every reference to it into an error.
        None if has_front_matter => {
            if let Some(kind) = config.kinds.values().find(|k| k.paths.is_match(&doc.path)) {
                doc.id = salvage_id(&doc.path, &doc.text, kind);
                doc.kind = Some(kind.clone());
            }
        }
        None => {}
    }
    doc.status_cache = doc.read_status();

    let from_heading = doc.kind.as_ref().is_some_and(|k| k.title_from_heading);
    if doc.title.is_empty() && from_heading {
        doc.title = outline.first_h1.clone().unwrap_or_default();
    }
    if doc.title.is_empty() {
        let field = doc
            .kind
            .as_ref()
            .map_or("title", |k| k.title_field.as_str());
        doc.title = doc
            .text_field(field)
            .map(str::to_owned)
            .or(outline.first_h1)
            .unwrap_or_else(|| file_stem(&doc.path));
    }

    add_body_links(config, &mut doc, outline.links);
    check_section_tags(config, &doc, &mut diagnostics);
    (doc, diagnostics)
}

/// The body's `[[ID]]` references and Markdown links, resolved from the document.
fn add_body_links(config: &Config, doc: &mut Document, links: Vec<Link>) {
    for link in links {
        match link.kind {
            LinkKind::Wiki => {
                let (id, anchor) = match link.dest.split_once('#') {
                    Some((id, anchor)) => (id.trim(), Some(anchor.trim().to_owned())),
                    None => (link.dest.trim(), None),
                };
                doc.refs.push(Reference {
                    target: canonical_id(config, id, &[]),
                    anchor,
                    span: link.span,
                    origin: RefOrigin::Text,
                });
            }
            LinkKind::Inline | LinkKind::Image => doc.links.push(ResolvedLink {
                target: resolve_link(&doc.path, &link.dest),
                dest: link.dest,
                span: link.span,
                image: link.kind == LinkKind::Image,
                definition: link.definition,
            }),
        }
    }
}

fn type_spec(
    config: &Config,
    doc: &mut Document,
    kind: Arc<KindSpec>,
    fm: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let id_field = kind.id.field.clone();
    let by_path = kind.id.format == IdFormat::Path;
    if by_path {
        doc.id = Some(IdFormat::path_id(&doc.path));
    }
    match fm.get(&id_field) {
        _ if by_path => {}
        Some(node) if !matches!(node.value, Value::Null) => {
            doc.id_span = Some(node.span.clone());
            doc.id = check_id(&kind, node, &doc.path, diagnostics);
            if doc.id.is_some() {
                conventions::check_file_name(&kind, &doc.path, node, diagnostics);
            }
        }
        _ => {
            let at = fm.span.start..fm.span.start;
            diagnostics.push(
                Diagnostic::new(
                    Rule::MissingField,
                    format!("missing ID field `{id_field}` for kind `{}`", kind.name),
                    Span::new(&doc.path, at),
                )
                .with_help(match &kind.id.pattern {
                    Some(p) => format!(
                        "add `{id_field}: {}` with a number no other document uses",
                        p
                    ),
                    None => format!("add `{id_field}: …`"),
                }),
            );
        }
    }
    let mut typer = Typer::new(&doc.path, &doc.text, config);
    typer.removed = &kind.removed;
    let what = format!("kind `{}`", kind.name);
    let extra = ["kind", if by_path { "kind" } else { id_field.as_str() }];
    let ctx = RecordContext {
        path: "",
        what: &what,
        extra_keys: &extra,
    };
    doc.fields = typer.record(fm, &kind.fields, &ctx);
    conventions::check_field_order(&kind, &doc.path, fm, &mut typer.diagnostics);
    let at = typing::first_line(&doc.text, &fm.span);
    conventions::check_sections(
        &kind,
        &doc.path,
        fm,
        &doc.headings,
        at,
        &mut typer.diagnostics,
    );
    diagnostics.append(&mut typer.diagnostics);
    doc.refs = typer.refs;
    doc.kind = Some(kind);
}

/// The canonical ID, or `None` with an `invalid-id` diagnostic.
fn check_id(
    kind: &KindSpec,
    node: &Node,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let span = Span::new(path, node.span.clone());
    match kind.id.format {
        // Never read: the document's path is its ID.
        IdFormat::Path => None,
        IdFormat::Integer => {
            let n = match &node.value {
                Value::Int(n) => Some(*n),
                Value::Str(s) => s.trim().parse().ok(),
                _ => None,
            };
            match n {
                Some(n) if n >= 0 => Some(kind.display_id(n)),
                _ => {
                    let shown = node
                        .value
                        .scalar_text()
                        .unwrap_or_else(|| node.value.type_name().into());
                    diagnostics.push(
                        Diagnostic::new(
                            Rule::InvalidId,
                            format!("`{shown}` is not a valid {} ID", kind.name),
                            span,
                        )
                        .with_help(format!("kind `{}` uses whole numbers as IDs", kind.name)),
                    );
                    None
                }
            }
        }
        IdFormat::String => {
            let Some(id) = node.value.scalar_text().map(|s| s.trim().to_owned()) else {
                diagnostics.push(Diagnostic::new(
                    Rule::InvalidId,
                    format!("the ID must be a string, found {}", node.value.type_name()),
                    span,
                ));
                return None;
            };
            match &kind.id.pattern {
                Some(pattern) if !pattern.matches(&id) => {
                    diagnostics.push(
                        Diagnostic::new(
                            Rule::InvalidId,
                            format!(
                                "`{id}` does not match the {} ID pattern `{pattern}`",
                                kind.name
                            ),
                            span,
                        )
                        .with_help(format!(
                            "{} IDs look like `{}`",
                            kind.name,
                            pattern.display(12)
                        )),
                    );
                    None
                }
                _ if id.is_empty()
                    || id.contains(|c: char| c.is_whitespace() || c == '#' || c == '/') =>
                {
                    diagnostics.push(
                        Diagnostic::new(Rule::InvalidId, format!("`{id}` cannot be an ID"), span)
                            .with_help("IDs may not be empty or contain spaces, `#` or `/`"),
                    );
                    None
                }
                _ => Some(id),
            }
        }
    }
}

/// Finds `id: X` in front matter that failed to parse (for a kind identified by path,
/// the path is the ID whatever the front matter says).
fn salvage_id(path: &str, text: &str, kind: &KindSpec) -> Option<String> {
    if kind.id.format == IdFormat::Path {
        return Some(IdFormat::path_id(path));
    }
    let prefix = format!("{}:", kind.id.field);
    let line = text
        .lines()
        .skip(1)
        .take_while(|l| l.trim_end() != "---")
        .find(|l| l.starts_with(&prefix))?;
    let value = line[prefix.len()..].trim().trim_matches(['"', '\'']);
    match kind.id.format {
        IdFormat::Path => None,
        IdFormat::Integer => value.parse().ok().map(|n| kind.display_id(n)),
        IdFormat::String => kind
            .id
            .pattern
            .as_ref()
            .is_none_or(|p| p.matches(value))
            .then(|| value.to_owned())
            .filter(|v| !v.is_empty()),
    }
}

/// A heading class close to a section tag (`{.sale}`) is almost certainly a typo that
/// would leak a section to the wrong audience; other classes are styling and allowed.
fn check_section_tags(config: &Config, doc: &Document, diagnostics: &mut Vec<Diagnostic>) {
    let tags: Vec<&str> = config.section_tags().collect();
    for heading in doc.headings.iter().filter(|h| h.confidential_repaired) {
        diagnostics.push(
            Diagnostic::new(
                Rule::InvalidValue,
                "this heading asks for `{.confidential}` in a form Markdown does not read as a section tag".to_string(),
                Span::new(&doc.path, heading.span.clone()),
            )
            .with_primary_label("hidden as confidential all the same")
            .with_help("end the heading with exactly `{.confidential}` (a dot, lowercase, nothing after it)"),
        );
    }
    for heading in &doc.headings {
        for class in &heading.classes {
            // (A repaired `{.confidental}` is reported above, once.)
            if tags.contains(&class.as_str()) || heading.confidential_repaired {
                continue;
            }
            if let Some(tag) = did_you_mean(class, tags.iter().copied()) {
                let line = &doc.text[heading.span.clone()];
                let at = line
                    .rfind(&format!(".{class}"))
                    .map_or(heading.span.clone(), |i| {
                        heading.span.start + i..heading.span.start + i + class.len() + 1
                    });
                diagnostics.push(
                    Diagnostic::new(
                        Rule::InvalidValue,
                        format!("unknown section tag `.{class}`"),
                        Span::new(&doc.path, at),
                    )
                    .with_did_you_mean(Some(&format!(".{tag}"))),
                );
            }
        }
    }
}

fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_owned()
}
