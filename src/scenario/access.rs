//! Service and access: where the users of a closed facility go, and which districts lose a service
//! within the plan's access standard.
//!
//! The road network is a graph of districts and facilities (`roads.csv`, km;
//! `inventory::network`). Without roads, when facilities have coordinates, distances are straight
//! lines times the inventory's detour factor (`inventory::geo`) between located facilities and
//! district centres; a roads table, when there is one, wins. Users of a facility that closes go to
//! the nearest open facility offering its main function, by road distance (a search from the
//! closed facility that stops past the nearest distance); a merge or a complex sends them to the
//! receiver named. After each year's actions, every district's distance to the nearest open
//! facility of each function that has a standard is compared with the standard (one search per
//! function, from all the facilities offering it at once). Memory is linear in the network: no
//! table of distances from every node is kept. Costs play no part here.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;
use rust_decimal::Decimal;

use super::{Action, Capacities, FacilityIdx, Scenario};
use crate::inventory::network::{Network, UNITS_PER_KM};

/// Users moved from a closed facility.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    /// The year.
    pub year: i32,
    /// The closed facility.
    pub from: FacilityIdx,
    /// Where its users go; `None` when no open facility offers the function.
    pub to: Option<FacilityIdx>,
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
    pub facility: FacilityIdx,
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

impl AccessReport {
    /// Users moved to a receiver (an open facility offering their function), a year, over the
    /// plan (saturating, far beyond any real count).
    pub fn users_moved(&self) -> u64 {
        self.moves
            .iter()
            .filter(|m| m.to.is_some())
            .fold(0u64, |n, m| n.saturating_add(m.users))
    }

    /// The receivers: open facilities that take the users of closed ones.
    pub fn receivers(&self) -> usize {
        let mut r: Vec<FacilityIdx> = self.moves.iter().filter_map(|m| m.to).collect();
        r.sort();
        r.dedup();
        r.len()
    }

    /// Users who lose a service: no open facility offers the function they used (a year).
    pub fn users_losing_service(&self) -> u64 {
        self.moves
            .iter()
            .filter(|m| m.to.is_none())
            .fold(0u64, |n, m| n.saturating_add(m.users))
    }
}

fn km_of(units: i64) -> Decimal {
    Decimal::new(units, 6).normalize()
}

/// A scenario's view of the network: its facilities (the inventory's, then new ones on their
/// sites) mapped to nodes, and back (a new facility shares its site's node).
struct View<'n> {
    net: &'n Network,
    node: Vec<Option<NodeIndex>>,
    at_node: std::collections::HashMap<NodeIndex, Vec<usize>>,
}

