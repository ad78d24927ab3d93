//! `spex check`: compile the workspace and report.

use std::process::ExitCode;
use std::time::Instant;

use super::args::{CheckArgs, Deny};
use super::workspace::{display_prefix, workspace_root};
use super::{Cli, report};
use crate::Result;
use crate::load::FsTree;

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
            0,
        );
        return Ok(ExitCode::from(2));
    }
    let compilation = crate::compile(&FsTree::new(&root), &loaded.config, loaded.files);
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
        compilation.workspace.len(),
    );
    Ok(report::exit_code(
        &compilation.diagnostics,
        args.deny == Some(Deny::Warnings),
    ))
}
