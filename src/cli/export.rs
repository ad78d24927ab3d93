//! `spex export`: compile the workspace and print it as one JSON document (or the JSON
//! Schema of that document with `--schema`). Problems in the content are in the export's
//! `diagnostics`, so the exit code is 0 unless spex cannot compile at all.

use std::io::Write;
use std::process::ExitCode;

use super::args::ExportArgs;
use super::report::{Outcome, Reporter, Stream};
use super::session::Session;
use super::write_whole::write_whole;
use super::{Cli, Format};
use crate::audience::Visibility;
use crate::export::{EXPORT_SCHEMA, export};

pub fn run(cli: &Cli, args: &ExportArgs) -> Outcome {
    let text = if args.schema {
        EXPORT_SCHEMA.to_owned()
    } else {
        let session = Session::open(cli, args.path.as_deref(), None)?;
        let reporter = Reporter::for_session(cli, Format::Human, Stream::Stderr, &session);
        reporter.config_errors(&session.config)?;
        let compilation = session.compile()?;
        let visibility = Visibility {
            include_confidential: args.include_confidential,
        };
        let data = export(
            &compilation.workspace,
            &compilation.diagnostics,
            &compilation.files,
            visibility,
        );
        // Plain structs of strings, numbers and JSON values always serialize.
        serde_json::to_string_pretty(&data).expect("the export serializes to JSON") + "\n"
    };
    match &args.out {
        Some(path) => write_whole(path, &text)?,
        // A closed pipe (`spex export | head`) is not an error worth reporting.
        None => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }
    Ok(ExitCode::SUCCESS)
}