impl<'n> View<'n> {
    fn new(s: &Scenario, net: &'n Network) -> View<'n> {
        let node: Vec<Option<NodeIndex>> = s
            .facilities()
            .iter()
            .map(|(f, r)| match r {
                super::FacilityRef::Inventory(_) => net.facility_node(f),
                super::FacilityRef::New(nf) => net.facility_node(nf.site),
            })
            .collect();
        let mut at_node: std::collections::HashMap<NodeIndex, Vec<usize>> =
            std::collections::HashMap::new();
        for (f, n) in node.iter().enumerate() {
            if let Some(n) = n {
                at_node.entry(*n).or_default().push(f);
            }
        }
        View { net, node, at_node }
    }

    /// Road distance between two facilities, in 10⁻⁶ km: a search from `a` that stops at `b`.
    fn between(&self, a: usize, b: usize) -> Option<i64> {
        let (na, nb) = (self.node[a]?, self.node[b]?);
        let mut found = None;
        self.net.search(&[na], |n, d| {
            if n == nb {
                found = Some(d);
            }
            found.is_none()
        });
        found
    }

    /// The nearest facility to `from` by road that `wanted` accepts, with its distance; of several
    /// at the same distance, the first. The search stops past the nearest distance.
    fn nearest(&self, from: usize, wanted: impl Fn(usize) -> bool) -> Option<(i64, usize)> {
        let start = self.node[from]?;
        let mut best: Option<(i64, usize)> = None;
        self.net.search(&[start], |n, d| {
            if best.is_some_and(|(k, _)| d > k) {
                return false;
            }
            for &g in self.at_node.get(&n).map_or(&[][..], Vec::as_slice) {
                if g != from && wanted(g) && best.is_none_or(|b| (d, g) < b) {
                    best = Some((d, g));
                }
            }
            true
        });
        best
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
    let inv = s.inventory();
    let net = View::new(s, inv.network());
    let has_network = inv.network().has_distances();
    let facilities = s.facilities();
    let mut st = State {
        open: facilities
            .iter()
            .map(|(f, _)| !facilities.is_new(f))
            .collect(),
        functions: facilities
            .iter()
            .map(|(_, r)| r.functions().to_vec())
            .collect(),
        users: facilities
            .iter()
            .map(|(_, r)| {
                let mut m = BTreeMap::new();
                if let super::FacilityRef::Inventory(f) = r {
                    if let (Some(main), Some(u)) = (f.functions.first(), f.annual_users) {
                        m.insert(main.clone(), u);
                    }
                }
                m
            })
            .collect(),
        capacity: facilities.iter().map(|(_, r)| r.capacities()).collect(),
    };
    let standards = &inv.access_km;
    let before = district_distances(&net, &st, standards);
    let mut report = AccessReport {
        has_network,
        ..AccessReport::default()
    };
    let first = s.plan().horizon.first().get();
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
    let mut years: Vec<i32> = s.actions().iter().filter_map(Action::year).collect();
    years.sort_unstable();
    years.dedup();
    let mut lost: BTreeMap<(String, String), DistrictAccess> = BTreeMap::new();
    for year in years {
        for a in s.actions() {
            if a.year() != Some(year) || !a.moves_users() {
                continue;
            }
            if let Some(f) = a.opens() {
                st.open[f.index()] = true;
            }
            // A receiver (a merge's, a complex) takes the functions the facilities it receives offer
            // now, those they took from earlier merges included; a merge also the capacity added
            // for them.
            let receiver = a.receiver();
            if let Some(r) = receiver.map(FacilityIdx::index) {
                let offered_before = st.functions[r].clone();
                for &f in a.closes() {
                    for g in st.functions[f.index()].clone() {
                        if !st.functions[r].contains(&g) {
                            st.functions[r].push(g);
                        }
                    }
                }
                if let Action::Merge {
                    added_area,
                    added_capacity,
                    ..
                } = a
                {
                    add_capacity(s, &mut st, r, *added_area, added_capacity, &offered_before);
                }
            }
            // Then their users: to the receiver, or to the nearest open facility offering each
            // function.
            for &f in a.closes() {
                move_to(
                    &mut st,
                    &mut report,
                    &net,
                    f.index(),
                    receiver.map(FacilityIdx::index),
                    year,
                    &mut received,
                );
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
                facility: FacilityIdx::new(f),
                users: st.users[f][&function],
                capacity: st.capacity[f][&function],
                function,
                year,
            });
        }
    }
    report
}

/// The capacity a merge adds to its receiver `r`, by function; by default, for the receiver's main
/// function, in proportion to the floor area added. A function the receiver did not offer before
/// gets the capacity added for it; one it offered without a known capacity stays unchecked.
fn add_capacity(
    s: &Scenario,
    st: &mut State,
    r: usize,
    added_area: Option<crate::units::FloorArea>,
    added_capacity: &Capacities,
    offered_before: &[String],
) {
    let mut added = added_capacity.clone();
    if added.is_empty() {
        let main = st.functions[r].first().cloned();
        let extra = (|| {
            let area = added_area?;
            let cap = *st.capacity[r].get(main.as_ref()?)?;
            let own = facility_area(s, FacilityIdx::new(r))?;
            let per_m2 = Decimal::from(cap) / own;
            u64::try_from((per_m2 * area.to_decimal()).round()).ok()
        })();
        if let (Some(m), Some(e)) = (main, extra) {
            added.insert(m, e);
        }
    }
    for (g, e) in added {
        match st.capacity[r].get_mut(&g) {
            Some(c) => *c += e,
            None if !offered_before.contains(&g) => {
                st.capacity[r].insert(g, e);
            }
            None => {}
        }
    }
}

/// The floor area of an inventory facility's buildings (`None` for a new facility, or none).
fn facility_area(s: &Scenario, f: FacilityIdx) -> Option<Decimal> {
    let inv = s.inventory();
    let sum: Decimal = inv
        .buildings_of(f)
        .iter()
        .map(|&b| inv.buildings[b].floor_area.to_decimal())
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
    for (function, n) in users {
        let (target, km) = match to {
            Some(t) => (Some(t), net.between(from, t)),
            None => match net.nearest(from, |g| st.offers(g, &function)) {
                Some((k, g)) => (Some(g), Some(k)),
                None => (None, None),
            },
        };
        if let Some(t) = target {
            *st.users[t].entry(function.clone()).or_default() += n;
            if n > 0 && st.over(t, &function) {
                received.entry((t, function.clone())).or_insert(year);
            }
        }
        report.moves.push(Move {
            year,
            from: FacilityIdx::new(from),
            to: target.map(FacilityIdx::new),
            function,
            users: n,
            km: km.map(km_of),
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
    // One search per function, from every open facility offering it at once: each node's
    // distance to the nearest of them.
    let by_function: Vec<Vec<Option<i64>>> = standards
        .iter()
        .map(|(function, _)| {
            let mut sources: Vec<NodeIndex> = (0..st.open.len())
                .filter(|&g| st.offers(g, function))
                .filter_map(|g| net.node[g])
                .collect();
            sources.sort_unstable();
            sources.dedup();
            net.net.distances_from_any(&sources)
        })
        .collect();
    let mut out = Vec::new();
    for (district, node) in net.net.districts() {
        for ((function, std), dist) in standards.iter().zip(&by_function) {
            let km = dist[node.index()];
            let std_units =
                i64::try_from((*std * Decimal::from(UNITS_PER_KM)).round()).unwrap_or(i64::MAX);
            out.push((district.to_string(), function.clone(), km, std_units));
        }
    }
    out
}

/// A distance in 10⁻⁶ km as km.
pub fn km(units: i64) -> Decimal {
    km_of(units)
}

/// A standard in km as 10⁻⁶ km, rounded as [`analyse`] rounds it.
pub fn standard_units(km: Decimal) -> i64 {
    i64::try_from((km * Decimal::from(UNITS_PER_KM)).round()).unwrap_or(i64::MAX)
}
