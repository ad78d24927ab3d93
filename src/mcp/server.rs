//! The MCP tools: their names, descriptions and input schemas (what an agent reads to
//! decide what to call), each a thin call into `answers.rs` on a fresh compilation.
//! In: a tool call. Out: a JSON result, or a tool error carrying the message.

use std::sync::{Arc, Mutex, MutexGuard};

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock, Implementation, ServerCapabilities, ServerConfig};
use rmcp::{ServerHandler, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

use super::answers::{self, Answer, Direction};
use super::live::LiveWorkspace;
use crate::audience::Visibility;

/// The spex MCP server: one live workspace, shown as `visibility` allows.
#[derive(Clone)]
pub struct SpexServer {
    live: Arc<Mutex<LiveWorkspace>>,
    visibility: Visibility,
    tool_router: ToolRouter<SpexServer>,
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

/// How far `trace` goes when the agent does not say, and at most.
const TRACE_DEPTH: usize = 3;
const TRACE_MAX_DEPTH: usize = 20;

#[tool_router]
impl SpexServer {
    /// A server over `live`, showing what `visibility` allows.
    pub fn new(live: LiveWorkspace, visibility: Visibility) -> SpexServer {
        SpexServer {
            live: Arc::new(Mutex::new(live)),
            visibility,
            tool_router: Self::tool_router(),
        }
    }

    #[tool(
        description = "List the workspace's documents (PRDs, objectives, roadmaps, …), filtered by kind and `where` conditions, with chosen fields. Returns {count, documents: [{id, …fields}]}."
    )]
    fn list_documents(&self, Parameters(p): Parameters<ListDocumentsParams>) -> CallToolResult {
        let mut live = self.lock();
        reply(answers::list_documents(
            live.fresh(),
            self.visibility,
            p.kind,
            &p.conditions,
            &p.fields,
        ))
    }

    #[tool(
        description = "One document in full: typed front-matter fields, body Markdown, sections with their audience tags, references and backlinks, roadmap placement, health, git created/updated/authors, and its diagnostics."
    )]
    fn get_document(&self, Parameters(p): Parameters<GetDocumentParams>) -> CallToolResult {
        let mut live = self.lock();
        reply(answers::get_document(live.fresh(), self.visibility, &p.id))
    }

    #[tool(
        description = "Check the workspace (or some files or folders of it) as `spex check` does. Returns {errors, warnings, notes, diagnostics: [{rule, severity, message, file, line, column, help, …}]}."
    )]
    fn check(&self, Parameters(p): Parameters<CheckParams>) -> CallToolResult {
        let mut live = self.lock();
        reply(answers::check(live.fresh(), self.visibility, &p.paths))
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
        if let Err(message) = answers::draft_allowed(live.fresh(), self.visibility, path) {
            return reply(Err(message));
        }
        let draft = live.with_draft(path, &p.text);
        reply(answers::check_text(&draft, self.visibility, path))
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
        reply(answers::next_id(live.fresh(), self.visibility, &p.kind))
    }

    #[tool(
        description = "Follow the dependency graph from a document: `up` to what it depends on, `down` to what depends on it (impact of a change). Returns {root, nodes: [{id, kind, title, status, depth}], edges: [{from, to}]}."
    )]
    fn trace(&self, Parameters(p): Parameters<TraceParams>) -> CallToolResult {
        let depth = p.depth.unwrap_or(TRACE_DEPTH).min(TRACE_MAX_DEPTH);
        let mut live = self.lock();
        reply(answers::trace(
            live.fresh(),
            self.visibility,
            &p.id,
            p.direction,
            depth,
        ))
    }
}

impl SpexServer {
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
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("spex", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }
}

const INSTRUCTIONS: &str = "spex serves a product-spec workspace (PRDs, objectives, roadmaps as Markdown with YAML front matter). Find documents with `list_documents`, read one with `get_document`, follow dependencies with `trace`. To draft a document: `next_id` for its ID, write it, then `check_text` until it has no errors; `rules` explains any rule. This server is read-only: it writes no files.";
