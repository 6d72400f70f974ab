//! 施設カルテ (facility profiles): for each facility of an inventory or a scenario, what residents
//! and councillors look up: its buildings, its users, what it costs a year and per user and per
//! m², its projected renewal events and yearly cost over the plan, and, for a scenario, what the
//! plan does to it.
//!
//! Costs come from the engine: a facility's yearly cost by kind is its row of
//! [`crate::explain::by_facility`], and renewal events are the renewal amounts the same traced run
//! gives each building ([`crate::explain`]'s attribution), years of one event run together. This
//! module gathers; it prices nothing and prints nothing.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::category::Kind;
use crate::cost::EventKind;
use crate::error::{Error, Result};
use crate::explain::{FacilityCosts, Owner, attribute, by_facility};
use crate::inventory::FacilityIdx;
use crate::ledger::Ledger;
use crate::money::Yen;
use crate::run::Outcome;
use crate::scenario::{Action, ActionKind, Scenario};

/// A renewal of one building over consecutive years.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenewalEvent {
    /// The building (position in the inventory).
    pub building: usize,
    /// Renovation or rebuild (a backlog counts as its kind).
    pub event: EventKind,
    /// The first fiscal year paid.
    pub first_year: i32,
    /// The last fiscal year paid.
    pub last_year: i32,
    /// Its amount over those years (exact).
    pub amount: Yen,
}

/// One facility's profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Karte {
    /// The facility.
    pub facility: FacilityIdx,
    /// Its row in [`KarteBook::costs`], when it has any cost.
    pub costs_row: Option<usize>,
    /// Its buildings (positions in the inventory).
    pub buildings: Vec<usize>,
    /// Its floor area at the start of the plan, m² (for a facility the scenario builds, the floor
    /// area it is built with).
    pub floor_area_m2: Decimal,
    /// Its renewal events within the plan, in order of year.
    pub events: Vec<RenewalEvent>,
    /// The actions that touch it (positions in the scenario's actions), in year order.
    pub actions: Vec<usize>,
    /// The year it closes, if the plan closes it, and by what kind of action.
    pub closes: Option<(i32, ActionKind)>,
    /// Moves of its users away (positions in the run's access moves).
    pub moves_out: Vec<usize>,
    /// Moves of others' users to it.
    pub moves_in: Vec<usize>,
    /// Times it goes over capacity (positions in the run's over-capacity list).
    pub over_capacity: Vec<usize>,
}

/// The profiles of a run's facilities, with the costs they are taken from.
#[derive(Clone, Debug)]
pub struct KarteBook {
    /// Every facility's cost by year and kind ([`crate::explain::by_facility`]).
    pub costs: FacilityCosts,
    /// The profiles, in the order of the facilities.
    pub kartes: Vec<Karte>,
}

