//! A minimal, synchronous Chrome DevTools Protocol client for the browser test.
//!
//! Launches headless Chromium with a throw-away profile, connects to its
//! browser WebSocket, opens one page session (`Target.attachToTarget` with
//! `flatten: true`) and sends commands on it, waiting for each matching
//! response. Every event is kept so the test can inspect requests and console
//! errors afterwards. All waits are bounded. Dropping the browser closes
//! Chromium (killing it if needed) and removes the profile.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use tungstenite::protocol::WebSocketConfig;
use tungstenite::{Message, WebSocket};

pub type Result<T> = std::result::Result<T, String>;

/// How long a single command may take before the test gives up.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(15);
/// How long Chromium may take to print its DevTools URL.
const LAUNCH_TIMEOUT: Duration = Duration::from_secs(30);

/// Finds a Chromium binary: `$CHROMIUM`, then the usual names on `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// A console error, uncaught exception or error log entry seen on a page.
#[derive(Debug, Clone)]
pub struct PageError {
    pub kind: &'static str,
    pub text: String,
    pub url: String,
}

pub struct Browser {
    child: Child,
    /// Temporary profile; removed after Chromium has exited (see `Drop`).
    profile: Option<tempfile::TempDir>,
    ws: WebSocket<TcpStream>,
    next_id: u64,
    session: Option<String>,
    /// Every event received, in order.
    events: Vec<Value>,
    stderr_tail: Arc<Mutex<Vec<String>>>,
}

