//! The VS Code extension (`editors/vscode/`) packages into a `.vsix` with `@vscode/vsce`
//! (VS Code itself cannot run here): the package holds the extension, its manifest and
//! the language client it needs at run time. Skipped without `npm`, except under
//! `CI=true` (`.ci/run` installs it), where it fails instead.

use std::path::Path;
use std::process::Command;

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

#[test]
fn the_vscode_extension_packages_into_a_vsix_with_its_language_client() {
    let npm = Command::new("npm").arg("--version").output();
    if !npm.is_ok_and(|o| o.status.success()) {
        assert!(!in_ci(), "CI=true but no `npm` on PATH");
        eprintln!(
            "SKIPPED vscode packaging test: no `npm` on PATH; under CI=true it fails instead"
        );
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode");
    let out = Command::new(dir.join("package.sh")).output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let vsix = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    // A .vsix is a zip: list it with Python's zipfile (no zip crate needed).
    let listing = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
            &vsix,
        ])
        .output()
        .unwrap();
    assert!(listing.status.success(), "{listing:?}");
    let names = String::from_utf8(listing.stdout).unwrap();
    for wanted in [
        "extension/extension.js",
        "extension/package.json",
        "extension/node_modules/vscode-languageclient/lib/node/main.js",
        "extension.vsixmanifest",
    ] {
        assert!(
            names.lines().any(|n| n == wanted),
            "{wanted} not in {vsix}:\n{names}"
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("package.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["contributes"]["configuration"]["properties"]["spex.path"]["default"],
        "spex"
    );
    assert!(!names.contains(".gitignore"), "{names}");
    // What extension.js requires resolves (through the package's `exports`).
    let resolved = Command::new("node")
        .args(["-e", "require.resolve('vscode-languageclient/node')"])
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(resolved.success());
    std::fs::remove_file(&vsix).unwrap();
}
