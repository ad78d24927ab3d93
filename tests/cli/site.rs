//! `spex build`: the example site is complete and linked, safe, deterministic, and a
//! failed build leaves the previous site alone.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{TestWorkspace, assert_golden, copy_dir, repo_root, spex};

/// Builds `workspace` into `out` with extra arguments; returns (exit code, stderr).
fn build(workspace: &Path, out: &Path, extra: &[&str]) -> (i32, String) {
    let mut command = spex();
    // Small fixtures inside this repository must not pick up its history (it changes
    // with every commit); the example workspace keeps it, as a real repository would.
    if workspace.starts_with(repo_root().join("tests")) {
        command.env(
            "GIT_CEILING_DIRECTORIES",
            workspace.parent().unwrap_or(workspace),
        );
    }
    let output = command
        .arg("build")
        .arg(workspace)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("spex runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn example() -> PathBuf {
    repo_root().join("example-workspace")
}

/// Every file of a built site, by relative path.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("readable");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, fs::read(entry.path()).expect("readable"));
        }
    }
    files
}

/// The values of `name="…"` attributes in raw HTML, entities decoded.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push(decode_entities(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn every_internal_link_and_anchor_of_the_example_site_resolves() {
    let out = tempfile::tempdir().expect("temp dir");
    let (code, stderr) = build(&example(), out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let files = tree(out.path());
    let pages: Vec<&String> = files.keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() > 60, "only {} pages", pages.len());
    let mut checked = 0;
    let mut broken = Vec::new();
    for page in &pages {
        let html = String::from_utf8_lossy(&files[*page]);
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        for url in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            if url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("mailto:")
            {
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or_default();
            let target = if path.is_empty() {
                page.to_string()
            } else if let Some(absolute) = path.strip_prefix('/') {
                absolute.to_owned() // the 404 page links from base_url, which is `/` here
            } else {
                normalize(&format!("{dir}/{path}"))
            };
            checked += 1;
            let Some(bytes) = files.get(&target) else {
                broken.push(format!("{page}: {url} (no file {target})"));
                continue;
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let target_html = String::from_utf8_lossy(bytes);
                if !target_html.contains(&format!("id=\"{fragment}\"")) {
                    broken.push(format!("{page}: {url} (no id {fragment} in {target})"));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken of {checked}:\n{}",
        broken.len(),
        broken.join("\n")
    );
    assert!(checked > 1000, "only {checked} links checked");
}

fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

const MARKER: &str = "CONFIDENTIAL-MARKER-7Q";

#[test]
fn confidential_content_appears_nowhere_unless_asked_for() {
    let source_has_marker = walkdir::WalkDir::new(example())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| fs::read_to_string(e.path()).is_ok_and(|t| t.contains(MARKER)))
        .count();
    assert!(
        source_has_marker >= 2,
        "the example marks a confidential PRD and a confidential section"
    );

    let out = tempfile::tempdir().expect("temp dir");
    assert_eq!(build(&example(), out.path(), &[]).0, 0);
    let leaks: Vec<String> = tree(out.path())
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(MARKER))
        .map(|(path, _)| path)
        .collect();
    assert!(leaks.is_empty(), "marker found in {leaks:?}");

    let with = tempfile::tempdir().expect("temp dir");
    assert_eq!(
        build(&example(), with.path(), &["--include-confidential"]).0,
        0
    );
    let shown = tree(with.path())
        .into_values()
        .filter(|b| String::from_utf8_lossy(b).contains(MARKER))
        .count();
    assert!(
        shown >= 2,
        "--include-confidential shows the confidential PRD and section"
    );
}

