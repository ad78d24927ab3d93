//! Requests that look at the last compilation: where things are (definition,
//! references, symbols) and what they are (hover, inlay hints, code lens).

use std::collections::BTreeMap;

use lsp_types::{
    CodeLens, Command, DocumentSymbol, Hover, HoverContents, InlayHint, InlayHintLabel,
    InlayHintParams, Location, MarkupContent, MarkupKind, OneOf, SymbolKind,
    TextDocumentPositionParams, Uri, WorkspaceSymbol, WorkspaceSymbolResponse,
};
use serde_json::Value;

use super::{SHOW_REFERENCES, Server, doc_at, json};
use crate::Compilation;
use crate::load::SourceTree;
use crate::lsp::convert::Lines;
use crate::lsp::inlay::hints;
use crate::lsp::lens::lens;
use crate::lsp::symbols::{Symbol, outline, workspace_symbols};
use crate::lsp::uri::{from_path, to_path};
use crate::lsp::{hover, navigate};
use crate::model::Document;

impl<T: SourceTree> Server<T> {
    /// The compiled document at a URI, its path and the byte offset of a position in it.
    pub(super) fn at(
        &self,
        at: &TextDocumentPositionParams,
    ) -> Option<(&Compilation, String, usize)> {
        let compilation = self.compilation.as_ref()?;
        let path = to_path(&self.root, &at.text_document.uri)?;
        let doc = doc_at(&compilation.workspace, &path)?;
        let offset = Lines::new(&doc.text).offset(at.position);
        Some((compilation, path, offset))
    }

    pub(super) fn location(&self, place: &navigate::Place) -> Option<Location> {
        self.locations(std::slice::from_ref(place)).pop()
    }

    /// The places as LSP locations, each file's line index built once (a document with
    /// thousands of backlinks from one big file must not index it thousands of times).
    pub(super) fn locations(&self, places: &[navigate::Place]) -> Vec<Location> {
        let Some(c) = &self.compilation else {
            return Vec::new();
        };
        let ws = &c.workspace;
        let mut lines: BTreeMap<&str, Lines> = BTreeMap::new();
        let mut out = Vec::with_capacity(places.len());
        for place in places {
            let range = match doc_at(ws, &place.path) {
                Some(doc) => lines
                    .entry(doc.path.as_str())
                    .or_insert_with(|| Lines::new(&doc.text))
                    .range(&place.range),
                // A linked file that is no document (an image, a PDF): its start.
                None if ws.files.contains(&place.path) => lsp_types::Range::default(),
                None => continue,
            };
            out.push(Location::new(from_path(&self.root, &place.path), range));
        }
        out
    }

    pub(super) fn definition(&self, at: &TextDocumentPositionParams) -> Value {
        let place = self
            .at(at)
            .and_then(|(c, path, offset)| navigate::definition(&c.workspace, &path, offset));
        json(place.and_then(|p| self.location(&p)))
    }

    pub(super) fn hover(&self, at: &TextDocumentPositionParams) -> Value {
        let Some((c, path, offset)) = self.at(at) else {
            return Value::Null;
        };
        let text = hover::hover(&c.workspace, &c.diagnostics, &path, offset)
            .or_else(|| hover::field_hover(&c.workspace, &path, offset));
        json(text.map(|value| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: None,
        }))
    }

    pub(super) fn references(&self, at: &TextDocumentPositionParams, declaration: bool) -> Value {
        let Some((c, path, offset)) = self.at(at) else {
            return Value::Null;
        };
        let places = navigate::references(&c.workspace, &path, offset, declaration);
        json(self.locations(&places))
    }

    pub(super) fn find_symbols(&self, query: &str) -> Value {
        let Some(c) = &self.compilation else {
            return Value::Null;
        };
        let found: Vec<WorkspaceSymbol> = workspace_symbols(&c.workspace, query)
            .into_iter()
            .filter_map(|found| {
                let place = navigate::Place {
                    path: found.path,
                    range: found.range,
                };
                Some(WorkspaceSymbol {
                    name: found.name,
                    kind: SymbolKind::FILE,
                    tags: None,
                    container_name: None,
                    location: OneOf::Left(self.location(&place)?),
                    data: None,
                })
            })
            .collect();
        json(WorkspaceSymbolResponse::Nested(found))
    }

    /// The last compilation, with the workspace path and document of an open `uri`.
    pub(super) fn compiled_doc(&self, uri: &Uri) -> Option<(&Compilation, String, &Document)> {
        let c = self.compilation.as_ref()?;
        let path = to_path(&self.root, uri)?;
        let doc = doc_at(&c.workspace, &path)?;
        Some((c, path, doc))
    }

    pub(super) fn inlay_hints(&self, params: &InlayHintParams) -> Value {
        let Some((c, path, doc)) = self.compiled_doc(&params.text_document.uri) else {
            return Value::Null;
        };
        let lines = Lines::new(&doc.text);
        let range = lines.offset(params.range.start)..lines.offset(params.range.end);
        let answer: Vec<InlayHint> = hints(&c.workspace, &path, &range)
            .into_iter()
            .map(|hint| InlayHint {
                position: lines.position(hint.at),
                label: InlayHintLabel::String(hint.label),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect();
        json(answer)
    }

    /// The backlink count on the title. Clicking it runs [`SHOW_REFERENCES`] with the
    /// document and the lens's position: a client-side command (the VS Code extension
    /// registers it) that asks for the references there, which are the backlinks.
    pub(super) fn code_lens(&self, uri: &Uri) -> Value {
        let Some((c, path, doc)) = self.compiled_doc(uri) else {
            return Value::Null;
        };
        let Some(found) = lens(&c.workspace, &path) else {
            return json(Vec::<CodeLens>::new());
        };
        let range = Lines::new(&doc.text).range(&found.on);
        json(vec![CodeLens {
            range,
            command: Some(Command {
                title: found.title(),
                command: SHOW_REFERENCES.to_owned(),
                arguments: Some(vec![json!(uri), json(range.start)]),
            }),
            data: None,
        }])
    }

    pub(super) fn symbols(&self, uri: &Uri) -> Value {
        let doc = self.compilation.as_ref().and_then(|c| {
            let path = to_path(&self.root, uri)?;
            doc_at(&c.workspace, &path)
        });
        let Some(doc) = doc else {
            return Value::Null;
        };
        let lines = Lines::new(&doc.text);
        let symbols: Vec<DocumentSymbol> = outline(doc)
            .into_iter()
            .map(|s| document_symbol(&lines, s))
            .collect();
        json(symbols)
    }
}

#[allow(
    deprecated,
    reason = "`deprecated` is a required field of the LSP type"
)]
fn document_symbol(lines: &Lines, symbol: Symbol) -> DocumentSymbol {
    DocumentSymbol {
        name: symbol.name,
        detail: None,
        kind: SymbolKind::STRING,
        tags: None,
        deprecated: None,
        range: lines.range(&symbol.range),
        selection_range: lines.range(&symbol.selection),
        children: Some(
            symbol
                .children
                .into_iter()
                .map(|s| document_symbol(lines, s))
                .collect(),
        ),
    }
}
