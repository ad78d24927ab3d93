//! The dependency graph: edges from reference fields marked `dependency: true`.

use crate::model::{DocIdx, Workspace};

/// One dependency: `from` depends on `to` through `from`'s reference number `reference`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub from: DocIdx,
    pub to: DocIdx,
    pub reference: usize,
}

/// Adjacency lists over resolved dependency references (self-references left out).
pub struct DependencyGraph {
    pub out: Vec<Vec<Edge>>,
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
        DependencyGraph { out }
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
