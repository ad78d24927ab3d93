//! `spex digest`: audience digests of the current state or of what changed since a
//! revision, as Markdown, HTML or JSON.

use std::process::ExitCode;

use super::args::{DigestArgs, DigestFormatArg};
use super::report::{self, Stream};
use super::session::Session;
use super::{Cli, Format};
use crate::diag::{plural, suggestion_help};
use crate::diff::{CompareOptions, compare};
use crate::digest::render::{DigestFormat, load_templates, render};
use crate::digest::{DigestInput, DigestLinks, build_digest};
use crate::error::{Error, Result};
use crate::git::GitTree;

pub fn run(cli: &Cli, args: &DigestArgs) -> Result<ExitCode> {
    let session = Session::open(cli, args.path.as_deref(), args.rev.as_deref())?;
    let loaded = &session.config;
    if !loaded.diagnostics.is_empty() {
        report::print(
            cli,
            Format::Human,
            Stream::Stderr,
            &loaded.diagnostics,
            &loaded.files,
            &session.prefix,
            crate::config::CONFIG_FILE,
        );
        return Ok(ExitCode::from(2));
    }
    let config = &loaded.config;
    let audiences: Vec<String> = if args.audience == "all" {
        config.audiences.keys().cloned().collect()
    } else if config.audiences.contains_key(&args.audience) {
        vec![args.audience.clone()]
    } else {
        let names = config.audiences.keys().map(String::as_str);
        let help = suggestion_help(&args.audience, names).unwrap_or_else(|| {
            format!(
                "audiences: {}, or all",
                config
                    .audiences
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        return Err(Error::Usage(format!(
            "unknown audience `{}`: {help}",
            args.audience
        )));
    };
    if audiences.len() > 1 && args.out.is_none() {
        return Err(Error::Usage(
            "--audience all writes one file per audience: name a folder with --out".into(),
        ));
    }

    let head = session.compile()?;
    let head_commit = head.workspace.history.as_ref().and_then(|h| h.head.clone());
    let diff = match &args.since {
        None => None,
        Some(since) => {
            let Some(repo) = &session.repo else {
                return Err(Error::Usage("--since needs a git repository".into()));
            };
            let base_tree = GitTree::at(repo, since)?;
            let base_config = crate::load_config(&base_tree)?;
            let base = crate::compile(&base_tree, &base_config.config, base_config.files, None);
            let mut diff = compare(
                &base.workspace,
                &base.diagnostics,
                &head.workspace,
                &head.diagnostics,
                CompareOptions {
                    include_confidential: args.include_confidential,
                },
            );
            diff.base = Some(repo.resolve(since)?);
            diff.head = head_commit.clone().filter(|_| session.rev.is_some());
            Some(diff)
        }
    };

    let (templates, template_diagnostics) = load_templates(Some(session.template_root()));
    if !template_diagnostics.is_empty() {
        report::print(
            cli,
            Format::Human,
            Stream::Stderr,
            &template_diagnostics,
            &templates.files,
            &session.prefix,
            &plural(template_diagnostics.len(), "template"),
        );
        return Ok(ExitCode::from(1));
    }
    let base_url = &config.site.base_url;
    let input = DigestInput {
        ws: &head.workspace,
        diagnostics: &head.diagnostics,
        diff: diff.as_ref(),
        head: head_commit,
        links: DigestLinks {
            ws: &head.workspace,
            site: (base_url != "/").then_some(base_url.as_str()),
            path_prefix: &session.prefix,
            include_confidential: args.include_confidential,
        },
        include_confidential: args.include_confidential,
    };
    let format = match args.format {
        DigestFormatArg::Markdown => DigestFormat::Markdown,
        DigestFormatArg::Html => DigestFormat::Html,
        DigestFormatArg::Json => DigestFormat::Json,
    };
    for audience in &audiences {
        let Some(digest) = build_digest(&input, audience) else {
            continue;
        };
        let template = config
            .audiences
            .get(audience)
            .and_then(|a| a.template.as_deref());
        let text = match render(&templates, &digest, format, template) {
            Ok(text) => text,
            Err(diagnostic) => {
                report::print(
                    cli,
                    Format::Human,
                    Stream::Stderr,
                    &[*diagnostic],
                    &templates.files,
                    &session.prefix,
                    "the digest templates",
                );
                return Ok(ExitCode::from(1));
            }
        };
        write_output(
            args,
            audience,
            format,
            &text,
            audiences.len() > 1,
            cli.quiet,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Stdout, the `--out` file, or `<out>/digest-<audience>.<ext>` for several audiences.
fn write_output(
    args: &DigestArgs,
    audience: &str,
    format: DigestFormat,
    text: &str,
    several: bool,
    quiet: bool,
) -> Result<()> {
    let Some(out) = &args.out else {
        print!("{text}");
        return Ok(());
    };
    let path = if several || out.is_dir() {
        out.join(format!("digest-{audience}.{}", format.extension()))
    } else {
        out.clone()
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(&path, text).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    if !quiet {
        eprintln!("wrote the {audience} digest to {}", path.display());
    }
    Ok(())
}
