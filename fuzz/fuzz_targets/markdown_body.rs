//! Markdown body → HTML for the site, for the public and with confidential sections.
//!
//! Input: two bytes choosing where a marker goes, then the body text. The body is put
//! under a `## Secret {.confidential}` heading with the marker inserted.
//! Oracles: no panic; no script in any output (`<script>`, `on*=` attributes,
//! `javascript:` URLs); the marker, when it sits inside the confidential section, is
//! nowhere in the public rendering (HTML, table of contents, search text, summary) nor
//! in any audience's digest.

#![no_main]

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};
use spex::audience::{Policy, Visibility};
use spex::config::Config;
use spex::digest::{DigestInput, DigestLinks, build_digest};
use spex::load::Source;
use spex::markup::body::{RenderedBody, markdown_to_safe_html, render_body};
use spex::parse::markdown::options;
use spex::parse::parse_doc;
use spex_fuzz::{FuzzLinks, assert_no_script};

/// An approved PRD, so every digest has a reason to quote it.
const FRONT_MATTER: &str = "---\nid: PRD-1\ntitle: Fuzz\nstatus: approved\nowner: Ann\n---\n";
const SECRET: &str = "## Secret {.confidential}\n\n";
/// Never written by the fuzzer (removed from its input), so seeing it means a leak.
const MARKER: &str = "zqx7mark";

fn config() -> &'static Arc<Config> {
    static CONFIG: OnceLock<Arc<Config>> = OnceLock::new();
    CONFIG.get_or_init(|| Arc::new(Config::builtin()))
}

/// `text` without any (case-insensitive) occurrence of the marker.
fn without_marker(text: &str) -> String {
    let mut text = text.to_owned();
    while let Some(at) = text.to_ascii_lowercase().find(MARKER) {
        text.replace_range(at..at + MARKER.len(), "");
    }
    text
}

/// Where the confidential section surely ends: the first later heading of its level or
/// above, nested or not, as pulldown-cmark itself parses the body.
fn section_end(body: &str) -> usize {
    Parser::new_ext(body, options())
        .into_offset_iter()
        .find_map(|(event, range)| match event {
            Event::Start(Tag::Heading { level, .. })
                if range.start > 0 && level <= HeadingLevel::H2 =>
            {
                Some(range.start)
            }
            _ => None,
        })
        .unwrap_or(body.len())
}

fn rendered_text(body: &RenderedBody) -> String {
    let mut all = format!("{}\n{}\n{}\n", body.html, body.text, body.summary);
    for entry in &body.toc {
        all.push_str(&entry.text);
        all.push_str(&entry.anchor);
    }
    all.to_ascii_lowercase()
}

/// Every audience's digest of the workspace, as JSON.
fn digests(ws: &spex::model::Workspace) -> String {
    let input = DigestInput {
        ws,
        diagnostics: &[],
        diff: None,
        head: None,
        links: DigestLinks {
            ws,
            site: None,
            path_prefix: String::new(),
            include_confidential: false,
        },
        include_confidential: false,
        note: None,
    };
    let mut out = String::new();
    for audience in ws.config.audiences.keys() {
        let digest = build_digest(&input, audience).expect("a configured audience");
        out.push_str(&serde_json::to_string(&digest).expect("a digest serializes"));
    }
    out.to_ascii_lowercase()
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let pos = u16::from_le_bytes([data[0], data[1]]) as usize;
    let fuzzed = without_marker(&String::from_utf8_lossy(&data[2..]));
    let mut at = pos % (fuzzed.len() + 1);
    while !fuzzed.is_char_boundary(at) {
        at -= 1;
    }
    let body = format!("{SECRET}{}{MARKER}{}", &fuzzed[..at], &fuzzed[at..]);
    let marker_at = SECRET.len() + at;

    let source = Source {
        path: "prds/a.md".into(),
        text: format!("{FRONT_MATTER}{body}").into(),
        encoding_problem: None,
    };
    let listed = BTreeSet::from(["prds/a.md".to_owned()]);
    let (ws, _) = spex::resolve::resolve(config(), vec![parse_doc(&source)], listed);
    let doc = &ws.docs[0];

    let everything = render_body(doc, &[], &FuzzLinks);
    assert_no_script(&everything.html);
    let policy = Visibility {
        include_confidential: false,
    };
    let hidden = policy.hidden_ranges(doc);
    let public = render_body(doc, &hidden, &FuzzLinks);
    assert_no_script(&public.html);
    assert_no_script(&markdown_to_safe_html(&fuzzed));

    let confidential = doc
        .headings
        .first()
        .is_some_and(|h| h.classes.iter().any(|c| c == "confidential"));
    if confidential && marker_at < section_end(&body) {
        assert!(
            !rendered_text(&public).contains(MARKER),
            "confidential marker in the public rendering of:\n{body}\n---\n{}",
            public.html
        );
        let digests = digests(&ws);
        assert!(
            !digests.contains(MARKER),
            "confidential marker in a digest of:\n{body}\n---\n{digests}"
        );
    }
});
