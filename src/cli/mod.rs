//! Edge: the command line. Parses arguments, runs one subcommand, maps the outcome to an
//! exit code (0 fine, 1 errors in the content, 2 usage or configuration problems).

mod args;
mod build;
mod check;
mod completions;
mod config;
mod create_file;
mod diff;
// `spex export` and `spex schema`.
mod digest;
mod digest_out;
mod export;
mod init;
mod list;
mod lsp;
mod man;
mod mcp;
mod mv;
mod mv_write;
mod new;
mod report;
mod rules;
mod schema;
mod serve;
mod session;
mod watch;
mod workspace;
mod write_whole;

use std::process::ExitCode;

use clap::Parser;

pub use args::{Cli, ColorChoice, Command, Format};
use report::Stop;

/// Runs spex with the process arguments.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => check::run(&cli, args),
        Command::Build(args) => build::run(&cli, args),
        Command::Diff(args) => diff::run(&cli, args),
        Command::Digest(args) => digest::run(&cli, args),
        Command::Watch(args) => watch::run(&cli, args).map_err(Stop::Fatal),
        Command::Serve(args) => serve::run(&cli, args),
        Command::Rules(args) => rules::run(&cli, args),
        Command::Config(args) => config::run(&cli, args),
        Command::Init(args) => init::run(&cli, args).map_err(Stop::from),
        Command::New(args) => new::run(&cli, args),
        Command::List(args) => list::run(&cli, args),
        Command::Mv(args) => mv::run(&cli, args),
        Command::Completions(args) => completions::run(args).map_err(Stop::from),
        Command::Man(args) => man::run(&cli, args).map_err(Stop::from),
        Command::Export(args) => export::run(&cli, args),
        Command::Schema(args) => schema::run(&cli, args),
        Command::Mcp(args) => mcp::run(&cli, args),
        Command::Lsp(args) => lsp::run(&cli, args),
    };
    match result {
        Ok(code) | Err(Stop::Exit(code)) => code,
        Err(Stop::Fatal(error)) => {
            print_error(&error);
            ExitCode::from(2)
        }
    }
}

/// Prints an error with its whole chain of causes, because the useful part is often
/// in a cause (an I/O error under "cannot read").
fn print_error(error: &(dyn std::error::Error + 'static)) {
    eprint!("{}", error_report(error));
}

/// `error: …`, then one `  caused by: …` line per cause.
fn error_report(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = format!("error: {error}\n");
    let mut source = error.source();
    while let Some(cause) = source {
        out.push_str(&format!("  caused by: {cause}\n"));
        source = cause.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::error_report;
    use crate::Error;

    #[test]
    fn an_error_prints_with_its_causes() {
        let error = Error::Listen {
            address: "127.0.0.1:3000".into(),
            source: std::io::Error::new(std::io::ErrorKind::AddrInUse, "address in use"),
        };
        assert_eq!(
            error_report(&error),
            "error: cannot listen on 127.0.0.1:3000\n  caused by: address in use\n"
        );
    }
}
