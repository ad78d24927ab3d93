//! Querying documents: `--where` conditions typed by each field's schema, a selection
//! of columns, an order, and the rows in table, JSON or CSV form. In: a compiled
//! `Workspace`. Out: rows. `spex list` prints them; the MCP server answers with them.
//!
//! Confidential documents are left out unless the caller says otherwise, asked of
//! `Document::is_confidential` (fail-closed) and nothing else; so are the references
//! public documents make to them, and roadmap items on them (`visible.rs`).

mod condition;
mod output;
mod select;
mod visible;

pub use condition::{Condition, Op, ParseError};
pub use output::{to_csv, to_json, to_table};
pub use select::{Query, QueryError, Row, run_query};

#[cfg(test)]
mod tests;
