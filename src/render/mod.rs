//! Render stage: the site, and writing an output folder safely (staged, swapped in
//! whole, one build at a time). The digests (`digest`) and `spex diff` (`diff`) are
//! renderers beside it; what they share is below them all, in `model` and `markup`.

mod carry_over;
mod manifest;
pub mod out_dir;
mod out_lock;
pub mod output;
pub mod site;
mod stream;
mod swap;
