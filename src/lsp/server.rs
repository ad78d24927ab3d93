//! The server's state and main loop: edits are kept as they arrive and compiled after a
//! quiet spell (or before a request needs them), so typing never waits for a compile.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest, References,
    RegisterCapability, Request as _,
};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionOptions, CompletionParams, CompletionTextEdit,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentSymbol, DocumentSymbolParams, Documentation,
    GotoDefinitionParams, Hover, HoverContents, HoverParams, HoverProviderCapability, Location,
    MarkupContent, MarkupKind, OneOf, PublishDiagnosticsParams, ReferenceParams, Registration,
    RegistrationParams, ServerCapabilities, SymbolKind, TextDocumentPositionParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri,
};
use serde_json::{Value, json};

use super::complete::{Candidate, What, complete};
use super::convert::Lines;
use super::diagnostics::{by_file, to_lsp};
use super::symbols::{Symbol, outline};
use super::uri::{from_path, to_path};
use super::{hover, navigate};
use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Files};
use crate::load::SourceTree;
use crate::model::{Document, Workspace};
use crate::{Compilation, Compiler, LoadedConfig};

/// How long edits wait for the next keystroke before they are compiled.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// A language server over one workspace.
pub struct Server<T> {
    root: PathBuf,
    compiler: Compiler<T>,
    compilation: Option<Compilation>,
    /// Edits not compiled yet: an open buffer's text, or `None` for a closed one.
    pending: BTreeMap<String, Option<Arc<str>>>,
    /// Files changed on disk (told by the client) not compiled yet.
    on_disk: BTreeSet<String>,
    /// When pending edits are compiled, unless a request needs them first.
    due: Option<Instant>,
    /// spex.yaml's own problems and its text. They are not the compiler's: it keeps
    /// compiling with the last good config, so they are published beside its diagnostics.
    config_problems: Vec<Diagnostic>,
    config_files: Files,
    /// The config problems changed since they were last published.
    config_changed: bool,
}

/// What the server answers to `initialize`.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        definition_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["[".into(), " ".into()]),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

impl<T: SourceTree> Server<T> {
    /// A server for the workspace at `root` (absolute), compiled by `compiler`.
    pub fn new(root: PathBuf, compiler: Compiler<T>) -> Server<T> {
        Server {
            root,
            compiler,
            compilation: None,
            pending: BTreeMap::new(),
            on_disk: BTreeSet::new(),
            due: None,
            config_problems: Vec::new(),
            config_files: Files::default(),
            config_changed: false,
        }
    }

    /// spex.yaml's problems as the server starts (see [`LoadedConfig`]); later versions
    /// of spex.yaml, edited or saved, replace them.
    pub fn set_config_problems(&mut self, loaded: &LoadedConfig) {
        self.config_changed = self.config_problems != loaded.diagnostics;
        self.config_problems = loaded.diagnostics.clone();
        self.config_files = loaded.files.clone();
    }

    /// Compiles what changed since the last compile and returns `publishDiagnostics` for
    /// every file whose diagnostics changed (the first compile: every file with any).
    pub fn compile(&mut self) -> Vec<Notification> {
        let mut applied = Vec::new();
        for (path, text) in std::mem::take(&mut self.pending) {
            applied.push(match text {
                Some(text) => self.compiler.set_overlay(&path, text),
                None => self.compiler.clear_overlay(&path),
            });
        }
        let on_disk = std::mem::take(&mut self.on_disk);
        if !on_disk.is_empty() {
            applied.push(self.compiler.apply(&on_disk));
        }
        // A spex.yaml that cannot be read at all keeps the last problems.
        if let Some(Ok(loaded)) = applied.into_iter().filter_map(|a| a.config).last() {
            self.set_config_problems(&loaded);
        }
        self.due = None;
        let recompiled = self.compiler.recompile();
        let compilation = recompiled.compilation;
        let current = by_file(&compilation.diagnostics);
        let docs_url = compilation.workspace.config.docs_url.as_deref();
        let mut changed: BTreeSet<&str> =
            recompiled.delta.files.keys().map(String::as_str).collect();
        if std::mem::take(&mut self.config_changed) {
            changed.insert(CONFIG_FILE);
        }
        let config_problems: Vec<&Diagnostic> = self.config_problems.iter().collect();
        let notes = changed
            .into_iter()
            .map(|file| {
                let compiled = current.get(file).map_or(&[][..], Vec::as_slice);
                let mut diagnostics = to_lsp(&self.root, &compilation.files, compiled, docs_url);
                if file == CONFIG_FILE {
                    let files = &self.config_files;
                    diagnostics.extend(to_lsp(&self.root, files, &config_problems, docs_url));
                }
                let params = PublishDiagnosticsParams {
                    uri: from_path(&self.root, file),
                    diagnostics,
                    version: None,
                };
                Notification::new(PublishDiagnostics::METHOD.to_owned(), params)
            })
            .collect();
        self.compilation = Some(compilation);
        notes
    }

