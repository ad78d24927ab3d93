//! The dependency graph of PRDs with their objectives and visions, as an inline SVG.
//!
//! A layered layout of our own (no maintained crate fits: layout-rs has had four releases
//! ever): visions on top, then objectives, then PRDs, each PRD one layer below the deepest
//! PRD it depends on. Only `depends_on`-style edges set the layers; "serves" edges (a PRD
//! to its objectives, an objective to its vision) follow them. Undirected `related`
//! references are left out: they have no place in a layering, and drawn across it they
//! buried the dependencies (each document's page lists them). [`layout`] orders and
//! positions; [`svg`] draws; [`graph_outline`] gives the same documents and edges as
//! nested lists, for readers who cannot see the drawing.

mod layout;
mod svg;

use std::collections::HashSet;

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use crate::config::Role;
use crate::model::DocIdx;

/// What an edge means, which decides how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EdgeKind {
    /// `depends_on`, `includes`: the referrer builds on the target.
    Dependency,
    /// A PRD serving an objective or vision, an objective serving a vision.
    Serves,
}

/// An edge from a document to one it references.
#[derive(Debug, Clone, Copy)]
struct Edge {
    from: usize,
    to: usize,
    kind: EdgeKind,
}

/// The documents drawn (by node number) and the edges between them.
struct Nodes {
    docs: Vec<DocIdx>,
    layer: Vec<usize>,
    edges: Vec<Edge>,
}

/// The graph as an SVG element; `root` leads from the graph page to the site root.
pub fn graph_svg(site: &SiteContext, root: &str) -> String {
    let nodes = collect(site);
    if nodes.docs.is_empty() {
        return String::new();
    }
    svg::render(site, &nodes, root)
}

/// One document of the graph's text version: what serves it (nested), and the
/// documents it depends on.
#[derive(Serialize)]
pub struct OutlineItem {
    pub doc: DocRef,
    pub depends_on: Vec<DocRef>,
    pub children: Vec<OutlineItem>,
}

