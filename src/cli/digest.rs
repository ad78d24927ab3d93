//! `spex digest`: audience digests of the current state or of what changed since a
//! revision, as Markdown, HTML or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::args::{DigestArgs, DigestFormatArg};
use super::digest_out::{check_targets, names_folder, target, write_digest};
use super::report::{Outcome, Reporter, Stop, Stream};
use super::session::Session;
use super::{Cli, Format};
use crate::compiler::{Compilation, LoadedConfig};
use crate::config::{CONFIG_FILE, Config};
use crate::diag::{Diagnostic, Rule, Tally};
use crate::diag::{plural, suggestion_help};
use crate::diff::{CompareOptions, SemanticDiff, compare};
use crate::digest::links::{github_prefix, is_absolute_url, relative_prefix};
use crate::digest::render::{DigestFormat, load_templates, render};
use crate::digest::{DigestInput, DigestLinks, build_digest};
use crate::error::{Error, Result};
use crate::git::GitTree;
use crate::markup::templates::Templates;

pub fn run(cli: &Cli, args: &DigestArgs) -> Outcome {
    let session = Session::open(cli, args.path.as_deref(), args.rev.as_deref())?;
    let reporter = Reporter::for_session(cli, Format::Human, Stream::Stderr, &session);
    reporter.config_errors(&session.config)?;
    let config = &session.config.config;
    let plan = Plan::new(args, audiences(config, &args.audience)?, &session.root)?;

    let head = session.compile()?;
    let head_commit = head.workspace.history.as_ref().and_then(|h| h.head.clone());
    let diff = match &args.since {
        None => None,
        Some(since) => Some(changes_since(
            &session,
            &head,
            since,
            args.include_confidential,
        )?),
    };
    let templates = digest_templates(&reporter, &session)?;
    check_audience_templates(&reporter, &session.config, &plan.audiences, &templates)?;
    let input = DigestInput {
        ws: &head.workspace,
        diagnostics: &head.diagnostics,
        diff: diff.as_ref(),
        head: head_commit,
        links: DigestLinks {
            ws: &head.workspace,
            site: site_url(config),
            path_prefix: path_prefix(&session.root, &plan),
            include_confidential: args.include_confidential,
        },
        include_confidential: args.include_confidential,
        note: read_note(args.note.as_deref())?,
    };
    if plan.format.needs_absolute_links() && !input.links.are_absolute() {
        // Once per run, not per digest or per link.
        eprintln!(
            "warning: {} digests are read away from the workspace, where file links are dead: \
             they are left out (the text stays)\n  help: set `site.base_url` in spex.yaml to an absolute URL \
             such as `https://specs.example.com/` to link to the site",
            plan.format.name()
        );
    }
    plan.write(&reporter, cli.quiet, &templates, config, &input)
}

/// The text of `--note FILE`, trimmed; none without the option.
fn read_note(path: Option<&Path>) -> Result<Option<String>> {
    let Some(path) = path else { return Ok(None) };
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(Some(text.trim().to_owned()).filter(|t| !t.is_empty()))
}

