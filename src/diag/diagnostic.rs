//! The one diagnostic type every stage produces.

use std::ops::Range;

use serde::Serialize;

use super::Rule;

/// How bad a diagnostic is. The order matters: errors sort first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A byte range in a workspace file. Line and column are computed only when rendering.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    /// Path relative to the workspace root, with `/` separators.
    pub file: String,
    pub range: Range<usize>,
}

impl Span {
    pub fn new(file: impl Into<String>, range: Range<usize>) -> Span {
        Span {
            file: file.into(),
            range,
        }
    }

    /// A span for a whole file where no better position exists (an unreadable file).
    pub fn file_start(file: impl Into<String>) -> Span {
        Span::new(file, 0..0)
    }
}

/// A secondary location with its own message ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A fix a diagnostic's help describes, as data an editor can apply (a quick fix): the
/// same suggestion the help line words, so the two cannot disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// Write this instead of what the primary span holds (the ID, key or value in it).
    Replace(String),
    /// Add this top-level field to the front matter.
    AddField(String),
}

/// Something wrong (or worth knowing) about the user's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule it breaks; its name (`unknown-reference`) is what output shows.
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    pub primary: Span,
    /// Text shown under the primary caret.
    pub primary_label: Option<String>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// The help's suggestion as data, when there is one to apply.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A new diagnostic at the rule's default severity; the workspace's rule settings
    /// adjust it later (see `validate::apply_levels`). A rule that is off by default
    /// (`stale`) only runs when turned on, so its fallback severity is a note.
    pub fn new(rule: Rule, message: impl Into<String>, primary: Span) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.default_level().severity().unwrap_or(Severity::Note),
            message: message.into(),
            primary,
            primary_label: None,
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn with_primary_label(mut self, label: impl Into<String>) -> Self {
        self.primary_label = Some(label.into());
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// "did you mean `x`?" as the help, and writing `x` as the fix, when there is an `x`.
    pub fn with_did_you_mean(mut self, suggestion: Option<&str>) -> Self {
        if let Some(s) = suggestion {
            self.help = Some(format!("did you mean `{s}`?"));
            self.fix = Some(Fix::Replace(s.to_owned()));
        }
        self
    }

    /// The help's suggestion as a fix an editor can apply.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Sets the help only when there is one (a did-you-mean that may find nothing).
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// The key diagnostics are sorted by: file, position, then rule name (not the
    /// catalogue order, which may change), so output is stable.
    pub fn sort_key(&self) -> (&str, usize, usize, &'static str, &str) {
        (
            &self.primary.file,
            self.primary.range.start,
            self.primary.range.end,
            self.rule.name(),
            &self.message,
        )
    }
}