/// Summaries (home page, search results) come from the first paragraph: when a
/// confidential section opens the body, that paragraph must not become the summary.
#[test]
fn a_confidential_section_that_opens_the_body_stays_out_of_summaries() {
    let opening = format!(
        "## Internal {{.confidential}}\n\n{MARKER} opens the body.\n\n## Public\n\nVisible text.\n"
    );
    let ws = TestWorkspace::new()
        .file(
            "vision.md",
            format!("---\nid: VIS-1\ntitle: North star\nstatus: active\nowner: Maya\n---\n\n{opening}"),
        )
        .file(
            "prd.md",
            format!("---\nid: PRD-1\ntitle: Spec\nstatus: draft\nowner: Maya\nvision: VIS-1\n---\n\n{opening}"),
        );
    let out = tempfile::tempdir().expect("temp dir");
    assert_eq!(build(ws.path(), out.path(), &[]).0, 0);
    let site = tree(out.path());
    let leaks: Vec<&String> = site
        .iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(MARKER))
        .map(|(path, _)| path)
        .collect();
    assert!(leaks.is_empty(), "marker found in {leaks:?}");
    let index = String::from_utf8_lossy(&site["search-index.js"]).into_owned();
    assert!(
        index.contains("Visible text."),
        "the summary is the first visible paragraph"
    );
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical_and_rebuilds_write_nothing() {
    let (a, b) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    assert_eq!(build(&example(), a.path(), &[]).0, 0);
    assert_eq!(build(&example(), b.path(), &[]).0, 0);
    assert!(tree(a.path()) == tree(b.path()), "builds differ");
    let (code, stderr) = build(&example(), a.path(), &[]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("(0 written"),
        "a rebuild rewrote files: {stderr}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let workspace = TestWorkspace::copy_of(&repo_root().join("tests/sites/basic"));
    let out = workspace.path().join("_site");
    assert_eq!(build(workspace.path(), &out, &[]).0, 0);
    let before = tree(&out);

    // A broken template override: the build fails with a diagnostic naming it.
    fs::create_dir_all(workspace.path().join("templates")).expect("mkdir");
    fs::write(
        workspace.path().join("templates/doc.html"),
        "{% extends \"base.html\" %}\n{% block main %}{% if %}{% endblock main %}\n",
    )
    .expect("write");
    fs::write(
        workspace.path().join("prds/PRD-1.md"),
        "---\nid: PRD-1\ntitle: Changed\nowner: A\nobjectives: OBJ-1\n---\nNew body.\n",
    )
    .expect("write");
    let (code, stderr) = build(workspace.path(), &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("templates/doc.html:2"),
        "names the template and line: {stderr}"
    );
    assert!(tree(&out) == before, "the previous site changed");
    assert!(
        !workspace.path().join("._site.staging").exists(),
        "staging folder left behind"
    );

    // Content errors stop the build too, before anything is written.
    fs::remove_dir_all(workspace.path().join("templates")).expect("rm");
    fs::write(
        workspace.path().join("prds/PRD-1.md"),
        "---\nid: PRD-1\ntitle: Broken\nowner: A\ndepends_on: PRD-404\n---\nBody.\n",
    )
    .expect("write");
    let (code, stderr) = build(workspace.path(), &out, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown-reference"), "{stderr}");
    assert!(tree(&out) == before, "the previous site changed");
}

/// Untrusted Markdown cannot inject script: not through titles, fields, bodies, links or
/// template syntax.
#[test]
fn the_xss_fixture_comes_out_inert() {
    let out = tempfile::tempdir().expect("dir");
    let (code, stderr) = build(
        &repo_root().join("tests/sites/xss"),
        out.path(),
        &["--allow-errors"],
    );
    assert_eq!(code, 0, "{stderr}");
    let mut pages = 0;
    for (path, bytes) in tree(out.path())
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        pages += 1;
        let html = String::from_utf8_lossy(&bytes);
        for tag in tags(&html) {
            let lower = tag.to_ascii_lowercase();
            let name: String = lower
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(
                !["iframe", "object", "embed", "math", "style"].contains(&name.as_str()),
                "{path}: <{tag}>"
            );
            if name == "script" {
                assert!(lower.contains(" src=\""), "{path}: inline script <{tag}>");
            }
            if name == "svg" {
                assert!(
                    lower.contains("class=\"graph\""),
                    "{path}: user svg <{tag}>"
                );
            }
            // Attribute values are quoted and escaped, so text in them (a meta
            // description quoting a hostile title) is no attribute.
            for (attribute, value) in attributes(&lower) {
                assert!(
                    !attribute.starts_with("on"),
                    "{path}: event handler in <{tag}>"
                );
                if ["href", "src", "action", "formaction", "xlink:href"].contains(&attribute) {
                    assert!(
                        !value.trim_start().starts_with("javascript:"),
                        "{path}: javascript: URL in <{tag}>"
                    );
                }
            }
        }
    }
    assert!(pages > 5);
    let prd = String::from_utf8_lossy(&fs::read(out.path().join("prd/PRD-1.html")).expect("page"))
        .into_owned();
    assert!(
        prd.contains("{{ page.title }}") && prd.contains("{{ 7*7 }}"),
        "template syntax is shown as text"
    );
    assert!(!prd.contains("49"), "template syntax was evaluated");
    assert!(
        prd.contains("&lt;script&gt;alert(&#39;title&#39;)")
            || prd.contains("&lt;script&gt;alert('title')"),
        "the title is escaped text"
    );
}

/// The attributes of a raw tag (name first), as `(name, value)`: quoted values are
/// skipped over whole, so a `>` or a space inside one splits nothing.
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let rest = tag.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    let mut rest = rest.trim_start();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '/')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let body = &after[1..];
                let end = body.find(quote).unwrap_or(body.len());
                value = &body[..end];
                rest = body.get(end + 1..).unwrap_or("");
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                value = &after[..end];
                rest = &after[end..];
            }
        } else if name.is_empty() {
            rest = &rest[1.min(rest.len())..];
        }
        if !name.is_empty() {
            out.push((name, value));
        }
        rest = rest.trim_start();
    }
    out
}

