//! One leak test over every output surface: a real git repository with a marker in every
//! confidential, audience-only and public place (`fixture`), every subcommand in every
//! format with and without history (`surfaces`, including a live `serve` and `watch`),
//! and every byte they write searched for every marker that must not be there.
//!
//! On failure it prints a table, surface → leaked markers (each with where the fixture put
//! it and the first output it was seen in), then the markers that appeared nowhere they
//! should (the test would be blind to them), then surfaces that misbehaved.
//! `LEAK_KEEP=1 cargo test --test cli leak` keeps the fixture repository and every
//! surface's output folder, and prints where they are.

mod fixture;
mod live;
mod mcp;
mod surfaces;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use fixture::{Class, MARKERS, fixture};
use surfaces::{NO_CONTENT, Sees, collect, surfaces};

use crate::support::spex;

/// Where markers leaked: surface name → marker → the outputs it was seen in.
type Leaks = BTreeMap<String, BTreeMap<&'static str, Vec<String>>>;

#[test]
fn no_marker_leaks_through_any_surface() {
    let mut fixture = fixture();
    let scratch = tempfile::tempdir().expect("dir");
    let mut leaks = Leaks::new();
    let mut problems = Vec::new();
    // Where each marker that must show somewhere was seen.
    let mut shown: BTreeSet<&str> = BTreeSet::new();
    let mut index = String::new();
    for (n, surface) in surfaces().iter().enumerate() {
        let folder = scratch.path().join(n.to_string());
        let _ = writeln!(index, "{n}: {}", surface.name);
        let collected = collect(surface, &mut fixture, &folder);
        problems.extend(
            collected
                .problems
                .iter()
                .map(|p| format!("{}: {p}", surface.name)),
        );
        for artifact in &collected.artifacts {
            let text = readable(&artifact.bytes).to_lowercase();
            let sees = surface.sees(artifact);
            for marker in MARKERS {
                if !text.contains(&marker.text.to_lowercase()) {
                    continue;
                }
                if !sees.allows(marker.class, &artifact.what) {
                    leaks
                        .entry(surface.name.clone())
                        .or_default()
                        .entry(marker.text)
                        .or_default()
                        .push(artifact.what.clone());
                } else if proves_output_is_read(marker.class, sees, &artifact.what) {
                    shown.insert(marker.text);
                }
            }
        }
    }
    let unseen: Vec<String> = MARKERS
        .iter()
        .filter(|m| matches!(m.class, Class::Public | Class::Audience(_)))
        .filter(|m| !shown.contains(m.text))
        .map(|m| format!("  {} ({}, {:?})", m.text, m.place, m.class))
        .collect();
    let report = report(&leaks, &unseen, &problems);
    if std::env::var_os("LEAK_KEEP").is_some() {
        std::fs::write(scratch.path().join("surfaces.txt"), index).expect("write");
        eprintln!(
            "kept: fixture {}, outputs {} (one folder per surface, named in surfaces.txt)",
            fixture.repo.dir.keep().display(),
            scratch.keep().display()
        );
    }
    assert!(report.is_empty(), "{report}");
}

/// The text of an output as its reader sees it: an e-mail digest carries its parts and
/// subject in base64, where a marker would go unseen, so they are decoded and added.
fn readable(bytes: &[u8]) -> String {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    let text = String::from_utf8_lossy(bytes).into_owned();
    if !text.contains("Content-Transfer-Encoding: base64") {
        return text;
    }
    let mut decoded = text.clone();
    for part in text
        .split("Content-Transfer-Encoding: base64\r\n\r\n")
        .skip(1)
    {
        let body: String = part.lines().take_while(|l| !l.starts_with("--")).collect();
        let bytes = STANDARD.decode(body.trim()).expect("base64 part");
        decoded.push_str(&String::from_utf8_lossy(&bytes));
    }
    for word in text.split("=?UTF-8?B?").skip(1) {
        let end = word.find("?=").expect("an encoded word ends");
        let bytes = STANDARD.decode(&word[..end]).expect("base64 word");
        decoded.push_str(&String::from_utf8_lossy(&bytes));
    }
    decoded
}

