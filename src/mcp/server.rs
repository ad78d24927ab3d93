//! The MCP tools: their names, descriptions and input schemas (what an agent reads to
//! decide what to call), each a thin call into `answers.rs` on a fresh compilation.
//! In: a tool call. Out: a JSON result, or a tool error carrying the message.

use std::sync::{Arc, Mutex, MutexGuard};

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, ContentBlock, ErrorData, GetPromptRequestParams, GetPromptResponse,
    Implementation, ListPromptsResult, ListResourcesResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, ServerCapabilities,
    ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{RoleServer, ServerHandler, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

use super::answers::{self, Answer, Direction};
use super::changes::{self, DigestShape};
use super::live::LiveWorkspace;
use super::new_document::{self, Request};
use super::page::{DEFAULT_LIMIT, Page};
use super::viewer::{ServerPolicy, Viewer};
use super::{prompts, resources, search};
use crate::audience::Policy;
use crate::compiler::Compilation;

/// The spex MCP server: one live workspace, shown as its `viewer` may see it.
#[derive(Clone)]
pub struct SpexServer {
    live: Arc<Mutex<LiveWorkspace>>,
    viewer: Viewer,
    /// Whether `new_document` may write (`--allow-write`); read-only by default.
    allow_write: bool,
    tool_router: ToolRouter<SpexServer>,
}

/// Which page of a long answer to return.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct PageParams {
    /// How many items to skip: the `next_offset` of the previous page. Default 0.
    pub offset: Option<usize>,
    /// How many items to return (default 100, at most 1000).
    pub limit: Option<usize>,
}

