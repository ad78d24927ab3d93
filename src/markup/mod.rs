//! What every renderer (the site, the digests, `spex diff`) writes with: a document
//! body's Markdown as safe HTML (`body.rs`, cleaned by `sanitize.rs`), escaping for
//! HTML and Markdown (`escape.rs`), and the Tera engine with the built-in templates and
//! a workspace's overrides (`templates.rs`); a body as Markdown without what an output
//! hides (`shown_markdown.rs`). Below every renderer, so none of them
//! imports another.

pub mod body;
pub mod escape;
mod sanitize;
mod shown_markdown;
pub mod templates;

pub use shown_markdown::{shown_markdown, shown_markdown_linked};
