//! Whole documents (front matter + body) → split, YAML parse, resolve and validate of a
//! one- or two-document workspace, then every diagnostic rendered.
//!
//! Input: the bytes of one document, or of two separated by a `---8<---` line.
//! Oracles: no panic; no document dropped; every span inside its file; the same input
//! gives the same diagnostics, byte for byte.

#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use spex::config::Config;
use spex_fuzz::{check_diagnostics, compile_docs};

const SEPARATOR: &[u8] = b"\n---8<---\n";
const PATHS: [&str; 2] = ["prds/a.md", "objectives/b.md"];

fn config() -> &'static Arc<Config> {
    static CONFIG: OnceLock<Arc<Config>> = OnceLock::new();
    CONFIG.get_or_init(|| Arc::new(Config::builtin()))
}

fn run(docs: &[(&str, &[u8])]) -> String {
    let (ws, diagnostics, files) = compile_docs(config(), docs);
    for doc in &ws.docs {
        let text = &*doc.text;
        assert!(doc.body.end <= text.len() && text.is_char_boundary(doc.body.start));
        for section in &doc.sections {
            assert!(
                section.range.start <= section.range.end && section.range.end <= text.len(),
                "section {:?} outside `{}` ({} bytes)",
                section.range,
                doc.path,
                text.len()
            );
        }
    }
    check_diagnostics(&diagnostics, &files)
}

fuzz_target!(|data: &[u8]| {
    let docs: Vec<(&str, &[u8])> = match data.windows(SEPARATOR.len()).position(|w| w == SEPARATOR)
    {
        Some(at) => vec![
            (PATHS[0], &data[..at]),
            (PATHS[1], &data[at + SEPARATOR.len()..]),
        ],
        None => vec![(PATHS[0], data)],
    };
    let first = run(&docs);
    let second = run(&docs);
    assert_eq!(first, second, "same input, different diagnostics");
});
