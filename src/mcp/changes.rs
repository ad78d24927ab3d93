//! The tools about change over time: `diff` (the semantic diff between two revisions, or
//! a revision and the work tree, as `spex diff --format json` gives it) and `digest` (an
//! audience's digest, optionally of what changed since a revision, as `spex digest`
//! writes it). In: the live workspace and the revisions. Out: JSON, or Markdown in JSON.
//! Both show what the server's reader may see, as their commands do; a server started
//! for one audience gives only that audience's digest, and no diff (a diff is written
//! for anyone who may read the site, across every audience's sections).

use serde_json::json;

use super::answers::Answer;
use super::live::{LiveWorkspace, error_text};
use super::viewer::Viewer;
use crate::audience::Visibility;
use crate::compiler::Compilation;
use crate::diag::suggestion_help;
use crate::diff::{CompareOptions, SemanticDiff, compare};
use crate::digest::links::is_absolute_url;
use crate::digest::render::{DigestFormat, load_templates, render};
use crate::digest::{DigestInput, DigestLinks, build_digest};
use crate::shown_commits::ShownCommits;

/// `diff`: what changed from `base` to `head` (a revision, or the work tree when `None`).
pub fn diff(live: &mut LiveWorkspace, viewer: &Viewer, base: &str, head: Option<&str>) -> Answer {
    if let Some(audience) = viewer.audience() {
        return Err(format!(
            "this server answers for the audience `{audience}`, and a diff shows every audience's changes: call `digest` with `since` for what changed as {audience} sees it"
        ));
    }
    let visibility = Visibility {
        include_confidential: viewer.include_confidential,
    };
    let base_compiled = live.at_revision(base)?;
    let head_compiled = head.map(|rev| live.at_revision(rev)).transpose()?;
    let repo = live.repo()?;
    let resolve = |rev: &str| repo.resolve(rev).map_err(|e| error_text(&e));
    let base_commit = resolve(base)?;
    let head_commit = head.map(resolve).transpose()?;
    let work_tree = live.fresh();
    let mut diff = semantic_diff(
        &base_compiled,
        head_compiled.as_ref().unwrap_or(work_tree),
        visibility,
    );
    // Commits that touched a document the agent may not see are named without subject.
    let commits = ShownCommits::new(&work_tree.workspace, &visibility);
    diff.base = Some(commits.show(&base_commit));
    diff.head = head_commit.map(|c| commits.show(&c));
    serde_json::to_value(&diff).map_err(|e| format!("internal: the diff is not JSON: {e}"))
}

fn semantic_diff(base: &Compilation, head: &Compilation, visibility: Visibility) -> SemanticDiff {
    compare(
        &base.workspace,
        &base.diagnostics,
        &head.workspace,
        &head.diagnostics,
        CompareOptions {
            include_confidential: visibility.include_confidential,
        },
    )
}

/// How `digest` answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DigestShape {
    /// The digest as its Markdown (the text posted to chat or e-mail).
    #[default]
    Markdown,
    /// The digest's data, as `spex digest --format json` gives it.
    Json,
}

/// `digest`: `audience`'s digest of the workspace now, with what changed since `since`.
pub fn digest(
    live: &mut LiveWorkspace,
    viewer: &Viewer,
    audience: &str,
    since: Option<&str>,
    shape: DigestShape,
) -> Answer {
    if let Some(own) = viewer.audience().filter(|own| *own != audience) {
        return Err(format!(
            "this server answers for the audience `{own}` only: ask for its digest"
        ));
    }
    let visibility = Visibility {
        include_confidential: viewer.include_confidential,
    };
    let base = since.map(|rev| live.at_revision(rev)).transpose()?;
    let since_commit = match since {
        Some(rev) => Some(live.repo()?.resolve(rev).map_err(|e| error_text(&e))?),
        None => None,
    };
    let root = live.root().to_path_buf();
    let head = live.fresh();
    let config = &head.workspace.config;
    if !config.audiences.contains_key(audience) {
        let names = config.audiences.keys().map(String::as_str);
        let help = suggestion_help(audience, names.clone()).unwrap_or_else(|| {
            format!(
                "the audiences here are {}",
                names.collect::<Vec<_>>().join(", ")
            )
        });
        return Err(format!("unknown audience `{audience}`; {help}"));
    }
    let diff = base.as_ref().map(|base| {
        let mut diff = semantic_diff(base, head, visibility);
        diff.base = since_commit;
        diff
    });
    let base_url = config.site.base_url.as_str();
    let input = DigestInput {
        ws: &head.workspace,
        diagnostics: &head.diagnostics,
        diff: diff.as_ref(),
        head: head.workspace.history.as_ref().and_then(|h| h.head.clone()),
        links: DigestLinks {
            ws: &head.workspace,
            site: is_absolute_url(base_url).then_some(base_url),
            // Workspace-relative file links: the agent reads files by those paths.
            path_prefix: String::new(),
            include_confidential: visibility.include_confidential,
        },
        include_confidential: visibility.include_confidential,
        // `--note FILE` is a human's summary for one send; an agent's digest has none.
        note: None,
    };
    let digest =
        build_digest(&input, audience).ok_or_else(|| format!("unknown audience `{audience}`"))?;
    let format = match shape {
        DigestShape::Markdown => DigestFormat::Markdown,
        DigestShape::Json => return serde_json::to_value(&digest).map_err(|e| e.to_string()),
    };
    let (templates, problems) = load_templates(Some(&root));
    if let Some(problem) = problems.first() {
        return Err(format!(
            "the workspace's digest templates do not compile: {}",
            problem.message
        ));
    }
    let template = config.audiences[audience].template.as_deref();
    let markdown = render(&templates, &digest, format, template)
        .map_err(|d| format!("the {audience} digest does not render: {}", d.message))?;
    Ok(json!({ "audience": audience, "since": since, "markdown": markdown }))
}
