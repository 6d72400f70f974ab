//! The road network of an inventory: districts and facilities as nodes, roads (`roads.csv`, km) as
//! edges, with shortest road distances (petgraph's Dijkstra) computed the first time they are asked
//! for and kept. It is built once per inventory ([`crate::inventory::Inventory::network`]) and
//! shared by every scenario on it. What the distances mean for service is the access analysis's
//! business (`scenario::access`), not this module's.
//!
//! An inventory without roads whose facilities have coordinates ([`super::geo`]) gets a network of
//! straight lines instead: every located facility and district centre is a node, and the distance
//! between two nodes is the great-circle distance times the detour factor, computed (not searched)
//! the first time it is needed. A roads table, when there is one, wins.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use petgraph::algo::dijkstra;
use petgraph::graph::{NodeIndex, UnGraph};
use rust_decimal::Decimal;

use super::geo::LatLon;
use super::{FacilityIdx, Inventory};

/// Road distances are kept as whole millionths of a kilometre, the precision road lengths are read
/// with, so shortest paths are exact integer sums.
pub const UNITS_PER_KM: i64 = 1_000_000;

/// The road network of an inventory (or its straight lines, when it has coordinates and no roads).
pub struct Network {
    graph: UnGraph<(), i64>,
    facility_node: Vec<Option<NodeIndex>>,
    district_node: BTreeMap<String, NodeIndex>,
    from: Vec<OnceLock<Vec<Option<i64>>>>,
    /// For straight-line distances: each node's point and the detour factor.
    points: Option<(Vec<LatLon>, Decimal)>,
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
        let from = (0..graph.node_count()).map(|_| OnceLock::new()).collect();
        Network {
            graph,
            facility_node,
            district_node,
            from,
            points: None,
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
            points.push(*p);
        }
        let facility_node = (0..inv.facilities.len())
            .map(|f| {
                let p = inv.geo.facilities.get(f).copied().flatten()?;
                points.push(p);
                Some(graph.add_node(()))
            })
            .collect();
        let from = (0..graph.node_count()).map(|_| OnceLock::new()).collect();
        Network {
            graph,
            facility_node,
            district_node,
            from,
            points: Some((points, inv.geo.detour_factor)),
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

    /// Distance between two inventory facilities in 10⁻⁶ km (`None`: either is off the network, or
    /// they are not connected). The optimizer must know in advance what the access analysis will
    /// find.
    pub fn facility_units(&self, a: FacilityIdx, b: FacilityIdx) -> Option<i64> {
        let (na, nb) = (self.facility_node(a)?, self.facility_node(b)?);
        self.distances(na)[nb.index()]
    }

    /// Distance from a district to an inventory facility in 10⁻⁶ km (`None`: unknown district, off
    /// the network or not connected).
    pub fn district_units(&self, district: &str, f: FacilityIdx) -> Option<i64> {
        let nd = *self.district_node.get(district)?;
        let nf = self.facility_node(f)?;
        self.distances(nd)[nf.index()]
    }

    /// Shortest road distances from a node to every node, in 10⁻⁶ km (`None`: unreachable); on a
    /// straight-line network, the great-circle distance times the detour factor.
    pub fn distances(&self, from: NodeIndex) -> &[Option<i64>] {
        if let Some((points, factor)) = &self.points {
            return self.from[from.index()].get_or_init(|| {
                let a = points[from.index()];
                points
                    .iter()
                    .map(|b| {
                        let km = super::geo::great_circle_km(a, *b) * factor;
                        i64::try_from((km * Decimal::from(UNITS_PER_KM)).round()).ok()
                    })
                    .collect()
            });
        }
        self.from[from.index()].get_or_init(|| {
            let d = dijkstra(&self.graph, from, None, |e| *e.weight());
            let mut v = vec![None; self.graph.node_count()];
            for (n, k) in d {
                v[n.index()] = Some(k);
            }
            v
        })
    }
}
