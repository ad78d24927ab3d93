//! The server's state: edits are kept as they arrive and compiled after a quiet spell
//! (or before a request needs them), so typing never waits for a compile; requests are
//! dispatched to `navigation_requests` and `editing_requests`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, CodeLensRequest, Completion, DocumentSymbolRequest, GotoDefinition,
    HoverRequest, InlayHintRequest, PrepareRenameRequest, References, Rename, Request as _,
    WorkspaceSymbolRequest,
};
use lsp_types::{
    CodeActionParams, CodeLensParams, CompletionParams, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentSymbolParams, GotoDefinitionParams, HoverParams, InlayHintParams,
    PublishDiagnosticsParams, ReferenceParams, RenameParams, TextDocumentPositionParams, Uri,
    WorkspaceSymbolParams,
};
use serde_json::{Value, json};

use super::convert::Lines;
use super::diagnostics::{by_file, to_lsp};
use super::uri::{from_path, to_path};
use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Files};
use crate::load::{Filter, SourceTree};
use crate::model::{Document, History, Workspace};
use crate::watch::classify;
use crate::{Compilation, Compiler, LoadedConfig};

mod capabilities;
mod editing_requests;
mod main_loop;
mod navigation_requests;

pub use capabilities::{capabilities, watch_files_request};
pub use main_loop::{LateHistory, run};

/// How long edits wait for the next keystroke before they are compiled.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// The client command a code lens runs: show the references at a position.
pub const SHOW_REFERENCES: &str = "spex.showReferences";

/// A language server over one workspace.
pub struct Server<T> {
    root: PathBuf,
    compiler: Compiler<T>,
    compilation: Option<Compilation>,
    /// Edits not compiled yet: an open buffer's text, or `None` for a closed one.
    pending: BTreeMap<String, Option<Arc<str>>>,
    /// The text of every open buffer, which incremental changes apply to.
    open: BTreeMap<String, String>,
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
    /// Who writes (`git config user.name`), the owner of documents the server creates.
    owner: Option<String>,
}

impl<T: SourceTree> Server<T> {
    /// A server for the workspace at `root` (absolute), compiled by `compiler`.
    pub fn new(root: PathBuf, compiler: Compiler<T>) -> Server<T> {
        Server {
            root,
            compiler,
            compilation: None,
            pending: BTreeMap::new(),
            open: BTreeMap::new(),
            on_disk: BTreeSet::new(),
            due: None,
            config_problems: Vec::new(),
            config_files: Files::default(),
            config_changed: false,
            owner: None,
        }
    }

    /// The owner of documents a code action creates, as `spex new` takes it.
    pub fn set_owner(&mut self, owner: Option<String>) {
        self.owner = owner;
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

    /// Git history, read after the first diagnostics were published (the walk must not
    /// hold them up): the history rules see it from now on. Returns `publishDiagnostics`
    /// for the files whose diagnostics it changed.
    pub fn set_history(&mut self, history: Option<Arc<History>>) -> Vec<Notification> {
        self.compiler.set_history(history);
        self.compile()
    }

    /// When pending edits are due to be compiled, if any are pending.
    pub fn due(&self) -> Option<Instant> {
        self.due
    }

    /// Takes a notification from the client. Edits are only kept here: they are compiled
    /// when due ([`Server::due`]) or when a request comes.
    pub fn notify(&mut self, note: Notification) {
        let params = note.params;
        match note.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(params) {
                    self.edited(&p.text_document.uri, Some(p.text_document.text));
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(params) {
                    let uri = &p.text_document.uri;
                    let Some(path) = to_path(&self.root, uri) else {
                        return;
                    };
                    // A change to a buffer never opened here has no text to apply a
                    // range to: only a whole new text can be taken.
                    let mut text = self.open.get(&path).cloned();
                    for change in p.content_changes {
                        text = match (change.range, text) {
                            (Some(range), Some(mut text)) => {
                                apply_change(&mut text, range, &change.text);
                                Some(text)
                            }
                            (Some(_), None) => None,
                            (None, _) => Some(change.text),
                        };
                    }
                    if text.is_some() {
                        self.edited(uri, text);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(params) {
                    self.edited(&p.text_document.uri, None);
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

    /// A buffer's new text (`None`: closed, the file on disk counts again), to compile
    /// when due.
    fn edited(&mut self, uri: &Uri, text: Option<String>) {
        let Some(path) = to_path(&self.root, uri) else {
            return;
        };
        let shared = text.as_deref().map(Arc::from);
        match text {
            Some(text) => self.open.insert(path.clone(), text),
            None => self.open.remove(&path),
        };
        self.pending.insert(path, shared);
        self.due = Some(Instant::now() + DEBOUNCE);
    }

    /// Files changed on disk that the server's own watcher saw (absolute paths), for a
    /// client that does not report them.
    pub fn disk_changed(&mut self, paths: &[PathBuf]) {
        let filter = Filter::new(self.compiler.config());
        let changes = classify(&self.root, &filter, &[], paths.iter().map(PathBuf::as_path));
        if !changes.is_empty() {
            self.on_disk.extend(changes.paths());
            self.due = Some(Instant::now() + DEBOUNCE);
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
            PrepareRenameRequest::METHOD => {
                parse::<TextDocumentPositionParams>(req.params).map(|p| self.prepare_rename(&p))
            }
            WorkspaceSymbolRequest::METHOD => {
                parse::<WorkspaceSymbolParams>(req.params).map(|p| self.find_symbols(&p.query))
            }
            InlayHintRequest::METHOD => {
                parse::<InlayHintParams>(req.params).map(|p| self.inlay_hints(&p))
            }
            CodeActionRequest::METHOD => {
                parse::<CodeActionParams>(req.params).map(|p| self.code_actions(&p))
            }
            CodeLensRequest::METHOD => {
                parse::<CodeLensParams>(req.params).map(|p| self.code_lens(&p.text_document.uri))
            }
            Rename::METHOD => parse::<RenameParams>(req.params)
                .and_then(|p| self.rename(&p.text_document_position, &p.new_name)),
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
}

/// Applies one incremental change: `range` (UTF-16 positions in `text` as it is now)
/// becomes `new_text`.
fn apply_change(text: &mut String, range: lsp_types::Range, new_text: &str) {
    let lines = Lines::new(text);
    let start = lines.offset(range.start);
    let end = lines.offset(range.end).max(start);
    text.replace_range(start..end, new_text);
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
