//! The one rebuild loop of `spex watch` and `spex serve`: changed paths in, the
//! [`Compiler`] brought up to date, and (when there is a site to keep) the pages the
//! change touches rendered — the changed documents' pages first, since they need no
//! validation, then the indexes. What to tell the user is up to a [`Front`]: the
//! terminal for `spex watch`, open pages and the terminal for `spex serve`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use super::{Changes, affected_documents, classify};
use crate::LoadedConfig;
use crate::audience::Visibility;
use crate::compiler::{Compilation, Compiler};
use crate::error::Result;
use crate::load::{Filter, FsTree};
use crate::model::Workspace;
use crate::render::output::DirectOutput;
use crate::render::site::{SiteFailure, SiteRenderer, SiteReport};

/// What is rebuilt, and where.
pub struct RebuildSettings {
    pub root: PathBuf,
    /// The site folder; `None` when only diagnostics are wanted (`spex watch` without
    /// `--build`).
    pub out: Option<PathBuf>,
    pub visibility: Visibility,
    /// Whether pages get the live-reload script (`spex serve`).
    pub live_reload: bool,
    /// Folders under the workspace that spex writes itself (see
    /// [`own_output`](super::own_output)).
    pub ignored: Vec<PathBuf>,
}

/// The state a [`Front`] may look at.
pub struct View<'a> {
    pub compiler: &'a Compiler<FsTree>,
    /// The newest compilation; `None` before the first.
    pub compilation: Option<&'a Compilation>,
    /// When the change was seen (or the first build started).
    pub started: Instant,
}

/// Pages a rebuild wrote, by stage.
pub enum Written {
    /// The whole site, staged and swapped in (at the start, or after a change to the
    /// config, the templates or the set of documents).
    Everything(SiteReport),
    /// The changed documents' pages (output-relative paths), written before validation.
    Pages(Vec<String>),
    /// The indexes after validation; `assets` says a linked file changed, so any page may
    /// show something new. `total` counts the pages of both stages.
    Indexes {
        written: Vec<String>,
        assets: bool,
        total: usize,
    },
}

