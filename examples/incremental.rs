//! Measures re-compiling a workspace after one document changes: the time an editor or
//! `spex watch` waits between a save and the new diagnostics.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --docs 10000 --out /tmp/c10k
//! cargo run --release --example incremental -- --workspace /tmp/c10k --iterations 30
//! ```
//!
//! It compiles the workspace once with a [`Compiler`], then repeatedly gives one PRD a
//! new text through the compiler's overlay (as an editor's unsaved buffer would; the
//! files on disk are never written) and re-compiles: re-read and re-parse the changed
//! document, re-assemble, re-validate the whole workspace, and work out which
//! diagnostics changed. Two kinds of edit are timed: a new sentence in the body (most
//! saves), and a new reference to another document (which changes the backlinks, so
//! the workspace is assembled from scratch). Each figure is the median of the
//! iterations, with the fastest and slowest, the processor time per recompile (all
//! threads, from `/proc/self/stat`: on a busy machine the wall-clock times include
//! waiting for a core, this does not), and where the time of a body edit goes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use spex::Compiler;
use spex::compiler::DiagnosticsDelta;
use spex::load::FsTree;

struct Options {
    workspace: PathBuf,
    iterations: usize,
}

fn main() {
    let options = parse_args();
    let tree = FsTree::new(&options.workspace);
    let loaded = spex::load_config(&tree).expect("spex.yaml is readable");
    assert!(
        loaded.diagnostics.is_empty(),
        "spex.yaml has errors: run `spex check` on the workspace"
    );
    let mut compiler = Compiler::with_config(tree, &loaded);

    let started = Instant::now();
    let first = compiler.recompile();
    println!(
        "first compile: {} documents, {} diagnostics, in {:.0?}",
        first.compilation.workspace.len(),
        first.compilation.diagnostics.len(),
        started.elapsed()
    );
    let (path, original) = find_prd(&options.workspace);
    let other_id = first
        .compilation
        .workspace
        .docs
        .iter()
        .rev()
        .find_map(|d| d.id.clone())
        .expect("the workspace has documents with IDs");
    drop(first);

    let body_edit = |i: usize| format!("{original}\nEdited {i} times.\n");
    let reference_edit = |i: usize| {
        if i.is_multiple_of(2) {
            format!("{original}\nSee also [[{other_id}]].\n")
        } else {
            original.clone()
        }
    };
    let parses_before = compiler.parses();
    let cpu = cpu_time();
    let body = time_edits(&mut compiler, &path, options.iterations, body_edit);
    let body_cpu = cpu_time().zip(cpu).map(|(after, before)| after - before);
    let cpu = cpu_time();
    let reference = time_edits(&mut compiler, &path, options.iterations, reference_edit);
    let reference_cpu = cpu_time().zip(cpu).map(|(after, before)| after - before);
    assert_eq!(
        compiler.parses() - parses_before,
        2 * options.iterations,
        "each edit parses the one changed document"
    );
    report("body edit", &body, body_cpu);
    report("new reference", &reference, reference_cpu);
    phases(&mut compiler, &path, options.iterations, body_edit);
    compiler.clear_overlay(&path);
}

/// The time of `iterations` edits, each an overlay of `text(i)` and a recompile.
fn time_edits(
    compiler: &mut Compiler<FsTree>,
    path: &str,
    iterations: usize,
    text: impl Fn(usize) -> String,
) -> Vec<Duration> {
    (0..iterations)
        .map(|i| {
            let text = text(i);
            let started = Instant::now();
            compiler.set_overlay(path, text);
            let recompiled = compiler.recompile();
            let elapsed = started.elapsed();
            std::hint::black_box(recompiled);
            elapsed
        })
        .collect()
}

/// Where the time of an edit goes: reading and parsing, assembling, validating, the delta.
fn phases(
    compiler: &mut Compiler<FsTree>,
    path: &str,
    iterations: usize,
    text: impl Fn(usize) -> String,
) {
    let mut previous = compiler.compile().diagnostics;
    let mut times = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for i in 0..iterations {
        let text = text(i + iterations);
        let started = Instant::now();
        compiler.set_overlay(path, text);
        let applied = Instant::now();
        let assembled = compiler.assemble();
        let assembled_at = Instant::now();
        let compilation = compiler.validate(assembled);
        let validated = Instant::now();
        let delta = DiagnosticsDelta::between(&previous, &compilation.diagnostics);
        let done = Instant::now();
        std::hint::black_box(delta);
        previous = compilation.diagnostics;
        times[0].push(applied - started);
        times[1].push(assembled_at - applied);
        times[2].push(validated - assembled_at);
        times[3].push(done - validated);
    }
    let [read, assemble, validate, delta] = times.map(|mut t| median(&mut t));
    println!(
        "body edit, median per phase: read and parse {read:.1?}, assemble {assemble:.1?}, validate {validate:.1?}, delta {delta:.1?}"
    );
}

fn report(what: &str, times: &[Duration], cpu: Option<Duration>) {
    let mut sorted = times.to_vec();
    let median = median(&mut sorted);
    let cpu = cpu.map_or_else(String::new, |cpu| {
        format!(", {:.1?} of processor time each", cpu / times.len() as u32)
    });
    println!(
        "{what}: median {median:.1?} (min {:.1?}, max {:.1?}) over {} recompiles{cpu}",
        sorted[0],
        sorted[sorted.len() - 1],
        sorted.len()
    );
}

/// The processor time this process has used so far, all threads (Linux only).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (in parentheses, which may hold spaces):
    // utime and stime are the 12th and 13th, in clock ticks.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel's USER_HZ, which is 100 on every Linux architecture spex builds for.
    Some(Duration::from_millis(ticks * 10))
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    let n = times.len();
    if !n.is_multiple_of(2) {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2
    }
}

/// The first PRD of the workspace (by file name), workspace-relative, and its text.
fn find_prd(workspace: &Path) -> (String, String) {
    let mut names: Vec<String> = std::fs::read_dir(workspace.join("prds"))
        .expect("the workspace has a prds/ folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    let name = names.first().expect("prds/ holds a PRD");
    let text = std::fs::read_to_string(workspace.join("prds").join(name)).expect("readable PRD");
    (format!("prds/{name}"), text)
}

fn parse_args() -> Options {
    let mut workspace = None;
    let mut iterations = 30;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--workspace" => workspace = args.next().map(PathBuf::from),
            "--iterations" => {
                iterations = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .expect("--iterations takes a positive number")
            }
            _ => {
                eprintln!("usage: incremental --workspace DIR [--iterations N]");
                std::process::exit(2);
            }
        }
    }
    Options {
        workspace: workspace.expect("--workspace DIR (a corpus from examples/gen_corpus.rs)"),
        iterations,
    }
}
