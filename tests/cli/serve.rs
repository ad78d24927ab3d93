//! `spex serve` end to end: a real server on a free port, real HTTP, the live-reload
//! event stream, edits, a broken save, renames, path traversal, and Ctrl-C. Every wait is
//! bounded; nothing sleeps longer than a poll interval.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::support::spex;

const WAIT: Duration = Duration::from_secs(15);

fn prd(title: &str) -> String {
    format!(
        "---\nid: PRD-1\ntitle: {title}\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\nBody of the spec.\n"
    )
}

struct Server {
    child: Child,
    port: u16,
    workspace: tempfile::TempDir,
    tmp: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let workspace = tempfile::tempdir().expect("dir");
        let tmp = tempfile::tempdir().expect("dir");
        let write = |rel: &str, text: &str| {
            fs::create_dir_all(workspace.path().join(rel).parent().expect("parent"))
                .expect("mkdir");
            fs::write(workspace.path().join(rel), text).expect("write");
        };
        write(
            "objectives/OBJ-1.md",
            "---\nid: OBJ-1\ntitle: Grow\nstatus: active\n---\nGrow.\n",
        );
        write("prds/PRD-1.md", &prd("Tracking page"));
        write(
            "prds/PRD-2.md",
            "---\nid: PRD-2\ntitle: Alerts\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\nSee [[PRD-1]].\n",
        );
        let mut child = spex()
            .args(["serve", ".", "--port", "0"])
            .current_dir(workspace.path())
            .env("TMPDIR", tmp.path())
            .env(
                "GIT_CEILING_DIRECTORIES",
                workspace.path().parent().expect("parent"),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spex serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line = rx
            .recv_timeout(WAIT)
            .expect("the server says where it listens");
        let address = line
            .split("http://")
            .nth(1)
            .expect("a URL")
            .split('/')
            .next()
            .expect("host:port")
            .to_owned();
        assert!(
            address.starts_with("127.0.0.1:"),
            "binds to loopback: {line}"
        );
        let port = address
            .rsplit(':')
            .next()
            .expect("port")
            .parse()
            .expect("a port number");
        Server {
            child,
            port,
            workspace,
            tmp,
        }
    }

    /// Sends a raw request path (no normalisation) and returns (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        stream.set_read_timeout(Some(WAIT)).expect("timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .expect("request");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("response");
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_owned();
        (status, body)
    }

    /// Subscribes to the event stream: each message is (event name, data).
    fn events(&self) -> Receiver<(String, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        write!(
            stream,
            "GET /__spex/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("request");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let line = line.trim_end().to_owned();
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_owned();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    // Chunked transfer puts size lines between messages; data lines are whole.
                    if tx.send((name.clone(), data.to_owned())).is_err() {
                        return;
                    }
                }
            }
        });
        rx
    }

    fn write(&self, rel: &str, text: &str) {
        fs::write(self.workspace.path().join(rel), text).expect("write");
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.workspace.path().join(rel)
    }

    /// Polls `page` until its body contains `text`.
    fn wait_for_page(&self, page: &str, text: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let (_, body) = self.get(page);
            if body.contains(text) {
                return;
            }
            assert!(Instant::now() < deadline, "{page} never showed {text:?}");
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The next event called `name`, skipping others.
fn next_event(events: &Receiver<(String, String)>, name: &str, containing: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (event, data) = events
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no `{name}` event containing {containing:?}"));
        if event == name && data.contains(containing) {
            return data;
        }
    }
}

#[test]
fn edits_reload_pages_and_broken_saves_keep_the_last_good_page() {
    let server = Server::start();
    let (status, body) = server.get("/prd/PRD-1.html");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Tracking page</h1>") && body.contains("/__spex/live.js"));
    let (status, script) = server.get("/__spex/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));

    let events = server.events();
    server.write("prds/PRD-1.md", &prd("Tracking page v2"));
    next_event(&events, "reload", "prd/PRD-1.html");
    assert!(
        server
            .get("/prd/PRD-1.html")
            .1
            .contains("<h1>Tracking page v2</h1>")
    );
    // The page that links to it shows the new title too.
    server.wait_for_page("/prd/PRD-2.html", "Tracking page v2");

    // Half-written YAML: the overlay explains, the last good page stays.
    server.write(
        "prds/PRD-1.md",
        "---\nid: PRD-1\ntitle: [unclosed\n---\nBody.\n",
    );
    let report = next_event(&events, "diagnostics", "yaml-syntax");
    assert!(report.contains("\"blocking\":true"), "{report}");
    assert!(
        server
            .get("/prd/PRD-1.html")
            .1
            .contains("<h1>Tracking page v2</h1>")
    );

    server.write("prds/PRD-1.md", &prd("Tracking page v3"));
    next_event(&events, "clear", "");
    server.wait_for_page("/prd/PRD-1.html", "<h1>Tracking page v3</h1>");
}

#[test]
fn created_renamed_and_deleted_files_are_handled() {
    let server = Server::start();
    let events = server.events();
    server.write("prds/PRD-3.md", "---\nid: PRD-3\ntitle: Labels\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\nNew.\n");
    server.wait_for_page("/prd/PRD-3.html", "<h1>Labels</h1>");

    // Editors that save by writing a temporary file and renaming it over the original.
    let temp = server.path("prds/.PRD-2.md.tmp");
    fs::write(&temp, "---\nid: PRD-2\ntitle: Alerts saved by rename\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\nBody.\n").expect("write");
    fs::rename(&temp, server.path("prds/PRD-2.md")).expect("rename");
    server.wait_for_page("/prd/PRD-2.html", "Alerts saved by rename");

    fs::rename(server.path("prds/PRD-3.md"), server.path("prds/PRD-4.md")).expect("rename");
    fs::remove_file(server.path("prds/PRD-2.md")).expect("remove");
    next_event(&events, "reload", "*");
    let deadline = Instant::now() + WAIT;
    while server.get("/prd/PRD-2.html").0 != 404 {
        assert!(
            Instant::now() < deadline,
            "the deleted document's page is still served"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
    assert_eq!(
        server.get("/prd/PRD-3.html").0,
        200,
        "PRD-3 moved to a new file, same ID"
    );
}

#[test]
fn only_the_output_folder_is_served_and_unknown_paths_get_the_404_page() {
    let server = Server::start();
    let (status, body) = server.get("/no/such/page.html");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's own 404 page");
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/prd/..%5c..%5cspex.yaml",
        "/%2E%2E/prds/PRD-1.md",
    ] {
        let (status, body) = server.get(path);
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(
            !body.contains("root:") && !body.contains("id: PRD-1"),
            "{path} leaked a file"
        );
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_and_removes_the_preview_folder() {
    let mut server = Server::start();
    let previews = |tmp: &Path| {
        fs::read_dir(tmp)
            .expect("tmp")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("spex-serve-"))
            .count()
    };
    assert_eq!(previews(server.tmp.path()), 1);
    let status = std::process::Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + WAIT;
    let exit = loop {
        if let Some(exit) = server.child.try_wait().expect("wait") {
            break exit;
        }
        assert!(Instant::now() < deadline, "spex serve did not stop");
        std::thread::sleep(Duration::from_millis(25));
    };
    assert!(exit.success(), "{exit:?}");
    assert_eq!(
        previews(server.tmp.path()),
        0,
        "the preview folder is removed"
    );
}
