//! Arbitrary text and byte spans → every diagnostic format (human, with and without
//! colour; JSON; GitHub annotations), as a stage that computes a span slightly wrong
//! would produce them.
//!
//! Input: four bytes per span (start, length as u16 little-endian), a `|`-free header,
//! then `|` and the file's text. Oracle: no panic, whatever the span.

#![no_main]

use libfuzzer_sys::fuzz_target;
use spex::diag::{Diagnostic, Files, Rule, Span};

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == b'|') else {
        return;
    };
    let (header, text) = (&data[..split], &data[split + 1..]);
    let text = String::from_utf8_lossy(text);
    let mut files = Files::default();
    files.insert("a.md", text.as_ref().into());
    let mut diagnostics = Vec::new();
    for chunk in header.chunks_exact(4) {
        let start = u16::from_le_bytes([chunk[0], chunk[1]]) as usize;
        let len = u16::from_le_bytes([chunk[2], chunk[3]]) as usize;
        // Spans from spex always lie inside the file; keep them there, at any byte.
        let start = start.min(text.len());
        let end = (start + len).min(text.len());
        let d = match diagnostics.len() {
            0 => Diagnostic::new(Rule::BrokenLink, "primary", Span::new("a.md", start..end))
                .with_primary_label("here")
                .with_help("a help line"),
            _ => Diagnostic::new(Rule::Orphan, "secondary", Span::new("a.md", end..end))
                .with_label(Span::new("a.md", start..end), "also here"),
        };
        diagnostics.push(d);
    }
    for d in &diagnostics {
        spex::diag::human::render(d, &files, false, "");
        spex::diag::human::render(d, &files, true, "ws/");
    }
    spex::diag::json::render(&diagnostics, &files, None);
    spex::diag::json::render(&diagnostics, &files, Some("https://docs.example.com/rules"));
    spex::diag::github::render(&diagnostics, &files, "");
});
