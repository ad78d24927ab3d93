//! The static site: one page per document, indexes, roadmap views, graph, priorities,
//! taxonomies and search. `SiteRenderer` renders all of it (a build) or some of it (watch
//! mode after one document changed) into any `PageSink`.

mod context;
mod doc_page;
mod graph;
mod health;
mod history;
mod home;
mod links;
mod lists;
mod llms_txt;
mod priorities;
mod progress;
mod relations;
mod renderer;
mod roadmap;
mod search;
mod taxonomy;
mod term_urls;
mod urls;

use std::path::Path;

use serde::Serialize;
use tera::Context;

pub use context::DocRef;
pub use renderer::SiteRenderer;
pub use search::{Entry as SearchEntry, rank as rank_search};

use self::context::SiteContext;
use super::output::WriteStats;
use crate::audience::Visibility;
use crate::diag::{Diagnostic, Files};
use crate::error::Error;
use crate::load::SourceTree;
use crate::model::{Workspace, kind_folder};

/// How to build.
pub struct SiteOptions<'a> {
    pub visibility: Visibility,
    /// Where the workspace's `templates/` overrides are.
    pub template_root: Option<&'a Path>,
    /// Reads linked workspace files (images, PDFs) to copy them.
    pub tree: &'a dyn SourceTree,
}

/// What a successful build did.
#[derive(Debug, Clone, Copy)]
pub struct SiteReport {
    pub pages: usize,
    pub stats: WriteStats,
}

/// Why a build failed; the previous output is untouched either way.
#[derive(Debug)]
pub enum SiteFailure {
    /// Template problems, with the template texts to show them.
    Diagnostics(Vec<Diagnostic>, Files),
    Fatal(Error),
}

impl From<Error> for SiteFailure {
    fn from(e: Error) -> Self {
        SiteFailure::Fatal(e)
    }
}

/// Builds the site of `ws` into `out`, staged and swapped in. `diagnostics` feed the home
/// page's health panel.
pub fn build_site(
    ws: &Workspace,
    diagnostics: &[Diagnostic],
    out: &Path,
    options: &SiteOptions,
) -> Result<SiteReport, SiteFailure> {
    let renderer = SiteRenderer::for_one_build(options.template_root, options.visibility)?;
    renderer.render_staged(ws, diagnostics, out, options.tree)
}

/// Builds a page's own template data, given the shared context and the page's root.
type PageData = Box<dyn Fn(&SiteContext, &str) -> Context + Send + Sync>;

/// A page to render: output path, template and its own data.
struct PageJob {
    path: String,
    template: &'static str,
    title: String,
    nav: String,
    data: PageData,
}

/// Every page that is not a document page.
fn other_pages(site: &SiteContext) -> Vec<PageJob> {
    let mut jobs = fixed_pages();
    jobs.extend(kind_pages(site));
    jobs.extend(taxonomy_pages(site));
    jobs
}

fn job(path: &str, template: &'static str, title: &str, nav: &str, data: PageData) -> PageJob {
    PageJob {
        path: path.to_owned(),
        template,
        title: title.to_owned(),
        nav: nav.to_owned(),
        data,
    }
}

/// The pages every site has: home, roadmap, timeline, graph, priorities, search, 404.
fn fixed_pages() -> Vec<PageJob> {
    vec![
        job(
            "index.html",
            "home.html",
            "Home",
            "home",
            Box::new(|site, _| one("home", &home::home(site))),
        ),
        job(
            "roadmap.html",
            "roadmap.html",
            "Roadmap",
            "roadmap",
            Box::new(|site, _| one("boards", &roadmap::all_boards(site))),
        ),
        job(
            "timeline.html",
            "timeline.html",
            "Timeline",
            "timeline",
            Box::new(|site, _| one("timeline", &roadmap::timeline(site))),
        ),
        job(
            "graph.html",
            "graph.html",
            "Dependency graph",
            "graph",
            Box::new(|site, root| {
                let mut context = one("svg", &graph::graph_svg(site, root));
                context.insert("outline", &graph::graph_outline(site));
                context.insert("filters", &graph::graph_filters(site));
                context
            }),
        ),
        job(
            "priorities.html",
            "priorities.html",
            "Priorities",
            "priorities",
            Box::new(|site, _| one("priorities", &priorities::priorities(site))),
        ),
        job(
            "search.html",
            "search.html",
            "Search",
            "search",
            Box::new(|_, _| Context::new()),
        ),
        // Hosts serve the 404 page at any address, so its links start from `base_url`.
        job(
            "404.html",
            "404.html",
            "Page not found",
            "",
            Box::new(|site, _| one("root", &site.ws.config.site.base_url)),
        ),
    ]
}

/// One index page per kind of document.
fn kind_pages(site: &SiteContext) -> Vec<PageJob> {
    let mut jobs = Vec::new();
    for (kind, docs) in site.by_kind() {
        let plural = crate::model::kind_plural(&site.ws.config, kind);
        let kind = kind.to_owned();
        jobs.push(job(
            &format!("{}/index.html", kind_folder(&kind)),
            "kind.html",
            &plural,
            &kind.clone(),
            Box::new(move |site, _| {
                let mut context = Context::new();
                context.insert_value("index", lists::kind_index_value(site, &kind, &docs));
                context
            }),
        ));
    }
    jobs
}

/// A page per taxonomy term, and an index per taxonomy.
fn taxonomy_pages(site: &SiteContext) -> Vec<PageJob> {
    let mut jobs = Vec::new();
    // Computed once and shared: a term page must not cost time per document.
    let taxonomies = std::sync::Arc::new(taxonomy::taxonomies(site));
    for (t, taxonomy) in taxonomies.iter().enumerate() {
        for (n, term) in taxonomy.terms.iter().enumerate() {
            let shared = taxonomies.clone();
            jobs.push(job(
                &term.url,
                "term.html",
                &format!("{}: {}", taxonomy.singular, term.name),
                taxonomy.folder,
                Box::new(move |_, _| {
                    // Only this term's documents: a term page must not grow with the others.
                    let taxonomy = &shared[t];
                    let mut context = one("taxonomy", &taxonomy::TaxonomyInfo::of(taxonomy));
                    context.insert("term", &taxonomy.terms[n]);
                    context
                }),
            ));
        }
        let shared = taxonomies.clone();
        jobs.push(job(
            &format!("{}/index.html", taxonomy.folder),
            "taxonomy.html",
            taxonomy.title,
            taxonomy.folder,
            Box::new(move |_, _| one("taxonomy", &shared[t])),
        ));
    }
    jobs
}

fn one(key: &'static str, value: &impl Serialize) -> Context {
    let mut context = Context::new();
    context.insert(key, value);
    context
}
