//! Rendering pages: templates are loaded once; a build renders everything, watch mode
//! renders the pages of changed documents first, then the index pages.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::context::SiteContext;
use super::search::Entry;
use super::{SiteFailure, doc_page, history, home, llms_txt, other_pages, search, urls};
use crate::audience::Visibility;
use crate::config::Role;
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::load::SourceTree;
use crate::markup::templates::{BUILTIN, Templates};
use crate::model::kind_folder;
use crate::model::{DocIdx, Workspace};
use crate::render::output::{PageSink, StagedOutput};

/// The `site` value every template sees.
#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    base_url: &'a str,
    nav: Vec<NavItem>,
    generator: &'static str,
    /// Whether git history is known (pages show dates; the site has a feed).
    has_history: bool,
    /// `spex serve` only: pages load the live-reload script. Never in `spex build`.
    live_reload: bool,
}

#[derive(Serialize)]
struct NavItem {
    key: String,
    label: String,
    url: String,
}

/// Renders sites with one set of templates.
pub struct SiteRenderer {
    templates: Templates,
    visibility: Visibility,
    live_reload: bool,
    /// Search entries by document path, kept between renders so that re-rendering one
    /// document does not mean re-rendering all of them to rebuild the index.
    entries: Mutex<BTreeMap<String, Entry>>,
    /// Whether `entries` outlive a render (watch mode renders again); a single build
    /// frees them once the search index is written.
    keeps_entries: bool,
}

impl SiteRenderer {
    pub fn new(
        template_root: Option<&Path>,
        visibility: Visibility,
        live_reload: bool,
    ) -> Result<SiteRenderer, SiteFailure> {
        let (templates, diagnostics) = Templates::load(template_root, BUILTIN);
        if !diagnostics.is_empty() {
            return Err(SiteFailure::Diagnostics(diagnostics, templates.files));
        }
        Ok(SiteRenderer {
            templates,
            visibility,
            live_reload,
            entries: Mutex::default(),
            keeps_entries: true,
        })
    }

    /// A renderer for one build that renders nothing again: it frees what only a later
    /// render would reuse (the search entries) as soon as it has used it.
    pub fn for_one_build(
        template_root: Option<&Path>,
        visibility: Visibility,
    ) -> Result<SiteRenderer, SiteFailure> {
        Ok(SiteRenderer {
            keeps_entries: false,
            ..SiteRenderer::new(template_root, visibility, false)?
        })
    }

    /// Every page, asset and index; returns the number of pages.
    /// Renders every page into a staging folder beside `out` and swaps it in; on a
    /// failure the staging folder is dropped and `out` is left as it was.
    pub fn render_staged(
        &self,
        ws: &Workspace,
        diagnostics: &[Diagnostic],
        out: &Path,
        tree: &dyn SourceTree,
    ) -> Result<super::SiteReport, SiteFailure> {
        let staged = StagedOutput::new(out)?;
        match self.render_all(ws, diagnostics, &staged, tree) {
            Ok(pages) => Ok(super::SiteReport {
                pages,
                stats: staged.commit()?,
            }),
            Err(failure) => {
                staged.discard();
                Err(failure)
            }
        }
    }

    pub fn render_all(
        &self,
        ws: &Workspace,
        diagnostics: &[Diagnostic],
        sink: &dyn PageSink,
        tree: &dyn SourceTree,
    ) -> Result<usize, SiteFailure> {
        let site = SiteContext::new(ws, self.visibility, diagnostics);
        let visible: Vec<DocIdx> = site.visible_docs().map(|(i, _)| i).collect();
        self.entries
            .lock()
            .expect("lock poisoned only by a panic")
            .clear();
        self.render_docs_in(&site, &visible, sink)?;
        let pages = self.render_indexes_in(&site, sink, tree)?;
        Ok(visible.len() + pages)
    }

