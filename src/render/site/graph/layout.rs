//! A layered (Sugiyama-style) layout over plain numbers: nodes with a given layer and
//! width, edges between them → an order and an x position for every node, and the x of
//! the bend an edge takes through each layer it crosses.
//!
//! Edges that span several layers get a narrow dummy node in each layer between, so the
//! ordering keeps a lane free for them instead of drawing them behind unrelated boxes.
//! Layers are ordered by sweeps that sort by barycenter or median of the neighbours, each
//! followed by swaps of neighbours that remove crossings (the best order of several, by
//! crossing count), and positioned by pulling each node towards its neighbours while
//! keeping the order and the gaps (isotonic regression per layer). Everything is deterministic: ties go to the
//! lower node number.

/// What to lay out. Node numbers index `layer` and `width`.
pub struct Graph {
    pub layer: Vec<usize>,
    pub width: Vec<f64>,
    /// Edges between node numbers, in any direction. Same-layer edges are kept out of
    /// the layout (the renderer draws them as arcs).
    pub edges: Vec<(usize, usize)>,
}

/// Where everything went.
pub struct Placed {
    /// The centre x of each node, the leftmost box edge at 0.
    pub x: Vec<f64>,
    /// For each edge, the x of its bend in every layer strictly between its ends, from
    /// the upper end down (empty for edges between adjacent or equal layers).
    pub bends: Vec<Vec<f64>>,
    /// The rightmost box edge.
    pub width: f64,
    /// Edge crossings between adjacent layers (shown on the SVG for anyone tuning this).
    pub crossings: usize,
}

/// The width a dummy node reserves in its layer.
pub const DUMMY_W: f64 = 8.0;
/// The gap between two boxes, and between a box and a dummy.
const GAP: f64 = 16.0;
const DUMMY_GAP: f64 = 8.0;
const ORDER_SWEEPS: usize = 12;
const PLACE_SWEEPS: usize = 8;
/// Most passes of neighbour swaps after a sweep (each pass is linear in the edges).
const TRANSPOSE_PASSES: usize = 8;
/// Vertices (boxes and bends) above which the layout does less work.
const BIG: usize = 3_000;

struct Effort {
    order: usize,
    place: usize,
    /// Count crossings after every sweep and keep the best order (else the last).
    pick_best: bool,
}

/// The layered graph with dummies: vertices `0..real` are the caller's nodes.
struct Proper {
    layer: Vec<usize>,
    width: Vec<f64>,
    up: Vec<Vec<usize>>,
    down: Vec<Vec<usize>>,
    /// Each input edge as the chain of vertices from its upper end to its lower end.
    chains: Vec<Vec<usize>>,
}

pub fn layout(graph: &Graph) -> Placed {
    let proper = add_dummies(graph);
    // Past a few thousand boxes nobody reads the graph closely, and a 10,000-document
    // build must stay fast: a couple of sweeps instead of a search for the best.
    let effort = if proper.layer.len() > BIG {
        Effort {
            order: 2,
            place: 3,
            pick_best: false,
        }
    } else {
        Effort {
            order: ORDER_SWEEPS,
            place: PLACE_SWEEPS,
            pick_best: true,
        }
    };
    let order = order_layers(&proper, &effort);
    let crossings = count_all(&proper, &order);
    let x = place(&proper, &order, effort.place);
    let left = (0..x.len())
        .map(|v| x[v] - proper.width[v] / 2.0)
        .fold(f64::INFINITY, f64::min);
    let left = if left.is_finite() { left } else { 0.0 };
    let right = (0..x.len())
        .map(|v| x[v] + proper.width[v] / 2.0 - left)
        .fold(0.0, f64::max);
    let real = graph.layer.len();
    Placed {
        x: x[..real].iter().map(|x| x - left).collect(),
        bends: proper
            .chains
            .iter()
            .map(|chain| {
                let inner = chain.get(1..chain.len().saturating_sub(1)).unwrap_or(&[]);
                inner.iter().map(|&v| x[v] - left).collect()
            })
            .collect(),
        width: right,
        crossings,
    }
}

