//! Amounts as printed: whole yen that add up.
//!
//! The projection is exact; what is printed is whole yen. Rounding every amount on its own would
//! let the parts of a year miss its total by a few yen, which is the first thing anyone checking a
//! table in a spreadsheet sees. So rounding is done top down (端数調整):
//!
//! - the plan's total is its exact total rounded half to even;
//! - the years are apportioned to it by largest remainder: every year is its exact total rounded
//!   down or up (within one yen of it), and the years add up to the plan's total;
//! - a year's kinds are apportioned to the year as printed;
//! - every finer amount of one kind (a cell kind × category, a facility's amount of the kind, an
//!   `explain` contributor's amount of it) is apportioned to its kind in its year;
//! - an amount that gathers several kinds (a category in a year, a contributor's total) is the sum
//!   of its printed parts, so it may differ from its exact amount by a few yen but always agrees
//!   with the parts shown beside it: a pivot of the CSV by category gives the JSON's categories;
//! - a kind or a category over the plan is the sum of its printed years.
//!
//! Largest remainder: every part is rounded down, then the yen still missing go one each to the
//! parts with the largest fractions (ties to the earlier part).

use rust_decimal::Decimal;

use crate::category::{ALL_CATEGORIES, ALL_KINDS, Category, Kind};
use crate::compare::{Comparison, Line};
use crate::explain::Explanation;
use crate::money::Yen;
use crate::projection::Projection;

use super::ROUNDING;

/// Splits the whole-yen `total` into parts as close as possible to `exact` (each rounded down or
/// up) that add up to it, by largest remainder. `total` should be within one yen of the sum of
/// `exact`, as a rounded sum is; any other total is still met, the difference going to the first
/// parts.
pub fn apportion(exact: &[Decimal], total: Decimal) -> Vec<Decimal> {
    let exact: Vec<Decimal> = exact.iter().map(|&x| settled(x)).collect();
    let mut parts: Vec<Decimal> = exact.iter().map(|x| x.floor()).collect();
    let mut missing = total - parts.iter().sum::<Decimal>();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    // Largest fraction first; a stable sort keeps the earlier part first on ties.
    order.sort_by(|&a, &b| (exact[b] - parts[b]).cmp(&(exact[a] - parts[a])));
    while missing > Decimal::ZERO && !order.is_empty() {
        for &i in &order {
            if missing <= Decimal::ZERO {
                break;
            }
            parts[i] += Decimal::ONE;
            missing -= Decimal::ONE;
        }
    }
    while missing < Decimal::ZERO && !order.is_empty() {
        for &i in order.iter().rev() {
            if missing >= Decimal::ZERO {
                break;
            }
            parts[i] -= Decimal::ONE;
            missing += Decimal::ONE;
        }
    }
    parts
}

/// Decimal places of yen kept when deciding how to print an amount.
///
/// The same amount summed in two orders (by building for `explain` and costs by facility, by cost
/// class for the projection) can differ in its 28th significant digit, below 10⁻¹² yen, and a
/// rounding decision must not turn on that: amounts are settled to 10⁻⁹ yen first, so the same
/// amount always prints the same, whichever way it was summed.
const SETTLED_DP: u32 = 9;

fn settled(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(
        SETTLED_DP,
        rust_decimal::RoundingStrategy::MidpointNearestEven,
    )
}

/// Amounts by year and kind (exact) as printed: the plan's total rounded, the years apportioned
/// to it, each year's kinds apportioned to the year. Returns the printed years and their kinds.
pub fn years_and_kinds(exact: &[Vec<Decimal>]) -> (Vec<Decimal>, Vec<Vec<Decimal>>) {
    let exact_years: Vec<Decimal> = exact
        .iter()
        .map(|kinds| settled(kinds.iter().sum()))
        .collect();
    let total = Yen::new(exact_years.iter().sum()).round(ROUNDING);
    let years = apportion(&exact_years, total);
    let kinds = exact
        .iter()
        .zip(&years)
        .map(|(kinds, &year)| apportion(kinds, year))
        .collect();
    (years, kinds)
}

/// One year as printed.
#[derive(Clone, Debug)]
struct Year {
    total: Decimal,
    kinds: Vec<Decimal>,
    categories: Vec<Decimal>,
    /// By kind, then category.
    cells: Vec<Vec<Decimal>>,
}

/// A projection's amounts as printed (see the module's documentation).
#[derive(Clone, Debug)]
pub struct Printed {
    total: Decimal,
    years: Vec<Year>,
}

impl Printed {
    /// The printed amounts of a projection.
    pub fn of(p: &Projection) -> Printed {
        let exact: Vec<Vec<Decimal>> = (0..p.years())
            .map(|i| {
                ALL_KINDS
                    .iter()
                    .map(|&k| p.kind_total(i, k).get())
                    .collect()
            })
            .collect();
        let (printed_years, printed_kinds) = years_and_kinds(&exact);
        let total = printed_years.iter().sum();
        let years = printed_years
            .into_iter()
            .zip(printed_kinds)
            .enumerate()
            .map(|(i, (total, kinds))| {
                let cells: Vec<Vec<Decimal>> = ALL_KINDS
                    .iter()
                    .zip(&kinds)
                    .map(|(&k, &printed)| {
                        let row: Vec<Decimal> = ALL_CATEGORIES
                            .iter()
                            .map(|&c| p.amount(i, k, c).get())
                            .collect();
                        apportion(&row, printed)
                    })
                    .collect();
                let categories = (0..ALL_CATEGORIES.len())
                    .map(|c| cells.iter().map(|row| row[c]).sum())
                    .collect();
                Year {
                    total,
                    kinds,
                    categories,
                    cells,
                }
            })
            .collect();
        Printed { total, years }
    }

