//! `spex man`: the manual page (roff), from the same clap definitions as `--help`; with
//! `--out DIR`, one page per subcommand too (`spex.1`, `spex-check.1`, …).

use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;
use super::args::ManArgs;
use crate::error::{Error, Result};

pub fn run(cli: &Cli, args: &ManArgs) -> Result<ExitCode> {
    let command = Cli::command();
    let Some(dir) = &args.out else {
        let mut out = Vec::new();
        // Rendering into memory cannot fail.
        clap_mangen::Man::new(command)
            .render(&mut out)
            .expect("in memory");
        let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), &out);
        return Ok(ExitCode::SUCCESS);
    };
    let failed = |source| Error::Write {
        path: dir.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(failed)?;
    clap_mangen::generate_to(command, dir).map_err(failed)?;
    if !cli.quiet {
        eprintln!("wrote the manual pages into {}", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}