/// The raw tags of an HTML text: what follows each `<` that opens an element.
fn tags(html: &str) -> Vec<&str> {
    html.match_indices('<')
        .filter_map(|(i, _)| {
            let rest = &html[i + 1..];
            rest.starts_with(|c: char| c.is_ascii_alphabetic())
                .then(|| &rest[..rest.find('>').unwrap_or(rest.len())])
        })
        .collect()
}

/// Golden pages of a small site: the `<main>` region of a few pages, reviewed by hand.
#[test]
fn basic_site_pages_match_their_golden_html() {
    let out = tempfile::tempdir().expect("dir");
    let (code, stderr) = build(&repo_root().join("tests/sites/basic"), out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    for (page, golden) in [
        ("index.html", "home"),
        ("prd/PRD-1.html", "prd"),
        ("roadmap.html", "roadmap"),
        ("prd/index.html", "prd-index"),
        ("objective/OBJ-1.html", "objective"),
        ("vision/VIS-1.html", "vision"),
        ("priorities.html", "priorities"),
    ] {
        let html = fs::read_to_string(out.path().join(page)).expect("page exists");
        let start = html.find("<main").expect("has <main>");
        let end = html.find("</main>").expect("has </main>") + "</main>".len();
        let dir = repo_root().join("tests/sites/basic-expected");
        assert_golden(
            format!("{}\n", &html[start..end]),
            &dir.join(format!("{golden}.html")),
        );
    }
}

/// Issue 3 audit: `--out` naming the workspace (or a folder around it) deleted every source.
#[test]
fn building_into_the_workspace_or_around_it_is_refused_and_deletes_nothing() {
    let parent = tempfile::tempdir().expect("dir");
    let ws = parent.path().join("ws");
    copy_dir(&repo_root().join("tests/sites/basic"), &ws);
    let before = tree(parent.path());
    for out in [ws.clone(), ws.join(".."), ws.join("prds/..")] {
        let (code, stderr) = build(&ws, &out, &[]);
        assert_eq!(code, 2, "{}: {stderr}", out.display());
        assert!(
            stderr.contains("refusing to build into") && stderr.contains("the workspace"),
            "{stderr}"
        );
        assert!(tree(parent.path()) == before, "files changed");
    }
}

/// Issue 3 audit: `output: ..` in spex.yaml wiped the workspace.
#[test]
fn an_output_outside_the_workspace_in_spex_yaml_is_a_config_error() {
    let parent = tempfile::tempdir().expect("dir");
    let ws = parent.path().join("ws");
    copy_dir(&repo_root().join("tests/sites/basic"), &ws);
    for output in ["..", "../site", "/tmp/site", "."] {
        fs::write(ws.join("spex.yaml"), format!("output: {output}\n")).expect("write");
        let before = tree(parent.path());
        let output_run = spex()
            .env("GIT_CEILING_DIRECTORIES", parent.path())
            .arg("build")
            .arg(&ws)
            .output()
            .expect("spex runs");
        let stderr = String::from_utf8_lossy(&output_run.stderr);
        assert_eq!(output_run.status.code(), Some(2), "{output}: {stderr}");
        assert!(stderr.contains("spex.yaml:1"), "{output}: {stderr}");
        assert!(tree(parent.path()) == before, "{output}: files changed");
    }
}

/// Issue 3 audit: `--out foreign/` deleted a `keep.txt` spex never wrote.
#[test]
fn a_folder_with_files_spex_did_not_write_is_refused_and_kept() {
    let out = tempfile::tempdir().expect("dir");
    fs::write(out.path().join("keep.txt"), "mine").expect("write");
    let basic = repo_root().join("tests/sites/basic");
    let (code, stderr) = build(&basic, out.path(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("spex did not write") && stderr.contains("empty"),
        "{stderr}"
    );
    // Refused before any work: no compile, so no diagnostics and no summary line.
    assert!(
        !stderr.contains(" in 1 document") && !stderr.contains("documents"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(out.path().join("keep.txt")).expect("kept"),
        "mine"
    );
    assert_eq!(fs::read_dir(out.path()).expect("dir").count(), 1);

    // A file added to a site spex built survives the next build; spex's own stale
    // files still go.
    let site = tempfile::tempdir().expect("dir");
    assert_eq!(build(&basic, site.path(), &[]).0, 0);
    assert!(site.path().join(".spex-manifest").exists());
    fs::write(site.path().join("CNAME"), "specs.example.com").expect("write");
    fs::write(site.path().join("prd/notes.txt"), "mine").expect("write");
    fs::write(site.path().join("stale.html"), "old").expect("write");
    let mut manifest = fs::read_to_string(site.path().join(".spex-manifest")).expect("read");
    manifest.push_str("stale.html\n");
    fs::write(site.path().join(".spex-manifest"), manifest).expect("write");
    let (code, stderr) = build(&basic, site.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 removed"), "{stderr}");
    assert!(site.path().join("CNAME").exists() && site.path().join("prd/notes.txt").exists());
    assert!(!site.path().join("stale.html").exists());
}

/// Issue 3 audit: a broken link inside a `{.confidential}` section reached the home page
/// through the diagnostics list. Every trace of the confidential PRD and section (its ID,
/// title, owner, team, tag, body, roadmap note, and diagnostics inside them) stays out.
#[test]
fn nothing_confidential_reaches_the_site_through_references_taxonomies_or_diagnostics() {
    let fixture = repo_root().join("tests/sites/confidential");
    let secrets = [
        "PRD-9",
        "ZZTITLEZZ",
        "ZZOWNERZZ",
        "ZZTEAMZZ",
        "zztagzz",
        "ZZBODYZZ",
        "ZZNOTEZZ",
        "ZZCONFLINKZZ",
        "ZZSECTIONZZ",
        "ZZMARKERZZ",
        "ZZMISSINGZZ",
    ];
    let out = tempfile::tempdir().expect("dir");
    let (code, stderr) = build(&fixture, out.path(), &["--allow-errors"]);
    assert_eq!(code, 0, "{stderr}");
    let site = tree(out.path());
    let mut leaks = Vec::new();
    for (path, bytes) in &site {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for secret in secrets {
            if text.contains(&secret.to_lowercase()) || path.contains(secret) {
                leaks.push(format!("{secret} in {path}"));
            }
        }
    }
    assert!(leaks.is_empty(), "leaked: {leaks:?}");
    let home = String::from_utf8_lossy(&site["index.html"]).into_owned();
    assert!(
        home.contains("public-missing.md"),
        "public diagnostics are still listed"
    );

    let with = tempfile::tempdir().expect("dir");
    let flags = ["--allow-errors", "--include-confidential"];
    assert_eq!(build(&fixture, with.path(), &flags).0, 0);
    let everything: String = tree(with.path())
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    for secret in ["ZZTITLEZZ", "ZZOWNERZZ", "ZZSECTIONZZ", "ZZMARKERZZ"] {
        assert!(everything.contains(secret), "{secret} shown when asked for");
    }
}

/// Issue 3 audit: `prds/leak.txt -> /etc/passwd`, linked from a document, was copied into
/// the site. Links leading outside the workspace are skipped; links inside still work.
#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_workspace_are_never_read_or_copied() {
    use std::os::unix::fs::symlink;
    let parent = tempfile::tempdir().expect("dir");
    let ws = parent.path().join("ws");
    copy_dir(&repo_root().join("tests/sites/basic"), &ws);
    let secret = parent.path().join("secret");
    fs::create_dir(&secret).expect("mkdir");
    fs::write(secret.join("passwd"), "ZZPASSWDZZ").expect("write");
    fs::write(
        secret.join("PRD-7.md"),
        "---\nid: PRD-7\ntitle: ZZOUTSIDEZZ\nowner: A\nobjectives: OBJ-1\n---\nZZOUTSIDEZZ\n",
    )
    .expect("write");
    symlink(secret.join("passwd"), ws.join("prds/leak.txt")).expect("symlink");
    symlink(secret.join("PRD-7.md"), ws.join("prds/PRD-7.md")).expect("symlink");
    symlink(&secret, ws.join("shared")).expect("symlink");
    // Inside the workspace: a linked image and a linked folder of documents (the folder
    // itself excluded, so its documents are not found twice).
    let config = fs::read_to_string(ws.join("spex.yaml")).expect("read");
    fs::write(
        ws.join("spex.yaml"),
        format!("{config}exclude: [\"real/**\"]\n"),
    )
    .expect("write");
    fs::create_dir(ws.join("real")).expect("mkdir");
    fs::write(ws.join("real/diagram.png"), "PNGDATA").expect("write");
    symlink(ws.join("real/diagram.png"), ws.join("prds/diagram.png")).expect("symlink");
    fs::write(
        ws.join("real/PRD-8.md"),
        "---\nid: PRD-8\ntitle: Linked in\nowner: A\nobjectives: OBJ-1\n---\nBody.\n",
    )
    .expect("write");
    symlink(ws.join("real"), ws.join("prds/linked")).expect("symlink");
    let prd = ws.join("prds/PRD-2.md");
    let text = fs::read_to_string(&prd).expect("read");
    fs::write(
        &prd,
        format!("{text}\n[leak](leak.txt) [also](../shared/passwd) ![d](diagram.png)\n"),
    )
    .expect("write");

    let out = parent.path().join("site");
    let (code, stderr) = build(&ws, &out, &["--allow-errors"]);
    assert_eq!(code, 0, "{stderr}");
    for skipped in ["prds/leak.txt", "prds/PRD-7.md", "shared"] {
        assert!(
            stderr.contains(&format!(
                "skipped `{skipped}`: it is a symbolic link to a place outside"
            )),
            "{skipped}: {stderr}"
        );
    }
    assert!(stderr.contains("broken-link"), "{stderr}");
    assert!(!stderr.contains("duplicate-id"), "{stderr}");
    let site = tree(&out);
    for (path, bytes) in &site {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("ZZPASSWDZZ") && !text.contains("ZZOUTSIDEZZ"),
            "outside content in {path}"
        );
    }
    assert!(
        site.contains_key("prd/PRD-8.html"),
        "a linked folder inside works"
    );
    assert!(
        site.values().any(|b| b.as_slice() == b"PNGDATA"),
        "a linked file inside is copied"
    );
}

/// The values of every `id` attribute of a page that occur more than once.
fn duplicate_ids(html: &str) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    attribute_values(html, "id")
        .into_iter()
        .filter(|id| !seen.insert(id.clone()))
        .collect()
}

/// Issue 3 audit: a body heading `Main` gave a second `id="main"`, which broke the skip
/// link; template IDs are prefixed, so headings named like them do not collide.
#[test]
fn body_headings_named_like_page_parts_do_not_duplicate_ids() {
    let ws = TestWorkspace::copy_of(&repo_root().join("tests/sites/basic"));
    let prd = ws.path().join("prds/PRD-1.md");
    let text = fs::read_to_string(&prd).expect("read");
    let headings = [
        "Main",
        "Site search",
        "Meta h",
        "Toc h",
        "Relations h",
        "Board h",
    ];
    let body: String = headings
        .iter()
        .map(|h| format!("\n## {h}\nText.\n"))
        .collect();
    fs::write(&prd, format!("{text}{body}")).expect("write");
    let out = tempfile::tempdir().expect("dir");
    let (code, stderr) = build(ws.path(), out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    for (path, bytes) in tree(out.path())
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            duplicate_ids(&html).is_empty(),
            "{path}: {:?}",
            duplicate_ids(&html)
        );
    }
    let page = fs::read_to_string(out.path().join("prd/PRD-1.html")).expect("page");
    assert!(page.contains("href=\"#spex-main\"") && page.contains("id=\"main\""));
}

