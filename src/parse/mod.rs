//! Parse stage: one [`Source`] → one [`ParsedDoc`], a pure function
//! with no file system and no knowledge of other documents.

mod doc;
pub mod front_matter;
pub mod html_depth;
pub mod markdown;
pub mod slug;
mod source;
pub mod yaml;

pub use doc::{ParsedDoc, parse_doc};
pub use html_depth::DeepHtml;
pub use markdown::{Heading, Link, LinkKind, MarkdownEvents, Section, html_anchors};
pub use source::Source;
