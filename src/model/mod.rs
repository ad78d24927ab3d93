//! Model: the validated workspace, plain data that renderers and rules read.

mod document;
mod history;
mod quarter;
mod reference;
mod value;
mod workspace;

pub use document::{Confidentiality, DocIdx, Document};
pub use history::{CommitInfo, DocHistory, GoneDoc, History, Uncommitted};
pub use quarter::Quarter;
pub use reference::{FieldRef, LinkTarget, RefOrigin, Reference, ResolvedLink};
pub use value::{Field, FieldValue};
pub use workspace::{Backlink, Workspace};
