//! What every page builder shares, computed once per build: visibility, and the URLs of
//! tags, owners and teams. Nothing here is recomputed per page; what does not depend on
//! the build (page paths, the dependency graph, the ID order) the workspace works out
//! once for every output.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::Serialize;

use super::term_urls::TermUrls;
use super::urls::asset_path;
use crate::audience::{Hidden, Policy, Visibility, seen_health, visible_events};
use crate::config::{Phase, Role};
use crate::diag::Diagnostic;
use crate::model::{
    ChangeEvent, DocHealth, DocIdx, Document, Workspace, change_events, status_label,
};
use crate::shown_commits::ShownCommits;

/// A compact reference to a document, the unit most lists are made of.
#[derive(Debug, Clone, Serialize)]
pub struct DocRef {
    pub id: String,
    pub title: String,
    /// Relative to the site root.
    pub url: String,
    pub kind: String,
    pub status: Option<String>,
    /// The status in words (`In progress`), as pages show it; `status` stays the value
    /// as written, for sorting and filtering.
    pub status_label: Option<String>,
    pub phase: Option<&'static str>,
}

/// The shared state of one site build.
pub struct SiteContext<'a> {
    pub ws: &'a Workspace,
    pub visibility: Visibility,
    /// Whether each document is shown (asked per reference on every page, so computed once).
    shown: Vec<bool>,
    /// Page URL of every tag, owner and team of the shown documents.
    pub term_urls: TermUrls,
    /// Diagnostics that reveal nothing hidden (see [`Hidden`]), for the health panel.
    pub diagnostics: Vec<&'a Diagnostic>,
    /// Whose subjects pages and the feed may show (see [`ShownCommits`]); worked out on
    /// first use, since a preview rebuild of one page may not need it.
    commits: OnceLock<ShownCommits>,
    /// The health of planned work as the site may see it, worked out on first use.
    health: OnceLock<Vec<DocHealth>>,
    /// Each document's place in `health`, if it has one, worked out on first use.
    health_index: OnceLock<Vec<Option<usize>>>,
    /// The change events the site may show, newest first, worked out on first use.
    events: OnceLock<Vec<ChangeEvent>>,
    /// Each document's events, as indices into `events` (see [`SiteContext::events_of`]).
    events_by_doc: OnceLock<Vec<Vec<usize>>>,
    /// What the site hides: documents, sections, IDs.
    hidden: Hidden,
    /// Where visible roadmaps place each PRD, worked out on first use (see
    /// [`SiteContext::placements_of`]).
    placements: OnceLock<HashMap<&'a str, Vec<(DocIdx, usize)>>>,
}

