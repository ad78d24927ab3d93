//! `spex digest`: audience digests of the current state or of what changed since a
//! revision, as Markdown, HTML or JSON.

use std::path::Path;
use std::process::ExitCode;

use super::args::{DigestArgs, DigestFormatArg};
use super::digest_out::{check_targets, names_folder, target, write_digest};
use super::report::{self, Stream};
use super::session::Session;
use super::{Cli, Format};
use crate::diag::{Diagnostic, Rule};
use crate::diag::{plural, suggestion_help};
use crate::diff::{CompareOptions, compare};
use crate::digest::links::{github_prefix, is_absolute_url, relative_prefix};
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
    if let Some(out) = &args.out
        && audiences.len() == 1
        && !names_folder(out)
    {
        check_single_file_out(out, &session.root, args.include_confidential)?;
    }
    if let Some(out) = &args.out
        && audiences.len() > 1
        && !names_folder(out)
        && out.extension().is_some()
    {
        // `--out digest.md` with several audiences would become a folder of that name.
        return Err(Error::Usage(format!(
            "`--out {}` names a file, but `--audience {}` writes one digest per audience\n  help: give a folder (`--out digests/`), or one audience",
            out.display(),
            args.audience
        )));
    }
    let format = match args.format {
        DigestFormatArg::Markdown => DigestFormat::Markdown,
        DigestFormatArg::Html => DigestFormat::Html,
        DigestFormatArg::Json => DigestFormat::Json,
    };
    let into_folder = args
        .out
        .as_deref()
        .is_some_and(|out| audiences.len() > 1 || names_folder(out));
    if let Some(out) = &args.out {
        let targets: Vec<_> = audiences
            .iter()
            .map(|audience| target(out, audience, format, into_folder))
            .collect();
        check_targets(out, into_folder, &targets, &session.root)?;
    }
    // Several digests without --out go to standard output together (Markdown with a
    // separator, JSON as one array); HTML pages cannot share one stream.
    let together = audiences.len() > 1 && args.out.is_none();
    if together && args.format == DigestFormatArg::Html {
        return Err(Error::Usage(
            "HTML digests are one page per audience: name a folder with --out, or pick one with --audience"
                .into(),
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
            super::session::warn_incomplete_base(&base_tree, since);
            let base_config = crate::load_config(&base_tree)?;
            let base = crate::Compiler::with_config(&base_tree, &base_config).compile();
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
    for audience in &audiences {
        let template = config
            .audiences
            .get(audience)
            .and_then(|a| a.template.as_deref());
        if let Some(t) = template.filter(|t| !templates.has(&format!("{t}.md"))) {
            // A misspelt template name would otherwise silently fall back to the generic one.
            let mut diagnostic = Diagnostic::new(
                Rule::UnknownTemplate,
                format!("the {audience} audience names template `{t}`, which does not exist"),
                template_span(loaded, t),
            )
            .with_help(format!(
                "add `templates/{t}.md` to the workspace, or remove `template:` to use the built-in one"
            ));
            diagnostic.severity = crate::diag::Severity::Error;
            report::print(
                cli,
                Format::Human,
                Stream::Stderr,
                &[diagnostic],
                &loaded.files,
                &session.prefix,
                crate::config::CONFIG_FILE,
            );
            return Ok(ExitCode::from(2));
        }
    }
    let base_url = &config.site.base_url;
    let site = (base_url != "/" && is_absolute_url(base_url)).then_some(base_url.as_str());
    if base_url != "/" && site.is_none() {
        eprintln!(
            "warning: site.base_url `{base_url}` is not an absolute URL, so digests link to files instead: \
             links in e-mailed or posted digests need one such as `https://specs.example.com/`"
        );
    }
    // File links work from where the digest is read: on GitHub in Actions, else from
    // the folder it is written to (the workspace root for standard output).
    let path_prefix =
        github_prefix(&session.root, |k| std::env::var(k).ok()).unwrap_or_else(|| {
            let out_dir = args.out.as_deref().map(|out| {
                if audiences.len() > 1 || names_folder(out) {
                    out
                } else {
                    out.parent().unwrap_or(std::path::Path::new("."))
                }
            });
            relative_prefix(&session.root, out_dir)
        });
    let input = DigestInput {
        ws: &head.workspace,
        diagnostics: &head.diagnostics,
        diff: diff.as_ref(),
        head: head_commit,
        links: DigestLinks {
            ws: &head.workspace,
            site,
            path_prefix,
            include_confidential: args.include_confidential,
        },
        include_confidential: args.include_confidential,
    };
    let mut json = Vec::new();
    for (n, audience) in audiences.iter().enumerate() {
        let Some(digest) = build_digest(&input, audience) else {
            continue;
        };
        if together && format == DigestFormat::Json {
            json.push(digest);
            continue;
        }
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
        if together {
            // A rule between digests, and a comment naming each (unseen once rendered).
            if n > 0 {
                println!("\n---\n");
            }
            println!("<!-- spex digest: {audience} -->");
        }
        match &args.out {
            None => print!("{text}"),
            Some(out) => {
                let path = target(out, audience, format, into_folder);
                write_digest(&path, &text)?;
                if !cli.quiet {
                    eprintln!("wrote the {audience} digest to {}", path.display());
                }
            }
        }
    }
    if together && format == DigestFormat::Json {
        // Plain data of strings, numbers and lists: serialization cannot fail.
        println!(
            "{}",
            serde_json::to_string_pretty(&json).expect("digests serialize")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A single Markdown digest with confidential content is refused inside the workspace.
/// spex lists it in its folder's marker and never reads it, but a loose file beside the
/// specs is one `git add .` away from being committed with them; a folder of digests
/// (`--out digests/`) is easy to keep out of the repository.
fn check_single_file_out(out: &Path, root: &Path, include_confidential: bool) -> Result<()> {
    let is_markdown = crate::load::is_markdown(&out.to_string_lossy());
    let absolute = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let parent = absolute
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .unwrap_or_else(|| absolute.clone());
    if !include_confidential || !is_markdown || !parent.starts_with(&root) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "refusing to write `{}` with confidential content: it is inside the workspace, beside the specs it would be committed and published with\n  help: write it outside the workspace, or give a folder (`--out digests/`)",
        out.display()
    )))
}

/// Where spex.yaml names a template, for the diagnostic (the file start if not found).
fn template_span(loaded: &crate::LoadedConfig, template: &str) -> crate::diag::Span {
    let file = crate::config::CONFIG_FILE;
    let text = loaded.files.text(file).unwrap_or_default();
    let start = text.find(template).unwrap_or(0);
    crate::diag::Span {
        file: file.to_owned(),
        range: start..start + if start == 0 { 0 } else { template.len() },
    }
}
