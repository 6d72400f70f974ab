//! The road network of an inventory: districts and facilities as nodes, roads (`roads.csv`, km) as
//! edges. It is built once per inventory ([`crate::inventory::Inventory::network`]) and shared by
//! every scenario on it. Distances are found by a search from one or more nodes that visits the
//! nodes nearest first and stops when its caller has what it needs ([`Network::search`]); no table
//! of distances from every node is kept, so memory stays linear in the network. What the distances
//! mean for service is the access analysis's business (`scenario::access`), not this module's.
//!
//! An inventory without roads whose facilities have coordinates ([`super::geo`]) gets a network of
//! straight lines instead: every located facility and district centre is a node, and the distance
//! between two nodes is the great-circle distance times the detour factor, computed (not searched:
//! a straight line is never made shorter by a stop on the way). A roads table, when there is one,
//! wins.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use petgraph::graph::{NodeIndex, UnGraph};
use rust_decimal::Decimal;

use super::geo::UnitPoint;
use super::{FacilityIdx, Inventory};

/// Road distances are kept as whole millionths of a kilometre, the precision road lengths are read
/// with, so shortest paths are exact integer sums.
pub const UNITS_PER_KM: i64 = 1_000_000;

/// The road network of an inventory (or its straight lines, when it has coordinates and no roads).
pub struct Network {
    graph: UnGraph<(), i64>,
    facility_node: Vec<Option<NodeIndex>>,
    district_node: BTreeMap<String, NodeIndex>,
    /// For straight-line distances: each node's point on the unit sphere and the detour factor.
    points: Option<(Vec<UnitPoint>, Decimal)>,
    /// Distances from single nodes, kept once asked for by [`Network::facility_units`] and
    /// [`Network::district_units`] (the optimizer asks about the same facilities many times); the
    /// access analysis searches and never fills it.
    single: Vec<OnceLock<Vec<Option<i64>>>>,
}

impl std::fmt::Debug for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Network({} nodes, {} roads)",
            self.graph.node_count(),
            self.graph.edge_count()
        )
    }
}

