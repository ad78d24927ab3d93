//! What every renderer (the site, the digests, `spex diff`) writes with: a document
//! body's Markdown as safe HTML (`body.rs`, cleaned by `sanitize.rs`), escaping for
//! HTML and Markdown (`escape.rs`), and the Tera engine with the built-in templates and
//! a workspace's overrides (`templates.rs`). Below every renderer, so none of them
//! imports another.

pub mod body;
pub mod escape;
mod sanitize;
pub mod templates;