    /// The pages of the documents at `paths` (those that exist and are visible).
    pub fn render_documents(
        &self,
        ws: &Workspace,
        diagnostics: &[Diagnostic],
        sink: &dyn PageSink,
        paths: &[String],
    ) -> Result<Vec<String>, SiteFailure> {
        let site = SiteContext::new(ws, self.visibility, diagnostics);
        let idxs: Vec<DocIdx> = paths
            .iter()
            .filter_map(|p| ws.index_of_path(p))
            .filter(|&i| site.visible(i))
            .collect();
        self.render_docs_in(&site, &idxs, sink)?;
        Ok(idxs.iter().map(|&i| site.page_path(i).to_owned()).collect())
    }

    /// Everything but document pages: home, indexes, roadmap, graph, search, feed, assets.
    pub fn render_indexes(
        &self,
        ws: &Workspace,
        diagnostics: &[Diagnostic],
        sink: &dyn PageSink,
        tree: &dyn SourceTree,
    ) -> Result<usize, SiteFailure> {
        let site = SiteContext::new(ws, self.visibility, diagnostics);
        // Forget documents that are gone or hidden now.
        let visible: std::collections::BTreeSet<&str> =
            site.visible_docs().map(|(_, d)| d.path.as_str()).collect();
        self.entries
            .lock()
            .expect("lock poisoned only by a panic")
            .retain(|path, _| visible.contains(path.as_str()));
        self.render_indexes_in(&site, sink, tree)
    }

    fn render_docs_in(
        &self,
        site: &SiteContext,
        idxs: &[DocIdx],
        sink: &dyn PageSink,
    ) -> Result<(), SiteFailure> {
        let info = site_value(site, self.live_reload);
        site.prepare_page_views();
        let entries: Vec<(String, Entry)> = idxs
            .par_iter()
            .map(|&idx| {
                let path = site.page_path(idx);
                let root = urls::root_of(path);
                let (page, body) = doc_page::doc_page(site, idx, &root);
                // From the summary, which holds only the text this site publishes.
                let description = match first_sentence(&body.summary) {
                    "" => page.doc.title.clone(),
                    sentence => sentence.to_owned(),
                };
                let mut context = base_context(&info, &root, &page.doc.title, &page.doc.kind);
                context.insert("description", &description);
                context.insert("page", &page);
                self.write_page(sink, path, "doc.html", &context)?;
                let doc = &site.ws.docs[idx];
                let mut texts: Vec<&str> = vec![doc.label(), &doc.title];
                texts.extend(
                    page.meta
                        .iter()
                        .flat_map(|m| m.items.iter().map(|i| i.text.as_str())),
                );
                texts.push(&body.text);
                let summary = home::truncate_words(body.summary.trim(), 200);
                let entry = Entry::new(page.doc, summary, &texts);
                Ok((doc.path.clone(), entry))
            })
            .collect::<Result<_, SiteFailure>>()?;
        self.entries
            .lock()
            .expect("lock poisoned only by a panic")
            .extend(entries);
        Ok(())
    }

    fn render_indexes_in(
        &self,
        site: &SiteContext,
        sink: &dyn PageSink,
        tree: &dyn SourceTree,
    ) -> Result<usize, SiteFailure> {
        let info = site_value(site, self.live_reload);
        // `llms-full.txt` is made one document at a time on one thread: beside the
        // search index and the other pages, not after them, it costs no time of its own.
        let (pages, llms) = rayon::join(
            || {
                self.write_search_index(sink)?;
                self.render_other_pages(site, sink, &info)
            },
            || {
                if !site.ws.config.site.llms_txt {
                    return Ok(());
                }
                // Streamed: the full text is written as it is made, never held whole.
                let mut full = llms_txt::LlmsTxt::new(site);
                sink.copy("llms-full.txt", &mut full)?;
                sink.write("llms.txt", full.into_index().as_bytes())
            },
        );
        let pages = pages?;
        llms?;
        if let Some(feed) = history::feed(site) {
            let mut context = Context::new();
            context.insert_value("site", info.clone());
            context.insert("feed", &feed);
            self.write_page(sink, "feed.xml", "feed.xml", &context)?;
        }
        for (path, text) in crate::embedded::SITE_ASSETS.files {
            sink.write(path, text.as_bytes())?;
        }
        for asset in site.assets() {
            // Streamed: an attachment may be large, and is never held in memory whole.
            let mut reader = tree.open(asset).map_err(|source| Error::Read {
                path: asset.into(),
                source,
            })?;
            sink.copy(&urls::asset_path(asset), &mut reader)?;
        }
        Ok(pages)
    }

