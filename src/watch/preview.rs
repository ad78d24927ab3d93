//! The rebuild side of `spex serve`: the rebuild loop ([`Rebuilder`]) keeps the preview
//! folder up to date, and this front tells open pages to reload or what is wrong.

use std::path::PathBuf;
use std::sync::Arc;

use super::overlay::OverlayFilter;
use super::rebuild::{Front, RebuildSettings, Rebuilder, View, Written};
use super::serve::{Live, LiveEvent, Report};
use crate::audience::Visibility;
use crate::compiler::Compiler;
use crate::diag::{Diagnostic, Files, Severity, Tally, plural};
use crate::error::Result;
use crate::load::FsTree;
use crate::model::{History, Workspace};
use crate::render::site::SiteFailure;
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

/// A live preview: the rebuild loop, and what it tells open pages.
pub struct Preview {
    rebuilder: Rebuilder,
    front: PreviewFront,
}

/// What open pages and the terminal are told.
struct PreviewFront {
    prefix: String,
    visibility: Visibility,
    verbose: bool,
    live: Arc<Live>,
    /// spex.yaml's errors while it is broken: the last good config stays in use, and the
    /// overlay says so until it is fixed, whatever else is saved meanwhile.
    config_report: Option<Report>,
}

impl Preview {
    /// Sets up the compiler (nothing is read yet: see [`Preview::rebuild_everything`]).
    pub fn new(
        settings: PreviewSettings,
        config: &LoadedConfig,
        history: Option<Arc<History>>,
        live: Arc<Live>,
    ) -> Preview {
        let mut compiler = Compiler::with_config(FsTree::new(&settings.root), config);
        compiler.set_history(history);
        let rebuild = RebuildSettings {
            root: settings.root,
            out: Some(settings.out),
            visibility: settings.visibility,
            live_reload: true,
            // The preview folder is outside the workspace: nothing to ignore.
            ignored: Vec::new(),
        };
        Preview {
            rebuilder: Rebuilder::new(rebuild, compiler.keep_last_good()),
            front: PreviewFront {
                prefix: settings.prefix,
                visibility: settings.visibility,
                verbose: settings.verbose,
                live,
                config_report: None,
            },
        }
    }

    /// The first build: everything compiled and rendered, swapped in whole.
    pub fn rebuild_everything(&mut self) {
        // The preview front never stops the loop: it shows what went wrong instead.
        let _ = self.rebuilder.build_everything(&mut self.front);
    }

    /// Brings the preview up to date with changed paths (absolute, as the watcher
    /// reports them).
    pub fn on_change(&mut self, paths: &[PathBuf]) {
        let _ = self.rebuilder.on_change(paths, &mut self.front);
    }
}

impl Front for PreviewFront {
    fn config_rejected(&mut self, config: Result<LoadedConfig>, view: View<'_>) -> Result<()> {
        match config {
            Ok(config) => {
                let text = render_text(&config.diagnostics, &config.files, &self.prefix);
                eprintln!("{text}");
                self.config_report = Some(Report {
                    title: "spex.yaml has errors: the preview uses its last good version".into(),
                    text,
                    blocking: true,
                });
                self.refresh_overlay(&view);
            }
            Err(e) => eprintln!("error: {e}"),
        }
        Ok(())
    }

    fn config_accepted(&mut self) {
        self.config_report = None;
    }

    fn held_back(&mut self, view: View<'_>, nothing_else: bool) {
        let (text, _) = held_back_text(view.compiler, &self.prefix);
        eprintln!("{text}");
        if nothing_else {
            self.refresh_overlay(&view);
        }
    }

    fn written(&mut self, written: Written, view: View<'_>) {
        match written {
            Written::Everything(_) => {
                if let Some(compilation) = view.compilation {
                    print_summary(compilation);
                }
                self.live.send(LiveEvent::Reload(vec!["*".into()]));
                self.refresh_overlay(&view);
            }
            Written::Pages(first) => {
                if self.verbose {
                    eprintln!(
                        "rebuilt {} in {:.0?} after the change was seen",
                        plural(first.len(), "page"),
                        view.started.elapsed()
                    );
                }
                self.live.send(LiveEvent::Reload(first));
            }
            Written::Indexes {
                written, assets, ..
            } => {
                // Any page may show a changed image or attachment; page paths cannot
                // tell which.
                self.live.send(LiveEvent::Reload(if assets {
                    vec!["*".into()]
                } else {
                    written
                }));
                self.refresh_overlay(&view);
                if self.verbose {
                    eprintln!("updated the indexes in {:.0?}", view.started.elapsed());
                }
            }
        }
    }

