//! Service and access: where the users of a closed facility go, and which districts lose a service
//! within the plan's access standard.
//!
//! The road network is a graph of districts and facilities (`roads.csv`, km). Users of a facility that
//! closes go to the nearest open facility offering its main function, by road distance (Dijkstra); a
//! merge or a complex sends them to the receiver named. After each year's actions, every district's
//! distance to the nearest open facility of each function that has a standard is compared with the
//! standard. Costs play no part here.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use petgraph::algo::dijkstra;
use petgraph::graph::{NodeIndex, UnGraph};
use rust_decimal::Decimal;

use super::{Action, Capacities, Scenario};
use crate::inventory::Inventory;

/// Users moved from a closed facility.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    /// The year.
    pub year: i32,
    /// The closed facility.
    pub from: usize,
    /// Where its users go; `None` when no open facility offers the function.
    pub to: Option<usize>,
    /// The function followed.
    pub function: String,
    /// Users moved (a year).
    pub users: u64,
    /// Road distance between the two, km, when connected.
    pub km: Option<Decimal>,
}

/// A facility with more users of a function than its capacity for it, after receiving others'.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverCapacity {
    /// The facility.
    pub facility: usize,
    /// The function.
    pub function: String,
    /// The year it first went over.
    pub year: i32,
    /// Its users at the end of the plan.
    pub users: u64,
    /// Its capacity.
    pub capacity: u64,
}

/// A district without a function within the access standard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistrictAccess {
    /// The district id.
    pub district: String,
    /// The function.
    pub function: String,
    /// The year it lost access (or the first year, for a district already beyond the standard).
    pub year: i32,
    /// The standard, km.
    pub standard_km: Decimal,
    /// Distance to the nearest open facility before, km (`None`: none reachable).
    pub km_before: Option<Decimal>,
    /// Distance after, km (`None`: none reachable).
    pub km_after: Option<Decimal>,
}

/// The access analysis of a scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccessReport {
    /// Whether the inventory has a road network (without one, only moves by merge and complex are
    /// known, and no distances).
    pub has_network: bool,
    /// Users moved, in order of year.
    pub moves: Vec<Move>,
    /// Receivers over capacity.
    pub over_capacity: Vec<OverCapacity>,
    /// Districts that lose a function within the standard because of the scenario.
    pub left_without: Vec<DistrictAccess>,
    /// Districts already beyond the standard before any action.
    pub already_beyond: Vec<DistrictAccess>,
}

/// Road distances are kept as whole micrometres... of kilometres: 10⁻⁶ km, the precision road
/// lengths are read with, so shortest paths are exact integer sums.
const UNITS_PER_KM: i64 = 1_000_000;

fn km_of(units: i64) -> Decimal {
    Decimal::new(units, 6).normalize()
}

/// The road network of an inventory: districts and facilities as nodes, roads as edges. Built once
/// per inventory and shared by every scenario on it; shortest distances from a node are computed
/// (petgraph's Dijkstra) the first time they are needed and kept.
pub struct Network {
    graph: UnGraph<(), i64>,
    facility_node: Vec<Option<NodeIndex>>,
    district_node: BTreeMap<String, NodeIndex>,
    from: Vec<OnceLock<Vec<Option<i64>>>>,
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
    /// The network of an inventory's roads (empty without roads).
    pub fn build(inv: &Inventory) -> Network {
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
        }
    }

    /// Shortest distances from a node to every node (`None`: unreachable).
    fn distances(&self, from: NodeIndex) -> &[Option<i64>] {
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

/// A scenario's view of the network: its facilities (the inventory's, then new ones on their
/// sites) mapped to nodes.
struct View<'n> {
    net: &'n Network,
    node: Vec<Option<NodeIndex>>,
}

impl<'n> View<'n> {
    fn new(s: &Scenario, net: &'n Network) -> View<'n> {
        let n = s.inventory.facilities.len();
        let mut node: Vec<Option<NodeIndex>> = net.facility_node.clone();
        node.resize(s.n_facilities(), None);
        for (k, nf) in s.new_facilities.iter().enumerate() {
            node[n + k] = node.get(nf.site).copied().flatten();
        }
        View { net, node }
    }

    /// Road distance between two facilities, in 10⁻⁶ km.
    fn between(&self, a: usize, b: usize) -> Option<i64> {
        let (na, nb) = (self.node[a]?, self.node[b]?);
        self.net.distances(na)[nb.index()]
    }
}

/// The state of service: which facilities are open, what they offer, and their users and capacity
/// by function (a function without a known capacity is not checked).
struct State {
    open: Vec<bool>,
    functions: Vec<Vec<String>>,
    users: Vec<BTreeMap<String, u64>>,
    capacity: Vec<Capacities>,
}

impl State {
    fn offers(&self, f: usize, function: &str) -> bool {
        self.open[f] && self.functions[f].iter().any(|g| g == function)
    }

