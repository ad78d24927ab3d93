//! The main loop: reads the client's messages, the watcher's bursts and the git history
//! once it is read, compiles edits when they are due, and sends what the server answers.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, Message};

use super::{Server, watch_files_request};
use crate::load::SourceTree;
use crate::model::History;
use crate::watch::{WatchOptions, Watcher, watch};

/// What the main loop waits for.
enum Input {
    Client(Message),
    Disk(Vec<PathBuf>),
    /// The git history, read.
    History(Arc<History>),
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

/// Git history, read by another thread (the one that owns the repository: git2 handles
/// stay where they were opened) while the server answers without it.
pub struct LateHistory {
    /// Told once the first diagnostics are published: the walk starts then, so it never
    /// holds them up (a long history takes seconds). Dropped when the server stops,
    /// which tells the history thread to stop too.
    pub start: Sender<()>,
    /// The history once read, and again whenever HEAD moves (a commit, a checkout);
    /// nothing comes when it could not be read.
    pub history: Receiver<Arc<History>>,
}

/// Serves `connection` (already initialized) until the client says `exit` or hangs up:
/// compiles the workspace, publishes its diagnostics, then answers messages as they come.
/// With `watch_files`, first asks the client to report files changed on disk; without,
/// watches the workspace itself. With `late`, the git history comes after the first
/// diagnostics: the history rules then run, and the files whose diagnostics they change
/// are published again.
pub fn run<T: SourceTree>(
    connection: &Connection,
    mut server: Server<T>,
    watch_files: bool,
    late: Option<LateHistory>,
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
    // `_started` lives as long as the server: the history thread stops when it goes.
    let (_started, mut history) = match late {
        // The walk may not start (no repository after all): then nothing comes.
        Some(late) if late.start.send(()).is_ok() => (Some(late.start), late.history),
        _ => (None, crossbeam_channel::never()),
    };
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
            recv(history) -> read => match read {
                Ok(read) => Input::History(read),
                Err(_) => {
                    history = crossbeam_channel::never();
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
            Input::History(read) => {
                if !server
                    .set_history(Some(read))
                    .into_iter()
                    .all(|n| send(n.into()))
                {
                    return Ok(());
                }
            }
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
