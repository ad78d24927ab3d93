//! Inputs that used to take minutes or explode: each must finish in bounded time with
//! correct output. Bounds are generous (debug build, busy machine) so they never flake;
//! before the fixes these cases took many times longer.

use std::fs::File;
use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::support::{spex, write_file};

/// Runs spex in `dir` with stdout into a file, killing it after `limit`; returns the exit
/// status, stdout and the time taken.
fn run_bounded(dir: &Path, args: &[&str], limit: Duration) -> (ExitStatus, String, Duration) {
    let out_path = dir.join("../stdout.txt");
    let out = File::create(&out_path).expect("stdout file");
    let mut child = spex()
        .env("GIT_CEILING_DIRECTORIES", dir.parent().expect("parent"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::from(out))
        .stderr(Stdio::null())
        .spawn()
        .expect("spex runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("spex {args:?} took longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let took = started.elapsed();
    let stdout = std::fs::read_to_string(&out_path).expect("stdout is UTF-8");
    (status, stdout, took)
}

/// `spex check` on a workspace with one PRD of `n` unknown references on one line.
fn check_one_long_line(n: usize) -> (ExitStatus, String, Duration) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("ws");
    write_file(&root, "prds/PRD-1-x.md", &one_long_line_of_refs(n));
    run_bounded(
        &root,
        &["check", "--color", "never"],
        Duration::from_secs(300),
    )
}

/// A PRD whose body is one line of `n` unknown references.
fn one_long_line_of_refs(n: usize) -> String {
    let refs = vec!["[[PRD-404]]"; n].join(" ");
    format!("---\nid: PRD-1\ntitle: X\nowner: Ann\n---\n\n{refs}\n")
}

#[test]
fn issue_17_many_diagnostics_on_one_long_line_render_in_linear_time() {
    // Linear, not merely fast: four times the references may take at most eight times
    // as long (quadratic rendering took sixteen). Both runs share the machine's load at
    // the time, so the ratio holds on a busy machine where a fixed bound would not.
    let small = 5_000;
    let (_, _, small_took) = check_one_long_line(small);
    let n = 4 * small;
    let (status, stdout, took) = check_one_long_line(n);
    eprintln!("{small} diagnostics on one line in {small_took:?}, {n} in {took:?}");
    assert!(
        took < small_took * 8 + Duration::from_secs(2),
        "{n} diagnostics took {took:?}, {small} took {small_took:?}: not linear"
    );
    assert_eq!(status.code(), Some(1));
    assert_eq!(
        stdout.matches("error[unknown-reference]").count(),
        n,
        "every reference is reported"
    );
    // The last reference: its column counts every character before it on the line,
    // even though only the part around it is rendered.
    let last_column = (n - 1) * "[[PRD-404]] ".len() + 3;
    let header = format!(" --> prds/PRD-1-x.md:7:{last_column}\n");
    let at = stdout.find(&header).expect("the last reference's header");
    let snippet: Vec<&str> = stdout[at..].lines().skip(2).take(2).collect();
    assert!(
        snippet[0].starts_with("7 | ...[PRD-404]] [[PRD-404]]"),
        "{snippet:?}"
    );
    assert!(
        snippet[0].ends_with("[[PRD-404]]"),
        "the line ends here: {snippet:?}"
    );
    // The carets sit under the last ID, the line's last 9 characters but 2.
    let caret = snippet[1].find('^').expect("carets");
    assert_eq!(caret, snippet[0].len() - "PRD-404]]".len(), "{snippet:?}");
}

#[test]
fn issue_18_deeply_nested_raw_html_builds_in_linear_time_with_a_warning() {
    let n = 100_000;
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("ws");
    let nested = format!("{}deep{}", "<div>".repeat(n), "</div>".repeat(n));
    let doc =
        format!("---\nid: PRD-1\ntitle: X\nowner: Ann\n---\n\nHello <b>there</b>.\n\n{nested}\n");
    write_file(&root, "prds/PRD-1-x.md", &doc);
    write_file(
        &root,
        "prds/PRD-2-y.md",
        "---\nid: PRD-2\ntitle: Y\nowner: Ann\n---\n\nFine <b>bold</b> HTML.\n",
    );
    let out = tmp.path().join("site");
    let out_arg = out.to_str().expect("UTF-8 path");
    let (status, _, took) = run_bounded(
        &root,
        &["build", "--out", out_arg, "--color", "never"],
        Duration::from_secs(30),
    );
    eprintln!("{n} nested <div> built in {took:?}");
    assert_eq!(status.code(), Some(0), "a warning does not fail the build");

    let (_, json, _) = run_bounded(
        &root,
        &["check", "--format", "json", "--quiet"],
        Duration::from_secs(30),
    );
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&json).expect("JSON");
    let deep: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "html-too-deep")
        .collect();
    assert_eq!(deep.len(), 1, "{diagnostics:?}");
    assert_eq!(deep[0]["file"], "prds/PRD-1-x.md");
    assert_eq!(deep[0]["line"], 9);
    assert_eq!(deep[0]["column"], 256 * "<div>".len() + 1);

    // The deep document's raw HTML is shown as text, the rest of it as usual; the
    // other document keeps its HTML.
    let page = std::fs::read_to_string(out.join("prd/PRD-1.html")).expect("page");
    assert!(page.contains("&lt;div&gt;&lt;div&gt;"));
    assert!(!page.contains("<div><div>"));
    assert!(page.contains("Hello &lt;b&gt;there&lt;/b&gt;."));
    let other = std::fs::read_to_string(out.join("prd/PRD-2.html")).expect("page");
    assert!(other.contains("Fine <b>bold</b> HTML."));
}

