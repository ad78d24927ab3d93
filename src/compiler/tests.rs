//! The compiler: incremental compiles against full ones, overlays, parse counts,
//! diagnostics deltas, and what the preview keeps of a broken save.

mod draft;
mod incremental;
mod overlay;
mod revalidate;
