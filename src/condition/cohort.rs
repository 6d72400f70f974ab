//! A cohort: buildings that differ only in floor area, drawn together in one Monte Carlo run as
//! counts per state instead of one by one.
//!
//! Buildings of one class (the same category, structure, years built and renovated, surveyed grade,
//! closure, renewal rules and shifts) have the same chain, the same start distribution and the same
//! renewal schedule per m²: they are exchangeable but for their areas. The state of a building is
//! the next renewal event it has not had and its grade, as in [`super::engine`]. Each year, every
//! state's buildings whose event is due renew together; then the buildings of a state move between
//! grades as one multinomial draw (a sequence of binomials, [`SplitMix64::binomial`]); which
//! buildings move is a uniformly random subset of that size, so each state keeps the areas of its
//! own buildings. Given the counts, every subset of that size is equally likely (the buildings'
//! steps are independent and identically distributed), so the draw has the law of drawing each
//! building alone; the cost is a binomial per occupied state and year plus one draw per building
//! that moves, instead of one draw per building and year.
//!
//! Amounts: every renewal charge of a building is `numerator × area ÷ divisor`, linear in its area,
//! so the buildings renewing together in a year are charged `numerator × (Σ area) ÷ divisor`, and a
//! year's repairs are priced from the area in each grade, which the cohort keeps exactly.

use rust_decimal::Decimal;

use super::chain::Chain;
use super::engine::Timing;
use crate::category::Kind;
use crate::rng::SplitMix64;
use crate::schedule::{Charge, EventKind};
use crate::units::AreaSum;

/// A renewal event per m²: its charges as `(years after the window start, kind, numerator,
/// divisor)`, the amount for an area `a` being `numerator × a ÷ divisor`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateEvent {
    /// Renovation or rebuild.
    pub event: EventKind,
    /// The first year of its window as scheduled.
    pub due: i32,
    /// `(years after the window start, kind, numerator, divisor)`.
    pub charges: Vec<(i32, Kind, Decimal, u32)>,
}

/// The events of a schedule per m², grouped and ordered as [`super::engine::split_events`] groups
/// them (by event and due year), without the backlog (paid as scheduled).
pub fn rate_events(charges: &[Charge]) -> Vec<RateEvent> {
    let mut events: Vec<RateEvent> = Vec::new();
    for ch in charges {
        if matches!(ch.kind, Kind::RenovationBacklog | Kind::RebuildBacklog) {
            continue;
        }
        let i = match events
            .iter()
            .position(|e| e.event == ch.event && e.due == ch.start)
        {
            Some(i) => i,
            None => {
                events.push(RateEvent {
                    event: ch.event,
                    due: ch.start,
                    charges: Vec::new(),
                });
                events.len() - 1
            }
        };
        events[i]
            .charges
            .push((ch.year - ch.start, ch.kind, ch.numerator, ch.divisor));
    }
    events.sort_by_key(|e| (e.due, e.event));
    events
}

/// A cohort of buildings to draw.
pub struct Cohort<'a> {
    /// Their chain.
    pub chain: &'a Chain,
    /// The timing rules.
    pub timing: Timing,
    /// The first and last year they exist in the horizon.
    pub years: (i32, i32),
    /// Their grade distribution in the first year, as cumulative thresholds on 2⁶³ (a row of
    /// [`super::chain::thresholds`]).
    pub start: [u64; 4],
    /// Their events per m², by due year.
    pub events: &'a [RateEvent],
    /// The floor area of each building, in fixed-point units ([`AreaSum::units`]).
    pub areas: &'a [i64],
}

