//! One document of the workspace: a spec of some kind, or a plain Markdown page.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use super::{Field, FieldValue, Quarter, Reference, ResolvedLink};
use crate::config::{KindSpec, Phase, Role};
use crate::parse::{DeepHtml, Heading, Section};

/// Index of a document in `Workspace::docs`.
pub type DocIdx = usize;

/// Whether a document may be published, as far as spex can tell. Fail-closed: only a
/// document spex is sure about is public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidentiality {
    /// `confidential: false`, no such field, or no front matter at all.
    Public,
    /// `confidential: true`.
    Confidential,
    /// spex cannot tell: the front matter did not parse, or `confidential` is not a
    /// clean boolean. Treated as confidential everywhere, so a typo never publishes.
    Unsure,
}

#[derive(Debug, Clone)]
pub struct Document {
    /// Workspace-relative path with `/` separators.
    pub path: String,
    pub text: Arc<str>,
    /// The kind, or `None` for a plain page (a Markdown file with no front matter).
    pub kind: Option<Arc<KindSpec>>,
    /// Canonical ID (`PRD-12`); `None` for plain pages and specs whose ID is invalid.
    pub id: Option<String>,
    pub id_span: Option<Range<usize>>,
    /// From front matter, else the first H1, else the file name.
    pub title: String,
    /// Typed front-matter fields that passed the schema.
    pub fields: BTreeMap<String, Field>,
    /// False when the front matter could not be parsed: fields are then unknown, and
    /// rules that would read missing fields as facts (orphan) stay quiet.
    pub front_matter_ok: bool,
    /// Read from the raw front matter, whatever the kind's schema says (a kind without a
    /// `confidential` field cannot make a `confidential: true` document public).
    pub confidentiality: Confidentiality,
    /// Where the front matter is (the whole mapping), for diagnostics about a document.
    pub front_matter_span: Option<Range<usize>>,
    pub body: Range<usize>,
    pub headings: Vec<Heading>,
    pub sections: Vec<Section>,
    pub links: Vec<ResolvedLink>,
    /// ID references from front matter and `[[…]]` in the body, in source order.
    pub refs: Vec<Reference>,
    /// Set when the body nests HTML too deeply to sanitize: its raw HTML is shown as text.
    pub deep_html: Option<DeepHtml>,
    /// The lifecycle status value and its phase, read from `fields` once they are typed
    /// (see [`Document::read_status`]): every page asks for them for every link it shows.
    pub(crate) status_cache: Option<(String, Option<Phase>)>,
}

impl Document {
    pub fn is_spec(&self) -> bool {
        self.kind.is_some()
    }

    pub fn kind_name(&self) -> Option<&str> {
        self.kind.as_ref().map(|k| k.name.as_str())
    }

    pub fn role(&self) -> Option<Role> {
        self.kind.as_ref().and_then(|k| k.role)
    }

    pub fn field(&self, name: &str) -> Option<&FieldValue> {
        self.fields.get(name).map(|f| &f.value)
    }

    pub fn text_field(&self, name: &str) -> Option<&str> {
        self.field(name).and_then(FieldValue::as_text)
    }

    /// The lifecycle status value (`approved`), if the kind has a status field and it is set.
    pub fn status(&self) -> Option<&str> {
        self.status_cache
            .as_ref()
            .map(|(status, _)| status.as_str())
    }

    /// The lifecycle phase of the status; the questions every output asks of it
    /// (approved? shipped?) are in `lifecycle.rs`.
    pub fn phase(&self) -> Option<Phase> {
        self.status_cache.as_ref().and_then(|(_, phase)| *phase)
    }

    /// The status value and its phase, from the kind's status field.
    pub(crate) fn read_status(&self) -> Option<(String, Option<Phase>)> {
        let (field, _) = self.kind.as_ref()?.status_field()?;
        let status = self.text_field(field)?;
        Some((status.to_owned(), self.phase_of(status)))
    }

    /// Confidential documents never appear in public output; neither do documents spex
    /// cannot be sure are public (see [`Confidentiality::Unsure`]). Every output (site,
    /// search, feed, digests, diff, serve) asks this one question.
    pub fn is_confidential(&self) -> bool {
        self.confidentiality != Confidentiality::Public
    }

    /// Whether any section's heading classes make `hides` say so: a commit that touched
    /// such a document may have changed only that section, so its subject is withheld.
    pub fn has_section(&self, hides: impl Fn(&[String]) -> bool) -> bool {
        self.sections
            .iter()
            .any(|s| hides(&self.headings[s.heading].classes))
    }

    /// The quarter of the `target` field (a date counts as its quarter).
    pub fn target_quarter(&self) -> Option<Quarter> {
        self.field("target").and_then(FieldValue::as_quarter)
    }

    /// RICE score: reach × impact × confidence ÷ effort, from the `rice` record.
    pub fn rice_score(&self) -> Option<f64> {
        let rice = self.field("rice")?;
        let get = |k: &str| rice.get(k).and_then(|f| f.value.as_number());
        let effort = get("effort")?;
        if effort <= 0.0 {
            return None;
        }
        Some(get("reach")? * get("impact")? * get("confidence")? / effort)
    }

    /// The heading with this anchor, if any.
    pub fn heading(&self, anchor: &str) -> Option<&Heading> {
        self.headings.iter().find(|h| h.anchor == anchor)
    }

    /// The heading a link's `#fragment` names under `matching` (an exact anchor first,
    /// so `#notes` never lands on a `## Notes` that GitHub matching would also accept
    /// when a `notes` anchor exists).
    pub fn heading_matching(
        &self,
        fragment: &str,
        matching: crate::parse::slug::AnchorMatching,
    ) -> Option<&Heading> {
        self.heading(fragment).or_else(|| {
            self.headings
                .iter()
                .find(|h| matching.matches(fragment, &h.anchor))
        })
    }

    /// The body's Markdown text.
    pub fn body_text(&self) -> &str {
        &self.text[self.body.clone()]
    }

    /// A name for messages: the ID when there is one, else the path.
    pub fn label(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.path)
    }
}
