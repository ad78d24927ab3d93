//! `spex serve` and who may read what: the overlay's diagnostics pass the site's
//! visibility filter, only loopback names (or the `--host` address) are answered, and
//! a path the file system rejects is the 404 page, never a 500.

use crate::serve::{Server, next_event, workspace};
use crate::support::write_file;

/// Stands for an acquisition plan: it must never reach the event stream.
const MARKER: &str = "SHIPLOOP-ACQUISITION";

fn confidential_prd(extra: &str) -> String {
    format!(
        "---\nid: PRD-3\ntitle: Secret plan\nconfidential: true\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n{extra}---\nSee [[PRD-77]] before {MARKER} closes.\n"
    )
}

/// A public PRD with an error of its own (and one in a confidential section), and a
/// confidential PRD with an error; the source lines of the hidden errors carry the marker.
fn workspace_with_a_secret() -> tempfile::TempDir {
    let workspace = workspace();
    write_file(
        workspace.path(),
        "prds/PRD-2.md",
        &format!(
            "---\nid: PRD-2\ntitle: Alerts\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\nSee [[PRD-9]].\n\n## Deal {{.confidential}}\nSee [[PRD-88]] for {MARKER}.\n"
        ),
    );
    write_file(workspace.path(), "prds/PRD-3.md", &confidential_prd(""));
    workspace
}

#[test]
fn the_overlay_never_streams_a_confidential_documents_diagnostics() {
    let server = Server::start_in(workspace_with_a_secret(), &["--port", "0"]);
    let events = server.events();
    // At start: the public error shows, the confidential one does not.
    let first = next_event(&events, "diagnostics", "PRD-9");
    assert!(!first.contains(MARKER), "{first}");
    assert!(
        !first.contains("PRD-77") && !first.contains("PRD-3"),
        "{first}"
    );

    // A broken save of the confidential document (a duplicate key quoting the marker).
    server.write(
        "prds/PRD-3.md",
        &confidential_prd(&format!("owner: {MARKER}\n")),
    );
    let report = next_event(&events, "diagnostics", "");
    assert!(!report.contains(MARKER), "{report}");
    assert!(!report.contains("duplicate key"), "{report}");
    assert!(
        report.contains("does not show"),
        "counted, not quoted: {report}"
    );
    // Its page still is the last good version, and not served at all without the flag.
    assert_eq!(server.get("/prd/PRD-3.html").0, 404);
}

#[test]
fn the_overlay_shows_confidential_diagnostics_with_include_confidential() {
    let server = Server::start_in(
        workspace_with_a_secret(),
        &["--port", "0", "--include-confidential"],
    );
    let events = server.events();
    let first = next_event(&events, "diagnostics", "PRD-9");
    assert!(
        first.contains("PRD-77") && first.contains(MARKER),
        "{first}"
    );
    assert!(first.contains("PRD-88"), "{first}");
}

#[test]
fn only_loopback_host_names_are_answered() {
    let server = Server::start();
    let port = server.port;
    for host in [
        "localhost".to_owned(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "LocalHost".to_owned(),
    ] {
        let (status, _) = server.get_as("/", &format!("Host: {host}\r\n"));
        assert_eq!(status, 200, "Host: {host}");
    }
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        "localhost.evil.example".to_owned(),
        "127.0.0.1.evil.example".to_owned(),
    ] {
        for path in ["/", "/prd/PRD-1.html", "/__spex/events", "/__spex/live.js"] {
            let (status, body) = server.get_as(path, &format!("Host: {host}\r\n"));
            assert_eq!(status, 403, "Host: {host} {path}");
            assert!(body.contains("Host"), "says why: {body}");
            assert!(!body.contains("Tracking page"), "{body}");
        }
    }
    // No Host header at all is refused too.
    assert_eq!(server.get_as("/", "").0, 403);
}

#[test]
fn file_system_errors_on_a_request_path_are_the_404_page() {
    let server = Server::start();
    let long = "a".repeat(300);
    for path in [
        format!("/{long}"),
        format!("/prd/{long}.html"),
        // ENOTDIR: a file used as a folder.
        "/prd/PRD-1.html/more".to_owned(),
        format!("/prd/PRD-1.html/{long}"),
    ] {
        let (status, body) = server.get(&path);
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("Page not found"), "the site's 404 page");
    }
}
