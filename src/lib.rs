//! spex: a Git-native docs-as-code compiler for product specs.
//!
//! The pipeline (see [`compiler`]): `load` reads the workspace's files, `parse` turns each
//! into a [`parse::ParsedDoc`], `resolve` types the front matter against the `config`
//! schema into a [`model::Workspace`], and `validate` runs the cross-document rules.
//! Everything the user got wrong is a [`diag::Diagnostic`]; [`Error`] is for failures
//! that stop spex itself.

pub mod audience;
pub mod author;
pub mod cli;
pub mod compiler;
pub mod config;
pub mod diag;
pub mod diff;
pub mod digest;
pub mod embedded;
mod error;
pub mod export;
pub mod git;
pub mod json_schema;
pub mod load;
pub mod lsp;
pub mod markup;
pub mod mcp;
pub mod model;
pub mod parse;
pub mod query;
pub mod render;
pub mod resolve;
pub mod shown_commits;
pub mod validate;
pub mod watch;

pub use compiler::{Compilation, Compiler, LoadedConfig, check_workspace_dir, load_config};
pub use error::{Error, Result};
