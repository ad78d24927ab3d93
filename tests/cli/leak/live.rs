//! The live surfaces: a real `spex serve` on a free port (every page it serves, before and
//! after a save, and its event stream) and a real `spex watch --build`. Every wait is
//! bounded; a live surface that never updates is a problem in the report, not a hang.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::fixture::Fixture;
use super::surfaces::{Artifact, Collected, Stream, command, files};

const WAIT: Duration = Duration::from_secs(15);

/// A running spex process, its output lines on channels; killed when dropped.
struct Running {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    seen_stdout: Vec<String>,
    seen_stderr: Vec<String>,
}

impl Running {
    fn start(fixture: &Fixture, args: &[&str], tmp: &Path) -> Running {
        let mut child = command(fixture.repo.path())
            .args(args)
            .env("TMPDIR", tmp)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spex starts");
        let lines = |stream: Box<dyn Read + Send>| {
            let (tx, rx) = channel();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        return;
                    }
                }
            });
            rx
        };
        let stdout = lines(Box::new(child.stdout.take().expect("stdout")));
        let stderr = lines(Box::new(child.stderr.take().expect("stderr")));
        Running {
            child,
            stdout,
            stderr,
            seen_stdout: Vec::new(),
            seen_stderr: Vec::new(),
        }
    }

    /// Waits (bounded) for a line of either stream containing `text`; keeps every line.
    fn wait_for(&mut self, text: &str) -> Option<String> {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            self.drain();
            if let Some(line) = self
                .seen_stdout
                .iter()
                .chain(&self.seen_stderr)
                .find(|l| l.contains(text))
            {
                return Some(line.clone());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    fn drain(&mut self) {
        self.seen_stdout.extend(self.stdout.try_iter());
        self.seen_stderr.extend(self.stderr.try_iter());
    }

    /// Stops the process and returns what it printed.
    fn stop(mut self) -> Vec<Artifact> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The pipes are closed now: the reader threads end after the last line.
        for (rx, seen) in [
            (&self.stdout, &mut self.seen_stdout),
            (&self.stderr, &mut self.seen_stderr),
        ] {
            while let Ok(line) = rx.recv_timeout(Duration::from_secs(2)) {
                seen.push(line);
            }
        }
        vec![
            Artifact {
                stream: Stream::Stdout,
                what: "stdout".into(),
                bytes: self.seen_stdout.join("\n").into_bytes(),
            },
            Artifact {
                stream: Stream::Stderr,
                what: "stderr".into(),
                bytes: self.seen_stderr.join("\n").into_bytes(),
            },
        ]
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `spex watch --build`: its terminal and its site, after a save of the confidential PRD.
pub fn watch(fixture: &mut Fixture, scratch: &Path) -> Collected {
    let site = scratch.join("site");
    let site_arg = site.to_str().expect("a UTF-8 temporary path");
    let mut running = Running::start(
        fixture,
        &["watch", ".", "--build", "--out", site_arg],
        scratch,
    );
    let mut collected = Collected::default();
    if running.wait_for("watching").is_none() {
        collected
            .problems
            .push("watch never said it was watching".into());
    }
    fixture.live_edit(1);
    if running.wait_for("changed:").is_none() {
        collected.problems.push("watch never saw the save".into());
    }
    // The rebuild of the site ends the round.
    if running.wait_for("updated").is_none() {
        collected
            .problems
            .push("watch --build never updated the site".into());
    }
    collected.artifacts = running.stop();
    collected.artifacts.extend(files(&site, "file"));
    collected
}

/// `spex serve`: every page of the preview folder fetched over HTTP, the event stream
/// (the diagnostics overlay sent on connecting, and what a save sends), before and after
/// a save of the confidential PRD.
pub fn serve(fixture: &mut Fixture, scratch: &Path) -> Collected {
    let tmp = scratch.join("tmp");
    std::fs::create_dir_all(&tmp).expect("tmp");
    let mut running = Running::start(fixture, &["serve", ".", "--port", "0"], &tmp);
    let mut collected = Collected::default();
    let Some(port) = running.wait_for("http://").as_deref().and_then(port_of) else {
        collected
            .problems
            .push("serve never said where it listens".into());
        collected.artifacts = running.stop();
        return collected;
    };
    let events = subscribe(port);
    let Some(site) = preview_folder(&tmp) else {
        collected
            .problems
            .push("no preview folder in TMPDIR".into());
        collected.artifacts = running.stop();
        return collected;
    };
    collected
        .artifacts
        .extend(fetch_all(port, &site, "before the save"));

    fixture.live_edit(2);
    let mut seen = Vec::new();
    let deadline = Instant::now() + WAIT;
    let reloaded = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok(event) => {
                let done = event.starts_with("reload:") && event.contains("prd/PRD-1.html");
                seen.push(event);
                if done {
                    break true;
                }
            }
            Err(_) => break false,
        }
    };
    if !reloaded {
        collected
            .problems
            .push("serve sent no reload of prd/PRD-1.html after the save".into());
    }
    // The overlay may follow the reload; a second is plenty on a quiet machine.
    while let Ok(event) = events.recv_timeout(Duration::from_secs(1)) {
        seen.push(event);
    }
    collected
        .artifacts
        .extend(fetch_all(port, &site, "after the save"));
    collected
        .artifacts
        .extend(seen.into_iter().enumerate().map(|(n, event)| Artifact {
            stream: Stream::Output,
            what: format!("event #{n}"),
            bytes: event.into_bytes(),
        }));
    collected.artifacts.extend(running.stop());
    collected
}

fn port_of(line: &str) -> Option<u16> {
    let address = line.split("http://").nth(1)?.split('/').next()?;
    address.rsplit(':').next()?.parse().ok()
}

/// The site folder of the preview `spex serve` builds in TMPDIR.
fn preview_folder(tmp: &Path) -> Option<PathBuf> {
    std::fs::read_dir(tmp)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("spex-serve-"))
        .map(|e| e.path().join("site"))
}

/// GETs every file of the preview folder, and `/` and a missing page, over HTTP.
fn fetch_all(port: u16, site: &Path, when: &str) -> Vec<Artifact> {
    let mut paths = vec!["/".to_owned(), "/no-such-page.html".to_owned()];
    for entry in walkdir::WalkDir::new(site).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if entry.file_type().is_file()
            && let Ok(rel) = entry.path().strip_prefix(site)
        {
            paths.push(format!("/{}", rel.to_string_lossy().replace(' ', "%20")));
        }
    }
    paths
        .into_iter()
        .map(|path| Artifact {
            stream: Stream::Output,
            what: format!("GET {path} ({when})"),
            bytes: get(port, &path),
        })
        .collect()
}

/// The whole HTTP answer to `GET path`, headers included.
fn get(port: u16, path: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    response
}

/// The event stream, one `name: data` string per event; subscribed when this returns.
fn subscribe(port: u16) -> Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    write!(
        stream,
        "GET /__spex/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("request");
    let mut reader = BufReader::new(stream);
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim_end().is_empty() {
            break;
        }
    }
    reader.get_ref().set_read_timeout(None).expect("timeout");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut name = String::new();
        for line in reader.lines().map_while(Result::ok) {
            let line = line.trim_end();
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_owned();
            } else if let Some(data) = line.strip_prefix("data: ")
                && tx.send(format!("{name}: {data}")).is_err()
            {
                return;
            }
        }
    });
    rx
}
