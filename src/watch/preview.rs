//! The rebuild side of `spex serve`: changed paths in, the preview folder brought up to
//! date (the changed pages first), and open pages told to reload or what is wrong.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::overlay::OverlayFilter;
use super::serve::{Live, LiveEvent, Report};
use super::{IncrementalCompiler, affected_documents, classify};
use crate::audience::Visibility;
use crate::diag::{Diagnostic, Files, Severity, Tally, plural};
use crate::model::{History, Workspace};
use crate::render::output::DirectOutput;
use crate::render::site::{SiteFailure, SiteRenderer};
use crate::{Compilation, LoadedConfig};

/// What a preview is of, and where it goes.
pub struct PreviewSettings {
    pub root: PathBuf,
    /// How to print workspace paths from the current folder.
    pub prefix: String,
    pub out: PathBuf,
    pub visibility: Visibility,
    pub verbose: bool,
}

pub struct Preview {
    settings: PreviewSettings,
    live: Arc<Live>,
    history: Option<Arc<History>>,
    compiler: IncrementalCompiler,
    renderer: Option<SiteRenderer>,
    /// The last compilation that was rendered.
    compilation: Option<Compilation>,
    /// spex.yaml's errors while it is broken: the last good config stays in use, and the
    /// overlay says so until it is fixed, whatever else is saved meanwhile.
    config_report: Option<Report>,
}

impl Preview {
    /// Loads every document (not rendered yet: see [`Preview::rebuild_everything`]).
    pub fn new(
        settings: PreviewSettings,
        config: &LoadedConfig,
        history: Option<Arc<History>>,
        live: Arc<Live>,
    ) -> Preview {
        let compiler = compiler(&settings.root, config, history.clone());
        Preview {
            settings,
            live,
            history,
            compiler,
            renderer: None,
            compilation: None,
            config_report: None,
        }
    }

    /// A full render (start, config or template change), swapped in file by file.
    pub fn rebuild_everything(&mut self) {
        let compilation = self.compiler.compile();
        let settings = &self.settings;
        self.renderer = match SiteRenderer::new(Some(&settings.root), settings.visibility, true) {
            Ok(renderer) => Some(renderer),
            Err(failure) => {
                self.report_failure(failure, &compilation.workspace);
                return;
            }
        };
        let Some(renderer) = &self.renderer else {
            return;
        };
        let result = renderer
            .render_staged(
                &compilation.workspace,
                &compilation.diagnostics,
                &settings.out,
                self.compiler.tree(),
            )
            .map(|_| ());
        match result {
            Ok(()) => {
                self.print_summary(&compilation);
                self.live.send(LiveEvent::Reload(vec!["*".into()]));
                self.compilation = Some(compilation);
                self.refresh_overlay();
            }
            Err(failure) => self.report_failure(failure, &compilation.workspace),
        }
    }

