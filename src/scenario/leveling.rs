//! Leveling (平準化): moving renewal events by at most K years so every year stays under the cap.
//!
//! The policy is greedy and deterministic. Years are taken in order; while a year is over the cap,
//! the move that most reduces the total excess over the cap (Σ of each year's amount above it) is
//! made: one renewal event of that year, moved later (or earlier, when allowed) by at most K years;
//! ties go to the smaller move, then the larger event, then building order; an event moves at most
//! once. When years remain over the cap (the total is too large for timing alone), a second phase
//! shaves the peaks: an event of the highest year over the cap moves if every year it touches ends
//! strictly lower than that peak and the total excess does not grow. Amounts are exact
//! decimals and escalation is applied to the year an amount lands in. What it chooses is returned as
//! ordinary shifts, which the scenario then applies like any written `shift` action, so the final
//! projection comes from the same engine and `explain` shows the moved events.
//!
//! Cost: the events are indexed by the years they touch, and a move is judged by the few years it
//! touches (the excess of every other year is unchanged), so choosing a move costs the events of
//! the year at hand times the allowed moves, not every event times every year.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Scenario;
use crate::category::Kind;
use crate::cost::EventKind;
use crate::error::Result;
use crate::projection::{EventShift, Source, project_traced};

/// A renewal event moved by leveling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeveledShift {
    /// The building (position in the inventory).
    pub building: usize,
    /// The event kind.
    pub event: EventKind,
    /// The first year of its window before.
    pub from: i32,
    /// After.
    pub to: i32,
    /// Its amount (before escalation), yen.
    pub amount: Decimal,
}

struct Block {
    building: usize,
    event: EventKind,
    start: i32,
    closes: Option<i32>,
    /// (position in the horizon, amount before escalation)
    amounts: Vec<(usize, Decimal)>,
    moved: bool,
}

