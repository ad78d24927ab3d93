//! The pipeline, start to end, behind one API: [`Compiler`]. It reads a [`SourceTree`]
//! (the work tree or a git revision) with an overlay of in-memory texts on top
//! (`overlay`), loads each document once — read, parsed, resolved, cached by path and
//! text (`cache`) — then assembles and validates the workspace (`assemble`). Compiled
//! again after a change, it re-parses only the files whose text changed, re-runs the
//! rules only where the change can matter (`revalidate`), and says which diagnostics
//! came and went (`delta`). `spex check`, `build`, `digest` and `diff` use
//! a compiler once; `spex watch`, `serve` and editors keep one.
//!
//! [`SourceTree`]: crate::load::SourceTree

mod assemble;
mod cache;
mod delta;
mod draft;
pub mod last_good;
mod loaded_config;
mod next_id_help;
mod overlay;
mod rename_check;
mod revalidate;
mod session;
mod workspace_rules;

pub use assemble::{Assembled, Compilation, Resolved};
pub use delta::{DiagnosticsDelta, FileDelta};
pub use draft::{DraftBase, compile_draft, compile_draft_with};
pub use loaded_config::{LoadedConfig, check_workspace_dir, load_config};
pub use overlay::Overlaid;
pub use session::{Applied, Compiler, Recompiled};

#[cfg(test)]
mod tests;
