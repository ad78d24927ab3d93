//! Drawing the laid-out graph: boxes with the ID and a two-line title, edges routed
//! through their bends, each kind of edge in its own style (see the page's legend).

use std::fmt::Write;

use super::layout::{Graph, layout};
use super::{EdgeKind, Nodes};
use crate::config::Phase;
use crate::markup::escape::escape;
use crate::render::site::context::SiteContext;
use crate::render::site::home::truncate_words;

/// Narrow enough that the example's widest layer (eight PRDs and the edges passing
/// through) fits a 1280 px window at natural size, so nothing scrolls there (issue 17.9).
const NODE_W: f64 = 128.0;
const NODE_H: f64 = 60.0;
const GAP_Y: f64 = 84.0;
const MARGIN: f64 = 16.0;
/// Characters of a title per line at 12px in a box `NODE_W` wide.
const TITLE_LINE: usize = 17;
/// The smallest share of its natural size the graph is drawn at. Labels are 12px at
/// natural size, and 12px is the least a reader should get (issue 17.9): a graph wider
/// than the window scrolls sideways in its box rather than shrink its text.
const MIN_SCALE: f64 = 1.0;

fn top(layer: usize) -> f64 {
    MARGIN + layer as f64 * (NODE_H + GAP_Y)
}

pub(super) fn render(site: &SiteContext, nodes: &Nodes, root: &str) -> String {
    let placed = layout(&Graph {
        layer: nodes.layer.clone(),
        width: vec![NODE_W; nodes.docs.len()],
        edges: nodes.edges.iter().map(|e| (e.from, e.to)).collect(),
    });
    let depth = nodes.layer.iter().max().map_or(0, |m| m + 1);
    let width = (placed.width + 2.0 * MARGIN).ceil();
    let height = (2.0 * MARGIN + depth as f64 * NODE_H + (depth.max(1) - 1) as f64 * GAP_Y).ceil();
    let cx: Vec<f64> = placed.x.iter().map(|x| x + MARGIN).collect();

    let routes = routes(nodes, &placed.bends, &cx);
    let mut svg = String::with_capacity(nodes.docs.len() * 500);
    let _ = write!(
        svg,
        r#"<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" style="min-width:{}px;max-width:{width}px" data-crossings="{}" role="group" aria-labelledby="spex-graph-title"><title id="spex-graph-title">Dependency graph: {} documents</title><defs>"#,
        (width * MIN_SCALE).round(),
        placed.crossings,
        nodes.docs.len()
    );
    for (id, class) in [
        ("arrow-dependency", "dependency"),
        ("arrow-serves", "serves"),
    ] {
        let _ = write!(
            svg,
            r#"<marker id="{id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="arrow {class}"/></marker>"#
        );
    }
    svg.push_str("</defs><g class=\"edges\">");
    draw_edges(&mut svg, nodes, &routes);
    svg.push_str("</g><g class=\"nodes\">");
    draw_nodes(&mut svg, site, nodes, &cx, root);
    svg.push_str("</g></svg>");
    svg
}

/// Every edge along its route; quiet kinds first, so dependencies are drawn on top.
fn draw_edges(svg: &mut String, nodes: &Nodes, routes: &[String]) {
    for kind in [EdgeKind::Serves, EdgeKind::Dependency] {
        for (edge, d) in nodes.edges.iter().zip(routes) {
            if edge.kind != kind {
                continue;
            }
            let (class, marker) = match kind {
                EdgeKind::Dependency => ("edge dependency", "dependency"),
                EdgeKind::Serves => ("edge serves", "serves"),
            };
            let _ = write!(
                svg,
                r#"<path class="{class}" d="{d}" marker-end="url(#arrow-{marker})" data-from="{}" data-to="{}"/>"#,
                edge.from, edge.to
            );
        }
    }
}

/// Every document as a linked box centred at `cx`, in ID order (the tab order
/// follows IDs, not the layout).
fn draw_nodes(svg: &mut String, site: &SiteContext, nodes: &Nodes, cx: &[f64], root: &str) {
    let mut ordered: Vec<usize> = (0..nodes.docs.len()).collect();
    ordered.sort_by_key(|&n| site.ws.id_rank(nodes.docs[n]));
    for node in ordered {
        let idx = nodes.docs[node];
        let doc = &site.ws.docs[idx];
        let (x, y) = (cx[node] - NODE_W / 2.0, top(nodes.layer[node]));
        let label = doc.label();
        let status = doc
            .status()
            .map(|s| format!(" ({})", crate::model::status_label(s)))
            .unwrap_or_default();
        let (first, second) = wrap_title(&doc.title);
        let id_attr = escape(label);
        let _ = write!(
            svg,
            r#"<a href="{}" class="node kind-{} phase-{}" data-node="{node}" data-id="{id_attr}"><title>{}: {}{}</title><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6"/><text x="{}" y="{}" class="node-id">{}</text><text class="node-title"><tspan x="{}" y="{}">{}</tspan>"#,
            escape(&format!("{root}{}", site.page_path(idx))),
            escape(doc.kind_name().unwrap_or("page")),
            doc.phase().map_or("none", Phase::name),
            escape(label),
            escape(&doc.title),
            escape(&status),
            x + 10.0,
            y + 17.0,
            escape(label),
            x + 10.0,
            y + 35.0,
            escape(&first),
        );
        if let Some(second) = second {
            let _ = write!(
                svg,
                r#"<tspan x="{}" y="{}">{}</tspan>"#,
                x + 10.0,
                y + 50.0,
                escape(&second)
            );
        }
        svg.push_str("</text></a>");
    }
}