    /// Year `i`'s total.
    pub fn year_total(&self, i: usize) -> Yen {
        Yen::new(self.years[i].total)
    }

    /// Year `i`'s kinds, in [`ALL_KINDS`] order.
    pub fn kinds(&self, i: usize) -> Vec<Yen> {
        self.years[i].kinds.iter().map(|&k| Yen::new(k)).collect()
    }

    /// A kind in year `i`.
    pub fn kind(&self, i: usize, k: Kind) -> Yen {
        Yen::new(self.years[i].kinds[k.index()])
    }

    /// A category in year `i`.
    pub fn category(&self, i: usize, c: Category) -> Yen {
        Yen::new(self.years[i].categories[c.index()])
    }

    /// One kind of one category in year `i`.
    pub fn cell(&self, i: usize, k: Kind, c: Category) -> Yen {
        Yen::new(self.years[i].cells[k.index()][c.index()])
    }

    /// The plan's total (the printed years add up to it).
    pub fn total(&self) -> Yen {
        Yen::new(self.total)
    }

    /// A kind over the plan: the sum of its printed years.
    pub fn kind_sum(&self, k: Kind) -> Yen {
        Yen::new(self.years.iter().map(|y| y.kinds[k.index()]).sum())
    }

    /// A category over the plan: the sum of its printed years.
    pub fn category_sum(&self, c: Category) -> Yen {
        Yen::new(self.years.iter().map(|y| y.categories[c.index()]).sum())
    }
}

/// The printed amounts of an explanation's contributors, by kind: within each kind, the
/// contributors are apportioned to `kinds`, the year's kinds as its projection prints them
/// ([`Printed::kind`], in [`ALL_KINDS`] order); a contributor's total is the sum of its kinds.
pub fn contributors(e: &Explanation, kinds: &[Yen]) -> Vec<Vec<Decimal>> {
    let mut out = vec![vec![Decimal::ZERO; ALL_KINDS.len()]; e.contributors.len()];
    for k in ALL_KINDS {
        let column: Vec<Decimal> = e.contributors.iter().map(|c| c.kinds[k.index()]).collect();
        for (c, v) in apportion(&column, kinds[k.index()].get())
            .into_iter()
            .enumerate()
        {
            out[c][k.index()] = v;
        }
    }
    out
}

/// A comparison with the amounts of A and B as printed, so that each difference is the difference
/// of the printed amounts.
pub fn comparison(c: &Comparison, a: &Printed, b: &Printed) -> Comparison {
    Comparison {
        a: c.a.clone(),
        b: c.b.clone(),
        years: c
            .years
            .iter()
            .enumerate()
            .map(|(i, l)| Line {
                key: l.key,
                a: a.year_total(i),
                b: b.year_total(i),
            })
            .collect(),
        categories: c
            .categories
            .iter()
            .map(|l| Line {
                key: l.key,
                a: a.category_sum(l.key),
                b: b.category_sum(l.key),
            })
            .collect(),
        kinds: c
            .kinds
            .iter()
            .map(|l| Line {
                key: l.key,
                a: a.kind_sum(l.key),
                b: b.kind_sum(l.key),
            })
            .collect(),
        total: Line {
            key: (),
            a: a.total(),
            b: b.total(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn parts_add_up_and_stay_within_a_yen() {
        // 10 / 3 three times: exact 3.333…, total 10. Floors 3 + 3 + 3 = 9; the missing yen goes
        // to the first of the equal fractions: 4, 3, 3.
        let third = Decimal::from(10) / Decimal::from(3);
        assert_eq!(
            apportion(&[third, third, third], d("10")),
            [d("4"), d("3"), d("3")]
        );
        // 1.6 + 2.7 + 3.2 = 7.5, printed 8 (half to even): floors 1 + 2 + 3 = 6, two yen to the
        // largest fractions, 2.7 (0.7) and 1.6 (0.6): 2, 3, 3.
        let exact = [d("1.6"), d("2.7"), d("3.2")];
        assert_eq!(apportion(&exact, d("8")), [d("2"), d("3"), d("3")]);
        // Whole amounts are left alone.
        assert_eq!(
            apportion(&[d("5"), d("0"), d("7")], d("12")),
            [d("5"), d("0"), d("7")]
        );
        // Independent rounding would print 0 + 0 + 0 for a total of 1 (0.4 × 3 = 1.2).
        assert_eq!(
            apportion(&[d("0.4"), d("0.4"), d("0.4")], d("1")),
            [d("1"), d("0"), d("0")]
        );
    }
}
