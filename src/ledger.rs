//! What each action of a scenario does over the plan: its year, the floor area it takes away or
//! builds, what it costs, what it saves and its proceeds. This is what a report lists so a reader
//! sees what a plan *does*, not only what it costs.
//!
//! Every amount comes from the one engine ([`crate::explain`]'s traced run, every building kept
//! apart), never from a formula of its own. An action's *cost* is what the run charges to it (the
//! demolition, construction and running cost of what it builds). Its *saving* is what the
//! buildings and facilities it touches cost less than they would without it, found by running the
//! scenario again with fewer actions:
//!
//! - the inventory as it is, under the scenario's model and plan;
//! - with only the life extensions (the difference, building by building, is the saving of the
//!   first life extension whose scope covers the building, as the lowering applies them);
//! - with the life extensions and shifts (the difference is the saving of the shift of that
//!   building);
//! - the scenario itself (what each facility costs less than with nothing closed is the saving of
//!   the action that closes it, or else of the reduction of its building).
//!
//! So the savings and costs of all actions add up exactly to the difference between the scenario
//! and the inventory as it is ([`Ledger::unassigned`] holds what no action owns, zero in practice).
//! This module computes and prints nothing else: the words are the renderers'.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::error::Result;
use crate::explain::{Owner, attribute};
use crate::inventory::FacilityIdx;
use crate::money::Yen;
use crate::scenario::{Action, ItemLabel, Scenario};
use crate::units::FloorArea;

/// What one action does over the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionEffect {
    /// The action (position in the scenario's actions).
    pub action: usize,
    /// The fiscal year it takes effect (`None` for a life extension, which applies throughout;
    /// a shift's year is the one its event moves from).
    pub year: Option<i32>,
    /// Whether it is a renewal moved by the scenario's leveling policy rather than an action of
    /// its file.
    pub leveling: bool,
    /// Floor area it closes, transfers or demolishes, m².
    pub area_removed_m2: Decimal,
    /// Floor area it builds, m².
    pub area_built_m2: Decimal,
    /// What the run charges to it over the plan (exact yen).
    pub cost: Yen,
    /// What the facilities and buildings it touches cost less over the plan because of it.
    pub saving: Yen,
    /// Its sale proceeds (reported apart, never netted against costs).
    pub proceeds: Yen,
}

impl ActionEffect {
    /// Cost less saving: negative when the action saves money over the plan.
    pub fn net(&self) -> Yen {
        Yen::new(self.cost.get() - self.saving.get())
    }
}

/// The effects of a scenario's actions, in year order (life extensions first, then by year and
/// by position in the file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ledger {
    /// One line per action.
    pub lines: Vec<ActionEffect>,
    /// The total of the inventory as it is (same model and plan), exact.
    pub as_is_total: Yen,
    /// The scenario's total, exact.
    pub scenario_total: Yen,
    /// A difference between the scenario and the inventory as it is that no action owns.
    pub unassigned: Yen,
}

/// Who an amount of a traced run belongs to, for the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    /// An inventory building.
    Building(usize),
    /// A facility's actual operating cost.
    Facility(FacilityIdx),
    /// An action's own items and floor area.
    Action(usize),
    /// Anything else (infrastructure).
    Other,
}

/// Runs `s` traced and sums every amount of the plan by [`Key`].
fn amounts(s: &Scenario) -> Result<(BTreeMap<Key, Decimal>, Decimal)> {
    let lowered = s.lower(true)?;
    let mut by: BTreeMap<Key, Decimal> = BTreeMap::new();
    let mut total = Decimal::ZERO;
    attribute(s, &lowered, &mut |owner, _, _, _, amount| {
        let key = match owner {
            Owner::Unit(u) => {
                let label = &lowered.units[u as usize - 1];
                match (label.action, label.building) {
                    (Some(a), _) => Key::Action(a),
                    (None, Some(b)) => Key::Building(b),
                    (None, None) => Key::Other,
                }
            }
            Owner::Item(n) => match &lowered.items[n] {
                ItemLabel::Operating { facility } => Key::Facility(*facility),
                ItemLabel::Demolition { action, .. }
                | ItemLabel::Construction { action, .. }
                | ItemLabel::AddedOperating { action, .. }
                | ItemLabel::Proceeds { action } => Key::Action(*action),
            },
            Owner::Pool | Owner::Infrastructure(_) => Key::Other,
        };
        *by.entry(key).or_default() += amount;
        total += amount;
    })?;
    Ok((by, total))
}