impl<'a> SiteContext<'a> {
    pub fn new(
        ws: &'a Workspace,
        visibility: Visibility,
        diagnostics: &'a [Diagnostic],
    ) -> SiteContext<'a> {
        let shown: Vec<bool> = ws.docs.iter().map(|d| visibility.shows(d)).collect();
        let shown_docs: Vec<&Document> = ws
            .docs
            .iter()
            .zip(&shown)
            .filter(|(_, shown)| **shown)
            .map(|(doc, _)| &**doc)
            .collect();
        // Side by side: both go over every document, and the live preview waits for
        // them before it renders the page just saved.
        let (hidden, term_urls) = rayon::join(
            || Hidden::of_workspace(ws, &visibility),
            || TermUrls::new(&shown_docs, ws.config.people.as_ref()),
        );
        let diagnostics = hidden.shown(diagnostics);
        SiteContext {
            ws,
            visibility,
            shown,
            term_urls,
            diagnostics,
            commits: OnceLock::new(),
            health: OnceLock::new(),
            health_index: OnceLock::new(),
            events: OnceLock::new(),
            events_by_doc: OnceLock::new(),
            hidden,
            placements: OnceLock::new(),
        }
    }

    /// Works out, side by side, the workspace-wide views every document page asks for:
    /// otherwise the first page works them out one after another while the other
    /// threads wait for it (and the live preview waits for that page).
    pub fn prepare_page_views(&self) {
        rayon::join(
            || {
                self.events();
            },
            || {
                rayon::join(
                    || {
                        self.health();
                    },
                    || rayon::join(|| self.commits(), || self.placements_of("")),
                )
            },
        );
    }

    /// The items of visible roadmaps that plan the PRD `id`, as (roadmap, item index),
    /// roadmaps in ID order and items in their order. Indexed once: every document page
    /// asks, and scanning every roadmap per page grew with the square of the workspace.
    pub fn placements_of(&self, id: &str) -> &[(DocIdx, usize)] {
        let index = self.placements.get_or_init(|| {
            let mut index: HashMap<&'a str, Vec<(DocIdx, usize)>> = HashMap::new();
            for (roadmap, _) in self.with_role(Role::Roadmap) {
                for (n, item) in self.ws.roadmap_items(roadmap).iter().enumerate() {
                    index
                        .entry(item.prd.as_str())
                        .or_default()
                        .push((roadmap, n));
                }
            }
            index
        });
        index.get(id).map_or(&[], Vec::as_slice)
    }

    /// What the site hides: documents, sections, IDs.
    pub fn hidden(&self) -> &Hidden {
        &self.hidden
    }

    /// The change events the site may show (see `visible_events`), newest first; none
    /// without history.
    pub fn events(&self) -> &[ChangeEvent] {
        self.events.get_or_init(|| {
            let Some(history) = &self.ws.history else {
                return Vec::new();
            };
            let events = change_events(self.ws, history);
            visible_events(&self.visibility, &self.hidden, self.ws, history, events)
        })
    }

    /// The events about document `idx`, in the order of [`SiteContext::events`]. Indexed
    /// once: every document page asks, and the commit that added every document has an
    /// event per document, so scanning the events per page grew with the square of the
    /// workspace.
    pub fn events_of(&self, idx: DocIdx) -> impl Iterator<Item = &ChangeEvent> {
        let events = self.events();
        let index = self.events_by_doc.get_or_init(|| {
            let mut index = vec![Vec::new(); self.ws.docs.len()];
            for (n, event) in events.iter().enumerate() {
                for &doc in &event.docs {
                    index[doc].push(n);
                }
            }
            index
        });
        index[idx].iter().map(|&n| &events[n])
    }

    /// The commits whose subjects this build may show.
    pub fn commits(&self) -> &ShownCommits {
        self.commits
            .get_or_init(|| ShownCommits::new(self.ws, &self.visibility))
    }

    /// The health of planned work the site shows (see `seen_health`): the same answer
    /// the digests give, less what the site may not see.
    pub fn health(&self) -> &[DocHealth] {
        self.health
            .get_or_init(|| seen_health(&self.visibility, self.ws))
    }

    /// The health of document `idx` as the site sees it (see [`SiteContext::health`]).
    /// Looked up by index: every document page and roadmap card asks.
    pub fn health_of(&self, idx: DocIdx) -> Option<&DocHealth> {
        let index = self.health_index.get_or_init(|| {
            let mut index = vec![None; self.ws.docs.len()];
            // The first entry of a document wins, as a search from the start would find.
            for (n, h) in self.health().iter().enumerate().rev() {
                index[h.doc] = Some(n);
            }
            index
        });
        index[idx].map(|n| &self.health()[n])
    }

    pub fn visible(&self, idx: DocIdx) -> bool {
        self.shown[idx]
    }

    /// Visible documents, in path order.
    pub fn visible_docs(&self) -> impl Iterator<Item = (DocIdx, &'a Document)> + '_ {
        self.ws
            .docs
            .iter()
            .enumerate()
            .filter(|&(i, _)| self.shown[i])
            .map(|(i, d)| (i, &**d))
    }

    /// Visible documents of a role, sorted by ID.
    pub fn with_role(&self, role: Role) -> Vec<(DocIdx, &'a Document)> {
        let mut docs: Vec<_> = self
            .visible_docs()
            .filter(|(_, d)| d.role() == Some(role))
            .collect();
        docs.sort_by_key(|&(i, _)| self.ws.id_rank(i));
        docs
    }

    /// The output path of a document's page, relative to the site root.
    pub fn page_path(&self, idx: DocIdx) -> &'a str {
        self.ws.page_path(idx)
    }

    pub fn doc_ref(&self, idx: DocIdx) -> DocRef {
        let doc = &self.ws.docs[idx];
        DocRef {
            // Plain pages have no ID; showing the title twice would read badly.
            id: doc.id.clone().unwrap_or_default(),
            title: doc.title.clone(),
            url: self.page_path(idx).to_owned(),
            kind: doc.kind_name().unwrap_or("page").to_owned(),
            status: doc.status().map(str::to_owned),
            status_label: doc.status().map(status_label),
            phase: doc.phase().map(Phase::name),
        }
    }

    /// A visible document by ID.
    pub fn find(&self, id: &str) -> Option<DocIdx> {
        self.ws.index_of_id(id).filter(|&i| self.visible(i))
    }

    /// The URL of a workspace file (an image, a PDF) linked from a visible document: such
    /// files are copied under `files/` (see [`SiteContext::assets`]).
    pub fn asset_url(&self, path: &str) -> Option<String> {
        self.is_asset(path).then(|| asset_path(path))
    }

    /// Only a file the compile found safe to copy: a regular file within the size cap
    /// that is not a document, under its own name or another (a symbolic link to one).
    fn is_asset(&self, path: &str) -> bool {
        self.ws.attachments.contains(path) && self.ws.index_of_path(path).is_none()
    }

    /// Workspace files linked from the published text of visible documents, to copy into
    /// `files/`: a link (or the definition it takes its destination from) inside a hidden
    /// section copies nothing. Only a full render of the index pages needs the whole set,
    /// so it is not part of `new`.
    pub fn assets(&self) -> BTreeSet<&'a str> {
        self.visible_docs()
            .flat_map(|(_, d)| {
                let hidden = self.visibility.hidden_ranges(d);
                d.links.iter().filter(move |l| l.is_published(&hidden))
            })
            .filter_map(|l| match &l.target {
                crate::model::LinkTarget::File { path, .. } => Some(path.as_str()),
                _ => None,
            })
            .filter(|p| self.is_asset(p))
            .collect()
    }

    /// Visible specs grouped by kind name.
    pub fn by_kind(&self) -> BTreeMap<&'a str, Vec<DocIdx>> {
        let mut map: BTreeMap<&str, Vec<DocIdx>> = BTreeMap::new();
        for (i, doc) in self.visible_docs() {
            if let Some(kind) = doc.kind_name() {
                map.entry(kind).or_default().push(i);
            }
        }
        for list in map.values_mut() {
            self.ws.sort_by_id(list);
        }
        map
    }
}
