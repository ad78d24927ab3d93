//! Edge: watch mode. File-system events become a small set of changes (`events`); the
//! incremental compiler re-parses only changed documents (`incremental`); `serve` adds an
//! HTTP server with live reload. The compiler core stays synchronous: the async runtime
//! lives in `serve` only.

mod affected;
pub mod events;
pub mod incremental;
mod inject;
pub mod serve;
pub mod watcher;

pub use affected::affected_documents;
pub use events::{Change, Changes, classify};
pub use incremental::IncrementalCompiler;
pub use watcher::{WatchOptions, watch};
