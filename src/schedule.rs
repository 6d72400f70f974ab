//! What a renewal schedule is made of, shared by the cost models that make schedules
//! ([`crate::cost::renewal`]), the condition engine that moves their events ([`crate::condition`])
//! and the projection that prices them: the kinds of renewal event, a building's timing, and one
//! per-m² charge of a schedule. A leaf: it imports only the vocabulary of kinds.

use rust_decimal::Decimal;

use crate::category::Kind;

/// Whether an event renovates or rebuilds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    /// Renovation (大規模改修, 中規模修繕): its clock restarts at the last major renovation.
    Renovation,
    /// Rebuild (建替え): ends the building's life; timed from the year built.
    Rebuild,
}

impl EventKind {
    /// Its name in files and outputs: `renovation` or `rebuild`.
    pub fn key(self) -> &'static str {
        match self {
            EventKind::Renovation => "renovation",
            EventKind::Rebuild => "rebuild",
        }
    }

    /// The event named `key` in a file.
    pub fn parse(key: &str) -> Option<EventKind> {
        match key {
            "renovation" => Some(EventKind::Renovation),
            "rebuild" => Some(EventKind::Rebuild),
            _ => None,
        }
    }
}

/// When a building was built and last renovated (major renovation), as calendar years of fiscal
/// years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timing {
    /// Year built.
    pub built: i32,
    /// Year of the last major renovation, if any; it restarts the renovation clock.
    pub renovated: Option<i32>,
}

/// One amount of a schedule: `numerator × area ÷ divisor` yen in `year`.
///
/// Keeping the numerator and divisor apart lets the projection multiply by the exact area before it
/// divides, so each amount is rounded once, at the 28th significant digit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Charge {
    /// The fiscal year.
    pub year: i32,
    /// Whether the event renovates or rebuilds.
    pub event: EventKind,
    /// The first year of the event's window (its due year, or the first year for a backlog): with
    /// `event`, it names the event for a shift.
    pub start: i32,
    /// Its kind (renovation, rebuild, or their backlogs).
    pub kind: Kind,
    /// Yen per m² before spreading: unit price × factor × share.
    pub numerator: Decimal,
    /// The number of years of the spread.
    pub divisor: u32,
}