/// The profiles of the facilities of a run (all, or those whose ids are in `only`, in that
/// order). `ledger`, when given, orders the actions as the ledger does.
///
/// # Errors
///
/// [`Error::UnknownFacility`] for an id in `only` that is no facility of the run;
/// [`Error::Overflow`] for absurd amounts.
pub fn kartes(o: &Outcome, ledger: Option<&Ledger>, only: &[String]) -> Result<KarteBook> {
    let s = &o.scenario;
    let all: Vec<FacilityIdx> = s.facilities().iter().map(|(f, _)| f).collect();
    let chosen: Vec<FacilityIdx> = if only.is_empty() {
        all
    } else {
        only.iter()
            .map(|id| {
                all.iter()
                    .copied()
                    .find(|&f| s.facility(f).id() == id)
                    .ok_or_else(|| Error::UnknownFacility {
                        id: id.clone(),
                        inventory: s.inventory().name.clone(),
                        example: all
                            .first()
                            .map_or(String::new(), |&f| s.facility(f).id().to_string()),
                    })
            })
            .collect::<Result<_>>()?
    };
    let costs = by_facility(s)?;
    let events = renewal_events(o)?;
    let first = s.plan().horizon.first().get();
    let order: Vec<usize> = match ledger {
        Some(l) => l.lines.iter().map(|a| a.action).collect(),
        None => (0..s.actions().len()).collect(),
    };
    let kartes = chosen
        .into_iter()
        .map(|f| {
            let buildings: Vec<usize> = s
                .inventory()
                .buildings
                .iter()
                .enumerate()
                .filter(|(_, b)| b.facility == f)
                .map(|(i, _)| i)
                .collect();
            let floor_area_m2 = crate::ledger::facility_area(s, f, first);
            let closes = o
                .effects
                .closures
                .iter()
                .find(|c| c.facility == f)
                .map(|c| (c.year, c.how));
            Karte {
                facility: f,
                costs_row: costs
                    .rows
                    .iter()
                    .position(|r| r.id == s.facility(f).id() && r.name == s.facility(f).name()),
                events: events
                    .iter()
                    .filter(|e| buildings.contains(&e.building))
                    .cloned()
                    .collect(),
                buildings,
                floor_area_m2,
                actions: order
                    .iter()
                    .copied()
                    .filter(|&k| touches(s, &s.actions()[k], f))
                    .collect(),
                closes,
                moves_out: (0..o.access.moves.len())
                    .filter(|&m| o.access.moves[m].from == f)
                    .collect(),
                moves_in: (0..o.access.moves.len())
                    .filter(|&m| o.access.moves[m].to == Some(f))
                    .collect(),
                over_capacity: (0..o.access.over_capacity.len())
                    .filter(|&c| o.access.over_capacity[c].facility == f)
                    .collect(),
            }
        })
        .collect();
    Ok(KarteBook { costs, kartes })
}

/// Whether an action touches facility `f`.
fn touches(s: &Scenario, a: &Action, f: FacilityIdx) -> bool {
    let of_building = |b: usize| s.inventory().buildings[b].facility == f;
    match a {
        Action::Reduce { building, .. } | Action::Shift { building, .. } => of_building(*building),
        // A life extension of everything is listed once, in the plan, not on every page.
        Action::LifeExtension { scope, .. } => {
            !matches!(scope, crate::scenario::Scope::All)
                && scope.covers(f, s.facility(f).category())
        }
        _ => a.closes().contains(&f) || a.receiver() == Some(f),
    }
}

/// Every building's renewal amounts in the run, years of one kind of event run together.
fn renewal_events(o: &Outcome) -> Result<Vec<RenewalEvent>> {
    let s = &o.scenario;
    let lowered = s.lower(true)?;
    let mut by: BTreeMap<(usize, bool, usize), Decimal> = BTreeMap::new();
    attribute(s, &lowered, &mut |owner, i, kind, _, amount| {
        let rebuild = match kind {
            Kind::Renovation | Kind::RenovationBacklog => false,
            Kind::Rebuild | Kind::RebuildBacklog => true,
            _ => return,
        };
        if let Owner::Unit(u) = owner
            && let Some(b) = lowered.units[u as usize - 1].building
        {
            *by.entry((b, rebuild, i)).or_default() += amount;
        }
    })?;
    let first = s.plan().horizon.first().get();
    let mut events: Vec<RenewalEvent> = Vec::new();
    for ((building, rebuild, i), amount) in by {
        if amount.is_zero() {
            continue;
        }
        let year = first + i as i32;
        let event = if rebuild {
            EventKind::Rebuild
        } else {
            EventKind::Renovation
        };
        match events.last_mut() {
            Some(e) if e.building == building && e.event == event && e.last_year + 1 == year => {
                e.last_year = year;
                e.amount = Yen::new(e.amount.get() + amount);
            }
            _ => events.push(RenewalEvent {
                building,
                event,
                first_year: year,
                last_year: year,
                amount: Yen::new(amount),
            }),
        }
    }
    events.sort_by_key(|e| (e.first_year, e.building, e.event == EventKind::Rebuild));
    Ok(events)
}
