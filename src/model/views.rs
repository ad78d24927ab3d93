//! Model: views of the whole workspace that several outputs read — roadmap items, the
//! dependency graph, the ID order, page paths. Each is worked out at most once per
//! workspace, on first use (a `spex check` never needs page paths), and shared by every
//! clone of it; renderers read them instead of working them out again per page, per
//! digest or per output.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use super::health::{DocHealth, workspace_health};
use super::order::id_ranks;
use super::page_path::document_paths;
use super::{DependencyGraph, DocIdx, RoadmapItem, Workspace, roadmap_items};
use crate::config::Role;

/// The views of one workspace, each filled on first use.
#[derive(Debug, Default)]
pub(crate) struct Views {
    /// Items of each roadmap, by document.
    roadmap_items: OnceLock<BTreeMap<DocIdx, Vec<RoadmapItem>>>,
    graph: OnceLock<DependencyGraph>,
    id_ranks: OnceLock<Arc<Vec<usize>>>,
    page_paths: OnceLock<Arc<Vec<String>>>,
    health: OnceLock<Vec<DocHealth>>,
}

impl Views {
    /// The views of a workspace that differs from this one only in what documents say,
    /// not in their paths, kinds or IDs (see [`Workspace::with_document`]): the ID order
    /// and page paths carry over; roadmap items and the graph are worked out again.
    pub(crate) fn carried_over(&self) -> Views {
        Views {
            roadmap_items: OnceLock::new(),
            graph: OnceLock::new(),
            id_ranks: carry(&self.id_ranks),
            page_paths: carry(&self.page_paths),
            health: OnceLock::new(),
        }
    }
}

/// A view that is already worked out, shared with the new workspace.
fn carry<T>(lock: &OnceLock<Arc<T>>) -> OnceLock<Arc<T>> {
    let new = OnceLock::new();
    if let Some(value) = lock.get() {
        let _ = new.set(Arc::clone(value));
    }
    new
}

impl Workspace {
    /// The items of roadmap `idx`, typed (empty for a document that is not a roadmap).
    pub fn roadmap_items(&self, idx: DocIdx) -> &[RoadmapItem] {
        let items = self.views.roadmap_items.get_or_init(|| {
            self.with_role(Role::Roadmap)
                .map(|(i, doc)| (i, roadmap_items(doc)))
                .collect()
        });
        items.get(&idx).map_or(&[], Vec::as_slice)
    }

    /// The health of planned work (see [`Workspace::health`]).
    pub(crate) fn health_view(&self) -> &[DocHealth] {
        self.views.health.get_or_init(|| workspace_health(self))
    }

    /// The dependency graph.
    pub fn dependency_graph(&self) -> &DependencyGraph {
        self.views.graph.get_or_init(|| DependencyGraph::new(self))
    }

    /// Document `idx`'s place in ID order (`PRD-2` before `PRD-10`, see `order.rs`):
    /// lists sort by it.
    pub fn id_rank(&self, idx: DocIdx) -> usize {
        self.views
            .id_ranks
            .get_or_init(|| Arc::new(id_ranks(&self.docs)))[idx]
    }

    /// Sorts document indexes into ID order.
    pub fn sort_by_id(&self, docs: &mut [DocIdx]) {
        docs.sort_by_key(|&i| self.id_rank(i));
    }

    /// The output path of document `idx`'s page, relative to the site root
    /// (`prd/PRD-12.html`), unique even when IDs collide (a build with
    /// `--allow-errors` may have duplicate IDs).
    pub fn page_path(&self, idx: DocIdx) -> &str {
        &self
            .views
            .page_paths
            .get_or_init(|| Arc::new(document_paths(&self.docs)))[idx]
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::model::test_workspace::{prd, workspace};

    #[test]
    fn a_changed_document_keeps_order_and_pages_and_gets_a_new_graph() {
        let files = [prd("PRD-1", "depends_on: [PRD-2]\n"), prd("PRD-2", "")];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (&**p, &**t)).collect();
        let ws = workspace(&files);
        let one = ws.index_of_id("PRD-1").unwrap();
        let two = ws.index_of_id("PRD-2").unwrap();
        assert_eq!(ws.page_path(one), "prd/PRD-1.html");
        assert_eq!(ws.dependency_graph().dependencies(one), [two]);
        let rank = ws.id_rank(two);

        // PRD-1 now names PRD-2 as related instead: same IDs in the same order, so the
        // workspace is derived, not reassembled; the graph must not be the old one.
        let (path, text) = prd("PRD-1", "related: [PRD-2]\n");
        let changed = workspace(&[(&path, &text), files[1]]);
        let derived = ws
            .with_document(one, Arc::clone(&changed.docs[one]))
            .expect("same indexes");
        assert!(derived.dependency_graph().dependencies(one).is_empty());
        assert_eq!(derived.page_path(one), "prd/PRD-1.html");
        assert_eq!(derived.id_rank(two), rank);
        // The original is untouched.
        assert_eq!(ws.dependency_graph().dependencies(one), [two]);
    }
}
