//! The mixed-integer programme: which candidate changes to take, in which year, which life
//! extensions and which renewal moves, so that every year's cost is at or under the cap and the
//! service lost is least.
//!
//! Variables: `z` (a change taken in a year, binary), `L` (a life extension, binary), `w = z ∧ L`
//! (continuous, exact for binaries; declared integer to HiGHS, see [`Col::implied_integer`]),
//! `y` (a renewal event moved by some years, binary), `a` (where
//! the users of a closed facility go, binary: the nearest facility still open among its nearest
//! few, or further), and the flows `φ` of users along those moves (continuous; a facility that closes
//! after receiving users sends them all on, as the access analysis does). Rows: one cap row per year
//! (costs from [`super::costs`]: the base plus each choice's effect), at most one change per
//! facility, receivers open, users to the nearest open facility, flows, capacity, access standards
//! at the end of the plan, every function still offered, exclusive groups, limits on change. The
//! objective is the weighted service loss plus the cost's tie-break ([`crate::service::Weights`]).
//! Numbers are the solver's `f64` in 億円; the plan it chooses is always priced again by the engine.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::prelude::ToPrimitive;

use super::candidates::{Candidates, ChangeKind, Member};
use super::costs::{Costs, Groups};
use crate::scenario::{FacilityIdx, Scenario};

/// A column.
#[derive(Clone, Debug)]
pub struct Col {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// Whether it must be integral.
    pub integer: bool,
    /// Whether it is integral whenever the integer columns are (`w = z ∧ L`): continuous to the
    /// model, declared integer to HiGHS (see [`super::solve`]).
    pub implied_integer: bool,
    /// Objective coefficient.
    pub obj: f64,
}

/// A row: `lo ≤ Σ coef × col ≤ hi`.
#[derive(Clone, Debug)]
pub struct Row {
    /// Terms (column, coefficient), each column at most once.
    pub terms: Vec<(usize, f64)>,
    /// Lower bound (`-inf`: none).
    pub lo: f64,
    /// Upper bound (`inf`: none).
    pub hi: f64,
}

/// A minimisation problem.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// Columns.
    pub cols: Vec<Col>,
    /// Rows.
    pub rows: Vec<Row>,
    /// A constant added to the objective.
    pub obj_constant: f64,
}

impl Model {
    /// Adds a column.
    pub fn col(&mut self, lo: f64, hi: f64, integer: bool, obj: f64) -> usize {
        self.cols.push(Col {
            lo,
            hi,
            integer,
            implied_integer: false,
            obj,
        });
        self.cols.len() - 1
    }

    /// Adds a row.
    pub fn row(&mut self, terms: Vec<(usize, f64)>, lo: f64, hi: f64) -> usize {
        // Merge repeated columns, so each appears once.
        let mut merged: BTreeMap<usize, f64> = BTreeMap::new();
        for (c, v) in terms {
            *merged.entry(c).or_default() += v;
        }
        self.rows.push(Row {
            terms: merged.into_iter().filter(|(_, v)| *v != 0.0).collect(),
            lo,
            hi,
        });
        self.rows.len() - 1
    }

    /// The number of integer columns.
    pub fn n_integers(&self) -> usize {
        self.cols.iter().filter(|c| c.integer).count()
    }

    /// The objective of a point.
    pub fn objective(&self, x: &[f64]) -> f64 {
        self.obj_constant + self.cols.iter().zip(x).map(|(c, v)| c.obj * v).sum::<f64>()
    }

    /// Adds the row that excludes the integer point `x` of the columns `cols` (a no-good cut).
    pub fn exclude(&mut self, cols: &[usize], x: &[f64]) {
        let mut terms = Vec::new();
        let mut ones = 0.0;
        for &c in cols {
            if x[c] > 0.5 {
                terms.push((c, -1.0));
                ones += 1.0;
            } else {
                terms.push((c, 1.0));
            }
        }
        // Σ_{x=0} x_j + Σ_{x=1} (1 − x_j) ≥ 1.
        self.row(terms, 1.0 - ones, f64::INFINITY);
    }
}

