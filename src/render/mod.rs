//! Render stage: the site and the digests are renderers over the same `&Workspace`.

pub mod body;
mod carry_over;
mod manifest;
pub mod out_dir;
mod out_lock;
pub mod output;
mod sanitize;
pub mod site;
mod stream;
mod swap;
pub mod templates;