/// Whether seeing a marker of `class` in an output read by `sees` shows that the test
/// reads real output: public text anywhere published, audience text in its own digest.
fn proves_output_is_read(class: Class, sees: Sees, what: &str) -> bool {
    match class {
        Class::Public => sees != Sees::Everything,
        Class::Audience(a) => sees.audience(what) == Some(a),
        Class::Author | Class::Hidden => false,
    }
}

fn report(leaks: &Leaks, unseen: &[String], problems: &[String]) -> String {
    let mut out = String::new();
    if !leaks.is_empty() {
        let total: usize = leaks.values().map(BTreeMap::len).sum();
        let _ = writeln!(
            out,
            "LEAKS: {total} marker(s) on {} surface(s); surface → leaked markers (where the fixture put it; first output seen in, and how many more):",
            leaks.len()
        );
        for (surface, markers) in leaks {
            let _ = writeln!(out, "{surface}");
            for (marker, outputs) in markers {
                let place = MARKERS
                    .iter()
                    .find(|m| m.text == *marker)
                    .map_or("", |m| m.place);
                let more = match outputs.len() {
                    1 => String::new(),
                    n => format!(" +{}", n - 1),
                };
                let _ = writeln!(out, "    {marker} ({place}) in {}{more}", outputs[0]);
            }
        }
        let mut by_marker: BTreeMap<&str, usize> = BTreeMap::new();
        for markers in leaks.values() {
            for marker in markers.keys() {
                *by_marker.entry(marker).or_default() += 1;
            }
        }
        let _ = writeln!(out, "\nmarker → number of surfaces it leaked through:");
        for (marker, count) in by_marker {
            let _ = writeln!(out, "    {marker}: {count}");
        }
    }
    if !unseen.is_empty() {
        let _ = writeln!(
            out,
            "\nNEVER SEEN where they belong (the test does not see that output):\n{}",
            unseen.join("\n")
        );
    }
    if !problems.is_empty() {
        let _ = writeln!(out, "\nPROBLEMS:\n  {}", problems.join("\n  "));
    }
    out
}

/// The marker list matches the fixture: every marker is planted, and none is part of
/// another (a leak of one would be reported as both).
#[test]
fn fixture_plants_every_marker_once() {
    let mut fixture = fixture();
    fixture.live_edit(0);
    let planted = fixture.planted.to_lowercase();
    for marker in MARKERS {
        let text = marker.text.to_lowercase();
        assert!(
            planted.contains(&text),
            "{} is not in the fixture",
            marker.text
        );
        for other in MARKERS {
            assert!(
                other.text == marker.text || !other.text.to_lowercase().contains(&text),
                "{} is part of {}",
                marker.text,
                other.text
            );
        }
    }
    // And every marker-looking word in the fixture is in the list.
    for word in planted.split(|c: char| !c.is_alphanumeric()) {
        if word.starts_with("leakmark") {
            assert!(
                MARKERS.iter().any(|m| m.text.to_lowercase() == word),
                "{word} is planted but not listed"
            );
        }
    }
}

/// A new subcommand (or a new `--format` value) fails here until it is a surface of the
/// leak test, or listed in `NO_CONTENT` with the reason it prints no document content.
#[test]
fn every_subcommand_and_format_is_a_surface() {
    let list = surfaces();
    let help = help(&["--help"]);
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(
        commands.contains(&"check"),
        "commands read from --help: {help}"
    );
    for command in commands {
        if NO_CONTENT.iter().any(|(name, _)| *name == command) {
            continue;
        }
        assert!(
            list.iter().any(|s| s.subcommand == command),
            "`spex {command}` is not a surface of the leak test (tests/cli/leak/surfaces.rs)"
        );
        for format in formats(&help_of(command)) {
            assert!(
                list.iter()
                    .any(|s| s.subcommand == command && s.format() == Some(&format)),
                "`spex {command} --format {format}` is not a surface of the leak test"
            );
        }
    }
}

fn help(args: &[&str]) -> String {
    let output = spex().args(args).output().expect("spex runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn help_of(command: &str) -> String {
    help(&[command, "--help"])
}

/// The values listed under `--format` in a subcommand's long help.
fn formats(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.trim_start().starts_with("--format"))
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with("[default"))
        .filter_map(|l| l.trim_start().strip_prefix("- "))
        .filter_map(|l| l.split(':').next())
        .map(str::to_owned)
        .collect()
}
