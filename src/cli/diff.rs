//! `spex diff [BASE..HEAD]`: what changed between two versions of the workspace.

use std::process::ExitCode;

use super::Cli;
use super::args::{DiffArgs, DiffFormat};
use super::session::Session;
use crate::diff::render::{self, Links};
use crate::diff::{CompareOptions, compare};
use crate::error::{Error, Result};
use crate::git::GitTree;

pub fn run(cli: &Cli, args: &DiffArgs) -> Result<ExitCode> {
    // The head: a revision (`A..B`) or the work tree (`A`, or nothing).
    let (base_rev, head_rev) = match args.range.as_deref() {
        Some(range) => match range.split_once("..") {
            Some((base, head)) => (
                Some(base.to_owned()),
                Some(head.to_owned()).filter(|h| !h.is_empty()),
            ),
            None => (Some(range.to_owned()), None),
        },
        None => (None, None),
    };
    let head = Session::open(cli, args.path.as_deref(), head_rev.as_deref())?;
    let Some(repo) = &head.repo else {
        return Err(Error::Usage("spex diff needs a git repository".into()));
    };
    let base_rev = match base_rev {
        Some(rev) => rev,
        None => repo.default_base()?,
    };
    if !head.config.diagnostics.is_empty() {
        return Err(Error::Usage(
            "spex.yaml has errors; run `spex check` to see them".into(),
        ));
    }
    let head_compiled = head.compile()?;
    let base_tree = GitTree::at(repo, &base_rev)?;
    let base_config = crate::load_config(&base_tree)?;
    let base_compiled = crate::compile(&base_tree, &base_config.config, base_config.files, None);

    let mut diff = compare(
        &base_compiled.workspace,
        &base_compiled.diagnostics,
        &head_compiled.workspace,
        &head_compiled.diagnostics,
        CompareOptions {
            include_confidential: args.include_confidential,
        },
    );
    diff.base = Some(repo.resolve(&base_rev)?);
    diff.head = head_rev
        .as_deref()
        .map(|rev| repo.resolve(rev))
        .transpose()?;

    let site = &head.config.config.site.base_url;
    let links = Links {
        site_url: site.starts_with("http").then_some(site.as_str()),
        path_prefix: &head.prefix,
    };
    let text = match args.format {
        DiffFormat::Human => render::human(&diff),
        DiffFormat::Markdown => render::markdown(&diff, &links),
        DiffFormat::Json => render::json(&diff),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
