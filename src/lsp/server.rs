//! The server's state and main loop: edits are kept as they arrive and compiled after a
//! quiet spell (or before a request needs them), so typing never waits for a compile.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, CodeLensRequest, Completion, DocumentSymbolRequest, GotoDefinition,
    HoverRequest, InlayHintRequest, PrepareRenameRequest, References, RegisterCapability, Rename,
    Request as _, WorkspaceSymbolRequest,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeLens, CodeLensOptions, CodeLensParams, Command,
    CompletionItem, CompletionItemKind, CompletionList, CompletionOptions, CompletionParams,
    CompletionTextEdit, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentSymbol, DocumentSymbolParams,
    Documentation, GotoDefinitionParams, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InlayHint, InlayHintLabel, InlayHintParams, Location, MarkupContent,
    MarkupKind, OneOf, PrepareRenameResponse, PublishDiagnosticsParams, ReferenceParams,
    Registration, RegistrationParams, RenameOptions, RenameParams, ServerCapabilities, SymbolKind,
    TextDocumentPositionParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri,
    WorkspaceSymbol, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};
use serde_json::{Value, json};

use super::actions::{Change, FixData, Flagged, actions};
use super::complete::{Candidate, What, complete};
use super::convert::Lines;
use super::diagnostics::{by_file, to_lsp};
use super::inlay::hints;
use super::lens::lens;
use super::rename::{plan_rename, renamable_at};
use super::symbols::{Symbol, outline, workspace_symbols};
use super::uri::{from_path, to_path};
use super::workspace_edit::{create_file, file_edit, from_changes};
use super::{hover, navigate};
use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Files};
use crate::load::{Filter, SourceTree};
use crate::model::{Document, Workspace};
use crate::watch::{WatchOptions, Watcher, classify, watch};
use crate::{Compilation, Compiler, LoadedConfig};

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