/// The `d` of every edge's path, ending at the document it points to.
fn routes(nodes: &Nodes, bends: &[Vec<f64>], cx: &[f64]) -> Vec<String> {
    let bends: Vec<Vec<f64>> = bends
        .iter()
        .map(|b| b.iter().map(|x| x + MARGIN).collect())
        .collect();
    // Edges leaving a box downwards (or entering it from above) get their own port,
    // ordered like the boxes they come from, so arrowheads do not pile up.
    let n = nodes.docs.len();
    let mut bottom_ports: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
    let mut top_ports: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
    let ends: Vec<(usize, usize)> = nodes
        .edges
        .iter()
        .map(|e| {
            if nodes.layer[e.from] <= nodes.layer[e.to] {
                (e.from, e.to)
            } else {
                (e.to, e.from)
            }
        })
        .collect();
    for (i, &(upper, lower)) in ends.iter().enumerate() {
        if nodes.layer[upper] == nodes.layer[lower] {
            continue;
        }
        let below = bends[i].first().copied().unwrap_or(cx[lower]);
        let above = bends[i].last().copied().unwrap_or(cx[upper]);
        bottom_ports[upper].push((below, i));
        top_ports[lower].push((above, i));
    }
    let mut port_x = vec![(0.0f64, 0.0f64); nodes.edges.len()];
    for (side, ports) in [(0, &mut bottom_ports), (1, &mut top_ports)] {
        for (node, list) in ports.iter_mut().enumerate() {
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let spacing = (NODE_W * 0.7 / list.len().max(1) as f64).min(12.0);
            let middle = (list.len() as f64 - 1.0) / 2.0;
            for (k, &(_, edge)) in list.iter().enumerate() {
                let x = cx[node] + (k as f64 - middle) * spacing;
                if side == 0 {
                    port_x[edge].0 = x;
                } else {
                    port_x[edge].1 = x;
                }
            }
        }
    }

    let mut routes = Vec::with_capacity(nodes.edges.len());
    for (i, (edge, &(upper, lower))) in nodes.edges.iter().zip(&ends).enumerate() {
        let (lu, ll) = (nodes.layer[upper], nodes.layer[lower]);
        if lu == ll {
            routes.push(arc(cx[edge.from], cx[edge.to], top(lu) + NODE_H));
            continue;
        }
        // Top to bottom: leave the upper box, run down through each bend's lane, enter
        // the lower box. Curves between layers, straight lines through a layer.
        let mut points = vec![(port_x[i].0, top(lu) + NODE_H)];
        for (k, &x) in bends[i].iter().enumerate() {
            let l = lu + 1 + k;
            points.push((x, top(l)));
            points.push((x, top(l) + NODE_H));
        }
        points.push((port_x[i].1, top(ll)));
        // Arrows end at the target: reverse when the target is the upper box.
        if edge.to == upper {
            points.reverse();
        }
        routes.push(path(&points));
    }
    routes
}

/// Points in pairs: a curve from each even point to the next, a line from each odd one.
fn path(points: &[(f64, f64)]) -> String {
    let mut d = format!("M{} {}", fmt(points[0].0), fmt(points[0].1));
    for (k, pair) in points.windows(2).enumerate() {
        let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
        if k % 2 == 0 {
            let mid = fmt((y1 + y2) / 2.0);
            let _ = write!(
                d,
                "C{} {mid} {} {mid} {} {}",
                fmt(x1),
                fmt(x2),
                fmt(x2),
                fmt(y2)
            );
        } else {
            let _ = write!(d, "L{} {}", fmt(x2), fmt(y2));
        }
    }
    d
}

/// Two boxes in one layer: a curve dipping into the gap below them.
fn arc(from: f64, to: f64, bottom: f64) -> String {
    let dip = fmt(bottom + 22.0 + ((from - to).abs() * 0.06).min(30.0));
    let (from, to, bottom) = (fmt(from), fmt(to), fmt(bottom));
    format!("M{from} {bottom}C{from} {dip} {to} {dip} {to} {bottom}")
}

/// One decimal is plenty, and keeps the page small.
fn fmt(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// A title on at most two lines of `TITLE_LINE` characters, the second cut at a word.
fn wrap_title(title: &str) -> (String, Option<String>) {
    if title.chars().count() <= TITLE_LINE {
        return (title.to_owned(), None);
    }
    let mut first = String::new();
    let mut rest = title;
    for word in title.split_inclusive(' ') {
        if first.chars().count() + word.trim_end().chars().count() > TITLE_LINE {
            break;
        }
        first.push_str(word);
        rest = &rest[word.len()..];
    }
    if first.is_empty() {
        // One long word: cut it.
        first = title.chars().take(TITLE_LINE - 1).collect::<String>() + "-";
        rest = &title[first.len() - 1..];
    }
    let rest = rest.trim();
    let second = (!rest.is_empty()).then(|| truncate_words(rest, TITLE_LINE));
    (first.trim_end().to_owned(), second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_onto_a_second_line_cut_at_a_word() {
        assert_eq!(wrap_title("Short"), ("Short".into(), None));
        let (first, second) =
            wrap_title("Multi-carrier rate shopping at checkout for every merchant");
        assert_eq!(first, "Multi-carrier");
        assert_eq!(second.as_deref(), Some("rate shopping at…"));
        let (first, second) = wrap_title("Supercalifragilisticexpialidocious-and-more");
        assert_eq!(first.chars().count(), TITLE_LINE);
        assert!(second.is_some());
    }

    #[test]
    fn paths_curve_between_layers_and_run_straight_through_them() {
        let d = path(&[(10.0, 0.0), (20.0, 40.0), (20.0, 100.0), (30.0, 140.0)]);
        assert_eq!(d, "M10 0C10 20 20 20 20 40L20 100C20 120 30 120 30 140");
    }
}