/// The counts of a multinomial draw of `n` over the row of cumulative thresholds `cum` (on 2⁶³), as
/// a sequence of binomials: each outcome but `last` in turn takes a binomial share of the trials
/// left, with its probability over the probability left; `last` takes the rest.
pub fn multinomial(rng: &mut SplitMix64, n: u64, cum: &[u64; 4], last: usize) -> [u64; 4] {
    let mut counts = [0u64; 4];
    let (mut left, mut mass) = (n, 1u64 << 63);
    for j in 0..4 {
        if j == last || left == 0 {
            continue;
        }
        let p = cum[j] - if j == 0 { 0 } else { cum[j - 1] };
        if p == 0 {
            continue;
        }
        let c = rng.binomial(left, p, mass);
        counts[j] = c;
        left -= c;
        mass -= p;
    }
    counts[last] = left;
    counts
}

/// Moves `count` buildings chosen uniformly at random from `from` to `to`; returns the sum of their
/// areas.
fn take(rng: &mut SplitMix64, from: &mut Vec<i64>, count: u64, to: &mut Vec<i64>) -> i128 {
    let mut sum = 0i128;
    for _ in 0..count {
        let r = rng.below(from.len() as u64) as usize;
        let a = from.swap_remove(r);
        sum += i128::from(a);
        to.push(a);
    }
    sum
}

