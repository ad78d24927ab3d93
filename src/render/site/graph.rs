//! The dependency graph of PRDs with their objectives and visions, as an inline SVG.
//!
//! A layered layout of our own (no maintained crate fits: layout-rs has had four releases
//! ever): visions on top, then objectives, then PRDs, each PRD one layer below the deepest
//! PRD it depends on. Within a layer, nodes are ordered by a few barycenter sweeps, which
//! untangles most crossings in time linear in the number of edges.

use std::fmt::Write;

use super::context::{SiteContext, id_order};
use crate::config::Role;
use crate::model::DocIdx;
use crate::render::body::{escape, phase_name};

const NODE_W: usize = 176;
const NODE_H: usize = 46;
const GAP_X: usize = 20;
const GAP_Y: usize = 70;
const MARGIN: usize = 16;
const SWEEPS: usize = 4;

struct Layout {
    /// The documents drawn, by node number.
    nodes: Vec<DocIdx>,
    layer: Vec<usize>,
    /// Edges between node numbers: (upper, lower, is a PRD dependency).
    edges: Vec<(usize, usize, bool)>,
    /// Node numbers in each layer, left to right.
    layers: Vec<Vec<usize>>,
}

/// The graph as an SVG element; `root` leads from the graph page to the site root.
pub fn graph_svg(site: &SiteContext, root: &str) -> String {
    let layout = layout(site);
    if layout.nodes.is_empty() {
        return String::new();
    }
    render(site, &layout, root)
}

