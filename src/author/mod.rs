//! Authoring: what `spex new` (and, later, the language server and the MCP server) needs
//! to add a document to a workspace. In: the compiled `Workspace`, a kind, a title, field
//! values. Out: the new document's path and text, typed by the same resolve code that
//! `spex check` runs, so nothing is written that check would reject.

mod file_name;
mod front_matter_edit;
mod new_doc;
mod next_id;

pub use file_name::new_file_path;
pub use front_matter_edit::{set_field, yaml_scalar, yaml_string};
pub use new_doc::{NewDoc, NewDocError, Planned, plan_new_doc};
pub use next_id::{NextId, next_id, next_id_among};