/// Issue 3 audit: the graph had a fixed width that clipped at 1280px, titles cut at ~20
/// characters and edge kinds missing from the legend.
#[test]
fn the_graph_scales_to_its_box_and_its_legend_covers_every_edge_drawn() {
    let out = tempfile::tempdir().expect("dir");
    assert_eq!(build(&example(), out.path(), &[]).0, 0);
    let page = fs::read_to_string(out.path().join("graph.html")).expect("graph page");
    let svg = &page[page.find("<svg class=\"graph\"").expect("an svg")..];
    let svg = &svg[..svg.find("</svg>").expect("closed")];
    assert!(svg.contains(" width=\"100%\"") && svg.contains(" viewBox=\"0 0 "));
    assert!(!svg.contains("edge related"), "related links are not drawn");
    for (class, legend) in [
        ("edge dependency", "edge-dependency"),
        ("edge serves", "edge-serves"),
    ] {
        assert!(svg.contains(class), "draws {class}");
        assert!(page.contains(legend), "the legend explains {class}");
    }
    // Long titles get a second line instead of being cut after a couple of words.
    assert!(svg.matches("<tspan").count() > svg.matches("class=\"node ").count());
}

/// Issue 3 audit: the feed's `<id>` held the site title with spaces (not an IRI), its
/// links were relative to `xml:base="/"` (wrong under a sub-path), and the home page
/// repeated one commit's subject for every document it touched.
#[test]
fn the_feed_has_a_valid_id_and_links_relative_to_itself_and_the_home_page_lists_events() {
    let out = tempfile::tempdir().expect("dir");
    assert_eq!(build(&example(), out.path(), &[]).0, 0);
    let feed = fs::read_to_string(out.path().join("feed.xml")).expect("a feed");
    for id in feed.split("<id>").skip(1) {
        let id = &id[..id.find("</id>").expect("closed")];
        assert!(
            !id.contains(char::is_whitespace) && (id.starts_with("urn:") || id.starts_with("http")),
            "not an IRI: {id}"
        );
    }
    assert!(
        !feed.contains("xml:base"),
        "no xml:base without an absolute base_url"
    );
    // The home page lists change events, not commit subjects (issue 17 point 2): one
    // line per event, with the commit as a small reference.
    let home = fs::read_to_string(out.path().join("index.html")).expect("home");
    let events = home.matches("<span class=\"event\">").count();
    assert!(events > 0, "the example has history: {home}");
    assert!(!home.contains("change-subject"), "{home}");
    assert_eq!(events, home.matches("class=\"commit\"").count());
}

