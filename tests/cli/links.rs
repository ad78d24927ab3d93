//! Links and anchors as real repositories write them (issue 13 §9, §10, §12): the same
//! document checked and built by the real binary.

use std::fs;

use crate::support::TestWorkspace;

fn workspace(body: &str) -> TestWorkspace {
    TestWorkspace::new()
        .file("spex.yaml", "rules:\n  orphan: allow\n")
        .file(
            "prds/PRD-1.md",
            format!("---\nid: PRD-1\ntitle: Proofs\nowner: Ana\n---\n# Proofs\n\n{body}"),
        )
}

/// §9: `[[Groth16]](https://…)` was an unknown reference to `Groth16`.
#[test]
fn a_citation_is_a_link_not_an_id_reference() {
    let ws = workspace("We use [[Groth16]](https://eprint.iacr.org/2016/260) proofs.\n");
    let output = ws.run(["check", "--color", "never"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");
    let site = ws.join("site");
    let output = ws.run(["build", "--out", site.to_str().expect("UTF-8 path")]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let page = fs::read_to_string(site.join("prd/PRD-1.html")).expect("the PRD page");
    assert!(
        page.contains("We use <a href=\"https://eprint.iacr.org/2016/260\">[Groth16]</a> proofs"),
        "{page}"
    );
}

/// §10: `<a name="x">` and `id="x"` were reported as broken anchors.
#[test]
fn anchors_declared_in_raw_html_are_valid_link_targets() {
    let ws = workspace(
        "See [the rationale](#rationale) and [the table](#fees).\n\n<a name=\"rationale\"></a>\nWhy.\n\n<table id=\"fees\"><tr><td>1</td></tr></table>\n\nNot [this](#missing).\n",
    );
    let output = ws.run(["check", "--color", "never"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout.matches("error[broken-anchor]").count(),
        1,
        "{stdout}"
    );
    assert!(stdout.contains("has no heading `#missing`"), "{stdout}");
    // The site keeps both anchors, so the links work there too.
    let site = ws.join("site");
    let output = ws.run([
        "build",
        "--allow-errors",
        "--out",
        site.to_str().expect("UTF-8 path"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let page = fs::read_to_string(site.join("prd/PRD-1.html")).expect("the PRD page");
    assert!(page.contains("<a name=\"rationale\""), "{page}");
    assert!(page.contains("<table id=\"fees\">"), "{page}");
}

/// §12: `requires: ERC-165` suggested nothing useful, `EIP-198` suggested `EIP-158`.
#[test]
fn unknown_ids_suggest_prefix_variants_and_never_other_numbers() {
    let ws = TestWorkspace::new()
        .file(
            "spex.yaml",
            "kinds:\n  eip:\n    id: { field: eip, format: integer, pattern: \"EIP-{n}\" }\n    paths: [\"EIPS/**\"]\n    fields:\n      title: string\n      requires: { type: refs, kinds: [eip] }\n",
        )
        .file("EIPS/eip-158.md", "---\neip: 158\ntitle: A\n---\nA.\n")
        .file("EIPS/eip-165.md", "---\neip: 165\ntitle: B\n---\nB.\n")
        .file(
            "EIPS/eip-1.md",
            "---\neip: 1\ntitle: C\nrequires: ERC-165, EIP-198\n---\nC.\n",
        );
    let output = ws.run(["check", "--color", "never"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout.matches("error[unknown-reference]").count(),
        2,
        "{stdout}"
    );
    assert!(stdout.contains("did you mean `EIP-165`?"), "{stdout}");
    assert!(!stdout.contains("EIP-158`?"), "{stdout}");
}

/// §11: `./PRD-2` (no `.md`) gets a did-you-mean naming the file; with
/// `extensionless_links: true` it is a valid link and the site points it at the page.
#[test]
fn extensionless_links_get_a_specific_help_or_are_accepted_and_rewritten() {
    let ws = workspace("Builds on [the ledger](./PRD-2#design).\n").file(
        "prds/PRD-2.md",
        "---\nid: PRD-2\ntitle: Ledger\nowner: Ana\n---\n# Ledger\n\n## Design\n\nRows.\n",
    );
    let output = ws.run(["check", "--color", "never"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("error[broken-link]: `./PRD-2#design` does not exist"),
        "{stdout}"
    );
    assert!(
        stdout.contains("did you mean `./PRD-2.md#design`?"),
        "{stdout}"
    );

    ws.write(
        "spex.yaml",
        "rules:\n  orphan: allow\nextensionless_links: true\n",
    );
    let output = ws.run(["check", "--color", "never"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let site = ws.join("site");
    let output = ws.run(["build", "--out", site.to_str().expect("UTF-8 path")]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let page = fs::read_to_string(site.join("prd/PRD-1.html")).expect("the PRD page");
    assert!(page.contains("href=\"../prd/PRD-2.html#design\""), "{page}");
}

/// §12a: a `url` field is a link on the page, and with `site.repo_url` the page links to
/// its source file.
#[test]
fn url_fields_are_links_and_pages_link_to_their_source() {
    let ws = workspace("Body.\n");
    ws.write(
        "spex.yaml",
        "rules:\n  orphan: allow\nsite:\n  repo_url: https://github.com/acme/specs/blob/main\nkinds:\n  prd:\n    fields:\n      jira: url\n",
    );
    let text = std::fs::read_to_string(ws.join("prds/PRD-1.md")).expect("the PRD");
    ws.write(
        "prds/PRD-1.md",
        text.replace(
            "owner: Ana\n",
            "owner: Ana\njira: https://jira.example.com/browse/PAY-1\n",
        ),
    );
    let site = ws.join("site");
    let output = ws.run(["build", "--out", site.to_str().expect("UTF-8 path")]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let page = fs::read_to_string(site.join("prd/PRD-1.html")).expect("the PRD page");
    assert!(
        page.contains("<a href=\"https://jira.example.com/browse/PAY-1\" rel=\"noopener\">"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"https://github.com/acme/specs/blob/main/prds/PRD-1.md\" rel=\"noopener\"><code>prds/PRD-1.md</code></a>"),
        "{page}"
    );
}

/// §10a: with no `anchors:` in spex.yaml, a workspace whose `origin` remote is on
/// github.com (scp-like or https) matches fragments as GitHub does, says so under `-v`,
/// and the site points `#Proposal` at the id it gives `## Proposal`. Elsewhere, or with
/// `anchors: exact`, fragments stay exact.
#[test]
fn a_github_origin_makes_anchors_github_and_the_site_rewrites_them() {
    let ws = workspace(
        "Builds on [the ledger](./PRD-2.md#Proposal); see [why](#Motivation).\n\n## Motivation\n\nBecause.\n",
    )
    .file(
        "prds/PRD-2.md",
        "---\nid: PRD-2\ntitle: Ledger\nowner: Ana\n---\n# Ledger\n\n## Proposal\n\nRows.\n",
    );
    let broken = |ws: &TestWorkspace| {
        let output = ws.run(["check", "--color", "never"]);
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        stdout.matches("error[broken-anchor]").count()
    };
    // No repository: exact matching, both fragments are broken.
    assert_eq!(broken(&ws), 2);

    let repo = git2::Repository::init(ws.path()).expect("git init");
    repo.remote("origin", "https://gitlab.com/acme/specs.git")
        .expect("remote");
    assert_eq!(broken(&ws), 2, "an origin elsewhere changes nothing");

    for url in [
        "git@github.com:acme/specs.git",
        "https://github.com/acme/specs",
    ] {
        repo.remote_set_url("origin", url).expect("set url");
        let output = ws.run(["check", "--color", "never", "-v"]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{url}\n{stdout}\n{stderr}");
        assert!(
            stderr.contains(&format!(
                "anchors: github (the `origin` remote {url} is on github.com"
            )),
            "{stderr}"
        );
    }

    let site = ws.join("site");
    let output = ws.run(["build", "--out", site.to_str().expect("UTF-8 path")]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let page = fs::read_to_string(site.join("prd/PRD-1.html")).expect("the PRD page");
    assert!(
        page.contains("href=\"../prd/PRD-2.html#proposal\""),
        "{page}"
    );
    assert!(page.contains("href=\"#motivation\""), "{page}");
    assert!(page.contains("id=\"motivation\""), "{page}");

    let output = ws.run(["config"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(
            "anchors: github  # the `origin` remote https://github.com/acme/specs is on github.com"
        ),
        "{stdout}"
    );

    // spex.yaml has the last word.
    ws.write("spex.yaml", "rules:\n  orphan: allow\nanchors: exact\n");
    assert_eq!(broken(&ws), 2);
    let output = ws.run(["check", "-v"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("anchors: exact (`anchors: exact` in spex.yaml)"),
        "{stderr}"
    );
}
