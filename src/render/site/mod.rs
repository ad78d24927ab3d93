//! The static site: one page per document, indexes, roadmap views, graph, priorities,
//! taxonomies and search, rendered in parallel into a staged output folder.

mod assets;
mod context;
mod doc_page;
mod graph;
mod history;
mod home;
mod links;
mod lists;
mod priorities;
mod roadmap;
mod search;
mod taxonomy;
pub mod urls;

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

pub use context::{Visibility, field_label, id_order};

use self::context::{SiteContext, kind_labels};
use self::search::Entry;
use super::output::{StagedOutput, WriteStats};
use super::templates::{BUILTIN, Templates};
use crate::diag::{Diagnostic, Files};
use crate::error::Error;
use crate::load::SourceTree;
use crate::model::Workspace;

/// How to build.
pub struct SiteOptions<'a> {
    pub visibility: Visibility,
    /// Where the workspace's `templates/` overrides are (none for a git revision).
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

/// The `site` value every template sees.
#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    base_url: &'a str,
    nav: Vec<NavItem>,
    generator: &'static str,
    /// Whether git history is known (pages show dates; the site has a feed).
    has_history: bool,
}

#[derive(Serialize)]
struct NavItem {
    key: String,
    label: String,
    url: String,
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

/// Builds the site of `ws` into `out`. `diagnostics` feed the home page's health panel.
pub fn build_site(
    ws: &Workspace,
    diagnostics: &[Diagnostic],
    out: &Path,
    options: &SiteOptions,
) -> Result<SiteReport, SiteFailure> {
    let (mut templates, template_diagnostics) = Templates::load(options.template_root, BUILTIN);
    if !template_diagnostics.is_empty() {
        return Err(SiteFailure::Diagnostics(
            template_diagnostics,
            templates.files,
        ));
    }
    let site = SiteContext::new(ws, options.visibility, diagnostics);
    templates.set_global("site", &site_info(&site));
    let staged = StagedOutput::new(out)?;
    match render_all(&site, &templates, &staged, options.tree) {
        Ok(pages) => Ok(SiteReport {
            pages,
            stats: staged.commit()?,
        }),
        Err(failure) => {
            staged.discard();
            Err(match failure {
                SiteFailure::Diagnostics(d, _) => SiteFailure::Diagnostics(d, templates.files),
                other => other,
            })
        }
    }
}

fn site_info<'a>(site: &SiteContext<'a>) -> SiteInfo<'a> {
    let config = &site.ws.config;
    // Roadmap documents are reached through the roadmap page, which shows their boards.
    let mut nav: Vec<NavItem> = site
        .by_kind()
        .keys()
        .filter(|kind| config.kind(kind).and_then(|k| k.role) != Some(crate::config::Role::Roadmap))
        .map(|kind| NavItem {
            key: (*kind).to_owned(),
            label: kind_labels(kind).1,
            url: format!("{}/index.html", urls::safe_segment(kind)),
        })
        .collect();
    nav.push(NavItem {
        key: "roadmap".into(),
        label: "Roadmap".into(),
        url: "roadmap.html".into(),
    });
    // The order a product team reads in, then custom kinds alphabetically.
    let order = [
        "vision",
        "objective",
        "prd",
        "roadmap",
        "decision",
        "release",
    ];
    // (the roadmap page takes the roadmap kind's place)
    nav.sort_by_key(|n| {
        (
            order
                .iter()
                .position(|o| *o == n.key)
                .unwrap_or(order.len()),
            n.key.clone(),
        )
    });
    for (key, label, url) in [
        ("timeline", "Timeline", "timeline.html"),
        ("graph", "Graph", "graph.html"),
        ("priorities", "Priorities", "priorities.html"),
    ] {
        nav.push(NavItem {
            key: key.into(),
            label: label.into(),
            url: url.into(),
        });
    }
    SiteInfo {
        title: &config.site.title,
        base_url: &config.site.base_url,
        nav,
        generator: concat!("spex ", env!("CARGO_PKG_VERSION")),
        has_history: site.ws.history.is_some(),
    }
}

