//! `spex list [KIND]`: documents matching `--where` conditions, as a table, JSON or
//! CSV. The query itself is `crate::query`, which the MCP server shares.

use std::io::Write;
use std::process::ExitCode;

use super::args::{ListArgs, ListFormat};
use super::report::{Outcome, Reporter, Stream};
use super::session::Session;
use super::{Cli, Format};
use crate::audience::Visibility;
use crate::diag::{Tally, plural};
use crate::error::{Error, Result};
use crate::query::{Condition, Query, run_query, to_csv, to_json, to_table};

pub fn run(cli: &Cli, args: &ListArgs) -> Outcome {
    let session = Session::open(cli, args.path.as_deref(), None)?;
    let loaded = &session.config;
    let reporter = Reporter::for_session(cli, Format::Human, Stream::Stderr, &session);
    reporter.config_errors(loaded)?;
    let conditions = args
        .conditions
        .iter()
        .map(|c| Condition::parse(c).map_err(|e| Error::Usage(e.to_string())))
        .collect::<Result<Vec<_>>>()?;
    let query = Query {
        kind: args.kind.clone(),
        conditions,
        fields: args
            .fields
            .iter()
            .flat_map(|f| f.split(','))
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty())
            .collect(),
        sort: args.sort.clone(),
    };
    let visibility = Visibility {
        include_confidential: args.include_confidential,
    };
    let compilation = session.compile_without_history();
    // A field with a wrong value is left out of the document, so its cell is empty: say
    // why, once, where it does not mix with the listing.
    let errors = Tally::of(&compilation.diagnostics).errors;
    if errors > 0 && !cli.quiet {
        eprintln!(
            "note: the workspace has {}; fields with wrong values are left out (`spex check` shows them)",
            plural(errors, "error")
        );
    }
    let (fields, rows) = match run_query(&compilation.workspace, &query, &visibility) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let out = match args.format {
        ListFormat::Table => to_table(&fields, &rows),
        ListFormat::Json => to_json(&fields, &rows),
        ListFormat::Csv => to_csv(&fields, &rows),
    };
    // A closed pipe (`spex list | head`) is not an error worth reporting.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}