    /// `search-index.js`, from the entries the document pages left.
    fn write_search_index(&self, sink: &dyn PageSink) -> Result<(), SiteFailure> {
        // Before the other pages, not beside them: the index pages' template values
        // and the index being merged would add up at the peak.
        let mut entries = self.entries.lock().expect("lock poisoned only by a panic");
        // Stable order: by path, as documents are.
        let ordered: Vec<&Entry> = entries.values().collect();
        sink.write("search-index.js", &search::index_script(&ordered))?;
        drop(ordered);
        if !self.keeps_entries {
            // A single build renders no page again: the words go before the index
            // pages are made.
            *entries = BTreeMap::new();
        }
        Ok(())
    }

    /// Home, indexes, roadmap, graph, priorities, search and 404; returns how many.
    fn render_other_pages(
        &self,
        site: &SiteContext,
        sink: &dyn PageSink,
        info: &Value,
    ) -> Result<usize, SiteFailure> {
        let site_title = &site.ws.config.site.title;
        let jobs = other_pages(site);
        // One job per task: a few pages (the graph, priorities, the largest kind index)
        // cost as much as all the others, and rayon's default would give one thread a
        // run of them in a row while the other sits idle.
        jobs.par_iter().with_max_len(1).try_for_each(|job| {
            let root = urls::root_of(&job.path);
            let mut context = base_context(info, &root, &job.title, &job.nav);
            context.insert("description", &format!("{site_title}: {}", job.title));
            context.extend((job.data)(site, &root));
            self.write_page(sink, &job.path, job.template, &context)
        })?;
        Ok(jobs.len())
    }

    fn write_page(
        &self,
        sink: &dyn PageSink,
        path: &str,
        template: &str,
        context: &Context,
    ) -> Result<(), SiteFailure> {
        PAGE_BUFFER.with_borrow_mut(|html| {
            html.clear();
            let rendered = self.templates.render_into(template, context, html);
            let written = match rendered {
                Ok(()) => sink.write(path, html).map_err(SiteFailure::from),
                Err(d) => Err(SiteFailure::Diagnostics(
                    vec![*d],
                    self.templates.files.clone(),
                )),
            };
            // One large page (the graph) must not keep its size for the rest of the run.
            if html.capacity() > KEPT_BUFFER_BYTES {
                *html = Vec::new();
            }
            written
        })
    }
}

/// The most a thread's page buffer keeps between pages: more than any document page.
const KEPT_BUFFER_BYTES: usize = 1 << 20;

