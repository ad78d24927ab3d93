//! Measures `spex lsp` as an editor meets it, over its real stdin and stdout: how long
//! until the server answers its first request (the initial compile), how long from one
//! keystroke to fresh diagnostics, how long a completion takes, and the server's peak
//! memory.
//!
//! ```sh
//! cargo build --release --bin spex --example gen_corpus --example lsp_client
//! target/release/examples/gen_corpus --docs 10000 --out target/bench-corpus/10000
//! target/release/examples/lsp_client --spex target/release/spex \
//!     --workspace target/bench-corpus/10000 [--iterations 30]
//! ```
//!
//! Keystroke → diagnostics is timed from a `didChange` to the `publishDiagnostics` for
//! that file, with a request sent right after the change: a request compiles pending
//! edits at once, so the figure leaves out the server's 150 ms debounce (a client's own
//! debounce is not counted either). Each edit adds or removes a reference to an unknown
//! ID, so every keystroke changes the file's diagnostics and is published. Completion is
//! timed for three kinds, each required to offer candidates: after `[[` in the body
//! (every ID in the workspace matches; the server sends the first hundred and says the
//! list is incomplete), an ID in a reference field of the front matter (IDs of the kinds
//! the field allows), and a field name on an empty front-matter line. Peak memory is the
//! server's `VmHWM` from `/proc` (Linux).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Options {
    spex: PathBuf,
    workspace: PathBuf,
    iterations: usize,
}

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(spex: &Path, root: &Path) -> Client {
        let mut child = Command::new(spex)
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spex starts");
        let stdin = child.stdin.take().expect("piped");
        let stdout = child.stdout.take().expect("piped");
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(message) = serde_json::from_slice(&body) else {
                    return;
                };
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            next_id: 0,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request; its answer is waited for with [`Client::until`].
    fn request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Waits for the first message that `wanted` accepts (at most 5 minutes).
    fn until(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .incoming
                .recv_timeout(Duration::from_secs(300))
                .expect("the server answers");
            if wanted(&message) {
                return message;
            }
        }
    }

    fn answer(&mut self, id: i64) -> Value {
        self.until(|m| m["id"] == id && m.get("method").is_none())
    }

    fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}

fn main() {
    let options = parse_args();
    let root = options
        .workspace
        .canonicalize()
        .expect("the workspace exists");
    let root_uri = format!("file://{}", root.display());

    let started = Instant::now();
    // The server runs in the workspace, so a relative binary path is resolved from here.
    let server = options.spex.canonicalize().unwrap_or(options.spex.clone());
    let mut client = Client::start(&server, &root);
    let id = client.request(
        "initialize",
        json!({"processId": null, "rootUri": root_uri, "capabilities": {}}),
    );
    client.answer(id);
    client.notify("initialized", json!({}));
    // The server compiles the workspace before it reads the next message.
    let id = client.request("workspace/symbol", json!({"query": "PRD-1"}));
    client.answer(id);
    let ready = started.elapsed();

    let (path, text) = find_prd(&root);
    let uri = format!("{root_uri}/{path}");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let id = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    client.answer(id);

    // Keystrokes: the last line gets ` [[NOPE-1]]` typed, then taken back, in turns.
    let last_line = text.lines().count() as u32;
    let mut keystrokes = Vec::new();
    for i in 0..options.iterations {
        let change = if i % 2 == 0 {
            json!({"range": {"start": {"line": last_line, "character": 0}, "end": {"line": last_line, "character": 0}}, "text": "[[NOPE-1]]"})
        } else {
            json!({"range": {"start": {"line": last_line, "character": 0}, "end": {"line": last_line, "character": 10}}, "text": ""})
        };
        let sent = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [change]}),
        );
        let id = client.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        );
        let uri_ref = uri.as_str();
        client.until(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri_ref
        });
        keystrokes.push(sent.elapsed());
        client.answer(id);
    }

    // Completion, three kinds, each asserted to offer something: `[[` typed on a new
    // last line of the body, an ID in a reference field of the front matter, and a
    // field name on a new empty line before the front matter's closing `---`. After each
    // edit a request compiles it first, so the times are the completion alone.
    let mut version = 1000;
    let mut edit = |client: &mut Client, line: u32, text: &str| {
        version += 1;
        let at = json!({"line": line, "character": 0});
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [
                {"range": {"start": at, "end": at}, "text": text}
            ]}),
        );
        let id = client.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        );
        client.answer(id);
    };
    edit(&mut client, last_line, "[[");
    let body = complete(&mut client, &uri, (last_line, 2), options.iterations);
    let (field_line, field_end) = reference_field(&text);
    let field = complete(
        &mut client,
        &uri,
        (field_line, field_end),
        options.iterations,
    );
    let closing = closing_line(&text);
    edit(&mut client, closing, "\n");
    let names = complete(&mut client, &uri, (closing, 0), options.iterations);
    let peak = client.peak_rss_kib();
    let id = client.request("shutdown", Value::Null);
    client.answer(id);
    client.notify("exit", Value::Null);
    let _ = client.child.wait();

    println!("workspace: {}", root.display());
    println!("ready (initialize → first answer, initial compile): {ready:.2?}");
    println!(
        "keystroke → diagnostics (no debounce), {} edits of {path}: {}",
        keystrokes.len(),
        summary(&mut keystrokes)
    );
    let field_name = &text.lines().nth(field_line as usize).unwrap_or("")[..field_end as usize];
    for (what, mut timed) in [
        ("after `[[` in the body".to_owned(), body),
        (format!("of an ID after `{field_name}`"), field),
        ("of a field name in the front matter".to_owned(), names),
    ] {
        println!(
            "completion {what} ({} candidates{}): {}",
            timed.candidates,
            if timed.incomplete { ", incomplete" } else { "" },
            summary(&mut timed.times)
        );
    }
    match peak {
        Some(kib) => println!("peak RSS: {:.0} MiB", kib as f64 / 1024.0),
        None => println!("peak RSS: unknown (no /proc)"),
    }
}