    /// When pending edits are due to be compiled, if any are pending.
    pub fn due(&self) -> Option<Instant> {
        self.due
    }

    /// Takes a notification from the client. Edits are only kept here: they are compiled
    /// when due ([`Server::due`]) or when a request comes.
    pub fn notify(&mut self, note: Notification) {
        let params = note.params;
        let edit = |s: &mut Self, uri: &Uri, text: Option<String>| {
            if let Some(path) = to_path(&s.root, uri) {
                s.pending.insert(path, text.map(Arc::from));
                s.due = Some(Instant::now() + DEBOUNCE);
            }
        };
        match note.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(params) {
                    edit(self, &p.text_document.uri, Some(p.text_document.text));
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(params)
                    && let Some(change) = p.content_changes.into_iter().last()
                {
                    edit(self, &p.text_document.uri, Some(change.text));
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(params) {
                    edit(self, &p.text_document.uri, None);
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeWatchedFilesParams>(params) {
                    let paths = p.changes.iter().filter_map(|c| to_path(&self.root, &c.uri));
                    self.on_disk.extend(paths);
                    self.due = Some(Instant::now() + DEBOUNCE);
                }
            }
            _ => {}
        }
    }

    /// Answers a request, compiling pending edits first (their diagnostics come back too,
    /// to be published before the answer).
    pub fn request(&mut self, req: Request) -> (Vec<Notification>, Response) {
        let notes = if self.due.is_some() || self.compilation.is_none() {
            self.compile()
        } else {
            Vec::new()
        };
        let result = match req.method.as_str() {
            GotoDefinition::METHOD => parse::<GotoDefinitionParams>(req.params)
                .map(|p| self.definition(&p.text_document_position_params)),
            HoverRequest::METHOD => parse::<HoverParams>(req.params)
                .map(|p| self.hover(&p.text_document_position_params)),
            References::METHOD => parse::<ReferenceParams>(req.params).map(|p| {
                let declaration = p.context.include_declaration;
                self.references(&p.text_document_position, declaration)
            }),
            Completion::METHOD => parse::<CompletionParams>(req.params)
                .map(|p| self.completion(&p.text_document_position)),
            DocumentSymbolRequest::METHOD => parse::<DocumentSymbolParams>(req.params)
                .map(|p| self.symbols(&p.text_document.uri)),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("unknown method {}", req.method),
            )),
        };
        let response = match result {
            Ok(value) => Response::new_ok(req.id, value),
            Err((code, message)) => Response::new_err(req.id, code as i32, message),
        };
        (notes, response)
    }

    /// The compiled document at a URI, its path and the byte offset of a position in it.
    fn at(&self, at: &TextDocumentPositionParams) -> Option<(&Compilation, String, usize)> {
        let compilation = self.compilation.as_ref()?;
        let path = to_path(&self.root, &at.text_document.uri)?;
        let doc = doc_at(&compilation.workspace, &path)?;
        let offset = Lines::new(&doc.text).offset(at.position);
        Some((compilation, path, offset))
    }

    fn location(&self, place: &navigate::Place) -> Option<Location> {
        let compilation = self.compilation.as_ref()?;
        let text = doc_at(&compilation.workspace, &place.path)?.text.clone();
        let range = Lines::new(&text).range(&place.range);
        Some(Location::new(from_path(&self.root, &place.path), range))
    }

    fn definition(&self, at: &TextDocumentPositionParams) -> Value {
        let place = self
            .at(at)
            .and_then(|(c, path, offset)| navigate::definition(&c.workspace, &path, offset));
        json(place.and_then(|p| self.location(&p)))
    }

    fn hover(&self, at: &TextDocumentPositionParams) -> Value {
        let Some((c, path, offset)) = self.at(at) else {
            return Value::Null;
        };
        let text = hover::hover(&c.workspace, &c.diagnostics, &path, offset);
        json(text.map(|value| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: None,
        }))
    }

    fn references(&self, at: &TextDocumentPositionParams, declaration: bool) -> Value {
        let Some((c, path, offset)) = self.at(at) else {
            return Value::Null;
        };
        let places = navigate::references(&c.workspace, &path, offset, declaration);
        json(
            places
                .iter()
                .filter_map(|p| self.location(p))
                .collect::<Vec<_>>(),
        )
    }

    fn completion(&self, at: &TextDocumentPositionParams) -> Value {
        let Some((c, path, offset)) = self.at(at) else {
            return Value::Null;
        };
        let Some(doc) = doc_at(&c.workspace, &path) else {
            return Value::Null;
        };
        let lines = Lines::new(&doc.text);
        let items: Vec<CompletionItem> = complete(&c.workspace, &path, offset)
            .into_iter()
            .map(|candidate| completion_item(&lines, candidate))
            .collect();
        json(items)
    }

    fn symbols(&self, uri: &Uri) -> Value {
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

fn completion_item(lines: &Lines, candidate: Candidate) -> CompletionItem {
    let kind = match candidate.what {
        What::Id => CompletionItemKind::REFERENCE,
        What::Field => CompletionItemKind::FIELD,
        What::Value => CompletionItemKind::ENUM_MEMBER,
    };
    CompletionItem {
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            lines.range(&candidate.replace),
            candidate.label.clone(),
        ))),
        label: candidate.label,
        kind: Some(kind),
        detail: Some(candidate.detail),
        documentation: candidate.documentation.map(Documentation::String),
        ..CompletionItem::default()
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

