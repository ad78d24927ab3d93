//! `spex diff [BASE..HEAD]`: what changed between two versions of the workspace.

use std::path::Path;
use std::process::ExitCode;

use super::args::{DiffArgs, DiffFormat};
use super::report::{Outcome, Reporter, Stream};
use super::session::Session;
use super::{Cli, Format};
use crate::audience::Visibility;
use crate::diff::render::{self, Links};
use crate::diff::{CompareOptions, compare};
use crate::error::Error;
use crate::git::GitTree;
use crate::shown_commits::ShownCommits;

pub fn run(cli: &Cli, args: &DiffArgs) -> Outcome {
    let (range, path) = positionals(args);
    let range = parse_range(range);
    let head = Session::open(cli, path, range.head.as_deref())?;
    let Some(repo) = &head.repo else {
        return Err(Error::Usage("spex diff needs a git repository".into()).into());
    };
    let base_rev = match &range.base {
        Start::DefaultBranch => repo.default_base()?,
        Start::Rev(rev) => rev.clone(),
        Start::MergeBase(rev) => repo.merge_base(rev, range.head.as_deref().unwrap_or("HEAD"))?,
    };
    Reporter::for_session(cli, Format::Human, Stream::Stderr, &head).config_errors(&head.config)?;
    let head_compiled = head.compile()?;
    let base_tree = GitTree::at(repo, &base_rev)?;
    super::session::warn_incomplete_base(&base_tree, &base_rev);
    let base_config = head.config_for(&base_tree, &base_rev)?;
    let base_compiled = crate::Compiler::with_config(&base_tree, &base_config).compile();

    let mut diff = compare(
        &base_compiled.workspace,
        &base_compiled.diagnostics,
        &head_compiled.workspace,
        &head_compiled.diagnostics,
        CompareOptions {
            include_confidential: args.include_confidential,
        },
    );
    // Commits that touched a confidential document are named without their subject.
    let visibility = Visibility {
        include_confidential: args.include_confidential,
    };
    let commits = ShownCommits::new(&head_compiled.workspace, &visibility);
    diff.base = Some(commits.show(&repo.resolve(&base_rev)?));
    diff.head = range
        .head
        .as_deref()
        .map(|rev| repo.resolve(rev))
        .transpose()?
        .map(|c| commits.show(&c));

    let site = &head.config.config.site.base_url;
    let site_url = site.starts_with("http").then_some(site.as_str());
    let head_commit = diff.head.as_ref().map(|c| c.id.as_str());
    let blob_url = blob_url(head_commit, |name| std::env::var(name).ok());
    let links = Links {
        site_url,
        blob_url: blob_url.as_deref(),
        path_prefix: repo.workspace_prefix(),
    };
    let text = match args.format {
        DiffFormat::Human => render::human(&diff),
        DiffFormat::Markdown => render::markdown(&diff, &links),
        DiffFormat::Json => render::json(&diff),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// The range and the workspace folder from `spex diff [RANGE] [PATH]`: like every other
/// command, diff takes the workspace positionally. A lone argument that names an existing
/// folder and no range (`..`) is the workspace, compared from the default base.
fn positionals(args: &DiffArgs) -> (Option<&str>, Option<&Path>) {
    let path = args.folder.as_deref().or(args.path.as_deref());
    match args.range.as_deref() {
        Some(lone) if path.is_none() && !lone.contains("..") && Path::new(lone).is_dir() => {
            (None, Some(Path::new(lone)))
        }
        range => (range, path),
    }
}

/// What a range names, read as git reads it.
#[derive(Debug, PartialEq, Eq)]
struct Range {
    base: Start,
    /// `None` is the work tree.
    head: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
enum Start {
    /// The merge base of HEAD and the default branch.
    DefaultBranch,
    Rev(String),
    /// The merge base of this revision and the head (`A...B`).
    MergeBase(String),
}

/// `A..B` is A to B, and a missing side is HEAD (`A..`, `..B`); `A...B` starts at the
/// merge base of A and B; a lone `A` compares A with the work tree, like `git diff A`.
fn parse_range(range: Option<&str>) -> Range {
    let or_head = |rev: &str| {
        if rev.is_empty() {
            "HEAD".to_owned()
        } else {
            rev.to_owned()
        }
    };
    let Some(range) = range else {
        return Range {
            base: Start::DefaultBranch,
            head: None,
        };
    };
    if let Some((base, head)) = range.split_once("...") {
        return Range {
            base: Start::MergeBase(or_head(base)),
            head: Some(or_head(head)),
        };
    }
    match range.split_once("..") {
        Some((base, head)) => Range {
            base: Start::Rev(or_head(base)),
            head: Some(or_head(head)),
        },
        None => Range {
            base: Start::Rev(range.to_owned()),
            head: None,
        },
    }
}

/// Links to the files on GitHub when run in GitHub Actions (`GITHUB_SERVER_URL`,
/// `GITHUB_REPOSITORY`, and the head commit, else `GITHUB_SHA`, else `GITHUB_HEAD_REF`):
/// a pull-request comment cannot resolve a path relative to the repository.
fn blob_url(head_commit: Option<&str>, env: impl Fn(&str) -> Option<String>) -> Option<String> {
    let env = |name: &str| env(name).filter(|v| !v.is_empty());
    let server = env("GITHUB_SERVER_URL")?;
    let repository = env("GITHUB_REPOSITORY")?;
    let commit = head_commit
        .map(str::to_owned)
        .or_else(|| env("GITHUB_SHA"))
        .or_else(|| env("GITHUB_HEAD_REF"))?;
    Some(format!(
        "{}/{repository}/blob/{commit}/",
        server.trim_end_matches('/')
    ))
}

#[cfg(test)]
mod tests {
    use super::{Range, Start, blob_url, parse_range};

    fn range(base: Start, head: Option<&str>) -> Range {
        Range {
            base,
            head: head.map(str::to_owned),
        }
    }

    #[test]
    fn ranges_read_as_git_reads_them() {
        let rev = |r: &str| Start::Rev(r.into());
        assert_eq!(parse_range(None), range(Start::DefaultBranch, None));
        assert_eq!(parse_range(Some("main")), range(rev("main"), None));
        assert_eq!(parse_range(Some("a..b")), range(rev("a"), Some("b")));
        assert_eq!(parse_range(Some("a..")), range(rev("a"), Some("HEAD")));
        assert_eq!(parse_range(Some("..b")), range(rev("HEAD"), Some("b")));
        assert_eq!(
            parse_range(Some("a...b")),
            range(Start::MergeBase("a".into()), Some("b"))
        );
        assert_eq!(
            parse_range(Some("a...")),
            range(Start::MergeBase("a".into()), Some("HEAD"))
        );
    }

    #[test]
    fn links_go_to_github_blobs_inside_github_actions() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let actions = env(&[
            ("GITHUB_SERVER_URL", "https://github.com"),
            ("GITHUB_REPOSITORY", "acme/specs"),
            ("GITHUB_SHA", "abc123"),
            ("GITHUB_HEAD_REF", "feature"),
        ]);
        assert_eq!(
            blob_url(None, actions).as_deref(),
            Some("https://github.com/acme/specs/blob/abc123/")
        );
        assert_eq!(
            blob_url(Some("def456"), actions).as_deref(),
            Some("https://github.com/acme/specs/blob/def456/"),
            "an explicit head revision wins"
        );
        let branch_only = env(&[
            ("GITHUB_SERVER_URL", "https://github.com/"),
            ("GITHUB_REPOSITORY", "acme/specs"),
            ("GITHUB_HEAD_REF", "feature"),
        ]);
        assert_eq!(
            blob_url(None, branch_only).as_deref(),
            Some("https://github.com/acme/specs/blob/feature/")
        );
        assert_eq!(blob_url(None, env(&[("GITHUB_SHA", "abc")])), None);
    }
}
