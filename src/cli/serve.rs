//! `spex serve`: build into a temporary folder, serve it, rebuild on change, reload open
//! pages. The async runtime lives here and in `watch::serve` only; rebuilds run on a
//! thread of their own (`watch::preview`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::watch as signal_state;

use super::args::ServeArgs;
use super::report::{Outcome, Reporter, Stream};
use super::session::Session;
use super::{Cli, Format};
use crate::audience::Visibility;
use crate::error::{Error, Result};
use crate::watch::preview::{Preview, PreviewSettings};
use crate::watch::serve::{Live, bind, serve, url};
use crate::watch::{WatchOptions, watch};

pub fn run(cli: &Cli, args: &ServeArgs) -> Outcome {
    let session = Session::open(cli, args.path.as_deref(), None)?;
    Reporter::for_session(cli, Format::Human, Stream::Stderr, &session)
        .config_errors(&session.config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(Error::StartServer)?;
    Ok(runtime.block_on(serve_until_stopped(cli, args, session))?)
}

async fn serve_until_stopped(cli: &Cli, args: &ServeArgs, session: Session) -> Result<ExitCode> {
    // The Ctrl-C (and SIGTERM) handlers come before the temporary folder exists, so no
    // signal can ever kill the process and leave the folder behind.
    let signals = Signals::install()?;
    let temp = tempfile::Builder::new()
        .prefix("spex-serve-")
        .tempdir()
        .map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
    let stop = signals.watch(temp.path().to_owned());
    let root = session.root.clone();
    let live = Live::new();
    let settings = PreviewSettings {
        root: root.clone(),
        prefix: session.prefix.clone(),
        out: temp.path().join("site"),
        visibility: Visibility {
            include_confidential: args.include_confidential,
        },
        verbose: cli.verbose,
    };
    // Through the session, which says when history is shallow or lacks objects.
    let history = session.history()?;
    // Watching starts before the first build, so that a save made during it is not lost.
    let (watcher, events) = watch(
        &root,
        WatchOptions {
            poll: args.poll,
            ..WatchOptions::default()
        },
    )?;
    let stopping = Arc::new(AtomicBool::new(false));
    let (built, first_build) = tokio::sync::oneshot::channel();
    let rebuilds = {
        let (live, stopping, config) = (live.clone(), stopping.clone(), session.config);
        std::thread::spawn(move || {
            let mut preview = Preview::new(settings, &config, history, live);
            preview.rebuild_everything();
            let _ = built.send(());
            for paths in events {
                if stopping.load(Ordering::Relaxed) {
                    break;
                }
                preview.on_change(&paths);
            }
        })
    };

    let served = tokio::select! {
        built = first_build => match built {
            Ok(()) => listen(args, &root, temp.path().join("site"), live, stop.clone()).await,
            Err(_) => Err(Error::Usage("the first build failed".into())),
        },
        () = stopped(stop.clone()) => Ok(()),
    };

    // Stop rebuilding before the folder goes: a rebuild would write into it again. A
    // second Ctrl-C meanwhile exits at once (see `Signals::watch`).
    stopping.store(true, Ordering::Relaxed);
    watcher.stop();
    let _ = tokio::task::spawn_blocking(move || rebuilds.join()).await;
    drop(temp);
    served?;
    eprintln!("stopped; removed the preview folder");
    Ok(ExitCode::SUCCESS)
}

/// Binds, says where, and serves until stopped.
async fn listen(
    args: &ServeArgs,
    root: &Path,
    site: PathBuf,
    live: Arc<Live>,
    stop: signal_state::Receiver<bool>,
) -> Result<()> {
    let listener = bind(&args.host, args.port).await?;
    let address = listener.local_addr().map_err(|source| Error::Listen {
        address: args.host.clone(),
        source,
    })?;
    let link = url(address);
    println!("serving {} at {link} (Ctrl-C to stop)", root.display());
    let _ = std::io::stdout().flush();
    if args.host != "127.0.0.1" && args.host != "localhost" && args.host != "::1" {
        eprintln!(
            "warning: listening on {}: anyone on the network can read these specs",
            args.host
        );
    }
    if args.open {
        open_browser(&link);
    }
    serve(listener, &args.host, site, live, stopped(stop)).await
}

/// Completes once a stop was asked for (at once if it was already).
async fn stopped(mut stop: signal_state::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

/// Ctrl-C and SIGTERM: the first asks for a clean stop, the second exits at once.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    /// Registers the handlers: from here on a signal no longer kills the process.
    #[cfg(unix)]
    fn install() -> Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        let fail = Error::Signals;
        Ok(Signals {
            interrupt: signal(SignalKind::interrupt()).map_err(fail)?,
            terminate: signal(SignalKind::terminate()).map_err(fail)?,
        })
    }

    #[cfg(not(unix))]
    fn install() -> Result<Signals> {
        Ok(Signals {})
    }

    #[cfg(unix)]
    async fn next(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }

    #[cfg(not(unix))]
    async fn next(&mut self) {
        let _ = tokio::signal::ctrl_c().await;
    }

    /// Turns signals into a stop flag. On a second signal (the clean stop is stuck, or
    /// the user will not wait for a rebuild to finish) the preview folder is removed as
    /// well as it can be and the process exits.
    fn watch(mut self, preview: PathBuf) -> signal_state::Receiver<bool> {
        let (tx, rx) = signal_state::channel(false);
        tokio::spawn(async move {
            self.next().await;
            let _ = tx.send(true);
            eprintln!("stopping (Ctrl-C again to stop at once)");
            self.next().await;
            let _ = std::fs::remove_dir_all(&preview);
            eprintln!("stopped at once");
            std::process::exit(130);
        });
        rx
    }
}

/// Opens the browser: `$BROWSER` when set (its first entry; `%s` stands for the URL),
/// else the platform's opener. Failing to is not worth stopping for, and is worth one
/// line: the opener's own output is discarded (xdg-open without a desktop prints a page
/// of it), and a thread waits for it so no zombie process is left behind.
fn open_browser(url: &str) {
    let Some((program, args)) = browser_command(std::env::var("BROWSER").ok().as_deref(), url)
    else {
        eprintln!("note: could not open a browser; visit {url}");
        return;
    };
    let child = std::process::Command::new(&program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let url = url.to_owned();
    match child {
        Ok(mut child) => {
            std::thread::spawn(move || {
                // Windows' explorer exits with 1 even when it opened the page.
                let failed = !child.wait().is_ok_and(|s| s.success() || cfg!(windows));
                if failed {
                    eprintln!("note: could not open a browser; visit {url}");
                }
            });
        }
        Err(_) => eprintln!("note: could not open a browser; visit {url}"),
    }
}

/// The program and arguments that open `url`: `$BROWSER`'s first `:`-separated entry
/// (split at spaces, `%s` replaced by the URL or the URL appended), else `open`,
/// `explorer` or `xdg-open`.
fn browser_command(browser: Option<&str>, url: &str) -> Option<(String, Vec<String>)> {
    if let Some(entry) = browser.and_then(|b| b.split(':').find(|e| !e.trim().is_empty())) {
        let mut words = entry.split_whitespace().map(str::to_owned);
        let program = words.next()?;
        let mut args: Vec<String> = words.collect();
        if args.iter().any(|a| a.contains("%s")) {
            args = args.iter().map(|a| a.replace("%s", url)).collect();
        } else {
            args.push(url.to_owned());
        }
        return Some((program, args));
    }
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    Some((program.to_owned(), vec![url.to_owned()]))
}
