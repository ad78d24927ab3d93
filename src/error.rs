//! Fatal errors: spex cannot continue (as opposed to diagnostics about content).

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read `{path}`")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write `{path}`")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("workspace folder `{0}` does not exist")]
    NoWorkspace(PathBuf),
    #[error("`{0}` is not a folder")]
    NotADirectory(PathBuf),
    /// A git problem, with what the user can do about it.
    #[error("{message}\n  help: {hint}")]
    Git { message: String, hint: String },
    #[error("{0}")]
    Usage(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
