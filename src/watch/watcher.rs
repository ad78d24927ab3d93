//! notify, debounced: one save that touches several files (or an editor that saves by
//! writing a temporary file and renaming it) arrives as one batch.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer_opt,
};

use crate::error::Error;

#[derive(Debug, Clone, Copy)]
pub struct WatchOptions {
    /// Poll the file system instead of using OS events (network drives, containers).
    pub poll: bool,
    /// Quiet time that ends a burst of events.
    pub debounce: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            poll: false,
            // An editor's save (write, rename, chmod) arrives within a few milliseconds;
            // every millisecond more is waited on each save, before the rebuild starts.
            debounce: Duration::from_millis(25),
        }
    }
}

/// A running watcher; dropping it stops watching.
pub enum Watcher {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Watcher {
    /// Stops watching and waits for the event thread to end, so that the receiver's
    /// iteration ends too (its sender lives in that thread).
    pub fn stop(self) {
        match self {
            Watcher::Native(debouncer) => debouncer.stop(),
            Watcher::Poll(debouncer) => debouncer.stop(),
        }
    }
}

/// Whether an event can mean new content. Reading a file raises access events, and spex
/// reads every file on each rebuild, so those must not count; but the poll watcher reports
/// an edit made in a later second than the last scan as a new modification time only.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Any => true,
    }
}

/// Watches `root` recursively; each message is the set of paths one burst touched.
pub fn watch(
    root: &Path,
    options: WatchOptions,
) -> Result<(Watcher, Receiver<Vec<PathBuf>>), Error> {
    let (tx, rx) = channel();
    let handler = move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| is_change(&e.kind))
                .flat_map(|e| e.paths.iter().cloned())
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        }
    };
    let fail = |source| Error::Watch {
        path: root.to_path_buf(),
        source,
    };
    let watcher = if options.poll {
        let config = notify::Config::default()
            .with_poll_interval(Duration::from_millis(250))
            .with_compare_contents(true);
        let mut debouncer = new_debouncer_opt::<_, PollWatcher, NoCache>(
            options.debounce,
            None,
            handler,
            NoCache,
            config,
        )
        .map_err(fail)?;
        debouncer
            .watch(root, RecursiveMode::Recursive)
            .map_err(fail)?;
        Watcher::Poll(debouncer)
    } else {
        let mut debouncer = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
            options.debounce,
            None,
            handler,
            RecommendedCache::new(),
            notify::Config::default(),
        )
        .map_err(fail)?;
        debouncer
            .watch(root, RecursiveMode::Recursive)
            .map_err(fail)?;
        Watcher::Native(debouncer)
    };
    Ok((watcher, rx))
}

#[cfg(test)]
mod tests {
    use notify::event::{AccessKind, CreateKind, DataChange, RemoveKind, RenameMode};

    use super::*;

    #[test]
    fn a_new_write_time_counts_as_an_edit_because_the_poll_watcher_reports_only_that() {
        assert!(is_change(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::WriteTime
        ))));
    }

    #[test]
    fn reads_and_permission_changes_are_not_edits() {
        assert!(!is_change(&EventKind::Access(AccessKind::Any)));
        assert!(!is_change(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::Permissions
        ))));
        assert!(!is_change(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
    }

    #[test]
    fn content_creations_removals_and_renames_are_edits() {
        for kind in [
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::Folder),
            EventKind::Modify(ModifyKind::Data(DataChange::Content)),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
        ] {
            assert!(is_change(&kind), "{kind:?}");
        }
    }
}
