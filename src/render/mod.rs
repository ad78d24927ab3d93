//! Render stage: the site and the digests are renderers over the same `&Workspace`.

pub mod body;
mod manifest;
pub mod out_dir;
pub mod output;
mod sanitize;
pub mod site;
mod stream;
pub mod templates;
