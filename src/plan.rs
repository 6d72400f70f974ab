//! The plan: which fiscal years are projected and the annual cap they are judged against.

use crate::money::Yen;
use crate::units::{FiscalYear, MAX_YEAR};

/// The longest horizon accepted, in years.
pub const MAX_YEARS: u32 = 200;

/// The fiscal years of a projection: `first ..= first + years − 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Horizon {
    first: FiscalYear,
    years: u32,
}

impl Horizon {
    /// A horizon of `years` years from `first`, if it is 1–200 years long and ends by
    /// [`MAX_YEAR`].
    pub fn new(first: FiscalYear, years: u32) -> Option<Horizon> {
        let ok = (1..=MAX_YEARS).contains(&years) && first.get() + years as i32 - 1 <= MAX_YEAR;
        ok.then_some(Horizon { first, years })
    }

    /// The first fiscal year.
    pub fn first(self) -> FiscalYear {
        self.first
    }

    /// The last fiscal year.
    pub fn last(self) -> FiscalYear {
        self.first.offset(self.years as i32 - 1)
    }

    /// The number of years.
    pub fn years(self) -> u32 {
        self.years
    }

    /// The position of a fiscal year in the horizon, if inside.
    pub fn index(self, year: i32) -> Option<usize> {
        let i = year - self.first.get();
        (i >= 0 && (i as u32) < self.years).then_some(i as usize)
    }

    /// Whether a fiscal year lies inside.
    pub fn contains(self, year: i32) -> bool {
        self.index(year).is_some()
    }

    /// Every fiscal year, in order.
    pub fn iter(self) -> impl Iterator<Item = FiscalYear> {
        (0..self.years as i32).map(move |i| self.first.offset(i))
    }
}

/// A management plan: the horizon and the annual cap on maintenance plus renewal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The fiscal years judged.
    pub horizon: Horizon,
    /// The annual cap, if the plan sets one: every year's total must be at or under it.
    pub cap: Option<Yen>,
}
