//! Fatal errors: spex cannot continue (as opposed to diagnostics about content).

use std::path::PathBuf;

/// Printed by `cli::run` with every cause in its `source()` chain ("caused by: …"): the
/// useful part of an I/O or notify failure is often in the cause.
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
    /// The output folder cannot be swapped for the new build (EBUSY, EXDEV).
    #[error(
        "cannot publish into `{}`: spex swaps a new folder in for it, and this one cannot be moved (is it a mount point?)\n  help: build into a folder inside it, such as `--out {}`",
        path.display(),
        path.join("site").display()
    )]
    Publish {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot watch `{path}`")]
    Watch {
        path: PathBuf,
        #[source]
        source: notify::Error,
    },
    #[error("cannot start the server")]
    StartServer(#[source] std::io::Error),
    #[error("cannot listen on {address}")]
    Listen {
        address: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the server stopped")]
    ServerStopped(#[source] std::io::Error),
    #[error("cannot handle Ctrl-C")]
    Signals(#[source] std::io::Error),
    /// The command line asks for something spex cannot or will not do: an option
    /// without what it needs, a name that does not exist, an output it refuses to write.
    #[error("{0}")]
    Usage(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
