//! `spex completions SHELL`: a completion script generated from the same clap
//! definitions that parse the command line, so it never lists a flag spex lacks.

use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;
use super::args::CompletionsArgs;
use crate::error::Result;

pub fn run(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "spex", &mut out);
    // A closed pipe is not an error worth reporting.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), &out);
    Ok(ExitCode::SUCCESS)
}
