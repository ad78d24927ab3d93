//! The preview server: static files from the build folder, the site's 404 page for
//! unknown paths (see `site_files`), and server-sent events that tell open pages to
//! reload or to show the diagnostics overlay. HTML answers get the reload script (see
//! `inject`); requests for a host other than this machine get a 403 (see `host_guard`).

use std::convert::Infallible;
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use futures_util::Stream;
use serde::Serialize;
use tokio::sync::broadcast;

use super::host_guard::{AllowedHosts, guard_host};
use super::inject::{LIVE_JS_PATH, inject_live_reload};
use super::site_files::{SiteFiles, site_file};
use crate::error::Error;

/// How long stopping waits for open connections to finish their answers: event streams
/// end at once, but a client that stops reading must not keep the server running.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The script every served page loads.
pub const LIVE_JS: &str = crate::embedded::LIVE_RELOAD.files[0].1;

/// What open pages are told.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// These site paths changed; pages showing one of them reload.
    Reload(Vec<String>),
    /// Show diagnostics over the page.
    Diagnostics(Report),
    /// Hide them.
    Clear,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    pub text: String,
    /// The last save broke a document: the page shown is the last good one.
    pub blocking: bool,
}

/// Shared between the server and the rebuild thread.
pub struct Live {
    sender: broadcast::Sender<LiveEvent>,
    /// The overlay a newly opened page should show at once.
    current: Mutex<Option<Report>>,
}

impl Live {
    pub fn new() -> Arc<Live> {
        let (sender, _) = broadcast::channel(64);
        Arc::new(Live {
            sender,
            current: Mutex::new(None),
        })
    }

    pub fn send(&self, event: LiveEvent) {
        match &event {
            LiveEvent::Diagnostics(report) => {
                *self.current.lock().expect("lock poisoned only by a panic") = Some(report.clone())
            }
            LiveEvent::Clear => *self.current.lock().expect("lock poisoned only by a panic") = None,
            LiveEvent::Reload(_) => {}
        }
        // No open page is not an error.
        let _ = self.sender.send(event);
    }
}

/// Binds `host:port`, or the next free port when it is taken (`0` picks any).
pub async fn bind(host: &str, port: u16) -> Result<tokio::net::TcpListener, Error> {
    let tries = if port == 0 { 1 } else { 20 };
    let mut last = None;
    for offset in 0..tries {
        match tokio::net::TcpListener::bind((host, port.saturating_add(offset))).await {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e),
        }
    }
    Err(Error::Listen {
        address: format!("{host}:{port}"),
        source: last.unwrap_or_else(|| std::io::Error::other("no address")),
    })
}

/// Serves `site` until `shutdown` completes; then open event streams end, and answers
/// still being sent get [`SHUTDOWN_GRACE`] to finish. `host` is the `--host` value: with
/// loopback names and the bound address, the only `Host` names answered.
pub async fn serve(
    listener: tokio::net::TcpListener,
    host: &str,
    site: PathBuf,
    live: Arc<Live>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let bound = listener.local_addr().map_err(|source| Error::Listen {
        address: host.to_owned(),
        source,
    })?;
    let allowed = Arc::new(AllowedHosts::new(host, bound));
    // Graceful shutdown waits for every connection, and an event stream never ends by
    // itself (the rebuild thread holds the sender): each stream also watches this.
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let (asked, was_asked) = tokio::sync::oneshot::channel::<()>();
    let files = get(site_file)
        .head(site_file)
        .with_state(SiteFiles::new(site));
    let app = Router::new()
        .route(
            LIVE_JS_PATH,
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    LIVE_JS,
                )
            }),
        )
        .route(
            "/__spex/events",
            get(move || events(live.clone(), stopping.clone())),
        )
        .fallback_service(files)
        .layer(axum::middleware::from_fn(inject_live_reload))
        .layer(axum::middleware::from_fn_with_state(allowed, guard_host));
    let server = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stop.send(true);
            let _ = asked.send(());
        })
        .into_future();
    tokio::pin!(server);
    let result = tokio::select! {
        result = &mut server => result,
        Ok(()) = was_asked => tokio::time::timeout(SHUTDOWN_GRACE, &mut server)
            .await
            .unwrap_or(Ok(())),
    };
    result.map_err(Error::ServerStopped)
}

async fn events(
    live: Arc<Live>,
    stopping: tokio::sync::watch::Receiver<bool>,
) -> impl IntoResponse {
    let initial = live
        .current
        .lock()
        .expect("lock poisoned only by a panic")
        .clone();
    let receiver = live.sender.subscribe();
    Sse::new(stream(initial, receiver, stopping)).keep_alive(KeepAlive::default())
}

/// The events for one page, until the server stops.
fn stream(
    initial: Option<Report>,
    receiver: broadcast::Receiver<LiveEvent>,
    stopping: tokio::sync::watch::Receiver<bool>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let first = initial.map(LiveEvent::Diagnostics);
    futures_util::stream::unfold(
        (first, receiver, stopping),
        |(pending, mut receiver, mut stopping)| async move {
            let event = match pending {
                Some(event) => event,
                None => loop {
                    tokio::select! {
                        // Also ready when the stop came before this stream was polled.
                        _ = stopping.wait_for(|stop| *stop) => return None,
                        received = receiver.recv() => match received {
                            Ok(event) => break event,
                            // A page that fell behind just reloads on the next event.
                            Err(broadcast::error::RecvError::Lagged(_)) => continue,
                            Err(broadcast::error::RecvError::Closed) => return None,
                        },
                    }
                },
            };
            Some((Ok(to_sse(&event)), (None, receiver, stopping)))
        },
    )
}

fn to_sse(event: &LiveEvent) -> Event {
    // Lists of strings and small structs of strings always serialize.
    match event {
        LiveEvent::Reload(pages) => Event::default()
            .event("reload")
            .data(serde_json::to_string(pages).expect("paths serialize")),
        LiveEvent::Diagnostics(report) => Event::default()
            .event("diagnostics")
            .data(serde_json::to_string(report).expect("report serializes")),
        LiveEvent::Clear => Event::default().event("clear").data("{}"),
    }
}

/// The address to show: loopback stays `127.0.0.1`, a wildcard becomes `localhost`.
pub fn url(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("http://localhost:{}/", addr.port())
    } else {
        format!("http://{addr}/")
    }
}
