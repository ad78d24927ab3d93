//! Edge: `spex mcp`, the workspace served to AI agents over the Model Context Protocol
//! (stdio, through `rmcp`). In: the work tree, compiled once and kept fresh before each
//! tool call (`live.rs`). Out: JSON answers to tool calls (`answers.rs`), declared with
//! their schemas in `server.rs`.
//!
//! What an agent sees is the audience policy's answer for the reader the server was
//! started for (`viewer.rs`): anyone who may read the site, or with `--audience NAME`
//! one audience. Confidential documents, confidential sections and whatever names them
//! are invisible unless the server was started with `--include-confidential`. The server
//! is read-only unless started with `--allow-write`, which lets `new_document` (and only
//! it) create a file.

mod answers;
mod changes;
mod draft_view;
mod live;
mod new_document;
mod page;
mod prompts;
mod resources;
mod search;
mod server;
mod viewer;

pub use answers::Direction;
pub use live::LiveWorkspace;
pub use server::SpexServer;
pub use viewer::Viewer;

use rmcp::ServiceExt;

/// Serves `server` on standard input and output until the client hangs up.
pub async fn serve_stdio(server: SpexServer) -> std::io::Result<()> {
    let running = server
        .serve(rmcp::transport::stdio())
        .await
        .map_err(std::io::Error::other)?;
    running.waiting().await.map_err(std::io::Error::other)?;
    Ok(())
}

#[cfg(test)]
mod tests;
