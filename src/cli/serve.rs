//! `spex serve`: build into a temporary folder, serve it, rebuild on change, reload open
//! pages. The async runtime lives here and in `watch::serve` only.

use std::io::Write;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use super::Cli;
use super::args::ServeArgs;
use super::session::Session;
use crate::Compilation;
use crate::diag::{Severity, Tally, plural};
use crate::error::{Error, Result};
use crate::render::output::{DirectOutput, StagedOutput};
use crate::render::site::{SiteFailure, SiteRenderer, Visibility};
use crate::watch::serve::{Live, LiveEvent, Report, bind, serve, url};
use crate::watch::{IncrementalCompiler, WatchOptions, affected_documents, classify, watch};

pub fn run(cli: &Cli, args: &ServeArgs) -> Result<ExitCode> {
    let session = Session::open(cli, args.path.as_deref(), None)?;
    let root = session.root.clone();
    if !session.config.diagnostics.is_empty() {
        return Err(Error::Usage(
            "spex.yaml has errors; run `spex check` to see them".into(),
        ));
    }
    // The preview lives in a temporary folder, removed when the server stops.
    let temp = tempfile::Builder::new()
        .prefix("spex-serve-")
        .tempdir()
        .map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
    let out = temp.path().join("site");
    let live = Live::new();
    let visibility = Visibility {
        include_confidential: args.include_confidential,
    };

    let history = match &session.repo {
        Some(repo) => Some(Arc::new(repo.history(None, true)?)),
        None => None,
    };
    let mut state = Preview {
        root: root.clone(),
        prefix: session.prefix.clone(),
        out: out.clone(),
        live: live.clone(),
        visibility,
        history: history.clone(),
        compiler: IncrementalCompiler::new(
            &root,
            session.config.config.clone(),
            session.config.files.clone(),
            history.clone(),
        ),
        renderer: None,
        compilation: None,
        verbose: cli.verbose,
    };
    state.rebuild_everything();

    let (_watcher, events) = watch(
        &root,
        WatchOptions {
            poll: args.poll,
            ..WatchOptions::default()
        },
    )?;
    std::thread::spawn(move || {
        for paths in events {
            state.on_change(&paths);
        }
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    runtime.block_on(async {
        // Install the Ctrl-C (and SIGTERM) handlers before saying where we listen, so a
        // signal sent right away still stops the server cleanly.
        let shutdown = shutdown_signal()?;
        let listener = bind(&args.host, args.port).await?;
        let address = listener
            .local_addr()
            .map_err(|e| Error::Usage(e.to_string()))?;
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
        serve(listener, out.clone(), live, shutdown).await
    })?;
    drop(temp);
    eprintln!("stopped; removed the preview folder");
    Ok(ExitCode::SUCCESS)
}

/// Completes on Ctrl-C or SIGTERM. The handlers are registered when this is called.
#[cfg(unix)]
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let fail = |e: std::io::Error| Error::Usage(format!("cannot handle Ctrl-C: {e}"));
    let mut interrupt = signal(SignalKind::interrupt()).map_err(fail)?;
    let mut terminate = signal(SignalKind::terminate()).map_err(fail)?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()> + Send + 'static> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// The rebuild side of the server.
struct Preview {
    root: std::path::PathBuf,
    prefix: String,
    out: std::path::PathBuf,
    live: Arc<Live>,
    visibility: Visibility,
    history: Option<Arc<crate::model::History>>,
    compiler: IncrementalCompiler,
    renderer: Option<SiteRenderer>,
    /// The last compilation that was rendered.
    compilation: Option<Compilation>,
    verbose: bool,
}

impl Preview {
    /// A full render (start, config or template change), swapped in file by file.
    fn rebuild_everything(&mut self) {
        let compilation = self.compiler.compile();
        self.renderer = match SiteRenderer::new(Some(&self.root), self.visibility, true) {
            Ok(renderer) => Some(renderer),
            Err(failure) => {
                self.report_failure(failure);
                return;
            }
        };
        let Some(renderer) = &self.renderer else {
            return;
        };
        let result = StagedOutput::new(&self.out)
            .map_err(SiteFailure::Fatal)
            .and_then(|staged| {
                match renderer.render_all(
                    &compilation.workspace,
                    &compilation.diagnostics,
                    &staged,
                    self.compiler.tree(),
                ) {
                    Ok(_) => staged.commit().map(|_| ()).map_err(SiteFailure::Fatal),
                    Err(failure) => {
                        staged.discard();
                        Err(failure)
                    }
                }
            });
        match result {
            Ok(()) => {
                self.announce(&compilation, false);
                self.live.send(LiveEvent::Reload(vec!["*".into()]));
                self.compilation = Some(compilation);
            }
            Err(failure) => self.report_failure(failure),
        }
    }

    fn on_change(&mut self, paths: &[std::path::PathBuf]) {
        let started = Instant::now();
        let filter = crate::load::Filter::new(&self.compiler.config);
        let changes = classify(&self.root, &filter, paths.iter().map(|p| p.as_path()));
        if changes.is_empty() {
            return;
        }
        if changes.config {
            match crate::load_config(self.compiler.tree()) {
                Ok(config) if config.diagnostics.is_empty() => {
                    self.compiler = IncrementalCompiler::new(
                        &self.root,
                        config.config.clone(),
                        config.files.clone(),
                        self.history.clone(),
                    );
                }
                Ok(config) => {
                    let text = render_text(&config.diagnostics, &config.files, &self.prefix);
                    self.live.send(LiveEvent::Diagnostics(Report {
                        title: "spex.yaml has errors".into(),
                        text,
                        blocking: true,
                    }));
                    return;
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return;
                }
            }
        }
        // Created, deleted or renamed documents change page names: render everything, so
        // pages of documents that are gone are removed too.
        let structural = !changes.config && self.compiler.update(&changes.documents);
        if changes.config || changes.templates || structural || self.renderer.is_none() {
            self.rebuild_everything();
            return;
        }
        let config = self.compiler.config.clone();
        let assembled = self.compiler.assemble();
        // A save that breaks a document keeps the last good pages and shows why.
        let broken: Vec<crate::diag::Diagnostic> = assembled
            .diagnostics
            .iter()
            .filter(|d| {
                config.rule_level(d.rule).severity() == Some(Severity::Error)
                    && changes.documents.contains(&d.primary.file)
            })
            .map(|d| crate::diag::Diagnostic {
                severity: Severity::Error,
                ..d.clone()
            })
            .collect();
        if !broken.is_empty() {
            let text = render_text(&broken, &assembled.files, &self.prefix);
            let title = format!(
                "{}: the page shows the last good version",
                plural(broken.len(), "error")
            );
            self.live.send(LiveEvent::Diagnostics(Report {
                title,
                text: text.clone(),
                blocking: true,
            }));
            eprintln!("{text}");
            return;
        }
        let Some(renderer) = &self.renderer else {
            return;
        };
        let sink = DirectOutput::new(&self.out);
        let before = self.compilation.as_ref().map(|c| &c.workspace);
        let docs = affected_documents(before, &assembled.workspace, &changes.documents);
        // The changed pages first, so the page being edited reloads at once; they do not
        // depend on validation (only the home page's health panel does), so it comes after.
        if let Err(failure) = renderer.render_documents(&assembled.workspace, &[], &sink, &docs) {
            self.report_failure(failure);
            return;
        }
        let first = sink.take_written();
        if self.verbose {
            eprintln!(
                "rebuilt {} in {:.0?} after the change was seen",
                plural(first.len(), "page"),
                started.elapsed()
            );
        }
        self.live.send(LiveEvent::Reload(first));
        let compilation = assembled.validate(&config);
        if let Err(failure) = renderer.render_indexes(
            &compilation.workspace,
            &compilation.diagnostics,
            &sink,
            self.compiler.tree(),
        ) {
            self.report_failure(failure);
            return;
        }
        self.live.send(LiveEvent::Reload(sink.take_written()));
        self.announce(&compilation, true);
        self.compilation = Some(compilation);
        if self.verbose {
            eprintln!("updated the indexes in {:.0?}", started.elapsed());
        }
    }

    /// Shows the workspace's errors over the page (or hides the overlay when clean).
    fn announce(&self, compilation: &Compilation, quiet_when_clean: bool) {
        let errors: Vec<crate::diag::Diagnostic> = compilation
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        if errors.is_empty() {
            self.live.send(LiveEvent::Clear);
            if !quiet_when_clean {
                eprintln!(
                    "{}",
                    crate::diag::human::summary(
                        Tally::of(&compilation.diagnostics),
                        &plural(compilation.workspace.len(), "document")
                    )
                );
            }
        } else {
            let text = render_text(&errors, &compilation.files, &self.prefix);
            self.live.send(LiveEvent::Diagnostics(Report {
                title: format!("{} in the workspace", plural(errors.len(), "error")),
                text,
                blocking: false,
            }));
        }
    }

    fn report_failure(&self, failure: SiteFailure) {
        let text = match failure {
            SiteFailure::Diagnostics(diagnostics, files) => {
                render_text(&diagnostics, &files, &self.prefix)
            }
            SiteFailure::Fatal(error) => error.to_string(),
        };
        eprintln!("{text}");
        self.live.send(LiveEvent::Diagnostics(Report {
            title: "the site could not be rebuilt".into(),
            text,
            blocking: true,
        }));
    }
}

fn render_text(
    diagnostics: &[crate::diag::Diagnostic],
    files: &crate::diag::Files,
    prefix: &str,
) -> String {
    diagnostics
        .iter()
        .map(|d| crate::diag::human::render(d, files, false, prefix))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Opens the default browser; failing to is not worth stopping for.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(program)
        .arg(url)
        .spawn()
        .is_err()
    {
        eprintln!("note: could not open a browser; visit {url}");
    }
}
