//! Issue 1/8 (trust) audit: confidential content must not reach any byte spex writes,
//! whatever route it takes: a symbolic link that is a confidential document, a file
//! linked only from a hidden section, a link definition inside one, a front-matter error,
//! a heading nested in a container, a committed symbolic link, a named pipe or a huge
//! file. Each test plants a unique marker and greps the whole output, stdout and stderr.

use std::fs;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use crate::git_repo::{TestRepo, day};
use crate::support::{repo_root, spex, write_file};

/// A copy of `tests/sites/basic` (two PRDs, an objective, a roadmap, a vision) in `dir`.
fn basic_workspace(dir: &Path) {
    for entry in walkdir::WalkDir::new(repo_root().join("tests/sites/basic")) {
        let entry = entry.expect("readable");
        let rel = entry
            .path()
            .strip_prefix(repo_root().join("tests/sites/basic"))
            .expect("inside");
        if entry.file_type().is_file() {
            let to = dir.join(rel);
            fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            fs::copy(entry.path(), to).expect("copy");
        }
    }
}

/// A temporary folder holding the basic workspace in `ws/` (outputs go beside it).
fn basic_in_tempdir() -> (tempfile::TempDir, std::path::PathBuf) {
    let parent = tempfile::tempdir().expect("dir");
    let ws = parent.path().join("ws");
    basic_workspace(&ws);
    (parent, ws)
}

/// Appends Markdown to the public PRD-2.
fn append_to_prd2(ws: &Path, markdown: &str) {
    let path = ws.join("prds/PRD-2.md");
    let text = fs::read_to_string(&path).expect("read");
    fs::write(path, format!("{text}\n{markdown}\n")).expect("write");
}