/// How the users of one option's closed facility may go (for closures: to the nearest open).
#[derive(Clone, Debug)]
pub struct Assign {
    /// The option (position in [`Costs::options`]).
    pub option: usize,
    /// The facility whose users move.
    pub from: usize,
    /// The candidate receivers with their columns: `Some(node)`, or `None` for further away or
    /// lost.
    pub to: Vec<(Target, usize)>,
}

/// Where users go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// A facility (inventory position, or `n + k` for the complex of change `k`).
    Node(usize),
    /// A facility beyond the nearest few (at least as far as the next one).
    Further,
    /// No open facility offers the function.
    Lost,
}

/// What each column means.
#[derive(Clone, Debug, Default)]
pub struct Vars {
    /// Per option of [`Costs::options`]: its column.
    pub option: Vec<usize>,
    /// Per life option: its column.
    pub life: Vec<usize>,
    /// Per event of [`Costs::events`]: the columns of its moves (same order as its `moves`).
    pub moves: Vec<Vec<usize>>,
    /// Receiver choices of closures.
    pub assigns: Vec<Assign>,
    /// Flows: (function, from node, to target, column, km).
    pub flows: Vec<(String, usize, Target, usize, f64)>,
    /// The columns that open each flow's arc (positions as in `flows`): the option of a named
    /// receiver, or the receiver choice of a closure.
    pub flow_choosers: Vec<Vec<usize>>,
    /// Users of each node's main function: (function, node) → users.
    pub own_users: BTreeMap<(String, usize), f64>,
    /// Soft access slacks: (district, function, column).
    pub access_slack: Vec<(String, String, usize)>,
    /// Soft capacity slacks: (node, function, column).
    pub capacity_slack: Vec<(usize, String, usize)>,
    /// The cap rows, by year.
    pub cap_rows: Vec<usize>,
    /// Columns that decide the plan (changes, life extensions, moves): no-good cuts name these.
    pub decisions: Vec<usize>,
    /// Access rows that may bind: (district, function, row).
    pub access_rows: Vec<(String, String, usize)>,
    /// Capacity rows: (node, function, row).
    pub capacity_rows: Vec<(usize, String, usize)>,
    /// Products `w = z ∧ L`: (w, z, L) columns.
    pub ands: Vec<(usize, usize, usize)>,
    /// Per facility, the options that end its service: (column, year).
    pub service_closing: BTreeMap<usize, Vec<(usize, i32)>>,
}

/// What the model is asked.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The cap, 億円 (less a safety margin against the solver's rounding).
    pub cap_oku: f64,
    /// Multipliers of the three groups in each year (robust plans): `None` for the plain
    /// projection (1, 1, 1).
    pub factors: Option<Vec<[f64; 3]>>,
    /// Cap each year at `cap_oku` (`false`: leave the years free, for the least reachable cap,
    /// whose rows are added by the caller).
    pub cap_rows: bool,
}

/// Facts about service the model needs (users, functions, capacities, distances), with complexes
/// as extra nodes.
pub struct ServiceFacts {
    /// Number of inventory facilities.
    pub n: usize,
    /// Functions of every node.
    pub functions: Vec<Vec<String>>,
    /// Users of each node's main function.
    pub users: Vec<u64>,
    /// Capacities by function.
    pub capacity: Vec<BTreeMap<String, u64>>,
    /// The inventory facility whose site each node takes.
    pub site: Vec<usize>,
    /// The change each complex node comes from.
    pub complex_of: BTreeMap<usize, usize>,
}

impl ServiceFacts {
    fn main(&self, f: usize) -> Option<&String> {
        self.functions[f].first()
    }
}

/// How many receivers of a closure the model follows by name (the nearest ones); users who would
/// go further are counted at the distance of the next one, a lower bound the engine then checks.
pub const NEAREST_RECEIVERS: usize = 5;

/// The model built, with the meaning of its columns.
pub struct Built {
    /// The problem.
    pub model: Model,
    /// What its columns are.
    pub vars: Vars,
    /// Each year's cost: the terms (as in the cap rows) …
    pub year_terms: Vec<Vec<(usize, f64)>>,
    /// … plus this constant, 億円.
    pub year_constants: Vec<f64>,
}

impl Built {
    /// The model's size: (columns, integer columns, rows).
    pub fn size(&self) -> (usize, usize, usize) {
        (
            self.model.cols.len(),
            self.model.n_integers(),
            self.model.rows.len(),
        )
    }
}

