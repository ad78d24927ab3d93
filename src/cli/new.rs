//! `spex new KIND [TITLE]`: a new document with the next free ID, from the kind's
//! template, checked by the same typing as `spex check` before it is written. Prints only
//! the created path on stdout, for scripts, editors and agents.

use std::io::Write;
use std::process::ExitCode;

use super::args::NewArgs;
use super::create_file::create_new;
use super::report::{Outcome, Reporter, Stream};
use super::session::Session;
use super::{Cli, Format};
use crate::author::{NewDoc, plan_new_doc, starter_template, today};
use crate::config::KindSpec;
use crate::diag::{Severity, suggestion_help};
use crate::error::{Error, Result};

pub fn run(cli: &Cli, args: &NewArgs) -> Outcome {
    let session = Session::open(cli, None, None)?;
    let loaded = &session.config;
    let reporter = Reporter::for_session(cli, Format::Human, Stream::Stderr, &session);
    reporter.config_errors(loaded)?;
    let config = &loaded.config;
    let Some(kind) = find_kind(config, &args.kind) else {
        eprintln!("error: unknown kind `{}`", args.kind);
        let help = suggestion_help(&args.kind, config.kinds.keys().map(String::as_str))
            .unwrap_or_else(|| {
                let names: Vec<&str> = config.kinds.keys().map(String::as_str).collect();
                format!("the kinds here are {}", names.join(", "))
            });
        eprintln!("  = help: {help}");
        return Ok(ExitCode::from(2));
    };
    let fields = parse_fields(&args.fields)?;
    let owner = owner_for(&session, kind);
    let (template_name, template) = starter_template(session.template_root(), kind)?;
    let compilation = session.compile_without_history();
    let new = NewDoc {
        kind,
        title: args.title.as_deref(),
        id: args.id.as_deref(),
        fields: &fields,
        owner: owner.as_deref(),
        today: today(),
        template: (&template_name, &template),
    };
    let planned = match plan_new_doc(&compilation.workspace, &new) {
        Ok(planned) => planned,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };

    let shown = format!("{}{}", session.prefix, planned.path);
    if !planned.diagnostics.is_empty() {
        reporter.diagnostics(&planned.diagnostics, &planned.files, "the new document");
    }
    if planned
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        eprintln!("error: not creating `{shown}`: fix the values above");
        let owner_given = owner.is_some() || fields.iter().any(|(key, _)| key == "owner");
        if !owner_given && kind.fields.get("owner").is_some_and(|f| f.required) {
            eprintln!(
                "  = help: the owner comes from `git config user.name`; set it, or pass --field owner=NAME"
            );
        }
        return Ok(ExitCode::from(2));
    }
    let path = session.root.join(&planned.path);
    if path.exists() || path.symlink_metadata().is_ok() {
        eprintln!("error: `{shown}` exists; spex new never overwrites");
        return Ok(ExitCode::from(2));
    }
    if args.dry_run {
        if !cli.quiet {
            eprintln!("would create {shown}:");
        }
        let _ = std::io::stdout().lock().write_all(planned.text.as_bytes());
        return Ok(ExitCode::SUCCESS);
    }
    create_new(&path, &planned.text)?;
    let _ = writeln!(std::io::stdout().lock(), "{shown}");
    Ok(ExitCode::SUCCESS)
}

/// Who runs the command, for a kind with an `owner` field: `git config user.name` of the
/// workspace's repository, else of the user.
fn owner_for(session: &Session, kind: &KindSpec) -> Option<String> {
    if !kind.fields.contains_key("owner") {
        return None;
    }
    match &session.repo {
        Some(repo) => repo.user_name(),
        None => crate::git::global_user_name(),
    }
}

/// The kind by name, or by name in any case (`PRD`).
fn find_kind<'a>(config: &'a crate::config::Config, name: &str) -> Option<&'a KindSpec> {
    config.kind_in_any_case(name).map(|kind| &**kind)
}

/// `key=value` pairs, in order.
fn parse_fields(raw: &[String]) -> Result<Vec<(String, String)>> {
    raw.iter()
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => {
                Ok((key.trim().to_owned(), value.to_owned()))
            }
            _ => Err(Error::Usage(format!(
                "--field takes KEY=VALUE, found `{pair}`"
            ))),
        })
        .collect()
}
