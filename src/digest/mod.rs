//! Render stage: audience digests. One set of data per audience (engineering, sales,
//! leadership, or one a workspace defines), built from the compiled workspace and, with
//! `--since`, the semantic diff; rendered as Markdown, email-friendly HTML or JSON.

mod changes;
mod coaching;
mod customer;
pub mod email;
mod engineering;
mod excerpt;
mod health;
mod leadership;
pub mod links;
pub mod model;
pub mod note;
pub mod render;
mod sales;
mod scope;
pub mod slack;

pub use links::DigestLinks;
pub use model::Digest;

use crate::audience::{Audience, Hidden, Policy};
use crate::config::DigestLayout;
use crate::diag::Diagnostic;
use crate::diff::SemanticDiff;
use crate::model::{CommitInfo, DocIdx, Workspace};
use crate::shown_commits::ShownCommits;
use model::{DocExcerpts, Item};

/// Everything a digest is built from.
pub struct DigestInput<'a> {
    pub ws: &'a Workspace,
    pub diagnostics: &'a [Diagnostic],
    pub diff: Option<&'a SemanticDiff>,
    pub head: Option<CommitInfo>,
    pub links: DigestLinks<'a>,
    pub include_confidential: bool,
    /// A human-written summary for the top of every digest (`--note FILE`), Markdown;
    /// without one, each digest prints what its audience may read of the workspace's
    /// `digest.md` (see [`note`]).
    pub note: Option<String>,
}

/// The digest for one audience; `None` when the workspace has no such audience.
pub fn build_digest(input: &DigestInput, audience_name: &str) -> Option<Digest> {
    let config = &input.ws.config;
    let audience = Audience::resolve(config, audience_name, input.include_confidential)?;
    let ctx = Context {
        input,
        audience: &audience,
        hidden: hidden(input.ws, input.diff, &audience),
    };
    // Commits that touched a document this audience does not see are named without
    // their subject (see `ShownCommits`).
    let commits = ShownCommits::new(input.ws, &audience);
    let mut digest = Digest {
        schema_version: model::SCHEMA_VERSION,
        audience: audience.name().to_owned(),
        audience_description: audience.spec().description.clone(),
        site_title: config.site.title.clone(),
        note: input
            .note
            .clone()
            .or_else(|| note::workspace_note(input.ws, &audience)),
        health: health_counts(&health::roadmap_health(&ctx)),
        head: input.head.as_ref().map(|c| commits.show(c)),
        since: input
            .diff
            .and_then(|d| d.base.as_ref())
            .map(|c| commits.show(c)),
        changes: input.diff.map(|d| changes::changes(&ctx, d)),
        engineering: None,
        sales: None,
        leadership: None,
        sections: Vec::new(),
    };
    match audience.layout() {
        DigestLayout::Engineering => {
            let mut e = engineering::engineering(&ctx);
            // A new decision is already listed under "What changed".
            if let Some(changes) = &digest.changes {
                e.decisions
                    .retain(|d| !changes.added.iter().any(|a| a.id == d.doc.id));
            }
            digest.engineering = Some(e);
        }
        DigestLayout::Sales => digest.sales = Some(sales::sales(&ctx)),
        DigestLayout::Leadership => digest.leadership = Some(leadership::leadership(&ctx)),
        DigestLayout::Sections => digest.sections = tagged_sections(&ctx),
    }
    Some(digest)
}

/// The headline: how many of the planned items the audience sees are in each state.
fn health_counts(health: &[model::Health]) -> model::HealthCounts {
    use crate::model::HealthState;
    let count = |state: HealthState| health.iter().filter(|h| h.state == state.as_str()).count();
    model::HealthCounts {
        on_track: count(HealthState::OnTrack),
        slipped: count(HealthState::Slipped),
        at_risk: count(HealthState::AtRisk),
        not_approved: count(HealthState::NotApproved),
    }
}

/// The documents and sections hidden from `audience`, now or (removed) at the base, to
/// keep them out of diagnostics and changes. Confidential documents the diff only counts
/// (see `diff::confidential`) are hidden from every audience too.
fn hidden(ws: &Workspace, diff: Option<&SemanticDiff>, audience: &Audience) -> Hidden {
    let mut hidden = Hidden::of_workspace(ws, audience);
    let removed = diff
        .into_iter()
        .flat_map(|d| d.removed.iter().chain(&d.confidential));
    for doc in removed.filter(|d| !audience.shows_described(&d.described())) {
        hidden.add(&doc.id, &doc.path);
    }
    hidden
}

/// What the builders share.
pub(crate) struct Context<'a> {
    pub input: &'a DigestInput<'a>,
    pub audience: &'a Audience<'a>,
    /// Documents the audience must not hear of, to keep their IDs out of diagnostics.
    pub hidden: Hidden,
}