fn layout(site: &SiteContext) -> Layout {
    let mut nodes: Vec<DocIdx> = Vec::new();
    for role in [Role::Vision, Role::Objective, Role::Prd] {
        nodes.extend(
            site.with_role(role)
                .into_iter()
                .filter(|(_, d)| !d.is_inactive())
                .map(|(i, _)| i),
        );
    }
    let mut node_of = vec![usize::MAX; site.ws.docs.len()];
    for (n, &doc) in nodes.iter().enumerate() {
        node_of[doc] = n;
    }

    // Edges: every front-matter reference between two drawn documents, once each.
    let mut edges = Vec::new();
    let mut seen: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    for (n, &doc) in nodes.iter().enumerate() {
        for (k, r) in site.ws.docs[doc].refs.iter().enumerate() {
            let Some(target) = r.field().and(site.ws.ref_target(doc, k)) else {
                continue;
            };
            let m = node_of[target];
            if m != usize::MAX && m != n && seen.insert((m, n)) {
                edges.push((m, n, r.is_dependency()));
            }
        }
    }

    let layer = assign_layers(site, &nodes, &edges);
    let depth = layer.iter().max().map_or(0, |m| m + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for (n, &l) in layer.iter().enumerate() {
        layers[l].push(n);
    }
    let mut layout = Layout {
        nodes,
        layer,
        edges,
        layers,
    };
    order_layers(&mut layout);
    layout
}

/// Visions 0, objectives 1, PRDs 2 + their dependency depth (cycles are cut where found).
fn assign_layers(
    site: &SiteContext,
    nodes: &[DocIdx],
    edges: &[(usize, usize, bool)],
) -> Vec<usize> {
    let n = nodes.len();
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(upper, lower, dependency) in edges {
        if dependency {
            deps[lower].push(upper);
        }
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
    nodes
        .iter()
        .enumerate()
        .map(|(i, &doc)| match site.ws.docs[doc].role() {
            Some(Role::Vision) => 0,
            Some(Role::Objective) => 1,
            _ => 2 + depth[i],
        })
        .collect()
}

/// Barycenter sweeps, down then up: each node moves towards the mean position of its
/// neighbours in the adjacent layers.
fn order_layers(layout: &mut Layout) {
    let n = layout.nodes.len();
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b, _) in &layout.edges {
        neighbours[a].push(b);
        neighbours[b].push(a);
    }
    let mut position = vec![0f64; n];
    let set_positions = |layers: &Vec<Vec<usize>>, position: &mut Vec<f64>| {
        for layer in layers {
            for (p, &node) in layer.iter().enumerate() {
                position[node] = p as f64;
            }
        }
    };
    set_positions(&layout.layers, &mut position);
    for sweep in 0..SWEEPS {
        let downwards = sweep % 2 == 0;
        let order: Vec<usize> = if downwards {
            (1..layout.layers.len()).collect()
        } else {
            (0..layout.layers.len().saturating_sub(1)).rev().collect()
        };
        for l in order {
            let mut keyed: Vec<(f64, usize)> = layout.layers[l]
                .iter()
                .map(|&node| {
                    let near: Vec<f64> = neighbours[node]
                        .iter()
                        .filter(|&&m| {
                            if downwards {
                                layout.layer[m] < l
                            } else {
                                layout.layer[m] > l
                            }
                        })
                        .map(|&m| position[m])
                        .collect();
                    let key = if near.is_empty() {
                        position[node]
                    } else {
                        near.iter().sum::<f64>() / near.len() as f64
                    };
                    (key, node)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            layout.layers[l] = keyed.into_iter().map(|(_, node)| node).collect();
            for (p, &node) in layout.layers[l].iter().enumerate() {
                position[node] = p as f64;
            }
        }
    }
}

fn render(site: &SiteContext, layout: &Layout, root: &str) -> String {
    let widest = layout.layers.iter().map(Vec::len).max().unwrap_or(1);
    let width = 2 * MARGIN + widest * NODE_W + widest.saturating_sub(1) * GAP_X;
    let height =
        2 * MARGIN + layout.layers.len() * NODE_H + layout.layers.len().saturating_sub(1) * GAP_Y;
    let mut xy = vec![(0usize, 0usize); layout.nodes.len()];
    for (l, layer) in layout.layers.iter().enumerate() {
        let row_width = layer.len() * NODE_W + layer.len().saturating_sub(1) * GAP_X;
        let left = (width - row_width) / 2;
        for (p, &node) in layer.iter().enumerate() {
            xy[node] = (left + p * (NODE_W + GAP_X), MARGIN + l * (NODE_H + GAP_Y));
        }
    }

    let mut svg = String::with_capacity(layout.nodes.len() * 400);
    let _ = write!(
        svg,
        r#"<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="graph-title"><title id="graph-title">Dependency graph: {} documents</title><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="arrow"/></marker></defs><g class="edges">"#,
        layout.nodes.len()
    );
    for &(upper, lower, dependency) in &layout.edges {
        let (ux, uy) = xy[upper];
        let (lx, ly) = xy[lower];
        let (x1, y1) = (ux + NODE_W / 2, uy + NODE_H);
        let (x2, y2) = (lx + NODE_W / 2, ly);
        let mid = (y1 + y2) / 2;
        let class = if dependency {
            "edge dependency"
        } else {
            "edge"
        };
        // The arrow points from the dependent (lower) up to what it depends on.
        let _ = write!(
            svg,
            r#"<path class="{class}" d="M{x2} {y2}C{x2} {mid} {x1} {mid} {x1} {y1}" marker-end="url(#arrow)"/>"#
        );
    }
    svg.push_str("</g><g class=\"nodes\">");
    let mut ordered: Vec<usize> = (0..layout.nodes.len()).collect();
    ordered.sort_by(|&a, &b| {
        id_order(
            &site.ws.docs[layout.nodes[a]],
            &site.ws.docs[layout.nodes[b]],
        )
    });
    for node in ordered {
        let idx = layout.nodes[node];
        let doc = &site.ws.docs[idx];
        let (x, y) = xy[node];
        let phase = doc.phase().map_or("none", phase_name);
        let kind = doc.kind_name().unwrap_or("page");
        let label = doc.label();
        let status = doc.status().map(|s| format!(" ({s})")).unwrap_or_default();
        let _ = write!(
            svg,
            r#"<a href="{}" class="node kind-{} phase-{phase}"><title>{}: {}{}</title><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6"/><text x="{}" y="{}" class="node-id">{}</text><text x="{}" y="{}" class="node-title">{}</text></a>"#,
            escape(&format!("{root}{}", site.doc_paths[idx])),
            escape(kind),
            escape(label),
            escape(&doc.title),
            escape(&status),
            x + 10,
            y + 18,
            escape(label),
            x + 10,
            y + 36,
            escape(&super::home::truncate_words(&doc.title, 24)),
        );
    }
    svg.push_str("</g></svg>");
    svg
}