    pub fn on_change(&mut self, paths: &[PathBuf]) {
        let started = Instant::now();
        let filter = crate::load::Filter::new(&self.compiler.config);
        // The preview folder is outside the workspace: nothing to ignore.
        let changes = classify(
            &self.settings.root,
            &filter,
            &[],
            paths.iter().map(|p| p.as_path()),
        );
        if changes.is_empty() {
            return;
        }
        let config_changed = changes.config && self.reload_config();
        let only_config =
            changes.documents.is_empty() && changes.assets.is_empty() && !changes.templates;
        if changes.config && !config_changed && only_config {
            return; // a broken spex.yaml, and nothing else: the overlay says so already
        }
        // Created, deleted or renamed documents and moved folders change page names:
        // render everything, so pages of documents that are gone are removed too.
        let structural = !config_changed && self.compiler.update(&changes.paths());
        if config_changed || changes.templates || structural || self.renderer.is_none() {
            self.rebuild_everything();
            return;
        }
        // A save that broke a document leaves its last good version compiled, so nothing
        // about it needs rendering; the overlay says why.
        let held = self.compiler.held_back();
        if changes.documents.iter().any(|p| held.contains_key(p)) {
            let (text, _) = self.held_back_text();
            eprintln!("{text}");
        }
        let edited: BTreeSet<String> = changes
            .documents
            .iter()
            .filter(|p| !held.contains_key(*p))
            .cloned()
            .collect();
        if edited.is_empty() && changes.assets.is_empty() {
            self.refresh_overlay();
            return;
        }
        let Some(renderer) = &self.renderer else {
            return;
        };
        let config = self.compiler.config.clone();
        let assembled = self.compiler.assemble();
        let sink = DirectOutput::new(&self.settings.out);
        let before = self.compilation.as_ref().map(|c| &c.workspace);
        let docs = affected_documents(before, &assembled.workspace, &edited);
        // The changed pages first, so the page being edited reloads at once; they do not
        // depend on validation (only the home page's health panel does), so it comes after.
        if let Err(failure) = renderer.render_documents(&assembled.workspace, &[], &sink, &docs) {
            self.report_failure(failure, &assembled.workspace);
            return;
        }
        let first = sink.take_written();
        if self.settings.verbose {
            eprintln!(
                "rebuilt {} in {:.0?} after the change was seen",
                plural(first.len(), "page"),
                started.elapsed()
            );
        }
        self.live.send(LiveEvent::Reload(first));
        let compilation = assembled.validate(&config);
        if let Err(failure) = renderer.render_indexes(
            &compilation.workspace,
            &compilation.diagnostics,
            &sink,
            self.compiler.tree(),
        ) {
            self.report_failure(failure, &compilation.workspace);
            return;
        }
        // Any page may show a changed image or attachment; page paths cannot tell which.
        let written = sink.take_written();
        self.live
            .send(LiveEvent::Reload(if changes.assets.is_empty() {
                written
            } else {
                vec!["*".into()]
            }));
        self.compilation = Some(compilation);
        self.refresh_overlay();
        if self.settings.verbose {
            eprintln!("updated the indexes in {:.0?}", started.elapsed());
        }
    }

    /// Reads spex.yaml again. True when it is good (and now in use); while it is broken,
    /// the last good one stays in use and the overlay says why.
    fn reload_config(&mut self) -> bool {
        match crate::load_config(self.compiler.tree()) {
            Ok(config) if config.diagnostics.is_empty() => {
                self.config_report = None;
                self.compiler = compiler(&self.settings.root, &config, self.history.clone());
                true
            }
            Ok(config) => {
                let text = render_text(&config.diagnostics, &config.files, &self.settings.prefix);
                eprintln!("{text}");
                self.config_report = Some(Report {
                    title: "spex.yaml has errors: the preview uses its last good version".into(),
                    text,
                    blocking: true,
                });
                self.refresh_overlay();
                false
            }
            Err(e) => {
                eprintln!("error: {e}");
                false
            }
        }
    }

    /// Shows what is most urgent over the pages: a broken spex.yaml, then broken saves
    /// (their pages are stale), then the workspace's errors; or hides the overlay.
    fn refresh_overlay(&self) {
        let report = if let Some(report) = &self.config_report {
            Some(report.clone())
        } else if !self.compiler.held_back().is_empty() {
            let (text, errors) = self.held_back_overlay();
            Some(Report {
                title: format!(
                    "{}: the page shows the last good version",
                    plural(errors, "error")
                ),
                text,
                blocking: true,
            })
        } else {
            self.compilation.as_ref().and_then(|compilation| {
                let errors: Vec<Diagnostic> = compilation
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .cloned()
                    .collect();
                let shown = self.overlay_filter().shown(&errors);
                (!errors.is_empty()).then(|| Report {
                    title: format!("{} in the workspace", plural(errors.len(), "error")),
                    text: shown.render(&compilation.files, &self.settings.prefix),
                    blocking: false,
                })
            })
        };
        self.live.send(match report {
            Some(report) => LiveEvent::Diagnostics(report),
            None => LiveEvent::Clear,
        });
    }

