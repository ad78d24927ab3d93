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

use crate::support::{next_line_containing, spex, write_file as write_in};

const WAIT: Duration = Duration::from_secs(15);

pub(crate) fn prd(title: &str) -> String {
    format!(
        "---\nid: PRD-1\ntitle: {title}\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\nBody of the spec.\n"
    )
}

fn prd2(title: &str) -> String {
    format!(
        "---\nid: PRD-2\ntitle: {title}\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\nSee [[PRD-1]].\n\n![Flow](diagram.svg)\n"
    )
}

/// An objective, two PRDs (PRD-2 links to PRD-1 and shows an image).
pub(crate) fn workspace() -> tempfile::TempDir {
    let workspace = tempfile::tempdir().expect("dir");
    let root = workspace.path();
    write_in(
        root,
        "objectives/OBJ-1.md",
        "---\nid: OBJ-1\ntitle: Grow\nstatus: active\n---\nGrow.\n",
    );
    write_in(root, "prds/PRD-1.md", &prd("Tracking page"));
    write_in(root, "prds/PRD-2.md", &prd2("Alerts"));
    write_in(
        root,
        "prds/diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    workspace
}

/// Starts `spex serve` in `workspace` with TMPDIR at `tmp`; its stdout and stderr lines.
fn spawn(
    workspace: &Path,
    tmp: &Path,
    args: &[&str],
) -> (Child, Receiver<String>, Receiver<String>) {
    let mut child = spex()
        .args(["serve", "."])
        .args(args)
        .current_dir(workspace)
        .env("TMPDIR", tmp)
        .env(
            "GIT_CEILING_DIRECTORIES",
            workspace.parent().expect("parent"),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spex serve starts");
    let lines = |stream: Box<dyn Read + Send>| {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        rx
    };
    let stdout = lines(Box::new(child.stdout.take().expect("stdout")));
    let stderr = lines(Box::new(child.stderr.take().expect("stderr")));
    (child, stdout, stderr)
}

/// How many preview folders are in `tmp`.
fn previews(tmp: &Path) -> usize {
    fs::read_dir(tmp)
        .expect("tmp")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("spex-serve-"))
        .count()
}

#[cfg(unix)]
fn interrupt(child: &Child) {
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

/// Waits (bounded) for `child` to exit.
fn exit_of(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            return exit;
        }
        assert!(Instant::now() < deadline, "spex serve did not stop");
        std::thread::sleep(Duration::from_millis(25));
    }
}

pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
    workspace: tempfile::TempDir,
    tmp: tempfile::TempDir,
    stderr: Receiver<String>,
}

impl Server {
    pub(crate) fn start() -> Server {
        Server::start_in(workspace(), &["--port", "0"])
    }

