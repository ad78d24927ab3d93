//! Edge: watch mode. File-system events become a small set of changes (`events`); the
//! incremental compiler re-parses only changed documents (`incremental`), keeping the last
//! good version of a broken one for the preview (`last_good`); `preview` re-renders the
//! affected pages, and `serve` adds an HTTP server with live reload. The compiler core
//! stays synchronous: the async runtime lives in `serve` only.

mod affected;
pub mod events;
mod host_guard;
pub mod incremental;
mod inject;
pub mod last_good;
mod overlay;
pub mod preview;
pub mod serve;
mod site_files;
pub mod watcher;

pub use affected::affected_documents;
pub use events::{Change, Changes, classify, own_output};
pub use incremental::IncrementalCompiler;
pub use watcher::{WatchOptions, Watcher, watch};
