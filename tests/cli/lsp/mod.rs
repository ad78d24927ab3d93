//! `spex lsp` from a client nobody here wrote: Neovim's built-in LSP client, headless.
//! Without `nvim` the test skips with a message, except under `CI=true` (`.ci/run`
//! installs it), where it fails instead.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

fn nvim_available() -> bool {
    Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn neovim_gets_definition_hover_and_a_broken_reference_diagnostic() {
    if !nvim_available() {
        assert!(
            !in_ci(),
            "CI=true but no `nvim` on PATH; install it with `apt-get install -y neovim`"
        );
        eprintln!("SKIPPED neovim LSP test: no `nvim` on PATH; under CI=true it fails instead");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(
        &root,
        "spex.yaml",
        "docs_url: https://spex.example.com/rules\n",
    );
    write(
        &root,
        "prds/a.md",
        "---\nid: PRD-1\ntitle: A\nowner: Ann\n---\nSee [[PRD-2]].\n",
    );
    write(
        &root,
        "prds/b.md",
        "---\nid: PRD-2\ntitle: Bee\nowner: Bo\n---\n# Bee\n\nThe second one.\n",
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/lsp/nvim_client.lua");
    let mut child = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "-u", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("SPEX_ROOT", &root)
        .env("SPEX_BIN", env!("CARGO_BIN_EXE_spex"))
        .env("XDG_STATE_HOME", root.join(".state"))
        .env("XDG_CACHE_HOME", root.join(".cache"))
        .current_dir(&root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(90) {
            child.kill().unwrap();
            panic!("nvim did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(
        status.success() && stderr.contains("OK"),
        "{status}\n{stderr}"
    );
}