/// What a rebuild tells the user. Each method is told of one step; the `Result` of those
/// that return one stops the loop when it is an error.
pub trait Front {
    /// spex.yaml changed and has errors (`Ok`), or could not be read (`Err`): the last
    /// good config stays in use, and the other changes go on under it.
    fn config_rejected(&mut self, config: Result<LoadedConfig>, view: View<'_>) -> Result<()>;
    /// spex.yaml changed and the new one is in use.
    fn config_accepted(&mut self) {}
    /// Some changed documents' newest save is broken: they keep their last good version
    /// (see [`Compiler::keep_last_good`]); `nothing_else` says no page needs rendering.
    fn held_back(&mut self, _view: View<'_>, _nothing_else: bool) {}
    /// A new compilation. `previous` is the one before it, `None` at the start; `changes`
    /// is `None` at the start too.
    fn compiled(
        &mut self,
        _previous: Option<&Compilation>,
        _now: &Compilation,
        _changes: Option<&Changes>,
    ) {
    }
    /// Pages written.
    fn written(&mut self, _written: Written, _view: View<'_>) {}
    /// The site could not be rendered from `workspace`.
    fn render_failed(
        &mut self,
        failure: SiteFailure,
        workspace: &Workspace,
        view: View<'_>,
    ) -> Result<()>;
}

/// A compiler kept up to date with the files, and the site rendered from it.
pub struct Rebuilder {
    settings: RebuildSettings,
    compiler: Compiler<FsTree>,
    renderer: Option<SiteRenderer>,
    /// The newest compilation.
    compilation: Option<Compilation>,
    /// A render failed since the last full one: the site may be stale anywhere.
    site_stale: bool,
}

impl Rebuilder {
    /// Nothing compiled or rendered yet: see [`Rebuilder::build_everything`].
    pub fn new(settings: RebuildSettings, compiler: Compiler<FsTree>) -> Rebuilder {
        Rebuilder {
            settings,
            compiler,
            renderer: None,
            compilation: None,
            site_stale: true,
        }
    }

    /// The compiler, kept up to date with the files.
    pub fn compiler(&self) -> &Compiler<FsTree> {
        &self.compiler
    }

    /// Compiles everything and, with a site, renders all of it (the start).
    pub fn build_everything(&mut self, front: &mut dyn Front) -> Result<()> {
        let started = Instant::now();
        let compilation = self.compiler.compile();
        front.compiled(None, &compilation, None);
        self.compilation = Some(compilation);
        self.render_everything(front, started)
    }

    /// Brings the compilation and the site up to date with the changed `paths`
    /// (absolute, as the watcher reports them). Paths spex ignores change nothing.
    pub fn on_change(&mut self, paths: &[PathBuf], front: &mut dyn Front) -> Result<()> {
        let started = Instant::now();
        let filter = Filter::new(self.compiler.config());
        let changes = classify(
            &self.settings.root,
            &filter,
            &self.settings.ignored,
            paths.iter().map(|p| p.as_path()),
        );
        if changes.is_empty() {
            return Ok(());
        }
        let applied = self.compiler.apply(&changes.paths());
        let config_replaced = applied.config_replaced();
        if let Some(config) = applied.config {
            if config_replaced {
                front.config_accepted();
            } else {
                front.config_rejected(config, self.view(started))?;
                let only_config =
                    changes.documents.is_empty() && changes.assets.is_empty() && !changes.templates;
                if only_config {
                    return Ok(()); // nothing else changed: the front said why
                }
            }
        }
        let wants_site = self.settings.out.is_some();
        // A new config or templates change every page; a document that came or went
        // changes page names, and the staged swap removes the pages of vanished ones.
        let everything = config_replaced
            || changes.templates
            || applied.structural
            || (wants_site && (self.renderer.is_none() || self.site_stale));
        if everything {
            // The templates are read again too: a file written into a folder just
            // created can be missed by the watcher, which then reports the folder only.
            self.renderer = None;
            let previous = self.compilation.take();
            let compilation = self.compiler.compile();
            front.compiled(previous.as_ref(), &compilation, Some(&changes));
            self.compilation = Some(compilation);
            return self.render_everything(front, started);
        }
        self.render_changed(&changes, front, started)
    }

    /// Renders the whole site from the newest compilation, staged.
    fn render_everything(&mut self, front: &mut dyn Front, started: Instant) -> Result<()> {
        let Some(out) = &self.settings.out else {
            return Ok(());
        };
        let Some(compilation) = &self.compilation else {
            return Ok(());
        };
        if self.renderer.is_none() {
            match SiteRenderer::new(
                Some(&self.settings.root),
                self.settings.visibility,
                self.settings.live_reload,
            ) {
                Ok(renderer) => self.renderer = Some(renderer),
                Err(failure) => return self.failed(failure, started, front),
            }
        }
        let Some(renderer) = &self.renderer else {
            return Ok(());
        };
        match renderer.render_staged(
            &compilation.workspace,
            &compilation.diagnostics,
            out,
            self.compiler.tree(),
        ) {
            Ok(report) => {
                self.site_stale = false;
                front.written(Written::Everything(report), self.view(started));
                Ok(())
            }
            Err(failure) => self.failed(failure, started, front),
        }
    }

    /// Only documents changed: their pages (and those linking to or from them) first,
    /// then validation, then the indexes.
    fn render_changed(
        &mut self,
        changes: &Changes,
        front: &mut dyn Front,
        started: Instant,
    ) -> Result<()> {
        // A save that broke a document leaves its last good version compiled, so nothing
        // about it needs rendering; the front says why.
        let held = self.compiler.held_back();
        let edited: BTreeSet<String> = changes
            .documents
            .iter()
            .filter(|p| !held.contains_key(*p))
            .cloned()
            .collect();
        let nothing_else = edited.is_empty() && changes.assets.is_empty();
        if changes.documents.len() != edited.len() {
            front.held_back(self.view(started), nothing_else);
        }
        if nothing_else {
            return Ok(());
        }
        let assembled = self.compiler.assemble();
        let mut first = Vec::new();
        if let (Some(out), Some(renderer)) = (&self.settings.out, &self.renderer) {
            let sink = DirectOutput::new(out);
            let before = self.compilation.as_ref().map(|c| &c.workspace);
            let docs = affected_documents(before, &assembled.workspace, &edited);
            // Page bodies do not depend on validation (only the home page's health panel
            // does), so the page being edited reloads before it runs.
            if let Err(failure) = renderer.render_documents(&assembled.workspace, &[], &sink, &docs)
            {
                let previous = self.compilation.take();
                let compilation = self.compiler.validate(assembled);
                front.compiled(previous.as_ref(), &compilation, Some(changes));
                self.compilation = Some(compilation);
                return self.failed(failure, started, front);
            }
            first = sink.take_written();
            front.written(Written::Pages(first.clone()), self.view(started));
        }
        let previous = self.compilation.take();
        let compilation = self.compiler.validate(assembled);
        front.compiled(previous.as_ref(), &compilation, Some(changes));
        self.compilation = Some(compilation);
        let (Some(out), Some(renderer), Some(compilation)) =
            (&self.settings.out, &self.renderer, &self.compilation)
        else {
            return Ok(());
        };
        let sink = DirectOutput::new(out);
        match renderer.render_indexes(
            &compilation.workspace,
            &compilation.diagnostics,
            &sink,
            self.compiler.tree(),
        ) {
            Ok(_) => {
                let written = sink.take_written();
                let total = first.len() + written.len();
                let assets = !changes.assets.is_empty();
                front.written(
                    Written::Indexes {
                        written,
                        assets,
                        total,
                    },
                    self.view(started),
                );
                Ok(())
            }
            Err(failure) => self.failed(failure, started, front),
        }
    }

    /// Tells the front why the site could not be rendered; the next change renders all
    /// of it again.
    fn failed(
        &mut self,
        failure: SiteFailure,
        started: Instant,
        front: &mut dyn Front,
    ) -> Result<()> {
        self.site_stale = true;
        let Some(compilation) = &self.compilation else {
            return Ok(());
        };
        front.render_failed(failure, &compilation.workspace, self.view(started))
    }

    fn view(&self, started: Instant) -> View<'_> {
        View {
            compiler: &self.compiler,
            compilation: self.compilation.as_ref(),
            started,
        }
    }
}