/// What the server answers to `initialize`.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        definition_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["[", " ", "#", "(", "/", "."].map(str::to_owned).to_vec()),
            ..CompletionOptions::default()
        }),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
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

    /// The compiled document at a URI, its path and the byte offset of a position in it.
    fn at(&self, at: &TextDocumentPositionParams) -> Option<(&Compilation, String, usize)> {
        let compilation = self.compilation.as_ref()?;
        let path = to_path(&self.root, &at.text_document.uri)?;
        let doc = doc_at(&compilation.workspace, &path)?;
        let offset = Lines::new(&doc.text).offset(at.position);
        Some((compilation, path, offset))
    }

    fn location(&self, place: &navigate::Place) -> Option<Location> {
        self.locations(std::slice::from_ref(place)).pop()
    }

    /// The places as LSP locations, each file's line index built once (a document with
    /// thousands of backlinks from one big file must not index it thousands of times).
    fn locations(&self, places: &[navigate::Place]) -> Vec<Location> {
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

    fn references(&self, at: &TextDocumentPositionParams, declaration: bool) -> Value {
        let Some((c, path, offset)) = self.at(at) else {
            return Value::Null;
        };
        let places = navigate::references(&c.workspace, &path, offset, declaration);
        json(self.locations(&places))
    }

    fn completion(&self, at: &TextDocumentPositionParams) -> Value {
        let Some((c, path, offset)) = self.at(at) else {
            return Value::Null;
        };
        let Some(doc) = doc_at(&c.workspace, &path) else {
            return Value::Null;
        };
        let lines = Lines::new(&doc.text);
        let today = crate::author::today();
        let ranked = complete(&c.workspace, &path, offset, today);
        let items: Vec<CompletionItem> = ranked
            .candidates
            .into_iter()
            .enumerate()
            .map(|(rank, candidate)| completion_item(&lines, rank, candidate))
            .collect();
        // Incomplete when cut short: the editor asks again as the word grows.
        json(CompletionList {
            is_incomplete: ranked.incomplete,
            items,
        })
    }

    fn prepare_rename(&self, at: &TextDocumentPositionParams) -> Value {
        let Some((c, path, offset)) = self.at(at) else {
            return Value::Null;
        };
        let Some(doc) = doc_at(&c.workspace, &path) else {
            return Value::Null;
        };
        json(renamable_at(&c.workspace, &path, offset).map(|r| {
            let range = r.range().clone();
            PrepareRenameResponse::RangeWithPlaceholder {
                range: Lines::new(&doc.text).range(&range),
                placeholder: doc.text[range].to_owned(),
            }
        }))
    }

    /// A rename the engine refuses (the new ID is taken or malformed, or it would leave
    /// problems) is an error the editor shows, with the reason.
    fn rename(
        &self,
        at: &TextDocumentPositionParams,
        new_name: &str,
    ) -> Result<Value, (ErrorCode, String)> {
        let Some((c, path, offset)) = self.at(at) else {
            return Ok(Value::Null);
        };
        let plan = match plan_rename(&c.workspace, &path, offset, new_name) {
            Ok(Some(plan)) => plan,
            Ok(None) => return Ok(Value::Null),
            Err(e) => return Err((ErrorCode::RequestFailed, e.to_string())),
        };
        // As `spex mv` does: a rename that leaves problems `spex check` would report
        // (a reference the engine cannot rewrite) is refused, naming the first.
        let (problems, _) = self.compiler.problems_after(&plan, &c.diagnostics);
        if let Some(first) = problems.first() {
            let more = match problems.len() - 1 {
                0 => String::new(),
                n => format!(" (and {n} more)"),
            };
            return Err((
                ErrorCode::RequestFailed,
                format!(
                    "after this rename `spex check` would report: {}: {}{more}",
                    first.primary.file, first.message
                ),
            ));
        }
        Ok(json(Some(from_changes(&self.root, &plan.changes))))
    }

    fn find_symbols(&self, query: &str) -> Value {
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
    fn compiled_doc(&self, uri: &Uri) -> Option<(&Compilation, String, &Document)> {
        let c = self.compilation.as_ref()?;
        let path = to_path(&self.root, uri)?;
        let doc = doc_at(&c.workspace, &path)?;
        Some((c, path, doc))
    }

    fn inlay_hints(&self, params: &InlayHintParams) -> Value {
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
    fn code_lens(&self, uri: &Uri) -> Value {
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

    fn code_actions(&self, params: &CodeActionParams) -> Value {
        let Some((c, path, doc)) = self.compiled_doc(&params.text_document.uri) else {
            return Value::Null;
        };
        let lines = Lines::new(&doc.text);
        let offsets = |r: &lsp_types::Range| lines.offset(r.start)..lines.offset(r.end);
        let sent = &params.context.diagnostics;
        let flagged: Vec<Flagged> = sent
            .iter()
            .map(|d| Flagged {
                rule: match &d.code {
                    Some(lsp_types::NumberOrString::String(code)) => code.clone(),
                    _ => String::new(),
                },
                range: offsets(&d.range),
                fix: d.data.as_ref().and_then(fix_data),
            })
            .collect();
        let range = offsets(&params.range);
        let owner = self.owner.as_deref();
        let found = actions(&c.workspace, &self.root, owner, &path, &range, &flagged);
        let answer: Vec<CodeActionOrCommand> = found
            .into_iter()
            .map(|action| {
                let edit = match &action.change {
                    Change::Edit(edits) => file_edit(&self.root, &path, &doc.text, edits),
                    Change::Create { path, text } => create_file(&self.root, path, text),
                };
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: action.title,
                    kind: Some(match action.quick_fix {
                        true => CodeActionKind::QUICKFIX,
                        false => CodeActionKind::REFACTOR_REWRITE,
                    }),
                    diagnostics: action.fixes.map(|i| vec![sent[i].clone()]),
                    edit: Some(edit),
                    is_preferred: action.fixes.is_some().then_some(true),
                    ..CodeAction::default()
                })
            })
            .collect();
        json(answer)
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

/// Applies one incremental change: `range` (UTF-16 positions in `text` as it is now)
/// becomes `new_text`.
fn apply_change(text: &mut String, range: lsp_types::Range, new_text: &str) {
    let lines = Lines::new(text);
    let start = lines.offset(range.start);
    let end = lines.offset(range.end).max(start);
    text.replace_range(start..end, new_text);
}

/// A candidate as the editor gets it; `rank` (its place in the list) keeps the order the
/// server chose where the editor sorts by `sortText`.
fn completion_item(lines: &Lines, rank: usize, candidate: Candidate) -> CompletionItem {
    let kind = match candidate.what {
        What::Id => CompletionItemKind::REFERENCE,
        What::Field => CompletionItemKind::FIELD,
        What::Value => CompletionItemKind::ENUM_MEMBER,
        What::Anchor => CompletionItemKind::CONSTANT,
        What::Path => CompletionItemKind::FILE,
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
        sort_text: Some(format!("{rank:04}")),
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

/// A diagnostic's `data` as spex wrote it (see `diagnostics.rs`).
fn fix_data(data: &Value) -> Option<FixData> {
    if let Some(with) = data.get("replace").and_then(Value::as_str) {
        return Some(FixData::Replace(with.to_owned()));
    }
    let name = data.get("addField").and_then(Value::as_str)?;
    Some(FixData::AddField(name.to_owned()))
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

/// What the main loop waits for.
enum Input {
    Client(Message),
    Disk(Vec<PathBuf>),
    /// The pending edits are due (or nothing came for a long while).
    Timeout,
    /// The client hung up.
    Hangup,
}

/// Watches the workspace itself, for a client that cannot report changed files: each
/// burst of changed paths arrives on the returned channel. `None` when the file system
/// cannot be watched; files changed on disk are then seen when next opened.
fn own_watcher(root: &Path) -> Option<(Watcher, Receiver<Vec<PathBuf>>)> {
    let (watcher, bursts) = watch(root, WatchOptions::default()).ok()?;
    let (tx, rx) = crossbeam_channel::unbounded();
    std::thread::spawn(move || {
        // Ends when the watcher stops (its sender goes) or the server is gone.
        for burst in bursts {
            if tx.send(burst).is_err() {
                break;
            }
        }
    });
    Some((watcher, rx))
}

/// Serves `connection` (already initialized) until the client says `exit` or hangs up:
/// compiles the workspace, publishes its diagnostics, then answers messages as they come.
/// With `watch_files`, first asks the client to report files changed on disk; without,
/// watches the workspace itself.
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
    let watcher = match watch_files {
        true => None,
        false => own_watcher(&server.root),
    };
    let (_watcher, mut disk) = match watcher {
        Some((watcher, disk)) => (Some(watcher), disk),
        None => (None, crossbeam_channel::never()),
    };
    if !server.compile().into_iter().all(|note| send(note.into())) {
        return Ok(());
    }
    // How long to wait when nothing is due: any long time will do.
    let idle = Duration::from_secs(3600);
    loop {
        let wait = server
            .due()
            .map_or(idle, |due| due.saturating_duration_since(Instant::now()));
        let input = crossbeam_channel::select! {
            recv(connection.receiver) -> m => m.map_or(Input::Hangup, Input::Client),
            recv(disk) -> paths => match paths {
                Ok(paths) => Input::Disk(paths),
                Err(_) => {
                    disk = crossbeam_channel::never();
                    continue;
                }
            },
            default(wait) => Input::Timeout,
        };
        match input {
            Input::Hangup => return Ok(()),
            Input::Timeout => {
                let due = server.due().is_some();
                if due && !server.compile().into_iter().all(|note| send(note.into())) {
                    return Ok(());
                }
            }
            Input::Disk(paths) => server.disk_changed(&paths),
            Input::Client(Message::Request(req)) => {
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
            Input::Client(Message::Notification(note)) if note.method == "exit" => return Ok(()),
            Input::Client(Message::Notification(note)) => server.notify(note),
            // Answers to what the server asked (capability registration): nothing to do.
            Input::Client(Message::Response(_)) => {}
        }
    }
}
