//! The data of a digest: what templates render and what `--format json` prints.

use serde::Serialize;

use super::excerpt::Excerpt;
use crate::model::CommitInfo;

/// The version of the JSON layout: raised when a field is renamed, removed or changes
/// meaning (new fields do not raise it).
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Digest {
    /// [`SCHEMA_VERSION`], so bots can tell which layout they read.
    pub schema_version: u32,
    pub audience: String,
    pub audience_description: Option<String>,
    pub site_title: String,
    /// A human-written summary (`spex digest --note FILE`, else the workspace's
    /// `digest.md`), Markdown, printed first.
    pub note: Option<String>,
    /// The health of the planned work this audience sees, counted: the digest's
    /// headline (e-mail subject, Slack header, HTML pills).
    pub health: HealthCounts,
    /// The commit described (null for the work tree).
    pub head: Option<CommitInfo>,
    /// With `--since`: the commit changes are counted from.
    pub since: Option<CommitInfo>,
    /// With `--since`: what changed, as this audience sees it.
    pub changes: Option<Changes>,
    pub engineering: Option<Engineering>,
    pub sales: Option<Sales>,
    pub leadership: Option<Leadership>,
    /// For audiences without a built-in digest: their sections, document by document.
    pub sections: Vec<DocExcerpts>,
}

/// How much of the planned work an audience sees is in each health state.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct HealthCounts {
    pub on_track: usize,
    pub slipped: usize,
    pub at_risk: usize,
    pub not_approved: usize,
}