fn doc_at<'a>(ws: &'a Workspace, path: &str) -> Option<&'a Document> {
    ws.index_of_path(path).map(|i| &*ws.docs[i])
}

fn parse<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn json(value: impl serde::Serialize) -> Value {
    // LSP types always serialize: they are plain data with string keys.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Asks the client to tell the server about files changed on disk (a branch switch, a
/// pull), for clients that can be asked (`dynamicRegistration`).
pub fn watch_files_request() -> Request {
    let registration = Registration {
        id: "spex-watched-files".to_owned(),
        method: DidChangeWatchedFiles::METHOD.to_owned(),
        register_options: Some(json!({
            "watchers": [{"globPattern": "**/*"}]
        })),
    };
    Request::new(
        RequestId::from("spex-register-watched-files".to_owned()),
        RegisterCapability::METHOD.to_owned(),
        RegistrationParams {
            registrations: vec![registration],
        },
    )
}

/// Serves `connection` (already initialized) until the client says `exit` or hangs up:
/// compiles the workspace, publishes its diagnostics, then answers messages as they come.
/// With `watch_files`, first asks the client to report files changed on disk.
pub fn run<T: SourceTree>(
    connection: &Connection,
    mut server: Server<T>,
    watch_files: bool,
) -> std::io::Result<()> {
    // A send fails only when the client hung up: then there is no one left to serve.
    let send = |message: Message| connection.sender.send(message).is_ok();
    if watch_files && !send(watch_files_request().into()) {
        return Ok(());
    }
    if !server.compile().into_iter().all(|note| send(note.into())) {
        return Ok(());
    }
    loop {
        let message = match server.due() {
            Some(due) => {
                let wait = due.saturating_duration_since(Instant::now());
                match connection.receiver.recv_timeout(wait) {
                    Ok(message) => message,
                    Err(e) if e.is_timeout() => {
                        if !server.compile().into_iter().all(|note| send(note.into())) {
                            return Ok(());
                        }
                        continue;
                    }
                    Err(_) => return Ok(()),
                }
            }
            None => match connection.receiver.recv() {
                Ok(message) => message,
                Err(_) => return Ok(()),
            },
        };
        match message {
            Message::Request(req) => {
                let shutdown = connection
                    .handle_shutdown(&req)
                    .map_err(std::io::Error::other)?;
                if shutdown {
                    return Ok(());
                }
                let (notes, response) = server.request(req);
                let sent = notes.into_iter().all(|note| send(note.into()));
                if !sent || !send(response.into()) {
                    return Ok(());
                }
            }
            Message::Notification(note) if note.method == "exit" => return Ok(()),
            Message::Notification(note) => server.notify(note),
            // Answers to what the server asked (capability registration): nothing to do.
            Message::Response(_) => {}
        }
    }
}