/// Chooses the shifts that keep the scenario's years under its cap, as far as `max_shift_years`
/// allows.
///
/// # Errors
///
/// [`crate::Error::Overflow`] for absurd amounts.
pub fn choose(
    s: &Scenario,
    max_shift_years: u32,
    allow_earlier: bool,
) -> Result<Vec<LeveledShift>> {
    let Some(cap) = s.plan().cap.map(|c| c.get()) else {
        return Ok(Vec::new());
    };
    let lowered = s.lower(true)?;
    let h = s.plan().horizon;
    let n_years = h.years() as usize;
    let mut blocks: BTreeMap<(u32, EventKind, i32), Block> = BTreeMap::new();
    let factors = crate::projection::escalation(s.model(), h, s.name())?;
    // An amount at base-year prices that leaves the exact range (a tiny escalation factor): its
    // year, reported after the run.
    let mut unpriced: Option<usize> = None;
    let p = project_traced(
        s.name(),
        s.model(),
        s.plan(),
        &lowered.aggregate,
        &mut |src, i, kind, _, amount| {
            let Source::Class(class, Some((event, start))) = src else {
                return;
            };
            if class.shift > 0 || class.unit == 0 || !is_renewal(kind) {
                return;
            }
            let Some(building) = lowered.units[class.unit as usize - 1].building else {
                return;
            };
            // A moved event must still start before the building closes (less the years in which a
            // closing building is not renewed).
            let skip = s.skip_before_closure().years(event) as i32;
            let b = blocks.entry((class.unit, event, start)).or_insert(Block {
                building,
                event,
                start,
                closes: class.closes.map(|c| c - skip),
                amounts: Vec::new(),
                moved: false,
            });
            let Some(base) = amount.checked_div(factors[i]) else {
                unpriced.get_or_insert(i);
                return;
            };
            match b.amounts.iter_mut().find(|(y, _)| *y == i) {
                Some((_, a)) => match a.checked_add(base) {
                    Some(v) => *a = v,
                    None => {
                        unpriced.get_or_insert(i);
                    }
                },
                None => b.amounts.push((i, base)),
            }
        },
    )?;
    // Each event's amount at base-year prices must fit, for `block_size` to add without checks.
    for b in blocks.values() {
        let fits = b
            .amounts
            .iter()
            .try_fold(Decimal::ZERO, |sum, (_, a)| sum.checked_add(*a));
        if fits.is_none() {
            unpriced.get_or_insert(b.amounts[0].0);
        }
    }
    if let Some(i) = unpriced {
        return Err(crate::Error::Overflow {
            context: crate::msg!(
                WhatLeveling,
                location = s.model().locate(&["escalation.rate"]),
                year = h.first().get() + i as i32,
                scenario = s.name()
            ),
            source: crate::money::Overflow,
        });
    }
    let mut totals: Vec<Decimal> = (0..n_years).map(|i| p.year_total(i).get()).collect();
    let mut blocks: Vec<Block> = blocks.into_values().collect();
    let sizes: Vec<Decimal> = blocks.iter().map(block_size).collect();
    // The events touching each year, in event order (ties go to the first).
    let mut at_year: Vec<Vec<usize>> = vec![Vec::new(); n_years];
    for (k, b) in blocks.iter().enumerate() {
        for &(i, _) in &b.amounts {
            if at_year[i].last() != Some(&k) {
                at_year[i].push(k);
            }
        }
    }
    let mut deltas: Vec<i32> = Vec::new();
    for d in 1..=max_shift_years as i32 {
        deltas.push(d);
        if allow_earlier {
            deltas.push(-d);
        }
    }
    let last = h.last().get();
    let first = h.first().get();
    let mut chosen = Vec::new();
    // Phase 1, year by year: while a year is over the cap, make the move (an event of that year, by
    // one of the allowed numbers of years) that most reduces the total excess over the cap; ties go
    // to the smaller move, then to the larger event, then to building order.
    let mut ex = excesses(&totals, cap);
    for y in 0..n_years {
        while totals[y] > cap {
            let before = excess(&[], &ex, cap);
            let mut best: Option<(Decimal, usize, usize)> = None; // (reduction, delta index, block)
            for &k in &at_year[y] {
                let b = &blocks[k];
                if b.moved {
                    continue;
                }
                for (di, &d) in deltas.iter().enumerate() {
                    let Some(new) = moved_totals(b, d, &totals, &factors, last, first) else {
                        continue;
                    };
                    let (Some(before), Some(after)) = (before, excess(&new, &ex, cap)) else {
                        continue;
                    };
                    let reduction = before - after;
                    if reduction <= Decimal::ZERO {
                        continue;
                    }
                    let better = match best {
                        None => true,
                        Some((r, bdi, bk)) => {
                            reduction > r
                                || (reduction == r
                                    && (di < bdi || (di == bdi && sizes[k] > sizes[bk])))
                        }
                    };
                    if better {
                        best = Some((reduction, di, k));
                    }
                }
            }
            let Some((_, di, k)) = best else { break };
            let d = deltas[di];
            if let Some(new) = moved_totals(&blocks[k], d, &totals, &factors, last, first) {
                for (j, t) in new {
                    totals[j] = t;
                }
                ex = excesses(&totals, cap);
            }
            let b = &mut blocks[k];
            b.moved = true;
            chosen.push(LeveledShift {
                building: b.building,
                event: b.event,
                from: b.start,
                to: b.start + d,
                amount: sizes[k],
            });
        }
    }
    // Phase 2, when some years are still over the cap: shave the peaks. An event of the highest year
    // over the cap moves if every year it touches ends up strictly below that year's total, so the
    // local maximum falls with every move.
    loop {
        let mut over: Vec<usize> = (0..n_years).filter(|&y| totals[y] > cap).collect();
        over.sort_by(|a, b| totals[*b].cmp(&totals[*a]).then(a.cmp(b)));
        let mut moved = false;
        let before = excess(&[], &ex, cap);
        'peak: for y in over {
            let mut candidates: Vec<(Decimal, usize)> = at_year[y]
                .iter()
                .filter(|&&k| !blocks[k].moved)
                .filter_map(|&k| {
                    blocks[k]
                        .amounts
                        .iter()
                        .find(|(i, _)| *i == y)
                        .map(|(_, a)| (*a, k))
                })
                .collect();
            candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for (_, k) in candidates {
                for &d in &deltas {
                    if let Some(new) = shave(
                        &blocks[k], d, &totals, &factors, totals[y], last, first,
                    )
                    .filter(|new| match (excess(new, &ex, cap), before) {
                        (Some(after), Some(before)) => after <= before,
                        _ => false,
                    }) {
                        for (j, t) in new {
                            totals[j] = t;
                        }
                        ex = excesses(&totals, cap);
                        let b = &mut blocks[k];
                        b.moved = true;
                        chosen.push(LeveledShift {
                            building: b.building,
                            event: b.event,
                            from: b.start,
                            to: b.start + d,
                            amount: sizes[k],
                        });
                        moved = true;
                        break 'peak;
                    }
                }
            }
        }
        if !moved {
            break;
        }
    }
    chosen.sort_by_key(|c| (c.building, c.from, c.event));
    Ok(chosen)
}

