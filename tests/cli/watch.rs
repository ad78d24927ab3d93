//! `spex watch` end to end: a real watcher on a temporary workspace, edits, and what it
//! prints. Every wait is bounded.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::support::{next_line_containing, spex, write_file as write_in};

const WAIT: Duration = Duration::from_secs(15);

fn prd(id: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Spec {id}\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\n---\n{body}\n"
    )
}

/// `spex watch` in a fresh workspace; stdout and stderr lines on one channel.
struct Watch {
    child: Child,
    workspace: tempfile::TempDir,
    lines: Receiver<String>,
}

impl Watch {
    fn start(args: &[&str]) -> Watch {
        let workspace = tempfile::tempdir().expect("dir");
        let root = workspace.path();
        write_in(
            root,
            "objectives/OBJ-1.md",
            "---\nid: OBJ-1\ntitle: Grow\nstatus: active\n---\nGrow.\n",
        );
        write_in(root, "prds/PRD-1.md", &prd("PRD-1", "Body."));
        write_in(root, "prds/PRD-2.md", &prd("PRD-2", "See [[PRD-1]]."));
        let mut child = spex()
            .args(["watch", "."])
            .args(args)
            .current_dir(root)
            .env("GIT_CEILING_DIRECTORIES", root.parent().expect("parent"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spex watch starts");
        let (tx, lines) = channel();
        let streams: [Box<dyn Read + Send>; 2] = [
            Box::new(child.stdout.take().expect("stdout")),
            Box::new(child.stderr.take().expect("stderr")),
        ];
        for stream in streams {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let watch = Watch {
            child,
            workspace,
            lines,
        };
        // Events before the watcher is installed would be lost.
        watch.wait_for("watching");
        watch
    }

    /// The next line containing `text`.
    fn wait_for(&self, text: &str) -> String {
        next_line_containing(&self.lines, text, WAIT)
    }

    fn write(&self, rel: &str, text: &str) {
        write_in(self.workspace.path(), rel, text);
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_save_prints_the_new_diagnostic_and_the_fix_prints_it_fixed() {
    let watch = Watch::start(&[]);
    watch.write("prds/PRD-2.md", &prd("PRD-2", "See [[PRD-9]]."));
    // Diagnostics go to stdout, progress to stderr: only lines of one stream keep order.
    let line = watch.wait_for("error[unknown-reference]");
    assert!(line.contains("PRD-9"), "{line}");
    watch.wait_for("1 error");

    watch.write("prds/PRD-2.md", &prd("PRD-2", "See [[PRD-1]]."));
    let line = watch.wait_for("fixed:");
    assert!(
        line.contains("error[unknown-reference] prds/PRD-2.md"),
        "{line}"
    );
    watch.wait_for("0 errors");
}

/// The --out folder is inside the workspace: its writes must not start another rebuild.
#[test]
fn building_into_the_workspace_does_not_rebuild_on_its_own_writes() {
    let watch = Watch::start(&["--build", "--out", "site-out"]);
    watch.write("prds/PRD-1.md", &prd("PRD-1", "Edited."));
    watch.wait_for("changed: prds/PRD-1.md");
    watch.wait_for("updated");
    // The rebuild's writes reach the watcher within a debounce window or two.
    let deadline = Instant::now() + Duration::from_millis(1500);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        if let Ok(line) = watch.lines.recv_timeout(left) {
            assert!(!line.starts_with("changed:"), "rebuilt again: {line}");
        }
    }
    assert!(
        watch
            .workspace
            .path()
            .join("site-out/prd/PRD-1.html")
            .exists(),
        "the site was built"
    );
}
