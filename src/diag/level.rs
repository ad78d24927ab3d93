//! A rule's level: whether it reports, and at which severity. It sits with the
//! diagnostics (not the config) because the rule catalogue's defaults are levels too.

use super::Severity;

/// How a rule reports: never, or at a given severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Allow,
    Note,
    Warn,
    Error,
}

impl Level {
    /// The spellings `rules:` in spex.yaml accepts (besides the aliases `off`, `warning`).
    pub const NAMES: [&'static str; 4] = ["allow", "note", "warn", "error"];

    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "allow" | "off" => Level::Allow,
            "note" => Level::Note,
            "warn" | "warning" => Level::Warn,
            "error" => Level::Error,
            _ => return None,
        })
    }

    /// The severity diagnostics of this level get; `None` for `allow` (not reported).
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Note => Some(Severity::Note),
            Level::Warn => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Note => "note",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }

    /// The SARIF `defaultConfiguration.level` for this level.
    pub fn sarif_level(self) -> &'static str {
        match self {
            Level::Allow => "none",
            Level::Note => "note",
            Level::Warn => "warning",
            Level::Error => "error",
        }
    }
}
