//! What one audience may see: which documents, fields and sections. A section tagged
//! for one audience never reaches another's digest, and confidential content reaches
//! none unless asked for.

use std::ops::Range;

use crate::config::AudienceSpec;
use crate::model::Document;

/// The audience a digest is for, with its rules.
pub struct Audience<'a> {
    pub name: &'a str,
    pub spec: &'a AudienceSpec,
    /// Every audience name, to recognise tags meant for others.
    pub all_names: Vec<&'a str>,
    pub include_confidential: bool,
}

impl Audience<'_> {
    /// Whether the audience sees a document at all.
    pub fn sees(&self, doc: &Document) -> bool {
        if doc.is_confidential() && !self.include_confidential {
            return false;
        }
        let Some(kind) = doc.kind_name() else {
            return false;
        };
        let kind_ok = self.spec.kinds.is_empty() || self.spec.kinds.iter().any(|k| k == kind);
        let status_ok = self.spec.statuses.is_empty()
            || doc
                .status()
                .is_some_and(|s| self.spec.statuses.iter().any(|x| x == s));
        // A document marked for some audiences (`audience: [engineering]`) is theirs only.
        let marked_ok = match doc.field("audience") {
            Some(crate::model::FieldValue::List(items)) if !items.is_empty() => {
                items.iter().any(|i| i.value.as_text() == Some(self.name))
            }
            _ => true,
        };
        kind_ok && status_ok && marked_ok
    }

    pub fn sees_field(&self, field: &str) -> bool {
        self.spec.fields.is_empty() || self.spec.fields.iter().any(|f| f == field)
    }

    /// Whether a section with these heading classes is shown (its own tags only; nested
    /// sections are judged on their own).
    pub fn sees_section(&self, classes: &[String]) -> bool {
        if classes.iter().any(|c| c == "confidential") && !self.include_confidential {
            return false;
        }
        let tags: Vec<&String> = classes
            .iter()
            .filter(|c| self.all_names.contains(&c.as_str()))
            .collect();
        if tags.is_empty() {
            return self.spec.untagged;
        }
        tags.iter()
            .any(|t| t.as_str() == self.name || self.spec.tags.iter().any(|x| x == *t))
    }

    /// Byte ranges of `doc` this audience must not see: sections tagged for others,
    /// confidential ones, and (when it does not see untagged text) untagged ones.
    pub fn hidden_ranges(&self, doc: &Document) -> Vec<Range<usize>> {
        doc.sections
            .iter()
            .filter(|s| {
                let classes = &doc.headings[s.heading].classes;
                let tagged = classes
                    .iter()
                    .any(|c| c == "confidential" || self.all_names.contains(&c.as_str()));
                tagged && !self.sees_section(classes)
            })
            .map(|s| s.range.clone())
            .collect()
    }
}