/// Issue 17.12: every page has a meta description, a document's the first sentence of
/// its published text; issue 17.5: statuses read as words.
#[test]
fn pages_have_a_meta_description_and_statuses_in_words() {
    let out = tempfile::tempdir().expect("dir");
    let (code, stderr) = build(&repo_root().join("tests/sites/basic"), out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let site = tree(out.path());
    for (path, bytes) in &site {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        assert!(
            html.contains(r#"<meta name="description" content=""#)
                && !html.contains(r#"<meta name="description" content="">"#),
            "{path} has no meta description"
        );
    }
    let prd = String::from_utf8_lossy(&site["prd/PRD-1.html"]).into_owned();
    assert!(
        prd.contains(r#"<meta name="description" content="A branded tracking page.">"#),
        "the first sentence of PRD-1"
    );
    let objective = String::from_utf8_lossy(&site["objective/OBJ-1.html"]).into_owned();
    assert!(objective.contains(
        r#"<meta name="description" content="Tickets cost merchants money and shoppers patience.">"#
    ));
    // `in-progress`-style slugs never reach a badge.
    let example_out = tempfile::tempdir().expect("dir");
    let (code, stderr) = build(&example(), example_out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let prd3 = fs::read_to_string(example_out.path().join("prd/PRD-003.html")).expect("page");
    assert!(prd3.contains(">In progress</span>"), "status in words");
    assert!(!prd3.contains(">in-progress</span>"), "no slug in a badge");
    assert!(
        prd3.contains("RICE 280<"),
        "no spurious .0 in the RICE score"
    );
}

/// Issue 13.5: a kind's `index:` names its index page's columns, in order; a name that is
/// neither a field nor a known column is a config error with a did-you-mean.
#[test]
fn index_columns_are_configurable_per_kind() {
    let ws = TestWorkspace::new()
        .file(
            "spex.yaml",
            "kinds:\n  rfc:\n    id: { field: id, pattern: \"RFC-{n}\" }\n    paths: [\"rfcs/**\"]\n    fields:\n      title: { type: string, required: true }\n      category: string\n    index: [id, category, title]\n",
        )
        .file("rfcs/RFC-1.md", "---\nid: RFC-1\ntitle: Tabs\ncategory: Style\n---\nTabs, not spaces.\n");
    let out = tempfile::tempdir().expect("dir");
    let (code, stderr) = build(ws.path(), out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let index = fs::read_to_string(out.path().join("rfc/index.html")).expect("index");
    let heads: Vec<&str> = index
        .split("<th scope=\"col\"")
        .skip(1)
        .filter_map(|h| h.split('>').nth(1)?.split('<').next())
        .collect();
    assert_eq!(heads, ["ID", "Category", "Title"]);

    let bad = TestWorkspace::new().file(
        "spex.yaml",
        "kinds:\n  rfc:\n    paths: [\"rfcs/**\"]\n    fields:\n      category: string\n    index: [id, categry]\n",
    );
    let out = bad.run(["check", "--color", "never"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("has no field or column `categry`"), "{text}");
    assert!(text.contains("did you mean `category`?"), "{text}");
}

/// Issue 17.11: with `people:` in spex.yaml, a document owned under an alias is on the
/// person's page, and the alias gets no page (nor a link to one) of its own.
#[test]
fn documents_owned_under_an_alias_are_on_the_persons_page() {
    let prd = |id: &str, owner: &str| {
        format!("---\nid: {id}\ntitle: Spec {id}\nstatus: draft\nowner: {owner}\n---\n\nBody.\n")
    };
    let ws = TestWorkspace::new()
        .file(
            "spex.yaml",
            "people:\n  - { name: Riley Chen, aliases: [Riley, R. Chen], github: rchen }\n  - Dana Kim\n",
        )
        .file("prd-1.md", prd("PRD-1", "Riley Chen"))
        .file("prd-2.md", prd("PRD-2", "Riley"))
        .file("prd-3.md", prd("PRD-3", "\"@rchen\""))
        .file("prd-4.md", prd("PRD-4", "Dana Kim"));
    let out = tempfile::tempdir().expect("temp dir");
    let (code, stderr) = build(ws.path(), out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let site = tree(out.path());
    let owners: Vec<&String> = site.keys().filter(|p| p.starts_with("owners/")).collect();
    assert_eq!(
        owners,
        [
            "owners/dana-kim.html",
            "owners/index.html",
            "owners/riley-chen.html"
        ],
        "one page per person, none per alias"
    );
    let riley = String::from_utf8_lossy(&site["owners/riley-chen.html"]).into_owned();
    for id in ["PRD-1", "PRD-2", "PRD-3"] {
        assert!(
            riley.contains(&format!("{id}.html")),
            "{id} is missing from Riley's page"
        );
    }
    assert!(
        !riley.contains("PRD-4.html"),
        "Dana's PRD is on Riley's page"
    );
    // The alias's own document links its owner to the person's page.
    let prd_2 = site
        .iter()
        .find(|(path, _)| path.ends_with("PRD-2.html"))
        .map(|(_, html)| String::from_utf8_lossy(html).into_owned())
        .expect("PRD-2 has a page");
    assert!(prd_2.contains("owners/riley-chen.html"), "{prd_2}");
    assert!(!prd_2.contains("owners/riley.html"));
    // The index's owner facet has the person once, not each spelling.
    let index = String::from_utf8_lossy(&site["prd/index.html"]).into_owned();
    assert_eq!(
        index.matches(r#"data-owner="Riley Chen""#).count(),
        3,
        "{index}"
    );
    assert!(!index.contains(r#"data-owner="Riley""#));
}

/// Issue 17.4: an owner written as an alias (`Riley`, `@rchen`) is shown under the
/// person's listed name everywhere: document page, index table, roadmap card, digest.
#[test]
fn issue_17_an_owner_alias_is_shown_as_the_persons_name() {
    let prd = |id: &str, owner: &str| {
        format!(
            "---\nid: {id}\ntitle: Spec {id}\nstatus: in-progress\nowner: {owner}\n---\n\nBody.\n"
        )
    };
    let ws = TestWorkspace::new()
        .file(
            "spex.yaml",
            "people:\n  - { name: Riley Chen, aliases: [Riley], github: rchen }\n",
        )
        .file("prd-2.md", prd("PRD-2", "Riley"))
        .file("prd-3.md", prd("PRD-3", "\"@rchen\""))
        .file(
            "roadmap.md",
            "---\nid: RM-1\ntitle: Plan\nitems:\n  - { ref: PRD-2, horizon: now }\n  - { ref: PRD-3, horizon: now }\n---\n\nPlan.\n",
        );
    let out = tempfile::tempdir().expect("temp dir");
    let (code, stderr) = build(ws.path(), out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let site = tree(out.path());
    let page = |suffix: &str| {
        site.iter()
            .find(|(path, _)| path.ends_with(suffix))
            .map(|(_, html)| String::from_utf8_lossy(html).into_owned())
            .unwrap_or_else(|| panic!("no page {suffix}"))
    };
    for (name, html, shown) in [
        ("PRD-2 page", page("PRD-2.html"), 1),
        ("PRD-3 page", page("PRD-3.html"), 1),
        ("PRD index", page("prd/index.html"), 2),
        ("roadmap", page("RM-1.html"), 2),
    ] {
        assert!(
            html.matches(">Riley Chen<").count() >= shown,
            "{name} does not name Riley Chen {shown} times:\n{html}"
        );
        assert!(
            !html.contains(">Riley<") && !html.contains(">@rchen<"),
            "{name} shows an alias:\n{html}"
        );
    }
    let digest = spex()
        .args(["digest", "--audience", "engineering", "--format", "json"])
        .arg(ws.path())
        .output()
        .expect("spex runs");
    let json: serde_json::Value = serde_json::from_slice(&digest.stdout).expect("json");
    let mut owners = Vec::new();
    collect_owners(&json, &mut owners);
    assert!(!owners.is_empty(), "{json}");
    assert!(owners.iter().all(|o| o == "Riley Chen"), "{owners:?}");
}

fn collect_owners(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v.as_str()) {
                    ("owner", Some(owner)) => out.push(owner.to_owned()),
                    _ => collect_owners(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_owners(v, out)),
        _ => {}
    }
}