thread_local! {
    /// The page being rendered, one buffer per thread kept from page to page: rendering
    /// 10,000 pages allocates and regrows no string per page, and skips the check that
    /// a rendered page is UTF-8 (Tera writes only strings into it).
    static PAGE_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The first sentence of a summary paragraph (all of it when it has no sentence end),
/// cut at 300 bytes on a word boundary: a page's meta description.
fn first_sentence(summary: &str) -> &str {
    let text = summary.trim();
    let end = text
        .match_indices(['.', '!', '?'])
        .map(|(i, m)| i + m.len())
        .find(|&i| text[i..].is_empty() || text[i..].starts_with(char::is_whitespace))
        .unwrap_or(text.len());
    let sentence = &text[..end];
    if sentence.len() <= 300 {
        return sentence;
    }
    // The last character boundary at or before byte 300.
    let cut = (0..=300)
        .rev()
        .find(|&i| sentence.is_char_boundary(i))
        .unwrap_or(0);
    sentence[..cut]
        .rfind(char::is_whitespace)
        .map_or(&sentence[..cut], |i| sentence[..i].trim_end())
}

/// `info` is the `site` value, serialized once per render: a clone of a Tera value
/// shares its maps and lists, so no page pays for the navigation again.
fn base_context(info: &Value, root: &str, title: &str, nav: &str) -> Context {
    let mut context = Context::new();
    context.insert_value("site", info.clone());
    context.insert("root", root);
    context.insert("title", title);
    context.insert("nav", nav);
    context
}

/// The `site` value every template sees, as a Tera value.
fn site_value(site: &SiteContext, live_reload: bool) -> Value {
    Value::from_serializable(&site_info(site, live_reload))
}

fn site_info<'a>(site: &SiteContext<'a>, live_reload: bool) -> SiteInfo<'a> {
    let config = &site.ws.config;
    let role = |kind: &str| config.kind(kind).and_then(|k| k.role);
    let kinds = site.by_kind();
    // Roadmap documents are reached through the roadmap page, which shows their boards.
    let mut nav: Vec<NavItem> = kinds
        .keys()
        .filter(|kind| role(kind) != Some(Role::Roadmap))
        .map(|kind| NavItem {
            key: (*kind).to_owned(),
            label: crate::model::kind_plural(config, kind),
            url: format!("{}/index.html", kind_folder(kind)),
        })
        .collect();
    // Pages with nothing to show stay out of the navigation (a proposals repository
    // has no roadmap and nothing to prioritise); they are still written.
    let has_roadmap = kinds.keys().any(|kind| role(kind) == Some(Role::Roadmap));
    let has_prds = kinds.keys().any(|kind| role(kind) == Some(Role::Prd));
    let has_references = site.visible_docs().any(|(_, doc)| {
        doc.refs.iter().any(|r| {
            site.ws
                .index_of_id(&r.target)
                .is_some_and(|i| site.visible(i))
        })
    });
    if has_roadmap {
        nav.push(NavItem {
            key: "roadmap".into(),
            label: "Roadmap".into(),
            url: "roadmap.html".into(),
        });
    }
    // The order a product team reads in, then custom kinds alphabetically.
    let order = [
        "vision",
        "objective",
        "prd",
        "roadmap",
        "decision",
        "release",
    ];
    nav.sort_by_key(|n| {
        (
            order
                .iter()
                .position(|o| *o == n.key)
                .unwrap_or(order.len()),
            n.key.clone(),
        )
    });
    for (key, label, url, shown) in [
        ("timeline", "Timeline", "timeline.html", has_roadmap),
        ("graph", "Graph", "graph.html", has_references),
        ("priorities", "Priorities", "priorities.html", has_prds),
    ] {
        if shown {
            nav.push(NavItem {
                key: key.into(),
                label: label.into(),
                url: url.into(),
            });
        }
    }
    SiteInfo {
        title: &config.site.title,
        base_url: &config.site.base_url,
        nav,
        generator: concat!("spex ", env!("CARGO_PKG_VERSION")),
        has_history: site.ws.history.is_some(),
        live_reload,
    }
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn a_description_is_the_first_sentence() {
        assert_eq!(
            first_sentence(" Merchants pay less. We measure it weekly. "),
            "Merchants pay less."
        );
        assert_eq!(
            first_sentence("Version 2.1 ships in Q3."),
            "Version 2.1 ships in Q3."
        );
        assert_eq!(first_sentence("No full stop"), "No full stop");
        let long = "word ".repeat(100);
        assert!(first_sentence(&long).len() <= 300);
        assert!(first_sentence(&long).ends_with("word"));
    }
}
