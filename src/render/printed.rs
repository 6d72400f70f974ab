//! Amounts as printed: whole yen that add up, every way they are added.
//!
//! The projection is exact; what is printed is whole yen. Rounding every amount on its own would
//! let the parts of a year miss its total by a few yen, which is the first thing anyone checking a
//! table in a spreadsheet sees. So rounding is done top down (端数調整):
//!
//! - the plan's total is its exact total rounded half to even;
//! - the years are apportioned to it by largest remainder: every year is its exact total rounded
//!   down or up (within one yen of it), and the years add up to the plan's total;
//! - each year's table of kinds × categories is rounded as a whole (controlled rounding): every
//!   cell, every kind and every category of the year is its exact amount rounded down or up, the
//!   cells of a kind add up to the kind, those of a category to the category, and all of them to
//!   the year. Of all such roundings the one nearest the exact amounts is printed (the most
//!   fraction rounded up, ties to the earlier kind and category): a minimum-cost flow through the
//!   table, which always has a solution;
//! - every finer amount (a facility's amount of a kind in a category, an `explain` contributor's)
//!   is apportioned to its cell (largest remainder), so a pivot of the costs by facility, by kind
//!   or by category, gives the CSV's cells and the JSON's kinds and categories;
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
/// `exact`, as a rounded sum is; any other total is still met, the difference spread over the
/// parts. The parts are amounts summed another way than `total` (by facility, by contributor), so
/// they are settled first (see `SETTLED_DP`).
pub fn apportion(exact: &[Decimal], total: Decimal) -> Vec<Decimal> {
    let exact: Vec<Decimal> = exact.iter().map(|&x| settled(x)).collect();
    apportion_exact(&exact, total)
}

/// [`apportion`] of a column of `n` amounts of which only some are given (`given`, in column
/// order; the others are zero), when the parts of those given do not depend on where the zeros
/// are: `None` otherwise (the caller then apportions the whole column).
///
/// A zero's part is zero with nothing left over, so the zeros come after every amount with a
/// fraction of a yen in [`apportion`]'s order (largest fraction first, ties in column order). When
/// the yen missing from the parts' floors are at least none and at most the amounts with a
/// fraction, they go to those amounts only, the largest fractions first, exactly as the whole
/// column would give them.
pub fn apportion_given(given: &[Decimal], total: Decimal, n: usize) -> Option<Vec<Decimal>> {
    let exact: Vec<Decimal> = given.iter().map(|&x| settled(x)).collect();
    let mut parts: Vec<Decimal> = exact.iter().map(|x| x.floor()).collect();
    let mut missing = total - parts.iter().sum::<Decimal>();
    let mut order: Vec<usize> = (0..exact.len()).filter(|&i| exact[i] > parts[i]).collect();
    if missing < Decimal::ZERO
        || missing >= Decimal::from(n.max(1) as u64)
        || missing > Decimal::from(order.len() as u64)
    {
        return None;
    }
    order.sort_by(|&a, &b| (exact[b] - parts[b]).cmp(&(exact[a] - parts[a])));
    for &i in &order {
        if missing <= Decimal::ZERO {
            break;
        }
        parts[i] += Decimal::ONE;
        missing -= Decimal::ONE;
    }
    Some(parts)
}

