//! A tiny HTTP/1.1 file server for the browser test (std only).
//!
//! Serves one folder on `127.0.0.1:<free port>` from a background thread,
//! answers GET and HEAD, sends the site's `404.html` for missing files,
//! refuses paths with `..`, and records the path of every request so the test
//! can see what the browser asked for. Stops when dropped.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// A request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent, query string included.
    pub target: String,
    pub status: u16,
}

pub struct StaticServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<Vec<Request>>>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Starts serving `root` on a free local port.
    pub fn start(root: &Path) -> std::io::Result<StaticServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let root = root.to_path_buf();
        let thread = {
            let stop = Arc::clone(&stop);
            let log = Arc::clone(&log);
            std::thread::Builder::new()
                .name("static-server".into())
                .spawn(move || accept_loop(listener, root, stop, log))?
        };
        Ok(StaticServer {
            addr,
            stop,
            log,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The absolute URL of a site path such as `prd/PRD-003.html`.
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.origin(), path.trim_start_matches('/'))
    }

    /// Every request served so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so the loop sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn accept_loop(
    listener: TcpListener,
    root: PathBuf,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<Vec<Request>>>,
) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let root = root.clone();
        let log = Arc::clone(&log);
        // One thread per connection: browsers open several at once, and a
        // pre-connected socket that never sends a request must not block others.
        let _ = std::thread::Builder::new()
            .name("static-server-conn".into())
            .spawn(move || {
                let _ = serve_connection(stream, &root, &log);
            });
    }
}

/// Serves requests on one connection until the client closes it or goes quiet.
fn serve_connection(
    stream: TcpStream,
    root: &Path,
    log: &Mutex<Vec<Request>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        // Headers: read up to the blank line; bodies are not expected (GET/HEAD).
        let mut keep_alive = true;
        let mut header_bytes = 0;
        loop {
            let mut line = String::new();
            let n = reader.read_line(&mut line)?;
            header_bytes += n;
            if n == 0 || line == "\r\n" || line == "\n" {
                break;
            }
            if header_bytes > 64 * 1024 {
                return Ok(());
            }
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("connection:") && lower.contains("close") {
                keep_alive = false;
            }
        }
        let mut parts = request_line.split_whitespace();
        let (method, target, version) = (
            parts.next().unwrap_or("").to_string(),
            parts.next().unwrap_or("").to_string(),
            parts.next().unwrap_or(""),
        );
        if version == "HTTP/1.0" {
            keep_alive = false;
        }
        let response = respond(root, &method, &target);
        log.lock().unwrap_or_else(|e| e.into_inner()).push(Request {
            method: method.clone(),
            target,
            status: response.status,
        });
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
            response.status,
            reason(response.status),
            response.content_type,
            response.body.len()
        );
        head.push_str(if keep_alive {
            "Connection: keep-alive\r\n\r\n"
        } else {
            "Connection: close\r\n\r\n"
        });
        writer.write_all(head.as_bytes())?;
        if method != "HEAD" {
            writer.write_all(&response.body)?;
        }
        writer.flush()?;
        if !keep_alive {
            return Ok(());
        }
    }
}

struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

fn respond(root: &Path, method: &str, target: &str) -> Response {
    let text = |status, body: &str| Response {
        status,
        content_type: "text/plain; charset=utf-8",
        body: body.as_bytes().to_vec(),
    };
    if method != "GET" && method != "HEAD" {
        return text(405, "method not allowed\n");
    }
    let Some(file) = resolve(root, target) else {
        return text(400, "bad request path\n");
    };
    let file = if file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    match std::fs::read(&file) {
        Ok(body) => Response {
            status: 200,
            content_type: content_type(&file),
            body,
        },
        Err(_) => match std::fs::read(root.join("404.html")) {
            Ok(body) => Response {
                status: 404,
                content_type: "text/html; charset=utf-8",
                body,
            },
            Err(_) => text(404, "not found\n"),
        },
    }
}

/// Maps a request target to a file under `root`; `None` for paths that try to
/// leave it or that are not origin-form.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(path)?;
    let mut file = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\') || s.contains('\0') => return None,
            s => file.push(s),
        }
    }
    Some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(file: &Path) -> &'static str {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn get(server: &StaticServer, method: &str, target: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let status = head[9..12].parse().unwrap();
        (status, head, raw[split + 4..].to_vec())
    }

    #[test]
    fn static_server_serves_files_types_404_and_refuses_dot_dot() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("site/assets")).unwrap();
        std::fs::write(dir.path().join("site/index.html"), "<h1>home</h1>").unwrap();
        std::fs::write(dir.path().join("site/404.html"), "<h1>missing</h1>").unwrap();
        std::fs::write(dir.path().join("site/assets/a b.css"), "body{}").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let server = StaticServer::start(&dir.path().join("site")).unwrap();

        let (status, head, body) = get(&server, "GET", "/");
        assert_eq!(
            (status, body.as_slice()),
            (200, b"<h1>home</h1>".as_slice())
        );
        assert!(head.contains("Content-Type: text/html"), "{head}");

        let (status, head, body) = get(&server, "GET", "/assets/a%20b.css?v=1");
        assert_eq!((status, body.as_slice()), (200, b"body{}".as_slice()));
        assert!(head.contains("Content-Type: text/css"), "{head}");

        let (status, head, body) = get(&server, "HEAD", "/index.html");
        assert_eq!(status, 200);
        assert!(head.contains("Content-Length: 13"), "{head}");
        assert!(body.is_empty());

        let (status, _, body) = get(&server, "GET", "/nope.html");
        assert_eq!(
            (status, body.as_slice()),
            (404, b"<h1>missing</h1>".as_slice())
        );

        assert_eq!(get(&server, "GET", "/../secret.txt").0, 400);
        assert_eq!(
            get(&server, "GET", "/assets/%2e%2e/%2e%2e/secret.txt").0,
            400
        );
        assert_eq!(get(&server, "POST", "/index.html").0, 405);

        let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
        assert_eq!(targets[0], "/");
        assert_eq!(targets.len(), 7);
    }
}
