//! Measures `spex serve`'s edit-to-page latency: the time from saving one document to the
//! server answering with the updated page.
//!
//! ```sh
//! cargo build --release --bin spex --example serve_latency
//! target/release/examples/serve_latency --workspace /tmp/c10k --edits 20
//! ```
//!
//! It starts `spex serve --port 0` on the workspace, waits for the first build, then
//! repeatedly rewrites one PRD with a new marker word in its body and polls the page over
//! HTTP until the marker is there. The figure includes everything an author waits for:
//! the file system event, the debounce window, the recompile and the re-render. Before
//! the next edit it waits for the server's second reload event (the indexes), so each
//! edit is measured on an idle server. The PRD is restored afterwards, even on a panic,
//! and the server is stopped with SIGINT so that it removes its preview folder.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

struct Options {
    workspace: PathBuf,
    edits: usize,
    spex: PathBuf,
    settle_ms: u64,
}

fn main() {
    let options = parse_args();
    let prd = find_prd(&options.workspace).expect("the workspace has a prds/ folder with a PRD");
    let original = std::fs::read_to_string(&prd).expect("readable PRD");
    let page = page_path(&original).expect("the PRD has an id");
    let restore = Restore {
        path: prd.clone(),
        text: original.clone(),
    };
    let mut server = Server(start(&options));
    let address = address_of(&mut server.0);
    eprintln!("serving at {address}; editing {}", prd.display());
    wait_for(&address, &page, "", Duration::from_secs(120)).expect("the first build is served");
    let reloads = reload_events(&address);

    let mut samples = Vec::new();
    for n in 0..options.edits {
        let marker = format!("latencymarker{n}x{}", std::process::id());
        let edited = format!("{original}\nEdited: {marker}.\n");
        std::thread::sleep(Duration::from_millis(options.settle_ms));
        while reloads.try_recv().is_ok() {}
        let saved = Instant::now();
        std::fs::write(&prd, edited).expect("write the PRD");
        match wait_for(&address, &page, &marker, Duration::from_secs(30)) {
            Some(()) => samples.push(saved.elapsed()),
            None => eprintln!("edit {n}: the page never showed the change"),
        }
        // The changed pages come first, then the indexes: the next edit waits for both.
        for _ in 0..2 {
            if reloads.recv_timeout(Duration::from_secs(60)).is_err() {
                eprintln!("edit {n}: the server did not finish the rebuild");
                break;
            }
        }
    }
    drop(restore);
    drop(server);

    samples.sort();
    if samples.is_empty() {
        eprintln!("no samples");
        std::process::exit(1);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{} edits: median {:.0} ms, min {:.0} ms, max {:.0} ms (save → updated page served)",
        samples.len(),
        ms(samples[samples.len() / 2]),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
    );
}

/// Puts the PRD back as it was, also when a panic unwinds.
struct Restore {
    path: PathBuf,
    text: String,
}

impl Drop for Restore {
    fn drop(&mut self) {
        if let Err(e) = std::fs::write(&self.path, &self.text) {
            eprintln!("could not restore {}: {e}", self.path.display());
        }
    }
}

/// The server, stopped with SIGINT (Ctrl-C) so that it removes its preview folder; a
/// kill would leave the whole rendered site in the temporary folder.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let pid = self.0.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        eprintln!("the server did not stop; killing it");
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A message per `reload` event the server sends.
fn reload_events(address: &str) -> Receiver<()> {
    let mut stream = TcpStream::connect(address).expect("connects");
    write!(
        stream,
        "GET /__spex/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("request");
    let mut reader = BufReader::new(stream);
    // Subscribed once the headers are in: no later event is missed.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line.trim_end() != "" {
        line.clear();
    }
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in reader.lines().map_while(Result::ok) {
            if line.trim_end() == "event: reload" && tx.send(()).is_err() {
                return;
            }
        }
    });
    rx
}

fn parse_args() -> Options {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        workspace: PathBuf::from("example-workspace"),
        edits: 20,
        spex: PathBuf::from("target/release/spex"),
        settle_ms: 100,
    };
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--workspace" => options.workspace = value().into(),
            "--edits" => options.edits = value().parse().unwrap_or_else(|_| usage("--edits N")),
            "--spex" => options.spex = value().into(),
            "--settle-ms" => {
                options.settle_ms = value().parse().unwrap_or_else(|_| usage("--settle-ms N"))
            }
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    options
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("error: {problem}");
    }
    eprintln!("usage: serve_latency [--workspace DIR] [--edits N] [--settle-ms N] [--spex PATH]");
    std::process::exit(2)
}

fn find_prd(workspace: &Path) -> Option<PathBuf> {
    let mut prds: Vec<PathBuf> = std::fs::read_dir(workspace.join("prds"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    prds.sort();
    // One from the middle: neither the first nor the last page of any listing.
    prds.get(prds.len() / 2).cloned()
}

/// `prd/PRD-12.html` from the document's `id:` line.
fn page_path(text: &str) -> Option<String> {
    let id = text
        .lines()
        .find_map(|l| l.strip_prefix("id:"))?
        .trim()
        .trim_matches(['"', '\'']);
    Some(format!("prd/{id}.html"))
}

fn start(options: &Options) -> Child {
    Command::new(&options.spex)
        .args(["serve", "--port", "0", "-q"])
        .arg(&options.workspace)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", options.spex.display()))
}

/// `127.0.0.1:PORT` from the "serving … at http://…/" line.
fn address_of(server: &mut Child) -> String {
    let stdout = server.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let line = lines
        .next()
        .and_then(Result::ok)
        .expect("spex serve announces its address");
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let start = line.find("http://").expect("an http:// address") + "http://".len();
    line[start..]
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Polls `page` until its body contains `needle` (any successful answer when empty).
fn wait_for(address: &str, page: &str, needle: &str, limit: Duration) -> Option<()> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if let Some(body) = get(address, page)
            && body.contains(needle)
        {
            return Some(());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    None
}

/// The body of a 200 answer, else `None`.
fn get(address: &str, page: &str) -> Option<String> {
    let mut stream = TcpStream::connect(address).ok()?;
    write!(
        stream,
        "GET /{page} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    head.starts_with("HTTP/1.1 200").then(|| body.to_owned())
}
