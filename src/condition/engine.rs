//! How one building's grade and renewals evolve year by year under a deterioration chain and the
//! condition rules, in expectation (exact probabilities) or sampled (one Monte Carlo run).
//!
//! The state of a building is its grade and the next renewal event it has not had. Each year, in
//! this order: the pending event happens if it is due (unless the building is still in grade A and
//! has waited fewer than `defer_years`), or early if the building is in grade D and the event is due
//! within `advance_years`; an event that happens resets the grade to A. Then the year's grade is
//! recorded and its repair cost charged; then the grade moves by the chain. Backlogs (events overdue
//! at the start) are paid as scheduled and do not reset the grade. At most one event happens a year.
//! The expected evaluation carries the probability of every state; the sampled one follows a single
//! state. With a chain whose probabilities are 0 or 1, both give the same amounts.

use rust_decimal::Decimal;

use super::chain::Chain;
use crate::category::Kind;
use crate::rng::SplitMix64;
use crate::schedule::{Charge, EventKind};

/// A renewal event of one building: its charges, relative to its window start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Renovation or rebuild.
    pub event: EventKind,
    /// The first year of its window as scheduled.
    pub due: i32,
    /// `(years after the window start, kind, yen)`.
    pub charges: Vec<(i32, Kind, Decimal)>,
}

/// Amounts paid as scheduled: `(year, kind, yen)`.
pub type Backlog = Vec<(i32, Kind, Decimal)>;

/// The renewal charges of one building split into backlog amounts (paid as scheduled) and events
/// (whose timing the condition moves). Amounts are `numerator × area ÷ divisor`, as in the plain
/// projection.
///
/// # Errors
///
/// The year and kind of a charge whose amount leaves the exact range.
pub fn split_events(
    charges: &[Charge],
    area: Decimal,
) -> Result<(Backlog, Vec<Event>), (i32, Kind)> {
    let mut backlog = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    for ch in charges {
        let amount = ch
            .numerator
            .checked_mul(area)
            .and_then(|x| x.checked_div(Decimal::from(ch.divisor)))
            .ok_or((ch.year, ch.kind))?;
        if matches!(ch.kind, Kind::RenovationBacklog | Kind::RebuildBacklog) {
            backlog.push((ch.year, ch.kind, amount));
            continue;
        }
        let i = match events
            .iter()
            .position(|e| e.event == ch.event && e.due == ch.start)
        {
            Some(i) => i,
            None => {
                events.push(Event {
                    event: ch.event,
                    due: ch.start,
                    charges: Vec::new(),
                });
                events.len() - 1
            }
        };
        events[i]
            .charges
            .push((ch.year - ch.start, ch.kind, amount));
    }
    events.sort_by_key(|e| (e.due, e.event));
    Ok((backlog, events))
}

/// The condition rules that move renewals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    /// A building in grade D has a renewal due within this many years done now.
    pub advance_years: u32,
    /// A building still in grade A when a renewal is due may wait this many years.
    pub defer_years: u32,
}

impl Timing {
    /// Whether the pending event due in `due` happens in year `t` for a building in grade `g`
    /// (0 = A … 3 = D).
    #[inline]
    pub fn happens(self, t: i32, due: i32, g: usize) -> bool {
        if t >= due {
            !(g == 0 && t - due < self.defer_years as i32)
        } else {
            g == 3 && due - t <= self.advance_years as i32
        }
    }
}

/// One building's evaluation: where it stands and what it is due.
pub struct Unit<'a> {
    /// Its chain.
    pub chain: &'a Chain,
    /// The timing rules.
    pub timing: Timing,
    /// Repair cost by grade, yen a year for the whole building (rate × area).
    pub repair: [Decimal; 4],
    /// Floor area in fixed-point units (for grade distributions).
    pub area_units: i128,
    /// The first and last year it exists in the horizon.
    pub years: (i32, i32),
    /// Its grade distribution in its first year.
    pub start: [Decimal; 4],
    /// Its events, by due year.
    pub events: &'a [Event],
}

/// Adds up the expected amounts of a building: `charge(year, kind, yen, event)` for renewal (with
/// the event's position) and repair (`None`), `grade(year, probabilities)` for the grade
/// distribution of each year it exists.
// Grades are indices into 4-element rows of probabilities; index loops read like the maths.
#[allow(clippy::needless_range_loop)]
pub fn expected(
    u: &Unit<'_>,
    charge: &mut dyn FnMut(i32, Kind, Decimal, Option<usize>),
    grade: &mut dyn FnMut(i32, [Decimal; 4]),
) {
    let m = u.events.len();
    // probs[k][g]: next pending event k (m: none left), grade g.
    let mut probs = vec![[Decimal::ZERO; 4]; m + 1];
    probs[0] = u.start;
    let (from, until) = u.years;
    for t in from..=until {
        let mut next = vec![[Decimal::ZERO; 4]; m + 1];
        for k in 0..=m {
            for g in 0..4 {
                let mass = probs[k][g];
                if mass.is_zero() {
                    continue;
                }
                if k < m && u.timing.happens(t, u.events[k].due, g) {
                    for &(offset, kind, amount) in &u.events[k].charges {
                        let y = t + offset;
                        if y <= until {
                            charge(y, kind, amount * mass, Some(k));
                        }
                    }
                    next[k + 1][0] += mass;
                } else {
                    next[k][g] += mass;
                }
            }
        }
        let mut dist = [Decimal::ZERO; 4];
        for row in &next {
            for g in 0..4 {
                dist[g] += row[g];
            }
        }
        grade(t, dist);
        for g in 0..4 {
            if !u.repair[g].is_zero() && !dist[g].is_zero() {
                charge(t, Kind::Repair, u.repair[g] * dist[g], None);
            }
        }
        // Deteriorate.
        for row in &mut next {
            let before = *row;
            let mut after = [Decimal::ZERO; 4];
            for (i, &p) in before.iter().enumerate() {
                if p.is_zero() {
                    continue;
                }
                for (j, a) in after.iter_mut().enumerate() {
                    let q = u.chain.p[i][j];
                    if !q.is_zero() {
                        *a += p * q;
                    }
                }
            }
            *row = after;
        }
        probs = next;
    }
}

/// One sampled run of a building: `charge(year, kind, yen, event)` for renewals (before any run-level
/// multiplier), `grade(year, grade)` for the grade each year (its repair is priced by the caller from
/// the area by grade).
pub fn sampled(
    u: &Unit<'_>,
    start_grade: usize,
    rng: &mut SplitMix64,
    charge: &mut dyn FnMut(i32, Kind, Decimal, Option<usize>),
    grade: &mut dyn FnMut(i32, usize),
) {
    let m = u.events.len();
    let mut k = 0;
    let mut g = start_grade;
    let (from, until) = u.years;
    for t in from..=until {
        if k < m && u.timing.happens(t, u.events[k].due, g) {
            for &(offset, kind, amount) in &u.events[k].charges {
                let y = t + offset;
                if y <= until {
                    charge(y, kind, amount, Some(k));
                }
            }
            k += 1;
            g = 0;
        }
        grade(t, g);
        g = u.chain.step(g, rng.next_u64());
    }
}

/// Samples a grade from a distribution with 64 random bits (the top 63), exactly.
pub fn sample_grade(dist: &[Decimal; 4], bits: u64) -> usize {
    let cum = super::chain::thresholds(&[*dist, *dist, *dist, *dist])[0];
    let u = bits >> 1;
    cum.iter().position(|&c| u < c).unwrap_or(3)
}