impl PageParams {
    fn page(&self) -> Page {
        Page::new(self.offset, self.limit, DEFAULT_LIMIT)
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ListDocumentsParams {
    /// Only documents of this kind (`prd`, `objective`, `roadmap`, … as `spex.yaml`
    /// names them). Omit for every kind.
    pub kind: Option<String>,
    /// Conditions, all of which must hold: `FIELD OP VALUE` with OP one of `=`, `!=`,
    /// `<`, `<=`, `>`, `>=`, `~` (contains); e.g. `status=approved`,
    /// `target>=2027-Q1`, `owner~ana`. Typed by the field's schema.
    #[serde(default, rename = "where")]
    pub conditions: Vec<String>,
    /// Fields to return for each document besides its ID, e.g. `["title","status"]`.
    /// Omit for the kind's default columns.
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(flatten)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct GetDocumentParams {
    /// The document's ID (`PRD-012`) or its workspace-relative path
    /// (`prds/PRD-012-checkout.md`).
    pub id: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CheckParams {
    /// Workspace-relative files or folders to report on. Omit for the whole workspace.
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(flatten)]
    pub page: PageParams,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CheckTextParams {
    /// Where the draft would live, workspace-relative (`prds/PRD-031-export.md`). An
    /// existing file's text is replaced by the draft for this check only.
    pub path: String,
    /// The whole draft: YAML front matter between `---` lines, then the Markdown body.
    pub text: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RulesParams {
    /// One rule's name (`unknown-reference`) for its full documentation. Omit to list
    /// every rule with its level in this workspace.
    pub name: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct NextIdParams {
    /// The kind of the new document (`prd`, `objective`, …).
    pub kind: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct TraceParams {
    /// The document to start from: its ID or workspace-relative path.
    pub id: String,
    /// `up`: what it depends on; `down`: what depends on it (impact); `both`.
    pub direction: Direction,
    /// How many steps to follow (default 3, at most 20).
    pub depth: Option<usize>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SearchParams {
    /// Words to look for, as in the site's search box: every word must start a word of
    /// the document (its ID, title, fields or text); `carrier rate` finds "carrier rates".
    pub query: String,
    /// How many results to return (default 20, at most 1000).
    pub limit: Option<usize>,
    /// How many results to skip: the `next_offset` of the previous page. Default 0.
    pub offset: Option<usize>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct DiffParams {
    /// The older revision, as git names it: a branch (`main`), tag, commit or `HEAD~3`.
    pub base: String,
    /// The newer revision. Omit for the work tree as it is now (saved files).
    pub head: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct DigestParams {
    /// Whose digest: an audience of the workspace (`engineering`, `sales`, `leadership`,
    /// or one spex.yaml adds).
    pub audience: String,
    /// A revision (`main`, `v1.2`, `HEAD~20`): include what changed since it.
    pub since: Option<String>,
    /// `markdown` (default): the digest's text, ready to post; `json`: its data.
    #[serde(default)]
    pub format: DigestShape,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewDocumentParams {
    /// The kind of document (`prd`, `objective`, …); `next_id` is not needed first, the
    /// next free ID is taken.
    pub kind: String,
    /// Its title; the file name is made from the ID and title.
    pub title: String,
    /// Front-matter fields by name, e.g. `{"owner": "Ana Silva", "objectives": ["OBJ-001"]}`.
    /// Omitted fields keep the kind's starter values.
    #[serde(default)]
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// The Markdown body (everything after the front matter). Omit for the kind's
    /// starter sections.
    pub body: Option<String>,
}

/// Results `search` returns when the agent does not say.
const SEARCH_LIMIT: usize = 20;

/// How far `trace` goes when the agent does not say, and at most.
const TRACE_DEPTH: usize = 3;
const TRACE_MAX_DEPTH: usize = 20;

#[tool_router]
impl SpexServer {
    /// A server over `live`, showing what `viewer` may see.
    pub fn new(live: LiveWorkspace, viewer: Viewer, allow_write: bool) -> SpexServer {
        SpexServer {
            live: Arc::new(Mutex::new(live)),
            viewer,
            allow_write,
            tool_router: Self::tool_router(),
        }
    }

    #[tool(
        description = "List the workspace's documents (PRDs, objectives, roadmaps, …), filtered by kind and `where` conditions, with chosen fields. Returns {total, offset, count, documents: [{id, …fields}]}, a page at a time: when more is left, `next_offset` and a `note` say how to get it."
    )]
    fn list_documents(&self, Parameters(p): Parameters<ListDocumentsParams>) -> CallToolResult {
        let mut live = self.lock();
        let compilation = live.fresh();
        reply(self.policy(compilation).and_then(|policy| {
            answers::list_documents(
                compilation,
                &policy,
                p.kind,
                &p.conditions,
                &p.fields,
                p.page.page(),
            )
        }))
    }

    #[tool(
        description = "One document in full: typed front-matter fields, body Markdown, sections with their audience tags, references and backlinks, roadmap placement, health, git created/updated/authors, and its diagnostics."
    )]
    fn get_document(&self, Parameters(p): Parameters<GetDocumentParams>) -> CallToolResult {
        let mut live = self.lock();
        reply(
            live.fresh_seen(&self.viewer)
                .and_then(|(compilation, seen)| {
                    let policy = self.policy(compilation)?;
                    answers::get_document_seen(compilation, seen, &policy, &p.id)
                }),
        )
    }

    #[tool(
        description = "Check the workspace (or some files or folders of it) as `spex check` does. Returns {errors, warnings, notes, total, offset, count, diagnostics: [{rule, severity, message, file, line, column, help, …}]}, a page of diagnostics at a time (`next_offset` when more is left)."
    )]
    fn check(&self, Parameters(p): Parameters<CheckParams>) -> CallToolResult {
        let mut live = self.lock();
        reply(
            live.fresh_seen(&self.viewer)
                .and_then(|(compilation, seen)| {
                    answers::check(compilation, seen, &p.paths, p.page.page())
                }),
        )
    }

    #[tool(
        description = "Validate a draft document against the workspace without writing it: the diagnostics the file would have if `text` were saved at `path`. Use it to iterate on a new or edited PRD until it has no errors. Returns {path, document: {id, kind, title}, errors, warnings, notes, diagnostics}."
    )]
    fn check_text(&self, Parameters(p): Parameters<CheckTextParams>) -> CallToolResult {
        let path = p.path.trim_start_matches("./");
        if path.is_empty() || path.starts_with('/') || path.split('/').any(|c| c == "..") {
            return reply(Err(format!(
                "`{}` is not a workspace-relative path (like `prds/PRD-031-export.md`)",
                p.path
            )));
        }
        let mut live = self.lock();
        let allowed = live
            .fresh_seen(&self.viewer)
            .and_then(|(_, seen)| answers::draft_allowed(seen, path));
        if let Err(message) = allowed {
            return reply(Err(message));
        }
        reply(
            live.with_draft(&self.viewer, path, &p.text)
                .and_then(|(draft, hidden)| {
                    let policy = self.policy(&draft)?;
                    answers::check_text(&draft, &hidden, &policy, path)
                }),
        )
    }

    #[tool(
        description = "The rule catalogue: every rule spex checks with its level here, or one rule's documentation (why it matters, an example and its fix)."
    )]
    fn rules(&self, Parameters(p): Parameters<RulesParams>) -> CallToolResult {
        let mut live = self.lock();
        live.fresh();
        reply(answers::rules(live.config(), p.name.as_deref()))
    }

    #[tool(
        description = "The ID a new document of a kind should get (one more than the highest taken). Returns {kind, id, value}: `value` is what to write in the front matter's `id`."
    )]
    fn next_id(&self, Parameters(p): Parameters<NextIdParams>) -> CallToolResult {
        let mut live = self.lock();
        let compilation = live.fresh();
        reply(
            self.policy(compilation)
                .and_then(|policy| answers::next_id(compilation, &policy, &p.kind)),
        )
    }

    #[tool(
        description = "Follow the dependency graph from a document: `up` to what it depends on, `down` to what depends on it (impact of a change). Returns {root, nodes: [{id, kind, title, status, depth}], edges: [{from, to}]}."
    )]
    fn trace(&self, Parameters(p): Parameters<TraceParams>) -> CallToolResult {
        let depth = p.depth.unwrap_or(TRACE_DEPTH).min(TRACE_MAX_DEPTH);
        let mut live = self.lock();
        let compilation = live.fresh();
        reply(
            self.policy(compilation)
                .and_then(|policy| answers::trace(compilation, &policy, &p.id, p.direction, depth)),
        )
    }

    #[tool(
        description = "Full-text search over the workspace, ranked as the site's search box ranks it (every word must start a word of the document; matches in the ID, then the title, rank first). Returns {total, offset, count, results: [{id, title, kind, status, summary, page, score}]}."
    )]
    fn search(&self, Parameters(p): Parameters<SearchParams>) -> CallToolResult {
        let page = Page::new(p.offset, p.limit, SEARCH_LIMIT);
        let mut live = self.lock();
        if let Err(message) = self.policy(live.fresh()) {
            return reply(Err(message));
        }
        let (_, entries) = live.fresh_with_search(|c| {
            // The reader was found above, in this same compilation.
            self.policy(c)
                .map(|policy| search::index(c, &policy))
                .unwrap_or_default()
        });
        reply(search::search(entries, &p.query, page))
    }

    #[tool(
        description = "What changed in product terms between two git revisions, or a revision and the work tree: documents added, removed, renamed; field, status, reference and roadmap changes; diagnostics introduced and fixed. The data of `spex diff --format json`."
    )]
    fn diff(&self, Parameters(p): Parameters<DiffParams>) -> CallToolResult {
        let mut live = self.lock();
        reply(changes::diff(
            &mut live,
            &self.viewer,
            &p.base,
            p.head.as_deref(),
        ))
    }

    #[tool(
        description = "An audience's digest (engineering, sales, leadership, …): the state of the work for that audience, optionally with what changed since a revision. Returns {audience, since, markdown} or, with format `json`, the digest's data."
    )]
    fn digest(&self, Parameters(p): Parameters<DigestParams>) -> CallToolResult {
        let mut live = self.lock();
        reply(changes::digest(
            &mut live,
            &self.viewer,
            &p.audience,
            p.since.as_deref(),
            p.format,
        ))
    }

    #[tool(
        description = "Create a document as `spex new` does: the next free ID, the kind's file name and starter, with the given fields and body. It is checked against the workspace first and written only if it has no errors (else the diagnostics come back). Only when the server was started with --allow-write. Returns {path, id, text, warnings, diagnostics}."
    )]
    fn new_document(&self, Parameters(p): Parameters<NewDocumentParams>) -> CallToolResult {
        if !self.allow_write {
            return reply(Err(
                "this server is read-only: new_document writes only when spex mcp was started with --allow-write. Draft the document with `next_id` and `check_text` instead, and give the text to the user."
                    .into(),
            ));
        }
        let mut live = self.lock();
        let request = Request {
            kind: &p.kind,
            title: &p.title,
            fields: &p.fields,
            body: p.body.as_deref(),
        };
        reply(new_document::new_document(
            &mut live,
            &self.viewer,
            &request,
        ))
    }
}

