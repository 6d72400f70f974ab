//! Renewal rules and the schedule they give one building: which renovation and rebuild amounts fall
//! in which fiscal years, per m² of floor area.
//!
//! The rules are general enough for the MIC method and the long-life variants: a building follows
//! one or more life cycles, each covering a share of its floor area; a cycle is a list of events
//! (renovation or rebuild) due at an age, spread over some years, priced as a factor of a unit cost;
//! an event already overdue at the start either becomes a backlog spread over the first years, or is
//! dropped, depending on the age band. This module computes per-m² schedules only; multiplying by
//! areas and summing is the projection's job.

use rust_decimal::Decimal;

use super::UnitPrices;
use super::raw::RawCycle;
use crate::category::Kind;

pub use crate::schedule::{Charge, EventKind, Timing};

/// Which unit-cost column prices an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PriceColumn {
    /// The category's renovation price.
    Renovation,
    /// The category's rebuild price.
    Rebuild,
}

/// The treatment of an event already overdue at the start of the projection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backlog {
    /// The youngest overdue age (at the first year) that gets a backlog.
    pub from_age: i32,
    /// The oldest; `None` for no limit.
    pub to_age: Option<i32>,
    /// The number of years, from the first, the cost is spread over.
    pub years: u32,
}

/// One renewal event of a cycle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenewalEvent {
    /// Its label.
    pub name: String,
    /// Renovation or rebuild.
    pub kind: EventKind,
    /// The age at which it is due.
    pub age: i32,
    /// The number of years the cost is spread over.
    pub years: u32,
    /// The unit-cost column.
    pub price: PriceColumn,
    /// The multiplier on that unit cost.
    pub factor: Decimal,
    /// What happens when overdue; `None`: an overdue event is dropped.
    pub backlog: Option<Backlog>,
}

/// A life cycle followed by a share of every building's floor area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    /// Its label.
    pub name: String,
    /// The share of floor area (the shares of a model add up to 1).
    pub share: Decimal,
    /// Its events.
    pub events: Vec<RenewalEvent>,
}

/// The renewal rules of a cost model.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RenewalRules {
    /// Years from the life year to the start of the spreading window (0 in MIC).
    pub window_offset: i32,
    /// Whether a building rebuilt inside the horizon starts its cycle again.
    pub second_cycle: bool,
    /// The cycles.
    pub cycles: Vec<Cycle>,
}

/// Deepest nesting of second cycles followed (a rebuild inside a rebuilt building's life…).
const MAX_CYCLES: u32 = 8;

impl RenewalRules {
    /// Appends to `out` the renewal charges, per m², of a building with `prices` and `timing`, for
    /// the fiscal years `first..=last`. Amounts outside those years are dropped.
    pub fn schedule(
        &self,
        prices: &UnitPrices,
        timing: Timing,
        first: i32,
        last: i32,
        out: &mut Vec<Charge>,
    ) {
        for cycle in &self.cycles {
            self.cycle(cycle, prices, timing, first, last, 0, out);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn cycle(
        &self,
        cycle: &Cycle,
        prices: &UnitPrices,
        timing: Timing,
        first: i32,
        last: i32,
        depth: u32,
        out: &mut Vec<Charge>,
    ) {
        let built = timing.built;
        let rebuild_due = cycle
            .events
            .iter()
            .find(|e| e.kind == EventKind::Rebuild)
            .map(|e| built + e.age);
        for ev in &cycle.events {
            let clock = match ev.kind {
                EventKind::Renovation => timing.renovated.filter(|&r| r > built).unwrap_or(built),
                EventKind::Rebuild => built,
            };
            let due = clock + ev.age;
            // No renovation of a building whose rebuild is due first: a renovation restarted by a
            // late major renovation can fall at or after the end of life. [convention]
            if ev.kind == EventKind::Renovation && rebuild_due.is_some_and(|rd| due >= rd) {
                continue;
            }
            let numerator = prices.get(ev.price) * ev.factor * cycle.share;
            let age_at_start = first - clock;
            let renewed_in = if age_at_start <= ev.age {
                let start = due + self.window_offset;
                let kind = match ev.kind {
                    EventKind::Renovation => Kind::Renovation,
                    EventKind::Rebuild => Kind::Rebuild,
                };
                push_spread(
                    out,
                    (ev.kind, start),
                    ev.years,
                    kind,
                    numerator,
                    first,
                    last,
                );
                Some(start)
            } else if let Some(b) = ev.backlog.filter(|b| {
                age_at_start >= b.from_age && b.to_age.is_none_or(|t| age_at_start <= t)
            }) {
                let kind = match ev.kind {
                    EventKind::Renovation => Kind::RenovationBacklog,
                    EventKind::Rebuild => Kind::RebuildBacklog,
                };
                push_spread(out, (ev.kind, first), b.years, kind, numerator, first, last);
                Some(first)
            } else {
                None
            };
            if let (EventKind::Rebuild, Some(rebuilt), true) =
                (ev.kind, renewed_in, self.second_cycle)
            {
                // The new building counts as built in the first year of its rebuild. [convention]
                if rebuilt <= last && depth + 1 < MAX_CYCLES && rebuilt > built {
                    let new = Timing {
                        built: rebuilt,
                        renovated: None,
                    };
                    self.cycle(cycle, prices, new, first, last, depth + 1, out);
                }
            }
        }
    }
}

fn push_spread(
    out: &mut Vec<Charge>,
    (event, start): (EventKind, i32),
    years: u32,
    kind: Kind,
    numerator: Decimal,
    first: i32,
    last: i32,
) {
    for y in start..start + years as i32 {
        if y >= first && y <= last {
            out.push(Charge {
                year: y,
                event,
                start,
                kind,
                numerator,
                divisor: years,
            });
        }
    }
}

/// Lowers a checked raw cycle.
pub(super) fn lower_cycle(raw: &RawCycle) -> Cycle {
    Cycle {
        name: raw.name.clone().unwrap_or_default(),
        share: raw.share.0,
        events: raw
            .events
            .iter()
            .map(|e| RenewalEvent {
                name: e.name.clone().unwrap_or_else(|| e.kind.clone()),
                kind: if e.kind == "rebuild" {
                    EventKind::Rebuild
                } else {
                    EventKind::Renovation
                },
                age: e.age as i32,
                years: e.years as u32,
                price: if e.price == "rebuild" {
                    PriceColumn::Rebuild
                } else {
                    PriceColumn::Renovation
                },
                factor: e.factor.map(|f| f.0).unwrap_or(Decimal::ONE),
                backlog: e.backlog.as_ref().map(|b| Backlog {
                    from_age: b.from_age as i32,
                    to_age: b.to_age.map(|t| t as i32),
                    years: b.years as u32,
                }),
            })
            .collect(),
    }
}