/// `median, p95 (min … max)`.
fn summary(times: &mut [Duration]) -> String {
    times.sort();
    match times {
        [] => "no samples".to_owned(),
        _ => format!(
            "median {:.1?}, p95 {:.1?} (min {:.1?}, max {:.1?})",
            times[times.len() / 2],
            times[(times.len() * 95).div_ceil(100) - 1],
            times[0],
            times[times.len() - 1]
        ),
    }
}

/// Completion answers at one position, timed.
struct Completions {
    times: Vec<Duration>,
    candidates: usize,
    incomplete: bool,
}

/// Asks for completion at `(line, character)` of `uri` `iterations` times. Stops the
/// benchmark when the answer offers nothing: then the figure would time an empty list.
fn complete(
    client: &mut Client,
    uri: &str,
    (line, character): (u32, u32),
    iterations: usize,
) -> Completions {
    let mut timed = Completions {
        times: Vec::new(),
        candidates: 0,
        incomplete: false,
    };
    for _ in 0..iterations {
        let sent = Instant::now();
        let id = client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        let answer = client.answer(id);
        timed.times.push(sent.elapsed());
        let list = &answer["result"];
        timed.candidates = list["items"].as_array().map_or(0, Vec::len);
        timed.incomplete = list["isIncomplete"].as_bool().unwrap_or(false);
        assert!(
            timed.candidates > 0,
            "completion at {line}:{character} offered nothing: {answer}"
        );
    }
    timed
}

/// The first reference field written as a list in the front matter (`objectives: [`,
/// `related: [`, `depends_on: [`): its line and the character after the `[`.
fn reference_field(text: &str) -> (u32, u32) {
    let fields = ["objectives: [", "related: [", "depends_on: ["];
    text.lines()
        .enumerate()
        .take_while(|(i, l)| *i == 0 || *l != "---")
        .find_map(|(i, l)| {
            let prefix = fields.iter().find(|f| l.starts_with(*f))?;
            Some((i as u32, prefix.len() as u32))
        })
        .expect("the PRD has a reference field written as a list")
}

/// The line of the front matter's closing `---`.
fn closing_line(text: &str) -> u32 {
    text.lines()
        .enumerate()
        .skip(1)
        .find(|(_, l)| *l == "---")
        .map(|(i, _)| i as u32)
        .expect("the PRD has front matter")
}

/// A PRD of the workspace (the first under `prds/`, by name) and its text.
fn find_prd(root: &Path) -> (String, String) {
    let mut names: Vec<PathBuf> = std::fs::read_dir(root.join("prds"))
        .expect("the workspace has prds/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    names.sort();
    let path = names.first().expect("a PRD");
    let text = std::fs::read_to_string(path).expect("readable");
    let name = path.file_name().expect("a file").to_string_lossy();
    (format!("prds/{name}"), text)
}

fn parse_args() -> Options {
    let mut options = Options {
        spex: PathBuf::from("target/release/spex"),
        workspace: PathBuf::new(),
        iterations: 30,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().unwrap_or_else(|| usage(&arg));
        match arg.as_str() {
            "--spex" => options.spex = PathBuf::from(value),
            "--workspace" => options.workspace = PathBuf::from(value),
            "--iterations" => options.iterations = value.parse().unwrap_or_else(|_| usage(&arg)),
            _ => usage(&arg),
        }
    }
    if options.workspace.as_os_str().is_empty() {
        usage("--workspace");
    }
    options
}

fn usage(arg: &str) -> ! {
    eprintln!(
        "bad argument `{arg}`; usage: lsp_client --workspace DIR [--spex PATH] [--iterations N]"
    );
    std::process::exit(2)
}
