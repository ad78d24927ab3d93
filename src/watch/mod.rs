//! Edge: watch mode. File-system events become a small set of changes (`events`); one
//! rebuild loop (`rebuild`) hands them to the [`Compiler`](crate::Compiler), which
//! re-parses only changed documents, and re-renders the affected pages; `spex watch`
//! prints what changed, `preview` tells open pages, and `serve` adds an HTTP server
//! with live reload. The compiler core stays synchronous: the async runtime lives in
//! `serve` only.

mod affected;
pub mod events;
mod host_guard;
mod inject;
mod overlay;
pub mod preview;
pub mod rebuild;
pub mod serve;
mod site_files;
pub mod watcher;

pub use affected::affected_documents;
pub use events::{Change, Changes, classify, own_output};
pub use watcher::{WatchOptions, Watcher, watch};
