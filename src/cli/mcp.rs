//! `spex mcp`: compile the workspace, then answer MCP tool calls on stdin/stdout until
//! the client disconnects. Nothing but protocol messages goes to stdout; notes go to
//! stderr, which MCP clients show in their logs.

use std::process::ExitCode;

use super::args::McpArgs;
use super::report::{Outcome, Reporter, Stream};
use super::session::Session;
use super::{Cli, Format};
use crate::audience::Visibility;
use crate::error::Error;
use crate::mcp::{LiveWorkspace, SpexServer, serve_stdio};

pub fn run(cli: &Cli, args: &McpArgs) -> Outcome {
    let mut session = Session::open(cli, args.path.as_deref(), None)?;
    let reporter = Reporter::for_session(cli, Format::Human, Stream::Stderr, &session);
    reporter.config_errors(&session.config)?;
    let history = session.history()?;
    let repo = session.repo.take();
    let live = LiveWorkspace::open(session.root.clone(), &session.config, history, repo);
    let visibility = Visibility {
        include_confidential: args.include_confidential,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(Error::StartServer)?;
    runtime
        .block_on(serve_stdio(SpexServer::new(
            live,
            visibility,
            args.allow_write,
        )))
        .map_err(Error::ServerStopped)?;
    Ok(ExitCode::SUCCESS)
}