/// The graph as nested lists: each vision with the objectives that serve it, each
/// objective with the PRDs that serve it, each PRD with what it depends on; documents
/// that serve nothing drawn are at the top level. A PRD serving two objectives is
/// listed under both.
pub fn graph_outline(site: &SiteContext) -> Vec<OutlineItem> {
    let nodes = collect(site);
    let n = nodes.docs.len();
    let mut served_by: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut depends: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut serves_any = vec![false; n];
    for e in &nodes.edges {
        match e.kind {
            EdgeKind::Serves => {
                served_by[e.to].push(e.from);
                serves_any[e.from] = true;
            }
            EdgeKind::Dependency => depends[e.from].push(e.to),
        }
    }
    let by_id = |list: &mut Vec<usize>| list.sort_by_key(|&m| site.ws.id_rank(nodes.docs[m]));
    served_by.iter_mut().for_each(by_id);
    depends.iter_mut().for_each(by_id);
    let mut roots: Vec<usize> = (0..n).filter(|&m| !serves_any[m]).collect();
    by_id(&mut roots);
    // Serves edges go up the roles (PRD → objective → vision), so this ends.
    fn item(
        site: &SiteContext,
        docs: &[DocIdx],
        served_by: &[Vec<usize>],
        depends: &[Vec<usize>],
        m: usize,
        depth: usize,
    ) -> OutlineItem {
        OutlineItem {
            doc: site.doc_ref(docs[m]),
            depends_on: depends[m].iter().map(|&d| site.doc_ref(docs[d])).collect(),
            children: if depth < 3 {
                served_by[m]
                    .iter()
                    .map(|&c| item(site, docs, served_by, depends, c, depth + 1))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
    roots
        .into_iter()
        .map(|m| item(site, &nodes.docs, &served_by, &depends, m, 0))
        .collect()
}

/// The kinds and objectives drawn, for the graph page's filters.
#[derive(Serialize)]
pub struct GraphFilters {
    pub kinds: Vec<String>,
    pub objectives: Vec<DocRef>,
}

pub fn graph_filters(site: &SiteContext) -> GraphFilters {
    let nodes = collect(site);
    let mut kinds: Vec<String> = nodes
        .docs
        .iter()
        .filter_map(|&i| site.ws.docs[i].kind_name().map(str::to_owned))
        .collect();
    kinds.sort();
    kinds.dedup();
    GraphFilters {
        kinds,
        objectives: nodes
            .docs
            .iter()
            .filter(|&&i| site.ws.docs[i].role() == Some(Role::Objective))
            .map(|&i| site.doc_ref(i))
            .collect(),
    }
}

fn collect(site: &SiteContext) -> Nodes {
    let mut docs: Vec<DocIdx> = Vec::new();
    for role in [Role::Vision, Role::Objective, Role::Prd] {
        docs.extend(
            site.with_role(role)
                .into_iter()
                .filter(|(_, d)| !d.is_inactive())
                .map(|(i, _)| i),
        );
    }
    let mut node_of = vec![usize::MAX; site.ws.docs.len()];
    for (n, &doc) in docs.iter().enumerate() {
        node_of[doc] = n;
    }
    let role_rank = |n: usize| match site.ws.docs[docs[n]].role() {
        Some(Role::Vision) => 0,
        Some(Role::Objective) => 1,
        _ => 2,
    };

    // Every front-matter reference between two drawn documents, once each.
    let mut edges = Vec::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for (n, &doc) in docs.iter().enumerate() {
        for (k, r) in site.ws.docs[doc].refs.iter().enumerate() {
            let (Some(field), Some(target)) = (r.field(), site.ws.ref_target(doc, k)) else {
                continue;
            };
            let m = node_of[target];
            if m == usize::MAX || m == n {
                continue;
            }
            let kind = if field.dependency {
                EdgeKind::Dependency
            } else if !field.kinds.is_empty() && role_rank(m) < role_rank(n) {
                EdgeKind::Serves
            } else {
                continue; // `related` and the like
            };
            if seen.insert((n.min(m), n.max(m))) {
                edges.push(Edge {
                    from: n,
                    to: m,
                    kind,
                });
            }
        }
    }
    drop_implied_serves(&mut edges, docs.len());
    let layer = assign_layers(&edges, docs.len(), role_rank);
    Nodes { docs, layer, edges }
}

/// A PRD that serves an objective which serves a vision need not be drawn serving that
/// vision too: the path already says so, and the long edge would cross the objectives.
fn drop_implied_serves(edges: &mut Vec<Edge>, n: usize) {
    let mut serves: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges.iter().filter(|e| e.kind == EdgeKind::Serves) {
        serves[e.from].push(e.to);
    }
    edges.retain(|e| {
        e.kind != EdgeKind::Serves
            || !serves[e.from]
                .iter()
                .any(|&middle| middle != e.to && serves[middle].contains(&e.to))
    });
}

/// Visions 0, objectives 1, PRDs 2 + the length of their longest chain of dependencies
/// (a cycle is cut where the walk meets it; the `dependency-cycle` rule reports it).
fn assign_layers(edges: &[Edge], n: usize, role_rank: impl Fn(usize) -> usize) -> Vec<usize> {
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges.iter().filter(|e| e.kind == EdgeKind::Dependency) {
        deps[e.from].push(e.to);
    }
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; n];
    let mut depth = vec![0usize; n];
    for start in 0..n {
        if state[start] != State::New {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = State::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&dep) = deps[node].get(*next) {
                *next += 1;
                if state[dep] == State::New {
                    state[dep] = State::Open;
                    stack.push((dep, 0));
                }
            } else {
                depth[node] = deps[node]
                    .iter()
                    .filter(|&&d| state[d] == State::Done)
                    .map(|&d| depth[d] + 1)
                    .max()
                    .unwrap_or(0);
                state[node] = State::Done;
                stack.pop();
            }
        }
    }
    let layer: Vec<usize> = (0..n)
        .map(|i| match role_rank(i) {
            rank @ (0 | 1) => rank,
            _ => 2 + depth[i],
        })
        .collect();
    // No visions (or no objectives) must not leave an empty band at the top.
    let used: std::collections::BTreeSet<usize> = layer.iter().copied().collect();
    let rank: std::collections::BTreeMap<usize, usize> =
        used.into_iter().enumerate().map(|(i, l)| (l, i)).collect();
    layer.iter().map(|l| rank[l]).collect()
}
