//! Diagnostics: what spex says about the user's content, and how it is rendered.
//!
//! A [`Diagnostic`] is data collected by every stage; renderers turn a list of them into
//! rustc-style text, JSON, GitHub workflow commands or SARIF.

mod diagnostic;
mod files;
pub mod github;
pub mod human;
pub mod json;
mod level;
mod line_index;
mod rule;
pub mod sarif;
mod suggest;
mod window;

pub use diagnostic::{Diagnostic, Fix, Label, Severity, Span};
pub use files::Files;
pub use level::Level;
pub use line_index::{LineIndex, Position};
pub use rule::{Rule, RuleDoc};
pub use suggest::{did_you_mean, suggest_id, suggested_id, suggestion_help};

/// Counts of diagnostics by severity, for the summary line and the exit code.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Tally {
    pub fn of(diagnostics: &[Diagnostic]) -> Tally {
        let mut tally = Tally::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => tally.errors += 1,
                Severity::Warning => tally.warnings += 1,
                Severity::Note => tally.notes += 1,
            }
        }
        tally
    }
}

/// Builds the phrase "1 error", "2 warnings" with the right plural.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