    /// Users of a function beyond the facility's capacity for it.
    fn over(&self, f: usize, function: &str) -> bool {
        let users = self.users[f].get(function).copied().unwrap_or(0);
        self.capacity[f].get(function).is_some_and(|&c| users > c)
    }
}

/// Analyses where users go and which districts lose access.
pub fn analyse(s: &Scenario) -> AccessReport {
    let inv = &s.inventory;
    let n = inv.facilities.len();
    let net = View::new(s, &s.network);
    let has_network = !inv.roads.is_empty();
    let mut st = State {
        open: (0..s.n_facilities()).map(|f| f < n).collect(),
        functions: (0..s.n_facilities())
            .map(|f| {
                if f < n {
                    inv.facilities[f].functions.clone()
                } else {
                    s.new_facilities[f - n].functions.clone()
                }
            })
            .collect(),
        users: (0..s.n_facilities())
            .map(|f| {
                let mut m = BTreeMap::new();
                if f < n {
                    if let (Some(main), Some(u)) = (
                        inv.facilities[f].functions.first(),
                        inv.facilities[f].annual_users,
                    ) {
                        m.insert(main.clone(), u);
                    }
                }
                m
            })
            .collect(),
        capacity: (0..s.n_facilities())
            .map(|f| {
                if f < n {
                    inv.facilities[f].capacities()
                } else {
                    s.new_facilities[f - n].capacities.clone()
                }
            })
            .collect(),
    };
    let standards = &inv.access_km;
    let before = district_distances(&net, &st, standards);
    let mut report = AccessReport {
        has_network,
        ..AccessReport::default()
    };
    let first = s.plan.horizon.first().get();
    if has_network {
        for (district, function, km, std) in &before {
            if km.is_none_or(|k| k > *std) {
                report.already_beyond.push(DistrictAccess {
                    district: district.clone(),
                    function: function.clone(),
                    year: first,
                    standard_km: km_of(*std),
                    km_before: km.map(km_of),
                    km_after: km.map(km_of),
                });
            }
        }
    }
    // (receiver, function) → the year it first went over capacity.
    let mut received: BTreeMap<(usize, String), i32> = BTreeMap::new();
    let mut years: Vec<i32> = s
        .actions
        .iter()
        .filter_map(|(_, a)| super::check::action_year(a))
        .collect();
    years.sort_unstable();
    years.dedup();
    let mut lost: BTreeMap<(String, String), DistrictAccess> = BTreeMap::new();
    for year in years {
        for (_, a) in &s.actions {
            match a {
                Action::Complex {
                    facility,
                    year: y,
                    replaces,
                    ..
                } if *y == year => {
                    st.open[*facility] = true;
                    // It offers what the facilities it replaces offer now, functions they took
                    // from earlier merges included.
                    for &r in replaces {
                        for g in st.functions[r].clone() {
                            if !st.functions[*facility].contains(&g) {
                                st.functions[*facility].push(g);
                            }
                        }
                    }
                    for &r in replaces {
                        move_to(
                            &mut st,
                            &mut report,
                            &net,
                            r,
                            Some(*facility),
                            year,
                            &mut received,
                        );
                    }
                }
                Action::Merge {
                    facilities,
                    into,
                    year: y,
                    added_area,
                    added_capacity,
                    ..
                } if *y == year => {
                    // The receiver takes the merged facilities' functions and the capacity added
                    // for them, then their users.
                    let offered_before = st.functions[*into].clone();
                    for &f in facilities {
                        for g in st.functions[f].clone() {
                            if !st.functions[*into].contains(&g) {
                                st.functions[*into].push(g);
                            }
                        }
                    }
                    // Capacity added by function; by default, for the receiver's main function,
                    // in proportion to the floor area added. A function the receiver did not offer
                    // before gets the capacity added for it; one it offered without a known
                    // capacity stays unchecked.
                    let mut added = added_capacity.clone();
                    if added.is_empty() {
                        let main = st.functions[*into].first().cloned();
                        let extra = (|| {
                            let area = added_area.as_ref()?;
                            let cap = *st.capacity[*into].get(main.as_ref()?)?;
                            let own = facility_area(s, *into)?;
                            let per_m2 = Decimal::from(cap) / own;
                            u64::try_from((per_m2 * area.to_decimal()).round()).ok()
                        })();
                        if let (Some(m), Some(e)) = (main, extra) {
                            added.insert(m, e);
                        }
                    }
                    for (g, e) in added {
                        match st.capacity[*into].get_mut(&g) {
                            Some(c) => *c += e,
                            None if !offered_before.contains(&g) => {
                                st.capacity[*into].insert(g, e);
                            }
                            None => {}
                        }
                    }
                    for &f in facilities {
                        move_to(
                            &mut st,
                            &mut report,
                            &net,
                            f,
                            Some(*into),
                            year,
                            &mut received,
                        );
                    }
                }
                // A closure, or a transfer whose service stops: users go to the nearest open
                // facility offering each function.
                Action::Close {
                    facility, year: y, ..
                }
                | Action::Transfer {
                    facility,
                    year: y,
                    service_continues: false,
                    ..
                } if *y == year => {
                    move_to(
                        &mut st,
                        &mut report,
                        &net,
                        *facility,
                        None,
                        year,
                        &mut received,
                    );
                }
                _ => {}
            }
        }
        if has_network {
            let after = district_distances(&net, &st, standards);
            for ((district, function, km0, std), (_, _, km1, _)) in before.iter().zip(&after) {
                let had = km0.is_some_and(|k| k <= *std);
                let has = km1.is_some_and(|k| k <= *std);
                let key = (district.clone(), function.clone());
                if had && !has {
                    lost.entry(key).or_insert(DistrictAccess {
                        district: district.clone(),
                        function: function.clone(),
                        year,
                        standard_km: km_of(*std),
                        km_before: km0.map(km_of),
                        km_after: km1.map(km_of),
                    });
                } else if has {
                    lost.remove(&key);
                } else if let Some(l) = lost.get_mut(&key) {
                    l.km_after = km1.map(km_of);
                }
            }
        }
    }
    report.left_without = lost.into_values().collect();
    report.left_without.sort_by_key(|l| l.year);
    for ((f, function), year) in received {
        if st.open[f] && st.over(f, &function) {
            report.over_capacity.push(OverCapacity {
                facility: f,
                users: st.users[f][&function],
                capacity: st.capacity[f][&function],
                function,
                year,
            });
        }
    }
    report
}

fn facility_area(s: &Scenario, f: usize) -> Option<Decimal> {
    let n = s.inventory.facilities.len();
    if f >= n {
        return None;
    }
    let sum: Decimal = s
        .inventory
        .buildings
        .iter()
        .filter(|b| b.facility == f)
        .map(|b| b.floor_area.to_decimal())
        .sum();
    (!sum.is_zero()).then_some(sum)
}

/// Closes `from` and moves its users, function by function, to `to`, or to the nearest open facility
/// offering that function.
fn move_to(
    st: &mut State,
    report: &mut AccessReport,
    net: &View<'_>,
    from: usize,
    to: Option<usize>,
    year: i32,
    received: &mut BTreeMap<(usize, String), i32>,
) {
    st.open[from] = false;
    let mut users = std::mem::take(&mut st.users[from]);
    // Every function moves, counted users or not, so the record shows where each one goes (or
    // that no open facility offers it).
    for g in &st.functions[from] {
        users.entry(g.clone()).or_insert(0);
    }
    let km_to = |g: usize| -> Option<i64> { net.between(from, g) };
    for (function, n) in users {
        let target = to.or_else(|| {
            (0..st.open.len())
                .filter(|&g| g != from && st.offers(g, &function))
                .filter_map(|g| km_to(g).map(|k| (k, g)))
                .min()
                .map(|(_, g)| g)
        });
        if let Some(t) = target {
            *st.users[t].entry(function.clone()).or_default() += n;
            if n > 0 && st.over(t, &function) {
                received.entry((t, function.clone())).or_insert(year);
            }
        }
        report.moves.push(Move {
            year,
            from,
            to: target,
            function,
            users: n,
            km: target.and_then(km_to).map(km_of),
        });
    }
}

/// For every district and every function with a standard: the distance to the nearest open facility
/// offering it (district order, then function order).
fn district_distances(
    net: &View<'_>,
    st: &State,
    standards: &[(String, Decimal)],
) -> Vec<(String, String, Option<i64>, i64)> {
    let mut out = Vec::new();
    for (district, node) in &net.net.district_node {
        let dist = net.net.distances(*node);
        for (function, std) in standards {
            let km = (0..st.open.len())
                .filter(|&g| st.offers(g, function))
                .filter_map(|g| net.node[g].and_then(|n| dist[n.index()]))
                .min();
            let std_units =
                i64::try_from((*std * Decimal::from(UNITS_PER_KM)).round()).unwrap_or(i64::MAX);
            out.push((district.clone(), function.clone(), km, std_units));
        }
    }
    out
}

/// Distances for the optimizer, which must know in advance what [`analyse`] will find: road
/// distances between inventory facilities, and from districts to facilities, in 10⁻⁶ km (the
/// precision roads are read with; [`km`] turns them into km).
impl Network {
    /// Road distance between two inventory facilities (`None`: either is off the network, or they
    /// are not connected).
    pub fn facility_units(&self, a: usize, b: usize) -> Option<i64> {
        let (na, nb) = (
            (*self.facility_node.get(a)?)?,
            (*self.facility_node.get(b)?)?,
        );
        self.distances(na)[nb.index()]
    }

    /// Road distance from a district to an inventory facility (`None`: unknown district, off the
    /// network or not connected).
    pub fn district_units(&self, district: &str, f: usize) -> Option<i64> {
        let nd = *self.district_node.get(district)?;
        let nf = (*self.facility_node.get(f)?)?;
        self.distances(nd)[nf.index()]
    }

    /// The districts on the network, in id order.
    pub fn districts(&self) -> impl Iterator<Item = &str> {
        self.district_node.keys().map(String::as_str)
    }
}

/// A distance in 10⁻⁶ km as km.
pub fn km(units: i64) -> Decimal {
    km_of(units)
}

/// A standard in km as 10⁻⁶ km, rounded as [`analyse`] rounds it.
pub fn standard_units(km: Decimal) -> i64 {
    i64::try_from((km * Decimal::from(UNITS_PER_KM)).round()).unwrap_or(i64::MAX)
}