fn km_between(base: &Scenario, facts: &ServiceFacts, a: usize, b: usize) -> Option<f64> {
    super::distances(base)
        .facility_units(facts.site[a], facts.site[b])
        .map(|u| u as f64 / 1e6)
}

/// Builds the model.
#[allow(clippy::too_many_lines)]
pub fn build(
    base: &Scenario,
    cands: &Candidates,
    costs: &Costs,
    facts: &ServiceFacts,
    settings: &Settings,
) -> Built {
    let mut m = Model::default();
    let mut v = Vars::default();
    let w = &cands.weights;
    let f64w = |d: rust_decimal::Decimal| d.to_f64().unwrap_or(0.0);
    let cost_w = f64w(w.cost_per_oku_yen);
    let n_years = costs.base.len();
    let weigh = |g: &Groups, t: usize| -> f64 {
        match &settings.factors {
            None => g[0] + g[1] + g[2],
            Some(f) => g[0] * f[t][0] + g[1] * f[t][1] + g[2] * f[t][2],
        }
    };
    let plain = |g: &Groups| g[0] + g[1] + g[2];
    let mut year_terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_years];
    let mut add_costs = |col: usize, by_year: &[Groups], m: &mut Model| {
        let mut total = 0.0;
        for (t, g) in by_year.iter().enumerate() {
            let c = weigh(g, t);
            if c != 0.0 {
                year_terms[t].push((col, c));
            }
            total += plain(g);
        }
        m.cols[col].obj += cost_w * total;
    };
    m.obj_constant = cost_w * costs.base.iter().map(plain).sum::<f64>();

    // Life extensions.
    for by_year in &costs.le {
        let c = m.col(0.0, 1.0, true, 0.0);
        add_costs(c, by_year, &mut m);
        v.life.push(c);
        v.decisions.push(c);
    }
    let mut by_category: BTreeMap<crate::category::Category, Vec<usize>> = BTreeMap::new();
    for (o, lo) in cands.life_extensions.iter().enumerate() {
        by_category.entry(lo.category).or_default().push(v.life[o]);
    }
    for cols in by_category.values() {
        if cols.len() > 1 {
            m.row(
                cols.iter().map(|&c| (c, 1.0)).collect(),
                f64::NEG_INFINITY,
                1.0,
            );
        }
    }

    // Changes.
    let fw = f64w(w.floor_area_m2);
    let mut and_groups: BTreeMap<(usize, usize), (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for opt in &costs.options {
        let c = m.col(0.0, 1.0, true, fw * opt.area_removed_m2);
        add_costs(c, &opt.delta, &mut m);
        v.option.push(c);
        v.decisions.push(c);
        for (o, extra) in &opt.le {
            // w = z ∧ L: w ≤ z here; Σ w ≤ L and Σ w ≥ Σ z + L − 1 over the facility's options
            // below (at most one of them is taken, so these are exact).
            let wc = m.col(0.0, 1.0, false, 0.0);
            m.cols[wc].implied_integer = true;
            add_costs(wc, extra, &mut m);
            let l = v.life[*o];
            v.ands.push((wc, c, l));
            m.row(vec![(wc, 1.0), (c, -1.0)], f64::NEG_INFINITY, 0.0);
            let key = (cands.changes[opt.change].facility(), *o);
            let e = and_groups
                .entry(key)
                .or_insert_with(|| (Vec::new(), Vec::new()));
            e.0.push(wc);
            e.1.push(c);
        }
    }
    // Options of one facility are exclusive (at most one change per facility), so the products of
    // each facility's options with one life option are summed.
    for ((_, o), (ws, zs)) in &and_groups {
        let l = v.life[*o];
        let mut terms: Vec<(usize, f64)> = ws.iter().map(|&w| (w, 1.0)).collect();
        terms.push((l, -1.0));
        m.row(terms.clone(), f64::NEG_INFINITY, 0.0);
        let mut terms: Vec<(usize, f64)> = ws.iter().map(|&w| (w, 1.0)).collect();
        terms.extend(zs.iter().map(|&z| (z, -1.0)));
        terms.push((l, -1.0));
        m.row(terms, -1.0, f64::INFINITY);
    }
    // Options by the facility they close (for service: only those that stop the service).
    let mut closing: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut service_closing: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, opt) in costs.options.iter().enumerate() {
        let ch = &cands.changes[opt.change];
        let stops_service = !matches!(
            ch.kind,
            ChangeKind::Transfer {
                service_continues: true
            }
        );
        for &f in &ch.closes {
            closing.entry(f).or_default().push(i);
            if stops_service {
                service_closing.entry(f).or_default().push(i);
            }
        }
    }
    for (f, opts) in &service_closing {
        v.service_closing.insert(
            *f,
            opts.iter()
                .map(|&i| (v.option[i], costs.options[i].year))
                .collect(),
        );
    }
    // At most one change per facility.
    for opts in closing.values() {
        if opts.len() > 1 {
            m.row(
                opts.iter().map(|&i| (v.option[i], 1.0)).collect(),
                f64::NEG_INFINITY,
                1.0,
            );
        }
    }
    // Σ of the options that close `f` (service) in a year ≤ `year`.
    let closed_by = |f: usize, year: i32| -> Vec<(usize, f64)> {
        service_closing
            .get(&f)
            .into_iter()
            .flatten()
            .filter(|&&i| costs.options[i].year <= year)
            .map(|&i| (v.option[i], 1.0))
            .collect()
    };
    let base_closes = base_closing_years(base);
    let base_closed_by = |f: usize, year: i32| base_closes[f].is_some_and(|y| y <= year);

    // Merges: the receiver is open after the merge's year, and stays open if it is extended.
    for (i, opt) in costs.options.iter().enumerate() {
        let ch = &cands.changes[opt.change];
        if let ChangeKind::Merge { into, builds } = ch.kind {
            let until = if builds { i32::MAX } else { opt.year };
            let mut terms = closing
                .get(&into)
                .into_iter()
                .flatten()
                .filter(|&&j| costs.options[j].year <= until)
                .map(|&j| (v.option[j], 1.0))
                .collect::<Vec<_>>();
            if !terms.is_empty() {
                terms.push((v.option[i], 1.0));
                m.row(terms, f64::NEG_INFINITY, 1.0);
            }
        }
    }

    // Exclusive groups.
    for group in &cands.exclusive {
        let mut terms = Vec::new();
        for member in group {
            match member {
                Member::Facility(f) => {
                    terms.extend(
                        closing
                            .get(f)
                            .into_iter()
                            .flatten()
                            .map(|&i| (v.option[i], 1.0)),
                    );
                }
                Member::Complex(k) => terms.extend(
                    costs
                        .options
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| o.change == *k)
                        .map(|(i, _)| (v.option[i], 1.0)),
                ),
            }
        }
        m.row(terms, f64::NEG_INFINITY, 1.0);
    }
    // Limits on change.
    if let Some(limit) = cands.rules.max_changes_per_year {
        let mut by_year: BTreeMap<i32, Vec<(usize, f64)>> = BTreeMap::new();
        for (i, opt) in costs.options.iter().enumerate() {
            let k = cands.changes[opt.change].closes.len() as f64;
            by_year.entry(opt.year).or_default().push((v.option[i], k));
        }
        for terms in by_year.into_values() {
            m.row(terms, f64::NEG_INFINITY, f64::from(limit));
        }
    }

    // Renewal moves.
    let window = base.skip_before_closure();
    for e in &costs.events {
        // Renewals this close to a closing are not done (the engine skips them): a move into that
        // window is no move at all.
        let skip = match e.event {
            crate::cost::EventKind::Rebuild => window.rebuild_years,
            crate::cost::EventKind::Renovation => window.renovation_years,
        } as i32;
        let mut cols = Vec::new();
        // Moves grouped by the closures they exclude (the facility stays open through the moved
        // window, and past the renewals skipped before a closure).
        let mut groups: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
        for (d, delta) in &e.moves {
            let c = m.col(0.0, 1.0, true, 0.0);
            add_costs(c, delta, &mut m);
            cols.push(c);
            v.decisions.push(c);
            let bound = (e.last_year + d).max(e.start + skip).max(e.start + d);
            if base_closes[e.facility].is_some_and(|y| y <= bound) {
                m.cols[c].hi = 0.0;
                continue;
            }
            let excluded: Vec<usize> = closing
                .get(&e.facility)
                .into_iter()
                .flatten()
                .filter(|&&i| costs.options[i].year <= bound)
                .map(|&i| v.option[i])
                .collect();
            if !excluded.is_empty() {
                groups.entry(excluded).or_default().push(c);
            }
        }
        for (excluded, moves) in groups {
            let mut terms: Vec<(usize, f64)> = moves.iter().map(|&c| (c, 1.0)).collect();
            terms.extend(excluded.iter().map(|&z| (z, 1.0)));
            m.row(terms, f64::NEG_INFINITY, 1.0);
        }
        // At most one move, and only under the rules the event exists in.
        let category = base.inventory().buildings[e.building].category;
        let mut terms: Vec<(usize, f64)> = cols.iter().map(|&c| (c, 1.0)).collect();
        let hi = match e.rules {
            Some(o) => {
                terms.push((v.life[o], -1.0));
                0.0
            }
            None => {
                for (o, lo) in cands.life_extensions.iter().enumerate() {
                    if lo.category == category {
                        terms.push((v.life[o], 1.0));
                    }
                }
                1.0
            }
        };
        if terms.len() > 1 {
            m.row(terms, f64::NEG_INFINITY, hi);
        }
        v.moves.push(cols);
    }

    // Where users go: flows of each function with counted users.
    let n_nodes = facts.functions.len();
    let counted: BTreeSet<String> = (0..n_nodes)
        .filter(|&f| facts.users[f] > 0)
        .filter_map(|f| facts.main(f).cloned())
        .collect();
    // Options that end a node's service, and where they may send its users.
    struct Out {
        option: usize,
        to: Vec<(Target, Option<usize>)>,
    }
    let node_of_complex: BTreeMap<usize, usize> = facts
        .complex_of
        .iter()
        .map(|(node, ch)| (*ch, *node))
        .collect();
    let uw = f64w(w.user_km);
    let lw = f64w(w.users_lost);
    for g in &counted {
        let offers = |f: usize| facts.functions[f].iter().any(|x| x == g);
        let total_users: f64 = (0..n_nodes)
            .filter(|&f| facts.main(f) == Some(g))
            .map(|f| facts.users[f] as f64)
            .sum();
        if total_users == 0.0 {
            continue;
        }
        let big = total_users;
        // Outgoing options of each node offering g.
        let mut outs: BTreeMap<usize, Vec<Out>> = BTreeMap::new();
        for f in (0..facts.n).filter(|&f| offers(f)) {
            for &i in service_closing.get(&f).into_iter().flatten() {
                let opt = &costs.options[i];
                let ch = &cands.changes[opt.change];
                let to = match &ch.kind {
                    ChangeKind::Merge { into, .. } => vec![(Target::Node(*into), None)],
                    ChangeKind::Complex { .. } => {
                        vec![(Target::Node(node_of_complex[&opt.change]), None)]
                    }
                    _ => {
                        // The nearest facilities offering g, open when it closes.
                        let mut near: Vec<(i64, usize)> = (0..facts.n)
                            .filter(|&r| r != f && offers(r) && !base_closed_by(r, opt.year))
                            .filter_map(|r| {
                                super::distances(base).facility_units(f, r).map(|d| (d, r))
                            })
                            .collect();
                        near.sort_unstable();
                        let mut to: Vec<(Target, Option<usize>)> = near
                            .iter()
                            .take(NEAREST_RECEIVERS)
                            .map(|&(_, r)| (Target::Node(r), None))
                            .collect();
                        if near.len() > NEAREST_RECEIVERS {
                            to.push((Target::Further, None));
                        }
                        if !cands.rules.every_function_offered || near.is_empty() {
                            to.push((Target::Lost, None));
                        }
                        to
                    }
                };
                outs.entry(f).or_default().push(Out { option: i, to });
            }
        }
        // Nodes that may hold users of g: counted ones, and those they may send users to (a
        // fixed point).
        let mut holds: BTreeSet<usize> = (0..n_nodes)
            .filter(|&f| facts.main(f) == Some(g) && facts.users[f] > 0)
            .collect();
        loop {
            let before = holds.len();
            for (f, list) in &outs {
                if !holds.contains(f) {
                    continue;
                }
                for o in list {
                    for (t, _) in &o.to {
                        if let Target::Node(r) = t {
                            holds.insert(*r);
                        }
                    }
                }
            }
            if holds.len() == before {
                break;
            }
        }
        // Assignment columns for closures (named receivers need none: the option decides).
        let mut arc_cols: BTreeMap<(usize, Target), Vec<usize>> = BTreeMap::new();
        for (&f, list) in &mut outs {
            if !holds.contains(&f) {
                continue;
            }
            for o in list.iter_mut() {
                let z = v.option[o.option];
                let year = costs.options[o.option].year;
                if o.to.len() == 1
                    && matches!(o.to[0].0, Target::Node(_))
                    && !matches!(
                        cands.changes[costs.options[o.option].change].kind,
                        ChangeKind::Close | ChangeKind::Transfer { .. }
                    )
                {
                    arc_cols.entry((f, o.to[0].0)).or_default().push(z);
                    continue;
                }
                let mut cols = Vec::new();
                let mut earlier: Vec<usize> = Vec::new();
                for (t, slot) in o.to.iter_mut() {
                    let c = m.col(0.0, 1.0, true, 0.0);
                    *slot = Some(c);
                    cols.push((*t, c));
                    arc_cols.entry((f, *t)).or_default().push(c);
                    match t {
                        Target::Node(r) => {
                            // r is open after the year: a ≤ 1 − closed_by(r).
                            let mut terms = closed_by(*r, year);
                            terms.push((c, 1.0));
                            m.row(terms, f64::NEG_INFINITY, 1.0);
                            // Every nearer one is closed by then: a ≤ closed_by(q).
                            for &q in &earlier {
                                if base_closed_by(q, year) {
                                    continue;
                                }
                                let mut terms: Vec<(usize, f64)> = closed_by(q, year)
                                    .into_iter()
                                    .map(|(x, _)| (x, -1.0))
                                    .collect();
                                terms.push((c, 1.0));
                                m.row(terms, f64::NEG_INFINITY, 0.0);
                            }
                            earlier.push(*r);
                        }
                        Target::Further => {
                            for &q in &earlier {
                                let mut terms: Vec<(usize, f64)> = closed_by(q, year)
                                    .into_iter()
                                    .map(|(x, _)| (x, -1.0))
                                    .collect();
                                terms.push((c, 1.0));
                                m.row(terms, f64::NEG_INFINITY, 0.0);
                            }
                        }
                        Target::Lost => {
                            // Lost only when no facility offering g is open.
                            for q in (0..facts.n).filter(|&q| q != f && offers(q)) {
                                if base_closed_by(q, year) {
                                    continue;
                                }
                                let mut terms: Vec<(usize, f64)> = closed_by(q, year)
                                    .into_iter()
                                    .map(|(x, _)| (x, -1.0))
                                    .collect();
                                terms.push((c, 1.0));
                                m.row(terms, f64::NEG_INFINITY, 0.0);
                            }
                        }
                    }
                }
                // Exactly one target when the option is taken.
                let mut terms: Vec<(usize, f64)> = cols.iter().map(|(_, c)| (*c, 1.0)).collect();
                terms.push((z, -1.0));
                m.row(terms, 0.0, 0.0);
                v.assigns.push(Assign {
                    option: o.option,
                    from: f,
                    to: cols,
                });
            }
        }
        // Flows along the arcs.
        let mut flow_in: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut flow_out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for ((f, t), chooser) in &arc_cols {
            let km = match t {
                Target::Node(r) => km_between(base, facts, *f, *r).unwrap_or(0.0),
                Target::Further => {
                    // At least as far as the nearest facility beyond those followed.
                    let mut near: Vec<i64> = (0..facts.n)
                        .filter(|&r| r != *f && offers(r))
                        .filter_map(|r| super::distances(base).facility_units(*f, r))
                        .collect();
                    near.sort_unstable();
                    near.get(NEAREST_RECEIVERS).map_or(0.0, |u| *u as f64 / 1e6)
                }
                Target::Lost => 0.0,
            };
            let obj = match t {
                Target::Lost => lw,
                _ => uw * km,
            };
            let phi = m.col(0.0, big, false, obj);
            let mut terms: Vec<(usize, f64)> = chooser.iter().map(|&c| (c, -big)).collect();
            terms.push((phi, 1.0));
            m.row(terms, f64::NEG_INFINITY, 0.0);
            flow_out.entry(*f).or_default().push(phi);
            if let Target::Node(r) = t {
                flow_in.entry(*r).or_default().push(phi);
            }
            v.flows.push((g.clone(), *f, *t, phi, km));
            v.flow_choosers.push(chooser.clone());
        }
        // Conservation: a node that closes sends on its own users and all it received.
        for &f in &holds {
            let own = if facts.main(f) == Some(g) {
                facts.users[f] as f64
            } else {
                0.0
            };
            if own > 0.0 {
                v.own_users.insert((g.clone(), f), own);
            }
            let Some(outs_f) = flow_out.get(&f) else {
                continue;
            };
            // S_f: the options that end f's service (for a complex node: none).
            let s_terms: Vec<(usize, f64)> = service_closing
                .get(&f)
                .into_iter()
                .flatten()
                .map(|&i| (v.option[i], 1.0))
                .collect();
            // out ≥ own·S + in − big·(1 − S)  ⇔  out − in − (own + big)·S ≥ −big.
            let mut terms: Vec<(usize, f64)> = outs_f.iter().map(|&c| (c, 1.0)).collect();
            for &c in flow_in.get(&f).into_iter().flatten() {
                terms.push((c, -1.0));
            }
            for (c, _) in &s_terms {
                terms.push((*c, -(own + big)));
            }
            m.row(terms, -big, f64::INFINITY);
        }
        // Capacity at the end of the plan, of receivers still open.
        for (&r, ins) in &flow_in {
            let Some(&cap) = facts.capacity[r].get(g) else {
                continue;
            };
            let own = if facts.main(r) == Some(g) {
                facts.users[r] as f64
            } else {
                0.0
            };
            let room = (cap as f64 - own).max(0.0);
            // in ≤ room + added + bigc·S_r (+ bigc·slack).
            let bigc = big + 1.0;
            let mut terms: Vec<(usize, f64)> = ins.iter().map(|&c| (c, 1.0)).collect();
            for &i in service_closing.get(&r).into_iter().flatten() {
                terms.push((v.option[i], -bigc));
            }
            for (i, opt) in costs.options.iter().enumerate() {
                let ch = &cands.changes[opt.change];
                if let ChangeKind::Merge { into, .. } = ch.kind {
                    if into == r {
                        if let Some(extra) = added_capacity(base, facts, &ch.action, r, g) {
                            terms.push((v.option[i], -extra));
                        }
                    }
                }
            }
            if !cands.rules.capacity_hard {
                let s = m.col(0.0, 1.0, true, f64w(w.over_capacity));
                terms.push((s, -bigc));
                v.capacity_slack.push((r, g.clone(), s));
            }
            let row = m.row(terms, f64::NEG_INFINITY, room);
            v.capacity_rows.push((r, g.clone(), row));
        }
    }

    // Access at the end of the plan.
    let inv = &base.inventory();
    for (g, std_km) in &inv.access_km {
        let std = crate::scenario::access::standard_units(*std_km);
        for d in super::distances(base).districts() {
            // Within the standard before any action.
            let within: Vec<usize> = (0..facts.n)
                .filter(|&q| inv.facilities[q].functions.contains(g))
                .filter(|&q| {
                    super::distances(base)
                        .district_units(d, q)
                        .is_some_and(|k| k <= std)
                })
                .collect();
            if within.is_empty() {
                continue;
            }
            let open: Vec<usize> = within
                .iter()
                .copied()
                .filter(|&q| base_closes[q].is_none())
                .collect();
            let complexes: Vec<usize> = facts
                .complex_of
                .iter()
                .filter(|(node, _)| {
                    facts.functions[**node].contains(g)
                        && super::distances(base)
                            .district_units(d, facts.site[**node])
                            .is_some_and(|k| k <= std)
                })
                .map(|(_, ch)| *ch)
                .collect();
            if open.is_empty() {
                continue;
            }
            // Σ open_q + Σ complexes ≥ 1, with open_q = 1 − S_q.
            let mut terms = Vec::new();
            let mut constant = 0.0;
            let mut changeable = false;
            for &q in &open {
                constant += 1.0;
                for &i in service_closing.get(&q).into_iter().flatten() {
                    terms.push((v.option[i], -1.0));
                    changeable = true;
                }
            }
            if constant > 0.0 && !changeable {
                continue;
            }
            for (i, opt) in costs.options.iter().enumerate() {
                if complexes.contains(&opt.change) {
                    terms.push((v.option[i], 1.0));
                }
            }
            if !cands.rules.access_hard {
                let s = m.col(0.0, 1.0, true, f64w(w.access_pair));
                terms.push((s, 1.0));
                v.access_slack.push((d.to_string(), g.clone(), s));
            }
            let row = m.row(terms, 1.0 - constant, f64::INFINITY);
            v.access_rows.push((d.to_string(), g.clone(), row));
        }
    }

    // Every function offered at the end of the base stays offered.
    if cands.rules.every_function_offered {
        let functions: BTreeSet<&String> = (0..facts.n)
            .filter(|&f| base_closes[f].is_none())
            .flat_map(|f| facts.functions[f].iter())
            .collect();
        for g in functions {
            let open: Vec<usize> = (0..facts.n)
                .filter(|&f| base_closes[f].is_none() && facts.functions[f].contains(g))
                .collect();
            if open.iter().any(|f| !service_closing.contains_key(f)) {
                continue;
            }
            let mut terms = Vec::new();
            for &q in &open {
                for &i in &service_closing[&q] {
                    terms.push((v.option[i], -1.0));
                }
            }
            for (i, opt) in costs.options.iter().enumerate() {
                if let Some(node) = node_of_complex.get(&opt.change) {
                    if facts.functions[*node].contains(g) {
                        terms.push((v.option[i], 1.0));
                    }
                }
            }
            m.row(terms, 1.0 - open.len() as f64, f64::INFINITY);
        }
    }

    // The cap, every year.
    if settings.cap_rows {
        for (t, terms) in year_terms.iter().enumerate() {
            let constant = weigh(&costs.base[t], t);
            let row = m.row(
                terms.clone(),
                f64::NEG_INFINITY,
                settings.cap_oku - constant,
            );
            v.cap_rows.push(row);
        }
    }
    let year_constants = (0..n_years).map(|t| weigh(&costs.base[t], t)).collect();
    Built {
        model: m,
        vars: v,
        year_terms,
        year_constants,
    }
}

