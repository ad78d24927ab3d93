//! `spex config`: the effective configuration (the built-in defaults with spex.yaml
//! over them), each setting marked with where it comes from. Reads only spex.yaml.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use super::Cli;
use super::args::{ConfigArgs, ConfigFormat};
use super::report::{Outcome, config_alone};
use crate::config::{CONFIG_FILE, Shown, effective_config, to_commented_yaml};

pub fn run(cli: &Cli, args: &ConfigArgs) -> Outcome {
    // What would be shown is not what any command uses: say why instead.
    let config = &config_alone(cli)?;
    let shown = effective_config(config);
    let out = match args.format {
        ConfigFormat::Human => format!(
            "# The effective configuration: spex's built-in defaults with {CONFIG_FILE} over them.\n\
             # `# {CONFIG_FILE}:N` marks a setting made on line N; rules not listed keep their\n\
             # default level (`spex rules`).\n{}",
            to_commented_yaml(&shown)
        ),
        ConfigFormat::Json => {
            let origins: BTreeMap<String, String> = shown.origins().into_iter().collect();
            let json = JsonConfig {
                config: &shown,
                origins,
            };
            // Strings, numbers and maps of them: serialization cannot fail.
            serde_json::to_string_pretty(&json).expect("the configuration serializes") + "\n"
        }
    };
    // A closed pipe (`spex config | head`) is not an error worth reporting.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// `--format json`: the configuration, and where each setting comes from by JSON
/// pointer into it (`/kinds/prd/fields/jira` → `spex.yaml:14`).
#[derive(Serialize)]
struct JsonConfig<'a> {
    config: &'a Shown,
    origins: BTreeMap<String, String>,
}
