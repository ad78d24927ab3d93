//! A digest audience, resolved from the config: what it sees (documents, fields,
//! sections) and how its digest reads (its layout and wording are config values, so
//! nothing downstream compares audience names). A section tagged for one audience never
//! reaches another's digest, and confidential content reaches none unless asked for.

use std::ops::Range;

use super::policy::{Described, Policy, audience_marks, is_confidential_section};
use crate::config::{AudienceSpec, Config, DigestLayout, Wording};
use crate::model::Document;

/// One audience of the workspace, with its rules.
#[derive(Debug, Clone)]
pub struct Audience<'a> {
    name: &'a str,
    spec: &'a AudienceSpec,
    /// Every audience name, to recognise tags meant for others.
    all_names: Vec<&'a str>,
    include_confidential: bool,
}

impl<'a> Audience<'a> {
    /// The audience `name` of `config`; `None` when the workspace has none by that name.
    pub fn resolve(config: &'a Config, name: &str, include_confidential: bool) -> Option<Self> {
        let (name, spec) = config.audiences.get_key_value(name)?;
        Some(Audience {
            name,
            spec,
            all_names: config.audiences.keys().map(String::as_str).collect(),
            include_confidential,
        })
    }

    pub fn name(&self) -> &'a str {
        self.name
    }

    pub fn spec(&self) -> &'a AudienceSpec {
        self.spec
    }

    /// Which data set its digest is built as.
    pub fn layout(&self) -> DigestLayout {
        self.spec.layout
    }

    /// Whether its digest is passed on to customers (see [`Wording::Customer`]).
    pub fn speaks_to_customers(&self) -> bool {
        self.spec.wording == Wording::Customer
    }

    /// Whether a section with these classes is tagged for this audience itself, by its
    /// name or one of its `tags` (not merely shown to it because it is untagged).
    pub fn is_own_section(&self, classes: &[String]) -> bool {
        classes
            .iter()
            .any(|c| c == self.name || self.spec.tags.contains(c))
    }

    /// Whether a document may be counted (never named): counts and progress reveal no
    /// content, so they cover everything not confidential, including documents marked
    /// for other audiences.
    pub fn counts(&self, doc: &Document) -> bool {
        self.include_confidential || !doc.is_confidential()
    }

    /// A document marked for some audiences (`audience: [engineering]`) is theirs only.
    fn marked_ok(&self, doc: &Document) -> bool {
        let marks = audience_marks(doc);
        marks.is_empty() || marks.contains(&self.name)
    }

    fn kind_and_status_ok(&self, kind: &str, status: Option<&str>) -> bool {
        let kind_ok = self.spec.kinds.is_empty() || self.spec.kinds.iter().any(|k| k == kind);
        let status_ok = self.spec.statuses.is_empty()
            || status.is_some_and(|s| self.spec.statuses.iter().any(|x| x == s));
        kind_ok && status_ok
    }
}

impl Policy for Audience<'_> {
    fn includes_confidential(&self) -> bool {
        self.include_confidential
    }

    fn shows(&self, doc: &Document) -> bool {
        if doc.is_confidential() && !self.include_confidential {
            return false;
        }
        let Some(kind) = doc.kind_name() else {
            return false;
        };
        self.kind_and_status_ok(kind, doc.status()) && self.marked_ok(doc)
    }

    /// A roadmap is named in a slip's reason to sales, who do not read roadmaps: the
    /// slip is the same for every reader.
    fn may_name(&self, doc: &Document) -> bool {
        (!doc.is_confidential() || self.include_confidential)
            && doc.kind_name().is_some()
            && self.marked_ok(doc)
    }

    fn shows_described(&self, doc: &Described) -> bool {
        let marked_ok = doc.audience.is_empty() || doc.audience.iter().any(|a| a == self.name);
        (!doc.confidential || self.include_confidential)
            && self.kind_and_status_ok(doc.kind, doc.status)
            && marked_ok
    }

    fn shows_field(&self, field: &str) -> bool {
        self.spec.fields.is_empty() || self.spec.fields.iter().any(|f| f == field)
    }

    fn shows_section(&self, classes: &[String]) -> bool {
        if is_confidential_section(classes) && !self.include_confidential {
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

    /// Sections tagged for others and confidential ones. A text belongs to the innermost
    /// tagged section around it, so a `{.engineering}` subsection of a `{.sales}` section
    /// still reaches engineering; a confidential section hides everything inside it (and
    /// with `--include-confidential` reaches whoever its surrounding section reaches).
    fn hidden_ranges(&self, doc: &Document) -> Vec<Range<usize>> {
        // (range, visible, confidential and hidden)
        let tagged: Vec<(Range<usize>, bool, bool)> = doc
            .sections
            .iter()
            .filter_map(|s| {
                let classes = &doc.headings[s.heading].classes;
                let secret = is_confidential_section(classes) && !self.include_confidential;
                // `confidential` is not an audience: once confidential content is asked
                // for, such a section belongs to the tagged section around it.
                let tagged = secret || classes.iter().any(|c| self.all_names.contains(&c.as_str()));
                tagged.then(|| (s.range.clone(), self.shows_section(classes), secret))
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
