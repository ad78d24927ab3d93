//! `spex watch`: check once, then re-check on every change and print what changed in the
//! diagnostics (and with `--build`, keep the site up to date).

use std::collections::BTreeSet;
use std::process::ExitCode;
use std::time::Instant;

use super::args::WatchArgs;
use super::report::{self, Reporter, Stream};
use super::session::Session;
use super::{Cli, Format};
use crate::Result;
use crate::audience::Visibility;
use crate::diag::{Diagnostic, Tally, plural};
use crate::render::output::DirectOutput;
use crate::render::site::{SiteFailure, SiteRenderer};
use crate::watch::{
    IncrementalCompiler, WatchOptions, affected_documents, classify, own_output, watch,
};

pub fn run(cli: &Cli, args: &WatchArgs) -> Result<ExitCode> {
    let session = Session::open(cli, args.path.as_deref(), None)?;
    let root = session.root.clone();
    // Through the session, which says when history is shallow or lacks objects.
    let history = session.history()?;
    let reporter = Reporter::for_session(cli, Format::Human, Stream::Stdout, &session);
    // Site failures go to stderr, as in `spex build`.
    let site_reporter = Reporter::for_session(cli, Format::Human, Stream::Stderr, &session);
    let mut config = session.config;
    reporter.config_problems(&config);
    let mut compiler = IncrementalCompiler::new(
        &root,
        config.config.clone(),
        config.files.clone(),
        history.clone(),
    );
    let mut compilation = compiler.compile();
    reporter.diagnostics(
        &compilation.diagnostics,
        &compilation.files,
        &plural(compilation.workspace.len(), "document"),
    );

    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join(&config.config.output));
    // The same guard as `spex build`: never the workspace, a folder holding it, or home.
    let out = if args.build {
        crate::render::out_dir::guard_out_dir(&out, &root)?
    } else {
        out
    };
    let visibility = Visibility::default();
    let mut renderer = match args
        .build
        .then(|| SiteRenderer::new(Some(&root), visibility, false))
        .transpose()
    {
        Ok(renderer) => renderer,
        Err(failure) => {
            print_site_failure(&site_reporter, failure)?;
            None
        }
    };
    if let Some(renderer) = &renderer {
        match renderer.render_staged(
            &compilation.workspace,
            &compilation.diagnostics,
            &out,
            compiler.tree(),
        ) {
            Ok(report) => {
                eprintln!(
                    "built {} into {}",
                    plural(report.pages, "page"),
                    out.display()
                );
            }
            Err(failure) => print_site_failure(&site_reporter, failure)?,
        }
    }

    let (_watcher, events) = watch(
        &root,
        WatchOptions {
            poll: args.poll,
            ..WatchOptions::default()
        },
    )?;
    // An `--out` folder inside the workspace (the configured output folder is skipped
    // anyway): the writes of each rebuild would start the next one.
    let ignored = if args.build {
        own_output(&out)
    } else {
        Vec::new()
    };
    eprintln!("watching {} for changes (Ctrl-C to stop)", root.display());
    for paths in events {
        let filter = crate::load::Filter::new(&config.config);
        let changes = classify(&root, &filter, &ignored, paths.iter().map(|p| p.as_path()));
        if changes.is_empty() {
            continue;
        }
        let started = Instant::now();
        let mut structural = false;
        if changes.config {
            config = crate::load_config(compiler.tree())?;
            if reporter.config_problems(&config) {
                continue;
            }
            compiler = IncrementalCompiler::new(
                &root,
                config.config.clone(),
                config.files.clone(),
                history.clone(),
            );
        } else {
            // Assets and folders too: a folder moved in or out is reported alone.
            structural = compiler.update(&changes.paths());
        }
        if args.build && (changes.templates || renderer.is_none()) {
            renderer = match SiteRenderer::new(Some(&root), visibility, false) {
                Ok(r) => Some(r),
                Err(failure) => {
                    print_site_failure(&site_reporter, failure)?;
                    None
                }
            };
        }
        let previous = std::mem::replace(&mut compilation, compiler.compile());
        print_changes(
            cli,
            &session.prefix,
            &previous.diagnostics,
            &compilation,
            &changes.documents,
        );
        if let Some(renderer) = &renderer {
            // A new config or templates change every page; a document that came or went
            // changes page names, and the staged swap removes the pages of vanished ones.
            let everything = changes.config || changes.templates || structural;
            let result = if everything {
                renderer
                    .render_staged(
                        &compilation.workspace,
                        &compilation.diagnostics,
                        &out,
                        compiler.tree(),
                    )
                    .map(|report| report.stats.written + report.stats.removed)
            } else {
                let sink = DirectOutput::new(&out);
                let docs = affected_documents(
                    Some(&previous.workspace),
                    &compilation.workspace,
                    &changes.documents,
                );
                renderer
                    .render_documents(
                        &compilation.workspace,
                        &compilation.diagnostics,
                        &sink,
                        &docs,
                    )
                    .and_then(|_| {
                        renderer.render_indexes(
                            &compilation.workspace,
                            &compilation.diagnostics,
                            &sink,
                            compiler.tree(),
                        )
                    })
                    .map(|_| sink.take_written().len())
            };
            match result {
                Ok(files) => eprintln!(
                    "updated {} in {:.0?}",
                    plural(files, "file"),
                    started.elapsed()
                ),
                Err(failure) => print_site_failure(&site_reporter, failure)?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Only what changed: new diagnostics in full, fixed ones in a line each.
fn print_changes(
    cli: &Cli,
    prefix: &str,
    before: &[Diagnostic],
    now: &crate::Compilation,
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