    /// Says why `workspace` could not be rendered: all of it on the terminal, what the
    /// overlay may show over the pages.
    fn render_failed(
        &mut self,
        failure: SiteFailure,
        workspace: &Workspace,
        view: View<'_>,
    ) -> Result<()> {
        let filter = self.overlay_filter(Some(workspace), &view);
        let (text, shown) = match failure {
            SiteFailure::Diagnostics(diagnostics, files) => (
                render_text(&diagnostics, &files, &self.prefix),
                filter.shown(&diagnostics).render(&files, &self.prefix),
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
        Ok(())
    }
}

impl PreviewFront {
    /// Shows what is most urgent over the pages: a broken spex.yaml, then broken saves
    /// (their pages are stale), then the workspace's errors; or hides the overlay.
    fn refresh_overlay(&self, view: &View<'_>) {
        let workspace = view.compilation.map(|c| &c.workspace);
        let report = if let Some(report) = &self.config_report {
            Some(report.clone())
        } else if !view.compiler.held_back().is_empty() {
            let (text, errors) = self.held_back_overlay(view);
            Some(Report {
                title: format!(
                    "{}: the page shows the last good version",
                    plural(errors, "error")
                ),
                text,
                blocking: true,
            })
        } else {
            view.compilation.and_then(|compilation| {
                let errors: Vec<Diagnostic> = compilation
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .cloned()
                    .collect();
                let shown = self.overlay_filter(workspace, view).shown(&errors);
                (!errors.is_empty()).then(|| Report {
                    title: format!("{} in the workspace", plural(errors.len(), "error")),
                    text: shown.render(&compilation.files, &self.prefix),
                    blocking: false,
                })
            })
        };
        self.live.send(match report {
            Some(report) => LiveEvent::Diagnostics(report),
            None => LiveEvent::Clear,
        });
    }

    /// [`held_back_text`] as the overlay may show it: only what passes the site's
    /// visibility filter, judged on the broken parse and its last good version.
    fn held_back_overlay(&self, view: &View<'_>) -> (String, usize) {
        let (files, diagnostics) = held_back_diagnostics(view.compiler);
        let workspace = view.compilation.map(|c| &c.workspace);
        let shown = self.overlay_filter(workspace, view).shown(&diagnostics);
        (shown.render(&files, &self.prefix), diagnostics.len())
    }

    /// What the overlay may show, asked the way the site asks (see [`OverlayFilter`]):
    /// documents hidden from this preview, confidential sections of shown ones, and
    /// their IDs named in messages stay out of it.
    fn overlay_filter<'p>(
        &self,
        workspace: Option<&'p Workspace>,
        view: &View<'p>,
    ) -> OverlayFilter<'p> {
        OverlayFilter {
            visibility: self.visibility,
            workspace,
            held: view.compiler.held_back(),
        }
    }
}

/// The diagnostics of every broken save, with the texts they point into.
fn held_back_diagnostics(compiler: &Compiler<FsTree>) -> (Files, Vec<Diagnostic>) {
    let mut files = Files::default();
    let mut diagnostics = Vec::new();
    for (path, held) in compiler.held_back() {
        files.insert(path.clone(), held.text.clone());
        diagnostics.extend(held.diagnostics.iter().cloned());
    }
    (files, diagnostics)
}

/// The diagnostics of every broken save, rendered, and how many there are (for the
/// terminal: the author's own).
fn held_back_text(compiler: &Compiler<FsTree>, prefix: &str) -> (String, usize) {
    let (files, diagnostics) = held_back_diagnostics(compiler);
    (render_text(&diagnostics, &files, prefix), diagnostics.len())
}

/// One line on the terminal after a full build; the overlay has the details.
fn print_summary(compilation: &Compilation) {
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

fn render_text(diagnostics: &[Diagnostic], files: &Files, prefix: &str) -> String {
    diagnostics
        .iter()
        .map(|d| crate::diag::human::render(d, files, false, prefix))
        .collect::<Vec<_>>()
        .join("\n\n")
}
