//! Edge: the language server (`spex lsp`). LSP messages in, the same [`Compiler`] every
//! command uses in the middle, LSP messages out: open buffers become overlays, files
//! changed on disk are applied, and each recompile publishes the diagnostics of every
//! file whose diagnostics changed. Requests are answered from the last compilation by
//! small pure functions (`navigate`, `hover`, `complete`, `symbols`, `lens`).
//!
//! Confidentiality: an editor is a writer's tool over the writer's own files, so the
//! server shows everything in the workspace (confidential documents, sections and fields
//! included), as the files themselves do. It is no publishing surface: nothing it says
//! leaves the writer's machine.
//!
//! [`Compiler`]: crate::Compiler

mod actions;
mod complete;
mod convert;
mod diagnostics;
mod hover;
mod inlay;
mod lens;
mod navigate;
mod rename;
mod server;
mod symbols;
mod uri;
mod workspace_edit;

pub use server::{LateHistory, Server, capabilities, run};
pub use uri::file_path;

#[cfg(test)]
mod tests;
