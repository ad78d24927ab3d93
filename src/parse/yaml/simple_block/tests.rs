//! The line reader must give exactly the tree the parser-event reader gives, or leave
//! the text to it.

use super::super::direct::read_direct;
use super::super::{budget, parser_options};
use super::*;

/// Reads `text` both ways; when the line reader takes it, the trees must be equal.
/// Returns whether the line reader took it.
fn same_as_direct(text: &str) -> bool {
    let Some(simple) = read_simple_block(text) else {
        return false;
    };
    let direct = read_direct(text, parser_options(&budget()))
        .unwrap_or_else(|| panic!("{text:?}: read line by line, but not from the parser's events"));
    assert_eq!(simple, direct, "{text:?}");
    true
}

/// Front matter as spex's corpus generator and most authors write it.
const TYPICAL: &str = "id: PRD-1361\ntitle: Proactive vendor v3\nstatus: in-progress\n\
owner: Zanele Chen\nteam: Billing\npriority: P2\ntarget: 2026-Q3\nobjectives: OBJ-192\n\
depends_on: [PRD-1009]\nrelated: [PRD-3080, PRD-2365]\ntags: [analytics, smb]\nrice:\n  \
reach: 200\n  impact: 3\n  confidence: 0.7\n  effort: 2\n";

#[test]
fn plain_front_matter_is_read_line_by_line_and_identically() {
    let texts = [
        TYPICAL,
        "id: PRD-1\n",
        "id: PRD-1",
        "id: PRD-1   \ntitle: Returns, refunds and more  \n",
        "a: true\nb: False\nc: null\nd: ~\ne: 42\ng: 1.5\nh: 1e3\ni: 2026-01-15\n",
        "url: https://example.com/a?b=c\ntime: 12:30\nversion: 1.2.3\n",
        "list: []\nspaced: [ ]\nwide: [  a ,b  ,  c d  ]\n",
        "a:\n  b:\n    c: 1\n    d: [x]\n  e: 2\nf: 3\n",
        "title: It's [not] {a} list, really\n",
        "key with spaces: value with spaces\n",
        "owner: Chlo\u{e9} Rossi\ntitle: \u{6f22}\u{5b57} \u{1f600}\nnbsp: a\u{a0}b\n",
        "title: \"Release 2027.02: catalog\"\nrelated: 'PRD-1, PRD-2'\nempty: \"\"\n",
        "1: one\ntrue: yes\n",
    ];
    for text in texts {
        assert!(same_as_direct(text), "not read line by line: {text:?}");
    }
}

#[test]
fn anything_unusual_is_left_to_the_parser() {
    let texts = [
        "a: 'it''s'\n",
        "a: \"tab\\t\"\n",
        "a: \"quoted\" # comment\n",
        "a: \"x\" y\n",
        "a: [\"quoted\"]\n",
        "a: \u{85}\n",
        "a: b\u{feff}\n",
        "a: b # comment\n",
        "# comment\na: b\n",
        "a: b\n\nc: d\n",
        "a:\n",
        "a:\nb: c\n",
        "a:\n  - one\n",
        "- top\n",
        "a: multi\n  line\n",
        "a:\tb\n",
        "a: b\r\n",
        "a: &x 1\n",
        "a: *x\n",
        "a: !!str 1\n",
        "a: [b, [c]]\n",
        "a: [b, ]\n",
        "a: [b] c\n",
        "a: {b: c}\n",
        "a: b: c\n",
        "a: b:\n",
        "a: -1\n",
        "a: |\n  x\n",
        "<<: x\n",
        "a: 0x1F\n",
        "  a: b\n",
        "a:\n    b: 1\n  c: 2\n",
        "---\na: b\n",
        "a: [b: c]\n",
    ];
    for text in texts {
        assert!(
            read_simple_block(text).is_none(),
            "read line by line: {text:?}"
        );
    }
}

/// Characters that mean something to YAML somewhere, and a few that do not.
const EDITS: &[&str] = &[
    ":", ": ", " ", "  ", "#", " #", "-", "- ", "[", "]", ",", "{", "}", "'", "\"", "\n", "\n ",
    "\n  ", "\t", "\u{e9}", "\u{a0}", "\u{85}", "\u{2028}", "\u{feff}", "\u{fffe}", "&", "*", "!",
    "?", "|", ">", "~", ".", "0", "%", "@", "`", "\r", "\\", "a",
];

/// Every text one edit away from typical front matter — a character inserted, replaced
/// or deleted anywhere — is read identically or left to the parser.
#[test]
fn texts_one_edit_from_typical_front_matter_read_identically_or_not_at_all() {
    let base = TYPICAL;
    let mut read = 0;
    for at in 0..=base.len() {
        let (head, tail) = base.split_at(at);
        for edit in EDITS {
            read += usize::from(same_as_direct(&format!("{head}{edit}{tail}")));
            if let Some(rest) = tail.get(1..) {
                read += usize::from(same_as_direct(&format!("{head}{edit}{rest}")));
            }
        }
        if let Some(rest) = tail.get(1..) {
            read += usize::from(same_as_direct(&format!("{head}{rest}")));
        }
    }
    // Most edits keep the text plain: the comparison above is not vacuous.
    assert!(read > 5_000, "only {read} read line by line");
}

/// Every front matter of the example workspace, and two edits of each line pair.
#[test]
fn the_example_workspace_reads_identically() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-workspace");
    let mut read = 0;
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let Ok(crate::parse::front_matter::Split {
            yaml: Some(yaml), ..
        }) = crate::parse::front_matter::split_front_matter(&text)
        else {
            continue;
        };
        read += usize::from(same_as_direct(&text[yaml]));
    }
    assert!(read > 10, "only {read} read line by line");
}
