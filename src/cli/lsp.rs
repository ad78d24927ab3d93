//! `spex lsp`: the language server, over stdin and stdout. The workspace is the PATH
//! argument (or `-C`), else the folder the client opened, else the one found from here.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::Connection;
use lsp_types::InitializeParams;

use super::Cli;
use super::args::LspArgs;
use super::report::Stop;
use super::session::Session;
use crate::load::FsTree;
use crate::lsp::{LateHistory, Server, capabilities, run as serve};
use crate::model::History;
use crate::{Compiler, Error};

pub fn run(cli: &Cli, args: &LspArgs) -> Result<ExitCode, Stop> {
    let (connection, io_threads) = Connection::stdio();
    let caps =
        serde_json::to_value(capabilities()).map_err(|e| stopped(std::io::Error::other(e)))?;
    let params = connection
        .initialize(caps)
        .map_err(|e| stopped(std::io::Error::other(e)))?;
    let params = serde_json::from_value::<InitializeParams>(params).ok();
    let client_root = params.as_ref().and_then(client_folder);
    // Without the client's reports, files changed on disk are seen when next opened.
    let watch_files = params
        .as_ref()
        .and_then(|p| p.capabilities.workspace.as_ref()?.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let path = args
        .path
        .clone()
        .or(cli.workspace.is_none().then_some(client_root).flatten());
    // Everything spex would print goes to stderr: stdout carries the protocol.
    let session = Session::open(cli, path.as_deref(), None)?;
    let compiler = Compiler::with_config(FsTree::new(&session.root), &session.config);
    let mut server = Server::new(session.root.clone(), compiler);
    server.set_config_problems(&session.config);
    server.set_owner(match &session.repo {
        Some(repo) => repo.user_name(),
        None => crate::git::global_user_name(),
    });
    // The first diagnostics come from a compile without git history: a long history
    // takes seconds to walk. The server runs on its own thread; this one, which opened
    // the repository (git2 handles stay on their thread), walks the history once the
    // server says the first diagnostics are out, and hands it over.
    let (start, started) = crossbeam_channel::bounded(1);
    let (read, history) = crossbeam_channel::bounded(1);
    let late = session
        .repo
        .is_some()
        .then_some(LateHistory { start, history });
    let serving = std::thread::spawn(move || {
        let served = serve(&connection, server, watch_files, late);
        drop(connection);
        served
    });
    if started.recv().is_ok() {
        follow_history(&session, &started, &read);
    }
    let served = serving
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    served.map_err(stopped)?;
    io_threads.join().map_err(stopped)?;
    Ok(ExitCode::SUCCESS)
}

/// How often the history thread looks whether HEAD moved.
const HEAD_POLL: Duration = Duration::from_secs(2);

/// Reads the history and hands it to the server, then again whenever HEAD moves (a
/// commit, a checkout, a rebase: what was uncommitted is committed now, a branch has
/// other history) until the server stops (`started` disconnects). Looking at HEAD is a
/// file read; reading the history again walks only the new commits (the cache).
fn follow_history(session: &Session, started: &Receiver<()>, read: &Sender<Arc<History>>) {
    let head = || session.repo.as_ref().and_then(|r| r.head()).map(|c| c.id);
    let mut seen = head();
    loop {
        match session.history() {
            Ok(Some(history)) => {
                // The server may be gone already: then nobody needs it.
                if read.send(history).is_err() {
                    return;
                }
            }
            Ok(None) => {}
            Err(e) => eprintln!("warning: {e}: the history rules are off"),
        }
        loop {
            if let Err(RecvTimeoutError::Disconnected) = started.recv_timeout(HEAD_POLL) {
                return;
            }
            let now = head();
            if now != seen {
                seen = now;
                break;
            }
        }
    }
}

/// The folder the client opened: its first workspace folder, else its root URI.
fn client_folder(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|f| &f.uri);
    #[allow(deprecated, reason = "older clients (Neovim 0.7) send only `rootUri`")]
    let uri = folder.or(params.root_uri.as_ref())?;
    crate::lsp::file_path(uri).filter(|p| Path::new(p).is_dir())
}

fn stopped(error: std::io::Error) -> Stop {
    Stop::Fatal(Error::ServerStopped(error))
}