impl SpexServer {
    /// What the server's reader may see of `compilation`, or why nothing can be shown.
    fn policy<'c>(&self, compilation: &'c Compilation) -> Result<ServerPolicy<'c>, String> {
        self.viewer.policy(&compilation.workspace.config)
    }

    /// The live workspace. A panic while it was held left it as it was before that call
    /// (every change to it is one assignment), so a poisoned lock is still usable.
    fn lock(&self) -> MutexGuard<'_, LiveWorkspace> {
        self.live
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// An answer as an MCP result: JSON as structured content (and as text, for clients
/// that read only text), or a tool error with the message.
fn reply(answer: Answer) -> CallToolResult {
    match answer {
        Ok(value) => CallToolResult::structured(value),
        Err(message) => CallToolResult::error(vec![ContentBlock::text(message)]),
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for SpexServer {
    async fn list_resources(
        &self,
        request: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let cursor = request.and_then(|r| r.cursor);
        let mut live = self.lock();
        let compilation = live.fresh();
        let (resources, next) = self
            .policy(compilation)
            .and_then(|policy| resources::list(compilation, &policy, cursor.as_deref()))
            .map_err(|m| ErrorData::invalid_params(m, None))?;
        let mut result = ListResourcesResult::with_all_items(resources);
        result.next_cursor = next;
        Ok(result)
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let mut live = self.lock();
        let contents = live
            .fresh_seen(&self.viewer)
            .and_then(|(compilation, seen)| {
                let policy = self.policy(compilation)?;
                resources::read(compilation, seen, &policy, &request.uri)
            })
            .map_err(|m| ErrorData::resource_not_found(m, None))?;
        Ok(ReadResourceResult::new(vec![contents]).into())
    }

    async fn list_prompts(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        Ok(ListPromptsResult::with_all_items(prompts::list()))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        let mut live = self.lock();
        let compilation = live.fresh();
        let policy = self
            .policy(compilation)
            .map_err(|m| ErrorData::invalid_params(m, None))?;
        let ws = &compilation.workspace;
        let shown = |id: &str| {
            ws.index_of_id(id)
                .is_some_and(|i| policy.shows(&ws.docs[i]))
        };
        prompts::get(&request.name, request.arguments.as_ref(), shown)
            .map(Into::into)
            .map_err(|m| ErrorData::invalid_params(m, None))
    }

    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .enable_prompts()
                .build(),
        )
        .with_server_info(Implementation::new("spex", env!("CARGO_PKG_VERSION")))
        .with_instructions(INSTRUCTIONS)
    }
}

const INSTRUCTIONS: &str = "spex serves a product-spec workspace (PRDs, objectives, roadmaps as Markdown with YAML front matter). Find documents with `list_documents`, read one with `get_document`, follow dependencies with `trace`. To draft a document: `next_id` for its ID, write it, then `check_text` until it has no errors; `rules` explains any rule. Search with `search`; `diff` and `digest` tell what changed between revisions. `new_document` writes a checked new document when the server allows writing (`--allow-write`); otherwise nothing is written. Documents are also resources (`spex://doc/<ID>`), with the rules (`spex://rule/<name>`) and the configuration (`spex://config`); the prompts `write_prd` and `review_prd` walk through drafting and reviewing.";
