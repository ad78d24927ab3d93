//! Authoring: what `spex new` and `spex mv` (and, later, the language server and the MCP
//! server) need to add a document to a workspace or rename one. In: the compiled
//! `Workspace`, a kind, a title, field values (or an old and a new ID or path). Out: the
//! new document's path and text, typed by the same resolve code that `spex check` runs, so
//! nothing is written that check would reject; or a rename's texts before and after.

mod file_name;
mod front_matter_edit;
mod new_doc;
mod next_id;
mod rename;
mod starter;

pub use file_name::new_file_path;
pub use front_matter_edit::{set_field, yaml_scalar, yaml_string};
pub use new_doc::{NewDoc, NewDocError, Planned, plan_new_doc};
pub use next_id::{NextId, next_id, next_id_among};
pub use rename::{
    AfterRename, FileChange, RenameError, RenamePlan, heading_text_range, plan_heading_rename,
    plan_id_rename, plan_move, relative_path,
};
pub use starter::{starter_template, today};
