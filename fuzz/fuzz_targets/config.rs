//! `spex.yaml` text → the decoded config and its diagnostics, then a small workspace
//! compiled with that config (kinds, paths, ID patterns, rule levels all come from it).
//!
//! Oracles: no panic; every diagnostic inside `spex.yaml` or the documents; no document
//! dropped; the same input gives the same diagnostics.

#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use spex::config::{CONFIG_FILE, parse_config};
use spex::diag::Files;
use spex_fuzz::{check_diagnostics, compile_docs};

const DOCS: [(&str, &[u8]); 3] = [
    (
        "prds/PRD-1.md",
        b"---\nid: PRD-1\ntitle: One\nstatus: draft\nobjectives: [OBJ-1]\n---\n# One\n\nSee [[RFC-2]].\n",
    ),
    (
        "rfcs/0002-two.md",
        b"---\nkind: rfc\nnumber: 2\ntitle: Two\nstatus: accepted\nowner: ann\n---\n## Part {.confidential}\n\nx\n",
    ),
    ("objectives/OBJ-1.md", b"---\nid: OBJ-1\ntitle: Goal\n---\nbody\n"),
];

fn run(text: &str) -> String {
    let (config, mut diagnostics) = parse_config(text, CONFIG_FILE);
    spex::validate::apply_levels(&config, &mut diagnostics);
    let mut files = Files::default();
    files.insert(CONFIG_FILE, text.into());
    let mut out = check_diagnostics(&diagnostics, &files);
    let config = Arc::new(config);
    let (_, diagnostics, doc_files) = compile_docs(&config, &DOCS);
    out.push_str(&check_diagnostics(&diagnostics, &doc_files));
    out
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let first = run(&text);
    assert_eq!(first, run(&text), "same config, different diagnostics");
});