/// The ledger of a scenario as run (pass the scenario of a run's outcome: its leveling shifts are
/// listed too, marked [`ActionEffect::leveling`]).
///
/// # Errors
///
/// [`crate::Error::Overflow`] for absurd amounts.
pub fn ledger(s: &Scenario) -> Result<Ledger> {
    let (scenario, scenario_total) = amounts(s)?;
    let (as_is, as_is_total) = amounts(&s.keeping_actions(|_| false))?;
    let (extended, _) = amounts(&s.keeping_actions(|a| matches!(a, Action::LifeExtension { .. })))?;
    let (open, _) =
        amounts(&s.keeping_actions(|a| {
            matches!(a, Action::LifeExtension { .. } | Action::Shift { .. })
        }))?;
    let inv = s.inventory();
    let get = |m: &BTreeMap<Key, Decimal>, k: Key| m.get(&k).copied().unwrap_or_default();

    let n_actions = s.actions().len();
    let mut saving = vec![Decimal::ZERO; n_actions];
    let mut unassigned = Decimal::ZERO;
    let mut give = |to: Option<usize>, d: Decimal| match to {
        Some(a) => saving[a] += d,
        None => unassigned += d,
    };

    // Which action closes each facility, and which reduces and shifts each building.
    let mut closed_by: Vec<Option<usize>> = vec![None; s.n_facilities()];
    let mut reduced_by: BTreeMap<usize, usize> = BTreeMap::new();
    let mut shifted_by: BTreeMap<usize, usize> = BTreeMap::new();
    for (k, a) in s.actions().iter().enumerate() {
        for f in a.closes() {
            closed_by[f.index()] = Some(k);
        }
        match a {
            Action::Reduce { building, .. } => {
                reduced_by.entry(*building).or_insert(k);
            }
            Action::Shift { building, .. } => {
                shifted_by.entry(*building).or_insert(k);
            }
            _ => {}
        }
    }
    let life_extension_of = |b: usize| -> Option<usize> {
        let building = &inv.buildings[b];
        s.actions().iter().position(|a| match a {
            Action::LifeExtension { scope, .. } => {
                scope.covers(building.facility, building.category)
            }
            _ => false,
        })
    };
    for (b, building) in inv.buildings.iter().enumerate() {
        let key = Key::Building(b);
        give(life_extension_of(b), get(&as_is, key) - get(&extended, key));
        give(
            shifted_by.get(&b).copied(),
            get(&extended, key) - get(&open, key),
        );
        give(
            closed_by[building.facility.index()].or(reduced_by.get(&b).copied()),
            get(&open, key) - get(&scenario, key),
        );
    }
    for (f, closer) in closed_by.iter().take(inv.facilities.len()).enumerate() {
        let key = Key::Facility(FacilityIdx::new(f));
        give(*closer, get(&as_is, key) - get(&scenario, key));
    }
    give(None, get(&as_is, Key::Other) - get(&scenario, Key::Other));

    let first = s.plan().horizon.first().get();
    let mut lines: Vec<ActionEffect> = s
        .actions()
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let (removed, built) = areas(s, a);
            ActionEffect {
                action: k,
                year: a.year(),
                // Shifts chosen by leveling come after the file's actions and were written nowhere.
                leveling: matches!(a, Action::Shift { .. }) && s.origin(k).is_none(),
                area_removed_m2: removed,
                area_built_m2: built,
                cost: Yen::new(get(&scenario, Key::Action(k))),
                saving: Yen::new(saving[k]),
                proceeds: Yen::new(proceeds(a)),
            }
        })
        .collect();
    lines.sort_by_key(|l| (l.leveling, l.year.unwrap_or(first - 1), l.action));
    // Every amount is owned by an action, by `unassigned`, or is the same in the scenario and as
    // it is: the actions' costs are the scenario's Key::Action amounts, and the savings are the
    // other keys' differences, so the ledger adds up to the scenario's total exactly.
    Ok(Ledger {
        lines,
        as_is_total: Yen::new(as_is_total),
        scenario_total: Yen::new(scenario_total),
        unassigned: Yen::new(unassigned),
    })
}

fn proceeds(a: &Action) -> Decimal {
    match a {
        Action::Close { proceeds, .. }
        | Action::Merge { proceeds, .. }
        | Action::Complex { proceeds, .. }
        | Action::Transfer { proceeds, .. } => *proceeds,
        _ => Decimal::ZERO,
    }
}

/// Floor area an action removes and builds, m².
fn areas(s: &Scenario, a: &Action) -> (Decimal, Decimal) {
    let at = |f: FacilityIdx, year: i32| facility_area(s, f, year);
    match a {
        Action::Close { facility, year, .. } | Action::Transfer { facility, year, .. } => {
            (at(*facility, *year), Decimal::ZERO)
        }
        Action::Merge {
            facilities,
            year,
            added_area,
            ..
        } => (
            facilities.iter().map(|&f| at(f, *year)).sum(),
            added_area.map_or(Decimal::ZERO, FloorArea::to_decimal),
        ),
        Action::Complex {
            replaces,
            year,
            area,
            ..
        } => (
            replaces.iter().map(|&f| at(f, *year)).sum(),
            area.to_decimal(),
        ),
        Action::Reduce { area, .. } => (area.to_decimal(), Decimal::ZERO),
        Action::LifeExtension { .. } | Action::Shift { .. } => (Decimal::ZERO, Decimal::ZERO),
    }
}

/// A facility's floor area standing just before `year`'s actions: its buildings built by then,
/// less what reductions removed before, plus what the scenario built for it before.
pub fn facility_area(s: &Scenario, f: FacilityIdx, year: i32) -> Decimal {
    let inv = s.inventory();
    let mut m2 = Decimal::ZERO;
    for (b, building) in inv.buildings.iter().enumerate() {
        if building.facility == f && building.built.get() <= year {
            m2 += building.floor_area.to_decimal();
            for a in s.actions() {
                if let Action::Reduce {
                    building: rb,
                    area,
                    year: ry,
                } = a
                    && *rb == b
                    && *ry < year
                {
                    m2 -= area.to_decimal();
                }
            }
        }
    }
    for a in s.actions() {
        match a {
            Action::Complex {
                facility,
                area,
                year: y,
                ..
            } if *facility == f && *y <= year => m2 += area.to_decimal(),
            Action::Merge {
                into,
                added_area: Some(area),
                year: y,
                ..
            } if *into == f && *y < year => m2 += area.to_decimal(),
            _ => {}
        }
    }
    m2
}

/// The ledgers of every run of a batch that succeeded, in the batch's order (in parallel).
///
/// # Errors
///
/// As [`ledger`].
pub fn ledgers(items: &[crate::run::BatchItem]) -> Result<Vec<Ledger>> {
    use rayon::prelude::*;
    items
        .par_iter()
        .filter_map(|i| i.result.as_ref().ok())
        .map(|o| ledger(&o.scenario))
        .collect()
}