/// [`apportion`] of amounts taken as they are.
fn apportion_exact(exact: &[Decimal], total: Decimal) -> Vec<Decimal> {
    let mut parts: Vec<Decimal> = exact.iter().map(|x| x.floor()).collect();
    let mut missing = total - parts.iter().sum::<Decimal>();
    // A total far from the parts' (never, for a rounded sum) is spread evenly first, so that the
    // yen left are fewer than the parts.
    let n = Decimal::from(exact.len().max(1) as u64);
    if missing.abs() >= n {
        let each = (missing / n).trunc();
        for p in &mut parts {
            *p += each;
        }
        missing -= each * n;
    }
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

/// The printed years of a plan, from each year's exact total: the plan's total rounded half to
/// even, the years apportioned to it.
fn years(exact_years: &[Decimal]) -> Vec<Decimal> {
    let settled: Vec<Decimal> = exact_years.iter().map(|&x| settled(x)).collect();
    let total = Yen::new(settled.iter().sum()).round(ROUNDING);
    apportion_exact(&settled, total)
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
    /// The printed amounts of a projection: each from the projection's exact amounts (every
    /// printed amount within one yen of its exact one).
    pub fn of(p: &Projection) -> Printed {
        let exact: Vec<Vec<Vec<Decimal>>> = (0..p.years())
            .map(|i| {
                ALL_KINDS
                    .iter()
                    .map(|&k| {
                        ALL_CATEGORIES
                            .iter()
                            .map(|&c| p.amount(i, k, c).get())
                            .collect()
                    })
                    .collect()
            })
            .collect();
        // Parts of the projection's total, so the sums fit.
        let exact_years: Vec<Decimal> = exact
            .iter()
            .map(|year| year.iter().flatten().sum())
            .collect();
        let printed_years = years(&exact_years);
        let total = printed_years.iter().sum();
        let years = exact
            .iter()
            .zip(printed_years)
            .map(|(table, total)| {
                let cells = controlled(table, total).unwrap_or_else(|| by_kind(table, total));
                let kinds = cells.iter().map(|row| row.iter().sum()).collect();
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

    /// Year `i`'s cells as printed, by kind then category.
    pub fn cells(&self, i: usize) -> &[Vec<Decimal>] {
        &self.years[i].cells
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

/// The printed amounts of an explanation's contributors, by kind: the contributors of each cell
/// (a kind in their category) are apportioned to it, `cells` being the year's cells as its
/// projection prints them ([`Printed::cells`]); a contributor's total is the sum of its kinds. So
/// the contributors add up, by kind and by category, to the year as printed.
pub fn contributors(e: &Explanation, cells: &[Vec<Decimal>]) -> Vec<Vec<Decimal>> {
    let mut out = vec![vec![Decimal::ZERO; ALL_KINDS.len()]; e.contributors.len()];
    for k in ALL_KINDS {
        for c in ALL_CATEGORIES {
            let members: Vec<usize> = (0..e.contributors.len())
                .filter(|&j| e.contributors[j].category == c)
                .collect();
            if members.is_empty() {
                continue;
            }
            let column: Vec<Decimal> = members
                .iter()
                .map(|&j| e.contributors[j].kinds[k.index()])
                .collect();
            let parts = apportion(&column, cells[k.index()][c.index()]);
            for (&j, v) in members.iter().zip(parts) {
                out[j][k.index()] = v;
            }
        }
    }
    out
}

/// The year's table rounded kind by kind, when the controlled rounding cannot be had (it always
/// can; this keeps printing whole yen that add up to the year if ever it could not): the kinds
/// apportioned to the year, each kind's categories to the kind.
fn by_kind(table: &[Vec<Decimal>], total: Decimal) -> Vec<Vec<Decimal>> {
    let kinds: Vec<Decimal> = table.iter().map(|row| row.iter().sum()).collect();
    apportion(&kinds, total)
        .into_iter()
        .zip(table)
        .map(|(k, row)| apportion(row, k))
        .collect()
}

/// The controlled rounding of one year's table (`table[kind][category]`, exact amounts) to the
/// printed year `total`: every cell, row sum and column sum its exact value rounded down or up,
/// the cells adding up to `total`; of those, the one that rounds up the most fraction (the nearest
/// to the exact amounts), ties to earlier cells. `None` if there is none (there always is when
/// `total` is the exact total rounded down or up).
///
/// Each cell is its floor plus 0 or 1. Which cells get the 1 is a flow: from the source through a
/// row (between its fractions' sum rounded down and up), a cell (at most one, if it has a
/// fraction, at the cost of minus its fraction) and a column (likewise bounded) to the sink,
/// exactly `total` minus the floors in all. The fractional table itself is such a flow with
/// fractional values, so an integral one exists with any whole amount between the floor and the
/// ceiling of its value; a minimum-cost one is found by successive shortest paths.
fn controlled(table: &[Vec<Decimal>], total: Decimal) -> Option<Vec<Vec<Decimal>>> {
    let rows = table.len();
    let cols = table.first().map_or(0, Vec::len);
    // Amounts are settled (see `SETTLED_DP`): an amount of thirds summed to 28 digits is an
    // integer, its thirds settled are not quite, and a rounding decision must not turn on that.
    let cells: Vec<Vec<Decimal>> = table
        .iter()
        .map(|row| row.iter().map(|&x| settled(x)).collect())
        .collect();
    let floors: Vec<Vec<Decimal>> = cells
        .iter()
        .map(|row| row.iter().map(|x| x.floor()).collect())
        .collect();
    let frac = |k: usize, c: usize| cells[k][c] - floors[k][c];
    // A row (or column) rounds its exact total (settled) down or up: so many of its cells, beyond
    // their floors, round up. Were that ever not to be had (the settled cells' fractions add up to
    // a hair's breadth from their total's), the bounds of the fractions' own sum are allowed too.
    let count = |x: Decimal| i64::try_from(x).ok();
    let bounds = |exact: Decimal, floors: Decimal, fractions: Decimal, relaxed: bool| {
        let target = settled(exact) - floors;
        let (mut lo, mut hi) = (target.floor(), target.ceil());
        if relaxed {
            lo = lo.min(fractions.floor());
            hi = hi.max(fractions.ceil());
        }
        Some((count(lo)?, count(hi)?))
    };
    let base: Decimal = floors.iter().flatten().sum();
    let ups = count(total - base)?;
    for relaxed in [false, true] {
        if let Some(out) = round_up(rows, cols, ups, &floors, &frac, &|k_or_c, is_row| {
            let (exact, floor, fractions): (Decimal, Decimal, Decimal) = if is_row {
                (
                    table[k_or_c].iter().sum(),
                    floors[k_or_c].iter().sum(),
                    (0..cols).map(|c| frac(k_or_c, c)).sum(),
                )
            } else {
                (
                    table.iter().map(|r| r[k_or_c]).sum(),
                    floors.iter().map(|r| r[k_or_c]).sum(),
                    (0..rows).map(|k| frac(k, k_or_c)).sum(),
                )
            };
            bounds(exact, floor, fractions, relaxed)
        }) {
            return Some(out);
        }
    }
    None
}

/// The cells (floors plus one where the flow rounds up) of a controlled rounding with `ups` cells
/// rounded up in all and each row's and column's count of them within `bounds(index, is_row)`.
#[allow(clippy::type_complexity)]
fn round_up(
    rows: usize,
    cols: usize,
    ups: i64,
    floors: &[Vec<Decimal>],
    frac: &dyn Fn(usize, usize) -> Decimal,
    bounds: &dyn Fn(usize, bool) -> Option<(i64, i64)>,
) -> Option<Vec<Vec<Decimal>>> {
    // Nodes: 0 source, 1..=rows rows, then columns, then the sink.
    let (source, sink) = (0, rows + cols + 1);
    let mut g = Flow::new(rows + cols + 2);
    for k in 0..rows {
        let (lo, hi) = bounds(k, true)?;
        g.bounded(source, 1 + k, lo, hi, 0);
    }
    for c in 0..cols {
        let (lo, hi) = bounds(c, false)?;
        g.bounded(1 + rows + c, sink, lo, hi, 0);
    }
    // The preference for rounding a cell up: its fraction, in 10^-9 yen.
    let weight = |f: Decimal| -> i64 {
        i64::try_from((f * Decimal::from(1_000_000_000)).round()).unwrap_or(0)
    };
    let mut cell_edges = Vec::new();
    for k in 0..rows {
        for c in 0..cols {
            let f = frac(k, c);
            if f > Decimal::ZERO {
                let f = weight(f);
                // Prefer larger fractions; among equal ones, earlier cells (the tie-breaker is
                // below the smallest difference of fractions, 1 in 2^20 of 10^-9 yen).
                let order = (rows * cols - (k * cols + c)) as i64;
                let cost = -(f * (1 << 20) + order);
                cell_edges.push((k, c, g.edge(1 + k, 1 + rows + c, 1, cost)));
            }
        }
    }
    g.bounded(sink, source, ups, ups, 0);
    if !g.feasible_min_cost() {
        return None;
    }
    let mut out = floors.to_vec();
    for (k, c, e) in cell_edges {
        if g.flow(e) > 0 {
            out[k][c] += Decimal::ONE;
        }
    }
    Some(out)
}

/// A small min-cost flow network with lower bounds on edges, solved as a circulation.
struct Flow {
    /// `(to, capacity left, cost)`; edges come in pairs, an edge and its reverse.
    edges: Vec<(usize, i64, i64)>,
    /// Edge indices leaving each node.
    out: Vec<Vec<usize>>,
    /// Flow each node must pass on because of lower bounds (in minus out).
    excess: Vec<i64>,
    /// Lower bound of each edge (added back to its flow).
    lower: Vec<i64>,
    /// The capacity each edge was given (over its lower bound).
    given: Vec<i64>,
}

impl Flow {
    fn new(nodes: usize) -> Flow {
        Flow {
            edges: Vec::new(),
            out: vec![Vec::new(); nodes + 2],
            excess: vec![0; nodes + 2],
            lower: Vec::new(),
            given: Vec::new(),
        }
    }

    /// An edge with flow in `0..=cap` and a cost per unit; returns its index.
    fn edge(&mut self, from: usize, to: usize, cap: i64, cost: i64) -> usize {
        let i = self.edges.len();
        self.edges.push((to, cap, cost));
        self.edges.push((from, 0, -cost));
        self.out[from].push(i);
        self.out[to].push(i + 1);
        self.lower.push(0);
        self.given.push(cap);
        i
    }

    /// An edge with flow in `lo..=hi` (the lower bound moved into the nodes' excess).
    fn bounded(&mut self, from: usize, to: usize, lo: i64, hi: i64, cost: i64) -> usize {
        let e = self.edge(from, to, (hi - lo).max(0), cost);
        self.lower[e / 2] = lo;
        self.excess[to] += lo;
        self.excess[from] -= lo;
        e
    }

    /// The flow through edge `e`.
    fn flow(&self, e: usize) -> i64 {
        self.lower[e / 2] + self.given[e / 2] - self.edges[e].1
    }

    /// Finds a circulation that meets every bound, of least cost: a super source feeds the nodes
    /// with excess and a super sink drains those short of it; shortest augmenting paths
    /// (Bellman-Ford, which takes the negative costs) until the super source is empty. Whether
    /// every bound could be met.
    fn feasible_min_cost(&mut self) -> bool {
        let n = self.out.len();
        let (ss, tt) = (n - 2, n - 1);
        let mut need = 0;
        for v in 0..n - 2 {
            let x = self.excess[v];
            if x > 0 {
                self.edge(ss, v, x, 0);
                need += x;
            } else if x < 0 {
                self.edge(v, tt, -x, 0);
            }
        }
        let mut sent = 0;
        while sent < need {
            // Shortest path from ss by cost (Bellman-Ford on the residual graph).
            let mut dist = vec![i64::MAX; n];
            let mut via = vec![usize::MAX; n];
            dist[ss] = 0;
            for _ in 0..n {
                let mut changed = false;
                for v in 0..n {
                    if dist[v] == i64::MAX {
                        continue;
                    }
                    for &e in &self.out[v] {
                        let (to, cap, cost) = self.edges[e];
                        if cap > 0 && dist[v] + cost < dist[to] {
                            dist[to] = dist[v] + cost;
                            via[to] = e;
                            changed = true;
                        }
                    }
                }
                if !changed {
                    break;
                }
            }
            if dist[tt] == i64::MAX {
                return false;
            }
            let mut push = need - sent;
            let mut v = tt;
            while v != ss {
                let e = via[v];
                push = push.min(self.edges[e].1);
                v = self.edges[e ^ 1].0;
            }
            let mut v = tt;
            while v != ss {
                let e = via[v];
                self.edges[e].1 -= push;
                self.edges[e ^ 1].1 += push;
                v = self.edges[e ^ 1].0;
            }
            sent += push;
        }
        true
    }
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
    fn given_amounts_get_the_parts_of_the_whole_column() {
        // Three amounts among five rows (two zero): 1.6 + 2.7 + 0.2 = 4.5, printed as 5. Floors
        // 1 + 2 + 0 = 3, so 2 yen are missing; they go to the largest fractions, 0.7 then 0.6:
        // parts 2, 3, 0, the whole column's parts of the same rows.
        let given = [d("1.6"), d("2.7"), d("0.2")];
        assert_eq!(
            apportion_given(&given, d("5"), 5),
            Some(vec![d("2"), d("3"), d("0")])
        );
        let column = [d("1.6"), d("0"), d("2.7"), d("0"), d("0.2")];
        assert_eq!(
            apportion(&column, d("5")),
            vec![d("2"), d("0"), d("3"), d("0"), d("0")]
        );
        // 4 yen missing with only three fractions: where the zeros are matters, so no answer.
        assert_eq!(apportion_given(&given, d("7"), 5), None);
        // A total below the floors (a yen to take back): no answer either.
        assert_eq!(apportion_given(&given, d("2"), 5), None);
    }

    #[test]
    fn given_amounts_agree_with_the_whole_column_when_they_answer() {
        // Random columns (amounts in thirds and tenths of a yen, some negative, many zeros), totals
        // near their sum: wherever `apportion_given` answers, its parts are the whole column's.
        let mut rng = crate::rng::SplitMix64::new(15);
        let mut answered = 0;
        for _ in 0..2000 {
            let n = 1 + rng.below(12) as usize;
            let column: Vec<Decimal> = (0..n)
                .map(|_| match rng.below(4) {
                    0 => Decimal::ZERO,
                    1 => Decimal::from(rng.below(1000)) / Decimal::from(3),
                    2 => Decimal::new(rng.below(10_000) as i64 - 2_000, 1),
                    _ => Decimal::from(rng.below(500)),
                })
                .collect();
            let sum: Decimal = column.iter().sum();
            let total = sum.round() + Decimal::from(rng.below(5) as i64 - 2);
            let whole = apportion(&column, total);
            let at: Vec<usize> = (0..n).filter(|&i| !column[i].is_zero()).collect();
            let given: Vec<Decimal> = at.iter().map(|&i| column[i]).collect();
            if let Some(parts) = apportion_given(&given, total, n) {
                answered += 1;
                let expected: Vec<Decimal> = at.iter().map(|&i| whole[i]).collect();
                assert_eq!(parts, expected, "{column:?} to {total}");
            }
        }
        assert!(answered > 500, "{answered} answered");
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

#[cfg(test)]
mod controlled_tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// Checks a controlled rounding: every cell, row and column within one yen of its exact amount
    /// (its floor or its ceiling) and the cells adding up to `total`.
    fn check(table: &[Vec<Decimal>], total: Decimal) -> Vec<Vec<Decimal>> {
        let out = controlled(table, total).expect("a controlled rounding exists");
        let near = |p: Decimal, x: Decimal| p == x.floor() || p == x.ceil();
        for (k, row) in table.iter().enumerate() {
            for (c, x) in row.iter().enumerate() {
                assert!(near(out[k][c], *x), "cell {k},{c}: {} for {x}", out[k][c]);
            }
            let (p, x): (Decimal, Decimal) = (out[k].iter().sum(), row.iter().sum());
            assert!(near(p, x), "row {k}: {p} for {x}");
        }
        for c in 0..table[0].len() {
            let p: Decimal = out.iter().map(|r| r[c]).sum();
            let x: Decimal = table.iter().map(|r| r[c]).sum();
            assert!(near(p, x), "column {c}: {p} for {x}");
        }
        assert_eq!(out.iter().flatten().sum::<Decimal>(), total);
        out
    }

    #[test]
    fn both_margins_add_up() {
        // Rows 0 and 1 each have their only fraction in column 0, whose fractions sum to 1: only
        // one of them may round up; row 2's fraction is in column 1. Total 1.5 → 2 (half to even):
        // rows 0 and 2 (ties to the earlier), not rows 0 and 1 (which largest remainder by kind
        // would give, overflowing column 0).
        let t = vec![
            vec![d("0.5"), d("0")],
            vec![d("0.5"), d("0")],
            vec![d("0"), d("0.5")],
        ];
        let out = check(&t, d("2"));
        assert_eq!(
            out,
            vec![
                vec![d("1"), d("0")],
                vec![d("0"), d("0")],
                vec![d("0"), d("1")]
            ]
        );
        // A row whose fractions add up to exactly one yen keeps its exact total.
        let third = Decimal::ONE / Decimal::from(3);
        let t = vec![
            vec![d("100") + third, d("200") + third, d("300") + third],
            vec![d("1.25"), d("2.5"), d("0.25")],
        ];
        // Exact total: 601 + 4 = 605.
        let out = check(&t, d("605"));
        assert_eq!(out[0].iter().sum::<Decimal>(), d("601"));
        assert_eq!(out[1].iter().sum::<Decimal>(), d("4"));
        // The nearest rounding: 0.9 and 0.8 go up, 0.1 and 0.2 down.
        let t = vec![vec![d("0.9"), d("0.1")], vec![d("0.2"), d("0.8")]];
        assert_eq!(
            check(&t, d("2")),
            vec![vec![d("1"), d("0")], vec![d("0"), d("1")]]
        );
    }
}
