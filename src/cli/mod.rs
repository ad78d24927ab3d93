//! Edge: the command line. Parses arguments, runs one subcommand, maps the outcome to an
//! exit code (0 fine, 1 errors in the content, 2 usage or configuration problems).

mod args;
mod build;
mod check;
mod completions;
mod create_file;
mod diff;
mod digest;
mod digest_out;
mod init;
mod list;
mod man;
mod new;
mod report;
mod rules;
mod serve;
mod session;
mod watch;
mod workspace;

use std::process::ExitCode;

use clap::Parser;

pub use args::{Cli, ColorChoice, Command, Format};

/// Runs spex with the process arguments.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => check::run(&cli, args),
        Command::Build(args) => build::run(&cli, args),
        Command::Diff(args) => diff::run(&cli, args),
        Command::Digest(args) => digest::run(&cli, args),
        Command::Watch(args) => watch::run(&cli, args),
        Command::Serve(args) => serve::run(&cli, args),
        Command::Rules(args) => rules::run(&cli, args),
        Command::Init(args) => init::run(&cli, args),
        Command::New(args) => new::run(&cli, args),
        Command::List(args) => list::run(&cli, args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(&cli, args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            print_error(&error);
            ExitCode::from(2)
        }
    }
}

/// Prints an error with its whole chain of causes, because the useful part is often
/// in a cause (an I/O error under "cannot read").
fn print_error(error: &(dyn std::error::Error + 'static)) {
    eprintln!("error: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        eprintln!("  caused by: {cause}");
        source = cause.source();
    }
}
