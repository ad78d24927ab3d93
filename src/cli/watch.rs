//! `spex watch`: check once, then re-check on every change and print what changed in the
//! diagnostics (and with `--build`, keep the site up to date).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::args::WatchArgs;
use super::report::{self, Reporter, Stream};
use super::session::Session;
use super::{Cli, Format};
use crate::audience::Visibility;
use crate::diag::{Diagnostic, Tally, plural};
use crate::load::FsTree;
use crate::model::Workspace;
use crate::render::site::SiteFailure;
use crate::watch::rebuild::{Front, RebuildSettings, Rebuilder, View, Written};
use crate::watch::{Changes, WatchOptions, own_output, watch};
use crate::{Compilation, Compiler, LoadedConfig, Result};

pub fn run(cli: &Cli, args: &WatchArgs) -> Result<ExitCode> {
    let session = Session::open(cli, args.path.as_deref(), None)?;
    let root = session.root.clone();
    // Through the session, which says when history is shallow or lacks objects.
    let history = session.history()?;
    let config = &session.config;
    let reporter = Reporter::for_session(cli, Format::Human, Stream::Stdout, &session);
    reporter.config_problems(config);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join(&config.config.output));
    // The same guard as `spex build`: never the workspace, a folder holding it, or home.
    let out = if args.build {
        Some(crate::render::out_dir::guard_out_dir(&out, &root)?)
    } else {
        None
    };
    let mut compiler = Compiler::with_config(FsTree::new(&root), config);
    compiler.set_history(history);
    let settings = RebuildSettings {
        root: root.clone(),
        // An `--out` folder inside the workspace (the configured output folder is skipped
        // anyway): the writes of each rebuild would start the next one.
        ignored: out.as_deref().map(own_output).unwrap_or_default(),
        out: out.clone(),
        visibility: Visibility::default(),
        live_reload: false,
    };
    let mut rebuilder = Rebuilder::new(settings, compiler);
    let mut front = Terminal {
        cli,
        prefix: &session.prefix,
        reporter,
        // Site failures go to stderr, as in `spex build`.
        site_reporter: Reporter::for_session(cli, Format::Human, Stream::Stderr, &session),
        out: out.clone(),
        built: false,
    };

    let (_watcher, events) = watch(
        &root,
        WatchOptions {
            poll: args.poll,
            ..WatchOptions::default()
        },
    )?;
    rebuilder.build_everything(&mut front)?;
    eprintln!("watching {} for changes (Ctrl-C to stop)", root.display());
    for paths in events {
        rebuilder.on_change(&paths, &mut front)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `spex watch` tells the terminal: diagnostics on stdout, progress on stderr.
struct Terminal<'a> {
    cli: &'a Cli,
    prefix: &'a str,
    /// Diagnostics, on stdout.
    reporter: Reporter,
    /// Template failures of the site, on stderr.
    site_reporter: Reporter,
    /// The site folder, with `--build`.
    out: Option<PathBuf>,
    /// The first build is done: later full builds are updates.
    built: bool,
}

impl Front for Terminal<'_> {
    fn config_rejected(&mut self, config: Result<LoadedConfig>, _view: View<'_>) -> Result<()> {
        self.reporter.config_problems(&config?);
        Ok(())
    }

    fn compiled(
        &mut self,
        previous: Option<&Compilation>,
        now: &Compilation,
        changes: Option<&Changes>,
    ) {
        match (previous, changes) {
            (Some(previous), Some(changes)) => print_changes(
                self.cli,
                self.prefix,
                &previous.diagnostics,
                now,
                &changes.documents,
            ),
            _ => self.reporter.diagnostics(
                &now.diagnostics,
                &now.files,
                &plural(now.workspace.len(), "document"),
            ),
        }
    }

    fn written(&mut self, written: Written, view: View<'_>) {
        let files = match written {
            Written::Everything(report) if !self.built => {
                self.built = true;
                let out = self.out.as_deref().unwrap_or(Path::new(""));
                eprintln!(
                    "built {} into {}",
                    plural(report.pages, "page"),
                    out.display()
                );
                return;
            }
            Written::Everything(report) => report.stats.written + report.stats.removed,
            Written::Pages(_) => return,
            Written::Indexes { total, .. } => total,
        };
        eprintln!(
            "updated {} in {:.0?}",
            plural(files, "file"),
            view.started.elapsed()
        );
    }

    fn render_failed(&mut self, failure: SiteFailure, _: &Workspace, _: View<'_>) -> Result<()> {
        print_site_failure(&self.site_reporter, failure)
    }
}

/// Only what changed: new diagnostics in full, fixed ones in a line each.
fn print_changes(
    cli: &Cli,
    prefix: &str,
    before: &[Diagnostic],
    now: &Compilation,
    changed: &BTreeSet<String>,
) {
    let key = |d: &Diagnostic| (d.rule, d.primary.file.clone(), d.message.clone());
    let old: BTreeSet<_> = before.iter().map(key).collect();
    let new: BTreeSet<_> = now.diagnostics.iter().map(key).collect();
    let introduced: Vec<Diagnostic> = now
        .diagnostics
        .iter()
        .filter(|d| !old.contains(&key(d)))
        .cloned()
        .collect();
    let files: Vec<&str> = changed.iter().map(String::as_str).collect();
    eprintln!("changed: {}", files.join(", "));
    if !introduced.is_empty() {
        let color = report::use_color(cli.color, Stream::Stdout);
        for d in &introduced {
            println!(
                "{}\n",
                crate::diag::human::render(d, &now.files, color, prefix)
            );
        }
    }
    for d in before.iter().filter(|d| !new.contains(&key(d))) {
        println!(
            "fixed: {}[{}] {}: {}",
            d.severity.as_str(),
            d.rule,
            d.primary.file,
            d.message
        );
    }
    let tally = Tally::of(&now.diagnostics);
    println!(
        "{}",
        crate::diag::human::summary(tally, &plural(now.workspace.len(), "document"))
    );
}

fn print_site_failure(reporter: &Reporter, failure: SiteFailure) -> Result<()> {
    match failure {
        SiteFailure::Diagnostics(diagnostics, files) => {
            reporter.diagnostics(&diagnostics, &files, "the templates");
            Ok(())
        }
        SiteFailure::Fatal(error) => Err(error),
    }
}
