//! Template overrides keep their public names: a workspace's `templates/<name>` replaces
//! the built-in `<name>`, whichever folder of spex's own `templates/` it is embedded from.

use crate::support::{TestWorkspace, repo_root};

#[test]
fn workspace_templates_override_site_and_digest_built_ins_by_their_names() {
    let workspace = TestWorkspace::copy_of(&repo_root().join("tests/sites/basic"))
        .file(
            "templates/doc.html",
            "{% extends \"builtin/doc.html\" %}{% block main %}OVERRIDDEN-DOC {{ super() }}{% endblock main %}",
        )
        .file("templates/digest-sales.md", "# OVERRIDDEN-SALES {{ d.audience }}\n");
    let out = tempfile::tempdir().expect("dir");
    let out_arg = out.path().join("site");
    let build = workspace.run(["build", "--out", out_arg.to_str().expect("UTF-8 path")]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let page = std::fs::read_to_string(out_arg.join("prd/PRD-1.html")).expect("PRD-1 page");
    assert!(
        page.contains("OVERRIDDEN-DOC"),
        "doc.html was not overridden"
    );

    let digest = workspace.run(["digest", "--audience", "sales"]);
    let stdout = String::from_utf8_lossy(&digest.stdout);
    assert!(
        stdout.contains("# OVERRIDDEN-SALES sales"),
        "digest-sales.md was not overridden: {stdout}{}",
        String::from_utf8_lossy(&digest.stderr)
    );
}