impl HealthCounts {
    /// `9 on track · 1 slipped · 6 not approved`: states with none left out; `no
    /// planned work` when there is none.
    pub fn headline(&self) -> String {
        let parts: Vec<String> = [
            (self.on_track, "on track"),
            (self.slipped, "slipped"),
            (self.at_risk, "at risk"),
            (self.not_approved, "not approved"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if parts.is_empty() {
            "no planned work".to_owned()
        } else {
            parts.join(" · ")
        }
    }
}

/// A document as digests name it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub status: Option<String>,
    pub url: String,
    pub team: Option<String>,
    /// Only for audiences that see owners.
    pub owner: Option<String>,
    /// Only for audiences that see it, and for sales only once approved.
    pub target: Option<String>,
    /// Sales only: where a PRD stands in customer words (`Available now`, `Coming in 2027-Q2`).
    pub availability: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    pub empty: bool,
    /// What happened, as product events ("PRD-7 shipped"), newest first.
    pub events: Vec<String>,
    pub added: Vec<Item>,
    pub removed: Vec<Item>,
    pub changed: Vec<ChangedItem>,
    /// Problems the change introduced and fixed (engineering only).
    pub introduced: Vec<String>,
    pub fixed: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangedItem {
    pub doc: Item,
    /// One line per change, already phrased: `status: review → approved`.
    pub lines: Vec<String>,
    /// The front-matter changes behind those lines, as data (fields the audience sees).
    pub fields: Vec<FieldChange>,
    pub slipped: bool,
    pub newly_approved: bool,
    pub shipped: bool,
}

/// One front-matter field that changed: `{field: "target", old: "2027-Q1", new: "2027-Q3"}`.
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: String,
    /// Null when the field was added.
    pub old: Option<String>,
    /// Null when the field was removed.
    pub new: Option<String>,
    /// A target or date that moved later.
    pub slip: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocExcerpts {
    pub doc: Item,
    pub excerpts: Vec<Excerpt>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Engineering {
    pub in_progress: Vec<Work>,
    pub next: Vec<Work>,
    pub blockers: Vec<Blocker>,
    /// Dependency cycles and schedule inversions, as `spex check` words them.
    pub problems: Vec<String>,
    /// The open questions of in-progress and next work, highest priority first, capped.
    pub open_questions: Vec<DocExcerpts>,
    /// Documents whose open questions did not fit under the cap, linked.
    pub more_questions: Vec<SectionLink>,
    pub decisions: Vec<Decision>,
    /// Documents to re-read (suspect links), with the titles of what changed.
    pub re_read: Vec<String>,
    /// PRDs in review: what waits for engineering's eyes.
    pub needs_review: Vec<Item>,
    /// Planned work that is not on track, worst first, with the reasons every output
    /// gives.
    pub health: Vec<Health>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Work {
    pub doc: Item,
    pub depends_on: Vec<Item>,
    pub requirements: Vec<Excerpt>,
    /// Sections tagged `.engineering`.
    pub technical: Vec<Excerpt>,
    /// The document's other sections engineering may read, linked rather than copied.
    pub more: Vec<SectionRef>,
}

/// A document's section, linked instead of quoted.
#[derive(Debug, Clone, Serialize)]
pub struct SectionLink {
    pub doc: Item,
    pub url: String,
}

/// A section named and linked, not quoted.
#[derive(Debug, Clone, Serialize)]
pub struct SectionRef {
    pub heading: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Blocker {
    pub doc: Item,
    pub waits_on: Item,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub doc: Item,
    pub date: Option<String>,
    /// Leadership: the decision's sections tagged `.leadership`.
    pub notes: Vec<Excerpt>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sales {
    /// Shipped PRDs no release lists (those are under their release).
    pub shipped: Vec<Feature>,
    /// Approved or later, with a target: what is shipping when.
    pub coming: Vec<Feature>,
    pub releases: Vec<ReleaseNote>,
    /// Approved work whose date moved later than planned: what a customer may have
    /// been told.
    pub slipped: Vec<Health>,
    /// Sentences of the customer-value sections that speak to the audience itself
    /// (coaching such as "For sales, this removes…") or use a term of its `avoid:`
    /// glossary: kept out of the forwardable copy and shown as internal notes.
    pub coaching: Vec<Coaching>,
    /// PRDs and releases whose title uses an `avoid:` term: the customer block leaves
    /// them out whole (their link would show the title too) until they are renamed.
    pub held: Vec<Held>,
    /// The workspace has documents this digest is made of (PRDs or releases); a
    /// repository of other kinds gets one line instead of empty sections.
    pub has_product_docs: bool,
}

/// Internal notes taken out of a document's customer-facing copy.
#[derive(Debug, Clone, Serialize)]
pub struct Coaching {
    pub doc: Item,
    pub sentences: Vec<String>,
    /// The `avoid:` terms they use: reword these in the spec.
    pub terms: Vec<String>,
}

/// A document held out of the customer block because its title uses jargon.
#[derive(Debug, Clone, Serialize)]
pub struct Held {
    pub doc: Item,
    /// The `avoid:` terms its title uses.
    pub terms: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Feature {
    pub doc: Item,
    /// Sections tagged `.sales`.
    pub value: Vec<Excerpt>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReleaseNote {
    pub doc: Item,
    pub date: Option<String>,
    /// Out (released) rather than planned.
    pub released: bool,
    /// The release's own sections tagged `.sales`.
    pub value: Vec<Excerpt>,
    /// The approved or shipped PRDs it contains, with their customer value.
    pub includes: Vec<Feature>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Leadership {
    pub visions: Vec<VisionProgress>,
    /// Objectives no vision claims.
    pub other_objectives: Vec<ObjectiveProgress>,
    pub health: Vec<Health>,
    pub on_track: usize,
    pub slipped: usize,
    pub at_risk: usize,
    /// Planned PRDs still in draft or review.
    pub not_approved: usize,
    pub counts: Vec<StatusCount>,
    /// PRDs counted in `counts`.
    pub total: usize,
    /// Of those, the ones this digest does not name (marked for other audiences).
    pub unlisted: usize,
    pub decisions: Vec<Decision>,
    /// PRD sections tagged `.leadership`.
    pub business_cases: Vec<DocExcerpts>,
    /// Planned work that is not on track, worst first (what the digest lists).
    pub exceptions: Vec<Health>,
    /// The on-track work, named in one line.
    pub on_track_items: Vec<Item>,
    /// The workspace has visions, objectives or PRDs; a repository of other kinds
    /// gets one line instead of empty sections.
    pub has_product_docs: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct VisionProgress {
    pub doc: Item,
    /// Its sections tagged `.leadership`.
    pub notes: Vec<Excerpt>,
    pub objectives: Vec<ObjectiveProgress>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveProgress {
    pub doc: Item,
    pub quarter: Option<String>,
    pub metrics: Vec<Metric>,
    pub prds: usize,
    pub shipped: usize,
    /// The shipped ones this audience may see, by name.
    pub shipped_items: Vec<Item>,
    /// Share of linked PRDs shipped, 0–100.
    pub percent_shipped: u32,
    /// Its sections tagged `.leadership`.
    pub notes: Vec<Excerpt>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    pub name: String,
    pub baseline: Option<String>,
    /// Where it stands now (`current:`), when the objective says.
    pub current: Option<String>,
    pub target: Option<String>,
    pub unit: Option<String>,
    /// Ready to print: `baseline 9.4 → now 9.12 → target 8.65 USD`.
    pub summary: String,
    /// The same with only `now` labelled, for a one-line roll-up: `9.4 → now 9.12 → 8.65 USD`.
    pub brief: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Health {
    pub doc: Item,
    /// `on-track`, `slipped`, `at-risk` or `not-approved`.
    pub state: &'static str,
    pub reason: Option<String>,
    /// For a slip: the quarter it was planned for (a roadmap's, or its target at the
    /// base of `--since`); the target now is `doc.target`.
    pub planned: Option<String>,
    /// From the roadmap item: its confidence and note.
    pub confidence: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub status: String,
    pub count: usize,
}