/// The audiences `--audience` names: one, or `all` of them.
fn audiences(config: &Config, audience: &str) -> Result<Vec<String>> {
    if audience == "all" {
        return Ok(config.audiences.keys().cloned().collect());
    }
    if config.audiences.contains_key(audience) {
        return Ok(vec![audience.to_owned()]);
    }
    let names = config.audiences.keys().map(String::as_str);
    let help = suggestion_help(audience, names).unwrap_or_else(|| {
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
    Err(Error::Usage(format!(
        "unknown audience `{audience}`: {help}"
    )))
}

/// Which digests to write, in which format and where: decided, and the targets
/// checked, before anything is compiled.
struct Plan {
    audiences: Vec<String>,
    format: DigestFormat,
    out: Option<PathBuf>,
    /// `--out` is a folder with one file per audience.
    into_folder: bool,
    /// Several digests go to standard output together (Markdown with a separator,
    /// JSON as one array).
    together: bool,
}

impl Plan {
    fn new(args: &DigestArgs, audiences: Vec<String>, root: &Path) -> Result<Plan> {
        if let Some(out) = &args.out
            && audiences.len() == 1
            && !names_folder(out)
        {
            check_single_file_out(out, root, args.include_confidential)?;
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
            DigestFormatArg::Slack => DigestFormat::Slack,
            DigestFormatArg::Email => DigestFormat::Email,
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
            check_targets(out, into_folder, &targets, root)?;
        }
        // HTML pages and e-mails cannot share one stream.
        let together = audiences.len() > 1 && args.out.is_none();
        if together && matches!(format, DigestFormat::Html | DigestFormat::Email) {
            return Err(Error::Usage(format!(
                "{} digests are one file per audience: name a folder with --out, or pick one with --audience",
                format.name()
            )));
        }
        Ok(Plan {
            audiences,
            format,
            out: args.out.clone(),
            into_folder,
            together,
        })
    }

    /// Renders each audience's digest and writes it to its file or standard output.
    fn write(
        &self,
        reporter: &Reporter,
        quiet: bool,
        templates: &Templates,
        config: &Config,
        input: &DigestInput,
    ) -> Outcome {
        let mut json = Vec::new();
        let mut messages: Vec<serde_json::Value> = Vec::new();
        for (n, audience) in self.audiences.iter().enumerate() {
            let Some(digest) = build_digest(input, audience) else {
                continue;
            };
            if self.together && self.format == DigestFormat::Json {
                json.push(digest);
                continue;
            }
            let template = config
                .audiences
                .get(audience)
                .and_then(|a| a.template.as_deref());
            let text = match render(templates, &digest, self.format, template) {
                Ok(text) => text,
                Err(diagnostic) => {
                    reporter.diagnostics(&[*diagnostic], &templates.files, "the digest templates");
                    return Err(Stop::Exit(ExitCode::from(1)));
                }
            };
            if self.together && self.format == DigestFormat::Slack {
                // One message per audience, as one JSON array.
                messages.push(serde_json::from_str(&text).expect("spex wrote this JSON"));
                continue;
            }
            if self.together {
                // A rule between digests, and a comment naming each (unseen once rendered).
                if n > 0 {
                    println!("\n---\n");
                }
                println!("<!-- spex digest: {audience} -->");
            }
            match &self.out {
                None => print!("{text}"),
                Some(out) => {
                    let path = target(out, audience, self.format, self.into_folder);
                    write_digest(&path, &text)?;
                    if !quiet {
                        eprintln!("wrote the {audience} digest to {}", path.display());
                    }
                }
            }
        }
        if self.together && self.format == DigestFormat::Slack {
            // Plain data of strings and lists: serialization cannot fail.
            println!(
                "{}",
                serde_json::to_string_pretty(&messages).expect("messages serialize")
            );
        }
        if self.together && self.format == DigestFormat::Json {
            // Plain data of strings, numbers and lists: serialization cannot fail.
            println!(
                "{}",
                serde_json::to_string_pretty(&json).expect("digests serialize")
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// What changed since `since`, for the digests' "changes" part.
fn changes_since(
    session: &Session,
    head: &Compilation,
    since: &str,
    include_confidential: bool,
) -> Result<SemanticDiff> {
    let Some(repo) = &session.repo else {
        return Err(Error::Usage("--since needs a git repository".into()));
    };
    let base_tree = GitTree::at(repo, since)?;
    super::session::warn_incomplete_base(&base_tree, since);
    let base_config = session.config_for(&base_tree, since)?;
    let base = crate::Compiler::with_config(&base_tree, &base_config).compile();
    let mut diff = compare(
        &base.workspace,
        &base.diagnostics,
        &head.workspace,
        &head.diagnostics,
        CompareOptions {
            include_confidential,
        },
    );
    diff.base = Some(repo.resolve(since)?);
    let head_commit = head.workspace.history.as_ref().and_then(|h| h.head.clone());
    diff.head = head_commit.filter(|_| session.rev.is_some());
    Ok(diff)
}

/// The digest templates (built in, and the workspace's overrides); a broken override
/// is reported and stops the command.
fn digest_templates(reporter: &Reporter, session: &Session) -> Result<Templates, Stop> {
    let (templates, diagnostics) = load_templates(Some(session.template_root()));
    if diagnostics.is_empty() {
        return Ok(templates);
    }
    reporter.diagnostics(
        &diagnostics,
        &templates.files,
        &plural(diagnostics.len(), "template"),
    );
    Err(Stop::Exit(ExitCode::from(1)))
}

/// A `template:` in spex.yaml that names no template (`unknown-template`): a misspelt
/// name would otherwise silently fall back to the generic one. At the level spex.yaml
/// gives the rule; an error stops the command with exit code 2, as config errors do.
fn check_audience_templates(
    reporter: &Reporter,
    loaded: &LoadedConfig,
    audiences: &[String],
    templates: &Templates,
) -> Result<(), Stop> {
    let mut diagnostics: Vec<Diagnostic> = audiences
        .iter()
        .filter_map(|audience| {
            let t = loaded.config.audiences.get(audience)?.template.as_deref()?;
            let missing = !templates.has(&format!("{t}.md"));
            missing.then(|| {
                Diagnostic::new(
                    Rule::UnknownTemplate,
                    format!("the {audience} audience names template `{t}`, which does not exist"),
                    template_span(loaded, t),
                )
                .with_help(format!(
                    "add `templates/{t}.md` to the workspace, or remove `template:` to use the built-in one"
                ))
            })
        })
        .collect();
    reporter.apply_levels(&mut diagnostics);
    if diagnostics.is_empty() {
        return Ok(());
    }
    reporter.diagnostics(&diagnostics, &loaded.files, CONFIG_FILE);
    if Tally::of(&diagnostics).errors > 0 {
        return Err(Stop::Exit(ExitCode::from(2)));
    }
    Ok(())
}

/// The site the digests link to: `site.base_url` when it is an absolute URL (a
/// digest is read in e-mail or chat, far from the site folder).
fn site_url(config: &Config) -> Option<&str> {
    let base_url = &config.site.base_url;
    let site = (base_url != "/" && is_absolute_url(base_url)).then_some(base_url.as_str());
    if base_url != "/" && site.is_none() {
        eprintln!(
            "warning: site.base_url `{base_url}` is not an absolute URL, so digests link to files instead: \
             links in e-mailed or posted digests need one such as `https://specs.example.com/`"
        );
    }
    site
}

/// File links work from where the digest is read: on GitHub in Actions, else from the
/// folder it is written to (the workspace root for standard output).
fn path_prefix(root: &Path, plan: &Plan) -> String {
    github_prefix(root, |k| std::env::var(k).ok()).unwrap_or_else(|| {
        let out_dir = plan.out.as_deref().map(|out| {
            if plan.into_folder {
                out
            } else {
                out.parent().unwrap_or(Path::new("."))
            }
        });
        relative_prefix(root, out_dir)
    })
}

/// A single Markdown digest with confidential content is refused inside the workspace.
/// spex lists it in its folder's marker and never reads it, but a loose file beside the
/// specs is one `git add .` away from being committed with them, so the help points
/// out of the workspace, not at a folder inside it.
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
        "refusing to write `{}` with confidential content: it is inside the workspace, beside the specs it would be committed and published with\n  help: write it outside the workspace (`--out ../digest.md`), or into a folder git ignores",
        out.display()
    )))
}

/// Where spex.yaml names a template, for the diagnostic (the file start if not found).
fn template_span(loaded: &LoadedConfig, template: &str) -> crate::diag::Span {
    let file = CONFIG_FILE;
    let text = loaded.files.text(file).unwrap_or_default();
    let start = text.find(template).unwrap_or(0);
    crate::diag::Span {
        file: file.to_owned(),
        range: start..start + if start == 0 { 0 } else { template.len() },
    }
}
