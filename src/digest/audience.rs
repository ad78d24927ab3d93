//! What one audience may see: which documents, fields and sections. A section tagged
//! for one audience never reaches another's digest, and confidential content reaches
//! none unless asked for.

use std::ops::Range;

use crate::config::AudienceSpec;
use crate::diff::DocSummary;
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

    /// Whether the audience could see a document the diff describes (one removed since
    /// the base is known only by its summary).
    pub fn sees_summary(&self, doc: &DocSummary) -> bool {
        let kind_ok = self.spec.kinds.is_empty() || self.spec.kinds.contains(&doc.kind);
        let status_ok = self.spec.statuses.is_empty()
            || doc
                .status
                .as_ref()
                .is_some_and(|s| self.spec.statuses.contains(s));
        let marked_ok = doc.audience.is_empty() || doc.audience.iter().any(|a| a == self.name);
        (!doc.confidential || self.include_confidential) && kind_ok && status_ok && marked_ok
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

    /// Byte ranges of `doc` this audience must not see: sections tagged for others and
    /// confidential ones. A text belongs to the innermost tagged section around it, so a
    /// `{.engineering}` subsection of a `{.sales}` section still reaches engineering; a
    /// confidential section hides everything inside it (and with `--include-confidential`
    /// reaches whoever its surrounding section reaches).
    pub fn hidden_ranges(&self, doc: &Document) -> Vec<Range<usize>> {
        // (range, visible, confidential and hidden)
        let tagged: Vec<(Range<usize>, bool, bool)> = doc
            .sections
            .iter()
            .filter_map(|s| {
                let classes = &doc.headings[s.heading].classes;
                let confidential = classes.iter().any(|c| c == "confidential");
                // `confidential` is not an audience: once confidential content is asked
                // for, such a section belongs to the tagged section around it.
                let tagged = (confidential && !self.include_confidential)
                    || classes.iter().any(|c| self.all_names.contains(&c.as_str()));
                let visible = self.sees_section(classes);
                tagged.then(|| {
                    (
                        s.range.clone(),
                        visible,
                        confidential && !self.include_confidential,
                    )
                })
            })
            .collect();
        let mut bounds: Vec<usize> = tagged
            .iter()
            .flat_map(|(r, _, _)| [r.start, r.end])
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        let mut hidden: Vec<Range<usize>> = Vec::new();
        for pair in bounds.windows(2) {
            let piece = pair[0]..pair[1];
            let around = || {
                tagged
                    .iter()
                    .filter(|(r, _, _)| r.start <= piece.start && piece.end <= r.end)
            };
            let secret = around().any(|(_, _, secret)| *secret);
            let innermost = around().min_by_key(|(r, _, _)| r.end - r.start);
            let hide = secret || innermost.is_some_and(|(_, visible, _)| !visible);
            if !hide {
                continue;
            }
            match hidden.last_mut() {
                Some(last) if last.end == piece.start => last.end = piece.end,
                _ => hidden.push(piece),
            }
        }
        hidden
    }
}