/// Renders every page; returns how many.
fn render_all(
    site: &SiteContext,
    templates: &Templates,
    staged: &StagedOutput,
    tree: &dyn SourceTree,
) -> Result<usize, SiteFailure> {
    // Document pages first: their visible text feeds the search index.
    let visible: Vec<usize> = site.visible_docs().map(|(i, _)| i).collect();
    let entries: Vec<Entry> = visible
        .par_iter()
        .map(|&idx| {
            let path = &site.doc_paths[idx];
            let root = urls::root_of(path);
            let (page, body) = doc_page::doc_page(site, idx, &root);
            let mut context = base_context(&root, &page.doc.title, &page.doc.kind);
            let summary = home::first_paragraph(site.ws.docs[idx].body_text(), 200);
            context.insert("page", &page);
            write_page(templates, staged, path, "doc.html", &context)?;
            let doc = &site.ws.docs[idx];
            let fields: Vec<String> = page
                .meta
                .iter()
                .flat_map(|m| m.items.iter().map(|i| i.text.clone()))
                .collect();
            let text = format!(
                "{} {} {} {}",
                doc.label(),
                doc.title,
                fields.join(" "),
                body.text
            );
            Ok(Entry {
                doc: page.doc,
                summary,
                text,
            })
        })
        .collect::<Result<_, SiteFailure>>()?;

    let jobs = other_pages(site);
    jobs.par_iter().try_for_each(|job| {
        let root = urls::root_of(&job.path);
        let mut context = base_context(&root, &job.title, &job.nav);
        context.extend((job.data)(site, &root));
        write_page(templates, staged, &job.path, job.template, &context)
    })?;

    staged.write("search-index.js", search::index_script(&entries).as_bytes())?;
    if let Some(feed) = history::feed(site) {
        let mut context = Context::new();
        context.insert("feed", &feed);
        write_page(templates, staged, "feed.xml", "feed.xml", &context)?;
    }
    for (path, text) in assets::STATIC {
        staged.write(path, text.as_bytes())?;
    }
    for asset in &site.assets {
        let bytes = tree.read(asset).map_err(|source| Error::Read {
            path: asset.into(),
            source,
        })?;
        staged.write(&urls::asset_path(asset), &bytes)?;
    }
    Ok(entries.len() + jobs.len())
}

fn base_context(root: &str, title: &str, nav: &str) -> Context {
    let mut context = Context::new();
    context.insert("root", root);
    context.insert("title", title);
    context.insert("nav", nav);
    context
}

fn write_page(
    templates: &Templates,
    staged: &StagedOutput,
    path: &str,
    template: &str,
    context: &Context,
) -> Result<(), SiteFailure> {
    let html = templates
        .render(template, context)
        .map_err(|d| SiteFailure::Diagnostics(vec![*d], Files::default()))?;
    staged.write(path, html.as_bytes())?;
    Ok(())
}

/// Every page that is not a document page.
fn other_pages(site: &SiteContext) -> Vec<PageJob> {
    let job =
        |path: &str, template: &'static str, title: &str, nav: &str, data: PageData| PageJob {
            path: path.to_owned(),
            template,
            title: title.to_owned(),
            nav: nav.to_owned(),
            data,
        };
    let mut jobs = vec![
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
            Box::new(|site, root| one("svg", &graph::graph_svg(site, root))),
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
    ];
    for (kind, docs) in site.by_kind() {
        let (_, plural) = kind_labels(kind);
        let kind = kind.to_owned();
        jobs.push(job(
            &format!("{}/index.html", urls::safe_segment(&kind)),
            "kind.html",
            &plural,
            &kind.clone(),
            Box::new(move |site, _| one("index", &lists::kind_index(site, &kind, &docs))),
        ));
    }
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