impl Browser {
    /// Starts headless Chromium and connects to it.
    pub fn launch(chromium: &Path) -> Result<Browser> {
        let profile = tempfile::Builder::new()
            .prefix("spex-chromium-")
            .tempdir()
            .map_err(|e| format!("cannot create a Chromium profile dir: {e}"))?;
        let mut child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--mute-audio",
                // Belt and braces: nothing but the local server can resolve.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromium.display()))?;

        // Read stderr on a thread: it hands over the DevTools URL, then keeps
        // draining the pipe (and the last lines, for error messages).
        let stderr = child.stderr.take().expect("stderr is piped");
        let stderr_tail = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        {
            let tail = Arc::clone(&stderr_tail);
            std::thread::spawn(move || {
                let mut tx = Some(tx);
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    if let Some(rest) = line.split("DevTools listening on ").nth(1)
                        && let Some(tx) = tx.take()
                    {
                        let _ = tx.send(rest.trim().to_string());
                    }
                    let mut tail = tail.lock().unwrap_or_else(|e| e.into_inner());
                    tail.push(line);
                    if tail.len() > 40 {
                        tail.remove(0);
                    }
                }
            });
        }
        let ws_url = match rx.recv_timeout(LAUNCH_TIMEOUT) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                let tail = stderr_tail
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .join("\n");
                return Err(format!(
                    "Chromium printed no DevTools URL within {LAUNCH_TIMEOUT:?}; its stderr:\n{tail}"
                ));
            }
        };

        let ws = match connect(&ws_url) {
            Ok(ws) => ws,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(e);
            }
        };
        Ok(Browser {
            child,
            profile: Some(profile),
            ws,
            next_id: 0,
            session: None,
            events: Vec::new(),
            stderr_tail,
        })
    }

    /// Opens a new tab and makes it the target of `call`.
    pub fn open_page(&mut self) -> Result<()> {
        let target = self.call_on(None, "Target.createTarget", json!({"url": "about:blank"}))?;
        let target_id = target["targetId"]
            .as_str()
            .ok_or("no targetId")?
            .to_string();
        let attached = self.call_on(
            None,
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        )?;
        let session = attached["sessionId"].as_str().ok_or("no sessionId")?;
        self.session = Some(session.to_string());
        for domain in ["Page", "Runtime", "Network", "Log"] {
            self.call(&format!("{domain}.enable"), json!({}))?;
        }
        Ok(())
    }

    /// Sends a command to the page session and returns its `result`.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value> {
        let session = self.session.clone();
        self.call_on(session.as_deref(), method, params)
    }

    fn call_on(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.ws
            .send(Message::text(message.to_string()))
            .map_err(|e| format!("{method}: send failed: {e}"))?;
        let deadline = Instant::now() + COMMAND_TIMEOUT;
        loop {
            let message = self
                .read_message(deadline)
                .map_err(|e| format!("{method}: {e}"))?;
            if message["id"].as_u64() == Some(id) {
                if let Some(error) = message.get("error") {
                    return Err(format!("{method} failed: {error}"));
                }
                return Ok(message["result"].clone());
            }
        }
    }

    /// Reads one message, storing it if it is an event.
    fn read_message(&mut self, deadline: Instant) -> Result<Value> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(format!(
                    "timed out waiting for Chromium{}",
                    self.stderr_summary()
                ));
            }
            self.ws
                .get_mut()
                .set_read_timeout(Some(left))
                .map_err(|e| e.to_string())?;
            match self.ws.read() {
                Ok(Message::Text(text)) => {
                    let value: Value = serde_json::from_str(text.as_str())
                        .map_err(|e| format!("bad CDP message: {e}"))?;
                    if value.get("method").is_some() {
                        self.events.push(value.clone());
                    }
                    return Ok(value);
                }
                Ok(Message::Close(_)) => {
                    return Err(format!(
                        "Chromium closed the connection{}",
                        self.stderr_summary()
                    ));
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => return Err(format!("WebSocket error: {e}{}", self.stderr_summary())),
            }
        }
    }

    /// Waits until an event after position `from` in the log satisfies `pred`.
    pub fn wait_for_event(
        &mut self,
        from: usize,
        timeout: Duration,
        what: &str,
        pred: impl Fn(&Value) -> bool,
    ) -> Result<Value> {
        let deadline = Instant::now() + timeout;
        let mut checked = from;
        loop {
            if let Some(event) = self.events[checked..].iter().find(|e| pred(e)) {
                return Ok(event.clone());
            }
            checked = self.events.len();
            self.read_message(deadline)
                .map_err(|e| format!("waiting for {what}: {e}"))?;
        }
    }

    fn is_session_event(&self, event: &Value, method: &str) -> bool {
        event["method"] == method && event["sessionId"].as_str() == self.session.as_deref()
    }

    /// Loads `url` and waits for its load event.
    pub fn navigate(&mut self, url: &str) -> Result<()> {
        let mark = self.events.len();
        let result = self.call("Page.navigate", json!({"url": url}))?;
        if let Some(error) = result.get("errorText").and_then(Value::as_str) {
            return Err(format!("navigating to {url} failed: {error}"));
        }
        let session = self.session.clone();
        self.wait_for_event(
            mark,
            COMMAND_TIMEOUT,
            &format!("the load event of {url}"),
            |e| {
                e["method"] == "Page.loadEventFired"
                    && e["sessionId"].as_str() == session.as_deref()
            },
        )?;
        Ok(())
    }

    /// Evaluates `expression` in the page (awaiting promises) and returns its
    /// value; a thrown exception is an error.
    pub fn evaluate(&mut self, expression: &str) -> Result<Value> {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        )?;
        if let Some(details) = result.get("exceptionDetails") {
            return Err(format!("`{expression}` threw: {details}"));
        }
        Ok(result["result"]["value"].clone())
    }

    /// Evaluates `expression` until it returns something truthy-ish (not
    /// `null`, `false`, `0` or `""`), for at most `timeout`.
    pub fn wait_until(&mut self, expression: &str, timeout: Duration) -> Result<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.evaluate(expression)?;
            let done = !matches!(&value, Value::Null | Value::Bool(false))
                && value != json!(0)
                && value != json!("");
            if done {
                return Ok(value);
            }
            if Instant::now() >= deadline {
                return Err(format!("`{expression}` still {value} after {timeout:?}"));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Types `text` into the focused element, as an IME commit would.
    pub fn insert_text(&mut self, text: &str) -> Result<()> {
        self.call("Input.insertText", json!({"text": text}))?;
        Ok(())
    }

    /// Sets the viewport size (CSS pixels, scale 1).
    pub fn set_viewport(&mut self, width: u32, height: u32) -> Result<()> {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        )?;
        Ok(())
    }

    /// Saves a full-page PNG (up to `max_height` CSS pixels tall) to `path`.
    pub fn screenshot(&mut self, path: &Path, max_height: f64) -> Result<()> {
        let metrics = self.call("Page.getLayoutMetrics", json!({}))?;
        let size = &metrics["cssContentSize"];
        let width = size["width"].as_f64().unwrap_or(1280.0).ceil();
        let height = size["height"]
            .as_f64()
            .unwrap_or(900.0)
            .ceil()
            .min(max_height);
        let shot = self.call(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            }),
        )?;
        let data = shot["data"].as_str().ok_or("screenshot without data")?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| format!("screenshot is not base64: {e}"))?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The position in the event log; pass to `*_since` to look at later events.
    pub fn mark(&self) -> usize {
        self.events.len()
    }

    /// URLs of every request the page made since `mark`.
    pub fn requests_since(&self, mark: usize) -> Vec<String> {
        self.events[mark..]
            .iter()
            .filter(|e| self.is_session_event(e, "Network.requestWillBeSent"))
            .filter_map(|e| e["params"]["request"]["url"].as_str().map(str::to_string))
            .collect()
    }

    /// Console errors, uncaught exceptions and error log entries since `mark`.
    pub fn errors_since(&self, mark: usize) -> Vec<PageError> {
        let mut errors = Vec::new();
        for event in &self.events[mark..] {
            if event["sessionId"].as_str() != self.session.as_deref() {
                continue;
            }
            let params = &event["params"];
            match event["method"].as_str() {
                Some("Runtime.consoleAPICalled")
                    if matches!(params["type"].as_str(), Some("error" | "assert")) =>
                {
                    let text = params["args"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|arg| {
                            arg["value"]
                                .as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| arg["description"].to_string())
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    let url = params["stackTrace"]["callFrames"][0]["url"]
                        .as_str()
                        .unwrap_or("")
                        .to_string();
                    errors.push(PageError {
                        kind: "console.error",
                        text,
                        url,
                    });
                }
                Some("Runtime.exceptionThrown") => {
                    let details = &params["exceptionDetails"];
                    let text = details["exception"]["description"]
                        .as_str()
                        .or(details["text"].as_str())
                        .unwrap_or("")
                        .to_string();
                    let url = details["url"].as_str().unwrap_or("").to_string();
                    errors.push(PageError {
                        kind: "exception",
                        text,
                        url,
                    });
                }
                Some("Log.entryAdded") if params["entry"]["level"] == "error" => {
                    let entry = &params["entry"];
                    errors.push(PageError {
                        kind: "log error",
                        text: entry["text"].as_str().unwrap_or("").to_string(),
                        url: entry["url"].as_str().unwrap_or("").to_string(),
                    });
                }
                _ => {}
            }
        }
        errors
    }

    fn stderr_summary(&self) -> String {
        let tail = self.stderr_tail.lock().unwrap_or_else(|e| e.into_inner());
        if tail.is_empty() {
            String::new()
        } else {
            format!("; Chromium's last stderr lines:\n{}", tail.join("\n"))
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ask politely so Chromium takes its helper processes down with it...
        let _ = self.ws.send(Message::text(
            json!({"id": 0, "method": "Browser.close"}).to_string(),
        ));
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        // ...then insist.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if let Some(profile) = self.profile.take() {
            let path = profile.path().to_path_buf();
            if profile.close().is_err() {
                // A helper process may still be writing; one bounded retry.
                std::thread::sleep(Duration::from_millis(200));
                let _ = std::fs::remove_dir_all(path);
            }
        }
    }
}

/// Opens the browser-level DevTools WebSocket at `ws://host:port/path`.
fn connect(ws_url: &str) -> Result<WebSocket<TcpStream>> {
    let host_port = ws_url
        .strip_prefix("ws://")
        .and_then(|rest| rest.split('/').next())
        .ok_or_else(|| format!("unexpected DevTools URL {ws_url}"))?;
    let addr = host_port
        .parse()
        .map_err(|e| format!("unexpected DevTools address {host_port}: {e}"))?;
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))
        .map_err(|e| format!("cannot connect to {ws_url}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    // Full-page screenshots arrive as one large base64 message.
    let config = WebSocketConfig::default()
        .max_message_size(Some(256 << 20))
        .max_frame_size(Some(256 << 20));
    let (ws, _) = tungstenite::client::client_with_config(ws_url, stream, Some(config))
        .map_err(|e| format!("WebSocket handshake with {ws_url} failed: {e}"))?;
    Ok(ws)
}
