//! Edge: everything spex asks git, through git2 only. Callers get plain data (the
//! model's `History`, a `SourceTree` of a revision, lists of paths); no git2 type leaves
//! this module.

mod cache_codec;
mod cache_records;
mod commit;
mod history;
mod history_cache;
mod identity;
mod missing;
mod repo;
mod tree;
mod tree_diff;
mod user;
mod versions;

pub use history_cache::HistoryRead;
pub use missing::fetch_hint;
pub use repo::GitRepo;
pub use tree::GitTree;
pub use user::global_user_name;
