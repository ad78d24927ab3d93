//! Model: the dependency graph, with edges from reference fields marked
//! `dependency: true` (`depends_on`, a release's `includes`). Built once per workspace
//! (see [`Workspace::dependency_graph`]); rules check it for cycles and inversions,
//! pages and digests list what each document depends on and what depends on it.

use super::{DocIdx, Workspace};

/// One dependency: `from` depends on `to` through `from`'s reference number `reference`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub from: DocIdx,
    pub to: DocIdx,
    pub reference: usize,
}

/// Adjacency lists over resolved dependency references (self-references left out).
#[derive(Debug)]
pub struct DependencyGraph {
    out: Vec<Vec<Edge>>,
    /// What each document depends on, each once, in the order its references name them.
    dependencies: Vec<Vec<DocIdx>>,
    /// What depends on each document, each once, in document order.
    dependents: Vec<Vec<DocIdx>>,
}

impl DependencyGraph {
    pub fn new(ws: &Workspace) -> DependencyGraph {
        let mut out = vec![Vec::new(); ws.docs.len()];
        for (from, doc) in ws.docs.iter().enumerate() {
            for (reference, r) in doc.refs.iter().enumerate() {
                if !r.is_dependency() {
                    continue;
                }
                if let Some(to) = ws.ref_target(from, reference)
                    && to != from
                {
                    out[from].push(Edge {
                        from,
                        to,
                        reference,
                    });
                }
            }
        }
        let mut dependencies = vec![Vec::new(); ws.docs.len()];
        let mut dependents = vec![Vec::new(); ws.docs.len()];
        for edge in out.iter().flatten() {
            if !dependencies[edge.from].contains(&edge.to) {
                dependencies[edge.from].push(edge.to);
                dependents[edge.to].push(edge.from);
            }
        }
        DependencyGraph {
            out,
            dependencies,
            dependents,
        }
    }

    /// What document `idx` depends on, each document once.
    pub fn dependencies(&self, idx: DocIdx) -> &[DocIdx] {
        &self.dependencies[idx]
    }

    /// The documents that depend on document `idx`, each once.
    pub fn dependents(&self, idx: DocIdx) -> &[DocIdx] {
        &self.dependents[idx]
    }

    pub fn edges(&self) -> impl Iterator<Item = &Edge> {
        self.out.iter().flatten()
    }

    /// One cycle per back edge found by a depth-first search, each as its edges in order,
    /// starting at the cycle's smallest document index. Iterative, so ten thousand
    /// documents in a chain cannot overflow the stack.
    pub fn cycles(&self) -> Vec<Vec<Edge>> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            OnStack,
            Done,
        }
        let n = self.out.len();
        let mut state = vec![State::New; n];
        let mut cycles: Vec<Vec<Edge>> = Vec::new();
        for root in 0..n {
            if state[root] != State::New {
                continue;
            }
            // (node, next edge to look at) and the edges taken to reach each frame
            let mut stack: Vec<(DocIdx, usize)> = vec![(root, 0)];
            let mut path: Vec<Edge> = Vec::new();
            state[root] = State::OnStack;
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&edge) = self.out[node].get(*next) {
                    *next += 1;
                    match state[edge.to] {
                        State::New => {
                            state[edge.to] = State::OnStack;
                            stack.push((edge.to, 0));
                            path.push(edge);
                        }
                        State::OnStack => {
                            let start = path
                                .iter()
                                .position(|e| e.from == edge.to)
                                .unwrap_or(path.len());
                            let mut cycle: Vec<Edge> = path[start..].to_vec();
                            cycle.push(edge);
                            cycles.push(rotate_to_smallest(cycle));
                        }
                        State::Done => {}
                    }
                } else {
                    state[node] = State::Done;
                    stack.pop();
                    path.pop();
                }
            }
        }
        cycles.sort_by_key(|c| c.iter().map(|e| e.from).collect::<Vec<_>>());
        cycles.dedup_by_key(|c| c.iter().map(|e| e.from).collect::<Vec<_>>());
        cycles
    }
}

fn rotate_to_smallest(mut cycle: Vec<Edge>) -> Vec<Edge> {
    if let Some(min) = cycle
        .iter()
        .enumerate()
        .min_by_key(|(_, e)| e.from)
        .map(|(i, _)| i)
    {
        cycle.rotate_left(min);
    }
    cycle
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_workspace::{prd, workspace};

    fn graph_of(files: &[(String, String)]) -> (Workspace, DependencyGraph) {
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (&**p, &**t)).collect();
        let ws = workspace(&files);
        let graph = DependencyGraph::new(&ws);
        (ws, graph)
    }

    #[test]
    fn dependencies_are_listed_once_each_way() {
        let (ws, graph) = graph_of(&[
            prd(
                "PRD-1",
                "depends_on: [PRD-2, PRD-3, PRD-2, PRD-1]\nrelated: [PRD-4]\n",
            ),
            prd("PRD-2", ""),
            prd("PRD-3", "depends_on: [PRD-2]\n"),
            prd("PRD-4", ""),
        ]);
        let idx = |id: &str| ws.index_of_id(id).unwrap();
        let (one, two, three) = (idx("PRD-1"), idx("PRD-2"), idx("PRD-3"));
        assert_eq!(
            graph.dependencies(one),
            [two, three],
            "self and related left out"
        );
        assert_eq!(graph.dependents(two), [one, three]);
        assert!(graph.dependents(idx("PRD-4")).is_empty());
        // Every reference is still an edge, for diagnostics that point at each one.
        assert_eq!(graph.edges().filter(|e| e.from == one).count(), 3);
        assert!(graph.cycles().is_empty());
    }

    #[test]
    fn a_cycle_starts_at_its_smallest_document() {
        let (ws, graph) = graph_of(&[
            prd("PRD-1", "depends_on: [PRD-2]\n"),
            prd("PRD-2", "depends_on: [PRD-1]\n"),
        ]);
        let cycles = graph.cycles();
        assert_eq!(cycles.len(), 1);
        let order: Vec<&str> = cycles[0].iter().map(|e| ws.docs[e.from].label()).collect();
        assert_eq!(order, ["PRD-1", "PRD-2"]);
    }
}
