//! `spex check`: compile the workspace and report.

use std::process::ExitCode;
use std::time::Instant;

use super::args::{CheckArgs, Deny};
use super::workspace::{display_prefix, workspace_root};
use super::{Cli, report};
use crate::Result;
use crate::diag::plural;
use crate::load::FsTree;
use crate::render::templates::{BUILTIN, Templates};

pub fn run(cli: &Cli, args: &CheckArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let root = workspace_root(cli, args.path.as_deref());
    let prefix = display_prefix(&root);
    let loaded = crate::load_config(&root)?;
    if !loaded.diagnostics.is_empty() {
        report::print(
            cli,
            args.format,
            report::Stream::Stdout,
            &loaded.diagnostics,
            &loaded.files,
            &prefix,
            crate::config::CONFIG_FILE,
        );
        return Ok(ExitCode::from(2));
    }
    let mut compilation = crate::compile(&FsTree::new(&root), &loaded.config, loaded.files);
    check_templates(&root, &loaded.config, &mut compilation);
    if cli.verbose {
        eprintln!(
            "checked {} documents in {:.0?}",
            compilation.workspace.len(),
            started.elapsed()
        );
    }
    report::print(
        cli,
        args.format,
        report::Stream::Stdout,
        &compilation.diagnostics,
        &compilation.files,
        &prefix,
        &plural(compilation.workspace.len(), "document"),
    );
    Ok(report::exit_code(
        &compilation.diagnostics,
        args.deny == Some(Deny::Warnings),
    ))
}

/// A broken template override fails the build later; `check` reports it now, so pull
/// requests catch it too.
fn check_templates(
    root: &std::path::Path,
    config: &crate::config::Config,
    compilation: &mut crate::Compilation,
) {
    let (templates, mut diagnostics) = Templates::load(Some(root), BUILTIN);
    crate::validate::apply_levels(config, &mut diagnostics);
    compilation.diagnostics.extend(diagnostics);
    compilation.files.extend(templates.files);
}