    pub(crate) fn start_in(workspace: tempfile::TempDir, args: &[&str]) -> Server {
        let tmp = tempfile::tempdir().expect("dir");
        let (child, stdout, stderr) = spawn(workspace.path(), tmp.path(), args);
        let line = stdout
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
            stderr,
        }
    }

    /// Sends a raw request path (no normalisation) and returns (status, body).
    pub(crate) fn get(&self, path: &str) -> (u16, String) {
        self.get_as(path, "Host: localhost\r\n")
    }

    /// Like [`Server::get`], with these header lines (each ending in CRLF) instead of a
    /// `Host: localhost` one.
    pub(crate) fn get_as(&self, path: &str, headers: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        stream.set_read_timeout(Some(WAIT)).expect("timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"
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

    /// Subscribes to the event stream: each message is (event name, data). Returns once
    /// the answer's headers are in, so the server has subscribed: no later event is missed.
    pub(crate) fn events(&self) -> Receiver<(String, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        stream.set_read_timeout(Some(WAIT)).expect("timeout");
        write!(
            stream,
            "GET /__spex/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("request");
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).expect("status line");
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).expect("header");
            if header.trim_end().is_empty() {
                break;
            }
        }
        // From here on the stream may stay quiet for long: no read timeout.
        reader.get_ref().set_read_timeout(None).expect("timeout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in reader.lines().map_while(Result::ok) {
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

    pub(crate) fn write(&self, rel: &str, text: &str) {
        write_in(self.workspace.path(), rel, text);
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.workspace.path().join(rel)
    }

    /// Polls `page` until its body contains `text`.
    pub(crate) fn wait_for_page(&self, page: &str, text: &str) {
        self.wait_for(page, text, |_, body| body.contains(text));
    }

    /// Polls `page` until it answers `status`.
    fn wait_for_status(&self, page: &str, status: u16) {
        self.wait_for(page, &format!("status {status}"), |s, _| s == status);
    }

    fn wait_for(&self, page: &str, what: &str, done: impl Fn(u16, &str) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            let (status, body) = self.get(page);
            if done(status, &body) {
                return;
            }
            assert!(Instant::now() < deadline, "{page} never showed {what:?}");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The next stderr line containing `text`.
    pub(crate) fn wait_for_stderr(&self, text: &str) -> String {
        next_line_containing(&self.stderr, text, WAIT)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The next event called `name` whose data contains `containing`, skipping others.
pub(crate) fn next_event(
    events: &Receiver<(String, String)>,
    name: &str,
    containing: &str,
) -> String {
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

/// The next reload event that names `page` exactly (`*` is every page).
fn next_reload_of(events: &Receiver<(String, String)>, page: &str) {
    let deadline = Instant::now() + WAIT;
    let wanted = format!("\"{page}\"");
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (event, data) = events
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no reload of {page:?}"));
        if event == "reload" && data.split(['[', ',', ']']).any(|p| p == wanted) {
            return;
        }
    }
}

/// The next overlay event: `("diagnostics", report)` or `("clear", _)`.
fn next_overlay(events: &Receiver<(String, String)>) -> (String, String) {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let event = events.recv_timeout(left).expect("an overlay event");
        if event.0 != "reload" {
            return event;
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
    server.write("prds/PRD-3.md", "---\nid: PRD-3\ntitle: Labels\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\nNew.\n");
    server.wait_for_page("/prd/PRD-3.html", "<h1>Labels</h1>");

    // Editors that save by writing a temporary file and renaming it over the original.
    let temp = server.path("prds/.PRD-2.md.tmp");
    fs::write(&temp, "---\nid: PRD-2\ntitle: Alerts saved by rename\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\nBody.\n").expect("write");
    fs::rename(&temp, server.path("prds/PRD-2.md")).expect("rename");
    server.wait_for_page("/prd/PRD-2.html", "Alerts saved by rename");

    // Subscribed only now: the full rebuild that PRD-3's creation caused was over before
    // PRD-2's save was handled, so its reload cannot be mistaken for this one.
    let events = server.events();
    fs::rename(server.path("prds/PRD-3.md"), server.path("prds/PRD-4.md")).expect("rename");
    fs::remove_file(server.path("prds/PRD-2.md")).expect("remove");
    next_reload_of(&events, "*");
    server.wait_for_status("/prd/PRD-2.html", 404);
    // PRD-3 moved to a new file, same ID: same page, new source path.
    server.wait_for_page("/prd/PRD-3.html", "prds/PRD-4.md");
}

/// inotify reports a folder moved in or out as the folder alone, not the files in it.
#[test]
fn folders_of_documents_moved_in_and_out_are_picked_up() {
    let server = Server::start();
    let away = tempfile::tempdir().expect("dir");
    write_in(
        away.path(),
        "batch/PRD-5.md",
        "---\nid: PRD-5\ntitle: Batch labels\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\nMoved in.\n",
    );
    write_in(
        away.path(),
        "batch/PRD-6.md",
        "---\nid: PRD-6\ntitle: Batch returns\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\nMoved in.\n",
    );
    fs::rename(away.path().join("batch"), server.path("prds/batch")).expect("move in");
    server.wait_for_page("/prd/PRD-5.html", "<h1>Batch labels</h1>");
    server.wait_for_page("/prd/PRD-6.html", "<h1>Batch returns</h1>");

    fs::rename(server.path("prds/batch"), away.path().join("back")).expect("move out");
    server.wait_for_status("/prd/PRD-5.html", 404);
    server.wait_for_status("/prd/PRD-6.html", 404);
}

#[test]
fn a_broken_document_keeps_its_last_good_page_while_others_are_saved() {
    let server = Server::start();
    let events = server.events();
    server.write(
        "prds/PRD-1.md",
        "---\nid: PRD-1\ntitle: [unclosed\n---\nBody.\n",
    );
    next_event(&events, "diagnostics", "yaml-syntax");

    // PRD-2 links to PRD-1: its page is re-rendered, and so is PRD-1's.
    server.write("prds/PRD-2.md", &prd2("Alerts v2"));
    // The pages first, then the indexes, then what the overlay shows now.
    next_reload_of(&events, "prd/PRD-2.html");
    let (kind, report) = next_overlay(&events);
    assert_eq!(kind, "diagnostics", "the overlay stays: {report}");
    assert!(
        report.contains("yaml-syntax") && report.contains("\"blocking\":true"),
        "{report}"
    );
    assert!(
        server
            .get("/prd/PRD-1.html")
            .1
            .contains("<h1>Tracking page</h1>")
    );
    assert!(
        server.get("/prd/PRD-2.html").1.contains("Tracking page"),
        "links show the last good title"
    );

    server.write("prds/PRD-1.md", &prd("Tracking page fixed"));
    next_reload_of(&events, "prd/PRD-1.html");
    assert_eq!(next_overlay(&events).0, "clear");
    assert!(
        server
            .get("/prd/PRD-1.html")
            .1
            .contains("<h1>Tracking page fixed</h1>")
    );
}

#[test]
fn an_emptied_file_or_lost_front_matter_is_a_broken_save() {
    let server = Server::start();
    let events = server.events();
    // An editor half-way through a save: the file is truncated first.
    server.write("prds/PRD-1.md", "");
    let report = next_event(&events, "diagnostics", "empty");
    assert!(report.contains("\"blocking\":true"), "{report}");
    server.write("prds/PRD-1.md", "Only the body is left.\n");
    next_event(&events, "diagnostics", "front matter is gone");
    assert!(
        server
            .get("/prd/PRD-1.html")
            .1
            .contains("<h1>Tracking page</h1>")
    );
    // PRD-2's reference to PRD-1 still shows PRD-1's title.
    server.write("prds/PRD-2.md", &prd2("Alerts v2"));
    next_reload_of(&events, "prd/PRD-2.html");
    let (kind, report) = next_overlay(&events);
    assert_eq!(kind, "diagnostics", "the overlay stays: {report}");
    assert!(report.contains("front matter is gone"), "{report}");
    assert!(server.get("/prd/PRD-2.html").1.contains("Tracking page"));

    server.write("prds/PRD-1.md", &prd("Tracking page v2"));
    next_reload_of(&events, "prd/PRD-1.html");
    assert_eq!(next_overlay(&events).0, "clear");
    assert!(
        server
            .get("/prd/PRD-1.html")
            .1
            .contains("<h1>Tracking page v2</h1>")
    );
}

#[test]
fn poll_mode_sees_edits() {
    let workspace = workspace();
    // The poller compares modification times in whole seconds, and reports a later one
    // as a new write time only (an edit within the same second shows as new content).
    let earlier = std::time::SystemTime::now() - Duration::from_secs(10);
    fs::File::options()
        .write(true)
        .open(workspace.path().join("prds/PRD-1.md"))
        .and_then(|f| f.set_modified(earlier))
        .expect("backdate");
    let server = Server::start_in(workspace, &["--port", "0", "--poll"]);
    server.write("prds/PRD-1.md", &prd("Tracking page polled"));
    server.wait_for_page("/prd/PRD-1.html", "<h1>Tracking page polled</h1>");
}

#[test]
fn spex_yaml_and_template_changes_are_picked_up() {
    let server = Server::start();
    server.write("spex.yaml", "site:\n  title: Renamed Specs\n");
    server.wait_for_page("/index.html", "Renamed Specs");
    server.write(
        "templates/doc.html",
        "{% extends \"builtin/doc.html\" %}{% block main %}<p>custom-doc-template</p>{{ super() }}{% endblock main %}",
    );
    server.wait_for_page("/prd/PRD-1.html", "custom-doc-template");
}

#[test]
fn a_broken_spex_yaml_stays_in_the_overlay_while_documents_are_saved() {
    let server = Server::start();
    let events = server.events();
    server.write("spex.yaml", "site: [unclosed\n");
    next_event(&events, "diagnostics", "spex.yaml");
    // Documents are still rebuilt, with the last good config.
    server.write("prds/PRD-1.md", &prd("Tracking page v2"));
    next_reload_of(&events, "prd/PRD-1.html");
    let (kind, report) = next_overlay(&events);
    assert_eq!(kind, "diagnostics", "{report}");
    assert!(report.contains("spex.yaml"), "{report}");
    assert!(
        server
            .get("/prd/PRD-1.html")
            .1
            .contains("<h1>Tracking page v2</h1>")
    );

    server.write("spex.yaml", "site:\n  title: Fixed Specs\n");
    next_reload_of(&events, "*");
    assert_eq!(next_overlay(&events).0, "clear");
    assert!(server.get("/index.html").1.contains("Fixed Specs"));
}

#[test]
fn an_edited_image_reloads_every_page() {
    let server = Server::start();
    let events = server.events();
    server.write(
        "prds/diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>v2</title></svg>",
    );
    // Pages cannot tell which images they show: all of them reload.
    next_reload_of(&events, "*");
    assert!(server.get("/files/prds/diagram.svg").1.contains("v2"));
}

#[test]
fn pages_reload_even_when_the_workspace_base_template_omits_the_script() {
    let workspace = workspace();
    write_in(
        workspace.path(),
        "templates/base.html",
        "<!doctype html><html><head><title>{{ title }}</title>{% block head %}{% endblock head %}</head>\n<body>{% block main %}{% endblock main %}{% block scripts %}{% endblock scripts %}</body></html>",
    );
    let server = Server::start_in(workspace, &["--port", "0"]);
    let (status, body) = server.get("/prd/PRD-1.html");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Tracking page</h1>"), "{body}");
    assert_eq!(body.matches("/__spex/live.js").count(), 1, "{body}");
    // The built-in template has the script already: it is not added twice.
    let server = Server::start();
    assert_eq!(
        server
            .get("/prd/PRD-1.html")
            .1
            .matches("/__spex/live.js")
            .count(),
        1
    );
}

#[test]
fn the_next_free_port_is_used_when_the_requested_one_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = taken.local_addr().expect("address").port();
    let server = Server::start_in(workspace(), &["--port", &port.to_string()]);
    assert!(
        server.port > port && server.port <= port + 20,
        "{port} is taken; listening on {}",
        server.port
    );
    assert_eq!(server.get("/prd/PRD-1.html").0, 200);
}

#[test]
fn errors_at_start_are_summed_up_on_the_terminal() {
    let workspace = workspace();
    write_in(
        workspace.path(),
        "prds/PRD-2.md",
        "---\nid: PRD-2\ntitle: Alerts\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\nSee [[PRD-9]].\n",
    );
    let server = Server::start_in(workspace, &["--port", "0"]);
    let line = server.wait_for_stderr("1 error");
    assert!(line.contains("in 3 documents"), "{line}");
    server.wait_for_stderr("spex check");
}

#[test]
fn spex_build_output_never_carries_the_live_reload_script() {
    let workspace = workspace();
    let out = tempfile::tempdir().expect("dir");
    let output = crate::support::run_in(
        workspace.path(),
        &["build", "--out", &out.path().join("site").to_string_lossy()],
    );
    assert!(output.status.success(), "{output:?}");
    let mut files = 0;
    let mut pending = vec![out.path().to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("dir").filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            files += 1;
            let bytes = fs::read(&path).expect("read");
            assert!(
                !bytes.windows(7).any(|w| w == b"__spex"),
                "{} mentions __spex",
                path.display()
            );
        }
    }
    assert!(files > 10, "the site was built ({files} files)");
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

/// An open page holds an event stream that never ends by itself; stopping must end it.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_with_a_page_open_and_removes_the_preview_folder() {
    let mut server = Server::start();
    assert_eq!(previews(server.tmp.path()), 1);
    let events = server.events();
    interrupt(&server.child);
    let exit = exit_of(&mut server.child);
    assert!(exit.success(), "{exit:?}");
    assert_eq!(
        previews(server.tmp.path()),
        0,
        "the preview folder is removed"
    );
    drop(events);
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_the_first_build_removes_the_preview_folder() {
    let workspace = workspace();
    // Enough documents for the first build to take a while.
    for n in 10..400 {
        write_in(
            workspace.path(),
            &format!("prds/PRD-{n}.md"),
            &format!(
                "---\nid: PRD-{n}\ntitle: Spec {n}\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\nSee [[PRD-1]].\n"
            ),
        );
    }
    let tmp = tempfile::tempdir().expect("dir");
    let (mut child, _stdout, _stderr) = spawn(workspace.path(), tmp.path(), &["--port", "0"]);
    let deadline = Instant::now() + WAIT;
    while previews(tmp.path()) == 0 {
        assert!(Instant::now() < deadline, "no preview folder");
        std::thread::sleep(Duration::from_millis(2));
    }
    interrupt(&child);
    let exit = exit_of(&mut child);
    assert!(exit.success(), "{exit:?}");
    assert_eq!(previews(tmp.path()), 0, "the preview folder is removed");
}

/// Issue 1/8 point 4: `spex serve` (no flag at all) published a confidential document
/// whose front matter broke on a duplicate `confidential:` key, search index included.
#[test]
fn issue_4_serve_never_publishes_a_document_whose_confidentiality_is_unsure() {
    let workspace = workspace();
    write_in(
        workspace.path(),
        "prds/PRD-9.md",
        "---\nid: PRD-9\ntitle: Deal\nowner: Bo\nobjectives: OBJ-1\nconfidential: true\nconfidential: true\n---\nZZSERVESECRETZZ\n",
    );
    let server = Server::start_in(workspace, &["--port", "0"]);
    for path in ["/search-index.js", "/index.html", "/prd/index.html"] {
        let (status, body) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(!body.contains("ZZSERVESECRETZZ"), "{path} leaked it");
    }
    assert_eq!(server.get("/prd/PRD-9.html").0, 404);
    for entry in walkdir::WalkDir::new(server.tmp.path()) {
        let entry = entry.expect("readable");
        if entry.file_type().is_file() {
            let bytes = fs::read(entry.path()).expect("read");
            assert!(
                !bytes.windows(15).any(|w| w == b"ZZSERVESECRETZZ"),
                "{} leaked it",
                entry.path().display()
            );
        }
    }
}

/// The children of process `pid` (Linux `/proc`), each with its state (`Z`: a zombie).
#[cfg(target_os = "linux")]
fn children_of(pid: u32) -> Vec<(u32, char)> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").expect("/proc").filter_map(Result::ok) {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // `pid (comm) state ppid …`; comm may hold spaces, so read after its `)`.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let mut fields = rest.split_whitespace();
        let state = fields.next().and_then(|s| s.chars().next()).unwrap_or('?');
        if fields.next().and_then(|p| p.parse::<u32>().ok()) == Some(pid) {
            found.push((child, state));
        }
    }
    found
}

/// Issue 14: `serve --open` where no browser can be launched printed the opener's page
/// of errors and left it a zombie. Now: one line, and the opener is reaped.
#[cfg(target_os = "linux")]
#[test]
fn issue_14_open_without_a_browser_prints_one_line_and_leaves_no_zombie() {
    use std::os::unix::fs::PermissionsExt;
    let workspace = workspace();
    let tmp = tempfile::tempdir().expect("dir");
    let bin = tempfile::tempdir().expect("dir");
    for (name, exit) in [("no-browser", 3), ("a-browser", 0)] {
        let script = bin.path().join(name);
        fs::write(
            &script,
            format!("#!/bin/sh\nfor i in 1 2 3 4 5 6 7; do echo \"opener noise $i\" >&2; done\nexit {exit}\n"),
        )
        .expect("script");
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    for (browser, fails) in [("no-browser", true), ("a-browser", false)] {
        let mut child = spex()
            .args(["serve", ".", "--port", "0", "--open"])
            .current_dir(workspace.path())
            .env("TMPDIR", tmp.path())
            .env("BROWSER", bin.path().join(browser))
            .env(
                "GIT_CEILING_DIRECTORIES",
                workspace.path().parent().expect("parent"),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spex serve starts");
        let lines = |stream: Box<dyn Read + Send>| {
            let (tx, rx) = channel();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
            rx
        };
        let stdout = lines(Box::new(child.stdout.take().expect("stdout")));
        let stderr = lines(Box::new(child.stderr.take().expect("stderr")));
        next_line_containing(&stdout, "serving", WAIT);
        let mut about_browser = Vec::new();
        if fails {
            about_browser.push(next_line_containing(&stderr, "browser", WAIT));
        }
        // The opener ran and was reaped: spex has no child left, zombie or not.
        let deadline = Instant::now() + WAIT;
        while !children_of(child.id()).is_empty() {
            assert!(
                Instant::now() < deadline,
                "{browser}: children left: {:?}",
                children_of(child.id())
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        interrupt(&child);
        assert!(exit_of(&mut child).success());
        // The stream ends with the process: everything else it printed.
        let rest: Vec<String> = stderr.iter().collect();
        about_browser.extend(
            rest.into_iter()
                .filter(|l| l.contains("browser") || l.contains("opener")),
        );
        let stderr = about_browser.join("\n");
        if fails {
            assert_eq!(about_browser.len(), 1, "{stderr}");
            assert!(
                about_browser[0].starts_with("note: could not open a browser; visit http://"),
                "{stderr}"
            );
        } else {
            assert!(about_browser.is_empty(), "{stderr}");
        }
    }
}
