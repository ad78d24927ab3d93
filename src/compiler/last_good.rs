//! Whether a save broke a document. The preview keeps showing the last good version of a
//! broken document (and says why in the overlay) instead of its broken parse, which would
//! otherwise leak into every page that links to it or lists it. Pure, so it is unit-tested.

use super::assemble::Resolved;
use crate::config::Config;
use crate::diag::{Diagnostic, Rule, Severity, Span};

/// The newest parse of a document that broke it, kept aside while its last good version
/// is compiled in its place.
#[derive(Debug, Clone)]
pub struct HeldBack {
    pub text: std::sync::Arc<str>,
    /// The broken parse itself: whether the overlay may show its diagnostics depends on
    /// what it says (confidential now?) as well as on the last good version.
    pub doc: std::sync::Arc<crate::model::Document>,
    /// Why it counts as broken, at error severity.
    pub diagnostics: Vec<Diagnostic>,
}

/// The errors that make `new` a broken save of `old`, or `None` when `new` may replace it.
/// A document that was broken already has no good version to keep.
pub fn broken_save(config: &Config, old: &Resolved, new: &Resolved) -> Option<Vec<Diagnostic>> {
    if !blocking(config, old).is_empty() {
        return None;
    }
    let mut errors = blocking(config, new);
    // A 0-byte file (an editor half-way through writing it) or one whose front matter is
    // gone parses as a plain page without complaint; for a spec, that is never intended
    // mid-edit, and its ID would vanish from every page that links to it.
    // Front matter that is there but does not parse has its own error (`yaml-syntax`);
    // it is not gone.
    let fenced = new.0.text.starts_with("---\n") || new.0.text.starts_with("---\r\n");
    if old.0.front_matter_span.is_some() && new.0.front_matter_span.is_none() && !fenced {
        errors.push(Diagnostic {
            severity: Severity::Error,
            ..Diagnostic::new(
                Rule::MissingField,
                if new.0.text.trim().is_empty() {
                    "the file is empty (a half-written save?)".to_owned()
                } else {
                    "the front matter is gone (the `---` block at the top)".to_owned()
                },
                Span::file_start(new.0.path.clone()),
            )
            .with_help("restore it; the preview shows the last version that had it")
        });
    }
    (!errors.is_empty()).then_some(errors)
}

/// The document's own diagnostics that are errors under the workspace's rule levels.
fn blocking(config: &Config, (doc, diagnostics): &Resolved) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.primary.file == doc.path)
        .filter(|d| config.rule_level(d.rule).severity() == Some(Severity::Error))
        .map(|d| Diagnostic {
            severity: Severity::Error,
            ..d.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::load::Source;
    use crate::parse::parse_doc;
    use crate::resolve::resolve_document;

    fn resolve(text: &str) -> Resolved {
        let config = Config::builtin();
        let source = Source {
            path: "prds/a.md".into(),
            text: text.into(),
            encoding_problem: None,
        };
        let (doc, diagnostics) = resolve_document(&config, parse_doc(&source));
        (Arc::new(doc), diagnostics)
    }

    const GOOD: &str = "---\nid: PRD-1\ntitle: A\nowner: X\n---\nBody.\n";

    #[test]
    fn bad_yaml_breaks_a_good_document() {
        let errors = broken_save(
            &Config::builtin(),
            &resolve(GOOD),
            &resolve("---\nid: PRD-1\ntitle: [unclosed\n---\nBody.\n"),
        )
        .expect("broken");
        assert!(
            errors.iter().any(|d| d.rule == Rule::YamlSyntax),
            "{errors:?}"
        );
        // The front matter is there, only broken: not also "gone".
        assert!(
            errors.iter().all(|d| d.rule != Rule::MissingField),
            "{errors:?}"
        );
    }

    #[test]
    fn an_empty_file_or_lost_front_matter_breaks_a_spec() {
        for text in ["", "Just the body now.\n"] {
            let errors = broken_save(&Config::builtin(), &resolve(GOOD), &resolve(text))
                .unwrap_or_else(|| panic!("{text:?} is a broken save"));
            assert_eq!(errors[0].severity, Severity::Error);
        }
    }

    #[test]
    fn a_good_edit_or_a_document_that_was_already_broken_is_taken_as_is() {
        let config = Config::builtin();
        let edited = "---\nid: PRD-1\ntitle: B\nowner: X\n---\nNew body.\n";
        assert!(broken_save(&config, &resolve(GOOD), &resolve(edited)).is_none());
        let broken = resolve("---\nid: PRD-1\ntitle: [unclosed\n---\n");
        assert!(broken_save(&config, &broken, &resolve("")).is_none());
    }

    #[test]
    fn a_plain_page_may_stay_plain() {
        let page = resolve("# Notes\n\nText.\n");
        assert!(broken_save(&Config::builtin(), &page, &resolve("# Notes\n\nMore.\n")).is_none());
    }
}
