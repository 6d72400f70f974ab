//! Comparing two projections: per year, per category and per kind, B minus A, exact.

use crate::category::{ALL_KINDS, Category, Kind};
use crate::error::{Error, Result};
use crate::money::Yen;
use crate::projection::Projection;

/// One line of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line<K> {
    /// What the line is (a year, a category, a kind).
    pub key: K,
    /// A's amount.
    pub a: Yen,
    /// B's amount.
    pub b: Yen,
}

impl<K> Line<K> {
    /// B − A.
    pub fn difference(&self) -> Yen {
        Yen::new(self.b.get() - self.a.get())
    }
}

/// The comparison of two projections over the same horizon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// A's name.
    pub a: String,
    /// B's name.
    pub b: String,
    /// Per fiscal year.
    pub years: Vec<Line<i32>>,
    /// Per category, over the horizon.
    pub categories: Vec<Line<Category>>,
    /// Per kind, over the horizon.
    pub kinds: Vec<Line<Kind>>,
    /// The totals.
    pub total: Line<()>,
}

/// Compares B with A.
///
/// # Errors
///
/// [`Error::DifferentYears`] when the two do not cover the same fiscal years.
pub fn compare(a: &Projection, b: &Projection) -> Result<Comparison> {
    if a.horizon() != b.horizon() {
        return Err(Error::DifferentYears {
            a: a.name().to_string(),
            a_first: a.horizon().first(),
            a_last: a.horizon().last(),
            b: b.name().to_string(),
            b_first: b.horizon().first(),
            b_last: b.horizon().last(),
        });
    }
    let first = a.horizon().first().get();
    let years = (0..a.years())
        .map(|i| Line {
            key: first + i as i32,
            a: a.year_total(i),
            b: b.year_total(i),
        })
        .collect();
    let mut cats: Vec<Category> = a.categories();
    for c in b.categories() {
        if !cats.contains(&c) {
            cats.push(c);
        }
    }
    cats.sort();
    let sum_cat = |p: &Projection, c: Category| -> Yen {
        (0..p.years()).map(|i| p.category_total(i, c)).sum()
    };
    let categories = cats
        .into_iter()
        .map(|c| Line {
            key: c,
            a: sum_cat(a, c),
            b: sum_cat(b, c),
        })
        .collect();
    let kinds = ALL_KINDS
        .iter()
        .map(|&k| Line {
            key: k,
            a: a.kind_sum(k),
            b: b.kind_sum(k),
        })
        .collect();
    Ok(Comparison {
        a: a.name().to_string(),
        b: b.name().to_string(),
        years,
        categories,
        kinds,
        total: Line {
            key: (),
            a: a.total(),
            b: b.total(),
        },
    })
}