/// Capacity a merge adds to its receiver for function `g`: written (a number for the receiver's
/// main function, or a table), or else the main function's capacity in proportion to the floor
/// area added, as the access analysis computes it.
fn added_capacity(
    base: &Scenario,
    facts: &ServiceFacts,
    action: &crate::scenario::ActionSpec,
    r: usize,
    g: &str,
) -> Option<f64> {
    use crate::scenario::CapacitySpec;
    match &action.capacity {
        Some(CapacitySpec::Main(c)) => {
            (facts.main(r).map(String::as_str) == Some(g)).then_some(*c as f64)
        }
        Some(CapacitySpec::ByFunction(t)) => t.get(g).map(|&c| c as f64),
        None => {
            let area: f64 = action.added_floor_area_m2?.to_f64()?;
            if facts.main(r).map(String::as_str) != Some(g) {
                return None;
            }
            let cap = *facts.capacity[r].get(g)? as f64;
            let own: f64 = base
                .inventory()
                .buildings
                .iter()
                .filter(|b| b.facility.index() == r)
                .map(|b| b.floor_area.to_decimal().to_f64().unwrap_or(0.0))
                .sum();
            (own > 0.0).then(|| (cap / own * area).round())
        }
    }
}

/// The year the base closes each facility (inventory and new), if it does.
pub fn base_closing_years(base: &Scenario) -> Vec<Option<i32>> {
    let mut closes = vec![None; base.n_facilities()];
    for a in base.actions() {
        use crate::scenario::Action;
        let (list, year): (&[FacilityIdx], i32) = match a {
            Action::Close { facility, year, .. } => (std::slice::from_ref(facility), *year),
            Action::Transfer {
                facility,
                year,
                service_continues: false,
                ..
            } => (std::slice::from_ref(facility), *year),
            Action::Merge {
                facilities, year, ..
            } => (facilities, *year),
            Action::Complex { replaces, year, .. } => (replaces, *year),
            _ => continue,
        };
        for &f in list {
            closes[f.index()] = Some(year);
        }
    }
    closes
}