    /// [`Preview::held_back_text`] as the overlay may show it: only what passes the
    /// site's visibility filter, judged on the broken parse and its last good version.
    fn held_back_overlay(&self) -> (String, usize) {
        let mut files = Files::default();
        let mut diagnostics = Vec::new();
        for (path, held) in self.compiler.held_back() {
            files.insert(path.clone(), held.text.clone());
            diagnostics.extend(held.diagnostics.iter().cloned());
        }
        let shown = self.overlay_filter().shown(&diagnostics);
        (
            shown.render(&files, &self.settings.prefix),
            diagnostics.len(),
        )
    }

    /// What the overlay may show, asked the way the site asks (see
    /// [`OverlayFilter`]): documents hidden from this preview, confidential
    /// sections of shown ones, and their IDs named in messages stay out of it.
    fn overlay_filter(&self) -> OverlayFilter<'_> {
        self.overlay_filter_for(self.compilation.as_ref().map(|c| &c.workspace))
    }

    /// [`Preview::overlay_filter`] for a workspace not rendered yet.
    fn overlay_filter_for<'p>(&'p self, workspace: Option<&'p Workspace>) -> OverlayFilter<'p> {
        OverlayFilter {
            visibility: self.settings.visibility,
            workspace,
            held: self.compiler.held_back(),
        }
    }

    /// The diagnostics of every broken save, rendered, and how many there are (for the
    /// terminal: the author's own).
    fn held_back_text(&self) -> (String, usize) {
        let mut files = Files::default();
        let mut diagnostics = Vec::new();
        for (path, held) in self.compiler.held_back() {
            files.insert(path.clone(), held.text.clone());
            diagnostics.extend(held.diagnostics.iter().cloned());
        }
        (
            render_text(&diagnostics, &files, &self.settings.prefix),
            diagnostics.len(),
        )
    }

    /// One line on the terminal after a full build; the overlay has the details.
    fn print_summary(&self, compilation: &Compilation) {
        let tally = Tally::of(&compilation.diagnostics);
        eprintln!(
            "{}",
            crate::diag::human::summary(tally, &plural(compilation.workspace.len(), "document"))
        );
        if compilation
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            eprintln!("the pages show them in an overlay; `spex check` lists them all");
        }
    }

    /// Says why `workspace` could not be rendered: all of it on the terminal, what the
    /// overlay may show over the pages.
    fn report_failure(&self, failure: SiteFailure, workspace: &Workspace) {
        let filter = self.overlay_filter_for(Some(workspace));
        let (text, shown) = match failure {
            SiteFailure::Diagnostics(diagnostics, files) => (
                render_text(&diagnostics, &files, &self.settings.prefix),
                filter
                    .shown(&diagnostics)
                    .render(&files, &self.settings.prefix),
            ),
            SiteFailure::Fatal(error) => {
                let text = error.to_string();
                // An error is one message with no span: it is shown unless it names a
                // hidden document.
                (text.clone(), filter.shown_message(text))
            }
        };
        eprintln!("{text}");
        self.live.send(LiveEvent::Diagnostics(Report {
            title: "the site could not be rebuilt".into(),
            text: shown,
            blocking: true,
        }));
    }
}

fn compiler(
    root: &Path,
    config: &LoadedConfig,
    history: Option<Arc<History>>,
) -> IncrementalCompiler {
    IncrementalCompiler::new(root, config.config.clone(), config.files.clone(), history)
        .keep_last_good()
}

fn render_text(diagnostics: &[Diagnostic], files: &Files, prefix: &str) -> String {
    diagnostics
        .iter()
        .map(|d| crate::diag::human::render(d, files, false, prefix))
        .collect::<Vec<_>>()
        .join("\n\n")
}
