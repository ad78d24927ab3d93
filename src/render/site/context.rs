//! What every page builder shares, computed once per build: what is visible (as the
//! audience policy decides it), URLs, labels and the reverse dependency index. Nothing
//! here is recomputed per page.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Serialize;

use super::term_urls::TermUrls;
use super::urls::{asset_path, document_paths};
use crate::audience::{Hidden, Policy, Visibility};
use crate::config::Role;
use crate::diag::Diagnostic;
use crate::model::{DocIdx, Document, Workspace};
use crate::render::body::phase_name;
use crate::shown_commits::ShownCommits;
use crate::validate::graph::DependencyGraph;

/// A compact reference to a document, the unit most lists are made of.
#[derive(Debug, Clone, Serialize)]
pub struct DocRef {
    pub id: String,
    pub title: String,
    /// Relative to the site root.
    pub url: String,
    pub kind: String,
    pub status: Option<String>,
    pub phase: Option<&'static str>,
}

/// The shared state of one site build.
pub struct SiteContext<'a> {
    pub ws: &'a Workspace,
    pub visibility: Visibility,
    /// Whether each document is shown (asked per reference on every page, so computed once).
    shown: Vec<bool>,
    /// Output path of each document's page (relative to the site root).
    pub doc_paths: Vec<String>,
    /// Page URL of every tag, owner and team of the shown documents.
    pub term_urls: TermUrls,
    /// Documents that depend on each document (reverse dependency edges).
    pub dependents: Vec<Vec<DocIdx>>,
    pub dependencies: Vec<Vec<DocIdx>>,
    /// Diagnostics that reveal nothing hidden (see [`Hidden`]), for the health panel.
    pub diagnostics: Vec<&'a Diagnostic>,
    /// Whose subjects pages and the feed may show (see [`ShownCommits`]); worked out on
    /// first use, since a preview rebuild of one page may not need it.
    commits: OnceLock<ShownCommits>,
}

impl<'a> SiteContext<'a> {
    pub fn new(
        ws: &'a Workspace,
        visibility: Visibility,
        diagnostics: &'a [Diagnostic],
    ) -> SiteContext<'a> {
        let graph = DependencyGraph::new(ws);
        let mut dependents = vec![Vec::new(); ws.docs.len()];
        let mut dependencies = vec![Vec::new(); ws.docs.len()];
        for edge in graph.edges() {
            if !dependencies[edge.from].contains(&edge.to) {
                dependencies[edge.from].push(edge.to);
                dependents[edge.to].push(edge.from);
            }
        }
        let shown: Vec<bool> = ws.docs.iter().map(|d| visibility.shows(d)).collect();
        let diagnostics = Hidden::of_workspace(ws, &visibility).shown(diagnostics);
        let term_urls = TermUrls::new(
            ws.docs
                .iter()
                .zip(&shown)
                .filter(|(_, shown)| **shown)
                .map(|(doc, _)| &**doc),
        );
        SiteContext {
            ws,
            visibility,
            shown,
            doc_paths: document_paths(&ws.docs),
            term_urls,
            dependents,
            dependencies,
            diagnostics,
            commits: OnceLock::new(),
        }
    }

    /// The commits whose subjects this build may show.
    pub fn commits(&self) -> &ShownCommits {
        self.commits
            .get_or_init(|| ShownCommits::new(self.ws, &self.visibility))
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
        docs.sort_by(|a, b| id_order(a.1, b.1));
        docs
    }

    pub fn doc_ref(&self, idx: DocIdx) -> DocRef {
        let doc = &self.ws.docs[idx];
        DocRef {
            // Plain pages have no ID; showing the title twice would read badly.
            id: doc.id.clone().unwrap_or_default(),
            title: doc.title.clone(),
            url: self.doc_paths[idx].clone(),
            kind: doc.kind_name().unwrap_or("page").to_owned(),
            status: doc.status().map(str::to_owned),
            phase: doc.phase().map(phase_name),
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
            list.sort_by(|&a, &b| id_order(&self.ws.docs[a], &self.ws.docs[b]));
        }
        map
    }
}

/// Orders documents by ID the way people read them: `PRD-2` before `PRD-10`.
pub fn id_order(a: &Document, b: &Document) -> std::cmp::Ordering {
    natural_key(a.label())
        .cmp(&natural_key(b.label()))
        .then_with(|| a.path.cmp(&b.path))
}

/// Splits text into runs so that digit runs compare as numbers.
pub fn natural_key(text: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let split = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (word, tail) = rest.split_at(split);
        let digits_end = tail
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (digits, tail) = tail.split_at(digits_end);
        key.push((word.to_lowercase(), digits.parse().unwrap_or(0)));
        rest = tail;
    }
    key
}

/// "PRD" / "PRDs", "Objective" / "Objectives" for a kind name.
pub fn kind_labels(kind: &str) -> (String, String) {
    if kind == "prd" {
        return ("PRD".into(), "PRDs".into());
    }
    let mut label: String = kind.replace(['_', '-'], " ");
    if let Some(first) = label.get(..1) {
        label.replace_range(..1, &first.to_uppercase());
    }
    let plural = if label.ends_with('s') {
        label.clone()
    } else {
        format!("{label}s")
    };
    (label, plural)
}

/// "depends_on" → "Depends on".
pub fn field_label(field: &str) -> String {
    let mut label = field.replace(['_', '-'], " ");
    if let Some(first) = label.get(..1) {
        label.replace_range(..1, &first.to_uppercase());
    }
    label
}