/// `spex build . --out <parent>/site [extra…]`, which must succeed: the output folder and
/// what the command printed.
fn build_site(parent: &Path, ws: &Path, extra: &[&str]) -> (std::path::PathBuf, Output) {
    let out = parent.join("site");
    let mut args = vec!["build", ".", "--out", out.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    let output = run(ws, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    (out, output)
}

/// Asserts no marker is in the output folder or stdout (stderr holds diagnostics, which
/// quote the authors' own text to the authors).
fn assert_unpublished(out: &Path, output: &Output, markers: &[&str]) {
    for marker in markers {
        let found: Vec<_> = leaks(out, output, marker)
            .into_iter()
            .filter(|place| place != "stderr")
            .collect();
        assert_eq!(found, Vec::<String>::new(), "{marker}");
    }
}

/// Runs spex with a deadline (a hang is a failure, not a stuck test run).
fn run(dir: &Path, args: &[&str]) -> Output {
    let mut child = spex()
        .args(args)
        .current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().expect("parent"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spex runs");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("spex {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// Every place the marker appears: output files (by path), stdout, stderr.
fn leaks(out: &Path, output: &Output, marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    if out.exists() {
        for entry in walkdir::WalkDir::new(out) {
            let entry = entry.expect("readable");
            if entry.file_type().is_file() {
                let bytes = fs::read(entry.path()).expect("read");
                if contains(&bytes, marker) || entry.path().to_string_lossy().contains(marker) {
                    found.push(entry.path().display().to_string());
                }
            }
        }
    }
    if contains(&output.stdout, marker) {
        found.push("stdout".into());
    }
    if contains(&output.stderr, marker) {
        found.push("stderr".into());
    }
    found
}

fn contains(bytes: &[u8], marker: &str) -> bool {
    bytes
        .windows(marker.len())
        .any(|w| w.eq_ignore_ascii_case(marker.as_bytes()))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const SECRET_PRD: &str = "---\nid: PRD-9\ntitle: Acquisition\nstatus: draft\nowner: Bo\nobjectives: OBJ-1\nconfidential: true\n---\nZZSECRETZZ: buy the competitor.\n";

/// `ws/spec.txt -> prds/PRD-9.md` (confidential) linked from public text was copied whole
/// into `files/spec.txt`. A file that is a document is that document.
#[cfg(unix)]
#[test]
fn issue_1_a_symlink_to_a_confidential_document_is_that_document_never_a_copy() {
    let (parent, ws) = basic_in_tempdir();
    write_file(&ws, "prds/PRD-9.md", SECRET_PRD);
    std::os::unix::fs::symlink("prds/PRD-9.md", ws.join("spec.txt")).expect("symlink");
    // A second name by hard link is the same document too.
    fs::hard_link(ws.join("prds/PRD-9.md"), ws.join("plan.pdf")).expect("hard link");
    append_to_prd2(&ws, "See [spec](../spec.txt) and [plan](../plan.pdf).");
    let (out, output) = build_site(parent.path(), &ws, &["--allow-errors"]);
    assert_eq!(leaks(&out, &output, "ZZSECRETZZ"), Vec::<String>::new());
    assert!(!out.join("files/spec.txt").exists());
    assert!(!out.join("files/plan.pdf").exists());
    let err = stderr(&output);
    assert_eq!(err.matches("[confidential-reference]").count(), 2, "{err}");
    assert!(err.contains("`PRD-9` is confidential"), "{err}");
}

/// A file linked only from a `{.confidential}` section was copied and listed in the
/// manifest; so was one named by a definition inside such a section.
#[test]
fn issue_2_files_linked_only_from_hidden_text_are_not_copied() {
    let (parent, ws) = basic_in_tempdir();
    write_file(&ws, "prds/deck.pdf", "ZZDECKZZ");
    write_file(&ws, "prds/terms.pdf", "ZZTERMSZZ");
    write_file(&ws, "prds/public.pdf", "PUBLICPDF");
    append_to_prd2(
        &ws,
        "Our [brochure](public.pdf) and [the terms][t].\n\n\
         ## Deal {.confidential}\n\nThe [deck](deck.pdf).\n\n[t]: terms.pdf\n",
    );
    let (out, output) = build_site(parent.path(), &ws, &[]);
    for marker in ["ZZDECKZZ", "ZZTERMSZZ", "deck.pdf", "terms.pdf"] {
        assert_eq!(
            leaks(&out, &output, marker),
            Vec::<String>::new(),
            "{marker}"
        );
    }
    assert_eq!(
        fs::read(out.join("files/prds/public.pdf")).expect("public copy"),
        b"PUBLICPDF"
    );
}

/// `See [the plan][p]` in public text rendered the URL defined in a confidential section.
/// Nor may the site's health panel quote such a destination in a diagnostic about the
/// public link (stderr does: it is for the authors).
#[test]
fn issue_3_link_definitions_in_hidden_sections_do_not_serve_public_text() {
    let (parent, ws) = basic_in_tempdir();
    append_to_prd2(
        &ws,
        "See [the plan][p], ![chart][c] and [gone][m].\n\n## Deal {.confidential}\n\n\
         [p]: https://zzplanzz.example.com/acquire\n[c]: https://example.com/zzchartzz.png\n\
         [m]: zzmissingzz.pdf\n",
    );
    let (out, output) = build_site(parent.path(), &ws, &["--allow-errors"]);
    for marker in ["zzplanzz", "zzchartzz"] {
        assert_eq!(
            leaks(&out, &output, marker),
            Vec::<String>::new(),
            "{marker}"
        );
    }
    assert!(
        stderr(&output).contains("zzmissingzz.pdf"),
        "authors see it"
    );
    let site_only = Output {
        stdout: Vec::new(),
        stderr: Vec::new(),
        ..output
    };
    assert_eq!(leaks(&out, &site_only, "zzmissingzz"), Vec::<String>::new());
    let page = fs::read_to_string(out.join("prd/PRD-2.html")).expect("page");
    assert!(page.contains("the plan"), "the public text stays");
}

/// A duplicate `confidential:` key broke the front matter, and the document was then
/// published as public (with `--allow-errors`, and by `spex serve` without any flag).
#[test]
fn issue_4_a_document_whose_confidentiality_is_unsure_is_not_published() {
    let broken = [
        // Duplicate key: the front matter does not parse.
        "---\nid: PRD-9\ntitle: Deal\nowner: Bo\nobjectives: OBJ-1\nconfidential: true\nconfidential: true\n---\nZZSECRETZZ\n",
        // Not a clean boolean.
        "---\nid: PRD-9\ntitle: Deal\nowner: Bo\nobjectives: OBJ-1\nconfidential: \"yes\"\n---\nZZSECRETZZ\n",
        // A kind without a `confidential` field in its schema.
        "---\nid: DEC-9\nkind: decision\ntitle: Deal\nstatus: accepted\nconfidential: true\n---\nZZSECRETZZ\n",
        // Front matter never closed.
        "---\nid: PRD-9\nconfidential: true\n\nZZSECRETZZ\n",
    ];
    for text in broken {
        let parent = tempfile::tempdir().expect("dir");
        let ws = parent.path().join("ws");
        basic_workspace(&ws);
        write_file(&ws, "prds/PRD-9.md", text);
        let (out, output) = build_site(parent.path(), &ws, &["--allow-errors"]);
        assert_eq!(
            leaks(&out, &output, "ZZSECRETZZ"),
            Vec::<String>::new(),
            "{text}"
        );
        let digests = parent.path().join("digests");
        let output = run(&ws, &["digest", "--out", digests.to_str().expect("utf-8")]);
        assert_eq!(
            leaks(&digests, &output, "ZZSECRETZZ"),
            Vec::<String>::new(),
            "digest of {text}"
        );
    }
}

/// `- ## x` or `> ## x` ended a `{.confidential}` section, publishing what followed.
#[test]
fn issue_6_a_heading_nested_in_a_list_or_quote_does_not_end_a_hidden_section() {
    let (parent, ws) = basic_in_tempdir();
    append_to_prd2(
        &ws,
        "## Deal {.confidential}\n\nTerms.\n\n- ## Listed\n\nZZAFTERLISTZZ\n\n> ## Quoted\n\nZZAFTERQUOTEZZ\n\n## Public again\n\nVISIBLEAGAIN\n",
    );
    let (out, output) = build_site(parent.path(), &ws, &[]);
    for marker in ["ZZAFTERLISTZZ", "ZZAFTERQUOTEZZ"] {
        assert_eq!(
            leaks(&out, &output, marker),
            Vec::<String>::new(),
            "{marker}"
        );
    }
    let page = fs::read_to_string(out.join("prd/PRD-2.html")).expect("page");
    assert!(page.contains("VISIBLEAGAIN"));
    let digests = parent.path().join("digests");
    let output = run(&ws, &["digest", "--out", digests.to_str().expect("utf-8")]);
    for marker in ["ZZAFTERLISTZZ", "ZZAFTERQUOTEZZ"] {
        assert_eq!(
            leaks(&digests, &output, marker),
            Vec::<String>::new(),
            "{marker}"
        );
    }
}

/// `build --rev` published a committed symbolic link as a file holding its target path.
#[cfg(unix)]
#[test]
fn issue_9_a_committed_symlink_is_skipped_with_a_warning() {
    let repo = TestRepo::new();
    basic_workspace(repo.path());
    append_to_prd2(repo.path(), "The [notes](notes.txt).");
    std::os::unix::fs::symlink("/zzlinktargetzz/notes", repo.join("prds/notes.txt"))
        .expect("symlink");
    repo.commit("Specs", "Ann", day(2026, 1, 5));
    let out = tempfile::tempdir().expect("dir");
    let site = out.path().join("site");
    let output = run(
        repo.path(),
        &[
            "build",
            ".",
            "--rev",
            "HEAD",
            "--out",
            site.to_str().expect("utf-8"),
            "--allow-errors",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        leaks(&site, &output, "zzlinktargetzz"),
        Vec::<String>::new()
    );
    let err = stderr(&output);
    assert!(
        err.contains("skipped `prds/notes.txt`: it is a symbolic link"),
        "{err}"
    );
}

/// A link to a named pipe made `spex build` wait forever for a writer.
#[cfg(unix)]
#[test]
fn issue_16_a_linked_named_pipe_is_skipped_not_read() {
    let (parent, ws) = basic_in_tempdir();
    for pipe in ["prds/pipe.pdf", "prds/PRD-5.md"] {
        let status = std::process::Command::new("mkfifo")
            .arg(ws.join(pipe))
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
    }
    append_to_prd2(&ws, "The [pipe](pipe.pdf).");
    let (out, output) = build_site(parent.path(), &ws, &[]);
    let err = stderr(&output);
    assert!(
        err.contains("skipped `prds/pipe.pdf`: it is not a regular file"),
        "{err}"
    );
    assert!(err.contains("prds/PRD-2.md:"), "at the link: {err}");
    assert!(
        err.contains("skipped `prds/PRD-5.md`: it is not a regular file"),
        "{err}"
    );
    assert!(!out.join("files/prds/pipe.pdf").exists());
}

/// Attachments were read whole into memory; one over the size cap is skipped instead.
#[test]
fn issue_19_an_attachment_over_the_size_cap_is_skipped_with_a_warning() {
    let (parent, ws) = basic_in_tempdir();
    // Sparse: 101 MiB on paper, nothing on disk.
    let big = fs::File::create(ws.join("prds/video.mp4")).expect("create");
    big.set_len(101 * 1024 * 1024).expect("set_len");
    write_file(&ws, "prds/small.pdf", "SMALL");
    append_to_prd2(&ws, "The [video](video.mp4) and the [sheet](small.pdf).");
    let (out, output) = build_site(parent.path(), &ws, &[]);
    let err = stderr(&output);
    assert!(
        err.contains("skipped `prds/video.mp4`: it is 101.0 MiB, over the 100.0 MiB limit"),
        "{err}"
    );
    assert!(!out.join("files/prds/video.mp4").exists());
    assert_eq!(
        fs::read(out.join("files/prds/small.pdf")).expect("copied"),
        b"SMALL"
    );
    let manifest = fs::read_to_string(out.join(".spex-manifest")).expect("manifest");
    assert!(!manifest.contains("video.mp4"), "{manifest}");

    // The cap is configurable.
    let config = fs::read_to_string(ws.join("spex.yaml")).expect("read");
    fs::write(
        ws.join("spex.yaml"),
        config.replace("site:\n", "site:\n  max_attachment_size: 4 B\n"),
    )
    .expect("write");
    let output = run(&ws, &["build", ".", "--out", out.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("skipped `prds/small.pdf`"),
        "{}",
        stderr(&output)
    );
    assert!(!out.join("files/prds/small.pdf").exists());
}

/// Found while fixing point 1: a file in a folder `spex digest` writes into (marked, and
/// never read as part of the workspace) was still copied when a document linked to it,
/// directly or through a symbolic link.
#[cfg(unix)]
#[test]
fn files_in_a_digests_folder_are_never_copied_even_when_linked() {
    let (parent, ws) = basic_in_tempdir();
    write_file(&ws, "digests/.spex-digests", "");
    write_file(&ws, "digests/digest-engineering.md", "ZZDIGESTZZ\n");
    std::os::unix::fs::symlink(
        "../digests/digest-engineering.md",
        ws.join("prds/notes.txt"),
    )
    .expect("symlink");
    append_to_prd2(
        &ws,
        "See [d](../digests/digest-engineering.md) and [n](notes.txt).",
    );
    let (out, output) = build_site(parent.path(), &ws, &[]);
    assert_eq!(leaks(&out, &output, "ZZDIGESTZZ"), Vec::<String>::new());
    let err = stderr(&output);
    assert!(
        err.contains("skipped `prds/notes.txt`: it is a digest `spex digest` wrote"),
        "{err}"
    );
}

/// With `--rev`, an attachment over the 8 MB a revision holds in memory up front (but
/// within the cap) failed the whole build; it is read when it is copied.
#[test]
fn a_large_attachment_in_a_git_revision_is_copied() {
    let repo = TestRepo::new();
    basic_workspace(repo.path());
    fs::write(repo.join("prds/scan.pdf"), vec![b'x'; 9_000_000]).expect("write");
    append_to_prd2(repo.path(), "The [scan](scan.pdf).");
    repo.commit("Specs", "Ann", day(2026, 1, 5));
    let out = tempfile::tempdir().expect("dir");
    let site = out.path().join("site");
    let output = run(
        repo.path(),
        &[
            "build",
            ".",
            "--rev",
            "HEAD",
            "--out",
            site.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let copy = fs::metadata(site.join("files/prds/scan.pdf")).expect("copied");
    assert_eq!(copy.len(), 9_000_000);
}

/// Found while fixing point 1: a Markdown file the walk skipped (an excluded folder) was
/// copied raw when public text linked to it, confidential front matter and all. One
/// that is clearly public (a template, say) is still copied.
#[test]
fn markdown_that_is_not_a_document_is_never_copied_raw() {
    let (parent, ws) = basic_in_tempdir();
    let config = fs::read_to_string(ws.join("spex.yaml")).expect("read");
    fs::write(
        ws.join("spex.yaml"),
        format!("{config}exclude: [\"drafts/**\"]\n"),
    )
    .expect("write");
    write_file(
        &ws,
        "drafts/PRD-9.md",
        &SECRET_PRD.replace("ZZSECRETZZ", "ZZDRAFTZZ"),
    );
    write_file(&ws, "drafts/notes.md", "# Notes\n\nPUBLICNOTES\n");
    write_file(
        &ws,
        "drafts/mixed.md",
        "# Mixed\n\n## Deal {.confidential}\n\nZZDRAFTZZ\n",
    );
    append_to_prd2(
        &ws,
        "The [draft](../drafts/PRD-9.md), [notes](../drafts/notes.md), [mixed](../drafts/mixed.md).",
    );
    let (out, output) = build_site(parent.path(), &ws, &[]);
    assert_eq!(leaks(&out, &output, "ZZDRAFTZZ"), Vec::<String>::new());
    assert!(out.join("files/drafts/notes.md").exists());
    let err = stderr(&output);
    assert!(err.contains("skipped `drafts/mixed.md`"), "{err}");
    assert!(
        err.contains(
            "skipped `drafts/PRD-9.md`: it is Markdown spex did not load as a document, and is confidential"
        ),
        "{err}"
    );
}

/// Review finding: `[log](../.git/logs/HEAD)` copied git's own files into the site, with
/// every commit subject and (through a pack) every confidential blob; a link into an
/// earlier `--include-confidential` build inside the workspace copied its pages.
#[test]
fn files_in_hidden_folders_and_built_sites_are_never_copied() {
    let (parent, ws) = basic_in_tempdir();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(&ws)
            .env("GIT_AUTHOR_NAME", "A")
            .env("GIT_AUTHOR_EMAIL", "a@example.com")
            .env("GIT_COMMITTER_NAME", "A")
            .env("GIT_COMMITTER_EMAIL", "a@example.com")
            .output()
            .expect("git runs");
        assert!(status.status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "First specs"]);
    write_file(&ws, ".private/plan.txt", "ZZHIDDENZZ");
    write_file(&ws, "_internal/.spex-manifest", "prd/PRD-1.html\n");
    write_file(&ws, "_internal/prd/PRD-1.html", "ZZBUILTZZ");
    append_to_prd2(
        &ws,
        "[log](../.git/logs/HEAD) [msg](../.git/COMMIT_EDITMSG) [plan](../.private/plan.txt) \
         [page](../_internal/prd/PRD-1.html)\n",
    );
    let (out, output) = build_site(parent.path(), &ws, &[]);
    for marker in ["ZZHIDDENZZ", "ZZBUILTZZ"] {
        assert_eq!(
            leaks(&out, &output, marker),
            Vec::<String>::new(),
            "{marker}"
        );
    }
    // The subject is public here (the commit touched public documents only): what
    // must not be there is any file of git's own.
    let copied: Vec<_> = walkdir::WalkDir::new(out.join("files"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().display().to_string())
        .collect();
    assert_eq!(copied, Vec::<String>::new(), "nothing is copied");
    let err = stderr(&output);
    assert!(err.contains("hidden folder"), "{err}");
    assert!(err.contains("a folder a site build wrote"), "{err}");
}

/// Review finding: HTML and SVG attachments with script were copied and served from the
/// site's own origin, where opening one could read every page; and Markdown by another
/// extension (`.mdown`) was copied raw, confidential front matter and all.
#[test]
fn attachments_that_could_run_script_or_hide_front_matter_are_not_copied() {
    let (parent, ws) = basic_in_tempdir();
    write_file(&ws, "prds/proto.html", "<p>ZZHTMLZZ</p>");
    write_file(
        &ws,
        "prds/evil.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>ZZSVGZZ</script></svg>",
    );
    write_file(
        &ws,
        "prds/handler.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"ZZONLOADZZ\"></svg>",
    );
    write_file(
        &ws,
        "prds/flow.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>Flow</text></svg>",
    );
    write_file(
        &ws,
        "prds/deal.mdown",
        "---\ntitle: Deal\nconfidential: true\n---\nZZMDOWNZZ\n",
    );
    append_to_prd2(
        &ws,
        "[p](proto.html) ![e](evil.svg) ![h](handler.svg) ![f](flow.svg) [d](deal.mdown)\n",
    );
    let (out, output) = build_site(parent.path(), &ws, &[]);
    for marker in ["ZZHTMLZZ", "ZZSVGZZ", "ZZONLOADZZ", "ZZMDOWNZZ"] {
        assert_eq!(
            leaks(&out, &output, marker),
            Vec::<String>::new(),
            "{marker}"
        );
    }
    assert!(
        out.join("files/prds/flow.svg").is_file(),
        "a clean SVG is copied"
    );
}

/// Review finding: `{.confidential}` in a form Markdown does not read as a class (a
/// closing `##`, a comment after it, no dot, a capital) published the section with no
/// warning at all. Now the section is hidden anyway and the heading reported.
#[test]
fn a_misspelt_confidential_tag_hides_the_section_and_is_reported() {
    let (parent, ws) = basic_in_tempdir();
    append_to_prd2(
        &ws,
        "## Terms A {.confidential} ##\n\nZZCLOSEDZZ\n\n\
         ## Terms B {.confidential} <!-- note -->\n\nZZCOMMENTZZ\n\n\
         ## Terms C {confidential}\n\nZZNODOTZZ\n\n\
         ## Terms D {.Confidential}\n\nZZCAPITALZZ\n\n## Public\n\nZZPUBLICZZ\n",
    );
    let (out, output) = build_site(parent.path(), &ws, &["--allow-errors"]);
    assert_unpublished(
        &out,
        &output,
        &["ZZCLOSEDZZ", "ZZCOMMENTZZ", "ZZNODOTZZ", "ZZCAPITALZZ"],
    );
    assert!(
        !leaks(&out, &output, "ZZPUBLICZZ").is_empty(),
        "public text stays"
    );
    let err = stderr(&output);
    assert_eq!(
        err.matches("asks for `{.confidential}` in a form Markdown does not read")
            .count(),
        4,
        "{err}"
    );
}

/// Review finding: front matter after a blank line (or under an HTML comment) was read
/// as Markdown, so a spec marked confidential was published whole with no diagnostic.
/// Fields after blank lines are now read (issue 13: `late-front-matter`, a warning), so
/// the document stays confidential; fields under a comment, or after blank lines but not
/// a mapping, fail closed with an error.
#[test]
fn front_matter_that_is_not_on_the_first_line_fails_closed_with_an_error() {
    let (parent, ws) = basic_in_tempdir();
    write_file(
        &ws,
        "prds/PRD-13-acq.md",
        "\n---\nid: PRD-13\ntitle: Acq plan\nowner: a\nconfidential: true\n---\nZZBLANKLINEZZ\n",
    );
    write_file(
        &ws,
        "prds/PRD-14-acq.md",
        "<!-- draft -->\n---\nid: PRD-14\ntitle: Acq two\nowner: a\nconfidential: true\n---\nZZCOMMENTEDZZ\n",
    );
    write_file(
        &ws,
        "prds/PRD-15-acq.md",
        "\n---\nZZNOTAMAPZZ: [open\n---\nZZNOTAMAPBODYZZ\n",
    );
    let check = run(&ws, &["check", "."]);
    let err = String::from_utf8_lossy(&check.stdout).to_string() + &stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{err}");
    assert!(
        err.contains("warning[late-front-matter]: front matter starts after 1 blank line"),
        "{err}"
    );
    assert!(
        err.contains("front matter must start on the first line"),
        "{err}"
    );
    assert!(
        err.contains("a `confidential:` line outside front matter"),
        "{err}"
    );
    let (out, output) = build_site(parent.path(), &ws, &["--allow-errors"]);
    assert_unpublished(
        &out,
        &output,
        &["ZZBLANKLINEZZ", "ZZCOMMENTEDZZ", "ZZNOTAMAPBODYZZ"],
    );
}

/// Review finding: "Referenced by" listed a document whose only mention sat inside its
/// `{.confidential}` section, telling readers that the hidden text exists and names this.
#[test]
fn a_mention_inside_a_hidden_section_is_no_backlink() {
    let (parent, ws) = basic_in_tempdir();
    write_file(
        &ws,
        "prds/PRD-3.md",
        "---\nid: PRD-3\ntitle: Returns\nstatus: draft\nowner: Cy Dunn\nobjectives: [OBJ-1]\n---\nReturns made easy.\n\n## Deal {.confidential}\nBuilt on [[PRD-1]].\n",
    );
    let (out, _) = build_site(parent.path(), &ws, &[]);
    let page = fs::read_to_string(out.join("prd/PRD-1.html")).expect("PRD-1 page");
    assert!(!page.contains("PRD-3"), "{page}");
    assert!(page.contains("PRD-2"), "the public mention stays");
}
