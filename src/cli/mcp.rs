//! `spex mcp`: compile the workspace, then answer MCP tool calls on stdin/stdout until
//! the client disconnects. Nothing but protocol messages goes to stdout; notes go to
//! stderr, which MCP clients show in their logs.

use std::process::ExitCode;

use super::args::McpArgs;
use super::report::{Outcome, Reporter, Stream};
use super::session::Session;
use super::{Cli, Format};
use crate::config::Config;
use crate::diag::suggestion_help;
use crate::error::Error;
use crate::git::GitRepo;
use crate::mcp::{LiveWorkspace, SpexServer, Viewer, serve_stdio};

pub fn run(cli: &Cli, args: &McpArgs) -> Outcome {
    let mut session = Session::open(cli, args.path.as_deref(), None)?;
    let reporter = Reporter::for_session(cli, Format::Human, Stream::Stderr, &session);
    reporter.config_errors(&session.config)?;
    let viewer = Viewer {
        include_confidential: args.include_confidential,
        audience: args.audience.clone(),
    };
    // An unknown audience would leave the server answering nothing: say so now.
    viewer
        .policy(&session.config.config)
        .map_err(|_| unknown_audience(&session.config.config, args))?;
    let repo = session.repo.take();
    let mut live = LiveWorkspace::open(session.root.clone(), &session.config, None, repo)?;
    // Git history is read on its own handle while the server starts (see `history_from`).
    if live.repo().is_ok()
        && let Some(reader) = GitRepo::open(&session.root)?
    {
        live = live.history_from(std::thread::spawn(move || reader.history(None, true)));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(Error::StartServer)?;
    runtime
        .block_on(serve_stdio(SpexServer::new(live, viewer, args.allow_write)))
        .map_err(Error::ServerStopped)?;
    Ok(ExitCode::SUCCESS)
}

/// `--audience` names no audience of the workspace: which ones it has.
fn unknown_audience(config: &Config, args: &McpArgs) -> Error {
    let name = args.audience.as_deref().unwrap_or_default();
    let names: Vec<&str> = config.audiences.keys().map(String::as_str).collect();
    let help = suggestion_help(name, names.iter().copied())
        .map(|h| format!(" ({h})"))
        .unwrap_or_default();
    Error::Usage(format!(
        "unknown audience `{name}`{help}: the audiences here are {}",
        names.join(", ")
    ))
}