/// The new totals of the years a move of block `b` by `d` touches, if every one of them ends strictly
/// below `peak` (and the window stays in the horizon, before the building closes).
fn shave(
    b: &Block,
    d: i32,
    totals: &[Decimal],
    f: &[Decimal],
    peak: Decimal,
    last: i32,
    first: i32,
) -> Option<Vec<(usize, Decimal)>> {
    let new = moved_totals(b, d, totals, f, last, first)?;
    new.iter().all(|&(_, t)| t < peak).then_some(new)
}

fn is_renewal(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Renovation | Kind::Rebuild | Kind::RenovationBacklog | Kind::RebuildBacklog
    )
}

/// The new totals of the years a move of block `b` by `d` years touches (the others keep theirs),
/// in year order, if its new window stays in the horizon and before its building closes (and no
/// year leaves the exact range: such a move is not made). Each year's total is worked out as for a
/// copy of every total: the block's amounts taken out of their years, then put in their new ones.
fn moved_totals(
    b: &Block,
    d: i32,
    totals: &[Decimal],
    f: &[Decimal],
    last: i32,
    first: i32,
) -> Option<Vec<(usize, Decimal)>> {
    fn slot(new: &mut Vec<(usize, Decimal)>, totals: &[Decimal], j: usize) -> usize {
        match new.iter().position(|(k, _)| *k == j) {
            Some(p) => p,
            None => {
                new.push((j, totals[j]));
                new.len() - 1
            }
        }
    }
    let mut new: Vec<(usize, Decimal)> = Vec::with_capacity(2 * b.amounts.len());
    for &(i, a) in &b.amounts {
        let p = slot(&mut new, totals, i);
        new[p].1 = new[p].1.checked_sub(a.checked_mul(f[i])?)?;
    }
    for &(i, a) in &b.amounts {
        let y = first + i as i32 + d;
        if y < first || y > last || b.closes.is_some_and(|c| y >= c) {
            return None;
        }
        let j = (i as i32 + d) as usize;
        let p = slot(&mut new, totals, j);
        new[p].1 = new[p].1.checked_add(a.checked_mul(f[j])?)?;
    }
    new.sort_unstable_by_key(|(j, _)| *j);
    Some(new)
}

/// Each year's excess over the cap, max(0, total − cap) (`None` beyond the exact range).
fn excesses(totals: &[Decimal], cap: Decimal) -> Vec<Option<Decimal>> {
    totals
        .iter()
        .map(|t| t.checked_sub(cap).map(|e| e.max(Decimal::ZERO)))
        .collect()
}

/// The total excess over the cap, Σ max(0, total − cap), summed in year order from each year's
/// excess (`ex`, from [`excesses`]) and the new totals of the years a move touches (`new`); `None`
/// beyond the exact range. Summed over every year in the same order whatever the move, so that two
/// moves compare as their totals do to the last digit a decimal keeps (amounts in thirds of a yen
/// are rounded in their 28th digit, and a sum of only the years touched would round otherwise).
fn excess(new: &[(usize, Decimal)], ex: &[Option<Decimal>], cap: Decimal) -> Option<Decimal> {
    let mut touched = new.iter().peekable();
    let mut sum = Decimal::ZERO;
    for (j, e) in ex.iter().enumerate() {
        let e = match touched.next_if(|(k, _)| *k == j) {
            Some((_, t)) => t.checked_sub(cap)?.max(Decimal::ZERO),
            None => (*e)?,
        };
        sum = sum.checked_add(e)?;
    }
    Some(sum)
}

/// An event's amount at base-year prices (each was checked to fit when the events were gathered).
fn block_size(b: &Block) -> Decimal {
    b.amounts.iter().map(|(_, a)| *a).sum()
}

/// The scenario with the chosen shifts added as actions.
pub fn with_shifts(s: &Scenario, shifts: &[LeveledShift]) -> Scenario {
    s.with_shifts(shifts.iter().map(|sh| {
        (
            sh.building,
            EventShift {
                event: sh.event,
                start: sh.from,
                to: sh.to,
            },
        )
    }))
}