/// One sampled run of a cohort: `charge(year, kind, yen)` for renewals (before any run-level
/// multiplier), `grade(year, grade, area units)` for the floor area in each grade each year.
///
/// # Errors
///
/// The year and kind of a charge whose amount leaves the exact range (possible only when the
/// cohort's whole area's would: the caller checks that once).
pub fn sampled(
    c: &Cohort<'_>,
    rng: &mut SplitMix64,
    charge: &mut dyn FnMut(i32, Kind, Decimal),
    grade: &mut dyn FnMut(i32, usize, i128),
) -> Result<(), (i32, Kind)> {
    let m = c.events.len();
    let n_states = (m + 1) * 4;
    // states[k * 4 + g]: the areas of the buildings whose next event is k (m: none) in grade g.
    let mut states: Vec<Vec<i64>> = vec![Vec::new(); n_states];
    let mut sums = vec![0i128; n_states];
    let mut incoming: Vec<Vec<i64>> = vec![Vec::new(); n_states];
    let mut moved_in = vec![0i128; n_states];

    // The first year's grades.
    let mut pool = c.areas.to_vec();
    let total: i128 = pool.iter().map(|&a| i128::from(a)).sum();
    let start = multinomial(rng, pool.len() as u64, &c.start, 3);
    let largest = (0..4).max_by_key(|&g| (start[g], 4 - g)).unwrap_or(0);
    let mut rest = total;
    for g in 0..4 {
        if g != largest && start[g] > 0 {
            sums[g] = take(rng, &mut pool, start[g], &mut states[g]);
            rest -= sums[g];
        }
    }
    states[largest] = pool;
    sums[largest] = rest;

    let (from, until) = c.years;
    for t in from..=until {
        // Renewals: the last events first, so that buildings that renew do not renew twice.
        for k in (0..m).rev() {
            let e = &c.events[k];
            for g in 0..4 {
                let s = k * 4 + g;
                if states[s].is_empty() || !c.timing.happens(t, e.due, g) {
                    continue;
                }
                let area = AreaSum::from_units(sums[s]).to_decimal();
                for &(offset, kind, numerator, divisor) in &e.charges {
                    let y = t + offset;
                    if y <= until {
                        let amount = numerator
                            .checked_mul(area)
                            .and_then(|x| x.checked_div(Decimal::from(divisor)))
                            .ok_or((y, kind))?;
                        charge(y, kind, amount);
                    }
                }
                let d = (k + 1) * 4;
                let (lo, hi) = states.split_at_mut(d);
                hi[0].append(&mut lo[s]);
                sums[d] += sums[s];
                sums[s] = 0;
            }
        }
        for g in 0..4 {
            let area: i128 = (0..=m).map(|k| sums[k * 4 + g]).sum();
            if area != 0 {
                grade(t, g, area);
            }
        }
        // Deteriorate: each state's buildings as one multinomial draw over its grade's row.
        for s in 0..n_states {
            let n = states[s].len() as u64;
            if n == 0 {
                continue;
            }
            let (k, g) = (s / 4, s % 4);
            let counts = multinomial(rng, n, &c.chain.cum[g], g);
            for (j, &count) in counts.iter().enumerate() {
                if j != g && count > 0 {
                    let d = k * 4 + j;
                    let moved = take(rng, &mut states[s], count, &mut incoming[d]);
                    sums[s] -= moved;
                    moved_in[d] += moved;
                }
            }
        }
        for s in 0..n_states {
            if !incoming[s].is_empty() {
                let (a, b) = (&mut states[s], &mut incoming[s]);
                a.append(b);
                sums[s] += moved_in[s];
                moved_in[s] = 0;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::chain::thresholds;

    fn chain(p: [[Decimal; 4]; 4]) -> Chain {
        Chain {
            category: None,
            structure: None,
            source: "test".into(),
            cum: thresholds(&p),
            p,
        }
    }

    #[test]
    fn a_certain_chain_moves_every_building_together() {
        // A chain that always moves A → B → C → D → D: three buildings of 1, 2 and 4 m² (10⁶
        // units each) starting in A are all in A in the first year, B in the second, C, then D.
        let (o, z) = (Decimal::ONE, Decimal::ZERO);
        let ch = chain([[z, o, z, z], [z, z, o, z], [z, z, z, o], [z, z, z, o]]);
        let areas = [1_000_000, 2_000_000, 4_000_000];
        let c = Cohort {
            chain: &ch,
            timing: Timing {
                advance_years: 0,
                defer_years: 0,
            },
            years: (2022, 2025),
            start: [1 << 63; 4],
            events: &[],
            areas: &areas,
        };
        let mut seen = Vec::new();
        let mut rng = SplitMix64::new(1);
        sampled(&c, &mut rng, &mut |_, _, _| {}, &mut |t, g, a| {
            seen.push((t, g, a))
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![
                (2022, 0, 7_000_000),
                (2023, 1, 7_000_000),
                (2024, 2, 7_000_000),
                (2025, 3, 7_000_000)
            ]
        );
    }

    #[test]
    fn a_due_renewal_is_charged_on_the_area_of_the_buildings_renewing() {
        // Buildings stay in grade B (the chain keeps every grade); a renovation due in 2023 at
        // 100 yen/m² spread over 2 years (numerator 100, divisor 2): 3 m² renew in 2023, charged
        // 100 × 3 ÷ 2 = 150 yen in 2023 and 150 in 2024, and are in grade A from 2023.
        let (o, z) = (Decimal::ONE, Decimal::ZERO);
        let ch = chain([[o, z, z, z], [z, o, z, z], [z, z, o, z], [z, z, z, o]]);
        let events = rate_events(&[
            Charge {
                year: 2023,
                event: EventKind::Renovation,
                start: 2023,
                kind: Kind::Renovation,
                numerator: Decimal::from(100),
                divisor: 2,
            },
            Charge {
                year: 2024,
                event: EventKind::Renovation,
                start: 2023,
                kind: Kind::Renovation,
                numerator: Decimal::from(100),
                divisor: 2,
            },
        ]);
        let areas = [1_000_000, 2_000_000];
        let c = Cohort {
            chain: &ch,
            timing: Timing {
                advance_years: 0,
                defer_years: 0,
            },
            years: (2022, 2024),
            start: [0, 1 << 63, 1 << 63, 1 << 63],
            events: &events,
            areas: &areas,
        };
        let (mut charged, mut grades) = (Vec::new(), Vec::new());
        let mut rng = SplitMix64::new(1);
        sampled(
            &c,
            &mut rng,
            &mut |y, _, a| charged.push((y, a)),
            &mut |t, g, a| grades.push((t, g, a)),
        )
        .unwrap();
        assert_eq!(
            charged,
            vec![(2023, Decimal::from(150)), (2024, Decimal::from(150))]
        );
        assert_eq!(
            grades,
            vec![
                (2022, 1, 3_000_000),
                (2023, 0, 3_000_000),
                (2024, 0, 3_000_000)
            ]
        );
    }
}