/// The `href`s of a page that lead into `folder/`, as written (relative to the page).
fn hrefs_into(page: &str, folder: &str) -> Vec<String> {
    let needle = format!("href=\"../{folder}/");
    let mut out: Vec<String> = page
        .match_indices(&needle)
        .map(|(at, _)| {
            let rest = &page[at + "href=\"../".len()..];
            rest[..rest.find('"').expect("closing quote")].to_owned()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn issue_20_names_that_pass_check_always_build_to_pages_of_their_own() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("ws");
    let long = "x".repeat(300);
    let long_id = format!("PRD-{}", "1".repeat(300));
    write_file(
        &root,
        "objectives/OBJ-1.md",
        "---\nid: OBJ-1\ntitle: O\nstatus: active\n---\n\nBody.\n",
    );
    write_file(
        &root,
        "prds/PRD-1.md",
        &format!(
            "---\nid: PRD-1\ntitle: A\nowner: index\nteam: Index\n\
             tags: [index, Foo, foo, a b, a-b, {long}, payments]\nobjectives: [OBJ-1]\n---\n\n\
             See [[{long_id}]].\n"
        ),
    );
    write_file(
        &root,
        "prds/PRD-2.md",
        &format!(
            "---\nid: {long_id}\ntitle: B\nowner: {long}\nobjectives: [OBJ-1]\n---\n\nBody.\n"
        ),
    );
    let (status, _, _) = run_bounded(&root, &["check"], Duration::from_secs(30));
    assert_eq!(status.code(), Some(0), "check accepts all of it");

    let out = tmp.path().join("site");
    let out_arg = out.to_str().expect("UTF-8 path");
    let (status, _, _) = run_bounded(&root, &["build", "--out", out_arg], Duration::from_secs(30));
    assert_eq!(status.code(), Some(0), "so build renders all of it");

    let page = std::fs::read_to_string(out.join("prd/PRD-1.html")).expect("page");
    // Ordinary names keep their URLs; the spelling equal to its slug keeps the slug.
    for plain in ["tags/payments.html", "tags/foo.html", "tags/a-b.html"] {
        assert!(page.contains(&format!("href=\"../{plain}\"")), "{plain}");
    }
    // Each tag its own page: 7 tags plus the tag index in the navigation.
    let tags = hrefs_into(&page, "tags");
    assert_eq!(tags.len(), 8, "{tags:?}");
    for folder in ["tags", "owners", "teams", "prd"] {
        for href in hrefs_into(&page, folder) {
            let name = href.rsplit('/').next().expect("a name");
            assert!(name.len() <= 125, "{href} is bounded");
            assert!(out.join(&href).is_file(), "{href} exists");
        }
    }
    // The `index` tag's page is not the tag index, and the two `foo`s are apart.
    let index_tag = tags
        .iter()
        .find(|t| t.starts_with("tags/index-"))
        .expect("index tag");
    let index_page = std::fs::read_to_string(out.join(index_tag)).expect("page");
    assert!(index_page.contains("PRD-1"));
    let foo_pages: Vec<_> = tags.iter().filter(|t| t.starts_with("tags/foo")).collect();
    assert_eq!(foo_pages.len(), 2, "{tags:?}");
}