impl Context<'_> {
    pub fn ws(&self) -> &Workspace {
        self.input.ws
    }

    /// Documents of a role the audience sees, by ID.
    pub fn docs_with_role(&self, role: crate::config::Role) -> Vec<DocIdx> {
        let ws = self.ws();
        let mut docs: Vec<DocIdx> = ws
            .with_role(role)
            .filter(|(_, d)| self.audience.shows(d))
            .map(|(i, _)| i)
            .collect();
        ws.sort_by_id(&mut docs);
        docs
    }

    pub fn item(&self, idx: DocIdx) -> Item {
        let doc = &self.ws().docs[idx];
        let sees = |f: &str| self.audience.shows_field(f);
        // Customers never hear dates of unapproved work: they become promises.
        let target_ok =
            sees("target") && (!self.audience.speaks_to_customers() || doc.is_approved());
        let target = doc
            .field("target")
            .filter(|_| target_ok)
            .map(|v| v.to_string());
        Item {
            id: doc.id.clone().unwrap_or_default(),
            title: doc.title.clone(),
            kind: doc.kind_name().unwrap_or_default().to_owned(),
            status: doc.status().filter(|_| sees("status")).map(str::to_owned),
            url: self.input.links.url(idx),
            team: doc
                .text_field("team")
                .filter(|_| sees("team"))
                .map(str::to_owned),
            // An alias (`Riley`, an e-mail address) shows as the person's listed name.
            owner: doc.text_field("owner").filter(|_| sees("owner")).map(|o| {
                ws_people(self.input.ws)
                    .map_or(o, |p| p.display_name(o))
                    .to_owned()
            }),
            target: target.clone(),
            availability: (self.audience.speaks_to_customers() && doc.kind_name() == Some("prd"))
                .then(|| customer::availability(doc, target.as_deref())),
        }
    }

    /// Sections of a document the audience sees whose heading matches, whole (up to
    /// the character cap).
    pub fn sections(
        &self,
        idx: DocIdx,
        wanted: impl Fn(&str, &[String]) -> bool,
    ) -> Vec<excerpt::Excerpt> {
        self.sections_within(idx, excerpt::Limit::FULL, wanted)
    }

    /// The same, quoting no more than `limit`.
    pub fn sections_within(
        &self,
        idx: DocIdx,
        limit: excerpt::Limit,
        wanted: impl Fn(&str, &[String]) -> bool,
    ) -> Vec<excerpt::Excerpt> {
        excerpt::sections(
            &self.ws().docs[idx],
            self.audience,
            &self.input.links,
            limit,
            wanted,
        )
    }

    /// Sections tagged for the audience itself (`{.sales}` for sales; see
    /// [`Audience::is_own_section`]).
    pub fn own_sections(&self, idx: DocIdx, limit: excerpt::Limit) -> Vec<excerpt::Excerpt> {
        self.sections_within(idx, limit, |_, classes| {
            self.audience.is_own_section(classes)
        })
    }

    /// Sections of a document the audience may read whose heading matches, named and
    /// linked instead of quoted (top-level ones only: `##`).
    pub fn section_refs(
        &self,
        idx: DocIdx,
        wanted: impl Fn(&str, &[String]) -> bool,
    ) -> Vec<model::SectionRef> {
        let doc = &self.ws().docs[idx];
        let hidden = self.audience.hidden_ranges(doc);
        let url = self.input.links.url(idx);
        doc.sections
            .iter()
            .map(|s| &doc.headings[s.heading])
            .filter(|h| h.level == 2 && !hidden.iter().any(|r| r.contains(&h.span.start)))
            .filter(|h| self.audience.shows_section(&h.classes) && wanted(&h.text, &h.classes))
            .map(|h| model::SectionRef {
                heading: h.text.clone(),
                url: format!("{url}#{}", h.anchor),
            })
            .collect()
    }
}

/// For a custom audience: every section tagged for it, in every document it sees.
fn tagged_sections(ctx: &Context) -> Vec<DocExcerpts> {
    let ws = ctx.ws();
    let mut out = Vec::new();
    for (idx, doc) in ws.specs() {
        if !ctx.audience.shows(doc) {
            continue;
        }
        let mine = |_: &str, classes: &[String]| ctx.audience.is_own_section(classes);
        let excerpts = ctx.sections(idx, mine);
        if !excerpts.is_empty() {
            out.push(DocExcerpts {
                doc: ctx.item(idx),
                excerpts,
            });
        }
    }
    out
}

fn ws_people(ws: &Workspace) -> Option<&crate::config::People> {
    ws.config.people.as_ref()
}