fn add_dummies(graph: &Graph) -> Proper {
    let mut layer = graph.layer.clone();
    let mut width = graph.width.clone();
    let mut up = vec![Vec::new(); layer.len()];
    let mut down = vec![Vec::new(); layer.len()];
    let mut chains = Vec::with_capacity(graph.edges.len());
    for &(a, b) in &graph.edges {
        let (top, bottom) = if layer[a] <= layer[b] { (a, b) } else { (b, a) };
        if layer[top] == layer[bottom] {
            chains.push(Vec::new());
            continue;
        }
        let mut chain = vec![top];
        for l in layer[top] + 1..layer[bottom] {
            layer.push(l);
            width.push(DUMMY_W);
            up.push(Vec::new());
            down.push(Vec::new());
            chain.push(layer.len() - 1);
        }
        chain.push(bottom);
        for pair in chain.windows(2) {
            down[pair[0]].push(pair[1]);
            up[pair[1]].push(pair[0]);
        }
        chains.push(chain);
    }
    Proper {
        layer,
        width,
        up,
        down,
        chains,
    }
}

/// Vertices of each layer, left to right: the best of several barycenter sweeps.
fn order_layers(g: &Proper, effort: &Effort) -> Vec<Vec<usize>> {
    let depth = g.layer.iter().max().map_or(0, |m| m + 1);
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for (v, &l) in g.layer.iter().enumerate() {
        order[l].push(v);
    }
    let mut position = vec![0.0f64; g.layer.len()];
    for layer in &order {
        for (p, &v) in layer.iter().enumerate() {
            position[v] = p as f64;
        }
    }
    let mut best = order.clone();
    let mut best_crossings = if effort.pick_best {
        count_all(g, &order)
    } else {
        usize::MAX
    };
    for sweep in 0..effort.order {
        let downwards = sweep % 2 == 0;
        // Pairs of sweeps alternate barycenters and medians: each undoes crossings the
        // other leaves, and the best order of all is kept.
        let use_median = (sweep / 2) % 2 == 1;
        let layers: Vec<usize> = if downwards {
            (1..depth).collect()
        } else {
            (0..depth.saturating_sub(1)).rev().collect()
        };
        for l in layers {
            let neighbours = if downwards { &g.up } else { &g.down };
            let mut keyed: Vec<(f64, f64, usize)> = order[l]
                .iter()
                .map(|&v| {
                    let near = &neighbours[v];
                    let key = if near.is_empty() {
                        position[v]
                    } else if use_median {
                        median(near.iter().map(|&m| position[m]).collect())
                    } else {
                        near.iter().map(|&m| position[m]).sum::<f64>() / near.len() as f64
                    };
                    (key, position[v], v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            order[l] = keyed.into_iter().map(|(_, _, v)| v).collect();
            for (p, &v) in order[l].iter().enumerate() {
                position[v] = p as f64;
            }
        }
        if effort.pick_best {
            transpose(g, &mut order, &mut position);
        }
        let crossings = if effort.pick_best {
            count_all(g, &order)
        } else {
            0
        };
        if crossings < best_crossings {
            best_crossings = crossings;
            best.clone_from(&order);
        }
    }
    best
}

/// The median of positions (the mean of the middle two when there is an even count).
fn median(mut positions: Vec<f64>) -> f64 {
    positions.sort_by(f64::total_cmp);
    let mid = positions.len() / 2;
    if positions.len() % 2 == 1 {
        positions[mid]
    } else {
        (positions[mid - 1] + positions[mid]) / 2.0
    }
}

/// Swaps neighbours in a layer while that removes crossings with the layers above and
/// below (the "transpose" step of Gansner et al.): barycenters alone leave ties and
/// local knots that one swap undoes. Passes stop when nothing improves (or after a few).
fn transpose(g: &Proper, order: &mut [Vec<usize>], position: &mut [f64]) {
    for _ in 0..TRANSPOSE_PASSES {
        let mut improved = false;
        for layer in order.iter_mut() {
            for i in 1..layer.len() {
                let (u, v) = (layer[i - 1], layer[i]);
                let kept = pair_crossings(g, position, u, v);
                let swapped = pair_crossings(g, position, v, u);
                if swapped < kept {
                    layer.swap(i - 1, i);
                    position.swap(u, v);
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Crossings among the edges of `left` and `right` (adjacent, `left` first) with both
/// neighbouring layers.
fn pair_crossings(g: &Proper, position: &[f64], left: usize, right: usize) -> usize {
    let mut count = 0;
    for near in [&g.up, &g.down] {
        for &a in &near[left] {
            for &b in &near[right] {
                if position[a] > position[b] {
                    count += 1;
                }
            }
        }
    }
    count
}

/// Crossings between every pair of adjacent layers.
fn count_all(g: &Proper, order: &[Vec<usize>]) -> usize {
    let mut position = vec![0usize; g.layer.len()];
    for layer in order {
        for (p, &v) in layer.iter().enumerate() {
            position[v] = p;
        }
    }
    order
        .windows(2)
        .map(|pair| {
            let mut segments: Vec<(usize, usize)> = pair[0]
                .iter()
                .flat_map(|&u| g.down[u].iter().map(move |&w| (u, w)))
                .map(|(u, w)| (position[u], position[w]))
                .collect();
            segments.sort_unstable();
            count_inversions(segments.into_iter().map(|(_, w)| w), pair[1].len())
        })
        .sum()
}

/// Pairs `i < j` with `values[i] > values[j]`, with a Fenwick tree: O(n log m).
fn count_inversions(values: impl Iterator<Item = usize>, max: usize) -> usize {
    let mut tree = vec![0usize; max + 1];
    let mut inversions = 0;
    for (seen, value) in values.enumerate() {
        // Values already seen that are greater than this one.
        let mut at = value + 1;
        let mut not_greater = 0;
        while at > 0 {
            not_greater += tree[at];
            at &= at - 1;
        }
        inversions += seen - not_greater;
        let mut at = value + 1;
        while at <= max {
            tree[at] += 1;
            at += at & at.wrapping_neg();
        }
    }
    inversions
}

/// Centre x of every vertex: layers start centred, then each vertex is pulled towards
/// the mean x of its neighbours above, below, then both, keeping order and gaps.
fn place(g: &Proper, order: &[Vec<usize>], sweeps: usize) -> Vec<f64> {
    let mut x = vec![0.0f64; g.layer.len()];
    for layer in order {
        let offsets = offsets(g, layer);
        let span = offsets.last().copied().unwrap_or(0.0);
        for (&v, offset) in layer.iter().zip(&offsets) {
            x[v] = offset - span / 2.0;
        }
    }
    let depth = order.len();
    for sweep in 0..sweeps {
        let (layers, use_up, use_down): (Vec<usize>, bool, bool) = match sweep % 3 {
            0 => ((1..depth).collect(), true, false),
            1 => ((0..depth.saturating_sub(1)).rev().collect(), false, true),
            _ => ((0..depth).collect(), true, true),
        };
        for l in layers {
            let layer = &order[l];
            let desired: Vec<f64> = layer
                .iter()
                .map(|&v| {
                    let mut near: Vec<usize> = Vec::new();
                    if use_up {
                        near.extend(&g.up[v]);
                    }
                    if use_down {
                        near.extend(&g.down[v]);
                    }
                    if near.is_empty() {
                        x[v]
                    } else {
                        near.iter().map(|&m| x[m]).sum::<f64>() / near.len() as f64
                    }
                })
                .collect();
            let offsets = offsets(g, layer);
            let shifted: Vec<f64> = desired.iter().zip(&offsets).map(|(d, o)| d - o).collect();
            for ((&v, z), o) in layer.iter().zip(non_decreasing_fit(&shifted)).zip(&offsets) {
                x[v] = z + o;
            }
        }
    }
    x
}

/// The smallest centre-to-centre distance from the first vertex of the layer to each.
fn offsets(g: &Proper, layer: &[usize]) -> Vec<f64> {
    let mut offsets = Vec::with_capacity(layer.len());
    let mut at = 0.0;
    for (i, &v) in layer.iter().enumerate() {
        if i > 0 {
            let u = layer[i - 1];
            let gap = if g.width[u] <= DUMMY_W || g.width[v] <= DUMMY_W {
                DUMMY_GAP
            } else {
                GAP
            };
            at += (g.width[u] + g.width[v]) / 2.0 + gap;
        }
        offsets.push(at);
    }
    offsets
}

/// The non-decreasing sequence closest to `values` (least squares): pool adjacent
/// violators. With centres `z + offset`, that keeps boxes in order and apart.
fn non_decreasing_fit(values: &[f64]) -> Vec<f64> {
    // Blocks of (mean, count), merged while a block's mean is below the previous one's.
    let mut blocks: Vec<(f64, usize)> = Vec::with_capacity(values.len());
    for &value in values {
        blocks.push((value, 1));
        while blocks.len() > 1 {
            let (mean, count) = blocks[blocks.len() - 1];
            let (prev_mean, prev_count) = blocks[blocks.len() - 2];
            if prev_mean <= mean {
                break;
            }
            blocks.pop();
            let total = prev_count + count;
            let merged = (prev_mean * prev_count as f64 + mean * count as f64) / total as f64;
            *blocks.last_mut().expect("two blocks were there") = (merged, total);
        }
    }
    blocks
        .into_iter()
        .flat_map(|(mean, count)| std::iter::repeat_n(mean, count))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(layer: Vec<usize>) -> Graph {
        Graph {
            width: vec![100.0; layer.len()],
            layer,
            edges: Vec::new(),
        }
    }

    #[test]
    fn a_crossing_that_can_be_undone_is_undone() {
        // Two top nodes, two bottom nodes, wired crosswise in input order.
        let mut graph = boxes(vec![0, 0, 1, 1]);
        graph.edges = vec![(0, 3), (1, 2)];
        let placed = layout(&graph);
        assert_eq!(placed.crossings, 0);
        assert!((placed.x[0] < placed.x[1]) == (placed.x[3] < placed.x[2]));
    }

    #[test]
    fn a_long_edge_bends_through_every_layer_between_and_keeps_clear_of_boxes() {
        let mut graph = boxes(vec![0, 1, 2, 3]);
        graph.edges = vec![(0, 1), (1, 2), (2, 3), (0, 3)];
        let placed = layout(&graph);
        assert_eq!(placed.bends[3].len(), 2);
        for (bend, box_node) in placed.bends[3].iter().zip([1, 2]) {
            let clearance = (bend - placed.x[box_node]).abs();
            assert!(clearance >= 50.0 + DUMMY_W / 2.0, "{clearance}");
        }
    }

    #[test]
    fn boxes_in_a_layer_never_overlap_and_the_layout_starts_at_zero() {
        let mut graph = boxes(vec![0, 1, 1, 1, 1]);
        graph.edges = (1..5).map(|n| (0, n)).collect();
        let placed = layout(&graph);
        let mut xs: Vec<f64> = placed.x[1..].to_vec();
        xs.sort_by(f64::total_cmp);
        assert!(xs.windows(2).all(|w| w[1] - w[0] >= 100.0 + GAP - 1e-9));
        assert!((xs[0] - 50.0).abs() < 1e-9);
        // The parent is centred over its children.
        assert!((placed.x[0] - (xs[0] + xs[3]) / 2.0).abs() < 1e-6);
    }

    #[test]
    fn ordering_removes_most_crossings_of_a_scrambled_graph() {
        // Four layers of eight, each node wired to two below by a fixed scramble: the
        // input order has many crossings; the sweeps and swaps must cut them hard.
        let layer: Vec<usize> = (0..32).map(|v| v / 8).collect();
        let mut graph = boxes(layer);
        for v in 0..24 {
            let below = 8 * (v / 8 + 1);
            graph.edges.push((v, below + (v * 5 + 3) % 8));
            graph.edges.push((v, below + (v * 3 + 6) % 8));
        }
        let proper = add_dummies(&graph);
        let mut unordered: Vec<Vec<usize>> = vec![Vec::new(); 4];
        for (v, &l) in proper.layer.iter().enumerate() {
            unordered[l].push(v);
        }
        let before = count_all(&proper, &unordered);
        let after = layout(&graph).crossings;
        assert!(before >= 40, "the scramble is too tame: {before}");
        assert!(
            after * 3 <= before,
            "{before} crossings before, {after} after"
        );
        // Deterministic: the same graph gives the same layout.
        assert_eq!(layout(&graph).x, layout(&graph).x);
    }

    #[test]
    fn inversions_are_counted() {
        assert_eq!(count_inversions([2, 0, 1].into_iter(), 3), 2);
        assert_eq!(count_inversions([0, 1, 1, 2].into_iter(), 3), 0);
    }

    #[test]
    fn the_fit_is_non_decreasing_and_closest() {
        assert_eq!(
            non_decreasing_fit(&[1.0, 3.0, 2.0, 4.0]),
            [1.0, 2.5, 2.5, 4.0]
        );
    }
}