impl Network {
    /// The network of an inventory's roads; without roads, of straight lines between located
    /// facilities and district centres; empty when there is neither.
    pub fn build(inv: &Inventory) -> Network {
        if inv.roads.is_empty() && inv.geo.has_locations() {
            return Network::straight_lines(inv);
        }
        let mut graph = UnGraph::new_undirected();
        let mut district_node = BTreeMap::new();
        for d in &inv.districts {
            district_node.insert(d.id.clone(), graph.add_node(()));
        }
        let mut facility_node: Vec<Option<NodeIndex>> = vec![None; inv.facilities.len()];
        let ids: HashMap<&str, usize> = inv
            .facilities
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.as_str(), i))
            .collect();
        let mut node_of = |graph: &mut UnGraph<(), i64>, id: &str| -> Option<NodeIndex> {
            if let Some(n) = district_node.get(id) {
                return Some(*n);
            }
            let f = *ids.get(id)?;
            Some(*facility_node[f].get_or_insert_with(|| graph.add_node(())))
        };
        for r in &inv.roads {
            if let (Some(a), Some(b)) = (node_of(&mut graph, &r.from), node_of(&mut graph, &r.to)) {
                let units = (r.km * Decimal::from(UNITS_PER_KM)).round();
                graph.add_edge(a, b, i64::try_from(units).unwrap_or(i64::MAX / 4));
            }
        }
        let single = (0..graph.node_count()).map(|_| OnceLock::new()).collect();
        Network {
            graph,
            facility_node,
            district_node,
            points: None,
            single,
        }
    }

    /// The straight-line network: a node per district centre (in id order) and per located
    /// facility (in inventory order), no edges.
    fn straight_lines(inv: &Inventory) -> Network {
        let mut graph = UnGraph::new_undirected();
        let mut points = Vec::new();
        let mut district_node = BTreeMap::new();
        for (id, p) in &inv.geo.districts {
            district_node.insert(id.clone(), graph.add_node(()));
            points.push(UnitPoint::of(*p));
        }
        let facility_node = (0..inv.facilities.len())
            .map(|f| {
                let p = inv.geo.facilities.get(f).copied().flatten()?;
                points.push(UnitPoint::of(p));
                Some(graph.add_node(()))
            })
            .collect();
        let single = (0..graph.node_count()).map(|_| OnceLock::new()).collect();
        Network {
            graph,
            facility_node,
            district_node,
            points: Some((points, inv.geo.detour_factor)),
            single,
        }
    }

    /// Whether the network gives distances at all (roads, or coordinates).
    pub fn has_distances(&self) -> bool {
        self.points.is_some() || self.graph.edge_count() > 0
    }

    /// Whether distances are straight lines times a detour factor (the factor), rather than roads.
    pub fn detour_factor(&self) -> Option<Decimal> {
        self.points.as_ref().map(|(_, f)| *f)
    }

    /// The node of an inventory facility, if a road reaches it.
    pub fn facility_node(&self, f: FacilityIdx) -> Option<NodeIndex> {
        self.facility_node.get(f.index()).copied().flatten()
    }

    /// The districts with their nodes, in id order.
    pub fn districts(&self) -> impl Iterator<Item = (&str, NodeIndex)> {
        self.district_node.iter().map(|(d, n)| (d.as_str(), *n))
    }

    /// Visits the nodes reachable from `sources` (each at distance 0) in order of their shortest
    /// distance to the nearest source, in 10⁻⁶ km (ties in node order), until `visit(node,
    /// distance)` returns `false`. Memory is the size of the network, for this search only; a
    /// search by road stopped early (at the largest distance its caller can use) costs only the
    /// nodes it reached. On a straight-line network every node is reachable, at the straight-line
    /// distance times the detour factor from the nearest source.
    pub fn search(&self, sources: &[NodeIndex], mut visit: impl FnMut(NodeIndex, i64) -> bool) {
        if let Some((points, factor)) = &self.points {
            let mut order: Vec<(i64, usize)> = Vec::new();
            for (n, b) in points.iter().enumerate() {
                let nearest = sources
                    .iter()
                    .filter_map(|s| straight_line_units(&points[s.index()], b, *factor))
                    .min();
                if let Some(d) = nearest {
                    order.push((d, n));
                }
            }
            order.sort_unstable();
            for (d, n) in order {
                if !visit(NodeIndex::new(n), d) {
                    return;
                }
            }
            return;
        }
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let mut best = vec![i64::MAX; self.graph.node_count()];
        let mut done = vec![false; self.graph.node_count()];
        let mut heap = BinaryHeap::new();
        for s in sources {
            best[s.index()] = 0;
            heap.push(Reverse((0i64, s.index())));
        }
        while let Some(Reverse((d, n))) = heap.pop() {
            if done[n] {
                continue;
            }
            done[n] = true;
            if !visit(NodeIndex::new(n), d) {
                return;
            }
            for e in self.graph.edges(NodeIndex::new(n)) {
                use petgraph::visit::EdgeRef;
                let m = if e.source().index() == n {
                    e.target().index()
                } else {
                    e.source().index()
                };
                let via = d.saturating_add(*e.weight());
                if via < best[m] {
                    best[m] = via;
                    heap.push(Reverse((via, m)));
                }
            }
        }
    }

    /// Distance between two inventory facilities in 10⁻⁶ km (`None`: either is off the network, or
    /// they are not connected). The optimizer must know in advance what the access analysis will
    /// find; the distances from `a` are kept.
    pub fn facility_units(&self, a: FacilityIdx, b: FacilityIdx) -> Option<i64> {
        let (na, nb) = (self.facility_node(a)?, self.facility_node(b)?);
        self.distances_from_node(na)[nb.index()]
    }

    /// Distance from a district to an inventory facility in 10⁻⁶ km (`None`: unknown district, off
    /// the network or not connected); the distances from the district are kept.
    pub fn district_units(&self, district: &str, f: FacilityIdx) -> Option<i64> {
        let nd = *self.district_node.get(district)?;
        let nf = self.facility_node(f)?;
        self.distances_from_node(nd)[nf.index()]
    }

    fn distances_from_node(&self, n: NodeIndex) -> &[Option<i64>] {
        self.single[n.index()].get_or_init(|| self.distances_from_any(&[n]))
    }

    /// The shortest distance from `sources` to every node, in 10⁻⁶ km (`None`: unreachable): one
    /// search from all of them at once.
    pub fn distances_from_any(&self, sources: &[NodeIndex]) -> Vec<Option<i64>> {
        let mut v = vec![None; self.graph.node_count()];
        self.search(sources, |n, d| {
            v[n.index()] = Some(d);
            true
        });
        v
    }
}

/// The straight-line distance between two points times the detour factor, in 10⁻⁶ km (`None`
/// when it does not fit).
fn straight_line_units(a: &UnitPoint, b: &UnitPoint, factor: Decimal) -> Option<i64> {
    let km = super::geo::great_circle_km_between(a, b) * factor;
    i64::try_from((km * Decimal::from(UNITS_PER_KM)).round()).ok()
}
